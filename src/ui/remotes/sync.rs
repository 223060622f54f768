//! The sync tab of the Remotes view: for the selected cloud (optionally one name or tag), the
//! plan computed off the UI thread, shown as a table of the four kinds (only local, only
//! remote, identical, on both but different: data, or metadata), a checkbox per actionable
//! row with its action (push, pull, update the remote's metadata; for different data, push or
//! pull as chosen; for a stuck remote image the workbench made, delete it), and "Apply
//! selected", which runs them in order as one job of the service (the same operation as
//! `sync --apply`: a complete apply is recorded as the cloud's last sync, which "Only changes
//! since the last sync" uses) and computes the plan again when it ends.

use std::collections::{BTreeMap, BTreeSet};

use eframe::egui::{self, RichText};
use egui_extras::Column;

use crate::app::protocol::remote::RemoteOp;
use crate::app::remote::sync::{RowOutcome, SyncPlan, runnable};
use crate::backend::remote::sync::{SyncAction, SyncCase, SyncFilter, SyncRow};
use crate::backend::{ImageId, ImageStatus};
use crate::format;
use crate::i18n::labels;
use crate::tr;
use crate::ui::bridge::{Command, JobId};
use crate::ui::jobs::JobKind;
use crate::ui::remotes::forms::RemoteCtx;
use crate::ui::theme;

/// One row of the diff with the user's choice.
#[derive(Debug, Clone)]
pub struct SyncItem {
    /// The planner's row.
    pub row: SyncRow,
    /// Run its action.
    pub checked: bool,
    /// The action chosen (the planner's, or push/pull for different data).
    pub action: SyncAction,
}

/// The sync view.
#[derive(Debug, Default)]
pub struct SyncView {
    /// The cloud the plan is for.
    pub cloud: Option<String>,
    /// The plan's generation asked for last.
    pub generation: u64,
    /// A plan is on its way.
    pub loading: bool,
    /// The rows.
    pub items: Vec<SyncItem>,
    /// Why the plan failed.
    pub error: Option<String>,
    /// Only this name.
    pub name: String,
    /// Only this tag.
    pub tag: String,
    /// Show identical rows.
    pub hide_identical: bool,
    /// Remote images being pulled by jobs started here (until the next plan).
    pub pulling: BTreeSet<String>,
    /// Only remote images changed since the last completed sync (`sync --incremental`).
    pub incremental: bool,
    /// The plan shown (rows as planned, and when its listing started).
    pub plan: Option<Box<SyncPlan>>,
    /// What the last apply did, row by row (label, outcome), until the next apply.
    pub applied: Vec<(String, RowOutcome)>,
}

impl SyncView {
    /// A plan arrived.
    pub fn plan_arrived(
        &mut self,
        cloud: &str,
        generation: u64,
        result: Result<Box<SyncPlan>, String>,
    ) {
        if generation != self.generation {
            return;
        }
        self.loading = false;
        self.pulling.clear();
        // The person's ticks and chosen actions survive a recompute of the same cloud's plan:
        // a row unticked (or applied) stays unticked; only rows new to the plan start ticked.
        let kept: BTreeMap<RowKey, (bool, SyncAction)> = if self.cloud.as_deref() == Some(cloud) {
            self.items
                .iter()
                .map(|i| (row_key(&i.row), (i.checked, i.action)))
                .collect()
        } else {
            BTreeMap::new()
        };
        self.cloud = Some(cloud.to_string());
        match result {
            Ok(plan) => {
                self.error = None;
                self.items = plan
                    .rows
                    .iter()
                    .map(|row| {
                        let (checked, action) = kept
                            .get(&row_key(row))
                            .copied()
                            .unwrap_or((runnable(row.action), row.action));
                        SyncItem {
                            checked: checked && runnable(action),
                            action,
                            row: row.clone(),
                        }
                    })
                    .collect();
                self.plan = Some(plan);
            }
            Err(message) => {
                self.items.clear();
                self.plan = None;
                self.error = Some(message);
            }
        }
    }
}

