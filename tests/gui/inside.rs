//! The Details "Inside" section and the import option (issue #14): "Look inside" runs a job
//! on a real Ubuntu 24.04 disk built at test time, the OS line and the suggestions with the
//! conflict warning show, "Apply suggestions" waits while Details holds unsaved edits and
//! then sets the properties in the catalog; the import form's "Set properties from what is
//! inside" sets them on the new image.

use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::{Catalog, ContainerFormat, DiskFormat, JobControl, NewImage};

use super::common::{
    App, harness_sized, select, settle, shown, shown_containing, type_into, wait_for,
};

#[path = "../common/guest_disk.rs"]
mod guest_disk;

/// Tall enough that the Inside section is laid out in view below Details' other sections.
const TALL: [f32; 2] = [1400.0, 2600.0];

fn click(h: &mut App<'_>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    settle(h);
    h.get_by_label(label).click();
    settle(h);
}

fn disabled(h: &App<'_>, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().is_disabled()
}

#[test]
fn look_inside_shows_the_os_and_apply_suggestions_sets_the_properties() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let disk = guest_disk::ubuntu_raw(files.path(), "ubuntu.raw");
    let image = {
        let catalog = Catalog::open(data.path()).unwrap();
        let new = NewImage {
            name: Some("noble".into()),
            disk_format: Some(DiskFormat::Raw),
            container_format: Some(ContainerFormat::Bare),
            properties: vec![("os_distro".into(), "centos".into())],
            ..NewImage::default()
        };
        catalog
            .import_file(new, &disk, false, &JobControl::new(), &mut |_| {})
            .unwrap()
    };
    let mut h = harness_sized(data.path(), TALL);
    select(&mut h, "noble");
    wait_for(&mut h, "the Inside section", |h| shown(h, "Look inside"));
    click(&mut h, "Look inside");
    wait_for(&mut h, "the OS line", |h| {
        shown_containing(h, "Ubuntu 24.04 LTS (noble)")
    });
    wait_for(&mut h, "the job to end", |h| {
        !h.state().view.jobs.any_running()
    });
    assert!(shown(&h, "x86_64"));
    assert!(shown_containing(&h, "CONFLICT"));
    assert!(shown_containing(
        &h,
        "image 'noble' says os_distro=centos but its disk holds ubuntu 24.04"
    ));

    // Unsaved edits in Details come first: Apply waits until they are saved or reverted.
    type_into(&mut h, "Image name", "noble-renamed");
    assert!(disabled(&h, "Apply suggestions"));
    click(&mut h, "Revert");
    wait_for(&mut h, "Apply to be enabled", |h| {
        !disabled(h, "Apply suggestions")
    });

    click(&mut h, "Apply suggestions");
    let catalog = Catalog::open(data.path()).unwrap();
    wait_for(&mut h, "the properties in the catalog", |_| {
        catalog.image(image.id).unwrap().properties.get("os_distro") == Some(&"ubuntu".to_string())
    });
    let stored = catalog.image(image.id).unwrap();
    assert_eq!(stored.properties["os_version"], "24.04");
    assert_eq!(stored.properties["architecture"], "x86_64");
    assert_eq!(stored.properties["hw_qemu_guest_agent"], "yes");
    assert_eq!(stored.name.as_deref(), Some("noble"));
    // The result is kept for the session: the suggestions now read as the same values.
    wait_for(&mut h, "the conflict to be gone", |h| {
        !shown_containing(h, "CONFLICT")
    });
    assert!(shown_containing(&h, "Ubuntu 24.04 LTS (noble)"));
    h.run();
}

#[test]
fn import_with_properties_from_inside() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let disk = guest_disk::ubuntu_raw(files.path(), "ubuntu.raw");
    let mut h = harness_sized(data.path(), TALL);
    h.get_by_label("Import…").click();
    wait_for(&mut h, "the import window", |h| shown(h, "File path"));
    type_into(&mut h, "File path", &disk.display().to_string());
    h.get_by_label("Add file").click();
    wait_for(&mut h, "the header to be read", |h| {
        h.query_by_label_contains("Detected raw").is_some()
    });
    click(&mut h, "Set properties from what is inside");
    h.get_by_label("Import").click();
    wait_for(&mut h, "the import to select its image", |h| {
        h.state().view.selected.is_some()
    });
    wait_for(&mut h, "the job to end", |h| {
        !h.state().view.jobs.any_running()
    });
    let id = h.state().view.selected.as_ref().unwrap().image.id;
    let stored = Catalog::open(data.path()).unwrap().image(id).unwrap();
    assert_eq!(stored.properties["os_distro"], "ubuntu");
    assert_eq!(stored.properties["os_version"], "24.04");
    assert_eq!(stored.properties["architecture"], "x86_64");
    h.run();
}
