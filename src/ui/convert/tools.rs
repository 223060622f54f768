//! The smaller qemu-img dialogs: Create blank image (name, size, format and options), Resize
//! (a new image; shrinking needs a second, explicit confirmation before anything runs) and the
//! Check result window (`qemu-img check`: leaks, corruptions, errors). Create blank and Resize
//! turn into their result (a link that selects the new image) once it is made, so a second
//! click cannot make a duplicate. Esc closes each, Enter does its one action.

use eframe::egui::{self, RichText};

use crate::app::protocol::convert::{ConvertCommand, SourceFacts};
use crate::backend::convert::{resize_target, size_bytes};
use crate::backend::{ImageId, ImageStatus, validate};
use crate::convert::qemu_img::{CheckReport, QemuFormat, parse_size};
use crate::format;
use crate::i18n::errors::Shown;
use crate::tr;
use crate::ui::bridge::{Command, JobId, JobOutcome};
use crate::ui::convert::target_form::{
    NameCheck, SourceSlot, TargetForm, target_form_ui, window_pos,
};
use crate::ui::dialogs::{dialog_keys, dialog_window};
use crate::ui::jobs::{JobKind, Jobs};
use crate::ui::theme;

/// The Create blank image form.
#[derive(Debug)]
pub struct BlankForm {
    name: String,
    /// Whether the new name is used already.
    pub(crate) names: NameCheck,
    size: String,
    form: TargetForm,
    creating: bool,
    error: Option<String>,
    /// The image it made: (id, label).
    created: Option<(ImageId, String)>,
}

impl Default for BlankForm {
    fn default() -> Self {
        Self {
            name: String::new(),
            names: NameCheck::default(),
            size: String::new(),
            form: TargetForm::new(QemuFormat::Qcow2),
            creating: false,
            error: None,
            created: None,
        }
    }
}

impl BlankForm {
    /// It made its image (opening Create blank again starts a new form).
    pub fn is_done(&self) -> bool {
        self.created.is_some()
    }

    /// The image was made: the form turns into its result.
    pub fn created(&mut self, image_id: ImageId, label: String) {
        self.creating = false;
        self.created = Some((image_id, label));
    }

    /// Creating failed: show why and allow another try.
    pub fn failed(&mut self, message: String) {
        self.creating = false;
        self.error = Some(message);
    }

    /// The command the form describes, or the first problem.
    fn command(&self) -> Result<ConvertCommand, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(tr!("convert-blank-enter-name"));
        }
        validate::check_name(&format!("image \"{name}\""), name).map_err(|e| e.shown())?;
        let size = self.size.trim();
        if size.is_empty() {
            return Err(tr!("convert-blank-enter-size"));
        }
        let size_bytes = size_bytes(size).map_err(|e| e.to_string())?;
        let target = self.form.target()?;
        Ok(ConvertCommand::CreateBlank {
            name: name.to_owned(),
            size_bytes,
            target,
        })
    }
}

/// A made image (`said`: the sentence that says so) and the link that selects it, with
/// Close; returns (close, an image to select).
fn made_ui(
    ui: &mut egui::Ui,
    said: String,
    image_id: ImageId,
    label: &str,
) -> (bool, Option<ImageId>) {
    ui.label(said);
    let select = ui
        .link(tr!("convert-show-in-catalog", name = theme::shown(label)))
        .clicked()
        .then_some(image_id);
    ui.separator();
    (ui.button(tr!("convert-close")).clicked(), select)
}

