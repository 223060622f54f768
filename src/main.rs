//! The `glance-workbench` binary: with no command it opens the window (feature `gui`), with a
//! command it runs the CLI. Both drive the same library. Logging is set up here, and only
//! here: the library emits `tracing` events, this installs where they go.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use clap::{ArgMatches, FromArgMatches};
use glance_workbench::cli::{self, Cli};
use glance_workbench::display::escape;
use glance_workbench::i18n;
use glance_workbench::logs;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Daily log files kept; older ones are removed when a new day's file is opened.
const LOG_FILES_KEPT: usize = 14;

fn main() -> ExitCode {
    // The language first, so that help and clap's errors are in it too.
    let explicit = cli::lang_arg(std::env::args_os());
    let lang = match i18n::resolve(explicit.as_deref()) {
        Ok(lang) => lang,
        Err(err) => {
            // No language is chosen yet, so the line is given in every language the catalog
            // holds (English first): whoever typed it reads one of them.
            for lang in i18n::Lang::ALL {
                eprintln!("{}", unknown_lang_line(lang, &err));
            }
            return ExitCode::from(cli::EXIT_USAGE as u8);
        }
    };
    i18n::set_lang(lang);
    let parsed = cli::command()
        .try_get_matches()
        .and_then(|matches| Ok((Cli::from_arg_matches(&matches)?, matches)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(err) => {
            // Help in Chinese wrapped at CJK break points, clap's common errors in the current
            // language (English: clap's own text).
            if let Some(text) = cli::help::help_text(&err, cli::help::help_width()) {
                print_styled(&text, err.use_stderr());
            } else {
                match cli::help::error_text(&err) {
                    Some(text) => eprint!("{text}"),
                    None => {
                        let _ = err.print();
                    }
                }
            }
            return ExitCode::from(if err.use_stderr() {
                cli::EXIT_USAGE as u8
            } else {
                0
            });
        }
    };
    // Flushes the log file when main returns; it must outlive everything that logs.
    let _log_guard = init_logging(cli.verbose, cli.debug);
    if cli.command.is_none() {
        tracing::info!(version = env!("CARGO_PKG_VERSION"), "window opening");
        return match open_window(cli) {
            Ok(()) => {
                tracing::info!("window closed");
                ExitCode::SUCCESS
            }
            Err(err) => {
                tracing::error!(error = format!("{err:#}").as_str(), "window failed");
                eprintln!("error: {}", escape(&format!("{err:#}")));
                ExitCode::from(cli::EXIT_INTERNAL as u8)
            }
        };
    }
    restore_default_sigpipe();
    let command = command_name(&matches);
    let started = Instant::now();
    tracing::info!(
        command = command.as_str(),
        version = env!("CARGO_PKG_VERSION"),
        "command started"
    );
    let outcome = cli::run(cli);
    let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match outcome {
        Ok(()) => {
            tracing::info!(
                command = command.as_str(),
                outcome = "ok",
                exit_code = 0,
                elapsed_ms,
                "command finished"
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            let code = cli::exit_code(&err);
            let outcome = match code {
                cli::EXIT_CANCELLED => "cancelled",
                cli::EXIT_USER => "user error",
                cli::EXIT_SAME_DATA => "same data on the other side",
                _ => "internal error",
            };
            tracing::warn!(
                command = command.as_str(),
                outcome,
                exit_code = code,
                elapsed_ms,
                error = err.to_string().as_str(),
                "command finished"
            );
            // Messages quote names, which may hold control characters: show, don't obey.
            eprintln!("{}", cli::error_line(&err));
            ExitCode::from(code as u8)
        }
    }
}

/// "error: unknown language …" in `lang`, the value escaped (it is typed or set by anyone).
fn unknown_lang_line(lang: i18n::Lang, err: &i18n::UnknownLang) -> String {
    let mut args = i18n::FluentArgs::new();
    args.set("value", escape(&err.0).into_owned());
    let message = i18n::message_in(lang, "package-unknown-lang", Some(&args));
    let mut args = i18n::FluentArgs::new();
    args.set("message", message);
    i18n::message_in(lang, "cli-error-line", Some(&args))
}

/// Print text carrying clap's styles where clap would print it, the styles dropped where
/// clap would drop them (not a terminal, `NO_COLOR`, …).
fn print_styled(text: &str, stderr: bool) {
    use std::io::Write;
    let written = if stderr {
        anstream::stderr().write_all(text.as_bytes())
    } else {
        anstream::stdout().write_all(text.as_bytes())
    };
    drop(written);
}

/// The command as typed, subcommands only (`image list`, `remote image show`): arguments are
/// left out of the log on purpose.
fn command_name(matches: &ArgMatches) -> String {
    let mut names = Vec::new();
    let mut current = matches;
    while let Some((name, sub)) = current.subcommand() {
        names.push(name);
        current = sub;
    }
    names.join(" ")
}

/// Install logging for this run: a daily file in [`logs::log_dir`] (info for this program,
/// warn for its libraries; `RUST_LOG` overrides) and, with `-v`/`--debug`, the same lines on
/// stderr. When the folder cannot be made the run goes on without a file, after one warning.
fn init_logging(verbose: u8, debug: bool) -> Option<WorkerGuard> {
    let level = match (verbose, debug) {
        (0, false) => "info",
        (1, false) => "debug",
        _ => "trace",
    };
    let default_filter = format!("warn,glance_workbench={level}");
    let mut warnings = Vec::new();
    let filter = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => EnvFilter::try_new(&spec).unwrap_or_else(|e| {
            warnings.push(format!(
                "RUST_LOG is not a valid filter ({e}); using {default_filter}"
            ));
            EnvFilter::new(&default_filter)
        }),
        _ => EnvFilter::new(&default_filter),
    };
    let (file_layer, guard) = match open_log_file() {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let layer = tracing_subscriber::fmt::layer()
                .with_writer(writer)
                .with_ansi(false);
            (Some(layer), Some(guard))
        }
        Err(why) => {
            warnings.push(format!("{why}; running without a log file"));
            (None, None)
        }
    };
    let stderr_layer = (verbose > 0 || debug).then(|| {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::stderr().is_terminal())
    });
    let installed = tracing_subscriber::registry()
        .with(filter)
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
    for warning in warnings {
        eprintln!("warning: {}", escape(&warning));
    }
    installed.ok().and(guard)
}

