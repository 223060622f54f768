//! The local side of the Remotes view: the local catalog as a compact, virtualised list (the
//! same listing, search and selection as the catalog table, so the inspector follows it),
//! whose rows can be dragged onto a cloud and which accepts remote images dropped on it (a
//! pull); and, in the Catalog view, the strip of clouds that appears while local images are
//! dragged, so the main table's rows can be dropped on a cloud too.

use eframe::egui::{self, Align, Layout, RichText, Sense};
use egui_extras::{Column, TableBuilder};

use crate::app::protocol::remote::{CloudEntry, RemoteOp};
use crate::backend::remote::same_data::SameData;
use crate::tr;
use crate::ui::bridge::Command;
use crate::ui::catalog::CatalogView;
use crate::ui::context::Ctx;
use crate::ui::jobs::JobKind;
use crate::ui::remotes::drag::{LocalImagesDrag, RemoteImagesDrag, local_drag};
use crate::ui::remotes::forms::RemoteCtx;
use crate::ui::remotes::table::status_cell;
use crate::ui::theme;

const ROW_HEIGHT: f32 = 20.0;

/// Start pull jobs for remote images of `cloud`; a single pull selects its new image.
pub fn start_pulls(cx: &mut Ctx, cloud: &str, images: &[(String, String)]) {
    let select = images.len() == 1;
    for (remote_id, name) in images {
        let (job, control) = cx
            .jobs
            .start(JobKind::Pull, format!("{name} ← {cloud}"), None);
        let op = RemoteOp::Pull {
            job,
            control,
            cloud: cloud.to_string(),
            remote_id: remote_id.clone(),
            select,
            // A local image with the same data makes the job ask first (the same-data dialog).
            on_same_data: SameData::Refuse,
        };
        cx.remote(op);
    }
}

/// The compact local list; `cloud` is the selected cloud.
pub fn local_list_ui(
    ui: &mut egui::Ui,
    catalog: &mut CatalogView,
    cloud: Option<&str>,
    local_details: &mut bool,
    rcx: &mut RemoteCtx,
) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr!("views-local-title")).strong());
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            ui.toggle_value(local_details, tr!("views-local-details"))
                .on_hover_text(tr!("views-local-details-hover"));
        });
    });
    let search = ui.add(
        egui::TextEdit::singleline(&mut catalog.filters.search)
            .hint_text(tr!("views-local-search-hint"))
            .desired_width(f32::INFINITY),
    );
    if search.accessible_name(tr!("views-local-search")).changed() {
        catalog.invalidate();
    }
    let total = catalog.total();
    let selected: Vec<_> = catalog.selected.iter().copied().collect();
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr!("common-images-count", count = total)).weak());
        let why = if cloud.is_none() {
            tr!("views-local-pick-cloud")
        } else {
            tr!("views-local-pick-images")
        };
        if ui
            .add_enabled(
                cloud.is_some() && !selected.is_empty(),
                egui::Button::new(tr!("views-local-push")),
            )
            .on_hover_text(tr!("views-local-push-hover"))
            .on_disabled_hover_text(why)
            .clicked()
            && let (Some(cloud), Some(first)) = (cloud, selected.first())
        {
            let drag = local_drag(catalog, *first);
            rcx.forms.ask_push(cloud, drag.0);
        }
    });
    let scope = ui.scope(|ui| table_ui(ui, catalog, rcx.outbox));
    let rect = scope.response.rect;
    let area = ui.interact(rect, egui::Id::unique("local-list-drop"), Sense::hover());
    if area.dnd_hover_payload::<RemoteImagesDrag>().is_some() {
        let stroke = egui::Stroke::new(2.0, ui.visuals().selection.stroke.color);
        ui.painter()
            .rect_stroke(rect, 4.0, stroke, egui::StrokeKind::Inside);
    }
    if let Some(drop) = area.dnd_release_payload::<RemoteImagesDrag>() {
        start_pulls(&mut rcx.cx(), &drop.0, &drop.1);
    }
}

