//! The table of a cloud's images (one page): name, status, disk format, size, visibility,
//! updated, id; headers sort on the cloud (the keys Glance accepts); click or Ctrl-click to
//! select; rows can be dragged onto the local list to pull them (or onto another cloud to
//! copy them there); a row's context menu offers "Copy to cloud…".

use eframe::egui::{self, RichText, Sense};
use egui_extras::Column;

use crate::backend::remote::RemoteImage;
use crate::backend::{ImageStatus, Visibility};
use crate::format;
use crate::i18n::labels;
use crate::tr;
use crate::ui::remotes::browser::{Browser, RemoteSort};
use crate::ui::remotes::copy;
use crate::ui::remotes::drag::RemoteImagesDrag;
use crate::ui::remotes::forms::RemoteCtx;
use crate::ui::theme;

/// Glance's timestamp in local time, to the minute.
pub fn updated(at: Option<&str>) -> String {
    match at.map(chrono::DateTime::parse_from_rfc3339) {
        Some(Ok(at)) => format::local_time(&at.with_timezone(&chrono::Utc)),
        Some(Err(_)) => at.unwrap_or_default().to_string(),
        None => "—".into(),
    }
}

/// An image status as a table cell shows it: the translated label in the status's colour,
/// and, where the label is not Glance's value itself (not in English), "label (value)" for
/// its tooltip.
pub fn status_cell(status: ImageStatus, dark: bool) -> (RichText, Option<String>) {
    let label = labels::image_status(status);
    let text = RichText::new(&label).color(theme::status_color(status, dark));
    let hover = (label != status.as_str()).then(|| labels::with_value(&label, status.as_str()));
    (text, hover)
}

fn status_text(status: &str, dark: bool) -> (RichText, Option<String>) {
    match status.parse::<ImageStatus>() {
        Ok(s) => status_cell(s, dark),
        Err(_) => (RichText::new(theme::shown(status)), None),
    }
}

/// A visibility as a table cell shows it: the translated label, and "label (value)" for its
/// tooltip where they differ.
fn visibility_text(visibility: &str) -> (RichText, Option<String>) {
    match visibility.parse::<Visibility>() {
        Ok(v) => {
            let label = labels::visibility(v);
            let hover = (label != v.as_str()).then(|| labels::with_value(&label, v.as_str()));
            (RichText::new(label), hover)
        }
        Err(_) => (RichText::new(theme::shown(visibility)), None),
    }
}

