//! Quotas against the lab's Keystone unified limits (issue #13): the quota project's usage
//! (count 3, size 8 MiB, staging 8 MiB, uploading 2) through the library and `remote usage`;
//! a push over the size limit and one over the count limit refused before anything is
//! created (no remote image left behind), in the library and the CLI; with the check
//! skipped, Glance's own 413 (at create for the count, at upload for the size) explained in
//! one line naming the limit, and the half-made image removed. The quota project is shared
//! by every step, so they run in one test, in order.

use glance_workbench::backend::JobControl;
use glance_workbench::backend::remote::push::{PushMethod, PushOptions};
use glance_workbench::backend::remote::usage::{IMAGE_COUNT_TOTAL, IMAGE_SIZE_TOTAL};
use glance_workbench::backend::remote::{self as remote, Session};
use serde_json::Value;

use super::lab::{Lab, local_image, pattern, seed_of};

const MIB: usize = 1 << 20;

fn quota(session: &Session, resource: &str) -> (i64, i64) {
    let usage = session.usage().unwrap();
    assert!(usage.unavailable.is_none(), "{usage:?}");
    let q = usage.get(resource).unwrap();
    (q.usage, q.limit)
}

/// The CLI as the quota user in project `quota`.
fn cli(lab: &Lab, args: &[&str]) -> std::process::Output {
    let user = lab.var("LAB_QUOTA_USERNAME");
    let password = lab.var("LAB_QUOTA_PASSWORD");
    lab.cli(
        args,
        &[
            ("OS_USERNAME", user.as_str()),
            ("OS_PASSWORD", password.as_str()),
            ("OS_PROJECT_NAME", "quota"),
        ],
    )
    .output()
    .unwrap()
}

#[test]
fn usage_shows_and_pushes_over_a_limit_are_refused_before_any_bytes_move() {
    let Some(lab) = Lab::get() else { return };
    let Some(q) = lab.quota_session("quota") else {
        eprintln!("the lab runs without quotas (LAB_QUOTAS=0): nothing to check");
        return;
    };
    let _quota_project = lab.quota_lock();
    lab.empty_project(&q);
    assert_eq!(lab.var("LAB_QUOTA_IMAGE_COUNT_TOTAL"), "3");
    assert_eq!(lab.var("LAB_QUOTA_IMAGE_SIZE_TOTAL"), "8");
    assert_eq!(quota(&q, IMAGE_COUNT_TOTAL), (0, 3));
    assert_eq!(quota(&q, IMAGE_SIZE_TOTAL), (0, 8));
    // The admin project has the generous registered limits.
    let (_, admin_limit) = quota(&lab.admin(), IMAGE_SIZE_TOTAL);
    assert!(admin_limit >= 1 << 20, "{admin_limit}");

    // `remote usage -f json`: Glance's shape.
    let out = cli(
        lab,
        &["-f", "json", "remote", "usage", "--cloud", "envvars"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["usage"]["image_count_total"]["limit"], 3);
    assert_eq!(json["usage"]["image_size_total"]["usage"], 0);
    let table = cli(lab, &["remote", "usage", "--cloud", "envvars"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("image_size_total") && text.contains("8 MiB"),
        "{text}"
    );

    let (_dir, catalog) = lab.catalog();
    let tag = lab.unique("quota");
    let seed = seed_of(&tag);
    let push = |name: &str, len: usize, skip: bool| {
        let image = local_image(&catalog, name, &pattern(len, seed + len as u64), &tag);
        let options = PushOptions {
            method: PushMethod::Upload,
            skip_quota_check: skip,
            ..Default::default()
        };
        (
            image.id,
            remote::push(&catalog, &q, image.id, &options, &JobControl::new()),
        )
    };

    // 3 MiB fits.
    let (_, first) = push(&format!("{tag}-a"), 3 * MIB, false);
    first.unwrap();
    assert_eq!(quota(&q, IMAGE_SIZE_TOTAL), (3, 8));
    assert_eq!(quota(&q, IMAGE_COUNT_TOTAL), (1, 3));

    // 6 MiB more would make 9 of 8: refused before anything is created.
    let (big, refused) = push(&format!("{tag}-big"), 6 * MIB, false);
    let message = refused.unwrap_err().to_string();
    assert!(
        message.contains("refused before sending any data")
            && message.contains("image_size_total (total image size) is limited to 8 MiB")
            && message.contains("the project uses 3 MiB and this needs 6 MiB more")
            && !message.contains('\n'),
        "{message}"
    );
    assert_eq!(
        lab.project_images(&q).len(),
        1,
        "no remote image left behind"
    );
    // No push task either: nothing started.
    let tasks = catalog.tasks(None, Some(big), 10).unwrap();
    assert!(tasks.iter().all(|t| t.task_type != "push"), "{tasks:?}");

    // The CLI says the same in one line, exit 1.
    let data = tempfile::tempdir().unwrap();
    let raw = data.path().join("big.raw");
    std::fs::write(&raw, pattern(6 * MIB, seed + 99)).unwrap();
    let dir = data.path().to_str().unwrap();
    let made = cli(
        lab,
        &[
            "--data-dir",
            dir,
            "image",
            "create",
            "big",
            "--file",
            raw.to_str().unwrap(),
            "--disk-format",
            "raw",
            "--container-format",
            "bare",
        ],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let out = cli(
        lab,
        &["--data-dir", dir, "push", "big", "--cloud", "envvars"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("image_size_total") && stderr.trim().lines().count() == 1,
        "{stderr}"
    );
    assert_eq!(lab.project_images(&q).len(), 1);

    // With the check skipped, Glance refuses the upload itself (413): explained in one
    // line naming the limit, and the image it had created is deleted.
    let (_, glance_refused) = push(&format!("{tag}-big2"), 6 * MIB, true);
    let error = glance_refused.unwrap_err();
    let message = error.to_string();
    assert_eq!(error.status(), Some(413), "{message}");
    assert!(
        message.contains("Glance refused it over the project's quota: image_size_total")
            && message
                .contains("limited to 8 MiB; the project uses 3 MiB and this needs 6 MiB more")
            && message.contains("(HTTP 413)")
            && !message.contains('\n'),
        "{message}"
    );
    assert_eq!(
        lab.project_images(&q).len(),
        1,
        "the half-made image is gone"
    );

    // Two small ones fill the count (3 of 3); a fourth is refused before it is created.
    for suffix in ["b", "c"] {
        let (_, pushed) = push(&format!("{tag}-{suffix}"), 64 << 10, false);
        pushed.unwrap();
    }
    assert_eq!(quota(&q, IMAGE_COUNT_TOTAL), (3, 3));
    let (_, refused) = push(&format!("{tag}-d"), 64 << 10, false);
    let message = refused.unwrap_err().to_string();
    assert!(
        message.contains(
            "image_count_total (images) is limited to 3; the project uses 3 and this needs 1 more"
        ),
        "{message}"
    );
    // Skipped, Glance's 413 at create names the same limit.
    let (_, refused) = push(&format!("{tag}-e"), 64 << 10, true);
    let error = refused.unwrap_err();
    assert_eq!(error.status(), Some(413));
    let message = error.to_string();
    assert!(
        message.contains(
            "Glance refused it over the project's quota: image_count_total (images) is limited to 3"
        ),
        "{message}"
    );
    assert_eq!(lab.project_images(&q).len(), 3);
    lab.empty_project(&q);
}
