//! Parity of a cloud's server features (issue #13) against the real lab: the same operation
//! driven once through the CLI binary and once through the window (egui_kittest, clicking by
//! label), each side on a data dir of its own with the same cloud, must have the same effect
//! on the cloud and show the same facts:
//! - server cache: an image queued for prefetch (`remote cache queue` / "Queue selected")
//!   ends up cached alike; the window's cached table and `remote cache list -f json` show
//!   the same images, sizes and hits; a cached entry deleted through each is gone alike;
//! - stores: the window's stores (the import dialog's ticks, their descriptions) and
//!   `remote store list -f json` give the same stores; copy-image into one more store
//!   (`remote image copy-to-store` / "Copy to stores…") and a delete from one store
//!   (`remote image delete-from-store` / "Delete from store") leave the same `stores` and
//!   the same local tasks;
//! - usage: the window's quota bars and `remote usage -f json` give the same figures for the
//!   lab's `quota` project (only tests/remote's quota tests use it, and they run in another
//!   binary); a push over the size limit is refused before any bytes move with the same
//!   line in both (the CLI's error, the window's notice).
//!
//! Each test's images carry names unique to the run and are deleted at the end (their cache
//! entries too), so other tests on the same lab are not disturbed.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::Catalog;
use glance_workbench::backend::remote::Session;
use glance_workbench::backend::remote::config;
use glance_workbench::backend::remote::server_cache::CacheState;
use glance_workbench::ui::bridge::JobOutcome;
use serde_json::{Map, Value, json};

use super::common::{App, leftmost, settle, shown, wait_push_dialog};
use super::lab::{Lab, local_image, pattern};
use super::{click, harness, open_cloud, seed_of, type_and_enter, wait_for, wait_jobs};

use super::parity::twin::{Side, assert_same, assert_same_values};

/// The lab's server cache is one per lab. The tests of this binary that change it beyond
/// their own images (tests/gui_remotes/server_cache.rs clears and prunes it) hold this, so
/// a clear does not take another test's entries away in the middle of its checks.
pub fn server_cache_lock() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A cloud `name` in the workbench's clouds file of `dir`, for `user` in `project`, with the
/// password in the file (as an admin may write it), so neither front end asks for it.
fn save_cloud_in_file(lab: &Lab, dir: &Path, name: &str, user: &str, project: &str, pass: &str) {
    let path = config::workbench_clouds_file(dir);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let yaml = format!(
        "clouds:\n  {name}:\n    auth_type: password\n    auth:\n      auth_url: '{url}'\n      \
         username: '{user}'\n      password: '{password}'\n      project_name: '{project}'\n      \
         user_domain_name: Default\n      project_domain_name: Default\n    \
         region_name: RegionOne\n    interface: public\n",
        url = lab.var("OS_AUTH_URL"),
        password = pass.replace('\'', "''"),
    );
    std::fs::write(&path, yaml).unwrap();
}

/// Both sides with the lab's admin as cloud `cloud`.
fn admin_sides(lab: &Lab, cloud: &str) -> (Side, Side) {
    let cli = Side::new("CLI");
    let gui = Side::new("window");
    for side in [&cli, &gui] {
        save_cloud_in_file(
            lab,
            side.data(),
            cloud,
            "admin",
            "admin",
            &lab.var("OS_PASSWORD"),
        );
    }
    (cli, gui)
}

/// Open `cloud` in the Remotes view and wait for its listing; no secret may be asked for.
fn open_unasked(h: &mut App<'_>, cloud: &str) {
    open_cloud(h, cloud, None);
    wait_for(h, "the cloud's listing", |h| {
        let remotes = &h.state().view.remotes;
        assert!(
            remotes.forms.prompt.is_none(),
            "the window asked for a secret"
        );
        remotes.images.loaded_for.as_deref() == Some(cloud) && !remotes.images.loading
    });
    assert!(
        h.state().view.remotes.images.error.is_none(),
        "{:?}",
        h.state().view.remotes.images.error
    );
}

