//! The table of a cloud's images (one page): name, status, disk format, size, visibility,
//! updated, id; headers sort on the cloud (the keys Glance accepts); click or Ctrl-click to
//! select; rows can be dragged onto the local list to pull them.

use eframe::egui::{self, RichText, Sense};
use egui_extras::Column;

use crate::backend::ImageStatus;
use crate::backend::remote::RemoteImage;
use crate::format;
use crate::ui::remotes::browser::{Browser, RemoteSort};
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

fn status_text(status: &str, dark: bool) -> RichText {
    match status.parse::<ImageStatus>() {
        Ok(s) => theme::status_text(s, dark),
        Err(_) => RichText::new(theme::shown(status)),
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
    let columns: [(&str, Option<RemoteSort>); 7] = [
        ("Name", Some(RemoteSort::Name)),
        ("Status", Some(RemoteSort::Status)),
        ("Disk", Some(RemoteSort::DiskFormat)),
        ("Size", Some(RemoteSort::Size)),
        ("Visibility", None),
        ("Updated", Some(RemoteSort::UpdatedAt)),
        ("ID", Some(RemoteSort::Id)),
    ];
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
                        ui.label(RichText::new(title).strong());
                    });
                    continue;
                };
                // A click anywhere in the header cell sorts, not only on its text.
                let sorted = (browser.sort == sort).then_some(browser.descending);
                if theme::sort_header_cell(
                    &mut header,
                    title,
                    sorted,
                    "Sort on the cloud by this column",
                )
                .clicked()
                {
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
                row.col(|ui| cell(ui, RichText::new(theme::shown(image.label()))));
                row.col(|ui| cell(ui, status_text(image.status(), dark)));
                row.col(|ui| {
                    cell(
                        ui,
                        RichText::new(theme::shown(image.disk_format().unwrap_or("—"))),
                    )
                });
                row.col(|ui| cell(ui, RichText::new(format::bytes(image.size_bytes()))));
                row.col(|ui| cell(ui, RichText::new(theme::shown(image.visibility()))));
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
