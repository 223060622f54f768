//! Help: the top bar's Help menu (Keyboard shortcuts, Open log folder, About), the keyboard
//! shortcuts window (also F1) and the About window (version, data dir, log folder, qemu-img's
//! version, licences). Both are dialog windows: Esc closes them.

use std::path::Path;

use eframe::egui::{self, RichText};

use crate::i18n;
use crate::tr;
use crate::ui::dialogs::{dialog_area, dialog_keys, dialog_window};
use crate::ui::log_folder::LogFolder;

/// The window's keys: (keys, the catalog id of what they do). Key names stay as the
/// keyboard prints them.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("F1", "window-key-f1"),
    ("Ctrl+I", "window-key-import"),
    ("Ctrl+1  Ctrl+2", "window-key-central"),
    ("Alt+1  Alt+2  Alt+3", "window-key-tabs"),
    ("Ctrl+Enter", "window-key-import-all"),
    ("Esc", "window-key-esc"),
    ("Ctrl+S", "window-key-save"),
    ("Enter", "window-key-enter"),
    ("↑ ↓ Page Up/Down Home End", "window-key-move"),
    ("Ctrl+click", "window-key-ctrl-click"),
    ("Shift+click", "window-key-shift-click"),
    ("Ctrl+A", "window-key-select-all"),
    ("Delete", "window-key-delete"),
];

/// The project's licence (Cargo.toml's `license`).
pub const LICENSE: &str = env!("CARGO_PKG_LICENSE");

/// The main crates the window is built on and their licences, as their Cargo.toml files
/// (the versions in Cargo.lock) declare them.
pub const CRATE_LICENSES: &[(&str, &str)] = &[
    ("egui, eframe, egui_extras", "MIT OR Apache-2.0"),
    ("rusqlite, libsqlite3-sys", "MIT"),
    ("tokio", "MIT"),
    ("reqwest", "MIT OR Apache-2.0"),
    ("rustls", "Apache-2.0 OR ISC OR MIT"),
    ("rfd", "MIT"),
    ("keyring", "MIT OR Apache-2.0"),
    ("clap", "MIT OR Apache-2.0"),
    ("serde, serde_json", "MIT OR Apache-2.0"),
    ("uuid", "Apache-2.0 OR MIT"),
    ("chrono", "MIT OR Apache-2.0"),
    ("sha2", "MIT OR Apache-2.0"),
    ("directories", "MIT OR Apache-2.0"),
    ("tracing", "MIT"),
];

/// Which help windows are open.
#[derive(Debug, Default)]
pub struct HelpView {
    /// The keyboard shortcuts window.
    pub shortcuts: bool,
    /// The About window.
    pub about: bool,
}

/// What the About window shows besides constants.
#[derive(Debug, Clone, Copy)]
pub struct AboutFacts<'a> {
    /// The data dir (registry and image store).
    pub data_dir: &'a Path,
    /// The log folder, if there is one.
    pub log_dir: Option<&'a Path>,
    /// qemu-img's version and path, or why none is usable; `None` while asked for.
    pub qemu_img: Option<&'a Result<String, String>>,
}

/// F1 opens the keyboard shortcuts (call once per frame).
pub fn keys(ctx: &egui::Context, help: &mut HelpView) {
    if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F1)) {
        help.shortcuts = true;
    }
}

/// The Help menu.
pub fn help_menu_ui(ui: &mut egui::Ui, help: &mut HelpView, log_folder: &LogFolder) {
    ui.menu_button(tr!("window-help"), |ui| {
        if ui
            .add(egui::Button::new(tr!("window-help-shortcuts")).shortcut_text("F1"))
            .clicked()
        {
            help.shortcuts = true;
            ui.close();
        }
        let hover = match &log_folder.dir {
            Some(dir) => tr!("window-help-log-folder-hint", dir = dir.as_path()),
            None => tr!("window-help-no-log-folder"),
        };
        if ui
            .button(tr!("window-help-log-folder"))
            .on_hover_text(hover)
            .clicked()
        {
            log_folder.open(ui.ctx());
            ui.close();
        }
        if ui.button(tr!("window-help-about")).clicked() {
            help.about = true;
            ui.close();
        }
    });
}

