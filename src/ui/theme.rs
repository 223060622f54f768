//! Look and feel: the light/dark preference (system by default, with a manual switch), the
//! CJK fallback font, the colours that stand for image, member and task statuses, and the
//! shared pieces of panels and tables (the data table and its sortable header cell).

use std::sync::Arc;

use eframe::egui::{self, Color32, FontDefinitions, FontFamily, RichText};
use serde::{Deserialize, Serialize};

use crate::backend::{ImageStatus, MemberStatus, TaskStatus};
use crate::i18n::labels;
use crate::tr;

/// The name the CJK fallback font is registered under.
const CJK_FONT_NAME: &str = "cjk-fallback";

/// The user's light/dark choice, persisted between runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the desktop's preference.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl ThemeChoice {
    /// Every choice, in menu order.
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    /// The label shown in the switch, in the window's language.
    pub fn label(self) -> String {
        match self {
            ThemeChoice::System => tr!("window-theme-system"),
            ThemeChoice::Light => tr!("window-theme-light"),
            ThemeChoice::Dark => tr!("window-theme-dark"),
        }
    }

    /// The choice named `text` (light, dark or system, any case).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "light" => Some(ThemeChoice::Light),
            "dark" => Some(ThemeChoice::Dark),
            "system" => Some(ThemeChoice::System),
            _ => None,
        }
    }

    /// Apply the choice to the context.
    pub fn apply(self, ctx: &egui::Context) {
        ctx.set_theme(match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
    }
}

/// The theme switch (a combo box); returns true when the choice changed.
pub fn theme_switch_ui(ui: &mut egui::Ui, choice: &mut ThemeChoice) -> bool {
    let before = *choice;
    egui::ComboBox::from_id_salt("theme-switch")
        .selected_text(choice.label())
        .show_ui(ui, |ui| {
            for option in ThemeChoice::ALL {
                ui.selectable_value(choice, option, option.label());
            }
        })
        .response
        .accessible_name(tr!("window-theme"))
        .on_hover_text(tr!("window-theme-hint"));
    if *choice != before {
        choice.apply(ui.ctx());
        true
    } else {
        false
    }
}

/// Install the app's fonts: egui's defaults, with Hack as a fallback of the proportional
/// family too (arrows and geometric shapes), and the system's CJK font (`ui::fonts`) as the
/// last fallback of both families. Returns that font when one was found.
pub fn install_fonts(ctx: &egui::Context) -> Option<&'static super::fonts::CjkFont> {
    let mut fonts = FontDefinitions::default();
    if let Some(proportional) = fonts.families.get_mut(&FontFamily::Proportional) {
        proportional.push("Hack".to_owned());
    }
    let found = super::fonts::cjk_font();
    if let Some(font) = found {
        fonts
            .font_data
            .insert(CJK_FONT_NAME.to_owned(), Arc::clone(&font.data));
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            if let Some(list) = fonts.families.get_mut(&family) {
                list.push(CJK_FONT_NAME.to_owned());
            }
        }
    }
    ctx.set_fonts(fonts);
    found
}

/// The colour of an image status (same hue in light and dark mode, adjusted for contrast).
pub fn status_color(status: ImageStatus, dark_mode: bool) -> Color32 {
    let (light, dark) = match status {
        ImageStatus::Active => (
            Color32::from_rgb(0x1b, 0x7f, 0x3b),
            Color32::from_rgb(0x5c, 0xd6, 0x7d),
        ),
        ImageStatus::Queued => (
            Color32::from_rgb(0x6b, 0x6b, 0x6b),
            Color32::from_rgb(0xb0, 0xb0, 0xb0),
        ),
        ImageStatus::Saving | ImageStatus::Uploading | ImageStatus::Importing => (
            Color32::from_rgb(0x1c, 0x5f, 0xb8),
            Color32::from_rgb(0x6c, 0xaf, 0xff),
        ),
        ImageStatus::Deactivated => (
            Color32::from_rgb(0x9a, 0x62, 0x00),
            Color32::from_rgb(0xf0, 0xb0, 0x40),
        ),
        ImageStatus::PendingDelete => (
            Color32::from_rgb(0xa0, 0x40, 0x10),
            Color32::from_rgb(0xff, 0x90, 0x50),
        ),
        ImageStatus::Killed | ImageStatus::Deleted => (
            Color32::from_rgb(0xb0, 0x20, 0x20),
            Color32::from_rgb(0xff, 0x6b, 0x6b),
        ),
    };
    if dark_mode { dark } else { light }
}