/// What identifies a row across recomputes: its kind and the images on each side.
type RowKey = (&'static str, Option<String>, Option<String>);

fn row_key(row: &SyncRow) -> RowKey {
    (
        row.case.as_str(),
        row.local.as_ref().map(|i| i.id.to_string()),
        row.remote.as_ref().map(|r| r.id().to_string()),
    )
}

/// Ask for the plan of `cloud` (the selected one), with a new generation.
pub fn request_plan(
    sync: &mut SyncView,
    cloud: &str,
    generations: &mut u64,
    out: &mut Vec<Command>,
) {
    *generations += 1;
    sync.generation = *generations;
    sync.loading = true;
    let filter = SyncFilter {
        name: Some(sync.name.trim().to_string()).filter(|n| !n.is_empty()),
        tags: Some(sync.tag.trim().to_string())
            .filter(|t| !t.is_empty())
            .into_iter()
            .collect(),
        since: None,
    };
    let op = RemoteOp::Plan {
        cloud: cloud.to_string(),
        generation: sync.generation,
        filter,
        incremental: sync.incremental,
    };
    out.push(Command::Remote(op));
}

/// A plan row's kind as people read it (the CLI's `sync` shows [`SyncCase::as_str`]).
fn case_label(case: SyncCase) -> String {
    match case {
        SyncCase::OnlyLocal => tr!("views-sync-case-only-local"),
        SyncCase::OnlyRemote => tr!("views-sync-case-only-remote"),
        SyncCase::Identical => tr!("views-sync-case-identical"),
        SyncCase::DifferentData => tr!("views-sync-case-different-data"),
        SyncCase::DifferentMetadata => tr!("views-sync-case-different-metadata"),
        SyncCase::Stuck => tr!("views-sync-case-stuck"),
    }
}

/// A row's action as people read it (the CLI's `sync` shows [`SyncAction::as_str`]).
fn action_label(action: SyncAction) -> String {
    match action {
        SyncAction::None => tr!("views-sync-action-none"),
        SyncAction::Push => tr!("views-sync-action-push"),
        SyncAction::Pull => tr!("views-sync-action-pull"),
        SyncAction::UpdateRemote => tr!("views-sync-action-update-remote"),
        SyncAction::Conflict => tr!("views-sync-action-conflict"),
        SyncAction::Cleanup => tr!("views-sync-action-cleanup"),
    }
}

fn case_text(case: SyncCase, dark: bool) -> RichText {
    let status = match case {
        SyncCase::OnlyLocal | SyncCase::OnlyRemote => ImageStatus::Saving,
        SyncCase::Identical => ImageStatus::Active,
        SyncCase::DifferentMetadata => ImageStatus::Deactivated,
        SyncCase::DifferentData | SyncCase::Stuck => ImageStatus::Killed,
    };
    RichText::new(case_label(case)).color(theme::status_color(status, dark))
}

/// The sync tab for `cloud` (the selected one); `sync_jobs` are the jobs started here.
pub fn sync_ui(
    ui: &mut egui::Ui,
    sync: &mut SyncView,
    sync_jobs: &mut BTreeSet<JobId>,
    cloud: &str,
    rcx: &mut RemoteCtx,
) {
    let mut compute = false;
    ui.horizontal_wrapped(|ui| {
        let name = ui
            .add(
                egui::TextEdit::singleline(&mut sync.name)
                    .hint_text(tr!("views-sync-name-hint"))
                    .desired_width(110.0),
            )
            .accessible_name(tr!("views-sync-name-filter"));
        let tag = ui
            .add(
                egui::TextEdit::singleline(&mut sync.tag)
                    .hint_text(tr!("views-sync-tag-hint"))
                    .desired_width(90.0),
            )
            .accessible_name(tr!("views-sync-tag-filter"));
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        compute = (name.lost_focus() || tag.lost_focus()) && enter;
        compute |= ui
            .button(tr!("views-sync-compute"))
            .on_hover_text(tr!("views-sync-compute-hover"))
            .clicked();
        compute |= ui
            .checkbox(&mut sync.incremental, tr!("views-sync-incremental"))
            .on_hover_text(tr!("views-sync-incremental-hover"))
            .changed();
        ui.checkbox(&mut sync.hide_identical, tr!("views-sync-hide-identical"));
        if sync.loading {
            ui.spinner();
        }
    });
    let stale = sync.cloud.as_deref() != Some(cloud) && !sync.loading;
    if compute || (stale && sync.error.is_none() && sync.generation == 0) {
        request_plan(sync, cloud, rcx.generations, rcx.outbox);
    }
    if let Some(error) = &sync.error {
        ui.add(egui::Label::new(theme::error_text(ui, error.clone())).wrap());
    }
    if sync.cloud.as_deref() != Some(cloud) {
        return;
    }
    let count = |case: SyncCase| sync.items.iter().filter(|i| i.row.case == case).count();
    // Stuck images the workbench made are rare: counted only when there are some.
    let counts = if count(SyncCase::Stuck) > 0 {
        tr!(
            "views-sync-counts-stuck",
            local = count(SyncCase::OnlyLocal),
            remote = count(SyncCase::OnlyRemote),
            identical = count(SyncCase::Identical),
            data = count(SyncCase::DifferentData),
            metadata = count(SyncCase::DifferentMetadata),
            stuck = count(SyncCase::Stuck)
        )
    } else {
        tr!(
            "views-sync-counts",
            local = count(SyncCase::OnlyLocal),
            remote = count(SyncCase::OnlyRemote),
            identical = count(SyncCase::Identical),
            data = count(SyncCase::DifferentData),
            metadata = count(SyncCase::DifferentMetadata)
        )
    };
    ui.label(counts);
    if !sync.applied.is_empty() {
        let failed = sync
            .applied
            .iter()
            .filter(|(_, o)| matches!(o, RowOutcome::Failed(_) | RowOutcome::Refused(_)))
            .count();
        egui::CollapsingHeader::new(tr!(
            "views-sync-last-apply",
            count = sync.applied.len(),
            failed = failed
        ))
        .id_salt("sync-applied")
        .show(ui, |ui| {
            for (label, outcome) in &sync.applied {
                let text = match outcome {
                    RowOutcome::Done(what) => RichText::new(tr!(
                        "views-sync-outcome-done",
                        name = theme::shown(label),
                        what = theme::shown(what)
                    )),
                    RowOutcome::Skipped(why) => RichText::new(tr!(
                        "views-sync-outcome-skipped",
                        name = theme::shown(label),
                        why = theme::shown(why)
                    ))
                    .weak(),
                    RowOutcome::Failed(error) => theme::error_text(
                        ui,
                        tr!("views-sync-outcome-failed", name = label, error = error),
                    ),
                    RowOutcome::Refused(why) => theme::error_text(
                        ui,
                        tr!("views-sync-outcome-refused", name = label, why = why),
                    ),
                };
                ui.add(egui::Label::new(text).wrap());
            }
        });
    }
    let chosen = sync
        .items
        .iter()
        .filter(|i| i.checked && runnable(i.action))
        .count();
    let apply = ui
        .horizontal(|ui| {
            if ui.button(tr!("views-sync-select-all")).clicked() {
                for item in &mut sync.items {
                    item.checked = runnable(item.action);
                }
            }
            if ui.button(tr!("views-sync-select-none")).clicked() {
                for item in &mut sync.items {
                    item.checked = false;
                }
            }
            ui.add_enabled(
                chosen > 0,
                egui::Button::new(tr!("views-sync-apply", count = chosen)),
            )
            .on_hover_text(tr!("views-sync-apply-hover"))
            .clicked()
        })
        .inner;
    let pushing: BTreeSet<ImageId> = rcx
        .jobs
        .jobs
        .iter()
        .filter(|j| j.is_running() && j.kind == JobKind::Push)
        .filter_map(|j| j.image_id)
        .collect();
    table_ui(ui, sync, &pushing);
    if apply {
        apply_selected(sync, sync_jobs, cloud, rcx);
    }
}

/// Whether a job already moves this row's data (a push of its local image, or a pull started
/// here of its remote image).
fn running(item: &SyncItem, pushing: &BTreeSet<ImageId>, pulling: &BTreeSet<String>) -> bool {
    item.row
        .local
        .as_ref()
        .is_some_and(|l| pushing.contains(&l.id))
        || item
            .row
            .remote
            .as_ref()
            .is_some_and(|r| pulling.contains(r.id()))
}

fn table_ui(ui: &mut egui::Ui, sync: &mut SyncView, pushing: &BTreeSet<ImageId>) {
    let dark = ui.visuals().dark_mode;
    let hide = sync.hide_identical;
    let shown: Vec<usize> = (0..sync.items.len())
        .filter(|i| !hide || sync.items[*i].row.case != SyncCase::Identical)
        .collect();
    theme::data_table(ui, "sync-table")
        .column(Column::exact(22.0))
        .column(Column::initial(130.0).at_least(60.0).clip(true))
        .column(Column::initial(126.0).at_least(60.0).clip(true))
        .column(Column::initial(104.0).at_least(60.0).clip(true))
        .column(Column::initial(64.0).at_least(40.0).clip(true))
        .column(Column::initial(64.0).at_least(40.0).clip(true))
        .column(Column::remainder().at_least(40.0).clip(true))
        .header(22.0, |mut header| {
            for title in [
                String::new(),
                tr!("views-col-name"),
                tr!("views-sync-col-kind"),
                tr!("views-sync-col-action"),
                tr!("views-sync-col-local"),
                tr!("views-sync-col-remote"),
                tr!("views-sync-col-differences"),
            ] {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
        })
        .body(|body| {
            body.rows(22.0, shown.len(), |mut row| {
                let item = &mut sync.items[shown[row.index()]];
                let busy = running(item, pushing, &sync.pulling);
                if busy {
                    item.checked = false;
                }
                let label = item.row.label();
                row.col(|ui| {
                    let enabled = runnable(item.action) && !busy;
                    ui.add_enabled(enabled, egui::Checkbox::without_text(&mut item.checked))
                        .on_disabled_hover_text(if busy {
                            tr!("views-sync-busy")
                        } else {
                            tr!("views-sync-nothing")
                        })
                        .accessible_name(tr!("views-sync-row-check", name = label));
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(theme::shown(&label)).truncate());
                });
                row.col(|ui| {
                    let kind = ui.label(case_text(item.row.case, dark));
                    // The CLI's word for it on hover, where the label is translated.
                    let word = item.row.case.as_str();
                    let shown = case_label(item.row.case);
                    if shown != word {
                        kind.on_hover_text(labels::with_value(&shown, word));
                    }
                });
                row.col(|ui| {
                    if busy {
                        ui.label(theme::warn_text(
                            ui,
                            tr!("views-sync-running", action = action_label(item.action)),
                        ));
                    } else if item.row.case == SyncCase::DifferentData {
                        let before = item.action;
                        let choice = egui::ComboBox::from_id_salt((
                            "sync-choice",
                            &label,
                            item.row.remote.as_ref().map(|r| r.id().to_string()),
                        ))
                        .selected_text(match item.action {
                            SyncAction::Push => tr!("views-sync-choose-push"),
                            SyncAction::Pull => tr!("views-sync-choose-pull"),
                            _ => tr!("views-sync-choose"),
                        })
                        .show_ui(ui, |ui| {
                            ui.selectable_value(
                                &mut item.action,
                                SyncAction::Push,
                                tr!("views-sync-choose-push"),
                            );
                            ui.selectable_value(
                                &mut item.action,
                                SyncAction::Pull,
                                tr!("views-sync-choose-pull"),
                            );
                        });
                        choice
                            .response
                            .accessible_name(tr!("views-sync-action-for", name = label));
                        if item.action != before {
                            item.checked = true;
                        }
                    } else if item.row.case == SyncCase::Stuck {
                        // Only a stuck image proven abandoned is offered for cleanup at once;
                        // one made elsewhere may still be uploading, so the user chooses.
                        let before = item.action;
                        let choice = egui::ComboBox::from_id_salt((
                            "sync-stuck",
                            &label,
                            item.row.remote.as_ref().map(|r| r.id().to_string()),
                        ))
                        .selected_text(match item.action {
                            SyncAction::Cleanup => action_label(SyncAction::Cleanup),
                            _ => tr!("views-sync-leave"),
                        })
                        .show_ui(ui, |ui| {
                            ui.selectable_value(
                                &mut item.action,
                                SyncAction::None,
                                tr!("views-sync-leave"),
                            );
                            ui.selectable_value(
                                &mut item.action,
                                SyncAction::Cleanup,
                                action_label(SyncAction::Cleanup),
                            );
                        });
                        choice
                            .response
                            .accessible_name(tr!("views-sync-action-for", name = label));
                        if item.action != before {
                            item.checked = runnable(item.action);
                        }
                    } else {
                        let shown = action_label(item.action);
                        let label = ui.label(&shown);
                        // The CLI's word for it on hover, where the label is translated.
                        if shown != item.action.as_str() {
                            label.on_hover_text(labels::with_value(&shown, item.action.as_str()));
                        }
                    }
                });
                row.col(|ui| {
                    let text = item
                        .row
                        .local
                        .as_ref()
                        .map(|l| format::bytes(l.size_bytes))
                        .unwrap_or_else(|| "—".into());
                    ui.label(RichText::new(text).weak());
                });
                row.col(|ui| {
                    let text = item
                        .row
                        .remote
                        .as_ref()
                        .map(|r| format::bytes(r.size_bytes()))
                        .unwrap_or_else(|| "—".into());
                    ui.label(RichText::new(text).weak());
                });
                row.col(|ui| {
                    let differences = item.row.differences.join(", ");
                    ui.add(egui::Label::new(RichText::new(&differences).weak()).truncate())
                        .on_hover_text(differences);
                });
            });
        });
}

/// Run the checked rows in order as one job (the service's sync apply, as `sync --apply`).
fn apply_selected(
    sync: &mut SyncView,
    sync_jobs: &mut BTreeSet<JobId>,
    cloud: &str,
    rcx: &mut RemoteCtx,
) {
    let Some(plan) = sync.plan.clone() else {
        return;
    };
    let chosen: Vec<SyncRow> = sync
        .items
        .iter()
        .filter(|i| i.checked && runnable(i.action))
        .map(|i| SyncRow {
            action: i.action,
            ..i.row.clone()
        })
        .collect();
    // Recorded as the last sync only when every runnable row of the plan runs.
    let complete = sync
        .items
        .iter()
        .all(|i| i.checked || !runnable(i.row.action));
    for item in &mut sync.items {
        if item.checked
            && item.action == SyncAction::Pull
            && let Some(remote) = &item.row.remote
        {
            sync.pulling.insert(remote.id().to_string());
        }
        item.checked = false;
    }
    sync.applied.clear();
    let (job, control) = rcx.jobs.start(
        JobKind::Sync,
        tr!("views-sync-job", cloud = cloud, count = chosen.len()),
        None,
    );
    sync_jobs.insert(job);
    let op = RemoteOp::ApplySync {
        job,
        control,
        plan,
        chosen,
        complete,
    };
    rcx.send(op);
}
