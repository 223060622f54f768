//! The Remotes view's smaller dialogs: the push dialog (the images, upload or glance-direct,
//! keep the remote image on failure), which starts one push job per image, and the
//! confirmations for removing a cloud and deleting a remote image.

use eframe::egui::{self, RichText};

use crate::app::remote::ops::{RemoteAction, RemoteOp};
use crate::backend::ImageId;
use crate::backend::remote::push::PushMethod;
use crate::ui::jobs::JobKind;
use crate::ui::view::ViewState;

/// Local images about to be pushed.
#[derive(Debug)]
pub struct PushDialog {
    /// The target cloud.
    pub cloud: String,
    /// The images (id, name).
    pub images: Vec<(ImageId, String)>,
    /// Upload or glance-direct.
    pub method: PushMethod,
    /// Keep the remote image when the push fails.
    pub keep_failed: bool,
}

/// Something to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Remove a workbench cloud (and its keyring secret).
    RemoveCloud(String),
    /// Delete a remote image: cloud, id, name.
    DeleteRemote(String, String, String),
}

/// The push dialog, when open.
pub fn push_ui(ctx: &egui::Context, view: &mut ViewState) {
    let Some(dialog) = &mut view.remotes.forms.push else {
        return;
    };
    let mut start = false;
    let mut cancel = false;
    let mut open = true;
    egui::Window::new(format!("Push to cloud {}", dialog.cloud))
        .open(&mut open)
        .collapsible(false)
        .default_width(420.0)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 120.0))
        .show(ctx, |ui| {
            let n = dialog.images.len();
            ui.label(format!(
                "Push {n} local image{} to cloud \"{}\":",
                if n == 1 { "" } else { "s" },
                dialog.cloud
            ));
            for (_, name) in dialog.images.iter().take(8) {
                ui.label(RichText::new(format!("• {name}")).weak());
            }
            if n > 8 {
                ui.label(RichText::new(format!("… and {} more", n - 8)).weak());
            }
            ui.horizontal(|ui| {
                ui.label("Method");
                ui.radio_value(&mut dialog.method, PushMethod::Upload, "upload")
                    .on_hover_text(
                        "PUT the data (falls back to glance-direct when the cloud refuses \
                     direct upload)",
                    );
                ui.radio_value(
                    &mut dialog.method,
                    PushMethod::GlanceDirect,
                    "glance-direct",
                )
                .on_hover_text("Stage the data, then import it (Glance's interoperable import)");
            });
            ui.checkbox(
                &mut dialog.keep_failed,
                "Keep the remote image if the push fails",
            );
            ui.label(
                RichText::new(
                    "The data is inspected first; the remote os_hash_value is checked \
                 against the local one.",
                )
                .weak()
                .small(),
            );
            ui.horizontal(|ui| {
                start = ui.button("Start push").clicked();
                cancel = ui.button("Cancel").clicked();
            });
        });
    if start {
        let cloud = dialog.cloud.clone();
        let (method, keep_failed) = (dialog.method, dialog.keep_failed);
        let images = std::mem::take(&mut dialog.images);
        view.remotes.forms.push = None;
        for (image_id, name) in images {
            let (job, control) =
                view.jobs
                    .start(JobKind::Push, format!("{name} → {cloud}"), Some(image_id));
            let op = RemoteOp::Push {
                job,
                control,
                cloud: cloud.clone(),
                image_id,
                method,
                keep_failed,
            };
            view.remotes.send(&mut view.outbox, op);
        }
    } else if cancel || !open {
        view.remotes.forms.push = None;
    }
}

/// The open confirmation, if any.
pub fn confirm_ui(ctx: &egui::Context, view: &mut ViewState) {
    let Some(confirm) = view.remotes.forms.confirm.clone() else {
        return;
    };
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("remote-confirm")).show(ctx, |ui| {
        let (heading, detail, button) = match &confirm {
            Confirm::RemoveCloud(name) => (
                format!("Remove cloud \"{name}\"?"),
                "It is removed from the workbench's clouds file, and its secret from the keyring."
                    .to_string(),
                "Remove cloud",
            ),
            Confirm::DeleteRemote(cloud, _, label) => (
                format!("Delete \"{label}\" on cloud {cloud}?"),
                "Glance deletes the image and its data on the cloud; this cannot be undone."
                    .to_string(),
                "Delete on the cloud",
            ),
        };
        ui.heading(heading);
        ui.label(detail);
        ui.horizontal(|ui| {
            if ui.button(button).clicked() {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
        });
    });
    if answer.is_none() && !modal.should_close() {
        return;
    }
    view.remotes.forms.confirm = None;
    if answer == Some(true) {
        let op = match confirm {
            Confirm::RemoveCloud(name) => RemoteOp::RemoveCloud(name),
            Confirm::DeleteRemote(cloud, id, _) => {
                RemoteOp::Action(cloud, id, RemoteAction::Delete)
            }
        };
        view.remotes.send(&mut view.outbox, op);
    }
}
