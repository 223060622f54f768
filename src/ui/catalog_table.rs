//! The catalog browser's widgets: the filter bar (search-as-you-type, status, format,
//! visibility, tag, property, hidden, Clear filters) and the virtualised image table with
//! sortable headers, multi-select, keyboard navigation and a context menu. Only the rows in
//! view are drawn and only their pages are fetched, so 100,000 images scroll like 100. An
//! empty catalog says what to do first; an empty result says how to get rows back.

use eframe::egui::{self, Key, RichText, Sense};
use egui_extras::Column as TableColumn;

use crate::backend::state::is_allowed;
use crate::backend::{DiskFormat, ImageId, ImageStatus, Visibility};
use crate::ui::bridge::{Command, LifecycleAction};
use crate::ui::catalog::{CatalogView, Column, VisibilityChoice};
use crate::ui::convert::{self, ConvertAction};
use crate::ui::remotes::drag;
use crate::ui::theme;

const ROW_HEIGHT: f32 = 20.0;
const HEADER_HEIGHT: f32 = 22.0;

/// What the user asked for in the catalog besides selecting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogAction {
    /// A lifecycle action on the selected images (delete asks for confirmation first).
    Lifecycle(LifecycleAction, Vec<ImageId>),
    /// Save one image's data to a file.
    Export(ImageId),
    /// Convert, resize, check, or create a blank image.
    Convert(ConvertAction),
    /// Open the import window (the top bar's Import…).
    Import,
    /// Go to the Remotes view and open the form for a new cloud.
    AddCloud,
}

/// The filter bar. Returns true when the listing must be refetched.
pub fn filter_bar_ui(ui: &mut egui::Ui, view: &mut CatalogView) -> bool {
    let mut changed = false;
    let (_, property_problem) = view.query();
    ui.horizontal_wrapped(|ui| {
        let search = ui.add(
            egui::TextEdit::singleline(&mut view.filters.search)
                .hint_text("Search name, id or tag")
                .desired_width(220.0),
        );
        changed |= search.accessible_name("Search").changed();
        let f = &mut view.filters;
        changed |= option_combo_ui(ui, "Status", &mut f.status, ImageStatus::ALL, "any");
        changed |= option_combo_ui(ui, "Format", &mut f.disk_format, DiskFormat::ALL, "any");
        let before = f.visibility;
        let shown = match f.visibility {
            VisibilityChoice::Default => "default".to_string(),
            VisibilityChoice::All => "all".to_string(),
            VisibilityChoice::Only(v) => v.to_string(),
        };
        let label = ui.label("Visibility");
        egui::ComboBox::from_id_salt("filter-visibility")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.visibility, VisibilityChoice::Default, "default")
                    .on_hover_text("Glance's default: all but other projects' community images");
                ui.selectable_value(&mut f.visibility, VisibilityChoice::All, "all");
                for v in Visibility::ALL {
                    ui.selectable_value(&mut f.visibility, VisibilityChoice::Only(*v), v.as_str());
                }
            })
            .response
            .labelled_by(label.id);
        changed |= f.visibility != before;
        changed |= ui
            .add(
                egui::TextEdit::singleline(&mut f.tag)
                    .hint_text("tag")
                    .desired_width(90.0),
            )
            .accessible_name("Tag filter")
            .on_hover_text("Only images with this exact tag")
            .changed();
        changed |= ui
            .add(
                egui::TextEdit::singleline(&mut f.property)
                    .hint_text("property key=value")
                    .desired_width(150.0),
            )
            .accessible_name("Property filter")
            .on_hover_text("Only images whose property has this value")
            .changed();
        changed |= ui
            .checkbox(&mut f.hidden, "Hidden")
            .on_hover_text("List images with os_hidden set instead of the visible ones")
            .changed();
        if ui
            .add_enabled(view.filters_active(), egui::Button::new("Clear filters"))
            .on_hover_text("Show every image again (the sort stays)")
            .on_disabled_hover_text("No filter is set")
            .clicked()
        {
            view.filters = Default::default();
            changed = true;
        }
    });
    if let Some(problem) = property_problem {
        ui.label(theme::error_text(ui, problem));
    }
    ui.horizontal(|ui| {
        // The last count stays until the new one arrives, marked as updating.
        let total = view.total();
        ui.label(format!(
            "{total} image{} · {} selected",
            if total == 1 { "" } else { "s" },
            view.selected.len()
        ));
        if view.is_refreshing() {
            ui.label(RichText::new("updating…").weak());
        }
    });
    if changed {
        // A new result starts at its top, so its first page is the one fetched.
        view.scroll_to = Some(0);
        view.invalidate();
    }
    changed
}

