//! The catalog browser's widgets: the filter bar (search-as-you-type, status, format,
//! visibility, tag, property, hidden, Clear filters, the column chooser) and the virtualised
//! image table with sortable headers (a click anywhere in the cell), multi-select, keyboard
//! navigation and a context menu. Only the rows in view are drawn and only their pages are
//! fetched, so 100,000 images scroll like 100. Columns are as wide as their header and widest
//! value, measured with the font; Name takes the rest and is the one cut (with the whole name
//! and id on hover), and where the shown columns do not fit they scroll across. An empty
//! catalog says what to do first; an empty result says how to get rows back.

use eframe::egui::containers::menu::{MenuButton, MenuConfig};
use eframe::egui::{
    self, Key, PopupCloseBehavior, RichText, Sense, TextStyle, TextWrapMode, WidgetText,
};
use egui_extras::Column as TableColumn;

use crate::backend::state::is_allowed;
use crate::backend::{ContainerFormat, DiskFormat, ImageId, ImageStatus, Visibility};
use crate::format;
use crate::i18n::{self, labels};
use crate::tr;
use crate::ui::bridge::{Command, LifecycleAction};
use crate::ui::catalog::{CatalogView, Column, RowView, VisibilityChoice};
use crate::ui::convert::{self, ConvertAction};
use crate::ui::remotes::drag;
use crate::ui::theme;

const ROW_HEIGHT: f32 = 20.0;
const HEADER_HEIGHT: f32 = 22.0;
/// Name, the column that gives way when the area is narrow, is never narrower than this.
const NAME_MIN_WIDTH: f32 = 120.0;
/// The narrowest a person may drag any other column.
const COLUMN_MIN_WIDTH: f32 = 24.0;
/// Tags are free text: their column grows to the widest tags drawn, up to this.
const TAGS_MAX_WIDTH: f32 = 240.0;
/// Room beyond a value's measured width (rounding to pixels).
const CELL_SLACK: f32 = 4.0;
/// The column chooser stays open while columns are ticked, until a click elsewhere.
const STAY_OPEN: PopupCloseBehavior = PopupCloseBehavior::CloseOnClickOutside;

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
                .hint_text(tr!("window-search-hint"))
                .desired_width(220.0),
        );
        changed |= search.accessible_name(tr!("window-search")).changed();
        let f = &mut view.filters;
        let any = tr!("window-filter-any");
        changed |= option_combo_ui(
            ui,
            &tr!("window-filter-status"),
            &mut f.status,
            ImageStatus::ALL,
            &any,
            |s| (labels::image_status(s), s.as_str().to_string()),
        );
        changed |= option_combo_ui(
            ui,
            &tr!("window-filter-format"),
            &mut f.disk_format,
            DiskFormat::ALL,
            &any,
            |f| (f.as_str().to_string(), f.as_str().to_string()),
        );
        let before = f.visibility;
        let shown = match f.visibility {
            VisibilityChoice::Default => tr!("window-visibility-default"),
            VisibilityChoice::All => tr!("window-visibility-all"),
            VisibilityChoice::Only(v) => labels::visibility(v),
        };
        let label = ui.label(tr!("window-filter-visibility"));
        egui::ComboBox::from_id_salt("filter-visibility")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(
                    &mut f.visibility,
                    VisibilityChoice::Default,
                    tr!("window-visibility-default"),
                )
                .on_hover_text(tr!("window-visibility-default-hint"));
                ui.selectable_value(
                    &mut f.visibility,
                    VisibilityChoice::All,
                    tr!("window-visibility-all"),
                );
                for v in Visibility::ALL {
                    let text = labels::with_value(&labels::visibility(*v), v.as_str());
                    ui.selectable_value(&mut f.visibility, VisibilityChoice::Only(*v), text);
                }
            })
            .response
            .labelled_by(label.id);
        changed |= f.visibility != before;
        changed |= ui
            .add(
                egui::TextEdit::singleline(&mut f.tag)
                    .hint_text(tr!("window-tag-hint"))
                    .desired_width(90.0),
            )
            .accessible_name(tr!("window-tag-filter"))
            .on_hover_text(tr!("window-tag-filter-hint"))
            .changed();
        changed |= ui
            .add(
                egui::TextEdit::singleline(&mut f.property)
                    .hint_text(tr!("window-property-hint"))
                    .desired_width(150.0),
            )
            .accessible_name(tr!("window-property-filter"))
            .on_hover_text(tr!("window-property-filter-hint"))
            .changed();
        changed |= ui
            .checkbox(&mut f.hidden, tr!("window-hidden"))
            .on_hover_text(tr!("window-hidden-hint"))
            .changed();
        if ui
            .add_enabled(
                view.filters_active(),
                egui::Button::new(tr!("window-clear-filters")),
            )
            .on_hover_text(tr!("window-clear-filters-hint"))
            .on_disabled_hover_text(tr!("window-no-filter"))
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
        ui.label(tr!(
            "window-count-selected",
            count = total,
            selected = view.selected.len()
        ));
        if view.is_refreshing() {
            ui.label(RichText::new(tr!("window-updating")).weak());
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let sorted_by = view.sort.column;
            let mut reset_widths = false;
            MenuButton::new(tr!("window-columns"))
                .config(MenuConfig::new().close_behavior(STAY_OPEN))
                .ui(ui, |ui| {
                    reset_widths = columns_menu_ui(ui, &mut view.hidden_columns, sorted_by);
                })
                .0
                .on_hover_text(tr!("window-columns-hint"));
            if reset_widths {
                ui.data_mut(|d| {
                    d.get_temp_mut_or_default::<Widths>(widths_id())
                        .forget_dragged()
                });
            }
        });
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
    let mut widths: Widths = ui.data(|d| d.get_temp(widths_id())).unwrap_or_default();
    // Wider than the area (narrow windows, many columns shown): the columns scroll across
    // rather than being squeezed. The rows scroll up and down inside the table.
    let done = egui::ScrollArea::horizontal()
        .id_salt("catalog-table-across")
        .auto_shrink([false, false])
        .show(ui, |ui| grid_ui(ui, view, &mut widths))
        .inner;
    ui.data_mut(|d| d.insert_temp(widths_id(), widths));

    if let Some(column) = done.sort_clicked {
        view.sort_by(column);
    }
    if let Some((index, id, modifiers)) = done.clicked {
        if modifiers.command {
            view.toggle(index, id);
        } else if modifiers.shift {
            view.select_range(index, id);
        } else {
            view.select_only(index, id);
        }
    }
    if let Some((index, id)) = done.right_clicked
        && !view.selected.contains(&id)
    {
        view.select_only(index, id);
    }
    if let Some(id) = done.drag_started {
        // Dragged rows can be dropped on a cloud (the Remotes view's push).
        drag::start_local_drag(ui.ctx(), view, id);
    }
    if let Some(action) = done.menu_action {
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
    view.request_missing(done.visible, out);
    if let Some(wait) = view.count_wait() {
        ui.ctx().request_repaint_after(wait);
    }
    actions
}