/// Every label on screen whose row (vertical centre within 8 px) is that of the node
/// labelled `anchor`.
fn row_labels(h: &App<'_>, anchor: &str) -> Vec<String> {
    labels_at(h, h.get_by_label(anchor).rect().center().y)
}

/// Every label on screen on the row at `y` (vertical centre within 8 px).
pub(super) fn labels_at(h: &App<'_>, y: f32) -> Vec<String> {
    h.root()
        .children_recursive()
        .filter(|n| n.accesskit_node().bounding_box().is_some())
        .filter(|n| (n.rect().center().y - y).abs() < 8.0)
        .filter_map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .collect()
}

// ------------------------------------------------------------------------------------------
// Server cache
// ------------------------------------------------------------------------------------------

/// The cache's facts about `id`: whether queued, and its cached entry's size and hits.
fn cache_facts(state: &CacheState, id: &str) -> Value {
    let cached = state
        .cached
        .iter()
        .find(|c| c.image_id == id)
        .map(|c| json!({"size": c.size, "hits": c.hits}));
    json!({"queued": state.queued.iter().any(|q| q == id), "cached": cached})
}

/// `remote cache list -f json`'s entries as (image id → name, size, hits), and its queue.
fn cli_cache_rows(list: &Value) -> (Map<String, Value>, BTreeSet<String>) {
    let rows = list["cached_images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let id = e["image_id"].as_str().unwrap().to_string();
            (
                id,
                json!({"name": e["name"], "size": e["size"], "hits": e["hits"]}),
            )
        })
        .collect();
    let queued = list["queued_images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["image_id"].as_str().unwrap().to_string())
        .collect();
    (rows, queued)
}

/// The window's Server cache tab as the same (rows, queue), once a read is in.
fn window_cache_rows(h: &App<'_>) -> Option<(Map<String, Value>, BTreeSet<String>)> {
    let tab = &h.state().view.remotes.server_cache;
    let view = tab.view.as_ref().filter(|_| !tab.loading)?;
    let rows = view
        .state
        .cached
        .iter()
        .map(|c| {
            (
                c.image_id.clone(),
                json!({"name": view.name(&c.image_id), "size": c.size, "hits": c.hits}),
            )
        })
        .collect();
    Some((rows, view.state.queued.iter().cloned().collect()))
}

/// Click the tab's Refresh and wait for its answer.
fn refresh_cache_tab(h: &mut App<'_>) {
    wait_for(h, "the tab idle", |h| {
        !h.state().view.remotes.server_cache.loading
    });
    h.get_by_label("Refresh").click();
    h.step();
    wait_for(h, "the server cache read", |h| {
        window_cache_rows(h).is_some()
    });
}

