//! "Open log folder": shows the log folder in the desktop's file manager with `xdg-open`,
//! run on a thread of its own so the window never waits for it; a failure comes back as a
//! notice.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use eframe::egui;

use crate::ui::jobs::Jobs;

/// The program that opens a folder in the user's file manager.
pub const DEFAULT_OPENER: &str = "xdg-open";

/// Opens the log folder and collects how that went.
#[derive(Debug)]
pub struct LogFolder {
    /// The folder; `None` when there is no home folder and no override.
    pub dir: Option<PathBuf>,
    /// The opener program (tests point it at one that fails).
    pub opener: String,
    tx: Sender<Result<String, String>>,
    rx: Receiver<Result<String, String>>,
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
            let _ = self.tx.send(Err(format!(
                "there is no log folder (no home folder): set {}",
                crate::logs::LOG_DIR_ENV
            )));
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
            let _ = self
                .tx
                .send(Err(format!("cannot open the log folder: {e}")));
        }
    }

    /// Turn finished attempts into the status line or an error notice.
    pub fn poll(&self, jobs: &mut Jobs) {
        while let Ok(outcome) = self.rx.try_recv() {
            match outcome {
                Ok(status) => jobs.status(status),
                Err(error) => jobs.error(error),
            }
        }
    }
}

/// Make the folder (a first run may not have logged yet) and wait for the opener; runs on the
/// helper thread.
fn open_folder(opener: &str, dir: &std::path::Path) -> Result<String, String> {
    let shown = dir.display();
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create the log folder {shown}: {e}"))?;
    tracing::info!(folder = %shown, opener, "opening the log folder");
    // stderr is not captured: a file manager started by the opener would inherit the pipe
    // and keep this thread waiting for as long as it stays open.
    let status = Command::new(opener)
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot open the log folder {shown} with {opener}: {e}"))?;
    if status.success() {
        Ok(format!("Opened the log folder {shown}"))
    } else {
        Err(format!(
            "cannot open the log folder {shown}: {opener} failed ({status})"
        ))
    }
}
