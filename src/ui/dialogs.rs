//! Native file dialogs without blocking the UI: `rfd::AsyncFileDialog` runs on a helper
//! thread and its answer is polled each frame. Without xdg-desktop-portal the dialog silently
//! answers nothing, which is why every form that uses it also takes a typed path.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::pin;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

use eframe::egui;

/// A dialog that is open (or was asked for); poll it each frame.
#[derive(Debug)]
pub struct PendingDialog {
    answer: Receiver<Vec<PathBuf>>,
}

/// What polling a dialog found.
#[derive(Debug, PartialEq, Eq)]
pub enum DialogPoll {
    /// Still open.
    Open,
    /// Closed with these paths (empty when cancelled or unavailable).
    Closed(Vec<PathBuf>),
}

impl PendingDialog {
    /// Look for the answer without waiting.
    pub fn poll(&self) -> DialogPoll {
        match self.answer.try_recv() {
            Ok(paths) => DialogPoll::Closed(paths),
            Err(TryRecvError::Empty) => DialogPoll::Open,
            Err(TryRecvError::Disconnected) => DialogPoll::Closed(Vec::new()),
        }
    }
}

/// Open a dialog to pick files to import.
pub fn pick_files(ctx: &egui::Context, dir: Option<&Path>) -> PendingDialog {
    let dir = dir.map(Path::to_path_buf);
    spawn(ctx, move || async move {
        let mut dialog = rfd::AsyncFileDialog::new().set_title("Import disk images");
        if let Some(dir) = dir {
            dialog = dialog.set_directory(dir);
        }
        dialog
            .pick_files()
            .await
            .map(|files| files.iter().map(|f| f.path().to_path_buf()).collect())
            .unwrap_or_default()
    })
}

/// Open a dialog to choose where to save an image's data.
pub fn save_file(ctx: &egui::Context, dir: Option<&Path>, file_name: &str) -> PendingDialog {
    let dir = dir.map(Path::to_path_buf);
    let file_name = file_name.to_string();
    spawn(ctx, move || async move {
        let mut dialog = rfd::AsyncFileDialog::new()
            .set_title("Save image data as")
            .set_file_name(file_name);
        if let Some(dir) = dir {
            dialog = dialog.set_directory(dir);
        }
        dialog
            .save_file()
            .await
            .map(|file| vec![file.path().to_path_buf()])
            .unwrap_or_default()
    })
}

/// Run the dialog made by `open` on a helper thread; the future never crosses threads.
fn spawn<F: Future<Output = Vec<PathBuf>>>(
    ctx: &egui::Context,
    open: impl FnOnce() -> F + Send + 'static,
) -> PendingDialog {
    let (tx, rx) = mpsc::channel();
    let ctx = ctx.clone();
    let spawned = thread::Builder::new()
        .name("file-dialog".into())
        .spawn(move || {
            let paths = block_on(open());
            let _ = tx.send(paths);
            ctx.request_repaint();
        });
    // If the thread cannot start, the sender is dropped and the dialog reads as closed.
    drop(spawned);
    PendingDialog { answer: rx }
}

struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Run a future to completion on the current (helper) thread.
fn block_on<F: Future>(future: F) -> F::Output {
    let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => return output,
            Poll::Pending => thread::park(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_on_runs_ready_futures() {
        assert_eq!(block_on(async { 41 + 1 }), 42);
    }
}