/// Whether the table shows `column` (Name always).
pub fn is_shown(view: &CatalogView, column: Column) -> bool {
    column == Column::Name || !view.hidden_columns.contains(&column)
}

const COLUMNS: usize = Column::ALL.len();

/// Where the table keeps its [`Widths`] (there is one catalog table).
fn widths_id() -> egui::Id {
    egui::Id::unique("catalog-table-widths")
}

fn index_of(column: Column) -> usize {
    Column::ALL
        .iter()
        .position(|c| *c == column)
        .unwrap_or_default()
}

/// The table's column widths between frames (egui memory, not persisted). Every column but
/// Name is as wide as its header and the widest value it can show; Name takes what is left
/// and is the one that gives way. A width the person dragged is kept until they reset it.
#[derive(Clone, Default)]
struct Widths {
    /// The font size and language the fixed widths were measured for.
    measured_for: Option<(f32, f32, i18n::Lang)>,
    /// Header and widest fixed value of each column (statuses, formats, sizes, timestamps).
    fixed: [f32; COLUMNS],
    /// The widest cell text drawn so far in each column (tags, a damaged status).
    seen: [f32; COLUMNS],
    /// Widths dragged by the person.
    dragged: [Option<f32>; COLUMNS],
    /// The widths given at the last layout.
    given: [f32; COLUMNS],
    /// What the last layout was made for: area width, shown columns, wanted widths.
    key: Vec<i32>,
}

