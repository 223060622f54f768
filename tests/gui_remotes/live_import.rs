//! An import into stores watched in the window while it runs (issue #13): "Import from
//! URL…" with "All stores" has the lab fetch 8 MiB from its throttled server
//! (`LAB_SLOW_WEB_URL`), so the import stays in progress for seconds; the image selected
//! meanwhile shows `os_glance_importing_to_stores: …` in its details, read again by itself
//! while the import runs (the job's row names them too), and its three stores (each with
//! its Delete) once done. Then the `archive` store made to fail for that image alone (a
//! file already where the store would write it; Glance's filesystem store refuses a
//! duplicate), "Go on if a store fails" ticked: the details end with
//! `os_glance_failed_import: archive` and the two other stores.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::remote::stores;

use super::common::{App, leftmost, settle, shown, shown_containing, type_into};
use super::lab::{Lab, pattern, seed_of};
use super::parity_cloud::store_rows;
use super::{harness, open_cloud, save_cloud, type_and_enter, wait_for, wait_jobs};

/// A file where the lab's file store `store` would write image `id`; removed when dropped.
struct Blocker(PathBuf);

impl Drop for Blocker {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A file the lab's web servers serve, removed when dropped.
struct Served(PathBuf);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn set(text: &str) -> BTreeSet<String> {
    text.split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The id of the image the import made, once Glance says it is importing.
fn importing_id(lab: &Lab, name: &str) -> String {
    let admin = lab.admin();
    let started = Instant::now();
    loop {
        let found = admin.list_images(&lab.query(&[("name", name)])).unwrap();
        if let Some(image) = found.first()
            && image.status() == "importing"
        {
            return image.id().to_string();
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no image {name} importing yet: {found:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The stores the details say the import still writes to, when they say so.
fn importing_shown(h: &App<'_>) -> Option<BTreeSet<String>> {
    let prefix = "os_glance_importing_to_stores: ";
    let node = h.query_all_by_label_contains(prefix).next()?;
    let node = node.accesskit_node();
    let text = node.label().or_else(|| node.value())?;
    Some(set(text.strip_prefix(prefix)?))
}

/// Open "Import from URL…", fill it in for `name` from the slow server, tick "All stores"
/// (and `extra` ticks), start it.
fn import_from_slow_url(h: &mut App<'_>, lab: &Lab, name: &str, extra: &[&str]) -> Served {
    let path = PathBuf::from(lab.var("LAB_WEB_DIR")).join(format!("{name}.raw"));
    std::fs::write(&path, pattern(8 << 20, seed_of(name))).unwrap();
    wait_for(h, "the import dialog", |h| {
        if !shown(h, "Start import")
            && let Some(button) = h.query_by_label("Import from URL…")
            && !button.accesskit_node().is_disabled()
        {
            button.click();
        }
        shown(h, "Start import")
    });
    type_into(h, "New image name", name);
    type_into(
        h,
        "Source URL",
        &format!("{}/{name}.raw", lab.var("LAB_SLOW_WEB_URL")),
    );
    for tick in ["All stores"].iter().chain(extra) {
        h.get_all_by_label(tick)
            .find(|n| n.accesskit_node().role() == egui::accesskit::Role::CheckBox)
            .unwrap()
            .click();
        settle(h);
    }
    h.get_by_label("Start import").click();
    settle(h);
    Served(path)
}

/// Select the image `name` in the Images tab (a name filter) and wait until its details
/// show the import writing to stores; those stores.
fn select_while_importing(h: &mut App<'_>, name: &str, id: &str) -> BTreeSet<String> {
    type_and_enter(h, "Remote name filter", name);
    wait_for(h, "the imported image's row", |h| shown(h, name));
    leftmost(h, name).click();
    settle(h);
    wait_for(h, "os_glance_importing_to_stores in the details", |h| {
        h.state()
            .view
            .remotes
            .detail
            .detail
            .as_ref()
            .is_some_and(|d| d.image.id() == id)
            && importing_shown(h).is_some()
    });
    importing_shown(h).unwrap()
}

#[test]
fn the_details_show_an_import_into_stores_live_and_a_failed_store_after() {
    let Some(lab) = Lab::get() else { return };
    if lab.var("LAB_SLOW_WEB_URL").is_empty() || lab.var("LAB_STORES").is_empty() {
        assert!(
            std::env::var("GLANCE_LAB_REQUIRED").as_deref() != Ok("1"),
            "the lab has no slow web server: start it again with scripts/lab/start"
        );
        return;
    }
    let admin = lab.admin();
    let all = set(&lab.var("LAB_STORES"));
    let data = tempfile::tempdir().unwrap();
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
            .is_some_and(|v| v.stores.len() == 3 && v.offers("web-download"))
    });

    // Every store, all succeed.
    let name = lab.unique("live-gui");
    let _served = import_from_slow_url(&mut h, lab, &name, &[]);
    let id = importing_id(lab, &name);
    let first = select_while_importing(&mut h, &name, &id);
    assert!(first.is_subset(&all) && !first.is_empty(), "{first:?}");
    // The job's row says it too (its note: the remote status and the stores).
    wait_for(&mut h, "the job's note", |h| {
        let note = h.state().view.jobs.jobs.last().unwrap().control.note();
        note.contains("os_glance_importing_to_stores ") && shown(h, &note)
    });
    // The pane reads the image again by itself while the import runs (not only when the
    // job ends): a later reading arrives with the job still running.
    let read_at = h.state().view.remotes.detail.shown_at;
    wait_for(&mut h, "the details read again during the import", |h| {
        h.state().view.remotes.detail.shown_at != read_at
    });
    assert!(
        h.state().view.jobs.any_running(),
        "the import ended before the details were read again"
    );
    assert!(importing_shown(&h).is_some_and(|s| s.is_subset(&all)));
    wait_jobs(&mut h, "the import");
    wait_for(&mut h, "the details with every store", |h| {
        let d = &h.state().view.remotes.detail;
        !d.stale
            && d.detail
                .as_ref()
                .is_some_and(|d| set(d.image.stores().unwrap_or_default()) == all)
    });
    assert!(importing_shown(&h).is_none(), "the import is over");
    let stores_field = admin.show_image(&id).unwrap().stores().unwrap().to_string();
    assert!(shown(&h, &stores_field), "the Stores field: {stores_field}");
    assert_eq!(store_rows(&h), all, "each store with its Delete");
    assert!(!shown_containing(&h, "os_glance_failed_import: "));
    admin.delete_image(&id).unwrap();

    // The archive store fails for this image alone; failures allowed.
    let name = lab.unique("live-gui-fail");
    let _served = import_from_slow_url(&mut h, lab, &name, &["Go on if a store fails"]);
    let id = importing_id(lab, &name);
    let blocker = Blocker(
        PathBuf::from(lab.var("LAB_STATE_DIR"))
            .join("stores")
            .join("archive")
            .join(&id),
    );
    std::fs::write(&blocker.0, b"taken: the import into this store fails").unwrap();
    let before = admin.show_image(&id).unwrap();
    assert!(
        stores::image_stores(&before).is_empty(),
        "the blocker came too late: {before:?}"
    );
    let importing = select_while_importing(&mut h, &name, &id);
    assert!(importing.contains("archive"), "{importing:?}");
    wait_jobs(&mut h, "the import with a failed store");
    let job = h.state().view.jobs.jobs.last().unwrap().clone();
    assert!(
        format!("{:?}", job.finished).contains("FAILED in store(s) archive"),
        "{:?}",
        job.finished
    );
    wait_for(&mut h, "the details after the import", |h| {
        let d = &h.state().view.remotes.detail;
        !d.stale
            && d.detail.as_ref().is_some_and(|d| {
                d.image.id() == id && stores::failed_in(&d.image) == ["archive".to_string()]
            })
    });
    assert!(shown(&h, "os_glance_failed_import: archive"));
    assert!(importing_shown(&h).is_none());
    assert_eq!(store_rows(&h), set("fast,cheap"), "the stores that worked");
    admin.delete_image(&id).unwrap();
    drop(blocker);
}
