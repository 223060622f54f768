//! Guest inspection through the CLI (issue #14): `image inspect --guest` on a file and on a
//! catalog image (table and JSON), `image set --from-inspection-dry-run` (nothing changes)
//! and `--from-inspection` (the ordinary property update), and `image create --file
//! --from-inspection`, on an Ubuntu 24.04 disk built at test time (tests/common/guest_disk.rs).

use serde_json::Value;

use super::*;

#[path = "../common/guest_disk.rs"]
mod guest_disk;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        stdout(out),
        stderr(out)
    );
}

fn json(out: &std::process::Output) -> Value {
    ok(out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// An image `name` in the catalog at `data` holding `disk`, with `properties` set.
fn stored(data: &Path, name: &str, disk: &Path, properties: &[&str]) -> String {
    let mut args = vec![
        "-f",
        "json",
        "image",
        "create",
        name,
        "--disk-format",
        "raw",
        "--container-format",
        "bare",
        "--file",
        disk.to_str().unwrap(),
    ];
    for p in properties {
        args.extend(["--property", p]);
    }
    json(&cli(data, &args))["id"].as_str().unwrap().to_owned()
}

fn properties(data: &Path, id: &str) -> Value {
    json(&cli(data, &["-f", "json", "image", "show", id]))
}

#[test]
fn inspect_guest_of_a_file_and_of_a_catalog_image_in_table_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let disk = guest_disk::ubuntu_raw(dir.path(), "ubuntu.raw");
    let file = disk.to_str().unwrap();

    // A file: the findings and the suggested properties keyed by Glance names.
    let found = json(&cli(
        &data,
        &["-f", "json", "image", "inspect", "--guest", file],
    ));
    let report = &found[0];
    assert_eq!(report["file"], file);
    assert_eq!(report["os"]["distro"], "ubuntu");
    assert_eq!(report["os"]["version"], "24.04");
    assert_eq!(report["os"]["codename"], "noble");
    assert_eq!(report["architecture"], "x86_64");
    assert_eq!(report["partition_table"], "gpt");
    assert_eq!(report["cloud_init"], true);
    assert_eq!(report["qemu_guest_agent"], true);
    for key in ["partitions", "root", "findings", "bytes_read", "kernels"] {
        assert!(report.get(key).is_some(), "{key} missing: {report}");
    }
    let suggested = &report["suggested_properties"];
    assert_eq!(suggested["os_distro"], "ubuntu");
    assert_eq!(suggested["os_version"], "24.04");
    assert_eq!(suggested["architecture"], "x86_64");
    assert_eq!(suggested["hw_qemu_guest_agent"], "yes");
    assert!(report.get("comparison").is_none());

    let table = cli(&data, &["image", "inspect", "--guest", file]);
    ok(&table);
    let text = stdout(&table);
    assert!(text.contains("Ubuntu 24.04"), "{text}");
    assert!(text.contains("x86_64"), "{text}");
    assert!(text.contains("os_distro"), "{text}");

    // A catalog image by name: the comparison with its properties too.
    let id = stored(&data, "noble", &disk, &["os_distro=centos"]);
    let found = json(&cli(
        &data,
        &["-f", "json", "image", "inspect", "--guest", "noble"],
    ));
    let report = &found[0];
    assert_eq!(report["image"]["id"], id.as_str());
    assert_eq!(report["suggested_properties"]["os_distro"], "ubuntu");
    let comparison = report["comparison"].as_array().unwrap();
    let distro = comparison.iter().find(|c| c["key"] == "os_distro").unwrap();
    assert_eq!(distro["current"], "centos");
    assert_eq!(distro["suggested"], "ubuntu");
    assert_eq!(distro["kind"], "conflict");
    let table = cli(&data, &["image", "inspect", "--guest", &id]);
    ok(&table);
    assert!(stdout(&table).contains("CONFLICT"), "{}", stdout(&table));
    assert!(
        stderr(&table).contains("warning: image 'noble' says os_distro=centos"),
        "{}",
        stderr(&table)
    );

    // Neither a file nor an image: one line, exit 1.
    let missing = cli(&data, &["image", "inspect", "--guest", "no-such-image"]);
    assert_eq!(missing.status.code(), Some(1), "{}", stderr(&missing));
    assert_eq!(
        stderr(&missing).trim().lines().count(),
        1,
        "{}",
        stderr(&missing)
    );
}

#[test]
fn set_from_inspection_dry_run_changes_nothing_and_apply_sets_the_properties() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let disk = guest_disk::ubuntu_raw(dir.path(), "ubuntu.raw");
    let id = stored(
        &data,
        "noble",
        &disk,
        &["os_distro=centos", "os_version=24.04"],
    );
    let before = properties(&data, &id);
    let history_before = json(&cli(&data, &["-f", "json", "image", "history", &id]))
        .as_array()
        .unwrap()
        .len();

    let dry = cli(
        &data,
        &["image", "set", "noble", "--from-inspection-dry-run"],
    );
    ok(&dry);
    let text = stdout(&dry);
    for word in [
        "os_distro",
        "centos",
        "ubuntu",
        "CONFLICT",
        "same",
        "new",
        "architecture",
    ] {
        assert!(text.contains(word), "{word}: {text}");
    }
    assert!(
        stderr(&dry).contains("but its disk holds ubuntu 24.04"),
        "{}",
        stderr(&dry)
    );
    assert_eq!(properties(&data, &id), before, "a dry run changes nothing");
    let dry_json = json(&cli(
        &data,
        &[
            "-f",
            "json",
            "image",
            "set",
            &id,
            "--from-inspection-dry-run",
        ],
    ));
    assert!(
        dry_json
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["key"] == "os_distro")
    );

    // Only one key, then the rest.
    let one = cli(
        &data,
        &[
            "image",
            "set",
            "noble",
            "--from-inspection",
            "--suggestion",
            "architecture",
        ],
    );
    ok(&one);
    let after = properties(&data, &id);
    assert_eq!(after["architecture"], "x86_64");
    assert_eq!(after["os_distro"], "centos");

    let applied = json(&cli(
        &data,
        &["-f", "json", "image", "set", &id, "--from-inspection"],
    ));
    let keys: Vec<&str> = applied["applied"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert!(keys.contains(&"os_distro"), "{applied}");
    assert!(
        !keys.contains(&"os_version"),
        "the same value is not written again: {applied}"
    );
    let after = properties(&data, &id);
    assert_eq!(after["os_distro"], "ubuntu");
    assert_eq!(after["os_version"], "24.04");
    assert_eq!(after["hw_qemu_guest_agent"], "yes");
    // An ordinary property update: the status and its history stay as they were.
    assert_eq!(after["status"], "active");
    let history = json(&cli(&data, &["-f", "json", "image", "history", &id]));
    assert_eq!(history.as_array().unwrap().len(), history_before);

    // Applied again: nothing left to change, still exit 0.
    let again = cli(&data, &["image", "set", "noble", "--from-inspection"]);
    ok(&again);
    assert!(
        stdout(&again).contains("already match"),
        "{}",
        stdout(&again)
    );

    // A key the disk suggests nothing for is refused, and nothing changes.
    let unknown = cli(
        &data,
        &[
            "image",
            "set",
            "noble",
            "--from-inspection",
            "--suggestion",
            "hw_vif_model",
        ],
    );
    assert_eq!(unknown.status.code(), Some(1), "{}", stderr(&unknown));
    // Dry run with another change is refused (it changes nothing).
    let mixed = cli(
        &data,
        &[
            "image",
            "set",
            "noble",
            "--from-inspection-dry-run",
            "--name",
            "x",
        ],
    );
    assert_eq!(mixed.status.code(), Some(1), "{}", stderr(&mixed));
    assert_eq!(properties(&data, &id)["name"], "noble");
}

