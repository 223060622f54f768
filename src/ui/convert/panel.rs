//! The Convert panel: a window for one source image with the target format and only that
//! format's options, the new image's name, the verify checkbox, the size qemu-img measures for
//! the output (asked again whenever the target changes), and a Convert button that starts a
//! job. While it runs the panel shows its progress and Cancel. Once it made its image the
//! panel turns into its result (the verification and a link that selects the new image), so
//! a second click cannot make a duplicate. Esc closes it, Enter converts (or closes the
//! result).

use eframe::egui::{self, RichText};

use crate::app::protocol::convert::Converted;
use crate::app::protocol::convert::{ConvertCommand, SourceFacts};
use crate::backend::convert::{ConvertOutput, ConvertSpec, SourceRef, format_name, is_measurable};
use crate::backend::{ImageId, ImageStatus, validate};
use crate::convert::qemu_img::{MeasureReport, QemuFormat, Target};
use crate::format;
use crate::i18n::errors::Shown;
use crate::tr;
use crate::ui::bridge::{Command, JobId, JobOutcome};
use crate::ui::convert::target_form::{
    NameCheck, SourceSlot, TargetForm, target_form_ui, window_pos, write_order_ui,
};
use crate::ui::dialogs::{dialog_keys, dialog_window};
use crate::ui::jobs::{Job, JobKind, Jobs};
use crate::ui::theme;

/// The panel's state.
#[derive(Debug)]
pub struct ConvertPanel {
    /// The source image.
    pub image_id: ImageId,
    source: SourceSlot,
    form: TargetForm,
    name: String,
    auto_name: String,
    /// Whether the new name is used already.
    pub(crate) names: NameCheck,
    verify: bool,
    measure_request: u64,
    measured_for: Option<Target>,
    measured: Option<Result<MeasureReport, String>>,
    measuring: bool,
    job: Option<JobId>,
    job_verifies: bool,
    done: Option<Converted>,
}

impl ConvertPanel {
    /// A panel for `image_id`, waiting for its facts.
    pub fn new(image_id: ImageId) -> Self {
        Self {
            image_id,
            source: None,
            form: TargetForm::new(QemuFormat::Qcow2),
            name: String::new(),
            auto_name: String::new(),
            names: NameCheck::default(),
            verify: true,
            measure_request: 0,
            measured_for: None,
            measured: None,
            measuring: false,
            job: None,
            job_verifies: false,
            done: None,
        }
    }

    /// The source's facts arrived: default to a format other than its own.
    pub fn source_arrived(&mut self, result: Result<Box<SourceFacts>, String>) {
        if let Ok(facts) = &result
            && self.source.is_none()
            && facts.image.disk_format.map(|f| f.as_str()) == Some("qcow2")
        {
            self.form = TargetForm::new(QemuFormat::Raw);
        }
        self.source = Some(result);
    }

    /// A measurement arrived (older ones are ignored).
    pub fn measured(&mut self, request: u64, result: Result<MeasureReport, String>) {
        if request == self.measure_request {
            self.measured = Some(result);
            self.measuring = false;
        }
    }

    /// A conversion finished with a new image.
    pub fn converted(&mut self, converted: Converted) {
        if self.job == Some(converted.job_id) {
            self.done = Some(converted);
        }
    }

    /// The conversion this panel started made its image.
    fn finished(&self) -> Option<&Converted> {
        self.done.as_ref().filter(|d| Some(d.job_id) == self.job)
    }

    fn facts(&self) -> Option<&SourceFacts> {
        self.source.as_ref().and_then(|r| r.as_deref().ok())
    }

    /// Keep the default name `<source>-<format>` in step with the format unless it was edited.
    fn follow_default_name(&mut self) {
        let Some(label) = self.facts().map(|f| f.image.label()) else {
            return;
        };
        let wanted = format!("{label}-{}", format_name(self.form.format));
        if self.name == self.auto_name && self.name != wanted {
            self.name = wanted.clone();
        }
        self.auto_name = wanted;
    }

    /// Ask for a measurement when the (valid, measurable) target changed.
    fn request_measure(&mut self, target: &Target, next_request: &mut u64, out: &mut Vec<Command>) {
        if self.measured_for.as_ref() == Some(target) || self.facts().is_none() {
            return;
        }
        self.measured_for = Some(*target);
        if !is_measurable(target.format()) {
            self.measured = None;
            self.measuring = false;
            return;
        }
        *next_request += 1;
        self.measure_request = *next_request;
        self.measuring = true;
        out.push(Command::Convert(ConvertCommand::Measure {
            request: self.measure_request,
            image_id: self.image_id,
            target: *target,
        }));
    }

