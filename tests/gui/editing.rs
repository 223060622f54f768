//! Editing that never loses work (issue #12): one pending edit with Save / Revert and a
//! Save / Discard / Cancel prompt before a selection change, a view switch or closing would
//! lose it; the inline warning for a value outside a well-known key's allowed values; a
//! deleted image read-only and out of the default list; "Upload data…" for a queued image; the
//! import form's tags, properties and flags.

use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::{Catalog, ImageStatus, Visibility};
use glance_workbench::ui::remotes::Central;

use super::common::{
    App, harness, leftmost, select, settle, shown, shown_containing, type_into, wait_for,
};
use super::{registry, seed, small_file};

/// The image Details shows, by label.
fn shown_image(h: &App<'_>) -> Option<String> {
    h.state().view.selected.as_ref().map(|v| v.image.label())
}

const PROMPT: &str = "Save changes to \"first\"?";

#[test]
fn unsaved_edits_are_guarded_on_selection_change_view_switch_and_close() {
    let data = tempfile::tempdir().unwrap();
    let first = seed(data.path(), "first", Visibility::Private, None);
    let second = seed(data.path(), "second", Visibility::Private, None);
    let mut h = harness(data.path());
    select(&mut h, "first");
    assert!(shown(&h, "No unsaved changes"));

    // A typed name and a tag wait in one pending edit, marked unsaved.
    type_into(&mut h, "Image name", "first-renamed");
    type_into(&mut h, "New tag", "gold");
    h.get_by_label("Add tag").click();
    settle(&mut h);
    assert!(shown(&h, "● Unsaved changes"));
    assert!(shown(&h, "gold  ×"));
    assert_eq!(registry(data.path(), &first).name.as_deref(), Some("first"));

    // Another row: the prompt, and Details keeps showing the edited image.
    leftmost(&h, "second").click();
    wait_for(&mut h, "the prompt", |h| shown(h, PROMPT));
    assert!(shown_containing(
        &h,
        "They are lost if another image is shown"
    ));
    assert_eq!(shown_image(&h).as_deref(), Some("first"));
    h.get_by_label("Cancel").click();
    settle(&mut h);
    assert!(!shown(&h, PROMPT));
    assert_eq!(shown_image(&h).as_deref(), Some("first"));
    assert!(shown(&h, "● Unsaved changes"), "Cancel keeps the edit");

    // The view switch is held the same way.
    h.get_by_label("Remotes").click();
    wait_for(&mut h, "the prompt", |h| shown(h, PROMPT));
    assert!(shown_containing(&h, "if the view is switched"));
    // Esc in the prompt means Cancel (it does not revert the edit).
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(!shown(&h, PROMPT));
    assert!(shown(&h, "● Unsaved changes"));
    assert_eq!(h.state().view.remotes.central, Central::Catalog);

    // A close request is cancelled and asked about too.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    wait_for(&mut h, "the close prompt", |h| shown(h, PROMPT));
    assert!(shown_containing(&h, "if the window closes"));
    h.get_by_label("Cancel").click();
    settle(&mut h);

    // Discard: the edit is dropped and the other image shown; nothing was written.
    leftmost(&h, "second").click();
    wait_for(&mut h, "the prompt", |h| shown(h, PROMPT));
    h.get_by_label("Discard").click();
    wait_for(&mut h, "the second image", |h| {
        shown_image(h).as_deref() == Some("second")
    });
    let stored = registry(data.path(), &first);
    assert_eq!(stored.name.as_deref(), Some("first"));
    assert!(stored.tags.is_empty());

    // Save: one update with the name and the tag, then the other image is shown.
    type_into(&mut h, "Image name", "second-renamed");
    type_into(&mut h, "New tag", "silver");
    h.get_by_label("Add tag").click();
    settle(&mut h);
    leftmost(&h, "first").click();
    wait_for(&mut h, "the prompt", |h| {
        shown(h, "Save changes to \"second\"?")
    });
    h.get_by_label("Save").click();
    wait_for(&mut h, "the save and the first image", |h| {
        let stored = registry(data.path(), &second);
        stored.name.as_deref() == Some("second-renamed")
            && stored.tags.contains("silver")
            && shown_image(h).as_deref() == Some("first")
    });

    // Esc reverts; Ctrl+S saves.
    type_into(&mut h, "min_disk (GiB)", "3");
    assert!(shown(&h, "● Unsaved changes"));
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(shown(&h, "No unsaved changes"));
    type_into(&mut h, "min_disk (GiB)", "4");
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::S]);
    wait_for(&mut h, "the saved min_disk", |h| {
        registry(data.path(), &first).min_disk_gib == 4 && shown(h, "No unsaved changes")
    });
    assert!(h.state().view.leaving.is_none());
}

