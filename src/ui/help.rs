//! Help: the top bar's Help menu (Keyboard shortcuts, Open log folder, About), the keyboard
//! shortcuts window (also F1) and the About window (version, data dir, log folder, qemu-img's
//! version, licences). Both are dialog windows: Esc closes them.

use std::path::Path;

use eframe::egui::{self, RichText};

use crate::ui::dialogs::{dialog_area, dialog_keys, dialog_window};
use crate::ui::log_folder::LogFolder;

/// The window's keys: (keys, what they do).
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("F1", "Show these keyboard shortcuts"),
    ("Ctrl+I", "Import disk image files"),
    ("Ctrl+1  Ctrl+2", "Show the Catalog, or the Remotes"),
    ("Alt+1  Alt+2  Alt+3", "Show Details, Sharing, or State"),
    ("Ctrl+Enter", "Import every ready file (in Import images)"),
    (
        "Esc",
        "Close the topmost dialog or window; else revert Details' unsaved changes",
    ),
    ("Ctrl+S", "Save the unsaved changes in Details"),
    (
        "Enter",
        "Do a dialog's one action (Convert, Create, Resize, Save cloud, Start push)",
    ),
    (
        "↑ ↓ Page Up/Down Home End",
        "Move through the catalog (outside text fields)",
    ),
    (
        "Ctrl+click",
        "Add an image to the selection, or take it out",
    ),
    ("Shift+click", "Select a range of images"),
    ("Ctrl+A", "Select the loaded rows of the catalog"),
    ("Delete", "Delete the selected images (asks first)"),
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
    ui.menu_button("Help", |ui| {
        if ui
            .add(egui::Button::new("Keyboard shortcuts").shortcut_text("F1"))
            .clicked()
        {
            help.shortcuts = true;
            ui.close();
        }
        let hover = match &log_folder.dir {
            Some(dir) => format!("Show {} in the file manager", dir.display()),
            None => "There is no log folder".to_owned(),
        };
        if ui.button("Open log folder").on_hover_text(hover).clicked() {
            log_folder.open(ui.ctx());
            ui.close();
        }
        if ui.button("About Glance Workbench").clicked() {
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
    dialog_window(ctx, "Keyboard shortcuts", "shortcuts")
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
                                ui.label(*what);
                                ui.end_row();
                            }
                        });
                });
            ui.separator();
            close = ui.button("Close").clicked();
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
    dialog_window(ctx, "About Glance Workbench", "about")
        .default_pos(dialog_area(ctx).center_top() + egui::vec2(-230.0, 16.0))
        .default_width(460.0)
        .open(&mut open)
        .show(ctx, |ui| {
            // The body scrolls, so Close stays in reach in a small window.
            egui::ScrollArea::vertical()
                .max_height(body_height(ctx))
                .show(ui, |ui| about_body_ui(ui, facts));
            ui.separator();
            close = ui.button("Close").clicked();
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
    ui.label(env!("CARGO_PKG_DESCRIPTION"));
    egui::Grid::new("about-grid")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new("Version").weak());
            ui.label(env!("CARGO_PKG_VERSION"));
            ui.end_row();
            ui.label(RichText::new("Data dir").weak());
            ui.label(RichText::new(facts.data_dir.display().to_string()).monospace());
            ui.end_row();
            ui.label(RichText::new("Log folder").weak());
            match facts.log_dir {
                Some(dir) => ui.label(RichText::new(dir.display().to_string()).monospace()),
                None => ui.label("none (no home folder)"),
            };
            ui.end_row();
            ui.label(RichText::new("qemu-img").weak());
            match facts.qemu_img {
                None => ui.label(RichText::new("looking…").weak()),
                Some(Ok(version)) => ui.label(version.as_str()),
                Some(Err(why)) => ui.label(crate::ui::theme::error_text(ui, why.clone())),
            };
            ui.end_row();
            ui.label(RichText::new("Licence").weak());
            ui.label(LICENSE);
            ui.end_row();
        });
    ui.separator();
    ui.label(RichText::new("Built on").strong());
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
    ui.label(
        RichText::new(
            "SQLite (built into rusqlite) is in the public domain; qemu-img runs as a \
                     separate program.",
        )
        .weak()
        .small(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_licence_is_the_manifests() {
        assert_eq!(LICENSE, "Apache-2.0");
        assert!(SHORTCUTS.iter().any(|(k, _)| *k == "F1"));
    }
}