/// The Create blank image window; returns (keep it open, an image to select).
pub fn blank_ui(
    ctx: &egui::Context,
    form: &mut BlankForm,
    out: &mut Vec<Command>,
) -> (bool, Option<ImageId>) {
    let keys = dialog_keys(ctx, "create-blank");
    let mut open = !keys.escape;
    let mut close = false;
    let mut select = None;
    dialog_window(ctx, tr!("convert-blank-title"), "create-blank")
        .default_pos(window_pos(ctx, 1))
        .default_width(440.0)
        .open(&mut open)
        .show(ctx, |ui| {
            if let Some((image_id, label)) = &form.created {
                let said = tr!("convert-blank-created", name = theme::shown(label));
                let (closed, chosen) = made_ui(ui, said, *image_id, label);
                close = closed || keys.enter;
                select = chosen;
                return;
            }
            ui.label(tr!("convert-blank-intro"));
            egui::Grid::new("blank-form")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    let label = ui.label(tr!("convert-new-image-name"));
                    ui.add(egui::TextEdit::singleline(&mut form.name).desired_width(240.0))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(tr!("convert-blank-size"));
                    ui.add(
                        egui::TextEdit::singleline(&mut form.size)
                            .hint_text("10G")
                            .desired_width(120.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                    target_form_ui(ui, "blank", &mut form.form, false);
                });
            let command = form.command();
            let typed = !form.name.trim().is_empty() || !form.size.trim().is_empty();
            match (&command, &form.error) {
                (Err(problem), _) if typed => {
                    ui.label(theme::error_text(ui, problem.clone()));
                }
                (_, Some(error)) => {
                    ui.label(theme::error_text(ui, error.clone()));
                }
                _ => {}
            }
            let name_ok = form.names.name_check_ui(ui, &form.name, out);
            ui.horizontal(|ui| {
                let why = command
                    .as_ref()
                    .err()
                    .cloned()
                    .or_else(|| form.creating.then(|| tr!("convert-blank-creating-why")))
                    .or_else(|| (!name_ok).then(|| tr!("convert-name-used")));
                let enabled = why.is_none();
                let clicked = ui
                    .add_enabled(enabled, egui::Button::new(tr!("convert-blank-create")))
                    .on_disabled_hover_text(why.unwrap_or_default())
                    .clicked();
                if (clicked || (enabled && keys.enter))
                    && let Ok(command) = command
                {
                    form.creating = true;
                    form.error = None;
                    out.push(Command::Convert(command));
                }
                if form.creating {
                    ui.spinner();
                    ui.label(RichText::new(tr!("convert-blank-creating")).weak());
                }
            });
        });
    (open && !close, select)
}

/// The Resize form for one image.
#[derive(Debug)]
pub struct ResizeForm {
    /// The image.
    pub image_id: ImageId,
    source: SourceSlot,
    size: String,
    name: String,
    /// Whether the new name is used already.
    pub(crate) names: NameCheck,
    /// A shrink waiting for confirmation: (current, requested) bytes.
    confirm_shrink: Option<(u64, u64)>,
    /// The resize job this form started.
    job: Option<JobId>,
    /// The image it made: (id, name).
    resized: Option<(ImageId, String)>,
}

impl ResizeForm {
    /// A form for `image_id`, waiting for its facts.
    pub fn new(image_id: ImageId) -> Self {
        Self {
            image_id,
            source: None,
            size: String::new(),
            name: String::new(),
            names: NameCheck::default(),
            confirm_shrink: None,
            job: None,
            resized: None,
        }
    }

    /// A resize job ended with a new image: if this form started it, it turns into its
    /// result.
    pub fn resized(&mut self, job_id: JobId, image_id: ImageId) {
        if self.job == Some(job_id) {
            self.resized = Some((image_id, self.name.trim().to_owned()));
        }
    }

    /// The image's facts arrived: name the result `<label>-resized`.
    pub fn source_arrived(&mut self, result: Result<Box<SourceFacts>, String>) {
        if let Ok(facts) = &result
            && self.name.is_empty()
        {
            self.name = format!("{}-resized", facts.image.label());
        }
        self.source = Some(result);
    }

    /// (current, requested) virtual sizes, or the first problem.
    fn sizes(&self) -> Result<(u64, u64), String> {
        let facts = match &self.source {
            None => return Err(tr!("convert-reading-image")),
            Some(Err(e)) => return Err(e.clone()),
            Some(Ok(facts)) => facts,
        };
        let current = facts.info.virtual_size;
        let text = self.size.trim();
        if text.is_empty() {
            return Err(tr!("convert-resize-enter-size"));
        }
        let spec = parse_size(text).map_err(|e| e.to_string())?;
        let requested = resize_target(spec, current).map_err(|e| e.shown())?;
        if requested == current {
            return Err(tr!(
                "convert-resize-same-size",
                size = format::bytes_exact(current),
                bytes = current.to_string()
            ));
        }
        let name = self.name.trim();
        validate::check_name(&format!("image \"{name}\""), name).map_err(|e| e.shown())?;
        Ok((current, requested))
    }
}

fn start_resize(
    form: &mut ResizeForm,
    requested: u64,
    allow_shrink: bool,
    jobs: &mut Jobs,
    out: &mut Vec<Command>,
) {
    let label = match form.source.as_ref().and_then(|r| r.as_ref().ok()) {
        Some(facts) => format!(
            "{} → {}",
            facts.image.label(),
            format::bytes_exact(requested)
        ),
        None => format::bytes_exact(requested),
    };
    let (job_id, control) = jobs.start(JobKind::Resize, label, Some(form.image_id));
    form.job = Some(job_id);
    out.push(Command::Convert(ConvertCommand::Resize {
        job_id,
        image_id: form.image_id,
        size_bytes: requested,
        allow_shrink,
        name: form.name.trim().to_owned(),
        control,
    }));
}

