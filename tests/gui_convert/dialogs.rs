//! Dialogs and keys for the conversion windows (issue #12): Enter converts, a finished
//! conversion turns into its result so a second Enter or click cannot make a duplicate, Create
//! blank and Resize show their result with a link, Esc closes the topmost window first (Convert, Create
//! blank, Resize, Check), and the windows open below the top bar and the filters.

use egui_kittest::kittest::{NodeT, Queryable};

use super::common::{App, settle, shown, shown_containing, type_into, wait_for};
use super::{MIB, context_menu, has_qemu_img, images, seed_raw, selected_label};
use eframe::egui;

fn key(h: &mut App<'_>, key: egui::Key) {
    h.key_press(key);
    settle(h);
}

#[test]
fn a_finished_conversion_cannot_be_run_again() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    seed_raw(data.path(), "disk-e", MIB);
    let mut h = super::harness(data.path());

    context_menu(&mut h, "disk-e", "Convert…");
    wait_for(&mut h, "the source facts", |h| {
        shown(h, "Source: \"disk-e\"") && !h.state().is_busy()
    });
    // The window opens below the top bar and the filter bar.
    let filters = h.get_by_label("Search").rect();
    let title = h.get_by_label("Convert image").rect();
    assert!(
        title.top() >= filters.bottom(),
        "{title:?} under {filters:?}"
    );

    // Enter converts (qcow2 is the default target for a raw source).
    key(&mut h, egui::Key::Enter);
    wait_for(&mut h, "the result", |h| {
        shown(h, "Show \"disk-e-qcow2\" in the catalog")
    });
    assert_eq!(h.state().view.jobs.jobs.len(), 1);
    assert!(!shown(&h, "Convert"), "no Convert button on the result");
    assert!(!shown(&h, "New image name"), "the form is gone");
    // A second Enter closes the result instead of converting again.
    key(&mut h, egui::Key::Enter);
    assert!(!shown(&h, "Convert image"), "Enter closed the result");
    std::thread::sleep(std::time::Duration::from_millis(300));
    settle(&mut h);
    assert_eq!(h.state().view.jobs.jobs.len(), 1, "one conversion");
    let names: Vec<String> = images(data.path())
        .into_iter()
        .filter_map(|i| i.name)
        .collect();
    assert_eq!(names.iter().filter(|n| *n == "disk-e-qcow2").count(), 1);

    // Create blank turns into its result too.
    h.get_by_label("New blank image…").click();
    wait_for(&mut h, "the blank form", |h| shown(h, "Virtual disk size"));
    type_into(&mut h, "New image name", "blank-e");
    type_into(&mut h, "Virtual disk size", "4M");
    h.get_by_label("Create").click();
    wait_for(&mut h, "the blank result", |h| {
        shown(h, "Show \"blank-e\" in the catalog")
    });
    assert!(!shown(&h, "Create") && !shown(&h, "Virtual disk size"));
    h.get_by_label("Show \"blank-e\" in the catalog").click();
    wait_for(&mut h, "the blank image selected", |h| {
        selected_label(h).as_deref() == Some("blank-e")
    });
    key(&mut h, egui::Key::Escape);
    assert!(!shown(&h, "Create blank image"));

    // Resize: Enter in its size field resizes, and the window turns into its result.
    context_menu(&mut h, "disk-e", "Resize…");
    wait_for(&mut h, "the resize form", |h| {
        shown_containing(h, "virtual size 1.00 MiB")
    });
    type_into(&mut h, "New size", "+1M");
    h.get_by_label("New size").click();
    settle(&mut h);
    key(&mut h, egui::Key::Enter);
    wait_for(&mut h, "the resize result", |h| {
        shown(h, "Show \"disk-e-resized\" in the catalog")
    });
    assert!(!shown(&h, "Resize") && !shown(&h, "New size"));
    key(&mut h, egui::Key::Escape);
    assert!(!shown(&h, "Resize image"));
    assert_eq!(
        images(data.path()).len(),
        4,
        "source, converted, blank, resized"
    );
}

#[test]
fn esc_closes_the_conversion_windows_topmost_first() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    seed_raw(data.path(), "disk-f", MIB);
    let mut h = super::harness(data.path());

    h.get_by_label("New blank image…").click();
    wait_for(&mut h, "the blank form", |h| shown(h, "Virtual disk size"));
    context_menu(&mut h, "disk-f", "Resize…");
    wait_for(&mut h, "the resize form", |h| {
        shown_containing(h, "virtual size 1.00 MiB")
    });
    // Resize opened last: it is on top, Esc closes it and leaves Create blank.
    key(&mut h, egui::Key::Escape);
    assert!(!shown(&h, "Resize image"));
    assert!(shown(&h, "Create blank image"));
    key(&mut h, egui::Key::Escape);
    assert!(!shown(&h, "Create blank image"));

    context_menu(&mut h, "disk-f", "Check");
    wait_for(&mut h, "the check answer", |h| {
        shown_containing(h, "qemu-img check does not support raw images")
    });
    key(&mut h, egui::Key::Escape);
    assert!(!shown(&h, "qemu-img check"));

    context_menu(&mut h, "disk-f", "Convert…");
    wait_for(&mut h, "the source facts", |h| {
        shown(h, "Source: \"disk-f\"")
    });
    key(&mut h, egui::Key::Escape);
    assert!(!shown(&h, "Convert image"));
    assert_eq!(images(data.path()).len(), 1, "nothing was made");
    assert!(h.state().view.jobs.jobs.is_empty());
}

#[test]
fn a_name_in_use_needs_an_explicit_yes() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    seed_raw(data.path(), "taken", MIB);
    let mut h = super::harness(data.path());
    h.get_by_label("New blank image…").click();
    wait_for(&mut h, "the blank form", |h| shown(h, "Virtual disk size"));
    type_into(&mut h, "New image name", "taken");
    type_into(&mut h, "Virtual disk size", "4M");
    wait_for(&mut h, "the warning", |h| {
        shown_containing(h, "An image named \"taken\" exists")
    });
    assert!(h.get_by_label("Create").accesskit_node().is_disabled());
    h.get_by_label("Use this name anyway").click();
    settle(&mut h);
    assert!(!h.get_by_label("Create").accesskit_node().is_disabled());
    // Another name needs no yes.
    type_into(&mut h, "New image name", "fresh");
    wait_for(&mut h, "the answer", |h| {
        !shown_containing(h, "exists: a second one")
            && !h.get_by_label("Create").accesskit_node().is_disabled()
    });
}
