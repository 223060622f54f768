//! The egui workbench window (feature `gui`). It renders view state and sends commands to the
//! library through a backend bridge thread; nothing here blocks the UI thread.
//!
//! - [`app`]: the eframe app, wiring panels together.
//! - [`bridge`]: the worker thread that owns the catalog and runs jobs.
//! - [`view`]: view state, replies applied, preferences.
//! - panels: [`catalog`] + [`catalog_table`], [`details`] (with [`metadefs`]), [`sharing`],
//!   [`import`] (with [`detect`] and [`dialogs`]), [`lifecycle`], [`state_panel`], [`jobs`],
//!   [`convert`] (Convert panel, Create blank / Resize / Check), [`log_folder`] (Help → Open
//!   log folder).
//! - [`remotes`]: the Remotes view (clouds, a cloud's catalog, sync, cache) and its bridge.
//! - [`theme`] and [`format`]: look, fonts, colours, human units.

pub mod app;
pub mod bridge;
pub mod catalog;
pub mod catalog_table;
pub mod convert;
pub mod details;
pub mod dialogs;
pub mod import;
pub mod jobs;
pub mod lifecycle;
pub mod log_folder;
pub mod metadefs;
pub mod remotes;
pub mod sharing;
pub mod state_panel;
pub mod theme;
pub mod view;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui;

pub use app::WorkbenchApp;

/// The window's application id (matches the .desktop file and the AppStream metainfo).
pub const APP_ID: &str = "org.openstack.GlanceWorkbench";

/// The app icon (assets/glance-workbench.png).
const ICON_PNG: &[u8] = include_bytes!("../../assets/glance-workbench.png");

/// Why the window could not run.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    /// eframe could not create the window or its renderer (its error, as text: eframe's
    /// error type is neither `Send` nor `Sync`).
    #[error("cannot open the window: {0}")]
    Window(String),
}

/// Where eframe keeps window size, layout and preferences (not in the data dir, so one
/// window setup serves every data dir).
fn persistence_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "OpenStack", "glance-workbench")
        .map(|dirs| dirs.config_dir().to_path_buf())
}

/// Open the workbench window on `data_dir` and run until it is closed.
pub fn run(data_dir: &Path) -> Result<(), UiError> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Glance Workbench")
        .with_app_id(APP_ID)
        .with_inner_size([1360.0, 820.0])
        .with_min_inner_size([900.0, 520.0])
        .with_drag_and_drop(true);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport,
        persist_window: true,
        persistence_path: persistence_dir(),
        ..eframe::NativeOptions::default()
    };
    let data_dir = data_dir.to_path_buf();
    eframe::run_native(
        "glance-workbench",
        options,
        Box::new(move |cc| {
            close_on_termination(&cc.egui_ctx);
            Ok(Box::new(WorkbenchApp::new(cc, &data_dir)))
        }),
    )
    .map_err(|e| UiError::Window(e.to_string()))
}

/// SIGTERM, SIGHUP and Ctrl-C in the terminal close the window the way its close button does:
/// running jobs are cancelled and given a moment to leave nothing half-written (see
/// [`WorkbenchApp`]'s `on_exit`). A second signal ends the process at once.
#[allow(
    clippy::exit,
    reason = "a second SIGTERM or Ctrl-C ends the window at once (exit 130), as in the CLI"
)]
fn close_on_termination(ctx: &egui::Context) {
    use std::sync::atomic::{AtomicBool, Ordering};
    let ctx = ctx.clone();
    let signalled = AtomicBool::new(false);
    // Installing fails only when a handler exists already (a second window in one process):
    // that one serves.
    let _ = ctrlc::set_handler(move || {
        if signalled.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        ctx.request_repaint();
    });
}