fn table_ui(ui: &mut egui::Ui, catalog: &mut CatalogView, outbox: &mut Vec<Command>) {
    let dark = ui.visuals().dark_mode;
    // In a narrow list the names need the room more than the sizes do (cut names of
    // similar images read the same); the full name is on hover whenever it is cut.
    let show_size = ui.available_width() >= 300.0;
    let status_column = status_width(ui, catalog);
    let mut titles = vec![tr!("views-col-name"), tr!("views-col-status")];
    if show_size {
        titles.push(tr!("views-col-size"));
    }
    let total = catalog.total();
    let mut visible: Option<(u64, u64)> = None;
    let mut clicked = None;
    let mut dragged = None;
    TableBuilder::new(ui)
        .id_salt("local-compact-table")
        .striped(true)
        .sense(Sense::click_and_drag())
        .cell_layout(Layout::left_to_right(Align::Center))
        .auto_shrink([false, false])
        .min_scrolled_height(0.0)
        .column(Column::remainder().at_least(90.0).clip(true))
        // Wide enough for "deactivated" and "pending_delete" (the longest statuses).
        .column(Column::exact(status_column))
        .columns(Column::exact(70.0), usize::from(show_size))
        .header(20.0, |mut header| {
            for title in &titles {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, total as usize, |mut row| {
                let index = row.index() as u64;
                visible =
                    Some(visible.map_or((index, index), |(a, b)| (a.min(index), b.max(index))));
                let Some(data) = catalog.row(index) else {
                    row.col(|ui| {
                        ui.label(RichText::new("…").weak());
                    });
                    for _ in 1..titles.len() {
                        row.col(|_| {});
                    }
                    return;
                };
                row.set_selected(catalog.selected.contains(&data.id));
                let cell = |ui: &mut egui::Ui, text: RichText| {
                    ui.add(egui::Label::new(text).selectable(false).truncate());
                };
                row.col(|ui| {
                    // Cut in the middle, so similar names still differ; the whole name on hover.
                    let name = theme::shown(&data.name);
                    let (text, cut) = theme::elide_middle(ui, &name, ui.available_width());
                    let label = ui.add(egui::Label::new(text).selectable(false));
                    if cut {
                        label.accessible_name(name.clone()).on_hover_text(name);
                    }
                });
                row.col(|ui| {
                    // The translated label, with Glance's value on hover.
                    let (text, hover) = status_cell(data.status, dark);
                    let label = ui.add(egui::Label::new(text).selectable(false).truncate());
                    if let Some(hover) = hover {
                        label.on_hover_text(hover);
                    }
                });
                if show_size {
                    row.col(|ui| cell(ui, RichText::new(&data.size)));
                }
                let response = row.response();
                if response.clicked() {
                    clicked = Some((index, data.id, response.ctx.input(|i| i.modifiers)));
                }
                if response.drag_started() {
                    dragged = Some(data.id);
                }
            });
        });
    if let Some((index, id, modifiers)) = clicked {
        if modifiers.command {
            catalog.toggle(index, id);
        } else if modifiers.shift {
            catalog.select_range(index, id);
        } else {
            catalog.select_only(index, id);
        }
    }
    if let Some(id) = dragged {
        if !catalog.selected.contains(&id) {
            catalog.selected = [id].into();
            catalog.primary = Some(id);
        }
        egui::DragAndDrop::set_payload(ui.ctx(), local_drag(catalog, id));
    }
    catalog.request_missing(visible, outbox);
}

/// The width of the longest status among the loaded rows in the body font, plus the cell's
/// spacing: a fixed width for "pending_delete" would take the names' room in a narrow list.
fn status_width(ui: &egui::Ui, catalog: &CatalogView) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let mut statuses: Vec<_> = catalog.loaded_rows().map(|(_, row)| row.status).collect();
    statuses.sort_unstable();
    statuses.dedup();
    // The labels as shown (translated), and the column's title.
    let widest = statuses
        .into_iter()
        .map(crate::i18n::labels::image_status)
        .chain([tr!("views-col-status")])
        .map(|text| {
            ui.painter()
                .layout_no_wrap(text, font.clone(), egui::Color32::WHITE)
                .size()
                .x
        })
        .fold(0.0, f32::max);
    widest + ui.spacing().item_spacing.x + 4.0
}

/// In the Catalog view, while local images are dragged: a strip of `clouds` to drop them on.
/// Returns the cloud they were dropped on, with them.
pub fn catalog_drop_ui(
    ui: &mut egui::Ui,
    clouds: &[CloudEntry],
) -> Option<(String, LocalImagesDrag)> {
    if !egui::DragAndDrop::has_payload_of_type::<LocalImagesDrag>(ui.ctx()) || clouds.is_empty() {
        return None;
    }
    let panel = ui.max_rect();
    let mut dropped = None;
    egui::Area::new(egui::Id::unique("catalog-cloud-drop"))
        .order(egui::Order::Foreground)
        .fixed_pos(panel.left_bottom() + egui::vec2(12.0, -64.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(tr!("views-drop-on-cloud"));
                    for entry in clouds {
                        let name = &entry.config.name;
                        let (response, payload) = ui.dnd_drop_zone::<LocalImagesDrag, _>(
                            egui::Frame::new()
                                .inner_margin(egui::Margin::symmetric(10, 6))
                                .corner_radius(4.0)
                                .stroke(ui.visuals().widgets.inactive.bg_stroke),
                            |ui| {
                                ui.label(RichText::new(theme::shown(name)).strong());
                            },
                        );
                        let _ = response;
                        if let Some(payload) = payload {
                            dropped = Some((name.clone(), (*payload).clone()));
                        }
                    }
                });
            });
        });
    dropped
}
