//! Start-up: parse the command line and run it.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    briefdesk::clock::process_start();
    let cli = match briefdesk::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version to stdout with status 0, usage errors with 2.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                briefdesk::cli::EXIT_USAGE
            } else {
                briefdesk::cli::EXIT_OK
            });
        }
    };
    let code = briefdesk::cli::run(cli, &mut std::io::stdout(), &mut std::io::stderr());
    ExitCode::from(code)
}