/// Wait until the lab's cache has `done` (its worker fetches queued images by itself).
fn wait_cache(admin: &Session, what: &str, done: impl Fn(&CacheState) -> bool) -> CacheState {
    let started = Instant::now();
    loop {
        let state = admin.server_cache().unwrap();
        if done(&state) {
            return state;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "{what}: still {state:?}"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// A full download of an image's data: the cache middleware serves it and counts a hit.
fn download(session: &Session, id: &str) {
    session
        .call(
            reqwest::Method::GET,
            &format!("images/{id}/file"),
            &[],
            None,
            true,
        )
        .unwrap();
}

#[test]
fn parity_server_cache_queue_list_and_delete_agree() {
    let Some(lab) = Lab::get() else { return };
    if lab.var("LAB_IMAGE_CACHE") != "1" {
        eprintln!("the lab runs without Glance's image cache: nothing to compare");
        return;
    }
    let _cache = server_cache_lock();
    let admin = lab.admin();
    let tag = lab.unique("pcache");
    let data = pattern(72 << 10, seed_of(&tag));
    let cli_name = format!("{tag}-cli");
    let gui_name = format!("{tag}-win");
    let cli_id = lab.remote_image_named(&admin, &cli_name, &tag, &data);
    let gui_id = lab.remote_image_named(&admin, &gui_name, &tag, &data);
    let cloud = lab.unique("lab");
    let (cli, gui) = admin_sides(lab, &cloud);

    // Queue: `remote cache queue NAME` and the window's "Queue selected" on its image.
    let out = cli.cli(&["remote", "cache", "queue", &cli_name, "--cloud", &cloud]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("1 image queued for the server cache"),
        "{stderr}"
    );
    let mut h = harness(gui.data());
    open_unasked(&mut h, &cloud);
    type_and_enter(&mut h, "Remote tag filter", &tag);
    wait_for(&mut h, "the two images", |h| {
        shown(h, &gui_name) && shown(h, &cli_name)
    });
    leftmost(&h, &gui_name).click();
    settle(&mut h);
    click(&mut h, "Server cache");
    wait_for(&mut h, "the server cache read", |h| {
        window_cache_rows(h).is_some()
    });
    h.get_by_label("Queue selected (1)").click();
    settle(&mut h);
    wait_for(&mut h, "the queue call", |h| window_cache_rows(h).is_some());
    assert!(h.state().view.remotes.server_cache.error.is_none());
    assert!(
        h.state().view.jobs.notices.is_empty(),
        "{:?}",
        h.state().view.jobs.notices
    );

    // The cache worker fetches both; then each image's entry is the same: cached, the same
    // size, no hit, no longer queued.
    let state = wait_cache(&admin, "both images cached", |s| {
        [&cli_id, &gui_id]
            .iter()
            .all(|id| s.cached.iter().any(|c| c.image_id == **id) && !s.queued.contains(id))
    });
    assert_same_values(
        "queue (the cloud's cache)",
        &cache_facts(&state, &cli_id),
        &cache_facts(&state, &gui_id),
    );
    assert_eq!(
        cache_facts(&state, &gui_id),
        json!({"queued": false, "cached": {"size": 72 << 10, "hits": 0}})
    );

    // One full download of each: a hit apiece. Then the window's table and the CLI's list
    // show the same entries. Other tests' downloads fill the cache too (the middleware
    // keeps every full download), so the two reads are compared until one pair was taken
    // while nothing else changed.
    download(&admin, &cli_id);
    download(&admin, &gui_id);
    let mut attempts = 0;
    let (window_rows, cli_rows) = loop {
        attempts += 1;
        refresh_cache_tab(&mut h);
        let window = window_cache_rows(&h).unwrap();
        let listed = cli.json(&["remote", "cache", "list", "--cloud", &cloud]);
        let cli_list = cli_cache_rows(&listed);
        if window == cli_list || attempts == 5 {
            break (window, cli_list);
        }
    };
    assert_same_values(
        "the cache listed",
        &json!({"cached": cli_rows.0, "queued": cli_rows.1}),
        &json!({"cached": window_rows.0, "queued": window_rows.1}),
    );
    for (id, name) in [(&cli_id, &cli_name), (&gui_id, &gui_name)] {
        let entry = &cli_rows.0[id.as_str()];
        assert_eq!(entry["name"], name.as_str());
        assert!(entry["hits"].as_u64().unwrap() >= 1, "{entry}");
        // On screen, the row of the id shows the name, the size and the hits.
        h.get_by_label(id).scroll_to_me();
        settle(&mut h);
        let row = row_labels(&h, id);
        let size = glance_workbench::format::bytes_exact(entry["size"].as_u64().unwrap());
        for expected in [name.clone(), size, entry["hits"].to_string()] {
            assert!(
                row.contains(&expected),
                "row of {id}: {row:?} lacks {expected}"
            );
        }
    }

    // Delete: `remote cache delete NAME` and the window's Delete on its row.
    let out = cli.cli(&["remote", "cache", "delete", &cli_name, "--cloud", &cloud]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let y = h.get_by_label(&gui_id).rect().center().y;
    h.get_all_by_label("Delete")
        .find(|b| (b.rect().center().y - y).abs() < 8.0)
        .unwrap()
        .click();
    settle(&mut h);
    wait_for(&mut h, "the window's entry deleted", |h| {
        window_cache_rows(h).is_some_and(|(rows, _)| !rows.contains_key(&gui_id))
    });
    let state = admin.server_cache().unwrap();
    assert_same_values(
        "delete (the cloud's cache)",
        &cache_facts(&state, &cli_id),
        &cache_facts(&state, &gui_id),
    );
    assert_eq!(
        cache_facts(&state, &gui_id),
        json!({"queued": false, "cached": null})
    );
    // Both front ends read it so.
    refresh_cache_tab(&mut h);
    let (window, _) = window_cache_rows(&h).unwrap();
    let (listed, _) = cli_cache_rows(&cli.json(&["remote", "cache", "list", "--cloud", &cloud]));
    for id in [&cli_id, &gui_id] {
        assert!(!window.contains_key(id.as_str()) && !listed.contains_key(id.as_str()));
    }
    assert!(!shown(&h, &gui_id));
    assert!(h.state().view.jobs.notices.is_empty());
    for id in [cli_id, gui_id] {
        admin.delete_image(&id).unwrap();
    }
}

// ------------------------------------------------------------------------------------------
// Stores
// ------------------------------------------------------------------------------------------

fn store_set(text: Option<&str>) -> BTreeSet<String> {
    text.unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a store of `/v2/info/stores` is the default (Glance writes `true`, and `"true"`
/// in the detailed listing).
fn is_default(store: &Value) -> bool {
    store["default"] == true || store["default"] == "true"
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// `remote image show ID -f json` through `side`, normalized with `side`'s names, the
/// fields that differ by nature (name, tasks, members) left out.
fn shown_remote(side: &Side, cloud: &str, id: &str) -> Value {
    let mut image = side.json(&["remote", "image", "show", id, "--cloud", cloud]);
    let map = image.as_object_mut().unwrap();
    for key in ["name", "image_tasks", "members"] {
        map.remove(key);
    }
    stores_sorted(&mut image);
    side.normalize(&image)
}

/// `value` with every `stores` list ("fast,cheap") in one order: Glance lists an image's
/// stores in the order of its locations, which two images copied alike need not share.
fn stores_sorted(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "stores"
                    && let Value::String(text) = child
                {
                    let sorted: Vec<String> = store_set(Some(text)).into_iter().collect();
                    *text = sorted.join(",");
                } else {
                    stores_sorted(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(stores_sorted),
        _ => {}
    }
}

/// Both sides' local catalogs and tasks agree, their `stores` lists taken in one order.
fn assert_same_local(step: &str, cli: &Side, gui: &Side) {
    let snapshot = |side: &Side| {
        let mut value = side.snapshot();
        stores_sorted(&mut value);
        value
    };
    assert_same_values(step, &snapshot(cli), &snapshot(gui));
}

/// Wait until the window's details are those of `id`, read after `done` held on the cloud.
fn wait_details(h: &mut App<'_>, what: &str, id: &str, done: impl Fn(&Value) -> bool) {
    wait_for(h, what, |h| {
        let d = &h.state().view.remotes.detail;
        !d.stale
            && d.detail
                .as_ref()
                .is_some_and(|d| d.image.id() == id && done(&d.image.to_json()))
    });
}

/// The stores the details list with a "Delete from store" button, by the label on each
/// button's row.
pub(super) fn store_rows(h: &App<'_>) -> BTreeSet<String> {
    h.get_all_by_label("Delete from store")
        .flat_map(|b| labels_at(h, b.rect().center().y))
        .filter(|l| l != "Delete from store")
        .collect()
}

/// Click "Delete from store" on the row of `store` in the details, then confirm it.
fn delete_from_store_ui(h: &mut App<'_>, store: &str) {
    let button = h
        .get_all_by_label("Delete from store")
        .find(|b| labels_at(h, b.rect().center().y).contains(&store.to_string()))
        .unwrap();
    button.click();
    settle(h);
    wait_for(h, "the confirmation", |h| {
        shown(h, "Delete from this store")
    });
    click(h, "Delete from this store");
}

#[test]
fn parity_stores_listed_copied_into_and_deleted_from_agree() {
    let Some(lab) = Lab::get() else { return };
    if lab.var("LAB_STORES").is_empty() {
        assert!(
            std::env::var("GLANCE_LAB_REQUIRED").as_deref() != Ok("1"),
            "the lab has no stores block: start it again with scripts/lab/start"
        );
        return;
    }
    let admin = lab.admin();
    let tag = lab.unique("pstores");
    let data = pattern(256 << 10, seed_of(&tag));
    let cli_name = format!("{tag}-cli");
    let gui_name = format!("{tag}-win");
    let cli_id = lab.remote_image_named(&admin, &cli_name, &tag, &data);
    let gui_id = lab.remote_image_named(&admin, &gui_name, &tag, &data);
    let cloud = lab.unique("lab");
    let (cli, gui) = admin_sides(lab, &cloud);
    for (side, id) in [(&cli, &cli_id), (&gui, &gui_id)] {
        side.alias(id, "<the remote image>");
    }

    // The stores: `remote store list --detail -f json` and the window's (the same service
    // call; the window asks for the details, which an admin gets) agree field for field; on
    // screen the import dialog ticks each id, marks the default, and gives its description
    // as the tick's tooltip.
    let listed = cli.json(&["remote", "store", "list", "--detail", "--cloud", &cloud]);
    let stores = listed.as_array().unwrap().clone();
    assert_eq!(stores.len(), 3, "{listed}");
    let mut h = harness(gui.data());
    open_unasked(&mut h, &cloud);
    wait_for(&mut h, "the cloud's stores", |h| {
        h.state().view.remotes.forms.stores_of(&cloud).is_some()
    });
    let window: Vec<Value> = h
        .state()
        .view
        .remotes
        .forms
        .stores_of(&cloud)
        .unwrap()
        .stores
        .iter()
        .map(|s| s.to_json())
        .collect();
    assert_same_values("the stores listed", &listed, &Value::Array(window));
    click(&mut h, "Import from URL…");
    wait_for(&mut h, "the import dialog", |h| shown(h, "Start import"));
    for store in &stores {
        let id = store["id"].as_str().unwrap();
        let label = if is_default(store) {
            format!("{id} (default)")
        } else {
            id.to_string()
        };
        let tick = h
            .get_all_by_label(&label)
            .find(|n| n.accesskit_node().role() == egui::accesskit::Role::CheckBox);
        assert!(tick.is_some(), "no tick labelled {label}");
        tick.unwrap().hover();
        let description = store["description"].as_str().unwrap().to_string();
        wait_for(&mut h, "the store's description", |h| {
            shown(h, &description)
        });
    }
    assert!(
        stores.iter().filter(|s| is_default(s)).count() == 1,
        "{listed}"
    );
    click(&mut h, "Cancel");

    // Copy into one more store: `remote image copy-to-store NAME --store cheap` and the
    // window's "Copy to stores…" with cheap ticked.
    cli.ok(&[
        "remote",
        "image",
        "copy-to-store",
        &cli_name,
        "--store",
        "cheap",
        "--cloud",
        &cloud,
    ]);
    type_and_enter(&mut h, "Remote tag filter", &tag);
    wait_for(&mut h, "the two images", |h| {
        shown(h, &gui_name) && shown(h, &cli_name)
    });
    leftmost(&h, &gui_name).click();
    wait_details(&mut h, "the image's details", &gui_id, |_| true);
    wait_for(&mut h, "Copy to stores… enabled", |h| {
        h.query_by_label("Copy to stores…")
            .is_some_and(|b| !b.accesskit_node().is_disabled())
    });
    click(&mut h, "Copy to stores…");
    wait_for(&mut h, "the copy dialog", |h| shown(h, "Copy into stores"));
    h.get_all_by_label("cheap")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::CheckBox)
        .unwrap()
        .click();
    settle(&mut h);
    h.get_by_label("Copy into stores").click();
    settle(&mut h);
    wait_jobs(&mut h, "the copy");
    for id in [&cli_id, &gui_id] {
        assert_eq!(
            store_set(admin.show_image(id).unwrap().stores()),
            set(&["fast", "cheap"])
        );
    }
    assert_same_values(
        "copy-to-store (the remote image)",
        &shown_remote(&cli, &cloud, &cli_id),
        &shown_remote(&gui, &cloud, &gui_id),
    );
    // The local records: one copy-to-store task each, the same input and result.
    assert_same_local("copy-to-store (the local tasks)", &cli, &gui);
    // The window's details say what `remote image show` says.
    wait_details(&mut h, "the details after the copy", &gui_id, |image| {
        store_set(image["stores"].as_str()) == set(&["fast", "cheap"])
    });
    let stores_now = admin
        .show_image(&gui_id)
        .unwrap()
        .stores()
        .unwrap()
        .to_string();
    assert!(
        shown(&h, &stores_now),
        "the Stores field shows {stores_now}"
    );
    assert_eq!(
        store_rows(&h),
        set(&["fast", "cheap"]),
        "each store with its Delete"
    );

    // Delete from one store: `remote image delete-from-store NAME --store fast` and the
    // window's "Delete from store" on the fast row, confirmed.
    let out = cli.cli(&[
        "remote",
        "image",
        "delete-from-store",
        &cli_name,
        "--store",
        "fast",
        "--cloud",
        &cloud,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("from store fast") && stderr.contains("now in cheap"),
        "{stderr}"
    );
    delete_from_store_ui(&mut h, "fast");
    wait_details(&mut h, "the details after the delete", &gui_id, |image| {
        store_set(image["stores"].as_str()) == set(&["cheap"])
    });
    assert!(
        h.state().view.jobs.notices.is_empty(),
        "{:?}",
        h.state().view.jobs.notices
    );
    assert_same_values(
        "delete-from-store (the remote image)",
        &shown_remote(&cli, &cloud, &cli_id),
        &shown_remote(&gui, &cloud, &gui_id),
    );
    assert_same_local("delete-from-store (the local tasks)", &cli, &gui);
    assert_eq!(
        store_rows(&h),
        set(&["cheap"]),
        "the store left, with its Delete"
    );
    for id in [cli_id, gui_id] {
        admin.delete_image(&id).unwrap();
    }
}

// ------------------------------------------------------------------------------------------
// Usage and quotas
// ------------------------------------------------------------------------------------------

/// The window's usage as `remote usage -f json`'s `usage` object, once read.
fn window_usage(h: &App<'_>) -> Option<Value> {
    let view = &h.state().view.remotes.usage;
    let Some(Ok(usage)) = view.usage.as_ref().filter(|_| !view.loading) else {
        return None;
    };
    let map: Map<String, Value> = usage
        .quotas
        .iter()
        .map(|q| {
            (
                q.resource.clone(),
                json!({"usage": q.usage, "limit": q.limit}),
            )
        })
        .collect();
    Some(Value::Object(map))
}

/// The bar the window shows for a limit, from the CLI's figures ("Size 1 MiB of 8 MiB").
fn bar_label(resource: &str, figures: &Value) -> String {
    let (title, unit) = match resource {
        "image_count_total" => ("Images", ""),
        "image_size_total" => ("Size", " MiB"),
        "image_stage_total" => ("Staging", " MiB"),
        "image_count_uploading" => ("Uploading", ""),
        other => panic!("a limit the lab does not set: {other}"),
    };
    format!(
        "{title} {used}{unit} of {limit}{unit}",
        used = figures["usage"],
        limit = figures["limit"]
    )
}

#[test]
fn parity_usage_figures_and_a_push_over_a_limit_agree() {
    let Some(lab) = Lab::get() else { return };
    let Some(q) = lab.quota_session("quota") else {
        eprintln!("the lab runs without quotas (LAB_QUOTAS=0): nothing to compare");
        return;
    };
    let _quota_project = lab.quota_lock();
    lab.empty_project(&q);
    let tag = lab.unique("pquota");
    // Something in the project, so the figures are not all zero: 1.5 MiB counts as 1 MiB.
    lab.remote_image(&q, &tag, &pattern(3 << 19, seed_of(&tag)));
    let cloud = lab.unique("quota");
    let big = format!("{tag}-big");
    let cli = Side::new("CLI");
    let gui = Side::new("window");
    for side in [&cli, &gui] {
        save_cloud_in_file(
            lab,
            side.data(),
            &cloud,
            &lab.var("LAB_QUOTA_USERNAME"),
            "quota",
            &lab.var("LAB_QUOTA_PASSWORD"),
        );
        // 9 MiB: one more than the project's 8 MiB size limit allows in all.
        let catalog = Catalog::open(side.data()).unwrap();
        local_image(&catalog, &big, &pattern(9 << 20, seed_of(&tag) + 1), &tag);
    }

    // The figures: `remote usage -f json` and the window's bars.
    let usage = cli.json(&["remote", "usage", "--cloud", &cloud]);
    assert_eq!(usage["cloud"], cloud.as_str());
    assert_eq!(usage["usage"]["image_count_total"]["usage"], 1, "{usage}");
    assert_eq!(usage["usage"]["image_size_total"]["usage"], 1, "{usage}");
    let mut h = harness(gui.data());
    open_unasked(&mut h, &cloud);
    wait_for(&mut h, "the usage", |h| window_usage(h).is_some());
    assert_same_values(
        "the usage read",
        &usage["usage"],
        &window_usage(&h).unwrap(),
    );
    let figures = usage["usage"].as_object().unwrap();
    assert_eq!(figures.len(), 4, "{usage}");
    for (resource, values) in figures {
        let label = bar_label(resource, values);
        assert!(shown(&h, &label), "the bar {label}");
    }

    // A push over the size limit: refused before any bytes move, in the same words.
    let line = cli.refused(&["push", &big, "--cloud", &cloud]);
    wait_for(&mut h, "the local list", |h| shown(h, &big));
    leftmost(&h, &big).click();
    settle(&mut h);
    click(&mut h, "Push selected ▸");
    wait_push_dialog(&mut h);
    h.get_by_label("Start push").click();
    settle(&mut h);
    wait_for(&mut h, "the refused push", |h| {
        let jobs = &h.state().view.jobs;
        !jobs.jobs.is_empty() && !jobs.any_running()
    });
    let outcome = h.state().view.jobs.jobs.last().unwrap().finished.clone();
    assert!(
        matches!(&outcome, Some((_, JobOutcome::Failed(_)))),
        "{outcome:?}"
    );
    let notices: Vec<String> = h
        .state()
        .view
        .jobs
        .notices
        .iter()
        .map(|n| n.text.clone())
        .collect();
    assert_eq!(notices.len(), 1, "one notice: {notices:?}");
    assert!(shown(&h, &notices[0]), "the notice is on screen");
    let limit = "image_size_total (total image size) is limited to 8 MiB";
    assert!(line.contains(limit) && line.contains("refused before sending any data"));
    // (each side's local image id named alike)
    cli.id_of(&big);
    gui.id_of(&big);
    assert_same_values(
        "the push refused (the line)",
        &cli.normalize(&json!(line)),
        &gui.normalize(&json!(notices[0])),
    );
    // Nothing reached the cloud, nothing was recorded as pushed on either side.
    assert_eq!(lab.project_images(&q).len(), 1);
    assert_same("the push refused (the local catalogs)", &cli, &gui);
    // The figures did not move.
    click(&mut h, "Refresh usage");
    wait_for(&mut h, "the usage read again", |h| {
        window_usage(h).is_some()
    });
    let again = cli.json(&["remote", "usage", "--cloud", &cloud]);
    assert_eq!(again, usage);
    assert_same_values(
        "the usage after",
        &again["usage"],
        &window_usage(&h).unwrap(),
    );
    lab.empty_project(&q);
}
