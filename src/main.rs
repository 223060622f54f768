//! The `glance-workbench` binary: with no command it opens the window (feature `gui`), with a
//! command it runs the CLI. Both drive the same library.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use glance_workbench::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { cli::EXIT_USAGE as u8 } else { 0 });
        }
    };
    if cli.command.is_none() {
        return match open_window(cli) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err:#}");
                ExitCode::from(cli::EXIT_INTERNAL as u8)
            }
        };
    }
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(cli::exit_code(&err) as u8)
        }
    }
}

/// Until the window lands, no command prints the help.
fn open_window(_cli: Cli) -> anyhow::Result<()> {
    Cli::command().print_help()?;
    Ok(())
}