/// A status as coloured text: Glance's value (`active`), as JSON and the API say it.
pub fn status_text(status: ImageStatus, dark_mode: bool) -> RichText {
    RichText::new(status.as_str()).color(status_color(status, dark_mode))
}

/// A status as coloured text in the window's language: its label (`可用` in Chinese; in
/// English the label is the value, `active`). Show Glance's value beside it or on hover
/// where the label differs (`labels::with_value`).
pub fn status_label_text(status: ImageStatus, dark_mode: bool) -> RichText {
    RichText::new(labels::image_status(status)).color(status_color(status, dark_mode))
}

/// A member status as coloured text in the window's language (see [`status_label_text`]).
pub fn member_label_text(status: MemberStatus, dark_mode: bool) -> RichText {
    RichText::new(labels::member_status(status)).color(member_color(status, dark_mode))
}

/// A task status as coloured text in the window's language (see [`status_label_text`]).
pub fn task_label_text(status: TaskStatus, dark_mode: bool) -> RichText {
    RichText::new(labels::task_status(status)).color(task_color(status, dark_mode))
}

/// The mark of an image whose stored data failed its check.
pub fn damaged_text(dark_mode: bool) -> RichText {
    RichText::new(tr!("window-damaged"))
        .strong()
        .color(status_color(ImageStatus::Killed, dark_mode))
}

/// The status of an image whose stored data failed its check, marked: `⚠ active (damaged)`
/// (the status as its label in the window's language).
pub fn damaged_status_text(status: ImageStatus, dark_mode: bool) -> RichText {
    let status = labels::image_status(status);
    RichText::new(tr!("window-damaged-status", status = status))
        .strong()
        .color(status_color(ImageStatus::Killed, dark_mode))
}

/// The colour of a member status.
pub fn member_color(status: MemberStatus, dark_mode: bool) -> Color32 {
    match status {
        MemberStatus::Pending => status_color(ImageStatus::Deactivated, dark_mode),
        MemberStatus::Accepted => status_color(ImageStatus::Active, dark_mode),
        MemberStatus::Rejected => status_color(ImageStatus::Killed, dark_mode),
    }
}

/// The colour of a task status.
pub fn task_color(status: TaskStatus, dark_mode: bool) -> Color32 {
    match status {
        TaskStatus::Pending => status_color(ImageStatus::Queued, dark_mode),
        TaskStatus::Processing => status_color(ImageStatus::Saving, dark_mode),
        TaskStatus::Success => status_color(ImageStatus::Active, dark_mode),
        TaskStatus::Failure => status_color(ImageStatus::Killed, dark_mode),
    }
}

/// Text that came from a user or a cloud (a name, tag, property, message) as the window shows
/// it: control characters spelled out (`\e`, `\x07`, …, see [`crate::display`]); egui would
/// draw them as nothing or as boxes.
pub fn shown(text: &str) -> String {
    crate::display::escaped(text)
}

/// The width `text` needs on one line in the body font (labels measured in the current
/// language: Chinese and English widths differ).
pub fn text_width(ui: &egui::Ui, text: impl Into<egui::WidgetText>) -> f32 {
    text.into()
        .into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Body,
        )
        .size()
        .x
}

/// Red text for an inline validation message.
pub fn error_text(ui: &egui::Ui, message: impl Into<String>) -> RichText {
    RichText::new(shown(&Into::<String>::into(message))).color(ui.visuals().error_fg_color)
}

/// A failure already told in full by a notice, repeated where it happened as its last
/// cause only ("Connection refused (os error 111)"), with the whole message on hover, so one
/// error is read once.
pub fn brief_error_ui(ui: &mut egui::Ui, prefix: &str, message: &str) {
    let cause = message.rsplit(": ").next().unwrap_or(message);
    let text = tr!("window-brief-error", prefix = prefix, cause = cause);
    ui.add(egui::Label::new(error_text(ui, text)).wrap())
        .on_hover_text(shown(message));
}

/// The answer of a background request, once it is here: while it is on its way a weak
/// `waiting` line is shown, and a failure shows its message in red; both give `None`.
pub fn answer_ui<'a, T>(
    ui: &mut egui::Ui,
    answer: &'a Option<Result<T, String>>,
    waiting: &str,
) -> Option<&'a T> {
    match answer {
        None => {
            ui.label(RichText::new(waiting).weak());
            None
        }
        Some(Err(e)) => {
            ui.label(error_text(ui, e.clone()));
            None
        }
        Some(Ok(value)) => Some(value),
    }
}

