//! Parity helpers (issue #11): one operation is driven once through the CLI binary and once
//! through the window, each on a fresh data dir of its own (a [`Side`]); then both data dirs
//! are read back through the CLI (`image list`, `image history`, `image member list`,
//! `task list`, all `-f json`) and the files under `images/`, and [`assert_same`] compares
//! them with ids, times and each side's own folders replaced by stable names.

#![allow(
    dead_code,
    reason = "each test crate uses a different part of these helpers"
)]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Map, Value, json};
use tempfile::TempDir;

/// The workbench binary.
pub const BIN: &str = env!("CARGO_BIN_EXE_glance-workbench");

/// Keys whose values differ between two runs of the same operation (ids, times, durations).
const VOLATILE_KEYS: [&str; 9] = [
    "id",
    "task_id",
    "created_at",
    "updated_at",
    "expires_at",
    "at",
    "last_used",
    "self",
    "seconds",
];

/// The fields that fingerprint an image's data.
const DATA_KEYS: [&str; 3] = ["checksum", "os_hash_value", "hash"];

/// One data dir and the folder its exports go to, with the names of the images it has had.
pub struct Side {
    /// "CLI" or "window", for messages.
    pub who: &'static str,
    data: TempDir,
    out: TempDir,
    /// Image id → `<image NAME>`, learnt from listings (kept after a delete).
    ids: RefCell<BTreeMap<String, String>>,
    /// Extra environment for the CLI.
    env: RefCell<Vec<(String, String)>>,
}

impl Side {
    /// A fresh, empty data dir.
    pub fn new(who: &'static str) -> Self {
        Self {
            who,
            data: tempfile::tempdir().unwrap(),
            out: tempfile::tempdir().unwrap(),
            ids: RefCell::default(),
            env: RefCell::default(),
        }
    }

    /// The data dir.
    pub fn data(&self) -> &Path {
        self.data.path()
    }

    /// A folder of this side's own for exports.
    pub fn out(&self) -> &Path {
        self.out.path()
    }

    /// Set a variable for every later CLI run of this side.
    pub fn set_env(&self, key: &str, value: &str) {
        self.env.borrow_mut().push((key.into(), value.into()));
    }

    /// Name `id` (a remote image's, say) `label` wherever it appears.
    pub fn alias(&self, id: &str, label: &str) {
        self.ids
            .borrow_mut()
            .insert(id.to_string(), label.to_string());
    }

    /// The CLI on this data dir: no `OS_*` cloud, no keyring, stdin not a terminal, logs in
    /// the temp dir.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("GLANCE_WORKBENCH_DATA_DIR", self.data())
            .env(
                "GLANCE_WORKBENCH_LOG_DIR",
                std::env::temp_dir().join("glance-workbench-test-logs"),
            )
            .env("GLANCE_WORKBENCH_NO_KEYRING", "1")
            .stdin(Stdio::null());
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("OS_") {
                cmd.env_remove(key);
            }
        }
        for (key, value) in self.env.borrow().iter() {
            cmd.env(key, value);
        }
        cmd
    }

    /// Run the CLI with `args`.
    pub fn cli(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// Run the CLI with `args`, which must succeed; its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cli(args);
        assert!(
            out.status.success(),
            "{} side: glance-workbench {args:?} failed ({:?}): {}",
            self.who,
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run the CLI with `args` and `-f json`; its JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["-f", "json"]);
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// Run the CLI with `args`, which must fail with exit code 1 and one line on stderr; that
    /// line without its `error: `.
    pub fn refused(&self, args: &[&str]) -> String {
        let out = self.cli(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{} side: glance-workbench {args:?} should be refused: {stderr}",
            self.who
        );
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "one line: {stderr}");
        lines[0]
            .strip_prefix("error: ")
            .unwrap_or(lines[0])
            .to_string()
    }

    /// Every image of the catalog (hidden ones too), as `image list -f json` gives them.
    pub fn images(&self) -> Vec<Value> {
        let mut images = Vec::new();
        for extra in [&[][..], &["--hidden"][..]] {
            let mut args = vec!["image", "list"];
            args.extend(extra);
            if let Value::Array(list) = self.json(&args) {
                images.extend(list);
            }
        }
        let mut ids = self.ids.borrow_mut();
        for image in &images {
            if let (Some(id), name) = (image["id"].as_str(), &image["name"]) {
                let name = name.as_str().unwrap_or("(no name)");
                ids.insert(id.to_string(), format!("<image {name}>"));
            }
        }
        images
    }

    /// The id of the image named `name`.
    pub fn id_of(&self, name: &str) -> String {
        let images = self.images();
        let found: Vec<&Value> = images.iter().filter(|i| i["name"] == name).collect();
        assert_eq!(found.len(), 1, "{} side: one image named {name}", self.who);
        found[0]["id"].as_str().unwrap().to_string()
    }

    /// Replace this side's ids and folders in `value` by stable names and drop volatile keys.
    pub fn normalize(&self, value: &Value) -> Value {
        let ids = self.ids.borrow();
        let folders = [
            // The pull cache lives in the cache dir, in a folder keyed by the data dir.
            (
                glance_workbench::backend::remote::cache::root_for(self.data())
                    .display()
                    .to_string(),
                "<CACHE>",
            ),
            (self.data().display().to_string(), "<DATA>"),
            (self.out().display().to_string(), "<OUT>"),
        ];
        normalize_with(value, &|text: &str| {
            let mut text = text.to_string();
            for (id, name) in ids.iter() {
                if text.contains(id.as_str()) {
                    text = text.replace(id.as_str(), name);
                }
            }
            for (folder, name) in &folders {
                if text.contains(folder.as_str()) {
                    text = text.replace(folder.as_str(), name);
                }
            }
            text
        })
    }

    /// The catalog, histories, members, tasks and stored files, normalized.
    pub fn snapshot(&self) -> Value {
        let images = self.images();
        let mut history = Map::new();
        let mut members = Map::new();
        for image in &images {
            let id = image["id"].as_str().unwrap();
            let key = self.ids.borrow()[id].clone();
            let transitions = self.json(&["image", "history", id]);
            history.insert(key.clone(), self.normalize(&transitions));
            let list = self.json(&["image", "member", "list", id]);
            members.insert(key, sorted(self.normalize(&list)));
        }
        let tasks = self.json(&["task", "list"]);
        json!({
            "images": sorted(self.normalize(&Value::Array(images))),
            "history": history,
            "members": members,
            "tasks": sorted(self.normalize(&tasks)),
            "store": self.store(),
        })
    }

    /// Every file under `images/` (uploads in flight and lost+found included): its path with
    /// image ids named, and its length and a hash of its bytes.
    pub fn store(&self) -> Value {
        let root = self.data().join("images");
        let mut files = Map::new();
        for path in files_under(&root) {
            let relative = path.strip_prefix(&root).unwrap().display().to_string();
            let bytes = std::fs::read(&path).unwrap();
            let mut hasher = DefaultHasher::new();
            hasher.write(&bytes);
            let key = self.normalize(&Value::String(relative));
            files.insert(
                key.as_str().unwrap().to_string(),
                json!({"bytes": bytes.len(), "hash": format!("{:016x}", hasher.finish())}),
            );
        }
        Value::Object(files)
    }
}