    /// The spec the form describes, or the first problem.
    fn spec(&self) -> Result<ConvertSpec, String> {
        let facts = match &self.source {
            None => return Err(tr!("convert-reading-source")),
            Some(Err(e)) => return Err(e.clone()),
            Some(Ok(facts)) => facts,
        };
        let target = self.form.target()?;
        let sparse = self.form.sparse_size_bytes()?;
        let name = self.name.trim();
        if !name.is_empty() {
            validate::check_name(&format!("image \"{name}\""), name).map_err(|e| e.shown())?;
        }
        if facts.image.status != ImageStatus::Active {
            return Err(tr!(
                "convert-image-is-status",
                status = super::status_text(facts.image.status)
            ));
        }
        let mut spec = ConvertSpec::new(SourceRef::Image(self.image_id), target);
        spec.sparse_size_bytes = sparse;
        spec.verify = self.verify;
        spec.output = ConvertOutput::NewImage {
            name: (!name.is_empty()).then(|| name.to_owned()),
        };
        Ok(spec)
    }
}

fn source_ui(ui: &mut egui::Ui, source: &SourceSlot) {
    match source {
        None => {
            ui.label(RichText::new(tr!("convert-reading-source")).weak());
        }
        Some(Err(e)) => {
            ui.label(theme::error_text(ui, e.clone()));
        }
        Some(Ok(facts)) => {
            ui.label(
                RichText::new(tr!(
                    "convert-source",
                    name = theme::shown(&facts.image.label())
                ))
                .strong(),
            );
            ui.label(tr!(
                "convert-source-facts",
                format = facts.image.disk_format.map_or("—", |f| f.as_str()),
                size = format::bytes_exact(facts.info.virtual_size),
                bytes = facts.info.virtual_size.to_string(),
                stored = format::bytes(facts.image.size_bytes),
            ));
            ui.label(RichText::new(tr!("convert-inspected", inspection = facts.inspection)).weak());
        }
    }
}

fn required_size_ui(ui: &mut egui::Ui, panel: &ConvertPanel, target: Option<&Target>) {
    let updating = panel.measuring;
    let text = match (target, &panel.measured) {
        (Some(t), _) if !is_measurable(t.format()) => tr!(
            "convert-required-not-measured",
            format = format_name(t.format())
        ),
        (_, None) if panel.measuring => tr!("convert-required-measuring"),
        (_, None) => tr!("convert-required-none"),
        (Some(t), Some(Ok(report))) if t.compresses() => {
            let required = format::bytes_exact(report.required_bytes);
            if updating {
                tr!("convert-required-at-most-updating", required = required)
            } else {
                tr!("convert-required-at-most", required = required)
            }
        }
        (_, Some(Ok(report))) => {
            let required = format::bytes_exact(report.required_bytes);
            let allocated = format::bytes_exact(report.fully_allocated_bytes);
            if updating {
                tr!(
                    "convert-required-size-updating",
                    required = required,
                    allocated = allocated
                )
            } else {
                tr!(
                    "convert-required-size",
                    required = required,
                    allocated = allocated
                )
            }
        }
        (_, Some(Err(e))) => {
            ui.label(theme::error_text(
                ui,
                tr!("convert-required-error", error = e),
            ));
            return;
        }
    };
    ui.label(RichText::new(text).strong());
}

/// The job's progress, or how it ended.
fn job_ui(ui: &mut egui::Ui, panel: &mut ConvertPanel, jobs: &mut Jobs) -> Option<ImageId> {
    let job_id = panel.job?;
    // A job cleared from the jobs panel still shows its result here.
    let outcome = match jobs.job_mut(job_id) {
        Some(job) if job.is_running() => {
            progress_ui(ui, panel.job_verifies, job);
            return None;
        }
        Some(job) => job.finished.as_ref().map(|(_, outcome)| outcome.clone()),
        None => None,
    };
    match outcome {
        Some(JobOutcome::Cancelled) => {
            ui.label(theme::warn_text(ui, tr!("convert-cancelled")));
            None
        }
        Some(JobOutcome::Failed(message)) => {
            ui.label(theme::error_text(
                ui,
                tr!("convert-failed", error = message),
            ));
            None
        }
        Some(JobOutcome::Succeeded(_)) | None => {
            let done = panel.done.as_ref().filter(|d| d.job_id == job_id)?;
            result_ui(ui, done)
        }
    }
}

/// A running conversion: what it does, its progress and Cancel.
fn progress_ui(ui: &mut egui::Ui, verifies: bool, job: &Job) {
    ui.horizontal(|ui| {
        ui.label(if verifies {
            tr!("convert-converting-verifying")
        } else {
            tr!("convert-converting")
        });
        ui.add(
            egui::ProgressBar::new(job.control.fraction().unwrap_or(0.0))
                .desired_width(200.0)
                .show_percentage(),
        );
        if ui
            .button(tr!("convert-cancel"))
            .on_hover_text(tr!("convert-cancel-hover"))
            .clicked()
        {
            job.control.cancel();
        }
    });
    ui.label(RichText::new(tr!("convert-rate-hint")).weak());
}