impl Widths {
    /// Measure the fixed widths with the current font, once per font size.
    fn measure(&mut self, ui: &egui::Ui) {
        let font = (
            ui.style()
                .text_styles
                .get(&TextStyle::Body)
                .map_or(0.0, |f| f.size),
            ui.pixels_per_point(),
            i18n::current(),
        );
        if self.measured_for == Some(font) {
            return;
        }
        if self.measured_for.is_some_and(|(_, _, lang)| lang != font.2) {
            // Another language: the cells drawn so far were measured in the other one.
            self.seen = [0.0; COLUMNS];
        }
        self.measured_for = Some(font);
        let digit = ('0'..='9')
            .max_by(|a, b| text_width(ui, a.to_string()).total_cmp(&text_width(ui, b.to_string())))
            .unwrap_or('0');
        for column in Column::ALL {
            let header = if column.sort_key().is_some() {
                format!("{} ▼", column.title())
            } else {
                column.title().to_string()
            };
            let widest = fixed_values(column, digit)
                .into_iter()
                .map(|value| text_width(ui, value))
                .fold(0.0, f32::max);
            self.fixed[index_of(column)] =
                text_width(ui, RichText::new(header).strong()).max(widest);
        }
    }

    /// Give every column its wanted width again on the next frame.
    fn forget_dragged(&mut self) {
        self.dragged = [None; COLUMNS];
        self.key.clear();
    }

    /// The width `column` wants (not Name's: Name takes the rest).
    fn wanted(&self, column: Column) -> f32 {
        let i = index_of(column);
        let seen = if column == Column::Tags {
            self.seen[i].min(TAGS_MAX_WIDTH)
        } else {
            self.seen[i]
        };
        (self.fixed[i].max(seen) + CELL_SLACK).ceil()
    }
}

use crate::ui::theme::text_width;

/// The values a column can show besides free text, with every digit the widest one: each
/// status, format and visibility word, the longest size of each unit, the full timestamp.
fn fixed_values(column: Column, digit: char) -> Vec<String> {
    let widest_digits = |text: String| -> String {
        text.chars()
            .map(|c| if c.is_ascii_digit() { digit } else { c })
            .collect()
    };
    fn words<S: Into<String>>(all: impl IntoIterator<Item = S>) -> Vec<String> {
        all.into_iter()
            .map(Into::into)
            .chain(["—".to_string()])
            .collect()
    }
    match column {
        Column::Name | Column::Tags => Vec::new(),
        Column::Status => words(ImageStatus::ALL.iter().map(|s| labels::image_status(*s))),
        Column::DiskFormat => words(DiskFormat::ALL.iter().map(|f| f.as_str())),
        Column::ContainerFormat => words(ContainerFormat::ALL.iter().map(|f| f.as_str())),
        Column::Visibility => words(Visibility::ALL.iter().map(|v| labels::visibility(*v))),
        Column::Protected => words([tr!("window-yes"), tr!("window-no")]),
        Column::Size | Column::VirtualSize => {
            // Each unit's four-digit, two-digit and one-digit forms ("1023 MiB", "99.9 MiB",
            // "9.99 MiB"), as `format::bytes` writes them.
            let mut sizes = vec!["—".to_string()];
            for unit in 0..7 {
                let scale = 1024f64.powi(unit);
                for value in [1023.0, 99.9, 9.99] {
                    // Saturates at u64::MAX (16 EiB) for the last unit.
                    let bytes = (value * scale) as u64;
                    sizes.push(widest_digits(format::bytes_exact(bytes)));
                }
            }
            sizes
        }
        Column::Updated => vec![widest_digits(format::local_time(&chrono::Utc::now()))],
    }
}

/// What happened in the table this frame, acted on once it is drawn.
#[derive(Default)]
struct TableDone {
    sort_clicked: Option<Column>,
    clicked: Option<(u64, ImageId, egui::Modifiers)>,
    right_clicked: Option<(u64, ImageId)>,
    menu_action: Option<MenuChoice>,
    /// The first and last row in view.
    visible: Option<(u64, u64)>,
    drag_started: Option<ImageId>,
}

