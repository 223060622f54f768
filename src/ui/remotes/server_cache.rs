//! The "Server cache" tab of a cloud's pane: Glance's image cache on the cloud's API nodes
//! (not the workbench's local cache of pulled data, the "Local cache" tab). Cached images
//! (name, id, size, hits, last access) and the prefetch queue; Queue selected (the Images
//! tab's selection) or an id typed here, Delete per row, Clear cache / Clear queue (each
//! confirmed), Clean, Prune, Refresh. Every call goes through the service
//! ([`RemoteOp::ServerCache`]); on a cloud whose version discovery lacks the cache API the
//! buttons are disabled with the reason.

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

use crate::app::protocol::remote::RemoteOp;
use crate::app::remote::server_cache::{ServerCacheAction, ServerCacheView};
use crate::backend::remote::server_cache::ClearTarget;
use crate::format;
use crate::tr;
use crate::ui::remotes::forms::{Confirm, RemoteCtx};
use crate::ui::theme;

/// The tab's state, for the selected cloud.
#[derive(Debug, Default)]
pub struct ServerCacheTab {
    /// The cloud the view was read from.
    pub cloud: Option<String>,
    /// The cache as last read.
    pub view: Option<ServerCacheView>,
    /// A call is on its way.
    pub loading: bool,
    /// Why the last call failed.
    pub error: Option<String>,
    /// An image id typed to queue.
    pub queue_id: String,
}

impl ServerCacheTab {
    /// A reply arrived for `cloud` (one for another cloud is dropped).
    pub fn arrived(&mut self, cloud: &str, result: Result<Box<ServerCacheView>, String>) {
        if self.cloud.as_deref() != Some(cloud) {
            return;
        }
        self.loading = false;
        match result {
            Ok(view) => {
                self.view = Some(*view);
                self.error = None;
            }
            // The tables read before stay: the failure is said above them.
            Err(message) => self.error = Some(message),
        }
    }
}

fn time(seconds: Option<f64>) -> String {
    seconds
        .and_then(|s| chrono::DateTime::from_timestamp(s.trunc() as i64, 0))
        .map_or_else(String::new, |t| format::local_time(&t))
}

/// The tab. `selected` is the Images tab's selection (id, label).
pub fn server_cache_ui(
    ui: &mut egui::Ui,
    tab: &mut ServerCacheTab,
    cloud: &str,
    selected: &[(String, String)],
    rcx: &mut RemoteCtx<'_>,
) {
    if tab.cloud.as_deref() != Some(cloud) {
        *tab = ServerCacheTab {
            cloud: Some(cloud.to_string()),
            ..Default::default()
        };
    }
    let mut action = None;
    if tab.view.is_none() && !tab.loading && tab.error.is_none() {
        action = Some(ServerCacheAction::List);
    }
    let unavailable = tab.view.as_ref().and_then(|v| v.unavailable.clone());
    let clean_prune = tab.view.as_ref().is_some_and(|v| v.support.clean_prune());
    // Changes wait for a first listing (it carries version discovery's answer).
    let usable = tab.view.is_some() && unavailable.is_none() && !tab.loading;
    let why_not = unavailable
        .clone()
        .unwrap_or_else(|| tr!("remotes-cache-reading"));
    ui.add(egui::Label::new(RichText::new(tr!("remotes-cache-intro")).weak().small()).wrap());
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(
                !tab.loading,
                egui::Button::new(tr!("remotes-cache-refresh")),
            )
            .clicked()
        {
            action = Some(ServerCacheAction::List);
        }
        let queue_selected = ui
            .add_enabled(
                usable && !selected.is_empty(),
                egui::Button::new(tr!("remotes-cache-queue-selected", count = selected.len())),
            )
            .on_hover_text(tr!("remotes-cache-queue-selected-hover"))
            .on_disabled_hover_text(if usable {
                tr!("remotes-cache-select-first")
            } else {
                why_not.clone()
            });
        if queue_selected.clicked() {
            action = Some(ServerCacheAction::Queue(
                selected.iter().map(|(id, _)| id.clone()).collect(),
            ));
        }
        let label = ui.label(tr!("remotes-cache-image-id"));
        ui.add_enabled(
            usable,
            egui::TextEdit::singleline(&mut tab.queue_id)
                .desired_width(260.0)
                .hint_text(tr!("remotes-cache-image-id-hint")),
        )
        .labelled_by(label.id);
        let id = tab.queue_id.trim().to_string();
        if ui
            .add_enabled(
                usable && !id.is_empty(),
                egui::Button::new(tr!("remotes-cache-queue-id")),
            )
            .on_hover_text(tr!("remotes-cache-queue-id-hover"))
            .on_disabled_hover_text(why_not.clone())
            .clicked()
        {
            action = Some(ServerCacheAction::Queue(vec![id]));
            tab.queue_id.clear();
        }
    });
    ui.horizontal_wrapped(|ui| {
        for (button, target, hover) in [
            (
                tr!("remotes-cache-clear-cache"),
                ClearTarget::Cache,
                tr!("remotes-cache-clear-cache-hover"),
            ),
            (
                tr!("remotes-cache-clear-queue"),
                ClearTarget::Queue,
                tr!("remotes-cache-clear-queue-hover"),
            ),
        ] {
            if ui
                .add_enabled(usable, egui::Button::new(button))
                .on_hover_text(hover)
                .on_disabled_hover_text(why_not.clone())
                .clicked()
            {
                rcx.forms.confirm = Some(Confirm::ClearServerCache(cloud.to_string(), target));
            }
        }
        let no_clean_prune = if usable {
            tr!("remotes-cache-no-clean-prune")
        } else {
            why_not.clone()
        };
        if ui
            .add_enabled(
                usable && clean_prune,
                egui::Button::new(tr!("remotes-cache-clean")),
            )
            .on_hover_text(tr!("remotes-cache-clean-hover"))
            .on_disabled_hover_text(no_clean_prune.clone())
            .clicked()
        {
            action = Some(ServerCacheAction::Clean);
        }
        if ui
            .add_enabled(
                usable && clean_prune,
                egui::Button::new(tr!("remotes-cache-prune")),
            )
            .on_hover_text(tr!("remotes-cache-prune-hover"))
            .on_disabled_hover_text(no_clean_prune)
            .clicked()
        {
            action = Some(ServerCacheAction::Prune);
        }
        if tab.loading {
            ui.spinner();
        }
    });
    if let Some(reason) = &unavailable {
        ui.add(
            egui::Label::new(theme::error_text(
                ui,
                tr!("remotes-cache-unavailable", reason = reason),
            ))
            .wrap(),
        );
    }
    if let Some(error) = &tab.error {
        ui.add(egui::Label::new(theme::error_text(ui, error.clone())).wrap());
    }
    if let Some(view) = &tab.view
        && view.unavailable.is_none()
    {
        let total: u64 = view.state.cached.iter().map(|c| c.size).sum();
        ui.label(
            RichText::new(tr!(
                "remotes-cache-cached-count",
                count = view.state.cached.len(),
                size = format::bytes_exact(total)
            ))
            .strong(),
        );
        if let Some(id) = cached_table(ui, view, tab.loading) {
            action = Some(ServerCacheAction::Delete(vec![id]));
        }
        ui.add_space(6.0);
        ui.label(
            RichText::new(tr!(
                "remotes-cache-queued-count",
                count = view.state.queued.len()
            ))
            .strong(),
        );
        if let Some(id) = queued_table(ui, view, tab.loading) {
            action = Some(ServerCacheAction::Delete(vec![id]));
        }
    }
    if let Some(action) = action {
        tab.loading = true;
        rcx.send(RemoteOp::ServerCache(cloud.to_string(), action));
    }
}