/// A finished conversion: the new image, the verification, and the link that selects it.
fn result_ui(ui: &mut egui::Ui, done: &Converted) -> Option<ImageId> {
    ui.label(tr!(
        "convert-converted-into",
        name = done.name,
        options = done.options,
        size = format::bytes_exact(done.output_bytes)
    ));
    if done.verified {
        ui.label(
            RichText::new(tr!("convert-verified")).color(theme::status_color(
                ImageStatus::Active,
                ui.visuals().dark_mode,
            )),
        );
    } else {
        ui.label(theme::warn_text(ui, tr!("convert-not-verified")));
    }
    ui.link(tr!("convert-show-in-catalog", name = done.name))
        .clicked()
        .then_some(done.image_id)
}

/// The Convert window; returns (keep it open, an image to select).
pub fn panel_ui(
    ctx: &egui::Context,
    panel: &mut ConvertPanel,
    next_request: &mut u64,
    jobs: &mut Jobs,
    out: &mut Vec<Command>,
) -> (bool, Option<ImageId>) {
    panel.follow_default_name();
    let target = panel.form.target();
    if let Ok(target) = &target {
        panel.request_measure(target, next_request, out);
    }
    let keys = dialog_keys(ctx, "convert");
    let mut open = !keys.escape;
    let mut select = None;
    if let Some(done) = panel.finished() {
        let done = done.clone();
        let mut close = keys.enter;
        dialog_window(ctx, tr!("convert-window-title"), "convert")
            .default_pos(window_pos(ctx, 0))
            .open(&mut open)
            .default_width(460.0)
            .show(ctx, |ui| {
                source_ui(ui, &panel.source);
                ui.separator();
                select = result_ui(ui, &done);
                ui.separator();
                close |= ui.button(tr!("convert-close")).clicked();
            });
        return (open && !close, select);
    }
    dialog_window(ctx, tr!("convert-window-title"), "convert")
        .default_pos(window_pos(ctx, 0))
        .open(&mut open)
        .default_width(460.0)
        .show(ctx, |ui| {
            source_ui(ui, &panel.source);
            ui.separator();
            egui::Grid::new("convert-form")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    target_form_ui(ui, "convert", &mut panel.form, true);
                    let label = ui.label(tr!("convert-new-image-name"));
                    ui.add(egui::TextEdit::singleline(&mut panel.name).desired_width(240.0))
                        .labelled_by(label.id);
                    ui.end_row();
                });
            ui.checkbox(&mut panel.verify, tr!("convert-verify"))
                .on_hover_text(tr!("convert-verify-hover"));
            if let Ok(target) = &target {
                write_order_ui(ui, target);
            }
            required_size_ui(ui, panel, target.as_ref().ok());
            let running = panel
                .job
                .and_then(|id| jobs.job_mut(id))
                .is_some_and(|j| j.is_running());
            let spec = panel.spec();
            if let Err(problem) = &spec
                && panel.source.as_ref().is_some_and(Result::is_ok)
            {
                ui.label(theme::error_text(ui, problem.clone()));
            }
            let name_ok = panel.names.name_check_ui(ui, &panel.name, out);
            ui.horizontal(|ui| {
                let why = spec
                    .as_ref()
                    .err()
                    .cloned()
                    .or_else(|| running.then(|| tr!("convert-running")))
                    .or_else(|| (!name_ok).then(|| tr!("convert-name-used")));
                let enabled = why.is_none();
                let clicked = ui
                    .add_enabled(enabled, egui::Button::new(tr!("convert-convert-button")))
                    .on_disabled_hover_text(why.unwrap_or_default())
                    .clicked();
                if (clicked || (enabled && keys.enter))
                    && let Ok(spec) = spec
                {
                    let label = match panel.facts() {
                        Some(facts) => format!(
                            "{} → {}",
                            facts.image.label(),
                            format_name(spec.target.format())
                        ),
                        None => format_name(spec.target.format()).to_string(),
                    };
                    let (job_id, control) =
                        jobs.start(JobKind::Convert, label, Some(panel.image_id));
                    out.push(Command::Convert(ConvertCommand::Convert {
                        job_id,
                        spec: Box::new(spec),
                        control,
                    }));
                    panel.job = Some(job_id);
                    panel.job_verifies = panel.verify;
                    panel.done = None;
                }
            });
            ui.separator();
            select = job_ui(ui, panel, jobs);
        });
    (open, select)
}