/// The header and the rows of the shown columns.
fn grid_ui(ui: &mut egui::Ui, view: &mut CatalogView, widths: &mut Widths) -> TableDone {
    let mut done = TableDone::default();
    let dark = ui.visuals().dark_mode;
    let total = view.row_count();
    let selected_statuses: Vec<ImageStatus> = view
        .selected
        .iter()
        .filter_map(|id| view.status_of(*id))
        .collect();
    let shown: Vec<Column> = Column::ALL
        .into_iter()
        .filter(|c| is_shown(view, *c))
        .collect();

    // Lay the columns out again when the area's width, the shown columns or a wanted width
    // changed; a width the person dragged stays.
    widths.measure(ui);
    let mut key = vec![ui.available_width().round() as i32];
    key.extend(shown.iter().map(|c| index_of(*c) as i32));
    key.extend(shown.iter().map(|c| widths.wanted(*c) as i32));
    let relayout = key != widths.key;
    if relayout {
        widths.key = key;
        for column in &shown {
            let i = index_of(*column);
            widths.given[i] = widths.dragged[i].unwrap_or_else(|| widths.wanted(*column));
        }
    }
    let mut builder = theme::data_table(ui, "catalog-table").sense(Sense::click_and_drag());
    if relayout {
        builder.reset();
    }
    for column in &shown {
        builder = builder.column(if *column == Column::Name {
            TableColumn::remainder().at_least(NAME_MIN_WIDTH).clip(true)
        } else {
            TableColumn::initial(widths.given[index_of(*column)])
                .at_least(COLUMN_MIN_WIDTH)
                .clip(true)
        });
    }
    if let Some(row) = view.scroll_to.take() {
        // Jump rather than animate: an animation through 100,000 rows would fetch every page
        // on the way.
        builder = builder
            .animate_scrolling(false)
            .scroll_to_row(row as usize, None);
    }
    let sort = view.sort;
    let sort_hint = tr!("window-sort-hint");
    let mut hidden = view.hidden_columns.clone();
    let mut reset_widths = false;
    let table = builder.header(HEADER_HEIGHT, |mut header| {
        for column in &shown {
            let cell = if column.sort_key().is_some() {
                let sorted = (sort.column == *column).then_some(sort.descending);
                let cell =
                    theme::sort_header_cell(&mut header, &column.title(), sorted, &sort_hint);
                if cell.clicked() {
                    done.sort_clicked = Some(*column);
                }
                cell
            } else {
                header
                    .col(|ui| {
                        cell_ui(ui, RichText::new(column.title()).strong(), None);
                    })
                    .1
            };
            // A right-click on any header offers the column chooser too.
            egui::Popup::context_menu(&cell)
                .close_behavior(STAY_OPEN)
                .show(|ui| {
                    reset_widths |= columns_menu_ui(ui, &mut hidden, sort.column);
                });
        }
    });
    table.body(|body| {
        // A column whose width differs from the one given was dragged: keep it.
        let drawn = body.widths().to_vec();
        for (column, width) in shown.iter().zip(drawn) {
            let i = index_of(*column);
            if *column != Column::Name && !relayout && (width - widths.given[i]).abs() > 0.5 {
                widths.dragged[i] = Some(width);
                widths.given[i] = width;
            }
        }
        body.rows(ROW_HEIGHT, total as usize, |mut row| {
            let index = row.index() as u64;
            done.visible = Some(
                done.visible
                    .map_or((index, index), |(a, b)| (a.min(index), b.max(index))),
            );
            let Some(data) = view.row(index) else {
                row.col(|ui| {
                    ui.label(RichText::new("…").weak());
                });
                for _ in 1..shown.len() {
                    row.col(|_| {});
                }
                return;
            };
            row.set_selected(view.selected.contains(&data.id));
            for column in &shown {
                row.col(|ui| {
                    let width = data_cell_ui(ui, *column, data, dark);
                    let seen = &mut widths.seen[index_of(*column)];
                    *seen = seen.max(width);
                });
            }
            let response = row.response();
            if response.clicked() {
                done.clicked = Some((index, data.id, response.ctx.input(|i| i.modifiers)));
            }
            if response.secondary_clicked() {
                done.right_clicked = Some((index, data.id));
            }
            if response.drag_started() {
                done.drag_started = Some(data.id);
            }
            response.context_menu(|ui| {
                if let Some(action) = context_menu_ui(ui, &selected_statuses, data.id) {
                    done.menu_action = Some(action);
                }
            });
        });
    });
    if hidden != view.hidden_columns {
        view.hidden_columns = hidden;
    }
    if reset_widths {
        widths.forget_dragged();
    }
    done
}

