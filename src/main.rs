//! Start-up: parse the command line and run it.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    briefdesk::clock::process_start();
    let cli = match briefdesk::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if error.use_stderr() => {
            // A usage error is one line, as every other error is; --help has the rest.
            let rendered = error.render().to_string();
            let first = rendered
                .lines()
                .next()
                .unwrap_or("error: the command is not right");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            eprintln!("briefdesk: {first} (see 'briefdesk --help')");
            return ExitCode::from(briefdesk::cli::EXIT_USAGE);
        }
        Err(error) => {
            // Help and version go to standard output with status 0.
            let _ = error.print();
            return ExitCode::from(briefdesk::cli::EXIT_OK);
        }
    };
    let code = briefdesk::cli::run(cli, &mut std::io::stdout(), &mut std::io::stderr());
    ExitCode::from(code)
}
