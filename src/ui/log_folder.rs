//! "Open log folder": shows the log folder in the desktop's file manager with `xdg-open`,
//! run on a thread of its own so the window never waits for it; a failure comes back as a
//! notice.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use eframe::egui;

use crate::tr;
use crate::ui::jobs::Jobs;

/// The program that opens a folder in the user's file manager.
pub const DEFAULT_OPENER: &str = "xdg-open";

/// How opening the folder went, told on the UI thread (in the window's language).
#[derive(Debug)]
enum Outcome {
    /// The file manager shows it.
    Opened(PathBuf),
    /// There is no folder to open.
    NoFolder,
    /// The helper thread could not start.
    CannotSpawn(String),
    /// The folder could not be made.
    CannotCreate(PathBuf, String),
    /// The opener could not be run.
    CannotRun(PathBuf, String, String),
    /// The opener ran and failed (its exit status).
    OpenerFailed(PathBuf, String, String),
}

impl Outcome {
    /// The status line (`Ok`) or the notice (`Err`) that tells it.
    fn told(self) -> Result<String, String> {
        match self {
            Outcome::Opened(dir) => Ok(tr!("window-log-opened", dir = dir)),
            Outcome::NoFolder => Err(tr!("window-log-no-folder", env = crate::logs::LOG_DIR_ENV)),
            Outcome::CannotSpawn(error) => Err(tr!("window-log-cannot-spawn", error = error)),
            Outcome::CannotCreate(dir, error) => {
                Err(tr!("window-log-cannot-create", dir = dir, error = error))
            }
            Outcome::CannotRun(dir, opener, error) => Err(tr!(
                "window-log-cannot-run",
                dir = dir,
                opener = opener,
                error = error
            )),
            Outcome::OpenerFailed(dir, opener, status) => Err(tr!(
                "window-log-opener-failed",
                dir = dir,
                opener = opener,
                status = status
            )),
        }
    }
}

/// Opens the log folder and collects how that went.
#[derive(Debug)]
pub struct LogFolder {
    /// The folder; `None` when there is no home folder and no override.
    pub dir: Option<PathBuf>,
    /// The opener program (tests point it at one that fails).
    pub opener: String,
    tx: Sender<Outcome>,
    rx: Receiver<Outcome>,
}

impl Default for LogFolder {
    fn default() -> Self {
        let (tx, rx) = mpsc::channel();
        LogFolder {
            dir: crate::logs::log_dir(),
            opener: DEFAULT_OPENER.to_owned(),
            tx,
            rx,
        }
    }
}

impl LogFolder {
    /// Start opening the folder; the outcome arrives through [`LogFolder::poll`].
    pub fn open(&self, ctx: &egui::Context) {
        let Some(dir) = self.dir.clone() else {
            let _ = self.tx.send(Outcome::NoFolder);
            return;
        };
        let (tx, opener, ctx) = (self.tx.clone(), self.opener.clone(), ctx.clone());
        let spawned = thread::Builder::new()
            .name("open-log-folder".into())
            .spawn(move || {
                let _ = tx.send(open_folder(&opener, &dir));
                ctx.request_repaint();
            });
        if let Err(e) = spawned {
            let _ = self.tx.send(Outcome::CannotSpawn(e.to_string()));
        }
    }

    /// Turn finished attempts into the status line or an error notice.
    pub fn poll(&self, jobs: &mut Jobs) {
        while let Ok(outcome) = self.rx.try_recv() {
            match outcome.told() {
                Ok(status) => jobs.status(status),
                Err(error) => jobs.error(error),
            }
        }
    }
}

/// Make the folder (a first run may not have logged yet) and wait for the opener; runs on the
/// helper thread.
fn open_folder(opener: &str, dir: &std::path::Path) -> Outcome {
    let shown = dir.display();
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Outcome::CannotCreate(dir.to_path_buf(), e.to_string());
    }
    tracing::info!(folder = %shown, opener, "opening the log folder");
    // stderr is not captured: a file manager started by the opener would inherit the pipe
    // and keep this thread waiting for as long as it stays open.
    let status = Command::new(opener)
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match status {
        Err(e) => Outcome::CannotRun(dir.to_path_buf(), opener.to_string(), e.to_string()),
        Ok(status) if status.success() => Outcome::Opened(dir.to_path_buf()),
        Ok(status) => {
            Outcome::OpenerFailed(dir.to_path_buf(), opener.to_string(), status.to_string())
        }
    }
}