/// The form's job: whether it still runs, and how it ended when it failed or was cancelled.
fn resize_job(form: &ResizeForm, jobs: &mut Jobs) -> (bool, Option<String>) {
    let Some(job) = form.job.and_then(|id| jobs.job_mut(id)) else {
        return (false, None);
    };
    if job.is_running() {
        return (true, None);
    }
    let ended = match job.finished.as_ref().map(|(_, outcome)| outcome) {
        Some(JobOutcome::Cancelled) => Some(tr!("convert-resize-cancelled")),
        Some(JobOutcome::Failed(message)) => Some(tr!("convert-resize-failed", error = message)),
        _ => None,
    };
    (false, ended)
}

/// The Resize window (and its shrink confirmation); returns (keep it open, an image to
/// select).
pub fn resize_ui(
    ctx: &egui::Context,
    form: &mut ResizeForm,
    jobs: &mut Jobs,
    out: &mut Vec<Command>,
) -> (bool, Option<ImageId>) {
    let keys = dialog_keys(ctx, "resize");
    let mut open = !keys.escape;
    let mut close = false;
    let mut select = None;
    let (running, ended) = resize_job(form, jobs);
    dialog_window(ctx, tr!("convert-resize-title"), "resize")
        .default_pos(window_pos(ctx, 2))
        .default_width(440.0)
        .open(&mut open)
        .show(ctx, |ui| {
            if let Some((image_id, name)) = &form.resized {
                let said = tr!("convert-resized-into", name = theme::shown(name));
                let (closed, chosen) = made_ui(ui, said, *image_id, name);
                close = closed || keys.enter;
                select = chosen;
                return;
            }
            ui.label(tr!("convert-resize-intro"));
            match &form.source {
                None => {
                    ui.label(RichText::new(tr!("convert-reading-image")).weak());
                }
                Some(Err(e)) => {
                    ui.label(theme::error_text(ui, e.clone()));
                }
                Some(Ok(facts)) => {
                    ui.label(tr!(
                        "convert-resize-facts",
                        name = theme::shown(&facts.image.label()),
                        format = facts.image.disk_format.map_or("—", |f| f.as_str()),
                        size = format::bytes_exact(facts.info.virtual_size),
                        bytes = facts.info.virtual_size.to_string()
                    ));
                }
            }
            egui::Grid::new("resize-form")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    let label = ui.label(tr!("convert-resize-new-size"));
                    ui.add(
                        egui::TextEdit::singleline(&mut form.size)
                            .hint_text(tr!("convert-resize-size-hint"))
                            .desired_width(140.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(tr!("convert-new-image-name"));
                    ui.add(egui::TextEdit::singleline(&mut form.name).desired_width(240.0))
                        .labelled_by(label.id);
                    ui.end_row();
                });
            let sizes = form.sizes();
            match &sizes {
                Ok((current, requested)) if requested < current => {
                    ui.label(theme::warn_text(
                        ui,
                        tr!(
                            "convert-resize-shrinks",
                            size = format::bytes_exact(current - requested)
                        ),
                    ));
                }
                Ok((current, requested)) => {
                    ui.label(tr!(
                        "convert-resize-grows",
                        by = format::bytes_exact(requested - current),
                        size = format::bytes_exact(*requested)
                    ));
                }
                Err(problem) if !form.size.trim().is_empty() => {
                    ui.label(theme::error_text(ui, problem.clone()));
                }
                Err(_) => {}
            }
            if let Some(ended) = &ended {
                ui.label(theme::error_text(ui, ended.clone()));
            }
            let name_ok = form.names.name_check_ui(ui, &form.name, out);
            let why = sizes
                .as_ref()
                .err()
                .cloned()
                .or_else(|| running.then(|| tr!("convert-resize-resizing-why")))
                .or_else(|| (!name_ok).then(|| tr!("convert-name-used")));
            ui.horizontal(|ui| {
                let enabled = why.is_none();
                let clicked = ui
                    .add_enabled(enabled, egui::Button::new(tr!("convert-resize-button")))
                    .on_disabled_hover_text(why.unwrap_or_default())
                    .clicked();
                if (clicked || (enabled && keys.enter))
                    && let Ok((current, requested)) = sizes
                {
                    if requested < current {
                        form.confirm_shrink = Some((current, requested));
                    } else {
                        start_resize(form, requested, false, jobs, out);
                    }
                }
                if running {
                    ui.spinner();
                    ui.label(RichText::new(tr!("convert-resize-resizing")).weak());
                }
            });
        });
    if let Some((current, requested)) = form.confirm_shrink {
        let label = form
            .source
            .as_ref()
            .and_then(|r| r.as_ref().ok())
            .map(|f| f.image.label())
            .unwrap_or_default();
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique("confirm-shrink")).show(ctx, |ui| {
            ui.heading(tr!("convert-shrink-title", name = theme::shown(&label)));
            ui.label(tr!(
                "convert-shrink-body",
                from = format::bytes_exact(current),
                to = format::bytes_exact(requested)
            ));
            ui.label(RichText::new(tr!("convert-shrink-original-kept")).weak());
            ui.horizontal(|ui| {
                if ui.button(tr!("convert-shrink-confirm")).clicked() {
                    answer = Some(true);
                }
                if ui.button(tr!("convert-shrink-decline")).clicked() {
                    answer = Some(false);
                }
            });
        });
        if modal.should_close() && answer.is_none() {
            answer = Some(false);
        }
        match answer {
            Some(true) => {
                form.confirm_shrink = None;
                start_resize(form, requested, true, jobs, out);
            }
            Some(false) => form.confirm_shrink = None,
            None => {}
        }
    }
    (open && !close, select)
}