/// The keyboard shortcuts window, when open.
pub fn shortcuts_window_ui(ctx: &egui::Context, help: &mut HelpView) {
    if !help.shortcuts {
        return;
    }
    let keys = dialog_keys(ctx, "shortcuts");
    let mut open = !(keys.escape || keys.enter);
    let mut close = false;
    dialog_window(ctx, tr!("window-help-shortcuts"), "shortcuts")
        .default_pos(dialog_area(ctx).center_top() + egui::vec2(-220.0, 16.0))
        .default_width(440.0)
        .open(&mut open)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(body_height(ctx))
                .show(ui, |ui| {
                    egui::Grid::new("shortcuts-grid")
                        .num_columns(2)
                        .spacing([16.0, 4.0])
                        .striped(true)
                        .show(ui, |ui| {
                            for (keys, what) in SHORTCUTS {
                                ui.label(RichText::new(*keys).monospace().strong());
                                ui.label(i18n::message(what, None));
                                ui.end_row();
                            }
                        });
                });
            ui.separator();
            close = ui.button(tr!("window-close")).clicked();
        });
    help.shortcuts = open && !close;
}

/// The About window, when open.
pub fn about_window_ui(ctx: &egui::Context, help: &mut HelpView, facts: AboutFacts<'_>) {
    if !help.about {
        return;
    }
    let keys = dialog_keys(ctx, "about");
    let mut open = !(keys.escape || keys.enter);
    let mut close = false;
    dialog_window(ctx, tr!("window-help-about"), "about")
        .default_pos(dialog_area(ctx).center_top() + egui::vec2(-230.0, 16.0))
        .default_width(460.0)
        .open(&mut open)
        .show(ctx, |ui| {
            // The body scrolls, so Close stays in reach in a small window.
            egui::ScrollArea::vertical()
                .max_height(body_height(ctx))
                .show(ui, |ui| about_body_ui(ui, facts));
            ui.separator();
            close = ui.button(tr!("window-close")).clicked();
        });
    help.about = open && !close;
}

/// The height a help window's body may take before it scrolls.
fn body_height(ctx: &egui::Context) -> f32 {
    (dialog_area(ctx).height() - 110.0).max(120.0)
}

/// What the About window says.
fn about_body_ui(ui: &mut egui::Ui, facts: AboutFacts<'_>) {
    ui.label(RichText::new(format!("Glance Workbench {}", env!("CARGO_PKG_VERSION"))).heading());
    // The manifest's description, in the window's language (a test keeps the English one
    // the manifest's).
    ui.label(tr!("window-about-description"));
    egui::Grid::new("about-grid")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new(tr!("window-about-version")).weak());
            ui.label(env!("CARGO_PKG_VERSION"));
            ui.end_row();
            ui.label(RichText::new(tr!("window-about-data-dir")).weak());
            ui.label(RichText::new(facts.data_dir.display().to_string()).monospace());
            ui.end_row();
            ui.label(RichText::new(tr!("window-about-log-folder")).weak());
            match facts.log_dir {
                Some(dir) => ui.label(RichText::new(dir.display().to_string()).monospace()),
                None => ui.label(tr!("window-about-no-log-folder")),
            };
            ui.end_row();
            ui.label(RichText::new("qemu-img").weak());
            match facts.qemu_img {
                None => ui.label(RichText::new(tr!("window-about-looking")).weak()),
                Some(Ok(version)) => ui.label(version.as_str()),
                Some(Err(why)) => ui.label(crate::ui::theme::error_text(ui, why.clone())),
            };
            ui.end_row();
            ui.label(RichText::new(tr!("window-about-licence")).weak());
            ui.label(LICENSE);
            ui.end_row();
        });
    ui.separator();
    ui.label(RichText::new(tr!("window-about-built-on")).strong());
    egui::Grid::new("about-licences")
        .num_columns(2)
        .spacing([12.0, 2.0])
        .show(ui, |ui| {
            for (crates, licence) in CRATE_LICENSES {
                ui.label(*crates);
                ui.label(RichText::new(*licence).weak());
                ui.end_row();
            }
        });
    ui.label(RichText::new(tr!("window-about-sqlite")).weak().small());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_licence_is_the_manifests() {
        assert_eq!(LICENSE, "Apache-2.0");
        assert!(SHORTCUTS.iter().any(|(k, _)| *k == "F1"));
    }

    #[test]
    fn the_english_description_is_the_manifests_and_every_shortcut_is_described() {
        use crate::i18n::{Lang, has_message, message_in};
        assert_eq!(
            message_in(Lang::En, "window-about-description", None),
            env!("CARGO_PKG_DESCRIPTION")
        );
        for (_, id) in SHORTCUTS {
            assert!(has_message(id), "{id}");
        }
    }
}