/// `value` with `rename` applied to every string, volatile keys dropped.
fn normalize_with(value: &Value, rename: &dyn Fn(&str) -> String) -> Value {
    match value {
        Value::String(s) => Value::String(rename(s)),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| normalize_with(v, rename)).collect())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !VOLATILE_KEYS.contains(&k.as_str()))
                .map(|(k, v)| (rename(k), normalize_with(v, rename)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// An array sorted by each item's text (listing order follows times and ids).
pub fn sorted(value: Value) -> Value {
    match value {
        Value::Array(mut items) => {
            items.sort_by_key(|v| v.to_string());
            Value::Array(items)
        }
        other => other,
    }
}

/// Every regular file under `dir`, recursively, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Where `a` and `b` differ, as JSON pointers with both values.
pub fn differences(a: &Value, b: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff_at("", a, b, &mut out);
    out
}

fn diff_at(at: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let here = format!("{at}/{key}");
                match (x.get(key), y.get(key)) {
                    (Some(p), Some(q)) => diff_at(&here, p, q, out),
                    (p, q) => out.push(format!("{here}: {p:?} vs {q:?}")),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                diff_at(&format!("{at}/{i}"), p, q, out);
            }
        }
        (p, q) if p != q => out.push(format!("{at}: {p} vs {q}")),
        _ => {}
    }
}

/// Assert that two normalized values agree, naming the differences.
pub fn assert_same_values(step: &str, cli: &Value, window: &Value) {
    let diff = differences(cli, window);
    assert!(
        diff.is_empty(),
        "after {step}, the CLI's data dir and the window's differ (CLI vs window):\n  {}\nCLI:\n{}\nwindow:\n{}",
        diff.join("\n  "),
        serde_json::to_string_pretty(cli).unwrap(),
        serde_json::to_string_pretty(window).unwrap()
    );
}

/// Assert that the CLI's data dir and the window's hold the same catalog, histories,
/// members, tasks and stored files.
pub fn assert_same(step: &str, cli: &Side, window: &Side) {
    assert_same_values(step, &cli.snapshot(), &window.snapshot());
}

/// [`assert_same`], except for the data fingerprints (checksum, os_hash_value, the stored
/// file's hash) of the images named in `names`, whose bytes the tool writing them does not
/// make deterministic (qemu-img convert's parallel writes may place qcow2 clusters in another
/// order); their sizes are still compared.
pub fn assert_same_except_data(step: &str, cli: &Side, window: &Side, names: &[&str]) {
    let labels: Vec<String> = names.iter().map(|n| format!("<image {n}>")).collect();
    let strip = |mut snapshot: Value| {
        drop_data_of(&mut snapshot, &labels);
        snapshot
    };
    assert_same_values(step, &strip(cli.snapshot()), &strip(window.snapshot()));
}

/// Remove the data fingerprints of the images labelled `labels` from a snapshot: in their
/// listing entry, their stored file, and every task result about them.
fn drop_data_of(value: &mut Value, labels: &[String]) {
    let about = |object: &Map<String, Value>| {
        let by_id = object
            .get("image_id")
            .and_then(Value::as_str)
            .map(str::to_string);
        let by_name = object
            .get("name")
            .and_then(Value::as_str)
            .map(|n| format!("<image {n}>"));
        [by_id, by_name]
            .into_iter()
            .flatten()
            .any(|l| labels.contains(&l))
    };
    match value {
        Value::Object(object) => {
            if about(object) {
                for key in DATA_KEYS {
                    object.remove(key);
                }
            }
            for (key, child) in object.iter_mut() {
                if labels.contains(key)
                    && let Value::Object(file) = child
                {
                    for data_key in DATA_KEYS {
                        file.remove(data_key);
                    }
                }
                drop_data_of(child, labels);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| drop_data_of(v, labels)),
        _ => {}
    }
}
