//! egui_kittest helpers shared by the GUI tests: the real workbench app on a data dir, waiting
//! for the bridge (which answers on other threads), and finding, clicking and typing by label.

#![allow(
    dead_code,
    reason = "each GUI test crate uses a different part of these helpers"
)]

use std::path::Path;
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
pub use glance_workbench::i18n::Lang;
use glance_workbench::ui::WorkbenchApp;

/// The app under test.
pub type App<'a> = Harness<'a, WorkbenchApp>;

/// How long a wait may take by default (debug build, shared machine).
pub const WAIT: Duration = Duration::from_secs(60);

/// The app on `data_dir` in a window of `size`, in English whatever the machine's locale,
/// once its first catalog page is in.
pub fn harness_sized(data_dir: &Path, size: [f32; 2]) -> App<'static> {
    harness_in(data_dir, size, Lang::En)
}

/// The app on `data_dir` in a window of `size` in `lang` (this test thread's language: tests
/// in both languages run side by side), once its first catalog page is in.
pub fn harness_in(data_dir: &Path, size: [f32; 2], lang: Lang) -> App<'static> {
    glance_workbench::i18n::set_thread_lang(Some(lang));
    let dir = data_dir.to_path_buf();
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(40)
        .build_eframe(move |cc| WorkbenchApp::new_for_test(&cc.egui_ctx, &dir));
    wait_for(&mut harness, "the first catalog page", |h| {
        !h.state().is_busy()
    });
    harness
}

/// The app on `data_dir` in a 1400 × 900 window.
pub fn harness(data_dir: &Path) -> App<'static> {
    harness_sized(data_dir, [1400.0, 900.0])
}

/// Step the app until `done` holds, for at most [`WAIT`].
pub fn wait_for(h: &mut App<'_>, what: &str, done: impl FnMut(&mut App<'_>) -> bool) {
    wait_for_within(h, what, WAIT, done);
}

/// Step the app until `done` holds, for at most `limit`; then let the layout settle (grids
/// size themselves over a frame) before anything clicks on it.
pub fn wait_for_within(
    h: &mut App<'_>,
    what: &str,
    limit: Duration,
    mut done: impl FnMut(&mut App<'_>) -> bool,
) {
    let deadline = Instant::now() + limit;
    loop {
        h.step();
        if done(h) {
            settle(h);
            return;
        }
        let notices = &h.state().view.jobs.notices;
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; notices {notices:?}"
        );
        std::thread::sleep(Duration::from_millis(15));
    }
}

/// Run frames until nothing asks for a repaint; a spinner keeps asking, so this stops at the
/// harness's step limit instead of failing.
pub fn settle(h: &mut App<'_>) {
    let _ = h.run_ok();
}

/// Whether some node is labelled `label`.
pub fn shown(h: &App<'_>, label: &str) -> bool {
    h.query_all_by_label(label).next().is_some()
}

/// Whether some node's label contains `text`.
pub fn shown_containing(h: &App<'_>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// Type into the text field labelled `label` (scrolled into view), replacing what is there.
pub fn type_into(h: &mut App<'_>, label: &str, text: &str) {
    h.get_by_label(label).scroll_to_me();
    settle(h);
    h.get_by_label(label).click();
    h.step();
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    h.key_press(egui::Key::Backspace);
    if !text.is_empty() {
        h.get_by_label(label).type_text(text);
    }
    settle(h);
}

/// The leftmost node labelled `label`: a table row's name cell, or a context menu entry
/// rather than a Details button of the same name.
pub fn leftmost<'t>(h: &'t App<'_>, label: &'t str) -> egui_kittest::Node<'t> {
    h.get_all_by_label(label)
        .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap()
}

/// Click the catalog row of `name` once the catalog has settled (a refresh may re-sort rows
/// under the click) and wait until its details are loaded.
pub fn select(h: &mut App<'_>, name: &str) {
    wait_for(h, "the row", |h| shown(h, name) && !h.state().is_busy());
    leftmost(h, name).click();
    wait_for(h, "the details", |h| {
        h.state()
            .view
            .selected
            .as_ref()
            .is_some_and(|v| v.image.label() == name)
    });
}

/// Click the close button (×) of the window titled `title`.
pub fn close_window(h: &mut App<'_>, title: &str) {
    h.get_by_label(title).get_by_label("Close window").click();
    settle(h);
}

/// eframe's storage between runs, in memory: what a closing app saves and the next start reads.
#[derive(Default)]
pub struct SavedPrefs(std::collections::HashMap<String, String>);

impl eframe::Storage for SavedPrefs {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_string(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

/// A restart: the app on `data_dir` started again with what `previous` saves on closing (its
/// preferences), in a window of `size`, once its first catalog page is in.
pub fn harness_restarted(previous: &mut App<'_>, data_dir: &Path, size: [f32; 2]) -> App<'static> {
    let mut saved = SavedPrefs::default();
    eframe::App::save(previous.state_mut(), &mut saved);
    // The harness's creation context borrows the storage for as long as the app lives.
    let saved: &'static SavedPrefs = Box::leak(Box::new(saved));
    let dir = data_dir.to_path_buf();
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(40)
        .build_eframe(move |cc| {
            cc.storage = Some(saved);
            WorkbenchApp::new(cc, &dir, None)
        });
    wait_for(&mut harness, "the first catalog page", |h| {
        !h.state().is_busy()
    });
    harness
}

/// Wait for the push dialog, and for its cloud's stores to be known: they arrive on their
/// own and add a section above the buttons, so a click aimed before they arrive can land
/// where the layout has moved.
pub fn wait_push_dialog(h: &mut App<'_>) {
    wait_for(h, "the push dialog and its cloud's stores", |h| {
        let remotes = &h.state().view.remotes;
        remotes.forms.push.as_ref().is_some_and(|dialog| {
            remotes
                .forms
                .stores
                .get(&dialog.cloud)
                .is_some_and(|s| s.view.is_some())
        }) && shown(h, "Start push")
    });
}
