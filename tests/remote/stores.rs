//! Multi-store against the lab's three file stores (fast, the default; cheap; archive) and
//! its web-download HTTP server: the stores listed (plain and detailed), a push into two
//! stores, copy-image into the third, a delete from one store (the data leaves that store's
//! folder only), web-download from the lab's server to active with the local sha512, and a
//! URL the lab refuses (another host) answered with Glance's reason in one line, the image
//! it made deleted again.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{RwLock, RwLockReadGuard};

use glance_workbench::app::remote::stores as app_stores;
use glance_workbench::backend::remote::push::{PushMethod, PushOptions};
use glance_workbench::backend::remote::stores::{self, StoreChoice};
use glance_workbench::backend::remote::{self as remote};
use glance_workbench::backend::{JobControl, TaskStatus};
use serde_json::Value;

use super::lab::{Lab, local_image, pattern, seed_of};

/// The lab with its stores, or `None` (with a note) for a lab started before them.
fn stores_lab() -> Option<&'static Lab> {
    let lab = Lab::get()?;
    if lab.var("LAB_STORES").is_empty() {
        assert!(
            std::env::var("GLANCE_LAB_REQUIRED").as_deref() != Ok("1"),
            "the lab has no stores block: start it again with scripts/lab/start"
        );
        eprintln!("skipped: the lab was started without its stores (restart it)");
        return None;
    }
    Some(lab)
}

/// The lab's store folders: a test that breaks one (the `archive` store's) holds this for
/// writing; every other test here holds it for reading.
static STORE_DIRS: RwLock<()> = RwLock::new(());