/// Draws the selected cloud's page of images (`inbox`: the images shared with the project
/// instead of its own), handling row selection, drag to pull, and header clicks that re-sort.
pub fn table_ui(
    ui: &mut egui::Ui,
    browser: &mut Browser,
    cloud: &str,
    inbox: bool,
    rcx: &mut RemoteCtx,
) {
    let dark = ui.visuals().dark_mode;
    let own = browser.project_id.clone();
    let rows: Vec<&RemoteImage> = browser
        .rows
        .iter()
        .filter(|r| !inbox || own.is_none() || r.owner() != own.as_deref())
        .collect();
    let mut clicked = None;
    let mut dragged = None;
    let mut sort_clicked = None;
    // A right-click selects its row (unless it is in the selection); the menu acts on it.
    let mut right_clicked = None;
    let columns: [(String, Option<RemoteSort>); 7] = [
        (tr!("views-col-name"), Some(RemoteSort::Name)),
        (tr!("views-col-status"), Some(RemoteSort::Status)),
        (tr!("views-col-disk"), Some(RemoteSort::DiskFormat)),
        (tr!("views-col-size"), Some(RemoteSort::Size)),
        (tr!("views-col-visibility"), None),
        (tr!("views-col-updated"), Some(RemoteSort::UpdatedAt)),
        (tr!("views-col-id"), Some(RemoteSort::Id)),
    ];
    let sort_hover = tr!("views-sort-hover");
    theme::data_table(ui, ("remote-table", inbox))
        .sense(Sense::click_and_drag())
        .column(Column::initial(150.0).at_least(70.0).clip(true))
        .column(Column::initial(66.0).at_least(40.0))
        .column(Column::initial(48.0).at_least(36.0))
        .column(Column::initial(66.0).at_least(40.0))
        .column(Column::initial(66.0).at_least(40.0))
        // Updated holds a whole "2026-12-06 22:40:07"; the ID column takes what is left.
        .column(Column::initial(140.0).at_least(50.0).clip(true))
        .column(Column::remainder().at_least(90.0).clip(true))
        .header(22.0, |mut header| {
            for (title, sort) in columns {
                let Some(sort) = sort else {
                    header.col(|ui| {
                        ui.label(RichText::new(&title).strong());
                    });
                    continue;
                };
                // A click anywhere in the header cell sorts, not only on its text.
                let sorted = (browser.sort == sort).then_some(browser.descending);
                if theme::sort_header_cell(&mut header, &title, sorted, &sort_hover).clicked() {
                    sort_clicked = Some(sort);
                }
            }
        })
        .body(|body| {
            body.rows(20.0, rows.len(), |mut row| {
                let image = rows[row.index()];
                row.set_selected(browser.selected.contains(image.id()));
                let cell = |ui: &mut egui::Ui, text: RichText| {
                    ui.add(egui::Label::new(text).selectable(false).truncate());
                };
                // A translated label, with Glance's value on hover.
                let labelled = |ui: &mut egui::Ui, (text, hover): (RichText, Option<String>)| {
                    let label = ui.add(egui::Label::new(text).selectable(false).truncate());
                    if let Some(hover) = hover {
                        label.on_hover_text(hover);
                    }
                };
                row.col(|ui| cell(ui, RichText::new(theme::shown(image.label()))));
                row.col(|ui| labelled(ui, status_text(image.status(), dark)));
                row.col(|ui| {
                    cell(
                        ui,
                        RichText::new(theme::shown(image.disk_format().unwrap_or("—"))),
                    )
                });
                row.col(|ui| cell(ui, RichText::new(format::bytes(image.size_bytes()))));
                row.col(|ui| labelled(ui, visibility_text(image.visibility())));
                row.col(|ui| cell(ui, RichText::new(updated(image.updated_at())).weak()));
                row.col(|ui| cell(ui, RichText::new(image.id()).weak().monospace()));
                let response = row.response();
                if response.clicked() {
                    clicked = Some((
                        image.id().to_string(),
                        response.ctx.input(|i| i.modifiers.command),
                    ));
                }
                if response.drag_started() {
                    dragged = Some(image.id().to_string());
                }
                if response.secondary_clicked() {
                    right_clicked = Some(image.id().to_string());
                }
                response.context_menu(|ui| {
                    // The row, or the selection it is in.
                    let chosen: Vec<&RemoteImage> = if browser.selected.contains(image.id()) {
                        rows.iter()
                            .copied()
                            .filter(|r| browser.selected.contains(r.id()))
                            .collect()
                    } else {
                        vec![image]
                    };
                    copy::context_menu_ui(ui, rcx.forms, cloud, &chosen);
                });
            });
        });
    let by_id = |id: &str| {
        rows.iter()
            .find(|r| r.id() == id)
            .map(|r| (r.id().to_string(), r.label().to_string()))
    };
    let drag_payload = dragged.as_ref().map(|id| {
        let ids: Vec<String> = if browser.selected.contains(id) {
            browser.selected.iter().cloned().collect()
        } else {
            vec![id.clone()]
        };
        ids.iter().filter_map(|i| by_id(i)).collect::<Vec<_>>()
    });
    drop(rows);
    if let Some(sort) = sort_clicked {
        if browser.sort == sort {
            browser.descending = !browser.descending;
        } else {
            browser.sort = sort;
            browser.descending = false;
        }
        browser.previous.clear();
        let op = browser.request(rcx.generations, cloud, None, inbox);
        rcx.send(op);
    } else if let Some(id) = right_clicked.filter(|id| !browser.selected.contains(id)) {
        browser.selected = [id.clone()].into();
        browser.primary = Some(id);
    } else if let Some((id, toggle)) = clicked {
        if toggle {
            if !browser.selected.remove(&id) {
                browser.selected.insert(id.clone());
            }
        } else {
            browser.selected = [id.clone()].into();
        }
        browser.primary = Some(id);
    }
    if let Some(images) = drag_payload.filter(|i| !i.is_empty()) {
        egui::DragAndDrop::set_payload(ui.ctx(), RemoteImagesDrag(cloud.to_string(), images));
    }
}
