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
            None => return Err("reading the source…".into()),
            Some(Err(e)) => return Err(e.clone()),
            Some(Ok(facts)) => facts,
        };
        let target = self.form.target()?;
        let sparse = self.form.sparse_size_bytes()?;
        let name = self.name.trim();
        if !name.is_empty() {
            validate::check_name(&format!("image \"{name}\""), name).map_err(|e| e.to_string())?;
        }
        if facts.image.status != ImageStatus::Active {
            return Err(format!("the image is {}", facts.image.status));
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
            ui.label(RichText::new("reading the source…").weak());
        }
        Some(Err(e)) => {
            ui.label(theme::error_text(ui, e.clone()));
        }
        Some(Ok(facts)) => {
            ui.label(
                RichText::new(format!(
                    "Source: \"{}\"",
                    theme::shown(&facts.image.label())
                ))
                .strong(),
            );
            ui.label(format!(
                "{} · virtual size {} ({} bytes) · stored {}",
                facts.image.disk_format.map_or("—", |f| f.as_str()),
                format::bytes_exact(facts.info.virtual_size),
                facts.info.virtual_size,
                format::bytes(facts.image.size_bytes),
            ));
            ui.label(RichText::new(format!("Inspected: {}", facts.inspection)).weak());
        }
    }
}

fn required_size_ui(ui: &mut egui::Ui, panel: &ConvertPanel, target: Option<&Target>) {
    let updating = if panel.measuring {
        " · updating…"
    } else {
        ""
    };
    let text = match (target, &panel.measured) {
        (Some(t), _) if !is_measurable(t.format()) => format!(
            "Required size: not measured (qemu-img measures raw and qcow2 targets only, not {})",
            format_name(t.format())
        ),
        (_, None) if panel.measuring => "Required size: measuring…".to_string(),
        (_, None) => "Required size: —".to_string(),
        (Some(t), Some(Ok(report))) if t.compresses() => format!(
            "Required size: at most {} (qemu-img measure does not count compression){updating}",
            format::bytes_exact(report.required_bytes),
        ),
        (_, Some(Ok(report))) => format!(
            "Required size: {} (fully allocated {}){updating}",
            format::bytes_exact(report.required_bytes),
            format::bytes_exact(report.fully_allocated_bytes),
        ),
        (_, Some(Err(e))) => {
            ui.label(theme::error_text(ui, format!("Required size: {e}")));
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
            ui.label(theme::warn_text(
                ui,
                "Cancelled: qemu-img was stopped and nothing was kept.",
            ));
            None
        }
        Some(JobOutcome::Failed(message)) => {
            ui.label(theme::error_text(
                ui,
                format!("Conversion failed: {message}"),
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
            "Converting, then verifying…"
        } else {
            "Converting…"
        });
        ui.add(
            egui::ProgressBar::new(job.control.fraction().unwrap_or(0.0))
                .desired_width(200.0)
                .show_percentage(),
        );
        if ui
            .button("Cancel conversion")
            .on_hover_text("Stop qemu-img; nothing is kept")
            .clicked()
        {
            job.control.cancel();
        }
    });
    ui.label(RichText::new("Rate and ETA are in the jobs panel below.").weak());
}

/// A finished conversion: the new image, the verification, and the link that selects it.
fn result_ui(ui: &mut egui::Ui, done: &Converted) -> Option<ImageId> {
    ui.label(format!(
        "Converted into \"{}\" ({}, {}).",
        done.name,
        done.options,
        format::bytes_exact(done.output_bytes)
    ));
    if done.verified {
        ui.label(
            RichText::new("Verified: identical to the source (qemu-img compare)").color(
                theme::status_color(ImageStatus::Active, ui.visuals().dark_mode),
            ),
        );
    } else {
        ui.label(theme::warn_text(
            ui,
            "Not verified: the qemu-img compare check was off",
        ));
    }
    ui.link(format!("Show \"{}\" in the catalog", done.name))
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
        dialog_window(ctx, "Convert image", "convert")
            .default_pos(window_pos(ctx, 0))
            .open(&mut open)
            .default_width(460.0)
            .show(ctx, |ui| {
                source_ui(ui, &panel.source);
                ui.separator();
                select = result_ui(ui, &done);
                ui.separator();
                close |= ui.button("Close").clicked();
            });
        return (open && !close, select);
    }
    dialog_window(ctx, "Convert image", "convert")
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
                    let label = ui.label("New image name");
                    ui.add(egui::TextEdit::singleline(&mut panel.name).desired_width(240.0))
                        .labelled_by(label.id);
                    ui.end_row();
                });
            ui.checkbox(&mut panel.verify, "Verify with qemu-img compare")
                .on_hover_text("Compare the output with the source before it is kept");
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
                    .or_else(|| {
                        running.then(|| "A conversion of this image is running".to_string())
                    })
                    .or_else(|| (!name_ok).then(|| "The name is used already".to_string()));
                let enabled = why.is_none();
                let clicked = ui
                    .add_enabled(enabled, egui::Button::new("Convert"))
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
