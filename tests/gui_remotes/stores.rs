//! The window's multi-store flows against the lab's three file stores (issue #13, "Stores"
//! and "More ways in"): the push dialog ticks two stores; the pushed image's details list
//! its stores; "Copy to stores…" adds the third; "Delete from store" (confirmed) removes one;
//! "Import from URL…" in the Images tab has the cloud fetch a file from the lab's HTTP server
//! into a chosen store. Checked through the window's state and the Glance API.

use std::collections::BTreeSet;
use std::path::PathBuf;

use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::Catalog;
use glance_workbench::backend::remote::Session;
use glance_workbench::backend::remote::stores;

use super::common::{leftmost, settle, shown, type_into, wait_push_dialog};
use super::lab::{Lab, local_image, pattern};
use super::{click, drag, harness, open_cloud, save_cloud, seed_of, wait_for, wait_jobs};

fn stores_of(admin: &Session, id: &str) -> BTreeSet<String> {
    stores::image_stores(&admin.show_image(id).unwrap())
        .into_iter()
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Click the "Delete from store" button on the row of `store` in the details.
fn delete_from_store(h: &mut super::common::App<'_>, store: &str) {
    h.get_by_label(store).scroll_to_me();
    settle(h);
    let y = h.get_by_label(store).rect().center().y;
    let button = h
        .get_all_by_label("Delete from store")
        .find(|b| (b.rect().center().y - y).abs() < 8.0)
        .unwrap();
    button.click();
    settle(h);
}

#[test]
fn stores_are_ticked_on_push_copied_to_deleted_from_and_a_url_is_imported() {
    let Some(lab) = Lab::get() else { return };
    if lab.var("LAB_STORES").is_empty() {
        assert!(
            std::env::var("GLANCE_LAB_REQUIRED").as_deref() != Ok("1"),
            "the lab has no stores block: start it again with scripts/lab/start"
        );
        return;
    }
    let admin = lab.admin();
    let data = tempfile::tempdir().unwrap();
    let name = lab.unique("stores-gui");
    let image = local_image(
        &Catalog::open(data.path()).unwrap(),
        &name,
        &pattern(2 << 20, seed_of(&name) + 31),
        &name,
    );
    let cloud = lab.unique("lab");
    save_cloud(lab, data.path(), &cloud, "admin");
    let mut h = harness(data.path());
    open_cloud(&mut h, &cloud, Some(&lab.var("OS_PASSWORD")));
    wait_for(&mut h, "the cloud's stores", |h| {
        h.state()
            .view
            .remotes
            .forms
            .stores_of(&cloud)
            .is_some_and(|v| v.stores.len() == 3)
    });
    wait_for(&mut h, "the local list", |h| shown(h, &name));

    // Push, ticking two stores.
    let from = leftmost(&h, &name).rect().center();
    let to = h.get_by_label(&cloud).rect().center();
    drag(&mut h, from, to);
    wait_push_dialog(&mut h);
    assert!(shown(&h, "fast (default)"), "the stores are offered");
    h.get_by_label("cheap").click();
    h.get_by_label("archive").click();
    settle(&mut h);
    assert!(shown(
        &h,
        "Chosen stores go through glance-direct (the import API)."
    ));
    h.get_by_label("Start push").click();
    wait_jobs(&mut h, "the push");
    let remote = admin
        .list_images(&lab.query(&[("name", name.as_str())]))
        .unwrap();
    assert_eq!(remote.len(), 1, "{remote:?}");
    let id = remote[0].id().to_string();
    assert_eq!(stores_of(&admin, &id), set(&["cheap", "archive"]));
    assert_eq!(remote[0].os_hash_value(), image.os_hash_value.as_deref());
    let catalog = Catalog::open(data.path()).unwrap();
    let push = catalog
        .tasks(None, Some(image.id), 10)
        .unwrap()
        .into_iter()
        .find(|t| t.task_type == "push")
        .unwrap();
    assert_eq!(
        push.input["stores"],
        serde_json::json!(["archive", "cheap"])
    );
    assert_eq!(push.input["method"], "glance-direct");

    // The pushed image is selected; its details list its stores.
    wait_for(&mut h, "the pushed image's details", |h| {
        h.state()
            .view
            .remotes
            .detail
            .detail
            .as_ref()
            .is_some_and(|d| d.image.id() == id)
            && shown(h, "Copy to stores…")
    });
    assert!(shown(&h, "cheap") && shown(&h, "archive"));

    // Copy to the third store.
    click(&mut h, "Copy to stores…");
    wait_for(&mut h, "the copy dialog", |h| shown(h, "Copy into stores"));
    h.get_by_label("fast (default)").click();
    settle(&mut h);
    h.get_by_label("Copy into stores").click();
    settle(&mut h);
    wait_jobs(&mut h, "the copy");
    assert_eq!(stores_of(&admin, &id), set(&["fast", "cheap", "archive"]));

    // Delete from one store, confirmed.
    wait_for(&mut h, "the details with three stores", |h| {
        let d = &h.state().view.remotes.detail;
        !d.stale
            && d.detail
                .as_ref()
                .is_some_and(|d| stores::image_stores(&d.image).len() == 3)
    });
    settle(&mut h);
    delete_from_store(&mut h, "archive");
    wait_for(&mut h, "the confirmation", |h| {
        shown(h, "Delete from this store")
    });
    click(&mut h, "Delete from this store");
    wait_for(&mut h, "the data gone from archive", |_| {
        stores_of(&admin, &id) == set(&["fast", "cheap"])
    });
    admin.delete_image(&id).unwrap();

    // Import from URL into the archive store.
    let url_name = lab.unique("url-gui");
    let bytes = pattern(1 << 20, seed_of(&url_name) + 32);
    let served = PathBuf::from(lab.var("LAB_WEB_DIR")).join(format!("{url_name}.raw"));
    std::fs::write(&served, &bytes).unwrap();
    let expected = local_image(&catalog, &url_name, &bytes, &url_name);
    // The image deleted behind the window's back makes its details answer 404 and the pane
    // redraw; a click during that redraw can miss, so click until the dialog is up.
    wait_for(&mut h, "the import dialog", |h| {
        if !shown(h, "Start import")
            && let Some(button) = h.query_by_label("Import from URL…")
            && !button.accesskit_node().is_disabled()
        {
            button.click();
        }
        shown(h, "Start import")
    });
    type_into(&mut h, "New image name", &url_name);
    type_into(
        &mut h,
        "Source URL",
        &format!("{}/{url_name}.raw", lab.var("LAB_WEB_URL")),
    );
    // The store's tick in the dialog (the details may still name the store too).
    h.get_all_by_label("archive")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::CheckBox)
        .unwrap()
        .click();
    settle(&mut h);
    h.get_by_label("Start import").click();
    settle(&mut h);
    wait_jobs(&mut h, "the web-download");
    let imported = admin
        .list_images(&lab.query(&[("name", url_name.as_str())]))
        .unwrap();
    assert_eq!(imported.len(), 1, "{imported:?}");
    assert_eq!(imported[0].status(), "active");
    assert_eq!(
        imported[0].os_hash_value(),
        expected.os_hash_value.as_deref()
    );
    assert_eq!(imported[0].stores(), Some("archive"));
    admin.delete_image(imported[0].id()).unwrap();
    let _ = std::fs::remove_file(served);
}