/// The column chooser (the Columns button and a right-click on a header): a checkbox per
/// column but Name, which is always shown, and a way back to the automatic widths. Returns
/// true when the widths should be reset.
fn columns_menu_ui(ui: &mut egui::Ui, hidden: &mut Vec<Column>, sorted_by: Column) -> bool {
    for column in Column::ALL {
        if column == Column::Name {
            continue;
        }
        let mut shown = !hidden.contains(&column);
        let response = ui.checkbox(&mut shown, column.title());
        let response = if column == sorted_by {
            response.on_hover_text(tr!("window-sorted-by-this"))
        } else {
            response
        };
        if response.changed() {
            hidden.retain(|c| *c != column);
            if !shown {
                hidden.push(column);
            }
        }
    }
    ui.separator();
    ui.button(tr!("window-reset-widths"))
        .on_hover_text(tr!("window-reset-widths-hint"))
        .clicked()
}

/// One cell of a loaded row. Returns the width its whole text needs.
fn data_cell_ui(ui: &mut egui::Ui, column: Column, data: &RowView, dark: bool) -> f32 {
    let plain = |text: &str| RichText::new(text);
    match column {
        Column::Name => cell_ui(
            ui,
            plain(&theme::shown(&data.name)),
            Some(&data.id.to_string()),
        ),
        Column::Status if data.damaged => {
            // A mark with Glance's status, not a status of its own; the sign goes first so a
            // narrow column still shows it.
            let text = theme::damaged_status_text(data.status, dark);
            // Line by line: the mark, Glance's value where the label is not it, and why.
            let mut whole = text.text().to_string();
            let label = labels::image_status(data.status);
            if label != data.status.as_str() {
                whole.push('\n');
                whole.push_str(&labels::with_value(&label, data.status.as_str()));
            }
            whole.push('\n');
            whole.push_str(&tr!("window-damaged-hint"));
            let width = text_width(ui, text.clone());
            ui.add(
                egui::Label::new(text)
                    .selectable(false)
                    .truncate()
                    .show_tooltip_when_elided(false),
            )
            .on_hover_text(whole);
            width
        }
        Column::Status => {
            let label = theme::status_label_text(data.status, dark);
            enum_cell_ui(ui, label, data.status.as_str())
        }
        Column::DiskFormat => cell_ui(ui, plain(data.disk_format), None),
        Column::ContainerFormat => cell_ui(ui, plain(data.container_format), None),
        Column::Size => cell_ui(ui, plain(&data.size), None),
        Column::VirtualSize => cell_ui(ui, plain(&data.virtual_size), None),
        Column::Visibility => {
            let label = labels::visibility(data.visibility);
            enum_cell_ui(ui, plain(&label), data.visibility.as_str())
        }
        Column::Protected => {
            let text = if data.protected {
                tr!("window-yes")
            } else {
                tr!("window-no")
            };
            cell_ui(ui, plain(&text), None)
        }
        Column::Tags => cell_ui(ui, plain(&theme::shown(&data.tags)), None),
        Column::Updated => cell_ui(ui, plain(&data.updated).weak(), None),
    }
}

/// A cell's text: whole when the column is wide enough, else cut with `…` and shown whole on
/// hover, with `more` under it (a name's id). Returns the width the whole text needs.
fn cell_ui(ui: &mut egui::Ui, text: RichText, more: Option<&str>) -> f32 {
    let whole = WidgetText::from(text.clone()).into_galley(
        ui,
        Some(TextWrapMode::Extend),
        f32::INFINITY,
        TextStyle::Body,
    );
    let width = whole.size().x;
    if width <= ui.available_width() {
        ui.add(egui::Label::new(whole).selectable(false));
    } else {
        let hover = match more {
            Some(more) => format!("{}\n{more}", text.text()),
            None => text.text().to_string(),
        };
        ui.add(
            egui::Label::new(text)
                .selectable(false)
                .truncate()
                .show_tooltip_when_elided(false),
        )
        .on_hover_text(hover);
    }
    width
}

/// A cell showing an enum's translated label: where the label is not Glance's value (in
/// Chinese) the value shows on hover. Returns the width the whole label needs.
fn enum_cell_ui(ui: &mut egui::Ui, label: RichText, value: &str) -> f32 {
    if label.text() == value {
        return cell_ui(ui, label, None);
    }
    let whole = labels::with_value(label.text(), value);
    let width = text_width(ui, label.clone());
    ui.add(
        egui::Label::new(label)
            .selectable(false)
            .truncate()
            .show_tooltip_when_elided(false),
    )
    .on_hover_text(whole);
    width
}

