//! Copy (cloud to cloud) and sync apply get push's pre-checks, against the lab's quota
//! project `quota` (count 3, size 8 MiB): a copy into a project that already holds the data
//! is refused with push's words and exit code (4 in the CLI), linked (the image there stands
//! for the copy, nothing written) or copied anyway; a copy over the size limit is refused
//! naming the limit before anything is created. A sync apply whose middle push would exceed
//! the size limit refuses that row before it starts, pushes the others, names the refused
//! row in its summary and is not recorded as a completed sync; the CLI's `sync --apply`
//! says the same and exits 1. A push to two clouds, one of them the quota project with an
//! image over its size limit, reports each cloud (JSON one entry per cloud).

use glance_workbench::app::remote::sync::{self as app_sync, RowOutcome};
use glance_workbench::backend::remote::same_data::SameData;
use glance_workbench::backend::remote::sync::{SyncAction, SyncFilter};
use glance_workbench::backend::remote::{self as remote, CopyOptions, RemoteError};
use glance_workbench::backend::{Error, JobControl};
use serde_json::Value;

use super::lab::{Lab, local_image, pattern, seed_of};

const MIB: usize = 1 << 20;

fn copy_with(
    lab: &Lab,
    to: &remote::Session,
    source: &str,
    on_same_data: SameData,
) -> Result<remote::CopyOutcome, RemoteError> {
    let (_dir, catalog) = lab.catalog();
    let options = CopyOptions {
        on_same_data,
        ..Default::default()
    };
    remote::copy(
        &catalog,
        &lab.admin(),
        to,
        source,
        &options,
        &JobControl::new(),
    )
}

