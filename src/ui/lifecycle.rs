//! Lifecycle actions: deactivate / reactivate, delete (confirmed first; protected images are
//! refused with the reason), restore from pending_delete, and export ("Save as…") as a job
//! with progress, and "Upload data…" into a queued image (typed path or file picker) as a job.
//! A button that Glance's rules forbid is disabled and says why.

use std::path::PathBuf;

use eframe::egui::{self, RichText};

use crate::backend::{Image, ImageId, ImageStatus};
use crate::tr;
use crate::ui::bridge::{Command, LifecycleAction};
use crate::ui::dialogs::{self, DialogPoll, PendingDialog};
use crate::ui::jobs::{JobKind, Jobs};
use crate::ui::theme;

/// An image to delete, as the confirmation lists it.
#[derive(Debug, Clone)]
pub struct DeleteTarget {
    /// The image.
    pub id: ImageId,
    /// Its label.
    pub label: String,
    /// Protected images are refused.
    pub protected: bool,
}

#[derive(Debug)]
struct ExportForm {
    image_id: ImageId,
    label: String,
    path: String,
    picker: Option<PendingDialog>,
}

#[derive(Debug)]
struct UploadForm {
    image_id: ImageId,
    label: String,
    path: String,
    picker: Option<PendingDialog>,
}

/// Lifecycle dialogs' state.
#[derive(Debug, Default)]
pub struct LifecycleView {
    /// Images waiting for delete confirmation.
    pub confirm_delete: Option<Vec<DeleteTarget>>,
    /// The folder of the last export (persisted).
    pub last_export_dir: Option<PathBuf>,
    export: Option<ExportForm>,
    upload: Option<UploadForm>,
}

/// A status as a refusal names it: its label with Glance's value beside it where they differ
/// ("已停用（deactivated）"; in English just "deactivated").
use crate::i18n::labels::image_status_named as status_named;

/// Why `action` is not allowed on `image` now, if it is not.
pub fn refusal(image: &Image, action: LifecycleAction) -> Option<String> {
    let status = image.status;
    match action {
        LifecycleAction::Deactivate if status != ImageStatus::Active => Some(tr!(
            "window-refuse-deactivate",
            status = status_named(status)
        )),
        LifecycleAction::Reactivate if status != ImageStatus::Deactivated => Some(tr!(
            "window-refuse-reactivate",
            status = status_named(status)
        )),
        LifecycleAction::Restore if status != ImageStatus::PendingDelete => {
            Some(tr!("window-refuse-restore", status = status_named(status)))
        }
        LifecycleAction::Delete if status == ImageStatus::Deleted => {
            Some(tr!("window-refuse-delete-deleted"))
        }
        LifecycleAction::Delete if image.protected => Some(tr!("window-refuse-delete-protected")),
        _ => None,
    }
}

/// Why the image's data cannot be saved now, if it cannot.
pub fn export_refusal(image: &Image) -> Option<String> {
    match image.status {
        ImageStatus::Active => None,
        ImageStatus::Deactivated => Some(tr!("window-export-deactivated")),
        other => Some(tr!("window-export-no-data", status = status_named(other))),
    }
}

impl LifecycleView {
    /// Ask to confirm deleting `targets`.
    pub fn ask_delete(&mut self, targets: Vec<DeleteTarget>) {
        if !targets.is_empty() {
            self.confirm_delete = Some(targets);
        }
    }

    /// Open the "Upload data" form for the queued image `image_id`.
    pub fn ask_upload(&mut self, image_id: ImageId, label: &str) {
        self.ask_upload_path(image_id, label, String::new());
    }

    /// Open the "Upload data" form for `image_id` with `path` filled in (a file dropped on
    /// the queued image): the upload still waits for the user's Upload.
    pub fn ask_upload_path(&mut self, image_id: ImageId, label: &str, path: String) {
        self.upload = Some(UploadForm {
            image_id,
            label: label.to_string(),
            path,
            picker: None,
        });
    }

    /// Open the export form for `image`.
    pub fn ask_export(&mut self, image_id: ImageId, label: &str, suggested_name: &str) {
        let dir = self
            .last_export_dir
            .clone()
            .or_else(|| std::env::current_dir().ok());
        let path = dir.map_or_else(|| PathBuf::from(suggested_name), |d| d.join(suggested_name));
        self.export = Some(ExportForm {
            image_id,
            label: label.to_string(),
            path: path.display().to_string(),
            picker: None,
        });
    }
}