/// Amber text for an advisory message.
pub fn warn_text(ui: &egui::Ui, message: impl Into<String>) -> RichText {
    RichText::new(shown(&Into::<String>::into(message))).color(ui.visuals().warn_fg_color)
}

/// A read-only value: weak colour, selectable so it can be copied.
pub fn read_only_value_ui(ui: &mut egui::Ui, value: impl Into<String>) {
    let text =
        RichText::new(shown(&Into::<String>::into(value))).color(ui.visuals().weak_text_color());
    ui.add(egui::Label::new(text).selectable(true).truncate());
}

/// A two-column grid of read-only fields: weak names, selectable values.
pub fn fields_grid_ui<N: Into<RichText>>(
    ui: &mut egui::Ui,
    id: &str,
    rows: impl IntoIterator<Item = (N, String)>,
) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([12.0, 3.0])
        .show(ui, |ui| {
            for (field, value) in rows {
                ui.label(field.into().weak());
                read_only_value_ui(ui, value);
                ui.end_row();
            }
        });
}

/// The workbench's data table: striped, resizable columns, rows centred vertically, filling
/// the space it is given and scrolling inside it.
pub fn data_table(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
) -> egui_extras::TableBuilder<'_> {
    egui_extras::TableBuilder::new(ui)
        .id_salt(id)
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .auto_shrink([false, false])
        .min_scrolled_height(0.0)
}

/// A sortable header cell of a [`data_table`]: the whole cell is the click target (hand cursor,
/// a hover background, `hint` on hover), its title strong with the sort arrow when the table is
/// sorted by it (`Some(descending)`), cut with `…` when the column is narrow (the full title
/// then shows on hover). The table must sense clicks. Returns the cell's response (`clicked()`
/// asks for the sort; a context menu may be attached).
pub fn sort_header_cell(
    header: &mut egui_extras::TableRow<'_, '_>,
    title: &str,
    sorted: Option<bool>,
    hint: &str,
) -> egui::Response {
    let arrow = match sorted {
        None => "",
        Some(false) => " ▲",
        Some(true) => " ▼",
    };
    let text = format!("{title}{arrow}");
    let mut elided = false;
    let (_, cell) = header.col(|ui| {
        let rect = ui.max_rect();
        // The cell's own response is last frame's here: enough for a hover background.
        if ui.response().hovered() {
            let fill = ui.visuals().widgets.hovered.weak_bg_fill;
            ui.painter().rect_filled(rect, 2.0, fill);
        }
        // Painted rather than a widget, so the cell is the one node (a button) with this label.
        let galley = egui::WidgetText::from(RichText::new(&text).strong()).into_galley(
            ui,
            Some(egui::TextWrapMode::Truncate),
            rect.width(),
            egui::TextStyle::Body,
        );
        elided = galley.elided;
        let pos = egui::pos2(rect.left(), rect.center().y - galley.size().y / 2.0);
        ui.painter().galley(pos, galley, ui.visuals().text_color());
    });
    cell.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &text));
    let hover = if elided {
        format!("{text}\n{hint}")
    } else {
        hint.to_string()
    };
    cell.on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_text(hover)
}

/// A name cut in the middle to fit `max_width` in the body font, with whether it was cut:
/// similar image names (`rocky-9.1-GenericCloud-Base-x86_64`, `rocky-9.2-…`) differ in their
/// middle or end, so cutting only the end can make different images read the same.
pub fn elide_middle(ui: &egui::Ui, text: &str, max_width: f32) -> (String, bool) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let width = |t: &str| {
        ui.painter()
            .layout_no_wrap(t.to_string(), font.clone(), Color32::WHITE)
            .size()
            .x
    };
    if width(text) <= max_width {
        return (text.to_string(), false);
    }
    let chars: Vec<char> = text.chars().collect();
    let cut = |keep: usize| {
        // The head keeps more than the tail: names are read from the left and versions come
        // early (`rocky-9.1-…`), while the tail keeps a date or architecture suffix.
        let tail = keep * 3 / 10;
        let head = keep - tail;
        let mut shown: String = chars[..head].iter().collect();
        shown.push('…');
        shown.extend(&chars[chars.len() - tail..]);
        shown
    };
    // The most characters that still fit (binary search: width grows with `keep`).
    let (mut low, mut high) = (0, chars.len().saturating_sub(1));
    while low < high {
        let middle = (low + high).div_ceil(2);
        if width(&cut(middle)) <= max_width {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    (cut(low), true)
}

/// A section heading inside a panel.
pub fn section_heading_ui(ui: &mut egui::Ui, title: &str) {
    ui.add_space(6.0);
    ui.label(RichText::new(title).strong());
    ui.separator();
}