/// A clouds.yaml naming the lab's admin (`src`) and the quota user in project `quota` (`dst`).
fn clouds_yaml(lab: &Lab, dir: &std::path::Path) -> std::path::PathBuf {
    let auth = |user: &str, password: &str, project: &str| {
        format!(
            "    auth:\n      auth_url: {}\n      username: {user}\n      password: {password}\n      \
             project_name: {project}\n      user_domain_name: Default\n      \
             project_domain_name: Default\n    region_name: RegionOne\n",
            lab.var("OS_AUTH_URL")
        )
    };
    let text = format!(
        "clouds:\n  src:\n{}  dst:\n{}",
        auth("admin", &lab.var("OS_PASSWORD"), "admin"),
        auth(
            &lab.var("LAB_QUOTA_USERNAME"),
            &lab.var("LAB_QUOTA_PASSWORD"),
            "quota"
        )
    );
    let path = dir.join("clouds.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn copy_refuses_links_or_copies_same_data_and_checks_the_target_quota() {
    let Some(lab) = Lab::get() else { return };
    let Some(q) = lab.quota_session("quota") else {
        eprintln!("the lab runs without quotas (LAB_QUOTAS=0): nothing to check");
        return;
    };
    let _quota_project = lab.quota_lock();
    lab.empty_project(&q);
    let admin = lab.admin();
    let tag = lab.unique("copychk");
    let seed = seed_of(&tag);
    let small = lab.remote_image(&admin, &tag, &pattern(3 * MIB, seed));

    // The first copy finds nothing there and copies.
    let first = copy_with(lab, &q, &small, SameData::Refuse).unwrap();
    assert!(!first.linked);
    assert_eq!(first.target.status(), "active");
    assert_eq!(lab.project_images(&q).len(), 1);

    // Again: refused with push's error (SameData), naming the image that holds the data.
    let refused = copy_with(lab, &q, &small, SameData::Refuse).unwrap_err();
    match &refused {
        RemoteError::Local(Error::SameData {
            problem, found_id, ..
        }) => {
            assert_eq!(found_id, first.target.id());
            assert!(
                problem.contains("of cloud \"quota\" already holds the same data")
                    && problem.contains("nothing was copied"),
                "{problem}"
            );
        }
        other => panic!("expected a same-data refusal, got {other:?}"),
    }
    assert_eq!(lab.project_images(&q).len(), 1, "nothing created");

    // Link: the image there stands for the copy; nothing is written.
    let linked = copy_with(lab, &q, &small, SameData::Link).unwrap();
    assert!(linked.linked);
    assert_eq!(linked.target.id(), first.target.id());
    assert_eq!(lab.project_images(&q).len(), 1);

    // The CLI: exit 4 and the flags that answer it; --link reports the image there.
    let place = tempfile::tempdir().unwrap();
    let yaml = clouds_yaml(lab, place.path());
    let data = place.path().join("data");
    let cli = |args: &[&str]| {
        let mut full = vec!["--data-dir", data.to_str().unwrap()];
        full.extend_from_slice(args);
        lab.cli(&full, &[("OS_CLIENT_CONFIG_FILE", yaml.to_str().unwrap())])
            .output()
            .unwrap()
    };
    let out = cli(&["copy", &small, "--from", "src", "--to", "dst"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("already holds the same data")
            && stderr.contains("--link")
            && stderr.contains("--copy-anyway"),
        "{stderr}"
    );
    let out = cli(&[
        "-f", "json", "copy", &small, "--from", "src", "--to", "dst", "--link",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["linked"], true);
    assert_eq!(json["target_id"], first.target.id());
    assert_eq!(lab.project_images(&q).len(), 1);

    // Copy anyway: a second image with the same data (3 + 3 = 6 of 8 MiB).
    let out = cli(&[
        "-f",
        "json",
        "copy",
        &small,
        "--from",
        "src",
        "--to",
        "dst",
        "--copy-anyway",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["linked"], false);
    assert_ne!(json["target_id"], first.target.id());
    assert_eq!(lab.project_images(&q).len(), 2);

    // 6 + 3 MiB more would make 9 of 8: refused before anything is created, naming the limit,
    // in the library and (exit 1, one line) in the CLI.
    let other = lab.remote_image(&admin, &format!("{tag}-b"), &pattern(3 * MIB, seed + 1));
    let over = copy_with(lab, &q, &other, SameData::Refuse)
        .unwrap_err()
        .to_string();
    assert!(
        over.contains("refused before sending any data")
            && over.contains("image_size_total (total image size) is limited to 8 MiB")
            && over.contains("the project uses 6 MiB and this needs 3 MiB more"),
        "{over}"
    );
    let out = cli(&["copy", &other, "--from", "src", "--to", "dst"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("image_size_total"), "{stderr}");
    assert_eq!(lab.project_images(&q).len(), 2, "nothing created");

    lab.empty_project(&q);
    for id in [small, other] {
        let _ = admin.delete_image(&id);
    }
}

#[test]
fn sync_apply_refuses_a_push_over_quota_and_goes_on_with_the_others() {
    let Some(lab) = Lab::get() else { return };
    let Some(q) = lab.quota_session("quota") else {
        eprintln!("the lab runs without quotas (LAB_QUOTAS=0): nothing to check");
        return;
    };
    let _quota_project = lab.quota_lock();
    lab.empty_project(&q);
    let (dir, catalog) = lab.catalog();
    let tag = lab.unique("syncquota");
    let seed = seed_of(&tag);
    // In the plan's order (by name): 3 MiB fits, then 6 MiB would make 9 of 8, then 1 MiB fits.
    local_image(&catalog, &format!("{tag}-a"), &pattern(3 * MIB, seed), &tag);
    local_image(
        &catalog,
        &format!("{tag}-b"),
        &pattern(6 * MIB, seed + 1),
        &tag,
    );
    local_image(&catalog, &format!("{tag}-c"), &pattern(MIB, seed + 2), &tag);
    let filter = SyncFilter {
        tags: vec![tag.clone()],
        ..Default::default()
    };
    let plan = app_sync::plan(&catalog, &q, &filter).unwrap();
    assert_eq!(plan.rows.len(), 3);
    assert!(plan.rows.iter().all(|r| r.action == SyncAction::Push));
    let mut outcomes = Vec::new();
    let applied = app_sync::apply(
        &catalog,
        &q,
        &plan,
        &plan.rows,
        true,
        &JobControl::new(),
        &mut |row, outcome| outcomes.push((row.label(), outcome.clone())),
    )
    .unwrap();
    assert_eq!(applied.done, 2, "{outcomes:?}");
    assert_eq!(applied.failed, 0, "{outcomes:?}");
    assert_eq!(applied.refused, vec![format!("{tag}-b")]);
    assert!(!applied.recorded, "a refused row keeps the sync incomplete");
    let refused = outcomes
        .iter()
        .find_map(|(label, o)| match o {
            RowOutcome::Refused(why) if *label == format!("{tag}-b") => Some(why.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{outcomes:?}"));
    assert!(
        refused.contains("refused before the push started")
            && refused.contains("image_size_total (total image size) is limited to 8 MiB")
            && refused.contains("the project uses 3 MiB and this needs 6 MiB more"),
        "{refused}"
    );
    let summary = applied.summary("quota");
    assert!(
        summary.contains("2 actions done") && summary.contains(&format!("1 refused ({tag}-b)")),
        "{summary}"
    );
    let names: Vec<String> = lab
        .project_images(&q)
        .iter()
        .filter_map(|r| r.name().map(str::to_string))
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(!names.contains(&format!("{tag}-b")), "{names:?}");
    assert_eq!(catalog.last_sync("quota").unwrap(), None);

    // The CLI: the same plan applied again (a and c now identical, b still too big).
    drop(catalog);
    let user = lab.var("LAB_QUOTA_USERNAME");
    let password = lab.var("LAB_QUOTA_PASSWORD");
    let out = lab
        .cli(
            &[
                "--data-dir",
                dir.path().to_str().unwrap(),
                "sync",
                "--cloud",
                "envvars",
                "--apply",
                "--tag",
                &tag,
            ],
            &[
                ("OS_USERNAME", user.as_str()),
                ("OS_PASSWORD", password.as_str()),
                ("OS_PROJECT_NAME", "quota"),
            ],
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{tag}-b: refused: refused before the push started"
        )) && stderr.contains("image_size_total")
            && stderr.contains(&format!("1 action(s) refused: {tag}-b")),
        "{stderr}"
    );
    assert_eq!(lab.project_images(&q).len(), 2);
    lab.empty_project(&q);
}

/// `push IMAGE --cloud src --cloud dst` where `dst` is the quota project and the image is
/// bigger than its 8 MiB limit: `dst` is refused naming the limit, `src` is pushed and
/// verified, and the JSON has one entry per cloud.
#[test]
fn a_fan_out_push_reports_a_quota_refusal_per_cloud() {
    let Some(lab) = Lab::get() else { return };
    if lab.quota_session("quota").is_none() {
        eprintln!("the lab runs without quotas (LAB_QUOTAS=0): nothing to check");
        return;
    }
    let _quota_project = lab.quota_lock();
    let q = lab.quota_session("quota").unwrap();
    lab.empty_project(&q);
    let place = tempfile::tempdir().unwrap();
    let yaml = clouds_yaml(lab, place.path());
    let data = place.path().join("data");
    let tag = lab.unique("fanquota");
    let raw = place.path().join("big.raw");
    std::fs::write(&raw, pattern(9 * MIB, seed_of(&tag))).unwrap();
    let cli = |args: &[&str]| {
        let mut full = vec!["--data-dir", data.to_str().unwrap()];
        full.extend_from_slice(args);
        lab.cli(&full, &[("OS_CLIENT_CONFIG_FILE", yaml.to_str().unwrap())])
            .output()
            .unwrap()
    };
    let made = cli(&[
        "image",
        "create",
        &tag,
        "--file",
        raw.to_str().unwrap(),
        "--disk-format",
        "raw",
        "--container-format",
        "bare",
    ]);
    assert!(made.status.success());
    let out = cli(&[
        "-f", "json", "push", &tag, "--cloud", "src", "--cloud", "dst",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["cloud"], "src");
    assert_eq!(rows[0]["status"], "active");
    assert_eq!(rows[0]["verified"], true);
    assert_eq!(rows[1]["cloud"], "dst");
    assert!(rows[1]["remote_id"].is_null());
    let error = rows[1]["error"].as_str().unwrap();
    assert!(
        error.contains("refused before sending any data")
            && error.contains("image_size_total (total image size) is limited to 8 MiB"),
        "{error}"
    );
    assert!(lab.project_images(&q).is_empty(), "nothing made on dst");
    let admin = lab.admin();
    let on_src = admin
        .show_image(rows[0]["remote_id"].as_str().unwrap())
        .unwrap();
    assert_eq!(on_src.size_bytes(), Some(9 * MIB as u64));
    admin.delete_image(on_src.id()).unwrap();
}
