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

use crate::guest_disk;

/// Tall enough that the Inside section is laid out in view below Details' other sections.
const TALL: [f32; 2] = [1400.0, 2600.0];

fn click(h: &mut App<'_>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    settle(h);
    h.get_by_label(label).click();
    settle(h);
}

/// Click "Look inside" once Details above it has settled (the data inspection arriving moves
/// it down), again if a redraw swallowed the click, until its job has started; then wait for
/// the OS line.
fn look_inside(h: &mut App<'_>) {
    wait_for(h, "the data inspection above", |h| {
        shown(h, "Verdict: safe")
    });
    wait_for(h, "the Look inside job", |h| {
        if !disabled(h, "Look inside") {
            click(h, "Look inside");
        }
        h.state()
            .view
            .jobs
            .jobs
            .iter()
            .any(|j| j.kind == glance_workbench::ui::jobs::JobKind::LookInside)
    });
    wait_for(h, "the OS line", |h| {
        shown_containing(h, "Ubuntu 24.04 LTS (noble)")
    });
    wait_for(h, "the job to end", |h| !h.state().view.jobs.any_running());
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
    look_inside(&mut h);
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

    let catalog = Catalog::open(data.path()).unwrap();
    // Clicked again only if a redraw swallowed the click (applying twice changes nothing).
    let mut clicks = 0;
    wait_for(&mut h, "the properties in the catalog", |h| {
        let applied = catalog.image(image.id).unwrap().properties.get("os_distro")
            == Some(&"ubuntu".to_string());
        if !applied && clicks < 20 && !disabled(h, "Apply suggestions") {
            click(h, "Apply suggestions");
            clicks += 1;
        }
        applied
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

#[test]
fn the_inside_section_fits_the_inspector_at_800_by_500() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let disk = guest_disk::ubuntu_raw(files.path(), "ubuntu.raw");
    {
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
            .unwrap();
    }
    let size = [800.0, 500.0];
    let mut h = harness_sized(data.path(), size);
    select(&mut h, "noble");
    wait_for(&mut h, "the Inside section", |h| shown(h, "Look inside"));
    look_inside(&mut h);
    for label in ["Apply suggestions", "architecture"] {
        h.get_all_by_label(label).next().unwrap().scroll_to_me();
        settle(&mut h);
        super::layout::assert_catalog_layout(&h, size, "Details with a look inside");
        let inspector = h.state().inspector_rect.unwrap();
        for node in h.get_all_by_label_contains("says os_distro=centos") {
            assert!(
                node.rect().right() <= inspector.right() + 1.0,
                "the conflict line runs past the inspector: {:?} vs {inspector:?}",
                node.rect()
            );
        }
        let apply = h.get_by_label("Apply suggestions").rect();
        assert!(
            apply.right() <= inspector.right() + 1.0,
            "{apply:?} vs {inspector:?}"
        );
    }
    h.run();
}
