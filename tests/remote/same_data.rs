//! No silent duplicates, through the CLI against the lab: a pull whose data a local image
//! already holds is refused (exit 4) until `--link` records the origin there or
//! `--copy-anyway` makes a second copy; a push whose data the cloud holds likewise; and the
//! sync plan pairs by data first, never offering a second copy.

use std::path::Path;

use glance_workbench::backend::remote::local::{ORIGIN_CLOUD, ORIGIN_ID};
use glance_workbench::backend::remote::same_data::ORIGIN_LINKED;
use glance_workbench::backend::remote::{self as remote, SyncAction, SyncCase, SyncFilter};
use glance_workbench::backend::{Catalog, JobControl, TaskStatus};
use serde_json::Value;

use super::lab::{Lab, local_image, pattern, seed_of};

/// Run the CLI on `dir` with the lab's OS_* cloud: (exit code, stdout, stderr).
fn cli(lab: &Lab, dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--data-dir", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = lab.cli(&all, &[]).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn sync_rows(lab: &Lab, dir: &Path, tag: &str) -> Vec<Value> {
    let (code, out, err) = cli(
        lab,
        dir,
        &[
            "-f",
            "json",
            "sync",
            "--dry-run",
            "--cloud",
            "envvars",
            "--tag",
            tag,
        ],
    );
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn a_pull_of_data_already_local_is_refused_then_linked_or_copied() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("same-pull");
    let data = pattern(1 << 20, seed_of(&tag) + 1);
    let remote_id = lab.remote_image_named(&admin, &tag, &tag, &data);
    let dir = tempfile::tempdir().unwrap();
    let original = {
        let catalog = Catalog::open(dir.path()).unwrap();
        local_image(&catalog, &tag, &data, &tag)
    };

    // Refused before any bytes move: one line naming the local image and the two flags.
    let (code, _, err) = cli(lab, dir.path(), &["pull", &remote_id, "--cloud", "envvars"]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains(&original.id.to_string())
            && err.contains("--link")
            && err.contains("--copy-anyway"),
        "{err}"
    );
    let catalog = Catalog::open(dir.path()).unwrap();
    assert_eq!(catalog.list(&Default::default()).unwrap().len(), 1);
    assert!(
        catalog
            .tasks(None, None, 10)
            .unwrap()
            .iter()
            .all(|t| t.task_type != "pull"),
        "a refusal records no pull"
    );
    drop(catalog);

    // --link records the origin on the image that exists.
    let (code, out, err) = cli(
        lab,
        dir.path(),
        &[
            "-f", "json", "pull", &remote_id, "--cloud", "envvars", "--link",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let shown: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shown["id"], original.id.to_string());
    assert_eq!(shown["linked"], true);
    let catalog = Catalog::open(dir.path()).unwrap();
    let linked = catalog.image(original.id).unwrap();
    assert_eq!(catalog.list(&Default::default()).unwrap().len(), 1);
    assert_eq!(linked.properties.get(ORIGIN_CLOUD).unwrap(), "envvars");
    assert_eq!(linked.properties.get(ORIGIN_ID).unwrap(), &remote_id);
    assert_eq!(linked.properties.get(ORIGIN_LINKED).unwrap(), "pull");
    let tasks = catalog.tasks(None, Some(original.id), 10).unwrap();
    assert!(
        tasks.iter().any(|t| t.task_type == "pull"
            && t.status == TaskStatus::Success
            && t.result.as_ref().is_some_and(|r| r["linked"] == true)),
        "{tasks:?}"
    );
    drop(catalog);
    // Pulling it again finds it pulled (linked) already.
    let (code, _, err) = cli(lab, dir.path(), &["pull", &remote_id, "--cloud", "envvars"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("already pulled"), "{err}");

    // A second remote image with the same data: refused; --link refused too (the local image
    // has its origin); --copy-anyway makes a second local image.
    let second = lab.remote_image_named(&admin, &format!("{tag}-2"), &tag, &data);
    let (code, _, err) = cli(lab, dir.path(), &["pull", &second, "--cloud", "envvars"]);
    assert_eq!(code, 4, "{err}");
    let (code, _, err) = cli(
        lab,
        dir.path(),
        &["pull", &second, "--cloud", "envvars", "--link"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("already linked"), "{err}");
    let (code, out, err) = cli(
        lab,
        dir.path(),
        &[
            "-f",
            "json",
            "pull",
            &second,
            "--cloud",
            "envvars",
            "--copy-anyway",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let copy: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(copy["linked"], false);
    assert_ne!(copy["id"], original.id.to_string());
    let catalog = Catalog::open(dir.path()).unwrap();
    assert_eq!(catalog.list(&Default::default()).unwrap().len(), 2);
    drop(catalog);

    // The plan pairs each with its own remote image and offers nothing to move.
    let rows = sync_rows(lab, dir.path(), &tag);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter()
            .all(|r| r["case"] == "identical" && r["action"] == "-"),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r["local_id"] == original.id.to_string()
                && r["remote_id"] == remote_id.as_str()),
        "{rows:?}"
    );
    for id in [remote_id, second] {
        admin.delete_image(&id).unwrap();
    }
}

#[test]
fn a_push_of_data_the_cloud_holds_is_refused_then_linked_or_copied() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("same-push");
    let data = pattern(1 << 20, seed_of(&tag) + 2);
    let there = lab.remote_image_named(&admin, &format!("{tag}-remote"), &tag, &data);
    let dir = tempfile::tempdir().unwrap();
    let image = {
        let catalog = Catalog::open(dir.path()).unwrap();
        local_image(&catalog, &tag, &data, &tag)
    };
    let id = image.id.to_string();

    let (code, _, err) = cli(lab, dir.path(), &["push", &id, "--cloud", "envvars"]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains(&there) && err.contains("--link") && err.contains("--copy-anyway"),
        "{err}"
    );
    let same = admin.list_images(&lab.query(&[("tag", &tag)])).unwrap();
    assert_eq!(same.len(), 1, "nothing was pushed");

    // Before linking, the plan pairs them by data (the names differ): no push offered.
    let rows = sync_rows(lab, dir.path(), &tag);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["remote_id"], there.as_str());
    assert_eq!(rows[0]["case"], "different metadata", "{rows:?}");

    let (code, out, err) = cli(
        lab,
        dir.path(),
        &["-f", "json", "push", &id, "--cloud", "envvars", "--link"],
    );
    assert_eq!(code, 0, "{err}");
    let shown: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shown["id"], there.as_str());
    assert_eq!(shown["linked"], true);
    assert_eq!(shown["os_hash_value"], image.os_hash_value.clone().unwrap());
    let catalog = Catalog::open(dir.path()).unwrap();
    let linked = catalog.image(image.id).unwrap();
    assert_eq!(linked.properties.get(ORIGIN_ID).unwrap(), &there);
    assert_eq!(linked.properties.get(ORIGIN_LINKED).unwrap(), "push");
    drop(catalog);
    // A linked pair reads as identical, whatever the names say.
    let rows = sync_rows(lab, dir.path(), &tag);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["case"], "identical", "{rows:?}");
    assert_eq!(rows[0]["action"], "-", "{rows:?}");

    // --copy-anyway pushes a second remote image.
    let (code, out, err) = cli(
        lab,
        dir.path(),
        &[
            "-f",
            "json",
            "push",
            &id,
            "--cloud",
            "envvars",
            "--copy-anyway",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let pushed: Value = serde_json::from_str(&out).unwrap();
    assert_ne!(pushed["id"], there.as_str());
    let both = admin.list_images(&lab.query(&[("tag", &tag)])).unwrap();
    assert_eq!(both.len(), 2);
    for remote in both {
        admin.delete_image(remote.id()).unwrap();
    }
}

#[test]
fn the_sync_plan_pairs_by_data_first_and_offers_no_second_copy() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("same-sync");
    let data = pattern(1 << 20, seed_of(&tag) + 3);
    let remote_id = lab.remote_image_named(&admin, &tag, &tag, &data);
    let (_dir, catalog) = lab.catalog();
    // The case: an original with no origin, and a pulled second copy of the same
    // name whose origin is the remote image; then a second remote copy too.
    let original = local_image(&catalog, &tag, &data, &tag);
    let copy = remote::pull(&catalog, &admin, &remote_id, None, &JobControl::new()).unwrap();
    assert!(!copy.linked && copy.image.id != original.id);
    let filter = SyncFilter {
        tags: vec![tag.clone()],
        ..Default::default()
    };
    let summary = |plan: &[glance_workbench::backend::remote::SyncRow]| {
        plan.iter()
            .map(|r| {
                (
                    r.local.as_ref().map(|i| i.id),
                    r.remote.as_ref().map(|i| i.id().to_string()),
                    r.case,
                    r.action,
                    r.differences.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    // The copy pairs with its origin; the original is a second copy of paired data, not a
    // push (the old planner paired the original by data and offered to push the copy).
    let plan = remote::plan(&catalog, &admin, &filter).unwrap();
    assert_eq!(plan.len(), 2, "{:?}", summary(&plan));
    let paired = plan.iter().find(|r| r.remote.is_some()).expect("a pair");
    assert_eq!(paired.local.as_ref().map(|i| i.id), Some(copy.image.id));
    assert_eq!(paired.case, SyncCase::Identical);
    let alone = plan
        .iter()
        .find(|r| r.remote.is_none())
        .expect("the original");
    assert_eq!(alone.local.as_ref().map(|i| i.id), Some(original.id));
    assert_eq!(
        (alone.case, alone.action),
        (SyncCase::Identical, SyncAction::None)
    );
    assert!(
        alone.differences[0].contains(&format!("same data as remote image {remote_id}")),
        "{:?}",
        summary(&plan)
    );

    // A second remote copy pairs with the original by data; still nothing to move.
    let second = lab.remote_image_named(&admin, &format!("{tag}-2"), &tag, &data);
    let plan = remote::plan(&catalog, &admin, &filter).unwrap();
    assert_eq!(plan.len(), 2, "{:?}", summary(&plan));
    assert!(
        plan.iter().all(|r| r.local.is_some()
            && r.remote.is_some()
            && !matches!(r.action, SyncAction::Push | SyncAction::Pull)),
        "{:?}",
        summary(&plan)
    );
    assert!(
        plan.iter()
            .any(|r| r.local.as_ref().map(|i| i.id) == Some(original.id)
                && r.remote.as_ref().map(|i| i.id()) == Some(second.as_str()))
    );
    for id in [remote_id, second] {
        admin.delete_image(&id).unwrap();
    }
}
