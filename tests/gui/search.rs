//! The catalog's search, filters and empty states through the window: an empty catalog offers
//! its three first steps, a search narrows the rows (1 and 2 characters too), a search with
//! no match says so, Clear filters (in the bar or the empty result) brings every row back,
//! and killed and deleted images leave the default list but show under their status.

use std::path::Path;

use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::catalog::REGISTRY_FILE;
use glance_workbench::backend::state::apply_transition;
use glance_workbench::backend::{Catalog, ContainerFormat, DiskFormat, ImageStatus, NewImage};
use glance_workbench::store::registry;
use glance_workbench::ui::remotes::Central;

use crate::common::{harness, settle, shown, type_into, wait_for};

fn seed(dir: &Path, names: &[(&str, &[&str])]) {
    let catalog = Catalog::open(dir).unwrap();
    for (name, tags) in names {
        catalog
            .create_image(NewImage {
                name: Some(name.to_string()),
                disk_format: Some(DiskFormat::Raw),
                container_format: Some(ContainerFormat::Bare),
                tags: tags.iter().map(|t| t.to_string()).collect(),
                ..NewImage::default()
            })
            .unwrap();
    }
}

/// The lowest button labelled `label` (the filter bar's Clear filters is above the empty
/// result's).
fn click_lowest(h: &mut crate::common::App<'_>, label: &str) {
    h.get_all_by_label(label)
        .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .unwrap()
        .click();
    settle(h);
}

#[test]
fn an_empty_catalog_offers_import_blank_image_and_a_cloud() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    wait_for(&mut h, "the empty state", |h| {
        shown(h, "The catalog is empty.")
    });
    assert!(shown(&h, "Add a cloud…"));

    // The same actions as the top bar's Import… and New blank image….
    click_lowest(&mut h, "Import a file…");
    assert!(shown(&h, "Import images"), "the import window opens");
    crate::common::close_window(&mut h, "Import images");

    click_lowest(&mut h, "Create a blank image…");
    assert!(
        shown(&h, "Create blank image"),
        "the blank image dialog opens"
    );
    crate::common::close_window(&mut h, "Create blank image");

    click_lowest(&mut h, "Add a cloud…");
    assert_eq!(h.state().view.remotes.central, Central::Remotes);
    assert!(shown(&h, "Add cloud"), "the new cloud form opens");
}

#[test]
fn search_narrows_no_match_says_so_and_clear_filters_brings_rows_back() {
    let dir = tempfile::tempdir().unwrap();
    seed(
        dir.path(),
        &[
            ("ubuntu-24.04", &["lts"]),
            ("debian-12", &[]),
            ("麒麟桌面版", &["国产"]),
        ],
    );
    let mut h = harness(dir.path());
    wait_for(&mut h, "the rows", |h| {
        shown(h, "debian-12") && !h.state().is_busy()
    });
    assert!(
        h.get_by_label("Clear filters")
            .accesskit_node()
            .is_disabled()
    );

    for (text, hit) in [
        ("UBUN", "ubuntu-24.04"),
        ("麒麟", "麒麟桌面版"),
        ("国产", "麒麟桌面版"),
        ("lts", "ubuntu-24.04"),
        ("版", "麒麟桌面版"),
        ("U", "ubuntu-24.04"),
        ("4.", "ubuntu-24.04"),
    ] {
        type_into(&mut h, "Search", text);
        wait_for(&mut h, "the search's rows", |h| {
            !h.state().is_busy() && shown(h, hit)
        });
        assert_eq!(h.state().view.catalog.total(), 1, "search {text:?}");
        assert!(!shown(&h, "debian-12"), "search {text:?}");
    }

    type_into(&mut h, "Search", "zzz-nothing");
    wait_for(&mut h, "the empty result", |h| {
        !h.state().is_busy() && shown(h, "No images match these filters.")
    });
    assert!(!shown(&h, "The catalog is empty."));
    // One Clear filters in the bar, one in the empty result.
    assert_eq!(h.get_all_by_label("Clear filters").count(), 2);
    click_lowest(&mut h, "Clear filters");
    wait_for(&mut h, "every row again", |h| {
        !h.state().is_busy() && shown(h, "debian-12") && shown(h, "ubuntu-24.04")
    });
    assert_eq!(h.state().view.catalog.total(), 3);
    assert!(h.state().view.catalog.filters.search.is_empty());

    // The bar's button clears a tag filter too.
    type_into(&mut h, "Tag filter", "lts");
    wait_for(&mut h, "the tagged row", |h| {
        !h.state().is_busy() && !shown(h, "debian-12")
    });
    h.get_by_label("Clear filters").click();
    settle(&mut h);
    wait_for(&mut h, "every row again", |h| {
        !h.state().is_busy() && shown(h, "debian-12")
    });
    assert!(h.state().view.catalog.filters.tag.is_empty());
}

#[test]
fn killed_and_deleted_images_leave_the_default_list_and_show_under_their_status() {
    let dir = tempfile::tempdir().unwrap();
    seed(
        dir.path(),
        &[("kept-1", &[]), ("killed-1", &[]), ("deleted-1", &[])],
    );
    {
        let catalog = Catalog::open(dir.path()).unwrap();
        let deleted = catalog.resolve("deleted-1").unwrap().id;
        catalog.delete(deleted).unwrap();
        // What a failed upload does: queued -> saving -> killed.
        let killed = catalog.resolve("killed-1").unwrap().id;
        let conn = registry::open(&dir.path().join(REGISTRY_FILE)).unwrap();
        let tx = registry::write_tx(&conn).unwrap();
        apply_transition(&tx, killed, None, ImageStatus::Saving, "test").unwrap();
        apply_transition(&tx, killed, None, ImageStatus::Killed, "test").unwrap();
        tx.commit().unwrap();
    }
    let mut h = harness(dir.path());
    wait_for(&mut h, "the rows", |h| {
        shown(h, "kept-1") && !h.state().is_busy()
    });
    assert!(!shown(&h, "killed-1") && !shown(&h, "deleted-1"));
    assert_eq!(h.state().view.catalog.total(), 1);
    // A search leaves them out too.
    type_into(&mut h, "Search", "-1");
    wait_for(&mut h, "the search's rows", |h| {
        !h.state().is_busy() && shown(h, "kept-1")
    });
    assert_eq!(h.state().view.catalog.total(), 1);
    h.state_mut().view.catalog.clear_filters();

    // The status filter (as its combo box sets it) shows each.
    for (status, name) in [
        (ImageStatus::Killed, "killed-1"),
        (ImageStatus::Deleted, "deleted-1"),
    ] {
        let catalog = &mut h.state_mut().view.catalog;
        catalog.filters.status = Some(status);
        catalog.invalidate();
        wait_for(&mut h, "the status's rows", |h| {
            !h.state().is_busy() && shown(h, name)
        });
        assert_eq!(h.state().view.catalog.total(), 1, "{status}");
        assert!(!shown(&h, "kept-1"), "{status}");
    }
}
