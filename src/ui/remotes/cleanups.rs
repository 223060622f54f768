//! The cleanups still pending on the selected cloud (a failed push's or copy's half-made
//! image whose delete failed too), shown above the cloud's tabs only when there are some: a
//! count, the list (remote image, action, why, when, attempts, last error) and "Clean up
//! now", which runs them off the UI thread. The bridge also retries them by itself when the
//! cloud is used.

use eframe::egui::{self, RichText};

use crate::app::protocol::remote::RemoteOp;
use crate::backend::remote::cleanups::PendingCleanup;
use crate::format;
use crate::tr;
use crate::ui::context::Ctx;
use crate::ui::theme;

/// The pending cleanups of one cloud.
#[derive(Debug, Default)]
pub struct CleanupsView {
    /// The cloud the rows are for.
    pub cloud: Option<String>,
    /// The pending cleanups, oldest first.
    pub rows: Vec<PendingCleanup>,
    /// Why they could not be read.
    pub error: Option<String>,
    /// A listing is on its way.
    pub loading: bool,
    /// Read again (a job ended, it may have recorded one).
    pub stale: bool,
    /// "Clean up now" runs.
    pub running: bool,
}

impl CleanupsView {
    /// The pending cleanups of `cloud` arrived.
    pub fn arrived(&mut self, cloud: &str, result: Result<Vec<PendingCleanup>, String>) {
        if self.cloud.as_deref() != Some(cloud) {
            return;
        }
        self.loading = false;
        self.running = false;
        match result {
            Ok(rows) => {
                self.rows = rows;
                self.error = None;
            }
            Err(message) => self.error = Some(message),
        }
    }
}

/// The notice, list and button for `cloud`, when it has pending cleanups.
pub fn cleanups_ui(ui: &mut egui::Ui, state: &mut CleanupsView, cloud: &str, cx: &mut Ctx) {
    if state.cloud.as_deref() != Some(cloud) {
        *state = CleanupsView {
            cloud: Some(cloud.to_string()),
            stale: true,
            ..Default::default()
        };
    }
    if state.stale && !state.loading {
        state.stale = false;
        state.loading = true;
        let op = RemoteOp::Cleanups(cloud.to_string());
        cx.remote(op);
    }
    if let Some(error) = &state.error {
        ui.label(theme::error_text(
            ui,
            tr!("views-cleanups-error", error = error),
        ));
    }
    if state.rows.is_empty() {
        return;
    }
    let count = state.rows.len();
    let mut run = false;
    ui.horizontal_wrapped(|ui| {
        ui.label(theme::warn_text(
            ui,
            tr!("views-cleanups-pending", count = count),
        ))
        .on_hover_text(tr!("views-cleanups-pending-hover"));
        run = ui
            .add_enabled(!state.running, egui::Button::new(tr!("views-cleanups-run")))
            .on_hover_text(tr!("views-cleanups-run-hover"))
            .clicked();
        if state.running {
            ui.spinner();
        }
    });
    egui::CollapsingHeader::new(tr!("views-cleanups-header", count = count))
        .id_salt(("pending-cleanups", cloud))
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new(("pending-cleanups-grid", cloud))
                .striped(true)
                .num_columns(6)
                .show(ui, |ui| {
                    for title in [
                        tr!("views-cleanups-col-image"),
                        tr!("views-cleanups-col-action"),
                        tr!("views-cleanups-col-why"),
                        tr!("views-cleanups-col-recorded"),
                        tr!("views-cleanups-col-attempts"),
                        tr!("views-cleanups-col-last-error"),
                    ] {
                        ui.label(RichText::new(title).strong());
                    }
                    ui.end_row();
                    for c in &state.rows {
                        ui.label(RichText::new(&c.remote_id).monospace());
                        ui.label(c.action.as_str());
                        ui.add(egui::Label::new(&c.reason).truncate())
                            .on_hover_text(&c.reason);
                        ui.label(format::local_time(&c.recorded_at));
                        ui.label(c.attempts.to_string());
                        let error = c.last_error.clone().unwrap_or_default();
                        let when = c
                            .last_attempt_at
                            .as_ref()
                            .map(format::local_time)
                            .unwrap_or_default();
                        ui.add(egui::Label::new(theme::error_text(ui, error.clone())).truncate())
                            .on_hover_text(tr!(
                                "views-cleanups-last-error",
                                when = when,
                                error = error
                            ));
                        ui.end_row();
                    }
                });
        });
    ui.separator();
    if run {
        state.running = true;
        let op = RemoteOp::RunCleanups(cloud.to_string());
        cx.remote(op);
    }
}
