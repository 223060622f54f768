//! Details' "Inside" section: "Look inside" runs a job (progress and cancel in the jobs area)
//! that reads the image's guest read-only; the findings (OS, architecture, firmware, agents,
//! kernels, root filesystem, partitions) and the suggested properties beside the current ones
//! follow, with "Apply suggestions". A result is kept per image for the session and dropped
//! when the image's data changes (its size or hashes).

use std::collections::HashMap;

use eframe::egui::{self, Color32, RichText};

use crate::app::guest::{kind_word, partition_cells, report_rows};
use crate::backend::guest::conflict_warning;
use crate::backend::{Image, ImageId, ImageStatus};
use crate::convert::guest::{GuestReport, PropertySuggestion, SuggestionKind, compare_properties};
use crate::tr;
use crate::ui::bridge::{Command, JobId, JobOutcome};
use crate::ui::jobs::{JobKind, Jobs};
use crate::ui::theme;

/// What identifies an image's stored data: a look inside belongs to the data it read.
type DataKey = (Option<u64>, Option<String>, Option<String>);

fn data_key(image: &Image) -> DataKey {
    (
        image.size_bytes,
        image.checksum.clone(),
        image.os_hash_value.clone(),
    )
}

/// One image's look inside.
#[derive(Debug)]
struct Entry {
    /// The data it was asked for.
    data: DataKey,
    /// The job while it runs.
    job: Option<JobId>,
    /// What it found.
    report: Option<Box<GuestReport>>,
    /// Why it could not look inside (or that it was cancelled).
    error: Option<String>,
}

/// The looks inside of this session, per image.
#[derive(Debug, Default)]
pub struct InsideView {
    entries: HashMap<ImageId, Entry>,
}

impl InsideView {
    /// A look inside found `report` in `image_id` (its job ends separately).
    pub fn looked(&mut self, job: JobId, image_id: ImageId, report: Box<GuestReport>) {
        if let Some(entry) = self.entries.get_mut(&image_id)
            && entry.job == Some(job)
        {
            entry.report = Some(report);
            entry.error = None;
        }
    }

    /// A job ended: a look inside that failed or was cancelled says so.
    pub fn job_finished(&mut self, job: JobId, outcome: &JobOutcome) {
        for entry in self.entries.values_mut() {
            if entry.job == Some(job) {
                entry.job = None;
                match outcome {
                    JobOutcome::Succeeded(_) => {}
                    JobOutcome::Cancelled => entry.error = Some(tr!("inside-cancelled")),
                    JobOutcome::Failed(e) => entry.error = Some(e.clone()),
                }
            }
        }
    }

    /// The report kept for `image_id`, if any.
    pub fn report(&self, image_id: ImageId) -> Option<&GuestReport> {
        self.entries
            .get(&image_id)
            .and_then(|e| e.report.as_deref())
    }
}

/// Whether `image` has data to look inside (what the service accepts).
fn can_look(image: &Image) -> bool {
    matches!(image.status, ImageStatus::Active | ImageStatus::Deactivated)
        && image.damaged.is_none()
}

/// The colour of a comparison row's kind.
fn kind_color(ui: &egui::Ui, kind: SuggestionKind) -> Color32 {
    let dark = ui.visuals().dark_mode;
    match kind {
        SuggestionKind::Same => ui.visuals().weak_text_color(),
        SuggestionKind::New => theme::status_color(ImageStatus::Saving, dark),
        SuggestionKind::Differs => theme::status_color(ImageStatus::Deactivated, dark),
        SuggestionKind::Conflict => ui.visuals().error_fg_color,
    }
}

/// The symbol beside a kind's word (colour is never the only mark).
fn kind_symbol(kind: SuggestionKind) -> &'static str {
    match kind {
        SuggestionKind::Same => "=",
        SuggestionKind::New => "+",
        SuggestionKind::Differs => "~",
        SuggestionKind::Conflict => "⚠",
    }
}