#[test]
fn create_with_from_inspection_sets_what_is_inside_and_keeps_given_properties() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let disk = guest_disk::ubuntu_raw(dir.path(), "ubuntu.raw");
    let created = json(&cli(
        &data,
        &[
            "-f",
            "json",
            "image",
            "create",
            "noble",
            "--file",
            disk.to_str().unwrap(),
            "--disk-format",
            "raw",
            "--container-format",
            "bare",
            "--from-inspection",
            "--property",
            "os_version=24.04.1",
        ],
    ));
    assert_eq!(created["status"], "active");
    assert_eq!(created["os_distro"], "ubuntu");
    assert_eq!(created["architecture"], "x86_64");
    assert_eq!(created["os_version"], "24.04.1", "a given property wins");

    // Standard input cannot be looked into first: refused before anything is created.
    let stdin = cli(
        &data,
        &[
            "image",
            "create",
            "piped",
            "--file",
            "-",
            "--disk-format",
            "raw",
            "--container-format",
            "bare",
            "--from-inspection",
        ],
    );
    assert_eq!(stdin.status.code(), Some(1), "{}", stderr(&stdin));
    let listed = json(&cli(&data, &["-f", "json", "image", "list"]));
    assert_eq!(listed.as_array().unwrap().len(), 1);
}

#[test]
fn push_conflict_warning_names_the_key_and_what_the_disk_holds() {
    // The line push prints (and the push dialog shows) for a stored image whose metadata
    // contradicts its disk, read through the same library call push makes.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let disk = guest_disk::ubuntu_raw(dir.path(), "ubuntu.raw");
    let id = stored(&data, "x", &disk, &["os_distro=centos"]);
    let catalog = Catalog::open(&data).unwrap();
    let image = catalog.image(id.parse().unwrap()).unwrap();
    assert_eq!(
        catalog.guest_conflicts(&image),
        ["image 'x' says os_distro=centos but its disk holds ubuntu 24.04"]
    );
    // An image that cannot be looked inside (no data) gives no warning.
    let queued = catalog.create_image(raw("empty")).unwrap();
    assert!(catalog.guest_conflicts(&queued).is_empty());
}

#[test]
fn push_prints_the_conflict_before_it_connects() {
    // The real binary's push: the warning comes first, on stderr, before any cloud is asked
    // (here there is none to reach, so the push then fails on its own).
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let disk = guest_disk::ubuntu_raw(dir.path(), "ubuntu.raw");
    stored(&data, "x", &disk, &["os_distro=centos"]);
    stored(&data, "fine", &disk, &[]);
    let push = |image: &str| {
        Command::new(BIN)
            .args(["push", image, "--cloud", "nowhere"])
            .env("GLANCE_WORKBENCH_DATA_DIR", &data)
            .env(
                "GLANCE_WORKBENCH_LOG_DIR",
                std::env::temp_dir().join("glance-workbench-test-logs"),
            )
            // No clouds.yaml of the machine's: the cloud is unknown, nothing is sent.
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .env("OS_CLIENT_CONFIG_FILE", dir.path().join("none.yaml"))
            .current_dir(dir.path())
            .env_remove("OS_CLOUD")
            .output()
            .unwrap()
    };
    let out = push("x");
    assert!(!out.status.success());
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some("warning: image 'x' says os_distro=centos but its disk holds ubuntu 24.04"),
        "{err}"
    );
    // No conflict (nothing set yet): nothing extra is said.
    let out = push("fine");
    assert!(!stderr(&out).contains("warning: image"), "{}", stderr(&out));
}
