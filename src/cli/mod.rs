//! The command line, shaped like `openstack image …`: clap definitions, dispatch, and the
//! mapping of library errors to exit codes (1 user error, 2 usage, 3 internal, 4 same data
//! already on the other side, 130 cancelled).

mod args;
mod asker;
mod convert;
mod generate;
mod guest;
pub mod help;
mod image;
mod output;
mod progress;
mod remote;

use std::path::PathBuf;

use crate::backend::{Catalog, Error, ErrorKind};
use crate::tr;

pub use crate::i18n::errors::{error_line, error_message};
pub use args::{
    Cli, Command, ConfigCommand, Format, ImageCommand, OutputFormat, Quote, TaskCommand,
};
pub use asker::TerminalAsker;

/// Exit code for a user error (bad input, a Glance rule, not found).
pub const EXIT_USER: i32 = 1;
/// Exit code for a usage error (clap's own).
pub const EXIT_USAGE: i32 = 2;
/// Exit code for an internal failure (I/O, database).
pub const EXIT_INTERNAL: i32 = 3;
/// Exit code when the operation was cancelled (Ctrl-C).
pub const EXIT_CANCELLED: i32 = 130;
/// Exit code when `pull` or `push` copied nothing because the other side already holds the
/// same data (answer with `--link` or `--copy-anyway`).
pub const EXIT_SAME_DATA: i32 = 4;

/// The exit code for a library error.
pub fn exit_code(error: &Error) -> i32 {
    if matches!(error, Error::SameData { .. }) {
        return EXIT_SAME_DATA;
    }
    match error.kind() {
        ErrorKind::User => EXIT_USER,
        ErrorKind::Cancelled => EXIT_CANCELLED,
        ErrorKind::Internal => EXIT_INTERNAL,
    }
}

/// Where the data dir is: `--data-dir`, else `GLANCE_WORKBENCH_DATA_DIR` (clap reads it into
/// the same option), else the platform data dir.
pub fn data_dir(cli_value: Option<PathBuf>) -> Result<PathBuf, Error> {
    match cli_value {
        Some(dir) => Ok(dir),
        None => {
            crate::backend::default_data_dir().ok_or_else(|| Error::Internal(tr!("cli-no-home")))
        }
    }
}

/// The `--lang` value among the process's arguments, read before clap parses them so that
/// clap's help and errors are already in that language (`--lang X` or `--lang=X`; the last
/// wins, as clap's would).
pub fn lang_arg<I, S>(args: I) -> Option<String>
where
    I: IntoIterator<Item = S>,
    S: Into<std::ffi::OsString>,
{
    let mut found = None;
    let mut args = args.into_iter().map(Into::into);
    while let Some(arg) = args.next() {
        let arg = arg.to_string_lossy().into_owned();
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            found = args.next().map(|v| v.to_string_lossy().into_owned());
        } else if let Some(value) = arg.strip_prefix("--lang=") {
            found = Some(value.to_string());
        }
    }
    found
}

/// The clap command with its help in the current language (see `i18n`).
pub fn command() -> clap::Command {
    help::localize(<Cli as clap::CommandFactory>::command())
}

/// Run one CLI command to completion, printing its output to stdout.
pub fn run(cli: Cli) -> Result<(), Error> {
    let Some(command) = cli.command else {
        return Err(Error::invalid("glance-workbench", tr!("cli-no-command")));
    };
    // Completions and man pages need no data dir.
    if let Command::Generate(command) = command {
        return generate::run(command);
    }
    let dir = data_dir(cli.data_dir)?;
    // Upgrading a big registry rebuilds its indexes (seconds to a minute): say so first. A
    // registry that cannot be read is left for the open below to report.
    let registry_file = dir.join(crate::backend::catalog::REGISTRY_FILE);
    if let Ok(Some(upgrade)) = crate::store::registry::pending_upgrade(&registry_file)
        && upgrade.is_long()
    {
        eprintln!(
            "{}",
            tr!(
                "cli-note-upgrade",
                from = upgrade.from.to_string(),
                to = upgrade.to.to_string(),
                images = upgrade.images.to_string()
            )
        );
    }
    // `image recover` is the way out of a missing registry, so it opens what `open` refuses.
    let catalog = if matches!(command, Command::Image(ImageCommand::Recover { .. })) {
        Catalog::open_for_recovery(&dir)?
    } else {
        Catalog::open(&dir)?
    };
    report_reconcile(&catalog);
    // The output options are the output layer's, for every command of this run.
    let format = output::install(output::Style {
        format: cli.format,
        columns: cli.columns,
        prefix: cli.prefix,
        quote: cli.quote,
    });
    if catalog.read_only() {
        eprintln!("{}", tr!("cli-warning-read-only", path = dir.as_path()));
    }
    let result = match command {
        Command::Image(command) => image::run(&catalog, command, format),
        Command::Task(command) => image::run_task(&catalog, command, format),
        Command::Config(command) => image::run_config(catalog, command, format),
        Command::Cloud(command) => remote::run_cloud(&catalog, command, format),
        Command::Remote(command) => remote::run_remote(&catalog, command, format),
        Command::Push(args) => remote::run_push(&catalog, args, format),
        Command::Pull(args) => remote::run_pull(&catalog, args, format),
        Command::Copy(args) => remote::run_copy(&catalog, args, format),
        Command::Sync(args) => remote::run_sync(&catalog, args, format),
        Command::Cache(command) => remote::run_cache(&catalog, command, format),
        Command::Generate(command) => generate::run(command),
    };
    let result = result.map_err(|error| crate::backend::space::explain(&dir, error));
    // `-c` naming no column of what the command printed: cliff's error, after the command.
    match (result, output::take_problem()) {
        (Ok(()), Some(problem)) => Err(Error::invalid("-c/--column", problem)),
        (result, _) => result,
    }
}

/// Tell the user on stderr what opening the data dir repaired.
fn report_reconcile(catalog: &Catalog) {
    let report = catalog.reconcile_report();
    for id in &report.interrupted_uploads {
        eprintln!(
            "{}",
            tr!("cli-note-interrupted-upload", id = id.to_string())
        );
    }
    for (id, cloud) in &report.interrupted_downloads {
        eprintln!(
            "{}",
            tr!(
                "cli-note-interrupted-download",
                id = id.to_string(),
                cloud = crate::display::escape(cloud)
            )
        );
    }
    for id in &report.missing_blobs {
        eprintln!("{}", tr!("cli-warning-missing-blob", id = id.to_string()));
    }
    if report.removed_part_files + report.removed_orphan_blobs > 0 {
        eprintln!(
            "{}",
            tr!(
                "cli-note-removed-files",
                parts = report.removed_part_files.to_string(),
                blobs = report.removed_orphan_blobs.to_string()
            )
        );
    }
    for path in &report.removed_temp_files {
        eprintln!("{}", tr!("cli-note-removed-temp", path = path.as_path()));
    }
    if !report.quarantined_blobs.is_empty() {
        eprintln!(
            "{}",
            tr!(
                "cli-warning-quarantined",
                count = report.quarantined_blobs.len().to_string(),
                path = catalog.blob_store().lost_found_dir()
            )
        );
    }
}