/// Arrow keys, Page Up/Down, Home/End move the cursor; Ctrl+A selects the loaded rows;
/// Delete asks to delete the selection. Ignored while a text field has focus.
fn keyboard_ui(ui: &egui::Ui, view: &mut CatalogView, actions: &mut Vec<CatalogAction>) {
    if ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let page = ((ui.available_height() / ROW_HEIGHT) as i64 - 2).max(1);
    let (delta, select_all, delete) = ui.input(|i| {
        let delta = if i.key_pressed(Key::ArrowDown) {
            1
        } else if i.key_pressed(Key::ArrowUp) {
            -1
        } else if i.key_pressed(Key::PageDown) {
            page
        } else if i.key_pressed(Key::PageUp) {
            -page
        } else if i.key_pressed(Key::Home) {
            i64::MIN / 2
        } else if i.key_pressed(Key::End) {
            i64::MAX / 2
        } else {
            0
        };
        (
            delta,
            i.modifiers.command && i.key_pressed(Key::A),
            i.key_pressed(Key::Delete),
        )
    });
    if delta != 0 {
        view.move_cursor(delta);
    }
    if select_all {
        let ids: Vec<ImageId> = view.loaded_rows().map(|(_, r)| r.id).collect();
        view.selected.extend(ids);
    }
    if delete && !view.selected.is_empty() {
        actions.push(CatalogAction::Lifecycle(
            LifecycleAction::Delete,
            view.selected.iter().copied().collect(),
        ));
    }
}