/// The file name an export suggests: the label plus the disk format as extension.
pub fn suggested_file_name(image: &Image) -> String {
    let stem: String = image
        .label()
        .chars()
        .map(|c| if c == '/' || c == '\\' { '_' } else { c })
        .collect();
    match image.disk_format {
        Some(format) if !stem.ends_with(&format!(".{format}")) => format!("{stem}.{format}"),
        _ => stem,
    }
}

/// The action buttons for the selected image, each disabled with its reason when refused.
pub fn actions_ui(
    ui: &mut egui::Ui,
    image: &Image,
    view: &mut LifecycleView,
    out: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        for (action, label) in [
            (LifecycleAction::Deactivate, tr!("window-deactivate")),
            (LifecycleAction::Reactivate, tr!("window-reactivate")),
            (LifecycleAction::Restore, tr!("window-restore")),
        ] {
            let refused = refusal(image, action);
            let button = ui
                .add_enabled(refused.is_none(), egui::Button::new(label))
                .on_disabled_hover_text(refused.unwrap_or_default());
            if button.clicked() {
                out.push(Command::Lifecycle(image.id, action));
            }
        }
        let refused = refusal(image, LifecycleAction::Delete);
        if ui
            .add_enabled(
                refused.is_none(),
                egui::Button::new(tr!("window-delete-ellipsis")),
            )
            .on_disabled_hover_text(refused.clone().unwrap_or_default())
            .clicked()
        {
            view.ask_delete(vec![DeleteTarget {
                id: image.id,
                label: image.label(),
                protected: image.protected,
            }]);
        }
        if image.status == ImageStatus::Queued
            && ui
                .button(tr!("window-upload-data-ellipsis"))
                .on_hover_text(tr!("window-upload-data-hint"))
                .clicked()
        {
            view.ask_upload(image.id, &image.label());
        }
        let refused_export = export_refusal(image);
        if ui
            .add_enabled(
                refused_export.is_none(),
                egui::Button::new(tr!("window-save-as")),
            )
            .on_disabled_hover_text(refused_export.unwrap_or_default())
            .clicked()
        {
            view.ask_export(image.id, &image.label(), &suggested_file_name(image));
        }
    });
    if image.protected && image.status != ImageStatus::Deleted {
        ui.label(theme::warn_text(ui, tr!("window-protected-warning")));
    }
}

/// The delete confirmation (modal) and the export form (window).
pub fn dialogs_ui(
    ctx: &egui::Context,
    view: &mut LifecycleView,
    jobs: &mut Jobs,
    out: &mut Vec<Command>,
) {
    if let Some(targets) = &view.confirm_delete {
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("confirm-delete")).show(ctx, |ui| {
            let deletable: Vec<&DeleteTarget> = targets.iter().filter(|t| !t.protected).collect();
            ui.heading(if targets.len() == 1 {
                tr!("window-delete-one", label = targets[0].label.as_str())
            } else {
                tr!("window-delete-many", count = targets.len())
            });
            ui.label(tr!("window-delete-explain"));
            for target in targets.iter().filter(|t| t.protected) {
                ui.label(theme::error_text(
                    ui,
                    tr!("window-delete-protected", label = target.label.as_str()),
                ));
            }
            if targets.len() > 1 {
                for target in &deletable {
                    ui.label(RichText::new(format!("• {}", theme::shown(&target.label))).weak());
                }
            }
            ui.horizontal(|ui| {
                let delete = ui
                    .add_enabled(
                        !deletable.is_empty(),
                        egui::Button::new(tr!("window-delete")),
                    )
                    .on_disabled_hover_text(tr!("window-delete-all-protected"));
                if delete.clicked() {
                    for target in &deletable {
                        out.push(Command::Lifecycle(target.id, LifecycleAction::Delete));
                    }
                    close = true;
                }
                if ui.button(tr!("window-cancel")).clicked() {
                    close = true;
                }
            });
        });
        if close || modal.should_close() {
            view.confirm_delete = None;
        }
    }
    export_window_ui(ctx, view, jobs, out);
    upload_window_ui(ctx, view, jobs, out);
}

