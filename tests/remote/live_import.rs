//! An import into stores watched while it runs, through the CLI (issue #13): a web-download
//! from the lab's throttled server (`LAB_SLOW_WEB_URL`: the same folder as `LAB_WEB_URL`,
//! 64 KiB every 50 ms) into all three stores stays in progress for seconds, so polling
//! `remote image show ID -f json` sees `os_glance_importing_to_stores` non-empty while it
//! runs and `stores` complete at the end. Then one store made to fail for that image alone
//! (a file already where the `archive` store would write it: Glance's filesystem store
//! refuses a duplicate) with `--allow-failure`: the image ends active in the other two and
//! `os_glance_failed_import` names `archive`, in `remote image show` and import-url's own
//! output.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::lab::{Lab, pattern, seed_of};

/// The lab with its stores and its slow server, or `None` (with a note) for an older lab.
fn slow_lab() -> Option<&'static Lab> {
    let lab = Lab::get()?;
    if lab.var("LAB_SLOW_WEB_URL").is_empty() || lab.var("LAB_STORES").is_empty() {
        assert!(
            std::env::var("GLANCE_LAB_REQUIRED").as_deref() != Ok("1"),
            "the lab has no slow web server: start it again with scripts/lab/start"
        );
        eprintln!("skipped: the lab was started without its slow web server (restart it)");
        return None;
    }
    Some(lab)
}

/// A file the lab's web servers serve, removed when dropped.
struct Served(PathBuf);

