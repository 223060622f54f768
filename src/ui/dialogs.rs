//! What every dialog shares. Dialog windows ([`dialog_window`]): a stable id (egui's memory,
//! persisted with the app's storage, keeps where each was last put), kept inside the area
//! below the top bar and the filters ([`set_dialog_area`]), closed by Esc and confirmed by
//! Enter when they are the topmost dialog ([`dialog_keys`]). And native file dialogs without
//! blocking the UI: `rfd::AsyncFileDialog` runs on a helper thread and its answer is polled
//! each frame. Without xdg-desktop-portal the dialog silently answers nothing, which is why
//! every form that uses it also takes a typed path.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::pin;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

use eframe::egui;

use crate::tr;

/// Key of the dialog area in egui's temporary data.
const AREA_KEY: &str = "dialog-area";
/// Key of the open dialogs' stacking order in egui's temporary data.
const STACK_KEY: &str = "dialog-stack";

/// Where dialog windows may go from now on: the window's centre below the top bar and the
/// filter bar (the app sets it each frame).
pub fn set_dialog_area(ctx: &egui::Context, area: egui::Rect) {
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique(AREA_KEY), area));
}

/// Dialog windows go below what `ui` has drawn so far (the top bar, and the filter bar when
/// called after it), over the rest of the window.
pub fn set_dialog_area_below(ui: &egui::Ui) {
    let whole = ui.ctx().content_rect();
    let top = ui.cursor().top().clamp(whole.top(), whole.bottom());
    set_dialog_area(
        ui.ctx(),
        egui::Rect::from_min_max(egui::pos2(whole.left(), top), whole.max),
    );
}

/// The area dialog windows are kept in (the whole window until the app has set one).
pub fn dialog_area(ctx: &egui::Context) -> egui::Rect {
    let whole = ctx.content_rect();
    ctx.data(|d| d.get_temp::<egui::Rect>(egui::Id::unique(AREA_KEY)))
        .map(|area| area.intersect(whole))
        .filter(|area| area.height() > 80.0 && area.width() > 200.0)
        .unwrap_or(whole)
}

/// The stable id of the dialog named `key`.
pub fn dialog_id(key: &str) -> egui::Id {
    egui::Id::unique(("dialog", key))
}

/// A dialog window titled `title`: its id comes from `key` (not the title, so a title that
/// names an image or cloud still finds its remembered place), it is kept inside
/// [`dialog_area`], and it does not collapse.
pub fn dialog_window(
    ctx: &egui::Context,
    title: impl Into<egui::WidgetText>,
    key: &str,
) -> egui::Window<'static> {
    egui::Window::new(title)
        .id(dialog_id(key))
        .constrain_to(dialog_area(ctx))
        .collapsible(false)
}

/// The keys a dialog got this frame (only the topmost dialog gets them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DialogKeys {
    /// Esc: close the dialog.
    pub escape: bool,
    /// Enter, with no button focused: do the one obvious action.
    pub enter: bool,
}

/// One open dialog in the stacking order.
#[derive(Debug, Clone, Copy)]
struct Stacked {
    id: egui::Id,
    /// The pass it was last drawn in.
    seen: u64,
    /// Where it was drawn.
    rect: egui::Rect,
}

/// The open dialogs, bottom first: a dialog goes on top when it opens and when it is
/// clicked.
#[derive(Debug, Clone, Default)]
struct DialogStack(Vec<Stacked>);