/// The "Upload data" window: a typed path or the file picker, then Upload starts a job.
fn upload_window_ui(
    ctx: &egui::Context,
    view: &mut LifecycleView,
    jobs: &mut Jobs,
    out: &mut Vec<Command>,
) {
    let Some(form) = &mut view.upload else { return };
    if let Some(picker) = &form.picker
        && let DialogPoll::Closed(paths) = picker.poll()
    {
        form.picker = None;
        match paths.into_iter().next() {
            Some(path) => form.path = path.display().to_string(),
            None => jobs.status(tr!("window-no-file-picked")),
        }
    }
    let keys = crate::ui::dialogs::dialog_keys(ctx, "upload");
    let mut open = !keys.escape;
    let mut start = false;
    crate::ui::dialogs::dialog_window(ctx, tr!("window-upload-data"), "upload")
        .open(&mut open)
        .show(ctx, |ui| {
            ui.label(tr!(
                "window-upload-explain",
                label = theme::shown(&form.label)
            ));
            ui.horizontal(|ui| {
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut form.path)
                            .id_salt("upload-path")
                            .hint_text("/path/to/disk.img")
                            .desired_width(340.0),
                    )
                    .accessible_name(tr!("window-upload-path"));
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                start |= enter && !form.path.trim().is_empty();
                if ui
                    .add_enabled(
                        form.picker.is_none(),
                        egui::Button::new(tr!("window-browse")),
                    )
                    .on_hover_text(tr!("window-browse-hint"))
                    .clicked()
                {
                    let path = PathBuf::from(form.path.trim());
                    form.picker = Some(dialogs::pick_files(ui.ctx(), path.parent()));
                }
            });
            let ready = !form.path.trim().is_empty();
            start |= ui
                .add_enabled(ready, egui::Button::new(tr!("window-upload")))
                .on_disabled_hover_text(tr!("window-upload-needs-path"))
                .clicked()
                || (ready && keys.enter);
        });
    if start {
        let path = PathBuf::from(form.path.trim());
        let (job_id, control) =
            jobs.start(JobKind::Upload, form.label.clone(), Some(form.image_id));
        out.push(Command::Upload(job_id, form.image_id, path, control));
        view.upload = None;
    } else if !open {
        view.upload = None;
    }
}

fn export_window_ui(
    ctx: &egui::Context,
    view: &mut LifecycleView,
    jobs: &mut Jobs,
    out: &mut Vec<Command>,
) {
    let Some(form) = &mut view.export else { return };
    if let Some(picker) = &form.picker
        && let DialogPoll::Closed(paths) = picker.poll()
    {
        form.picker = None;
        if let Some(path) = paths.into_iter().next() {
            form.path = path.display().to_string();
        }
    }
    let keys = crate::ui::dialogs::dialog_keys(ctx, "export");
    let mut open = !keys.escape;
    let mut start = false;
    crate::ui::dialogs::dialog_window(ctx, tr!("window-export-title"), "export")
        .open(&mut open)
        .show(ctx, |ui| {
            ui.label(tr!(
                "window-export-explain",
                label = theme::shown(&form.label)
            ));
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut form.path).desired_width(340.0))
                    .accessible_name(tr!("window-export-path"));
                if ui
                    .add_enabled(
                        form.picker.is_none(),
                        egui::Button::new(tr!("window-browse")),
                    )
                    .clicked()
                {
                    let path = PathBuf::from(&form.path);
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    form.picker = Some(dialogs::save_file(ui.ctx(), path.parent(), &name));
                }
            });
            let ready = !form.path.trim().is_empty();
            start = ui
                .add_enabled(ready, egui::Button::new(tr!("window-save")))
                .clicked()
                || (ready && keys.enter);
        });
    if start {
        let path = PathBuf::from(form.path.trim());
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            view.last_export_dir = Some(dir.to_path_buf());
        }
        let (job_id, control) =
            jobs.start(JobKind::Export, form.label.clone(), Some(form.image_id));
        out.push(Command::Export(job_id, form.image_id, path, control));
        view.export = None;
    } else if !open {
        view.export = None;
    }
}