impl Served {
    fn new(lab: &Lab, name: &str, data: &[u8]) -> Self {
        let path = PathBuf::from(lab.var("LAB_WEB_DIR")).join(name);
        std::fs::write(&path, data).unwrap();
        Served(path)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A file where the lab's file store `store` would write image `id`: Glance refuses to
/// overwrite it (the import into that store fails, for that image only). Removed when
/// dropped.
struct Blocker(PathBuf);

impl Blocker {
    fn new(lab: &Lab, store: &str, id: &str) -> Self {
        let path = PathBuf::from(lab.var("LAB_STATE_DIR"))
            .join("stores")
            .join(store)
            .join(id);
        std::fs::write(&path, b"taken: the import into this store fails").unwrap();
        Blocker(path)
    }
}

impl Drop for Blocker {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn set(text: &str) -> BTreeSet<String> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn text<'a>(image: &'a Value, key: &str) -> &'a str {
    image[key].as_str().unwrap_or_default()
}

/// `remote image show ID -f json` through the CLI.
fn show(lab: &Lab, id: &str) -> Value {
    let out = lab
        .cli(
            &[
                "-f", "json", "remote", "image", "show", id, "--cloud", "envvars",
            ],
            &[],
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `remote image import-url NAME --url URL --all-stores EXTRA` started in the background.
fn start_import(lab: &Lab, name: &str, url: &str, extra: &[&str]) -> Child {
    let mut args = vec![
        "-f",
        "json",
        "remote",
        "image",
        "import-url",
        name,
        "--url",
        url,
        "--all-stores",
        "--cloud",
        "envvars",
    ];
    args.extend_from_slice(extra);
    lab.cli(&args, &[])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The id of the image import-url made (it creates the image, then starts the import).
fn created_id(lab: &Lab, name: &str) -> String {
    let admin = lab.admin();
    let started = Instant::now();
    loop {
        let found = admin.list_images(&lab.query(&[("name", name)])).unwrap();
        if let Some(image) = found.first() {
            return image.id().to_string();
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no image {name} yet"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Poll `remote image show` until the import-url process ends: every reading, then the
/// process's (stdout JSON, stderr).
fn follow(lab: &Lab, id: &str, mut child: Child) -> (Vec<Value>, Value, String) {
    let mut seen = Vec::new();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        seen.push(show(lab, id));
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the import still runs: {:?}",
            seen.last()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    (seen, serde_json::from_slice(&out.stdout).unwrap(), stderr)
}

/// The stores named in each reading taken while the import still wrote to some (each names
/// only the lab's stores). The image is `importing` then, or already `active` when failures
/// are allowed: Glance activates it as soon as one store holds the data.
fn importing_readings(seen: &[Value], all: &BTreeSet<String>) -> Vec<BTreeSet<String>> {
    let mut importing = Vec::new();
    for image in seen {
        let to = set(text(image, "os_glance_importing_to_stores"));
        let done = set(text(image, "stores"));
        assert!(to.is_subset(all) && done.is_subset(all), "{image}");
        if !to.is_empty() {
            let status = text(image, "status");
            assert!(
                status == "importing" || (status == "active" && !done.is_empty()),
                "{image}"
            );
            importing.push(to);
        }
    }
    importing
}

#[test]
fn an_import_into_stores_shows_its_stores_while_it_runs_and_a_failed_store_after() {
    let Some(lab) = slow_lab() else { return };
    let admin = lab.admin();
    let all = set(&lab.var("LAB_STORES"));
    assert_eq!(all.len(), 3);

    // All three stores, all succeed: 8 MiB at the slow server's pace take about 6 s.
    let name = lab.unique("live-cli");
    let data = pattern(8 << 20, seed_of(&name));
    let _served = Served::new(lab, &format!("{name}.raw"), &data);
    let url = format!("{}/{name}.raw", lab.var("LAB_SLOW_WEB_URL"));
    let child = start_import(lab, &name, &url, &[]);
    let id = created_id(lab, &name);
    let (seen, printed, stderr) = follow(lab, &id, child);
    let importing = importing_readings(&seen, &all);
    assert!(
        importing.len() >= 2,
        "os_glance_importing_to_stores seen while the import ran: {importing:?} in {} \
         readings",
        seen.len()
    );
    assert_eq!(importing[0], all, "at first every store is still to write");
    assert!(stderr.contains(&format!("imported \"{name}\"")), "{stderr}");
    let end = show(lab, &id);
    assert_eq!(text(&end, "status"), "active", "{end}");
    assert_eq!(set(text(&end, "stores")), all, "{end}");
    assert_eq!(text(&end, "os_glance_importing_to_stores"), "", "{end}");
    assert_eq!(text(&end, "os_glance_failed_import"), "", "{end}");
    assert_eq!(printed["stores"], end["stores"]);
    assert_eq!(printed["failed_stores"], serde_json::json!([]));
    admin.delete_image(&id).unwrap();

    // The archive store fails for this image alone, failures allowed: the image goes
    // active in fast and cheap, and os_glance_failed_import names archive.
    let name = lab.unique("live-cli-fail");
    let data = pattern(8 << 20, seed_of(&name));
    let _served = Served::new(lab, &format!("{name}.raw"), &data);
    let url = format!("{}/{name}.raw", lab.var("LAB_SLOW_WEB_URL"));
    let child = start_import(lab, &name, &url, &["--allow-failure"]);
    let id = created_id(lab, &name);
    let _blocker = Blocker::new(lab, "archive", &id);
    let before = show(lab, &id);
    assert!(
        text(&before, "stores").is_empty(),
        "the blocker came too late: {before}"
    );
    let (seen, printed, stderr) = follow(lab, &id, child);
    assert!(
        !importing_readings(&seen, &all).is_empty(),
        "os_glance_importing_to_stores seen while the import ran"
    );
    assert!(stderr.contains("FAILED in store(s) archive"), "{stderr}");
    let end = show(lab, &id);
    assert_eq!(text(&end, "status"), "active", "{end}");
    assert_eq!(
        set(text(&end, "stores")),
        set("fast,cheap"),
        "the stores that worked: {end}"
    );
    assert_eq!(text(&end, "os_glance_failed_import"), "archive", "{end}");
    assert_eq!(text(&end, "os_glance_importing_to_stores"), "", "{end}");
    assert_eq!(printed["failed_stores"], serde_json::json!(["archive"]));
    assert_eq!(printed["os_glance_failed_import"], "archive");
    // The table form names it too.
    let out = lab
        .cli(&["remote", "image", "show", &id, "--cloud", "envvars"], &[])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("os_glance_failed_import") && table.contains("archive"),
        "{table}"
    );
    admin.delete_image(&id).unwrap();
}