/// Call before drawing the dialog `key` (each frame it is open): Esc and Enter for it when
/// it is the topmost open dialog, no menu or popup is open and no modal confirmation covers
/// it. The keys are consumed, so one Esc closes one dialog.
pub fn dialog_keys(ctx: &egui::Context, key: &str) -> DialogKeys {
    let id = dialog_id(key);
    let pass = ctx.cumulative_pass_nr();
    let stack_id = egui::Id::unique(STACK_KEY);
    let mut stack: DialogStack = ctx.data(|d| d.get_temp(stack_id)).unwrap_or_default();
    // Dialogs not drawn in the last pass are closed.
    stack.0.retain(|s| s.seen + 1 >= pass);
    let press = ctx.input(|i| i.pointer.any_pressed().then(|| i.pointer.press_origin()));
    if let Some(Some(pos)) = press
        && let Some(at) = stack.0.iter().position(|s| s.id == id)
        && stack.0[at].rect.contains(pos)
        && ctx.layer_id_at(pos) == Some(egui::LayerId::new(egui::Order::Middle, id))
    {
        let clicked = stack.0.remove(at);
        stack.0.push(clicked);
    }
    let rect = ctx
        .memory(|m| m.area_rect(id))
        .unwrap_or(egui::Rect::NOTHING);
    match stack.0.iter_mut().find(|s| s.id == id) {
        Some(entry) => {
            entry.seen = pass;
            entry.rect = rect;
        }
        None => stack.0.push(Stacked {
            id,
            seen: pass,
            rect,
        }),
    }
    let on_top = stack.0.last().is_some_and(|s| s.id == id);
    let covered = egui::Popup::is_any_open(ctx) || ctx.memory(|m| m.top_modal_layer().is_some());
    let mut keys = DialogKeys::default();
    if on_top && !covered {
        keys.escape = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
        // A focused button takes Enter itself, and so does a text field in another panel;
        // a text field of this dialog gives Enter to the dialog.
        let layer = egui::LayerId::new(egui::Order::Middle, id);
        let enter_ours = match ctx.memory(|m| m.focused()) {
            None => true,
            Some(focused) => {
                ctx.text_edit_focused()
                    && ctx
                        .read_response(focused)
                        .is_some_and(|r| r.layer_id == layer)
            }
        };
        if enter_ours {
            keys.enter = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
            if keys.enter {
                ctx.data_mut(|d| d.insert_temp(egui::Id::unique(ENTER_TAKEN_KEY), pass));
            }
        }
    }
    if keys.escape {
        stack.0.retain(|s| s.id != id);
    }
    ctx.data_mut(|d| d.insert_temp(stack_id, stack));
    keys
}

/// Where [`dialog_keys`] notes the pass in which it took Enter from a dialog's text field.
const ENTER_TAKEN_KEY: &str = "dialog-enter-taken";

/// Whether Enter was pressed in the text field `field`, also inside a dialog: there
/// [`dialog_keys`] takes Enter before the field sees it (so the field keeps its focus).
pub fn field_entered(ui: &egui::Ui, field: &egui::Response) -> bool {
    let pass = ui.ctx().cumulative_pass_nr();
    let taken = ui
        .ctx()
        .data(|d| d.get_temp::<u64>(egui::Id::unique(ENTER_TAKEN_KEY)))
        == Some(pass);
    (field.has_focus() && taken)
        || (field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
}

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
    // Made here: the helper thread does not share this thread's language.
    let title = tr!("dialogs-pick-import-title");
    spawn(ctx, move || async move {
        let mut dialog = rfd::AsyncFileDialog::new().set_title(title);
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

/// Open a dialog to pick one file (a certificate, a key), titled `title`.
pub fn pick_file(ctx: &egui::Context, title: &str, dir: Option<&Path>) -> PendingDialog {
    let dir = dir.map(Path::to_path_buf);
    let title = title.to_string();
    spawn(ctx, move || async move {
        let mut dialog = rfd::AsyncFileDialog::new().set_title(title);
        if let Some(dir) = dir {
            dialog = dialog.set_directory(dir);
        }
        dialog
            .pick_file()
            .await
            .map(|file| vec![file.path().to_path_buf()])
            .unwrap_or_default()
    })
}

/// Open a dialog to choose where to save an image's data.
pub fn save_file(ctx: &egui::Context, dir: Option<&Path>, file_name: &str) -> PendingDialog {
    let dir = dir.map(Path::to_path_buf);
    let file_name = file_name.to_string();
    let title = tr!("dialogs-save-data-title");
    spawn(ctx, move || async move {
        let mut dialog = rfd::AsyncFileDialog::new()
            .set_title(title)
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