/// The Check result window for one image.
#[derive(Debug)]
pub struct CheckWindow {
    /// The image.
    pub image_id: ImageId,
    label: String,
    result: Option<Result<CheckReport, String>>,
}

impl CheckWindow {
    /// A window waiting for the check of `image_id`.
    pub fn new(image_id: ImageId) -> Self {
        Self {
            image_id,
            label: String::new(),
            result: None,
        }
    }

    /// The check ended.
    pub fn arrived(&mut self, label: String, result: Result<CheckReport, String>) {
        self.label = label;
        self.result = Some(result);
    }
}

fn count_text(count: Option<u64>) -> String {
    count.map_or_else(|| "—".to_string(), |c| c.to_string())
}

/// The Check window; returns false once it is closed.
pub fn check_ui(ctx: &egui::Context, check: &mut CheckWindow) -> bool {
    let keys = dialog_keys(ctx, "check");
    let mut open = !(keys.escape || (keys.enter && check.result.is_some()));
    dialog_window(ctx, "qemu-img check", "check")
        .default_pos(window_pos(ctx, 3))
        .open(&mut open)
        .show(ctx, |ui| {
            let report = match &check.result {
                None => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(tr!("convert-check-checking"));
                    });
                    return;
                }
                Some(Err(e)) => {
                    ui.label(theme::error_text(ui, e.clone()));
                    return;
                }
                Some(Ok(report)) => report,
            };
            ui.label(
                RichText::new(tr!(
                    "convert-check-subject",
                    name = theme::shown(&check.label),
                    format = report.format
                ))
                .strong(),
            );
            if report.is_clean() {
                ui.label(
                    RichText::new(tr!("convert-check-clean")).color(theme::status_color(
                        ImageStatus::Active,
                        ui.visuals().dark_mode,
                    )),
                );
            } else {
                ui.label(theme::error_text(ui, tr!("convert-check-problems")));
            }
            egui::Grid::new("check-summary")
                .num_columns(2)
                .spacing([12.0, 3.0])
                .show(ui, |ui| {
                    for (field, value) in [
                        (
                            tr!("convert-check-corruptions"),
                            report.corruptions.to_string(),
                        ),
                        (tr!("convert-check-leaks"), report.leaks.to_string()),
                        (tr!("convert-check-errors"), report.check_errors.to_string()),
                        (
                            tr!("convert-check-allocated-clusters"),
                            count_text(report.allocated_clusters),
                        ),
                        (
                            tr!("convert-check-total-clusters"),
                            count_text(report.total_clusters),
                        ),
                        (
                            tr!("convert-check-image-end-offset"),
                            count_text(report.image_end_offset),
                        ),
                    ] {
                        ui.label(RichText::new(field).weak());
                        ui.label(value);
                        ui.end_row();
                    }
                });
            if report.leaks > 0 && report.corruptions == 0 {
                ui.label(RichText::new(tr!("convert-check-leaks-only")).weak());
            }
        });
    open
}