#[test]
fn a_value_outside_a_well_known_key_s_allowed_values_is_warned_about_and_saved() {
    let data = tempfile::tempdir().unwrap();
    let image = seed(data.path(), "uefi-box", Visibility::Private, None);
    let mut h = harness(data.path());
    select(&mut h, "uefi-box");
    type_into(&mut h, "Key", "hw_firmware_type");
    type_into(&mut h, "Value", "efi");
    let warning = "\"efi\" is not one of the values Glance's metadata definitions list for \
                   hw_firmware_type: bios, uefi";
    assert!(shown(&h, warning), "warned while typing");
    assert!(
        !h.get_by_label("Add property")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_label("Add property").click();
    settle(&mut h);
    // Before saving, the pending edit repeats the warning (Glance accepts the value).
    assert!(shown(
        &h,
        &format!("{warning} (Glance accepts it; saved as typed)")
    ));
    h.get_by_label("Save changes").click();
    wait_for(&mut h, "the saved value", |_| {
        registry(data.path(), &image)
            .properties
            .get("hw_firmware_type")
            .map(String::as_str)
            == Some("efi")
    });
}

#[test]
fn a_deleted_image_is_read_only_and_leaves_the_default_list() {
    let data = tempfile::tempdir().unwrap();
    let image = seed(data.path(), "doomed", Visibility::Private, Some(b"bytes"));
    let mut h = harness(data.path());
    select(&mut h, "doomed");
    assert!(shown(&h, "Image name"));
    h.get_by_label("Delete…").click();
    wait_for(&mut h, "the confirmation", |h| shown(h, "Delete"));
    h.get_by_label("Delete").click();
    wait_for(&mut h, "the deletion", |h| {
        registry(data.path(), &image).status == ImageStatus::Deleted
            && h.state()
                .view
                .catalog
                .loaded_rows()
                .all(|(_, row)| row.id != image.id)
    });
    wait_for(&mut h, "the read-only details", |h| {
        h.state()
            .view
            .selected
            .as_ref()
            .is_some_and(|v| v.image.status == ImageStatus::Deleted)
    });
    assert!(shown(&h, "This image is deleted: it is read-only"));
    for editable in ["Image name", "New tag", "Add tag", "Key", "Save changes"] {
        assert!(!shown(&h, editable), "{editable} is offered");
    }
}

#[test]
fn upload_data_into_a_queued_image() {
    let data = tempfile::tempdir().unwrap();
    let image = seed(data.path(), "empty", Visibility::Private, None);
    let file = small_file(data.path(), "payload.raw", 4096);
    let mut h = harness(data.path());
    select(&mut h, "empty");
    h.get_by_label("Upload data…").click();
    wait_for(&mut h, "the upload window", |h| {
        shown(h, "Upload from path")
    });
    type_into(&mut h, "Upload from path", &file.display().to_string());
    h.get_by_label("Upload").click();
    wait_for(&mut h, "the upload", |h| {
        let stored = registry(data.path(), &image);
        stored.status == ImageStatus::Active
            && stored.size_bytes == Some(4096)
            && !h.state().view.jobs.any_running()
    });
    // An active image has data: the button is gone.
    wait_for(&mut h, "the reloaded details", |h| {
        !shown(h, "Upload data…")
    });
}

#[test]
fn the_import_form_takes_tags_properties_and_flags() {
    let data = tempfile::tempdir().unwrap();
    let file = small_file(data.path(), "tagged.raw", 8192);
    let mut h = harness(data.path());
    h.get_by_label("Import…").click();
    settle(&mut h);
    type_into(&mut h, "File path", &file.display().to_string());
    h.get_by_label("Add file").click();
    wait_for(&mut h, "the file's form", |h| {
        shown(h, "Import") && !h.get_by_label("Import").accesskit_node().is_disabled()
    });
    h.get_by_label("Tags and properties").click();
    wait_for(&mut h, "the tags and properties", |h| shown(h, "New tag"));
    // The window resizes to the opened section over a few more frames than `settle` waits.
    for _ in 0..6 {
        h.step();
    }
    type_into(&mut h, "New tag", "gold");
    h.get_by_label("Add tag").click();
    settle(&mut h);
    assert!(shown(&h, "gold  ×"));
    // The same suggestions as Details: a well-known key offers its allowed values.
    h.get_by_label("hw_disk_bus").click();
    settle(&mut h);
    h.get_by_label("virtio").click();
    settle(&mut h);
    h.get_by_label("Add property").click();
    settle(&mut h);
    type_into(&mut h, "Key", "hw_firmware_type");
    type_into(&mut h, "Value", "efi");
    assert!(shown_containing(&h, "\"efi\" is not one of the values"));
    h.get_by_label("Add property").click();
    settle(&mut h);
    h.query_all_by_label("Protected")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::CheckBox)
        .unwrap()
        .click();
    type_into(&mut h, "min_disk (GiB)", "2");
    type_into(&mut h, "min_ram (MiB)", "512");
    h.get_by_label("Import").click();
    wait_for(&mut h, "the imported image", |h| {
        !h.state().view.jobs.any_running()
            && Catalog::open(data.path())
                .unwrap()
                .resolve("tagged")
                .is_ok_and(|i| i.status == ImageStatus::Active)
    });
    let stored = Catalog::open(data.path())
        .unwrap()
        .resolve("tagged")
        .unwrap();
    assert!(stored.tags.contains("gold"));
    assert_eq!(
        stored.properties.get("hw_disk_bus").map(String::as_str),
        Some("virtio")
    );
    assert_eq!(
        stored
            .properties
            .get("hw_firmware_type")
            .map(String::as_str),
        Some("efi")
    );
    assert!(stored.protected);
    assert_eq!((stored.min_disk_gib, stored.min_ram_mib), (2, 512));
}
