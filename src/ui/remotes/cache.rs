//! The cache tab of the Remotes view: the local cache of remote image data (complete and
//! partial entries with size and last use, least recently used last), its total against the
//! cap (which can be changed here), Prune / Clean, and Remove for one complete entry, all run
//! off the UI thread. Prefetching ("cache queue") starts from
//! the Images tab.

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

use crate::app::protocol::remote::RemoteOp;
use crate::backend::remote::CacheEntry;
use crate::format;
use crate::tr;
use crate::ui::context::Ctx;
use crate::ui::theme;

/// The cache view's state.
#[derive(Debug, Default)]
pub struct CacheView {
    /// Entries, least recently used first.
    pub entries: Vec<CacheEntry>,
    /// The size cap.
    pub cap_bytes: u64,
    /// Entries were read at least once.
    pub loaded: bool,
    /// A listing is on its way.
    pub loading: bool,
    /// List again (a pull or prefetch changed it).
    pub stale: bool,
    /// Why the cache could not be read or changed.
    pub error: Option<String>,
    /// The cap being edited, in GiB (`None`: not being edited).
    pub cap_gib: Option<f64>,
}

impl CacheView {
    /// Entries arrived.
    pub fn arrived(&mut self, entries: Vec<CacheEntry>, cap_bytes: u64) {
        self.entries = entries;
        self.cap_bytes = cap_bytes;
        self.loaded = true;
        self.loading = false;
        self.error = None;
    }

    /// Reading or changing the cache failed.
    pub fn failed(&mut self, message: &str) {
        self.loaded = true;
        self.loading = false;
        self.error = Some(message.to_string());
    }
}

/// The cache tab.
pub fn cache_ui(ui: &mut egui::Ui, cache: &mut CacheView, cx: &mut Ctx) {
    let mut op = None;
    if (!cache.loaded || cache.stale) && !cache.loading {
        op = Some(RemoteOp::CacheList);
    }
    let total: u64 = cache.entries.iter().map(|e| e.size_bytes).sum();
    ui.horizontal(|ui| {
        ui.label(tr!(
            "views-cache-summary",
            total = format::bytes_exact(total),
            cap = format::bytes_exact(cache.cap_bytes),
            count = cache.entries.len()
        ));
        if ui.button(tr!("views-refresh")).clicked() {
            op = Some(RemoteOp::CacheList);
        }
        if ui
            .button(tr!("views-cache-prune"))
            .on_hover_text(tr!("views-cache-prune-hover"))
            .clicked()
        {
            op = Some(RemoteOp::CachePrune);
        }
        if ui
            .button(tr!("views-cache-clean"))
            .on_hover_text(tr!("views-cache-clean-hover"))
            .clicked()
        {
            op = Some(RemoteOp::CacheClean);
        }
        if cache.loading {
            ui.spinner();
        }
    });
    ui.horizontal(|ui| {
        const GIB: f64 = (1u64 << 30) as f64;
        let current = cache.cap_bytes as f64 / GIB;
        let editing = cache.cap_gib.get_or_insert(current);
        let label = ui.label(tr!("views-cache-cap"));
        ui.add(
            egui::DragValue::new(editing)
                .range(0.0..=1_000_000.0)
                .speed(1.0)
                .max_decimals(2),
        )
        .labelled_by(label.id);
        let wanted = (*editing * GIB).round() as u64;
        if ui
            .add_enabled(
                cache.loaded && wanted != cache.cap_bytes,
                egui::Button::new(tr!("views-cache-set-cap")),
            )
            .on_hover_text(tr!("views-cache-set-cap-hover"))
            .clicked()
        {
            op = Some(RemoteOp::CacheSetCap(wanted));
            cache.cap_gib = None;
        }
    });
    ui.label(
        RichText::new(tr!("views-cache-prefetch-hint"))
            .weak()
            .small(),
    );
    if let Some(error) = &cache.error {
        ui.add(egui::Label::new(theme::error_text(ui, error.clone())).wrap());
    }
    if let Some(op) = op {
        cache.loading = true;
        cache.stale = false;
        cx.remote(op);
    }
    let cache = &*cache;
    let mut removal = None;
    // Columns in proportion to the pane, and a horizontal scroll when even their least widths
    // do not fit (at 800x500 the cloud pane is some 440 points wide): the table never widens
    // the pane past the window.
    let width = ui.available_width();
    egui::ScrollArea::horizontal()
        .id_salt("cache-table-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            TableBuilder::new(ui)
                .id_salt("cache-table")
                .striped(true)
                .resizable(true)
                .auto_shrink([false, false])
                .min_scrolled_height(0.0)
                .column(
                    Column::initial((width * 0.12).max(60.0))
                        .at_least(40.0)
                        .clip(true),
                )
                .column(
                    Column::initial((width * 0.2).max(90.0))
                        .at_least(50.0)
                        .clip(true),
                )
                .column(Column::initial(80.0).at_least(50.0).clip(true))
                .column(Column::initial(70.0).at_least(40.0).clip(true))
                .column(
                    Column::initial((width * 0.16).max(90.0))
                        .at_least(50.0)
                        .clip(true),
                )
                .column(Column::remainder().at_least(80.0).clip(true))
                .column(Column::auto())
                .header(22.0, |mut header| {
                    for title in [
                        tr!("views-cache-col-cloud"),
                        tr!("views-col-name"),
                        tr!("views-col-size"),
                        tr!("views-cache-col-state"),
                        tr!("views-cache-col-last-used"),
                        tr!("views-cache-col-remote-id"),
                        String::new(),
                    ] {
                        header.col(|ui| {
                            ui.label(RichText::new(title).strong());
                        });
                    }
                })
                .body(|body| {
                    body.rows(20.0, cache.entries.len(), |mut row| {
                        let entry = &cache.entries[cache.entries.len() - 1 - row.index()];
                        row.col(|ui| {
                            ui.label(&entry.cloud);
                        });
                        row.col(|ui| {
                            ui.add(
                                egui::Label::new(entry.name.clone().unwrap_or_default()).truncate(),
                            );
                        });
                        row.col(|ui| {
                            ui.label(format::bytes_exact(entry.size_bytes));
                        });
                        row.col(|ui| {
                            ui.label(if entry.complete {
                                tr!("views-cache-complete")
                            } else {
                                tr!("views-cache-partial")
                            });
                        });
                        row.col(|ui| {
                            ui.label(RichText::new(&entry.last_used).weak());
                        });
                        row.col(|ui| {
                            ui.label(RichText::new(&entry.remote_id).weak().monospace());
                        });
                        row.col(|ui| {
                            let remove = ui
                                .add_enabled(
                                    entry.complete,
                                    egui::Button::new(tr!("views-cache-remove")).small(),
                                )
                                .on_hover_text(tr!("views-cache-remove-hover"))
                                .on_disabled_hover_text(tr!("views-cache-remove-partial"));
                            if remove.clicked() {
                                removal = Some(RemoteOp::CacheRemove(
                                    entry.cloud.clone(),
                                    entry.remote_id.clone(),
                                ));
                            }
                        });
                    });
                });
        });
    if let Some(op) = removal {
        cx.remote(op);
    }
}