/// The cached images; the id of a row whose Delete was clicked.
fn cached_table(ui: &mut egui::Ui, view: &ServerCacheView, busy: bool) -> Option<String> {
    let mut delete = None;
    let height = (ui.available_height() * 0.55).max(80.0);
    TableBuilder::new(ui)
        .id_salt("server-cache-cached")
        .striped(true)
        .resizable(true)
        .auto_shrink([false, true])
        .max_scroll_height(height)
        .min_scrolled_height(0.0)
        // The row's button first: a narrow pane cuts the last columns, never the action.
        .column(Column::auto())
        .column(Column::initial(170.0).clip(true))
        .column(Column::initial(90.0))
        .column(Column::initial(45.0))
        .column(Column::initial(140.0).clip(true))
        .column(Column::remainder().clip(true))
        .header(22.0, |mut header| {
            for title in [
                String::new(),
                tr!("remotes-cache-col-name"),
                tr!("remotes-cache-col-size"),
                tr!("remotes-cache-col-hits"),
                tr!("remotes-cache-col-last-accessed"),
                "ID".to_string(),
            ] {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
        })
        .body(|body| {
            body.rows(20.0, view.state.cached.len(), |mut row| {
                let entry = &view.state.cached[row.index()];
                row.col(|ui| {
                    if ui
                        .add_enabled(
                            !busy,
                            egui::Button::new(tr!("remotes-cache-delete")).small(),
                        )
                        .on_hover_text(tr!("remotes-cache-delete-hover"))
                        .clicked()
                    {
                        delete = Some(entry.image_id.clone());
                    }
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(theme::shown(view.name(&entry.image_id).unwrap_or("")))
                            .truncate(),
                    );
                });
                row.col(|ui| {
                    ui.label(format::bytes_exact(entry.size));
                });
                row.col(|ui| {
                    ui.label(entry.hits.to_string());
                });
                row.col(|ui| {
                    ui.label(time(entry.last_accessed));
                });
                row.col(|ui| {
                    ui.label(RichText::new(&entry.image_id).weak().monospace());
                });
            });
        });
    delete
}

/// The queued images; the id of a row whose Remove was clicked.
fn queued_table(ui: &mut egui::Ui, view: &ServerCacheView, busy: bool) -> Option<String> {
    let mut delete = None;
    TableBuilder::new(ui)
        .id_salt("server-cache-queued")
        .striped(true)
        .resizable(true)
        .auto_shrink([false, true])
        .min_scrolled_height(0.0)
        .column(Column::auto())
        .column(Column::initial(170.0).clip(true))
        .column(Column::remainder().clip(true))
        .header(22.0, |mut header| {
            for title in [
                String::new(),
                tr!("remotes-cache-col-name"),
                "ID".to_string(),
            ] {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
        })
        .body(|body| {
            body.rows(20.0, view.state.queued.len(), |mut row| {
                let id = &view.state.queued[row.index()];
                row.col(|ui| {
                    if ui
                        .add_enabled(
                            !busy,
                            egui::Button::new(tr!("remotes-cache-remove-from-queue")).small(),
                        )
                        .clicked()
                    {
                        delete = Some(id.clone());
                    }
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(theme::shown(view.name(id).unwrap_or(""))).truncate());
                });
                row.col(|ui| {
                    ui.label(RichText::new(id).weak().monospace());
                });
            });
        });
    delete
}
