//! Writes what a package installs beside the program, generated from the command line's own
//! definition so it can never disagree with `--help`: the man pages, one for the program and
//! one per command (clap_mangen), and the bash, zsh and fish completions (clap_complete).
//!
//! `cargo run --release --bin briefdesk-assets -- target/assets` (the default folder).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

fn main() -> ExitCode {
    let folder = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/assets"), PathBuf::from);
    match write(&folder) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "briefdesk-assets: could not write the assets: {error}: {}",
                folder.display()
            );
            ExitCode::from(2)
        }
    }
}

fn write(folder: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let mut command = briefdesk::cli::Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    std::fs::write(folder.join("briefdesk.1"), page)?;
    // A page for each command too (`man briefdesk-export`), as git and cargo do.
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("briefdesk-{}", sub.get_name());
        let mut page = Vec::new();
        let page_command = sub
            .clone()
            .display_name(name.clone())
            .bin_name(format!("briefdesk {}", sub.get_name()));
        clap_mangen::Man::new(page_command).render(&mut page)?;
        std::fs::write(folder.join(format!("{name}.1")), page)?;
    }
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut command, "briefdesk", folder)?;
    }
    Ok(())
}