/// Today's log file appender, after making its folder.
fn open_log_file() -> Result<RollingFileAppender, String> {
    let dir = logs::log_dir().ok_or_else(|| {
        format!(
            "no folder for the log (no home folder): set {}",
            logs::LOG_DIR_ENV
        )
    })?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("cannot create the log folder {}: {e}", dir.display()))?;
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(logs::LOG_FILE_PREFIX)
        .filename_suffix(logs::LOG_FILE_SUFFIX)
        .max_log_files(LOG_FILES_KEPT)
        .build(&dir)
        .map_err(|e| format!("cannot open a log file in {}: {e}", dir.display()))
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
    // `--lang` wins over the window's remembered choice; the variable and the system's locale
    // are weighed by the window itself.
    let explicit = cli::lang_arg(std::env::args_os()).and_then(|l| i18n::Lang::parse(&l));
    glance_workbench::ui::run(&cli::data_dir(cli.data_dir)?, explicit)?;
    Ok(())
}

/// Built without the window (no `gui` feature): no command prints the help.
#[cfg(not(feature = "gui"))]
fn open_window(_cli: Cli) -> anyhow::Result<()> {
    let help = cli::command().render_help().ansi().to_string();
    if i18n::current() == i18n::Lang::En {
        print_styled(&help, false);
    } else {
        print_styled(&cli::help::wrap_help(&help, cli::help::help_width()), false);
    }
    Ok(())
}
