//! GUI tests: egui_kittest drives the real workbench app (real catalog, real store, on a temp
//! data dir) by widget labels, and the registry is checked through the library.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking, helpers (not #[test] functions) included"
)]
#![cfg(feature = "gui")]

#[path = "common/gui.rs"]
mod common;

#[path = "common/guest_disk.rs"]
mod guest_disk;

#[path = "gui/parity.rs"]
mod parity;

#[path = "gui/dialogs.rs"]
mod dialogs;

#[path = "gui/editing.rs"]
mod editing;

#[path = "gui/search.rs"]
mod search;

#[path = "gui/layout.rs"]
mod layout;

#[path = "gui/state_diagram.rs"]
mod state_diagram;

#[path = "gui/table.rs"]
mod table;

#[path = "gui/inside.rs"]
mod inside;

#[path = "gui/zh_main.rs"]
mod zh_main;

#[path = "gui/zh_details.rs"]
mod zh_details;

#[path = "gui/zh_inspect.rs"]
mod zh_inspect;

#[path = "gui/zh_parity.rs"]
mod zh_parity;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use common::{harness, leftmost, select, shown, shown_containing, type_into, wait_for};
use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::{
    Catalog, ContainerFormat, DiskFormat, Image, ImageStatus, ImageUpdate, JobControl,
    MemberStatus, NewImage, Visibility,
};

/// A catalog on `dir` with one image named `name`; with `data`, uploaded (active).
fn seed(dir: &Path, name: &str, visibility: Visibility, data: Option<&[u8]>) -> Image {
    let catalog = Catalog::open(dir).unwrap();
    let image = catalog
        .create_image(NewImage {
            name: Some(name.to_string()),
            disk_format: Some(DiskFormat::Raw),
            container_format: Some(ContainerFormat::Bare),
            visibility: Some(visibility),
            ..NewImage::default()
        })
        .unwrap();
    match data {
        Some(bytes) => catalog
            .upload(image.id, &mut &bytes[..], "test bytes", &JobControl::new())
            .unwrap(),
        None => image,
    }
}

fn registry(dir: &Path, image: &Image) -> Image {
    Catalog::open(dir).unwrap().image(image.id).unwrap()
}

fn small_file(dir: &Path, name: &str, len: usize) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        (0..len).map(|i| (i % 251) as u8).collect::<Vec<u8>>(),
    )
    .unwrap();
    path
}

