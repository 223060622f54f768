//! The `glance-workbench` binary: with no command it opens the window (feature `gui`), with a
//! command it runs the CLI. Both drive the same library.

use std::process::ExitCode;

use clap::Parser;
use glance_workbench::cli::{self, Cli};
use glance_workbench::display::escape;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                cli::EXIT_USAGE as u8
            } else {
                0
            });
        }
    };
    if cli.command.is_none() {
        return match open_window(cli) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {}", escape(&format!("{err:#}")));
                ExitCode::from(cli::EXIT_INTERNAL as u8)
            }
        };
    }
    restore_default_sigpipe();
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Messages quote names, which may hold control characters: show, don't obey.
            eprintln!("error: {}", escape(&err.to_string()));
            ExitCode::from(cli::exit_code(&err) as u8)
        }
    }
}

/// Let `glance-workbench image list | head` end quietly when the reader goes away, as
/// command-line tools do, instead of panicking on the broken pipe (Rust ignores SIGPIPE).
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called before any other thread exists in CLI mode; it only resets one signal's
    // disposition to the default.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// No command: open the workbench window on the data dir.
#[cfg(feature = "gui")]
fn open_window(cli: Cli) -> anyhow::Result<()> {
    glance_workbench::ui::run(&cli::data_dir(cli.data_dir)?)?;
    Ok(())
}

/// Built without the window (no `gui` feature): no command prints the help.
#[cfg(not(feature = "gui"))]
fn open_window(_cli: Cli) -> anyhow::Result<()> {
    <Cli as clap::CommandFactory>::command().print_help()?;
    Ok(())
}