/// The Inside section. `dirty`: Details holds unsaved edits, which Apply must not overtake.
pub fn inside_ui(
    ui: &mut egui::Ui,
    image: &Image,
    state: &mut InsideView,
    dirty: bool,
    jobs: &mut Jobs,
    out: &mut Vec<Command>,
) {
    egui::CollapsingHeader::new(tr!("inside-heading"))
        .id_salt("details-inside")
        .default_open(true)
        .show(ui, |ui| {
            let key = data_key(image);
            // A look at other data (re-uploaded, restored) says nothing about this one.
            if state.entries.get(&image.id).is_some_and(|e| e.data != key) {
                state.entries.remove(&image.id);
            }
            let running = state.entries.get(&image.id).and_then(|e| e.job);
            ui.horizontal_wrapped(|ui| {
                let enabled = can_look(image) && running.is_none();
                let look = ui
                    .add_enabled(enabled, egui::Button::new(tr!("inside-look")))
                    .on_hover_text(tr!("inside-look-tip"))
                    .on_disabled_hover_text(if running.is_some() {
                        tr!("inside-look-running-tip")
                    } else if image.damaged.is_some() {
                        tr!("inside-look-damaged-tip")
                    } else {
                        tr!("inside-look-no-data-tip")
                    });
                if running.is_some() {
                    ui.spinner();
                    ui.label(RichText::new(tr!("inside-looking")).weak());
                }
                if look.clicked() {
                    let (job, control) =
                        jobs.start(JobKind::LookInside, image.label(), Some(image.id));
                    out.push(Command::LookInside(job, image.id, control));
                    state.entries.insert(
                        image.id,
                        Entry {
                            data: key.clone(),
                            job: Some(job),
                            report: None,
                            error: None,
                        },
                    );
                }
            });
            let Some(entry) = state.entries.get(&image.id) else {
                ui.label(RichText::new(tr!("inside-not-yet")).weak());
                return;
            };
            if let Some(error) = &entry.error {
                ui.add(egui::Label::new(theme::error_text(ui, error.clone())).wrap());
            }
            if let Some(report) = entry.report.as_deref() {
                findings_ui(ui, report);
                suggestions_ui(ui, image, report, dirty, out);
            }
        });
}

/// What was found: the facts grid, partitions and other findings.
fn findings_ui(ui: &mut egui::Ui, report: &GuestReport) {
    if let Some(os) = &report.os {
        ui.label(RichText::new(theme::shown(&crate::app::guest::os_line(os))).strong());
    }
    theme::fields_grid_ui(ui, "inside-grid", report_rows(report));
    if !report.partitions.is_empty() {
        ui.label(RichText::new(tr!("inside-partitions")).weak());
        // One wrapped line per partition, not a grid: truncating labels in an egui Grid keep
        // the width of their first frame and collapse, and a line wraps at any inspector width.
        for p in &report.partitions {
            let [number, _start, size, kind, fs, label] = partition_cells(p);
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("{}.", theme::shown(&number))).weak());
                ui.label(theme::shown(&size));
                ui.label(theme::shown(&kind));
                ui.label(RichText::new(theme::shown(&fs)).strong());
                if !label.is_empty() && label != "—" {
                    ui.label(RichText::new(format!("“{}”", theme::shown(&label))).weak());
                }
            });
        }
    }
    for finding in &report.findings {
        ui.add(
            egui::Label::new(RichText::new(format!("• {}", theme::shown(&finding.shown()))).weak())
                .wrap(),
        );
    }
}

/// The suggested properties beside the current ones, the conflicts as warnings, and Apply.
fn suggestions_ui(
    ui: &mut egui::Ui,
    image: &Image,
    report: &GuestReport,
    dirty: bool,
    out: &mut Vec<Command>,
) {
    theme::section_heading_ui(ui, &tr!("inside-suggested"));
    let suggestions: Vec<PropertySuggestion> = compare_properties(&image.properties, report);
    if suggestions.is_empty() {
        ui.label(RichText::new(tr!("inside-nothing")).weak());
        return;
    }
    // One wrapped line per key (key: current → suggested, kind), for the same reason as the
    // partitions: the key must never be cut, and long values wrap instead of widening the
    // inspector.
    for s in &suggestions {
        let color = kind_color(ui, s.kind);
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 6.0;
            ui.label(RichText::new(theme::shown(&s.key)).monospace());
            ui.label(RichText::new(theme::shown(s.current.as_deref().unwrap_or("—"))).weak());
            ui.label(RichText::new("→").weak());
            ui.label(RichText::new(theme::shown(&s.suggested)).color(color));
            ui.label(
                RichText::new(format!("{} {}", kind_symbol(s.kind), kind_word(s.kind)))
                    .color(color)
                    .small(),
            );
        });
    }
    for s in suggestions
        .iter()
        .filter(|s| s.kind == SuggestionKind::Conflict)
    {
        ui.add(
            egui::Label::new(theme::warn_text(
                ui,
                format!("⚠ {}", conflict_warning(&image.label(), s, report)),
            ))
            .wrap(),
        );
    }
    let changes = suggestions
        .iter()
        .filter(|s| s.kind != SuggestionKind::Same)
        .count();
    // Apply saves at once through the service; with edits pending in Details it would
    // overtake them (or be overtaken by their Save), so it waits until they are saved or
    // reverted, as a selection change does.
    let apply = ui
        .add_enabled(
            changes > 0 && !dirty && can_look(image),
            egui::Button::new(tr!("inside-apply")),
        )
        .on_hover_text(tr!("inside-apply-tip", count = changes))
        .on_disabled_hover_text(if dirty {
            tr!("inside-apply-dirty")
        } else if changes == 0 {
            tr!("inside-apply-matching")
        } else {
            tr!("inside-apply-status")
        });
    if apply.clicked() {
        out.push(Command::ApplySuggestions(
            image.id,
            Box::new(report.clone()),
            None,
        ));
    }
}