/// What an empty table shows: with filters set, that nothing matches and a way to clear
/// them; with none, that the catalog is empty and the three ways to fill it.
fn empty_state_ui(ui: &mut egui::Ui, view: &mut CatalogView, actions: &mut Vec<CatalogAction>) {
    ui.add_space(24.0);
    ui.vertical_centered(|ui| {
        if view.filters_active() {
            ui.label(RichText::new(tr!("window-no-match")).strong());
            ui.add_space(6.0);
            if ui
                .button(tr!("window-clear-filters"))
                .on_hover_text(tr!("window-show-every-image"))
                .clicked()
            {
                view.clear_filters();
            }
            return;
        }
        ui.label(
            RichText::new(tr!("window-catalog-empty"))
                .strong()
                .size(16.0),
        );
        ui.add_space(4.0);
        ui.label(tr!("window-empty-start"));
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            // Centre the three buttons: measure them on the first frame, then offset.
            let id = egui::Id::unique("catalog-empty-state-buttons");
            let width: f32 = ui.ctx().data(|d| d.get_temp(id)).unwrap_or(0.0);
            ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
            let start = ui.cursor().min.x;
            if ui
                .button(tr!("window-empty-import"))
                .on_hover_text(tr!("window-empty-import-hint"))
                .clicked()
            {
                actions.push(CatalogAction::Import);
            }
            if ui
                .button(tr!("window-empty-blank"))
                .on_hover_text(tr!("window-empty-blank-hint"))
                .clicked()
            {
                actions.push(CatalogAction::Convert(ConvertAction::CreateBlank));
            }
            if ui
                .button(tr!("window-empty-cloud"))
                .on_hover_text(tr!("window-empty-cloud-hint"))
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
            tr!("window-deactivate"),
            ImageStatus::Deactivated,
            tr!("window-menu-deactivate-refused"),
        ),
        (
            LifecycleAction::Reactivate,
            tr!("window-reactivate"),
            ImageStatus::Active,
            tr!("window-menu-reactivate-refused"),
        ),
        (
            LifecycleAction::Restore,
            tr!("window-restore"),
            ImageStatus::Active,
            tr!("window-menu-restore-refused"),
        ),
        (
            LifecycleAction::Delete,
            tr!("window-delete-ellipsis"),
            ImageStatus::Deleted,
            tr!("window-menu-delete-refused"),
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
        .add_enabled(can_export, egui::Button::new(tr!("window-save-as")))
        .on_disabled_hover_text(tr!("window-menu-save-as-refused"))
        .clicked()
    {
        choice = Some(MenuChoice::Export(clicked));
    }
    ui.separator();
    if let Some(action) = convert::context_menu_ui(ui, statuses, clicked) {
        choice = Some(MenuChoice::Convert(action));
    }
    ui.separator();
    if ui.button(tr!("window-copy-id")).clicked() {
        choice = Some(MenuChoice::CopyId(clicked));
    }
    choice
}

/// A label and a combo box over optional values (`None` shown as `none_text`); true when
/// changed. `show` gives a value's (label, Glance's value): the box shows the label, the list
/// the label with the value beside it where they differ.
pub fn option_combo_ui<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<T>,
    all: &[T],
    none_text: &str,
    show: impl Fn(T) -> (String, String),
) -> bool {
    let before = *value;
    let shown = value.map_or_else(|| none_text.to_string(), |v| show(v).0);
    let label = ui.label(label);
    egui::ComboBox::from_id_salt(label.id)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, none_text);
            for v in all {
                let (label, api) = show(*v);
                ui.selectable_value(value, Some(*v), labels::with_value(&label, &api));
            }
        })
        .response
        .labelled_by(label.id);
    *value != before
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_values_cover_the_longest_sizes_and_the_whole_timestamp() {
        i18n::set_thread_lang(Some(i18n::Lang::En));
        let sizes = fixed_values(Column::Size, '8');
        for longest in ["8888 B", "8888 KiB", "88.8 MiB", "8.88 GiB", "88.8 EiB"] {
            assert!(sizes.iter().any(|s| s == longest), "{longest} in {sizes:?}");
        }
        let updated = fixed_values(Column::Updated, '8');
        assert_eq!(updated, ["8888-88-88 88:88:88"]);
        assert!(fixed_values(Column::Status, '8').contains(&"pending_delete".to_string()));
        assert!(fixed_values(Column::Name, '8').is_empty());
        // In Chinese the statuses are measured as their labels.
        i18n::set_thread_lang(Some(i18n::Lang::ZhCn));
        assert!(fixed_values(Column::Status, '8').contains(&"等待删除".to_string()));
        i18n::set_thread_lang(None);
    }
}