fn stores_intact() -> RwLockReadGuard<'static, ()> {
    STORE_DIRS
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `ARGS -f json --cloud envvars` through the CLI: (exit code, stdout JSON or Null, stderr).
fn cli_json(lab: &Lab, args: &[&str]) -> (Option<i32>, Value, String) {
    let mut all = vec!["-f", "json"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--cloud", "envvars"]);
    let out = lab.cli(&all, &[]).output().unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn store_set(text: Option<&str>) -> BTreeSet<String> {
    text.unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Where the lab's file store `store` keeps image `id`.
fn store_file(lab: &Lab, store: &str, id: &str) -> PathBuf {
    PathBuf::from(lab.var("LAB_STATE_DIR"))
        .join("stores")
        .join(store)
        .join(id)
}

#[test]
fn stores_are_listed_and_an_image_goes_into_two_then_three_then_leaves_one() {
    let Some(lab) = stores_lab() else { return };
    let _dirs = stores_intact();
    let admin = lab.admin();

    // Listed through the service (as the window asks: with details, an admin here) and the CLI.
    let view = app_stores::view(&admin, true).unwrap();
    assert!(view.detail);
    assert_eq!(view.ids(), ["fast", "cheap", "archive"]);
    assert!(view.stores[0].is_default() && !view.stores[1].is_default());
    assert_eq!(view.stores[2].store_type(), Some("file"));
    for method in ["glance-direct", "web-download", "copy-image"] {
        assert!(view.offers(method), "{:?}", view.import_methods);
    }
    let (code, listed, stderr) = cli_json(lab, &["remote", "store", "list"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(listed[0]["id"], "fast");
    assert_eq!(
        listed[0]["default"], "true",
        "Glance's own field, as it sends it"
    );
    assert!(
        listed[0].get("type").is_none(),
        "no details without --detail"
    );
    let (_, detailed, _) = cli_json(lab, &["remote", "store", "list", "--detail"]);
    assert_eq!(detailed[1]["type"], "file");
    assert!(detailed[1]["properties"]["data_dir"].is_string());

    // Push into two stores (the library call the window's push job makes).
    let (_dir, catalog) = lab.catalog();
    let tag = lab.unique("stores");
    let image = local_image(&catalog, &tag, &pattern(2 << 20, seed_of(&tag) + 1), &tag);
    let options = PushOptions {
        method: PushMethod::Upload,
        stores: StoreChoice::these(&["fast", "cheap"]),
        ..Default::default()
    };
    let outcome = remote::push(&catalog, &admin, image.id, &options, &JobControl::new()).unwrap();
    assert_eq!(
        outcome.method,
        PushMethod::GlanceDirect,
        "stores need the import API"
    );
    assert!(outcome.failed_stores.is_empty());
    let id = outcome.remote.id().to_string();
    assert_eq!(store_set(outcome.remote.stores()), set(&["fast", "cheap"]));
    assert_eq!(
        outcome.remote.os_hash_value(),
        image.os_hash_value.as_deref()
    );
    assert!(store_file(lab, "fast", &id).is_file());
    assert!(store_file(lab, "cheap", &id).is_file());
    assert!(!store_file(lab, "archive", &id).exists());
    // The push task's steps named the stores being written (the State tab shows them).
    let push = catalog
        .tasks(None, Some(image.id), 10)
        .unwrap()
        .into_iter()
        .find(|t| t.task_type == "push")
        .unwrap();
    assert_eq!(push.status, TaskStatus::Success);
    assert_eq!(push.input["stores"], serde_json::json!(["fast", "cheap"]));

    // copy-image into the third, through the CLI (by name).
    let (code, copied, stderr) = cli_json(
        lab,
        &[
            "remote",
            "image",
            "copy-to-store",
            &tag,
            "--store",
            "archive",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        store_set(copied["stores"].as_str()),
        set(&["fast", "cheap", "archive"])
    );
    assert_eq!(copied["failed_stores"], serde_json::json!([]));
    assert!(store_file(lab, "archive", &id).is_file());
    // A store already holding it, or one that does not exist, is refused in one line.
    let (code, _, stderr) = cli_json(
        lab,
        &["remote", "image", "copy-to-store", &id, "--store", "nosuch"],
    );
    assert_eq!(code, Some(1));
    assert!(stderr.contains("no store nosuch"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");

    // Delete from one store: only that folder loses the data.
    let (code, after, stderr) = cli_json(
        lab,
        &[
            "remote",
            "image",
            "delete-from-store",
            &id,
            "--store",
            "fast",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        store_set(after["stores"].as_str()),
        set(&["cheap", "archive"])
    );
    assert!(!store_file(lab, "fast", &id).exists());
    assert!(store_file(lab, "cheap", &id).is_file());
    let shown = admin.show_image(&id).unwrap();
    assert_eq!(shown.status(), "active");
    assert_eq!(
        stores::image_stores(&shown)
            .into_iter()
            .collect::<BTreeSet<_>>(),
        set(&["cheap", "archive"])
    );

    // The service's copy (the window's "Copy to stores…") puts it back, with a summary.
    let (outcome, summary) = app_stores::copy_to_stores(
        &catalog,
        &admin,
        &id,
        &StoreChoice::these(&["fast"]),
        &JobControl::new(),
    )
    .unwrap();
    assert!(outcome.failed.is_empty());
    assert!(summary.contains("store(s) fast"), "{summary}");
    assert_eq!(
        store_set(outcome.remote.stores()),
        set(&["fast", "cheap", "archive"])
    );
    admin.delete_image(&id).unwrap();
}

#[test]
fn push_to_all_stores_through_the_cli() {
    let Some(lab) = stores_lab() else { return };
    let _dirs = stores_intact();
    let tag = lab.unique("allstores");
    let data = pattern(1 << 20, seed_of(&tag) + 2);
    let file = std::env::temp_dir().join(format!("{tag}.raw"));
    std::fs::write(&file, &data).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap();
    let created = lab
        .cli(
            &[
                "--data-dir",
                data_dir,
                "image",
                "create",
                &tag,
                "--file",
                file.to_str().unwrap(),
                "--disk-format",
                "raw",
                "--container-format",
                "bare",
            ],
            &[],
        )
        .output()
        .unwrap();
    assert!(created.status.success());
    let out = lab
        .cli(
            &[
                "--data-dir",
                data_dir,
                "-f",
                "json",
                "push",
                &tag,
                "--cloud",
                "envvars",
                "--all-stores",
                "--allow-failure",
            ],
            &[],
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let pushed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        store_set(pushed["stores"].as_str()),
        set(&["fast", "cheap", "archive"])
    );
    assert_eq!(pushed["method"], "glance-direct");
    assert_eq!(pushed["os_glance_failed_import"], "");
    lab.admin()
        .delete_image(pushed["id"].as_str().unwrap())
        .unwrap();
    let _ = std::fs::remove_file(file);
}

#[test]
fn web_download_from_the_lab_server_reaches_active_with_the_same_data() {
    let Some(lab) = stores_lab() else { return };
    let _dirs = stores_intact();
    let tag = lab.unique("webdl");
    let data = pattern(3 << 20, seed_of(&tag) + 3);
    let served = PathBuf::from(lab.var("LAB_WEB_DIR")).join(format!("{tag}.raw"));
    std::fs::write(&served, &data).unwrap();
    // The local sha512 of the same bytes, as the catalog computes it.
    let (_dir, catalog) = lab.catalog();
    let local = local_image(&catalog, &tag, &data, &tag);

    let url = format!("{}/{tag}.raw", lab.var("LAB_WEB_URL"));
    let (code, imported, stderr) = cli_json(
        lab,
        &[
            "remote",
            "image",
            "import-url",
            &tag,
            "--url",
            &url,
            "--store",
            "archive",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("imported"), "{stderr}");
    assert_eq!(imported["status"], "active");
    assert_eq!(imported["name"], tag.as_str());
    assert_eq!(imported["size"], data.len());
    assert_eq!(
        imported["os_hash_value"],
        local.os_hash_value.as_deref().unwrap()
    );
    assert_eq!(imported["stores"], "archive");
    let id = imported["id"].as_str().unwrap().to_string();
    assert!(store_file(lab, "archive", &id).is_file());
    let tasks = lab.admin().image_tasks(&id).unwrap();
    assert!(
        tasks.iter().any(|t| t["status"] == "success"
            && t["input"]["import_req"]["method"]["name"] == "web-download"),
        "{tasks:?}"
    );
    lab.admin().delete_image(&id).unwrap();
    let _ = std::fs::remove_file(served);
}

#[test]
fn a_refused_url_gives_glances_reason_in_one_line_and_leaves_no_image() {
    let Some(lab) = stores_lab() else { return };
    let _dirs = stores_intact();
    let tag = lab.unique("webdl-refused");
    // 127.0.0.2 is loopback too, but not the one host the lab allows.
    let port = lab
        .var("LAB_WEB_URL")
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    let url = format!("http://127.0.0.2:{port}/{tag}.raw");
    let (code, _, stderr) = cli_json(lab, &["remote", "image", "import-url", &tag, "--url", &url]);
    assert_eq!(code, Some(1), "{stderr}");
    let line = stderr.trim();
    assert_eq!(line.lines().count(), 1, "{stderr}");
    assert!(
        line.contains("URI for web-download does not pass filtering") && line.contains(&url),
        "{line}"
    );
    assert!(line.contains("HTTP 400"), "{line}");
    let left = lab
        .admin()
        .list_images(&lab.query(&[("name", &tag)]))
        .unwrap();
    assert!(left.is_empty(), "the refused image was deleted: {left:?}");
}

/// The `archive` store's folder replaced by a plain file while held (no store can write
/// there, root included); put back when dropped, even when the test fails.
struct BrokenStore {
    dir: PathBuf,
    aside: PathBuf,
}

impl BrokenStore {
    fn break_it(lab: &Lab, store: &str) -> BrokenStore {
        let dir = PathBuf::from(lab.var("LAB_STATE_DIR"))
            .join("stores")
            .join(store);
        let aside = dir.with_extension("aside");
        std::fs::rename(&dir, &aside).unwrap();
        std::fs::write(&dir, b"not a folder: the store fails on purpose").unwrap();
        BrokenStore { dir, aside }
    }
}

impl Drop for BrokenStore {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.dir);
        let _ = std::fs::rename(&self.aside, &self.dir);
    }
}

#[test]
fn all_stores_with_allow_failure_goes_on_when_one_store_really_fails() {
    let Some(lab) = stores_lab() else { return };
    let _dirs = STORE_DIRS
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let tag = lab.unique("storefail");
    let data = pattern(1 << 20, seed_of(&tag) + 4);
    let file = std::env::temp_dir().join(format!("{tag}.raw"));
    std::fs::write(&file, &data).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap();
    let created = lab
        .cli(
            &[
                "--data-dir",
                data_dir,
                "image",
                "create",
                &tag,
                "--file",
                file.to_str().unwrap(),
                "--disk-format",
                "raw",
                "--container-format",
                "bare",
            ],
            &[],
        )
        .output()
        .unwrap();
    assert!(created.status.success());
    let broken = BrokenStore::break_it(lab, "archive");
    let push = |extra: &[&str]| {
        let mut args = vec![
            "--data-dir",
            data_dir,
            "-f",
            "json",
            "push",
            tag.as_str(),
            "--cloud",
            "envvars",
            "--all-stores",
        ];
        args.extend_from_slice(extra);
        lab.cli(&args, &[]).output().unwrap()
    };
    // Allowed to fail: the image is active in the two good stores, the failure named.
    let out = push(&["--allow-failure"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("the import failed in store(s) archive"),
        "{stderr}"
    );
    let pushed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(pushed["status"], "active");
    assert_eq!(
        store_set(pushed["stores"].as_str()),
        set(&["fast", "cheap"])
    );
    assert_eq!(pushed["os_glance_failed_import"], "archive");
    let id = pushed["id"].as_str().unwrap().to_string();
    assert_eq!(
        std::fs::read(store_file(lab, "fast", &id)).unwrap(),
        data,
        "the good stores hold the data"
    );
    lab.admin().delete_image(&id).unwrap();
    // Without --allow-failure every store must succeed: the push fails, naming the store.
    let out = push(&["--copy-anyway"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("archive"), "{stderr}");
    drop(broken);
    let _ = std::fs::remove_file(file);
}