#[test]
fn import_a_small_file_and_see_it_become_active() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let file = small_file(files.path(), "tiny-disk.img", 300_000);
    let mut h = harness(data.path());

    h.get_by_label("Import…").click();
    wait_for(&mut h, "the import window", |h| shown(h, "File path"));
    type_into(&mut h, "File path", &file.display().to_string());
    h.get_by_label("Add file").click();
    wait_for(&mut h, "the header to be read", |h| {
        h.query_by_label_contains("Detected raw").is_some()
    });
    // Pre-filled from the file: name from the file name, raw from the content, bare.
    assert_eq!(
        h.get_by_label("New image name").value().as_deref(),
        Some("tiny-disk")
    );
    h.get_by_label("Import").click();
    wait_for(&mut h, "the import to select its image", |h| {
        h.state().view.selected.is_some()
    });
    h.get_by_label("State").click();
    wait_for(&mut h, "status active", |h| {
        shown(h, "Current status: active")
    });

    let image = h.state().view.selected.clone().unwrap();
    assert_eq!(image.image.name.as_deref(), Some("tiny-disk"));
    let stored = registry(data.path(), &image.image);
    assert_eq!(stored.status, ImageStatus::Active);
    assert_eq!(stored.size_bytes, Some(300_000));
    assert_eq!(stored.disk_format, Some(DiskFormat::Raw));
    assert_eq!(stored.container_format, Some(ContainerFormat::Bare));
    // The timeline shows queued -> saving -> active, and the upload task succeeded.
    wait_for(&mut h, "the timeline", |h| {
        shown(h, "Transition history (3)")
    });
    assert!(
        h.query_by_label_contains("upload completed (300000 bytes)")
            .is_some()
    );
    assert!(shown(&h, "success"));
    wait_for(&mut h, "the job to finish", |h| {
        !h.state().view.jobs.any_running()
    });
    assert!(h.query_by_label_contains("done in").is_some());
    h.run();
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// `qemu-img create` a qcow2 of `size` (with `extra` arguments), if qemu-img is installed.
fn qemu_img_create(path: &Path, size: &str, extra: &[&str]) -> bool {
    std::process::Command::new("qemu-img")
        .args(["create", "-q", "-f", "qcow2"])
        .args(extra)
        .arg(path)
        .arg(size)
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn a_dropped_qcow2_is_prefilled_from_its_header() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("guest.qcow2");
    if !qemu_img_create(&path, "2G", &[]) {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let mut h = harness(data.path());

    h.input_mut().dropped_files.push(Arc::new(Dropped(path)));
    wait_for(&mut h, "the inspection", |h| {
        h.query_by_label_contains("Detected qcow2").is_some()
    });
    assert!(h.query_by_label_contains("virtual size 2.00 GiB").is_some());
    assert!(shown(&h, "Verdict: safe"));
    assert_eq!(
        h.get_by_label("New image name").value().as_deref(),
        Some("guest")
    );
    assert!(!h.get_by_label("Import").accesskit_node().is_disabled());
    h.run();
}

#[test]
fn an_unsafe_or_mismatched_file_is_refused_with_its_reasons() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let base = small_file(files.path(), "base.raw", 65536);
    let overlay = files.path().join("overlay.qcow2");
    let backing = base.display().to_string();
    if !qemu_img_create(&overlay, "64K", &["-b", &backing, "-F", "raw"]) {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let mut h = harness(data.path());
    h.input_mut().dropped_files.push(Arc::new(Dropped(overlay)));
    wait_for(&mut h, "the inspection", |h| shown(h, "Verdict: unsafe"));
    assert!(h.query_all_by_label_contains("backing_file").count() >= 1);
    assert!(h.get_by_label("Import").accesskit_node().is_disabled());
    h.get_by_label("Discard").click();
    h.run();

    // A raw file declared as qcow2 is a mismatch Glance would refuse.
    let raw = small_file(files.path(), "plain.img", 4096);
    h.input_mut().dropped_files.push(Arc::new(Dropped(raw)));
    wait_for(&mut h, "the inspection", |h| shown(h, "Verdict: safe"));
    h.get_by_label("Disk format").click();
    h.run();
    h.get_by_label("qcow2").click();
    h.run();
    assert!(h.get_by_label("Import").accesskit_node().is_disabled());
    h.run();
}

#[test]
fn edit_a_property_and_see_it_saved_in_the_registry() {
    let data = tempfile::tempdir().unwrap();
    let image = seed(data.path(), "cirros", Visibility::Shared, None);
    let mut h = harness(data.path());
    select(&mut h, "cirros");

    type_into(&mut h, "Key", "os_distro");
    type_into(&mut h, "Value", "cirros");
    h.get_by_label("Add property").click();
    // Every edit waits in one pending edit until "Save changes".
    h.get_by_label("Save changes").scroll_to_me();
    h.run();
    h.get_by_label("Save changes").click();
    wait_for(&mut h, "the property to be saved", |_| {
        registry(data.path(), &image)
            .properties
            .get("os_distro")
            .map(String::as_str)
            == Some("cirros")
    });
    // A well-known key offers the values Glance's metadefs allow.
    wait_for(&mut h, "the property row", |h| shown(h, "Edit os_distro"));
    h.get_by_label("hw_firmware_type").click();
    h.run();
    h.get_by_label("uefi").click();
    h.run();
    h.get_by_label("Add property").click();
    h.get_by_label("Save changes").scroll_to_me();
    h.run();
    h.get_by_label("Save changes").click();
    wait_for(&mut h, "the second property", |_| {
        registry(data.path(), &image)
            .properties
            .get("hw_firmware_type")
            .map(String::as_str)
            == Some("uefi")
    });
    // Edit an existing value in place.
    wait_for(&mut h, "the property rows", |h| {
        shown(h, "Edit hw_firmware_type")
    });
    h.get_by_label("Edit os_distro").click();
    h.run();
    type_into(&mut h, "value of os_distro", "cirros-0.6");
    h.get_by_label("Set value").click();
    h.get_by_label("Save changes").scroll_to_me();
    h.run();
    h.get_by_label("Save changes").click();
    wait_for(&mut h, "the edited value", |_| {
        registry(data.path(), &image)
            .properties
            .get("os_distro")
            .map(String::as_str)
            == Some("cirros-0.6")
    });
    wait_for(&mut h, "the new value on screen", |h| {
        shown(h, "cirros-0.6")
    });
    h.run();
}

#[test]
fn formats_change_only_while_queued() {
    let data = tempfile::tempdir().unwrap();
    let queued = seed(data.path(), "empty-one", Visibility::Private, None);
    seed(data.path(), "uploaded", Visibility::Private, Some(b"data"));
    let mut h = harness(data.path());
    select(&mut h, "empty-one");
    h.get_by_label("Disk format").click();
    h.run();
    h.get_by_label("qcow2").click();
    h.run();
    h.get_by_label("Container format").click();
    h.run();
    h.get_by_label("ova").click();
    h.get_by_label("Save changes").scroll_to_me();
    h.run();
    h.get_by_label("Save changes").click();
    wait_for(&mut h, "the formats to be saved", |_| {
        let image = registry(data.path(), &queued);
        image.disk_format == Some(DiskFormat::Qcow2)
            && image.container_format == Some(ContainerFormat::Ova)
    });
    // After upload Glance refuses format changes: the combos are disabled.
    select(&mut h, "uploaded");
    assert!(h.get_by_label("Disk format").accesskit_node().is_disabled());
    assert!(
        h.get_by_label("Container format")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn add_a_member_and_change_its_status() {
    let data = tempfile::tempdir().unwrap();
    let image = seed(data.path(), "to-share", Visibility::Private, None);
    let catalog = Catalog::open(data.path()).unwrap();
    let mut h = harness(data.path());
    select(&mut h, "to-share");
    h.get_by_label("Sharing").click();
    h.run();
    // Members on a private image: the control explains Glance's rule instead of failing.
    let rule = "only images with visibility \"shared\" can have members (it is private)";
    assert!(h.query_by_label_contains(rule).is_some());
    assert!(h.get_by_label("Add member").accesskit_node().is_disabled());
    h.get_by_label("shared").click();
    wait_for(&mut h, "visibility shared", |h| {
        catalog.image(image.id).unwrap().visibility == Visibility::Shared
            && !h.get_by_label("Project ID").accesskit_node().is_disabled()
    });

    type_into(&mut h, "Project ID", "project-alpha");
    h.get_by_label("Add member").click();
    wait_for(&mut h, "the member", |h| {
        let members = catalog.members(image.id).unwrap();
        members.len() == 1
            && members[0].status == MemberStatus::Pending
            && shown(h, "project-alpha")
    });
    h.get_by_label("accepted").click();
    wait_for(&mut h, "the accepted status", |_| {
        catalog.members(image.id).unwrap()[0].status == MemberStatus::Accepted
    });
    // A duplicate is explained, not sent.
    type_into(&mut h, "Project ID", "project-alpha");
    assert!(shown(
        &h,
        "image \"to-share\": project project-alpha is already a member"
    ));
    assert!(h.get_by_label("Add member").accesskit_node().is_disabled());
    h.run();
}

#[test]
fn deactivate_and_see_the_transition_in_the_timeline() {
    let data = tempfile::tempdir().unwrap();
    let image = seed(
        data.path(),
        "to-deactivate",
        Visibility::Shared,
        Some(b"0123456789abcdef"),
    );
    let mut h = harness(data.path());
    select(&mut h, "to-deactivate");
    h.get_by_label("Deactivate").click();
    wait_for(&mut h, "the deactivation", |_| {
        registry(data.path(), &image).status == ImageStatus::Deactivated
    });
    h.get_by_label("State").click();
    wait_for(&mut h, "the timeline entry", |h| {
        shown(h, "Current status: deactivated") && shown(h, "Transition history (4)")
    });
    let history = Catalog::open(data.path())
        .unwrap()
        .history(image.id)
        .unwrap();
    let last = history.last().unwrap();
    assert_eq!(
        (last.from, last.to),
        (Some(ImageStatus::Active), ImageStatus::Deactivated)
    );
    // The timeline row: from -> to, and its cause.
    assert!(h.query_all_by_label("deactivated").count() >= 2);
    // Export is refused with the reason while deactivated.
    h.get_by_label("Details").click();
    h.step();
    assert!(h.get_by_label("Save as…").accesskit_node().is_disabled());
    h.get_by_label("Reactivate").click();
    wait_for(&mut h, "the reactivation", |_| {
        registry(data.path(), &image).status == ImageStatus::Active
    });
    h.run();
}

#[test]
fn invalid_input_shows_its_message_and_writes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let image = seed(data.path(), "镜像-cirros", Visibility::Shared, None);
    let before = registry(data.path(), &image);
    let mut h = harness(data.path());
    select(&mut h, "镜像-cirros");

    type_into(&mut h, "Key", "os_glance_import_method");
    type_into(&mut h, "Value", "x");
    assert!(shown(
        &h,
        "image \"镜像-cirros\": property \"os_glance_import_method\" is reserved by Glance"
    ));
    assert!(
        h.get_by_label("Add property")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_label("Add property").click();

    type_into(&mut h, "Image name", &"n".repeat(256));
    assert!(shown(
        &h,
        "image \"镜像-cirros\": name longer than 255 characters (256)"
    ));
    type_into(&mut h, "min_disk (GiB)", "-1");
    assert!(shown(
        &h,
        "image \"镜像-cirros\": min_disk must be a whole number, 0 or more (\"-1\" given)"
    ));
    assert!(
        h.get_by_label("Save changes")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_label("Save changes").click();

    type_into(&mut h, "New tag", &"t".repeat(256));
    assert!(shown(
        &h,
        "image \"镜像-cirros\": tag longer than 255 characters (256)"
    ));
    h.get_by_label("Add tag").click();
    h.run();
    std::thread::sleep(Duration::from_millis(200));
    h.step();
    assert_eq!(registry(data.path(), &image), before, "nothing was written");
    assert!(h.state().view.jobs.notices.is_empty());
}

#[test]
fn a_protected_image_cannot_be_deleted_and_says_why() {
    let data = tempfile::tempdir().unwrap();
    let catalog = Catalog::open(data.path()).unwrap();
    let image = catalog
        .create_image(NewImage {
            name: Some("keep-me".into()),
            protected: true,
            ..NewImage::default()
        })
        .unwrap();
    let mut h = harness(data.path());
    select(&mut h, "keep-me");
    assert!(h.get_by_label("Delete…").accesskit_node().is_disabled());
    assert!(
        h.query_by_label_contains("Protected: Glance refuses to delete it")
            .is_some()
    );
    // Through the context menu the confirmation names the refusal and deletes nothing.
    leftmost(&h, "keep-me").click_secondary();
    wait_for(&mut h, "the context menu", |h| shown(h, "Copy ID"));
    h.get_all_by_label("Delete…")
        .find(|n| !n.accesskit_node().is_disabled())
        .unwrap()
        .click();
    wait_for(&mut h, "the confirmation", |h| {
        h.query_by_label_contains("is protected and will not be deleted")
            .is_some()
    });
    assert!(h.get_by_label("Delete").accesskit_node().is_disabled());
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(catalog.image(image.id).unwrap().status, ImageStatus::Queued);
}

#[test]
fn shift_click_selects_rows_that_were_never_fetched() {
    let data = tempfile::tempdir().unwrap();
    {
        let catalog = Catalog::open(data.path()).unwrap();
        for i in 0..450 {
            catalog
                .create_image(NewImage {
                    name: Some(format!("img-{i:03}")),
                    ..NewImage::default()
                })
                .unwrap();
        }
    }
    let mut h = harness(data.path());
    h.get_by_label("Name").click();
    wait_for(&mut h, "the sorted first row", |h| {
        shown(h, "img-000") && !h.state().is_busy()
    });
    select(&mut h, "img-000");
    // Scroll to the bottom as with the scrollbar: the anchor stays on the first row.
    h.state_mut().view.catalog.scroll_to = Some(449);
    wait_for(&mut h, "the last row", |h| {
        h.query_all_by_label("img-449").next().is_some() && !h.state().is_busy()
    });
    let fetched = h.state().view.catalog.loaded_rows().count();
    assert!(
        fetched < 450,
        "every row was fetched ({fetched}): nothing to test"
    );
    leftmost(&h, "img-449").click_modifiers(egui::Modifiers::SHIFT);
    wait_for(&mut h, "the whole range selected", |h| {
        h.state().view.catalog.selected.len() == 450
    });
    // A plain click afterwards selects one row again.
    leftmost(&h, "img-449").click();
    wait_for(&mut h, "a single selection", |h| {
        h.state().view.catalog.selected.len() == 1
    });
}

#[test]
fn search_sort_and_keyboard_navigate_the_catalog() {
    let data = tempfile::tempdir().unwrap();
    for name in ["alpha", "beta", "gamma"] {
        seed(data.path(), name, Visibility::Shared, None);
    }
    let mut h = harness(data.path());
    wait_for(&mut h, "three rows", |h| shown(h, "3 images · 0 selected"));
    type_into(&mut h, "Search", "amm");
    wait_for(&mut h, "the search", |h| {
        shown(h, "1 image · 0 selected") && !h.state().is_busy()
    });
    assert!(shown(&h, "gamma") && !shown(&h, "alpha"));
    type_into(&mut h, "Search", "");
    wait_for(&mut h, "all rows again", |h| {
        shown(h, "3 images · 0 selected") && !h.state().is_busy()
    });
    h.get_by_label("Name").click();
    wait_for(&mut h, "sorted by name", |h| {
        shown(h, "Name ▲") && !h.state().is_busy()
    });
    // Arrow keys move the selection down the sorted rows.
    h.key_press(egui::Key::Escape); // leave the search field
    h.step();
    h.key_press(egui::Key::ArrowDown);
    h.key_press(egui::Key::ArrowDown);
    wait_for(&mut h, "the second row selected", |h| {
        h.state()
            .view
            .selected
            .as_ref()
            .is_some_and(|v| v.image.label() == "beta")
    });
    h.run();
}

#[test]
fn save_as_exports_the_data_as_a_job() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    seed(
        data.path(),
        "to-export",
        Visibility::Shared,
        Some(b"exported bytes"),
    );
    let mut h = harness(data.path());
    select(&mut h, "to-export");
    h.get_by_label("Save as…").click();
    wait_for(&mut h, "the export form", |h| shown(h, "Save to path"));
    let target = out.path().join("copy.raw");
    type_into(&mut h, "Save to path", &target.display().to_string());
    h.get_by_label("Save").click();
    wait_for(&mut h, "the export job", |h| {
        !h.state().view.jobs.jobs.is_empty() && !h.state().view.jobs.any_running()
    });
    assert_eq!(std::fs::read(&target).unwrap(), b"exported bytes");
    assert!(h.query_all_by_label_contains("checksums verified").count() >= 1);
}

#[test]
fn the_details_panel_shows_the_stored_data_inspection() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("stored.qcow2");
    if !qemu_img_create(&path, "1G", &[]) {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let catalog = Catalog::open(data.path()).unwrap();
    let image = catalog
        .create_image(NewImage {
            name: Some("stored-qcow2".to_string()),
            disk_format: Some(DiskFormat::Qcow2),
            container_format: Some(ContainerFormat::Bare),
            ..NewImage::default()
        })
        .unwrap();
    catalog
        .upload_file(image.id, &path, &JobControl::new())
        .unwrap();
    let described = catalog.inspect_image(image.id).unwrap().describe();
    assert!(described.contains("qcow2"), "{described}");
    drop(catalog);
    let queued = seed(data.path(), "no-data-yet", Visibility::Private, None);
    let mut h = harness(data.path());

    select(&mut h, "stored-qcow2");
    wait_for(&mut h, "the data inspection", |h| shown(h, &described));
    assert!(shown(&h, "Data inspection"));
    assert!(shown(&h, "Verdict: safe"));
    // The read-only virtual_size row and the inspection both show it.
    assert!(
        h.query_all_by_label("1.00 GiB (1073741824 bytes)").count() >= 2,
        "the inspected virtual size"
    );

    select(&mut h, queued.name.as_deref().unwrap());
    wait_for(&mut h, "the no-data line", |h| shown(h, "No data yet"));
    assert!(!shown(&h, "Verdict: safe"));
    h.run();
}

#[test]
fn control_characters_in_names_tags_and_properties_are_shown_escaped() {
    let data = tempfile::tempdir().unwrap();
    let image = seed(
        data.path(),
        "evil\x1b]0;pwned\x07",
        Visibility::Private,
        None,
    );
    Catalog::open(data.path())
        .unwrap()
        .update_image(
            image.id,
            &ImageUpdate {
                add_tags: vec!["t\x1b[31m".into()],
                set_properties: vec![("k".into(), "v\r\x07".into())],
                ..ImageUpdate::default()
            },
        )
        .unwrap();
    let mut h = harness(data.path());
    let escaped = "evil\\e]0;pwned\\x07";
    wait_for(&mut h, "the escaped row", |h| shown(h, escaped));
    leftmost(&h, escaped).click();
    wait_for(&mut h, "the details", |h| {
        h.state()
            .view
            .selected
            .as_ref()
            .is_some_and(|v| v.image.id == image.id)
    });
    assert!(shown_containing(&h, "t\\e[31m"), "the tag chip");
    assert!(shown(&h, "v\\r\\x07"), "the property value");
    for raw in ["\x1b", "\x07", "\r"] {
        assert!(
            h.query_all_by_label_contains(raw).next().is_none(),
            "a label shows {raw:?} raw"
        );
    }
    h.run();
}

#[test]
fn a_damaged_image_is_marked_and_verify_data_clears_the_mark_once_restored() {
    let data = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = (0..(1 << 20)).map(|i| (i % 251) as u8).collect();
    let image = seed(data.path(), "rotting", Visibility::Shared, Some(&bytes));
    let blob = data.path().join("images").join(image.id.to_string());
    let mut flipped = bytes.clone();
    flipped[4096] ^= 0x10;
    std::fs::write(&blob, &flipped).unwrap();
    let mut h = harness(data.path());
    select(&mut h, "rotting");
    // The Details data inspection reads the changed file and finds it damaged.
    wait_for(&mut h, "the damaged mark", |h| {
        shown(h, "⚠ damaged") && shown(h, "⚠ active (damaged)")
    });
    assert!(shown_containing(&h, "does not match its recorded sha512"));
    assert!(registry(data.path(), &image).damaged.is_some());
    // A Verify of the still-damaged data fails and keeps the mark.
    h.get_by_label("Verify data").click();
    wait_for(&mut h, "the failed verify", |h| {
        !h.state().view.jobs.jobs.is_empty() && !h.state().view.jobs.any_running()
    });
    assert!(registry(data.path(), &image).damaged.is_some());
    // Restored from a backup: Verify data clears it.
    std::fs::write(&blob, &bytes).unwrap();
    h.get_by_label("Verify data").click();
    wait_for(&mut h, "the mark to go", |h| {
        !shown(h, "⚠ damaged") && !shown(h, "⚠ active (damaged)")
    });
    assert!(registry(data.path(), &image).damaged.is_none());
    assert!(shown_containing(&h, "size, md5 and sha512 match"));
}

#[test]
fn a_missing_registry_is_offered_a_new_start_and_lost_images_come_back() {
    let data = tempfile::tempdir().unwrap();
    let image = seed(
        data.path(),
        "survivor",
        Visibility::Shared,
        Some(b"kept bytes"),
    );
    drop(Catalog::open(data.path()).unwrap());
    std::fs::write(data.path().join("registry.sqlite"), b"").unwrap();
    let blob = data.path().join("images").join(image.id.to_string());
    let mut h = harness(data.path());
    wait_for(&mut h, "the offer", |h| {
        shown(
            h,
            "Start a new registry, keeping the image files in lost+found",
        )
    });
    assert!(shown_containing(&h, "is missing or empty"));
    assert!(blob.is_file(), "nothing touched before the person chooses");
    h.get_by_label("Start a new registry, keeping the image files in lost+found")
        .click();
    wait_for(&mut h, "the lost+found bar", |h| {
        shown(h, "Register them again")
    });
    h.get_by_label("Register them again").click();
    wait_for(&mut h, "the image back", |h| {
        !h.state().view.jobs.any_running() && shown_containing(h, "registered 1 image(s)")
    });
    let back = Catalog::open(data.path()).unwrap().image(image.id).unwrap();
    assert_eq!(back.status, ImageStatus::Active);
    assert_eq!(back.checksum, image.checksum);
    assert_eq!(std::fs::read(&blob).unwrap(), b"kept bytes");
}

#[test]
fn open_log_folder_runs_the_opener_off_the_ui_thread_and_reports_a_failure() {
    let data = tempfile::tempdir().unwrap();
    let logs = data.path().join("logs");
    let mut h = harness(data.path());
    // An opener that fails, on a folder that does not exist yet.
    h.state_mut().log_folder.dir = Some(logs.clone());
    h.state_mut().log_folder.opener = "false".into();
    h.get_by_label("Help").click();
    wait_for(&mut h, "the Help menu", |h| shown(h, "Open log folder"));
    h.get_by_label("Open log folder").click();
    wait_for(&mut h, "the failure notice", |h| {
        !h.state().view.jobs.notices.is_empty()
    });
    let notice = h.state().view.jobs.notices[0].text.clone();
    assert!(
        notice.contains("cannot open the log folder") && notice.contains("false failed"),
        "{notice}"
    );
    assert!(shown_containing(&h, "cannot open the log folder"));
    assert!(logs.is_dir(), "the folder is made before it is opened");
    // An opener that works: the status line says so and no notice is added.
    h.state_mut().log_folder.opener = "true".into();
    h.get_by_label("Help").click();
    wait_for(&mut h, "the Help menu", |h| shown(h, "Open log folder"));
    h.get_by_label("Open log folder").click();
    wait_for(&mut h, "the status line", |h| {
        h.state()
            .view
            .jobs
            .status_line
            .starts_with("Opened the log folder")
    });
    assert_eq!(h.state().view.jobs.notices.len(), 1);
}
