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
        None => crate::backend::default_data_dir().ok_or_else(|| {
            Error::Internal(
                "no home folder to put the data dir in: pass --data-dir or set GLANCE_WORKBENCH_DATA_DIR"
                    .into(),
            )
        }),
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
        return Err(Error::invalid("glance-workbench", "no command given"));
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
        eprintln!("note: {upgrade}");
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
        eprintln!(
            "warning: no space left on the disk of {}: the catalog is open for reading only",
            dir.display()
        );
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
        eprintln!("note: image {id}: an interrupted upload was found; the image is back in queued");
    }
    for (id, cloud) in &report.interrupted_downloads {
        eprintln!(
            "note: image {id}: an interrupted download from cloud {} was found; the image is \
             back in queued (pull it again to resume)",
            crate::display::escape(cloud)
        );
    }
    for id in &report.missing_blobs {
        eprintln!("warning: image {id}: its data file is missing from the store");
    }
    if report.removed_part_files + report.removed_orphan_blobs > 0 {
        eprintln!(
            "note: removed {} abandoned upload file(s) and {} data file(s) of deleted images",
            report.removed_part_files, report.removed_orphan_blobs
        );
    }
    for path in &report.removed_temp_files {
        eprintln!(
            "note: removed a temporary output a stopped run left behind: {}",
            path.display()
        );
    }
    if !report.quarantined_blobs.is_empty() {
        eprintln!(
            "warning: {} image file(s) no image refers to were kept in {}; see them with \
             `glance-workbench image recover` and register one with `glance-workbench image \
             recover ID`",
            report.quarantined_blobs.len(),
            catalog.blob_store().lost_found_dir().display()
        );
    }
}
