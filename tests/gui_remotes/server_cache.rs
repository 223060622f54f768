//! The "Server cache" tab against the real lab (issue #13): an image selected in the Images
//! tab is queued with "Queue selected", the API node's cache worker fetches it and the
//! cached table shows it by name with its size; Delete removes it; queued again, "Clear
//! cache…" (confirmed) empties the cache; Clean and Prune answer. On a lab without Glance's
//! image cache the tab says why and its buttons stay disabled. Checked through the window's
//! state and the Glance API.

use egui_kittest::kittest::Queryable;
use glance_workbench::backend::remote::Session;
use glance_workbench::backend::remote::server_cache::CacheState;

use super::common::{leftmost, settle, shown, shown_containing, type_into};
use super::lab::{Lab, pattern};
use super::{click, harness, open_cloud, save_cloud, type_and_enter, wait_for};

fn cached(admin: &Session) -> CacheState {
    admin.server_cache().unwrap()
}

#[test]
fn the_server_cache_tab_queues_deletes_clears_cleans_and_prunes() {
    let Some(lab) = Lab::get() else { return };
    let _cache = super::parity_cloud::server_cache_lock();
    let admin = lab.admin();
    let tag = lab.unique("scache-gui");
    let id = lab.remote_image(&admin, &tag, &pattern(80 << 10, 13));
    let data = tempfile::tempdir().unwrap();
    let cloud = lab.unique("lab");
    save_cloud(lab, data.path(), &cloud, "admin");
    let mut h = harness(data.path());
    open_cloud(&mut h, &cloud, Some(&lab.var("OS_PASSWORD")));
    type_and_enter(&mut h, "Remote tag filter", &tag);
    wait_for(&mut h, "the remote image", |h| shown(h, &tag));
    leftmost(&h, &tag).click();
    settle(&mut h);
    click(&mut h, "Server cache");
    wait_for(&mut h, "the server cache read", |h| {
        let tab = &h.state().view.remotes.server_cache;
        tab.view.is_some() && !tab.loading
    });
    if lab.var("LAB_IMAGE_CACHE") != "1" {
        assert!(shown_containing(
            &h,
            "Server cache not available on this cloud: the server cache API needs image API 2.14"
        ));
        let before = h.state().view.jobs.notices.len();
        h.get_by_label("Queue selected (1)").click();
        settle(&mut h);
        assert!(
            !h.state().view.remotes.server_cache.loading,
            "a disabled button sent a call"
        );
        assert_eq!(h.state().view.jobs.notices.len(), before);
        return;
    }
    assert!(
        shown(&h, "Local cache"),
        "the local cache tab keeps its own name"
    );

    // Queue the Images tab's selection; the worker fills the cache; Refresh shows it.
    h.get_by_label("Queue selected (1)").click();
    settle(&mut h);
    wait_for(&mut h, "the image cached", |h| {
        let tab = &h.state().view.remotes.server_cache;
        let done = tab
            .view
            .as_ref()
            .is_some_and(|v| v.state.cached.iter().any(|c| c.image_id == id));
        if !done && !tab.loading {
            h.get_by_label("Refresh").click();
        }
        done
    });
    assert!(shown(&h, &id), "the cached table shows the id");
    assert!(shown(&h, "80.0 KiB"), "and the size");
    assert!(cached(&admin).cached.iter().any(|c| c.image_id == id));

    // Delete its row (other tests' downloads may have cached other images: the button on
    // the row showing our id).
    let y = h.get_by_label(&id).rect().center().y;
    h.get_all_by_label("Delete")
        .min_by(|a, b| {
            (a.rect().center().y - y)
                .abs()
                .total_cmp(&(b.rect().center().y - y).abs())
        })
        .unwrap()
        .click();
    wait_for(&mut h, "the entry deleted", |h| {
        let tab = &h.state().view.remotes.server_cache;
        !tab.loading
            && tab
                .view
                .as_ref()
                .is_some_and(|v| v.state.cached.iter().all(|c| c.image_id != id))
    });
    assert!(cached(&admin).cached.iter().all(|c| c.image_id != id));

    // Queue it by id, then "Clear cache…", confirmed.
    type_into(&mut h, "Image id", &id);
    h.get_by_label("Queue id").click();
    settle(&mut h);
    wait_for(&mut h, "cached again", |h| {
        let tab = &h.state().view.remotes.server_cache;
        let done = tab
            .view
            .as_ref()
            .is_some_and(|v| v.state.cached.iter().any(|c| c.image_id == id));
        if !done && !tab.loading {
            h.get_by_label("Refresh").click();
        }
        done
    });
    h.get_by_label("Clear cache…").click();
    settle(&mut h);
    assert!(shown_containing(&h, "Clear the server cache of cloud"));
    h.get_by_label("Clear cache").click();
    wait_for(&mut h, "the cache cleared", |h| {
        let tab = &h.state().view.remotes.server_cache;
        // Other tests' downloads may fill the cache again at once: this image is gone.
        !tab.loading
            && tab
                .view
                .as_ref()
                .is_some_and(|v| v.state.cached.iter().all(|c| c.image_id != id))
    });
    assert!(cached(&admin).cached.iter().all(|c| c.image_id != id));

    // Clean and Prune answer with a status line.
    for (button, said) in [
        ("Clean", "server cache cleaned"),
        ("Prune", "server cache pruned"),
    ] {
        h.get_by_label(button).click();
        wait_for(&mut h, button, |h| {
            !h.state().view.remotes.server_cache.loading && shown_containing(h, said)
        });
    }
    assert!(h.state().view.remotes.server_cache.error.is_none());
    admin.delete_image(&id).unwrap();
}