/// The image table. Queues page fetches into `out`; returns the actions asked for.
pub fn table_ui(
    ui: &mut egui::Ui,
    view: &mut CatalogView,
    out: &mut Vec<Command>,
) -> Vec<CatalogAction> {
    let mut actions = Vec::new();
    if view.count_is_current() && view.total() == 0 {
        // Nothing to list: say what to do instead of drawing an empty table.
        empty_state_ui(ui, view, &mut actions);
        view.request_missing(None, out);
        return actions;
    }
    keyboard_ui(ui, view, &mut actions);
    let dark = ui.visuals().dark_mode;
    let total = view.row_count();
    let selected_statuses: Vec<ImageStatus> = view
        .selected
        .iter()
        .filter_map(|id| view.status_of(*id))
        .collect();
    let mut sort_clicked = None;
    let mut clicked: Option<(u64, ImageId, egui::Modifiers)> = None;
    let mut right_clicked: Option<(u64, ImageId)> = None;
    let mut menu_action = None;
    let mut visible: Option<(u64, u64)> = None;
    let mut drag_started = None;

    let mut builder = theme::data_table(ui, "catalog-table")
        .sense(Sense::click_and_drag())
        .column(TableColumn::initial(190.0).at_least(80.0).clip(true))
        .column(TableColumn::initial(86.0).at_least(60.0))
        .column(TableColumn::initial(50.0).at_least(40.0))
        .column(TableColumn::initial(66.0).at_least(40.0))
        .column(TableColumn::initial(68.0).at_least(40.0))
        .column(TableColumn::initial(76.0).at_least(40.0))
        .column(TableColumn::initial(66.0).at_least(40.0))
        .column(TableColumn::initial(64.0).at_least(40.0))
        .column(TableColumn::initial(100.0).at_least(40.0).clip(true))
        .column(TableColumn::remainder().at_least(120.0));
    if let Some(row) = view.scroll_to.take() {
        // Jump rather than animate: an animation through 100,000 rows would fetch every page
        // on the way.
        builder = builder
            .animate_scrolling(false)
            .scroll_to_row(row as usize, None);
    }
    let sort = view.sort;
    builder
        .header(HEADER_HEIGHT, |mut header| {
            for column in Column::ALL {
                header.col(|ui| {
                    if column.sort_key().is_none() {
                        ui.label(RichText::new(column.title()).strong());
                        return;
                    }
                    let arrow = match (sort.column == column, sort.descending) {
                        (false, _) => "",
                        (true, false) => " ▲",
                        (true, true) => " ▼",
                    };
                    let text = RichText::new(format!("{}{arrow}", column.title())).strong();
                    if ui
                        .add(egui::Button::new(text).frame(false))
                        .on_hover_text("Sort by this column (click again to reverse)")
                        .clicked()
                    {
                        sort_clicked = Some(column);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, total as usize, |mut row| {
                let index = row.index() as u64;
                visible =
                    Some(visible.map_or((index, index), |(a, b)| (a.min(index), b.max(index))));
                let Some(data) = view.row(index) else {
                    row.col(|ui| {
                        ui.label(RichText::new("…").weak());
                    });
                    for _ in 1..Column::ALL.len() {
                        row.col(|_| {});
                    }
                    return;
                };
                row.set_selected(view.selected.contains(&data.id));
                let cell = |ui: &mut egui::Ui, text: RichText| {
                    ui.add(egui::Label::new(text).selectable(false).truncate());
                };
                row.col(|ui| cell(ui, RichText::new(theme::shown(&data.name))));
                row.col(|ui| {
                    if data.damaged {
                        // A mark with Glance's status, not a status of its own; the sign goes
                        // first so a narrow column still shows it.
                        let text = theme::damaged_status_text(data.status, dark);
                        ui.add(egui::Label::new(text).selectable(false).truncate())
                            .on_hover_text(
                                "Damaged: the stored data failed its size or hash check \
                                 (see Details)",
                            );
                    } else {
                        cell(ui, theme::status_text(data.status, dark));
                    }
                });
                row.col(|ui| cell(ui, RichText::new(data.disk_format)));
                row.col(|ui| cell(ui, RichText::new(data.container_format)));
                row.col(|ui| cell(ui, RichText::new(&data.size)));
                row.col(|ui| cell(ui, RichText::new(&data.virtual_size)));
                row.col(|ui| cell(ui, RichText::new(data.visibility)));
                row.col(|ui| cell(ui, RichText::new(if data.protected { "yes" } else { "no" })));
                row.col(|ui| cell(ui, RichText::new(theme::shown(&data.tags))));
                row.col(|ui| cell(ui, RichText::new(&data.updated).weak()));
                let response = row.response();
                if response.clicked() {
                    clicked = Some((index, data.id, response.ctx.input(|i| i.modifiers)));
                }
                if response.secondary_clicked() {
                    right_clicked = Some((index, data.id));
                }
                if response.drag_started() {
                    drag_started = Some(data.id);
                }
                response.context_menu(|ui| {
                    if let Some(action) = context_menu_ui(ui, &selected_statuses, data.id) {
                        menu_action = Some(action);
                    }
                });
            });
        });

    if let Some(column) = sort_clicked {
        view.sort_by(column);
    }
    if let Some((index, id, modifiers)) = clicked {
        if modifiers.command {
            view.toggle(index, id);
        } else if modifiers.shift {
            view.select_range(index, id);
        } else {
            view.select_only(index, id);
        }
    }
    if let Some((index, id)) = right_clicked
        && !view.selected.contains(&id)
    {
        view.select_only(index, id);
    }
    if let Some(id) = drag_started {
        // Dragged rows can be dropped on a cloud (the Remotes view's push).
        drag::start_local_drag(ui.ctx(), view, id);
    }
    if let Some(action) = menu_action {
        actions.push(match action {
            MenuChoice::Lifecycle(action) => {
                CatalogAction::Lifecycle(action, view.selected.iter().copied().collect())
            }
            MenuChoice::Export(id) => CatalogAction::Export(id),
            MenuChoice::Convert(action) => CatalogAction::Convert(action),
            MenuChoice::CopyId(id) => {
                ui.ctx().copy_text(id.to_string());
                return actions;
            }
        });
    }
    view.request_missing(visible, out);
    if let Some(wait) = view.count_wait() {
        ui.ctx().request_repaint_after(wait);
    }
    actions
}

/// What an empty table shows: with filters set, that nothing matches and a way to clear
/// them; with none, that the catalog is empty and the three ways to fill it.
fn empty_state_ui(ui: &mut egui::Ui, view: &mut CatalogView, actions: &mut Vec<CatalogAction>) {
    ui.add_space(24.0);
    ui.vertical_centered(|ui| {
        if view.filters_active() {
            ui.label(RichText::new("No images match these filters.").strong());
            ui.add_space(6.0);
            if ui
                .button("Clear filters")
                .on_hover_text("Show every image again")
                .clicked()
            {
                view.clear_filters();
            }
            return;
        }
        ui.label(RichText::new("The catalog is empty.").strong().size(16.0));
        ui.add_space(4.0);
        ui.label("Start by importing a disk image file, creating a blank image, or adding a cloud to pull images from.");
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            // Centre the three buttons: measure them on the first frame, then offset.
            let id = egui::Id::unique("catalog-empty-state-buttons");
            let width: f32 = ui.ctx().data(|d| d.get_temp(id)).unwrap_or(0.0);
            ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
            let start = ui.cursor().min.x;
            if ui
                .button("Import a file…")
                .on_hover_text("Import disk image files (Ctrl+I; Import… in the top bar)")
                .clicked()
            {
                actions.push(CatalogAction::Import);
            }
            if ui
                .button("Create a blank image…")
                .on_hover_text("Create an empty disk image with qemu-img (New blank image… in the top bar)")
                .clicked()
            {
                actions.push(CatalogAction::Convert(ConvertAction::CreateBlank));
            }
            if ui
                .button("Add a cloud…")
                .on_hover_text("Go to Remotes and add an OpenStack cloud")
                .clicked()
            {
                actions.push(CatalogAction::AddCloud);
            }
            let used = ui.min_rect().max.x - start;
            ui.ctx().data_mut(|d| d.insert_temp(id, used));
        });
    });
}

enum MenuChoice {
    Lifecycle(LifecycleAction),
    Export(ImageId),
    CopyId(ImageId),
    Convert(ConvertAction),
}

/// The row context menu. Actions are enabled when at least one selected image allows them.
fn context_menu_ui(
    ui: &mut egui::Ui,
    statuses: &[ImageStatus],
    clicked: ImageId,
) -> Option<MenuChoice> {
    let any = |to: ImageStatus| statuses.is_empty() || statuses.iter().any(|s| is_allowed(*s, to));
    let mut choice = None;
    let items = [
        (
            LifecycleAction::Deactivate,
            "Deactivate",
            ImageStatus::Deactivated,
            "Only active images can be deactivated",
        ),
        (
            LifecycleAction::Reactivate,
            "Reactivate",
            ImageStatus::Active,
            "Only deactivated images can be reactivated",
        ),
        (
            LifecycleAction::Restore,
            "Restore",
            ImageStatus::Active,
            "Only images in pending_delete can be restored",
        ),
        (
            LifecycleAction::Delete,
            "Delete…",
            ImageStatus::Deleted,
            "Deleted images cannot be deleted again",
        ),
    ];
    for (action, label, to, why) in items {
        let enabled = match action {
            LifecycleAction::Deactivate => {
                statuses.contains(&ImageStatus::Active) || statuses.is_empty()
            }
            LifecycleAction::Reactivate => {
                statuses.contains(&ImageStatus::Deactivated) || statuses.is_empty()
            }
            LifecycleAction::Restore => {
                statuses.contains(&ImageStatus::PendingDelete) || statuses.is_empty()
            }
            LifecycleAction::Delete => any(to),
        };
        if ui
            .add_enabled(enabled, egui::Button::new(label))
            .on_disabled_hover_text(why)
            .clicked()
        {
            choice = Some(MenuChoice::Lifecycle(action));
        }
    }
    ui.separator();
    let can_export = statuses.len() <= 1 && statuses.iter().all(|s| *s == ImageStatus::Active);
    if ui
        .add_enabled(can_export, egui::Button::new("Save as…"))
        .on_disabled_hover_text("Only one active image's data can be saved")
        .clicked()
    {
        choice = Some(MenuChoice::Export(clicked));
    }
    ui.separator();
    if let Some(action) = convert::context_menu_ui(ui, statuses, clicked) {
        choice = Some(MenuChoice::Convert(action));
    }
    ui.separator();
    if ui.button("Copy ID").clicked() {
        choice = Some(MenuChoice::CopyId(clicked));
    }
    choice
}

/// A label and a combo box over optional values (`None` shown as `none_text`); true when
/// changed.
pub fn option_combo_ui<T: Copy + PartialEq + ToString>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<T>,
    all: &[T],
    none_text: &str,
) -> bool {
    let before = *value;
    let shown = value.map_or_else(|| none_text.to_string(), |v| v.to_string());
    let label = ui.label(label);
    egui::ComboBox::from_id_salt(label.id)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, none_text);
            for v in all {
                ui.selectable_value(value, Some(*v), v.to_string());
            }
        })
        .response
        .labelled_by(label.id);
    *value != before
}
