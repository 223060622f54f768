//! Integration tests of the core: the catalog on a real SQLite file and store, the state
//! machine over a real database, Glance's limits and rules, hashing against md5sum and
//! sha512sum, migrations, reconcile after a SIGKILL, and the CLI's output and exit codes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking, helpers (not #[test] functions) included"
)]

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use glance_workbench::backend::query::{SortDir, SortKey};
use glance_workbench::backend::state::{apply_transition, is_allowed};
use glance_workbench::backend::{
    Catalog, ContainerFormat, DiskFormat, Error, ImageId, ImageStatus, ImageUpdate, JobControl,
    ListQuery, MemberStatus, NewImage, TaskStatus, Visibility,
};
use glance_workbench::store::registry;
use tempfile::TempDir;

#[path = "core/cache_move.rs"]
mod cache_move;
#[path = "core/integrity.rs"]
mod integrity;
#[path = "core/output.rs"]
mod output;

#[path = "core/guest.rs"]
mod guest;

#[path = "core/lang.rs"]
mod lang;

#[path = "core/lang_help.rs"]
mod lang_help;

#[path = "core/lang_inspect.rs"]
mod lang_inspect;

const BIN: &str = env!("CARGO_BIN_EXE_glance-workbench");

fn catalog() -> (TempDir, Catalog) {
    let dir = tempfile::tempdir().unwrap();
    let catalog = Catalog::open(dir.path()).unwrap();
    (dir, catalog)
}

fn raw(name: &str) -> NewImage {
    NewImage {
        name: Some(name.into()),
        disk_format: Some(DiskFormat::Raw),
        container_format: Some(ContainerFormat::Bare),
        ..Default::default()
    }
}

/// Deterministic non-trivial bytes.
fn pattern(len: usize) -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

fn write_file(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, data).unwrap();
    path
}

fn active_image(catalog: &Catalog, dir: &Path, name: &str, len: usize) -> ImageId {
    let path = write_file(dir, &format!("{name}.raw"), &pattern(len));
    let image = catalog.create_image(raw(name)).unwrap();
    catalog
        .upload_file(image.id, &path, &JobControl::new())
        .unwrap();
    image.id
}

fn store_files(data_dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for dir in [data_dir.join("images"), data_dir.join("images/.part")] {
        for entry in fs::read_dir(dir).unwrap().flatten() {
            if entry.file_type().unwrap().is_file() {
                names.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
    }
    names.sort();
    names
}

#[test]
fn every_state_pair_over_a_real_database() {
    let (dir, catalog) = catalog();
    let db = registry::open(&dir.path().join("registry.sqlite")).unwrap();
    let mut allowed = 0;
    for from in ImageStatus::ALL {
        for to in ImageStatus::ALL {
            let image = catalog.create_image(raw("pair")).unwrap();
            db.execute(
                "UPDATE images SET status = ?1 WHERE id = ?2",
                [from.as_str(), &image.id.to_string()],
            )
            .unwrap();
            let before = catalog.history(image.id).unwrap().len();
            let tx = registry::write_tx(&db).unwrap();
            let result = apply_transition(&tx, image.id, None, *to, "test");
            tx.commit().unwrap();
            let after = catalog.image(image.id).unwrap();
            let history = catalog.history(image.id).unwrap();
            if is_allowed(*from, *to) {
                allowed += 1;
                assert_eq!(result.unwrap(), *from, "{from} -> {to}");
                assert_eq!(after.status, *to);
                assert_eq!(history.len(), before + 1);
                let last = history.last().unwrap();
                assert_eq!(
                    (last.from, last.to, last.cause.as_str()),
                    (Some(*from), *to, "test")
                );
            } else {
                let err = result.unwrap_err();
                assert!(
                    matches!(err, Error::IllegalTransition { .. }),
                    "{from} -> {to}: {err}"
                );
                assert_eq!(
                    after.status, *from,
                    "status unchanged after refused {from} -> {to}"
                );
                assert_eq!(history.len(), before, "nothing recorded for {from} -> {to}");
            }
        }
    }
    assert_eq!(allowed, 23);
}

#[test]
fn upload_hashes_match_md5sum_and_sha512sum() {
    let (dir, catalog) = catalog();
    let path = write_file(dir.path(), "disk.raw", &pattern(9 * 1024 * 1024 + 77));
    let image = catalog.create_image(raw("disk")).unwrap();
    let image = catalog
        .upload_file(image.id, &path, &JobControl::new())
        .unwrap();
    let tool = |name: &str| {
        let out = Command::new(name).arg(&path).output().unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(image.status, ImageStatus::Active);
    assert_eq!(image.checksum.as_deref(), Some(tool("md5sum").as_str()));
    assert_eq!(
        image.os_hash_value.as_deref(),
        Some(tool("sha512sum").as_str())
    );
    assert_eq!(image.os_hash_algo.as_deref(), Some("sha512"));
    assert_eq!(image.size_bytes, Some(9 * 1024 * 1024 + 77));
    let history: Vec<_> = catalog
        .history(image.id)
        .unwrap()
        .iter()
        .map(|t| (t.from, t.to))
        .collect();
    assert_eq!(
        history,
        vec![
            (None, ImageStatus::Queued),
            (Some(ImageStatus::Queued), ImageStatus::Saving),
            (Some(ImageStatus::Saving), ImageStatus::Active)
        ]
    );
    let tasks = catalog.tasks(None, Some(image.id), 10).unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].status, TaskStatus::Success);
    assert_eq!(tasks[0].task_type, "upload");
    assert!(tasks[0].expires_at.is_some());
}

/// A reader that fails (or cancels its job) after `limit` bytes.
struct FailingReader {
    data: Vec<u8>,
    pos: usize,
    limit: usize,
    cancel: Option<JobControl>,
}

impl Read for FailingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.limit {
            if let Some(job) = &self.cancel {
                job.cancel();
            } else {
                return Err(io::Error::other("disk unplugged"));
            }
        }
        let n = buf.len().min(self.data.len() - self.pos).min(1 << 20);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn failed_and_cancelled_uploads_go_back_to_queued_leaving_nothing() {
    let (dir, catalog) = catalog();
    let mut retried: Vec<String> = Vec::new();
    for cancel in [false, true] {
        let image = catalog.create_image(raw("flaky")).unwrap();
        let job = JobControl::new();
        let mut reader = FailingReader {
            data: pattern(20 << 20),
            pos: 0,
            limit: 9 << 20,
            cancel: cancel.then(|| job.clone()),
        };
        let err = catalog
            .upload(image.id, &mut reader, "flaky source", &job)
            .unwrap_err();
        if cancel {
            assert!(matches!(err, Error::Cancelled(_)), "{err}");
        } else {
            assert!(err.to_string().contains("disk unplugged"), "{err}");
        }
        let after = catalog.image(image.id).unwrap();
        assert_eq!(after.status, ImageStatus::Queued);
        assert_eq!(after.size_bytes, None);
        assert_eq!(after.checksum, None);
        let last = catalog.history(image.id).unwrap().pop().unwrap();
        assert_eq!(
            (last.from, last.to),
            (Some(ImageStatus::Saving), ImageStatus::Queued)
        );
        let want = if cancel {
            "upload cancelled"
        } else {
            "disk unplugged"
        };
        assert!(last.cause.contains(want), "{}", last.cause);
        let task = catalog.tasks(None, Some(image.id), 1).unwrap().remove(0);
        assert_eq!(task.status, TaskStatus::Failure);
        assert_eq!(store_files(dir.path()), retried, "no partial blob");
        // The queued image can be retried.
        let path = write_file(dir.path(), "ok.raw", b"fine");
        let done = catalog
            .upload_file(image.id, &path, &JobControl::new())
            .unwrap();
        assert_eq!(done.status, ImageStatus::Active);
        retried.push(done.id.to_string());
        retried.sort();
    }
}

#[test]
fn upload_needs_queued_image_with_formats() {
    let (dir, catalog) = catalog();
    let path = write_file(dir.path(), "a.raw", b"data");
    let bare = catalog
        .create_image(NewImage {
            name: Some("noformat".into()),
            ..Default::default()
        })
        .unwrap();
    let err = catalog
        .upload_file(bare.id, &path, &JobControl::new())
        .unwrap_err();
    assert!(err.to_string().contains("must both be set"), "{err}");
    let id = active_image(&catalog, dir.path(), "done", 10);
    let err = catalog
        .upload_file(id, &path, &JobControl::new())
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("only be uploaded to a queued image"),
        "{err}"
    );
}

#[test]
fn glance_limits_and_reserved_names() {
    let (_dir, catalog) = catalog();
    let image = catalog.create_image(raw("limits")).unwrap();
    let tags: Vec<String> = (0..128).map(|i| format!("t{i}")).collect();
    catalog
        .update_image(
            image.id,
            &ImageUpdate {
                add_tags: tags,
                ..Default::default()
            },
        )
        .unwrap();
    let err = catalog
        .update_image(
            image.id,
            &ImageUpdate {
                add_tags: vec!["one-more".into()],
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("too many tags (129; at most 128)"),
        "{err}"
    );
    assert_eq!(
        catalog.image(image.id).unwrap().tags.len(),
        128,
        "refused change wrote nothing"
    );

    let props: Vec<(String, String)> = (0..128).map(|i| (format!("p{i}"), "v".into())).collect();
    catalog
        .update_image(
            image.id,
            &ImageUpdate {
                set_properties: props,
                ..Default::default()
            },
        )
        .unwrap();
    let err = catalog
        .update_image(
            image.id,
            &ImageUpdate {
                set_properties: vec![("p128".into(), "v".into())],
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("too many properties"), "{err}");
    assert_eq!(catalog.image(image.id).unwrap().properties.len(), 128);

    let long = |n: usize| "x".repeat(n);
    let cases: Vec<(ImageUpdate, &str)> = vec![
        (
            ImageUpdate {
                name: Some(long(256)),
                ..Default::default()
            },
            "name longer than 255 characters",
        ),
        (
            ImageUpdate {
                add_tags: vec![long(256)],
                ..Default::default()
            },
            "tag longer than 255",
        ),
        (
            ImageUpdate {
                set_properties: vec![(long(256), "v".into())],
                ..Default::default()
            },
            "property name longer than 255",
        ),
        (
            ImageUpdate {
                set_properties: vec![("k".into(), long(65_536))],
                ..Default::default()
            },
            "value longer than 65535",
        ),
        (
            ImageUpdate {
                set_properties: vec![("os_glance_importing_to_stores".into(), "x".into())],
                ..Default::default()
            },
            "reserved",
        ),
        (
            ImageUpdate {
                set_properties: vec![("location".into(), "x".into())],
                ..Default::default()
            },
            "reserved",
        ),
        (
            ImageUpdate {
                set_properties: vec![("deleted_at".into(), "x".into())],
                ..Default::default()
            },
            "reserved",
        ),
        (
            ImageUpdate {
                set_properties: vec![("os_hash_value".into(), "x".into())],
                ..Default::default()
            },
            "read-only",
        ),
        (
            ImageUpdate {
                set_properties: vec![("status".into(), "active".into())],
                ..Default::default()
            },
            "read-only",
        ),
        (
            ImageUpdate {
                min_ram_mib: Some(1 << 40),
                ..Default::default()
            },
            "min_ram must be at most",
        ),
    ];
    let before = catalog.image(image.id).unwrap();
    for (update, message) in cases {
        let err = catalog.update_image(image.id, &update).unwrap_err();
        assert!(
            err.to_string().contains(message),
            "want {message:?}, got {err}"
        );
    }
    assert_eq!(
        catalog.image(image.id).unwrap(),
        before,
        "refused changes wrote nothing"
    );
    assert!(
        catalog
            .update_image(
                image.id,
                &ImageUpdate {
                    name: Some(long(255)),
                    ..Default::default()
                }
            )
            .is_ok()
    );
}

#[test]
fn formats_change_only_while_queued() {
    let (dir, catalog) = catalog();
    let image = catalog.create_image(raw("fmt")).unwrap();
    let to_qcow2 = ImageUpdate {
        disk_format: Some(DiskFormat::Qcow2),
        ..Default::default()
    };
    assert_eq!(
        catalog
            .update_image(image.id, &to_qcow2)
            .unwrap()
            .disk_format,
        Some(DiskFormat::Qcow2)
    );
    let id = active_image(&catalog, dir.path(), "act", 100);
    let err = catalog.update_image(id, &to_qcow2).unwrap_err();
    assert!(
        err.to_string()
            .contains("can only change while the image is queued"),
        "{err}"
    );
    assert_eq!(
        catalog.image(id).unwrap().disk_format,
        Some(DiskFormat::Raw)
    );
}

#[test]
fn chosen_id_conflicts() {
    let (_dir, catalog) = catalog();
    let id = ImageId::new_random();
    catalog
        .create_image(NewImage {
            id: Some(id),
            ..raw("a")
        })
        .unwrap();
    let err = catalog
        .create_image(NewImage {
            id: Some(id),
            ..raw("b")
        })
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err}");
}

#[test]
fn member_rules() {
    let (_dir, catalog) = catalog();
    let image = catalog
        .create_image(NewImage {
            visibility: Some(Visibility::Private),
            ..raw("share")
        })
        .unwrap();
    let err = catalog.add_member(image.id, "demo").unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("only images with visibility \"shared\"")
    );
    catalog
        .update_image(
            image.id,
            &ImageUpdate {
                visibility: Some(Visibility::Shared),
                ..Default::default()
            },
        )
        .unwrap();
    let member = catalog.add_member(image.id, "demo").unwrap();
    assert_eq!(member.status, MemberStatus::Pending);
    let err = catalog.add_member(image.id, "demo").unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "duplicate: {err}");
    for status in [
        MemberStatus::Accepted,
        MemberStatus::Rejected,
        MemberStatus::Pending,
    ] {
        assert_eq!(
            catalog
                .set_member_status(image.id, "demo", status)
                .unwrap()
                .status,
            status
        );
    }
    assert!(matches!(
        catalog
            .set_member_status(image.id, "nobody", MemberStatus::Accepted)
            .unwrap_err(),
        Error::NotFound(_)
    ));
    for i in 1..128 {
        catalog.add_member(image.id, &format!("p{i}")).unwrap();
    }
    let err = catalog.add_member(image.id, "p128").unwrap_err();
    assert!(
        err.to_string().contains("too many members (at most 128)"),
        "{err}"
    );
    catalog.remove_member(image.id, "demo").unwrap();
    assert_eq!(catalog.members(image.id).unwrap().len(), 127);
    assert!(matches!(
        catalog.remove_member(image.id, "demo").unwrap_err(),
        Error::NotFound(_)
    ));
}

#[test]
fn delete_protected_delayed_restore_and_scrub() {
    let (dir, mut catalog) = catalog();
    let id = active_image(&catalog, dir.path(), "keep", 1000);
    catalog
        .update_image(
            id,
            &ImageUpdate {
                protected: Some(true),
                ..Default::default()
            },
        )
        .unwrap();
    let err = catalog.delete(id).unwrap_err();
    assert!(
        matches!(err, Error::Forbidden { .. }) && err.to_string().contains("protected"),
        "{err}"
    );
    catalog
        .update_image(
            id,
            &ImageUpdate {
                protected: Some(false),
                ..Default::default()
            },
        )
        .unwrap();

    catalog.set_setting("delayed_delete", "true").unwrap();
    let deleted = catalog.delete(id).unwrap();
    assert_eq!(deleted.status, ImageStatus::PendingDelete);
    assert!(deleted.deleted_at.is_some());
    assert!(
        catalog.list(&ListQuery::default()).unwrap().is_empty(),
        "hidden from default list"
    );
    assert_eq!(store_files(dir.path()), vec![id.to_string()], "data kept");
    assert_eq!(catalog.restore(id).unwrap().status, ImageStatus::Active);
    let mut out = Vec::new();
    catalog.save(id, &mut out, &JobControl::new()).unwrap();
    assert_eq!(out, pattern(1000));

    catalog.delete(id).unwrap();
    assert!(
        catalog.scrub(false).unwrap().is_empty(),
        "not due yet (delay 1 day)"
    );
    assert_eq!(catalog.scrub(true).unwrap(), vec![id]);
    let gone = catalog.image(id).unwrap();
    assert_eq!(gone.status, ImageStatus::Deleted);
    assert!(store_files(dir.path()).is_empty());
    assert!(catalog.restore(id).is_err());
    let statuses: Vec<_> = catalog.history(id).unwrap().iter().map(|t| t.to).collect();
    assert_eq!(
        statuses,
        vec![
            ImageStatus::Queued,
            ImageStatus::Saving,
            ImageStatus::Active,
            ImageStatus::PendingDelete,
            ImageStatus::Active,
            ImageStatus::PendingDelete,
            ImageStatus::Deleted
        ]
    );
    let listed = catalog
        .list(&ListQuery {
            statuses: vec![ImageStatus::Deleted],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(listed.len(), 1, "soft-deleted row kept");

    // Automatic scrub on open once the delay has passed.
    let id2 = active_image(&catalog, dir.path(), "later", 10);
    catalog.set_setting("scrub_delay_secs", "0").unwrap();
    catalog.delete(id2).unwrap();
    drop(catalog);
    let reopened = Catalog::open(dir.path()).unwrap();
    assert_eq!(reopened.reconcile_report().scrubbed, vec![id2]);
    assert_eq!(reopened.image(id2).unwrap().status, ImageStatus::Deleted);

    // Without delayed delete the data goes at once.
    let mut reopened = reopened;
    reopened.set_setting("delayed_delete", "false").unwrap();
    let id3 = active_image(&reopened, dir.path(), "now", 10);
    assert_eq!(reopened.delete(id3).unwrap().status, ImageStatus::Deleted);
    assert!(store_files(dir.path()).is_empty());
}

#[test]
fn deactivated_images_cannot_be_saved() {
    let (dir, catalog) = catalog();
    let id = active_image(&catalog, dir.path(), "d", 100);
    catalog.deactivate(id).unwrap();
    let out = dir.path().join("out.raw");
    let err = catalog
        .save_to_file(id, &out, &JobControl::new())
        .unwrap_err();
    assert!(err.to_string().contains("deactivated"), "{err}");
    assert!(!out.exists());
    catalog.reactivate(id).unwrap();
    catalog.save_to_file(id, &out, &JobControl::new()).unwrap();
    assert_eq!(fs::read(&out).unwrap(), pattern(100));
    assert!(
        catalog.reactivate(id).is_err(),
        "active cannot be reactivated"
    );
}

#[test]
fn corrupt_blob_is_detected_on_save_and_nothing_is_written() {
    let (dir, catalog) = catalog();
    let id = active_image(&catalog, dir.path(), "c", 5000);
    let blob = dir.path().join("images").join(id.to_string());
    let mut data = fs::read(&blob).unwrap();
    data[10] ^= 1;
    fs::write(&blob, data).unwrap();
    let out = dir.path().join("exported");
    let err = catalog
        .save_to_file(id, &out, &JobControl::new())
        .unwrap_err();
    assert!(matches!(err, Error::Corrupt { .. }), "{err}");
    // The subject already says "image": the message names it once.
    assert_eq!(
        err.to_string(),
        "image \"c\": data does not match its sha512 checksum (stored blob is corrupt)"
    );
    assert!(!out.exists());
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("exported"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn list_filters_sort_and_marker_paging() {
    let (dir, catalog) = catalog();
    let mut ids = Vec::new();
    for (i, name) in ["delta", "alpha", "charlie", "bravo", "echo"]
        .iter()
        .enumerate()
    {
        let image = catalog
            .create_image(NewImage {
                tags: if i % 2 == 0 {
                    vec!["even".into()]
                } else {
                    vec![]
                },
                properties: vec![(
                    "os_distro".into(),
                    if i < 2 { "ubuntu" } else { "cirros" }.into(),
                )],
                ..raw(name)
            })
            .unwrap();
        ids.push(image.id);
    }
    active_image(&catalog, dir.path(), "big", 5000);
    let names = |q: &ListQuery| -> Vec<String> {
        catalog
            .list(q)
            .unwrap()
            .into_iter()
            .map(|i| i.name.unwrap())
            .collect()
    };
    let by_name = ListQuery {
        sort: vec![(SortKey::Name, SortDir::Asc)],
        ..Default::default()
    };
    assert_eq!(
        names(&by_name),
        ["alpha", "big", "bravo", "charlie", "delta", "echo"]
    );
    // Page through by marker, two at a time.
    let mut paged = Vec::new();
    let mut marker = None;
    loop {
        let page = catalog
            .list(&ListQuery {
                limit: Some(2),
                marker,
                ..by_name.clone()
            })
            .unwrap();
        if page.is_empty() {
            break;
        }
        marker = page.last().map(|i| i.id);
        paged.extend(page.into_iter().map(|i| i.name.unwrap()));
    }
    assert_eq!(paged, names(&by_name));
    // Mixed directions with a marker.
    let mixed = ListQuery {
        sort: vec![
            (SortKey::Status, SortDir::Asc),
            (SortKey::Name, SortDir::Desc),
        ],
        ..Default::default()
    };
    let all = names(&mixed);
    assert_eq!(all, ["big", "echo", "delta", "charlie", "bravo", "alpha"]);
    let after = catalog
        .list(&ListQuery {
            marker: Some(ids[0]),
            ..mixed
        })
        .unwrap();
    assert_eq!(
        after
            .iter()
            .map(|i| i.name.clone().unwrap())
            .collect::<Vec<_>>(),
        ["charlie", "bravo", "alpha"]
    );

    let tagged = ListQuery {
        tags: vec!["even".into()],
        ..by_name.clone()
    };
    assert_eq!(names(&tagged), ["charlie", "delta", "echo"]);
    let prop = ListQuery {
        properties: vec![("os_distro".into(), "ubuntu".into())],
        ..by_name.clone()
    };
    assert_eq!(names(&prop), ["alpha", "delta"]);
    let active = ListQuery {
        statuses: vec![ImageStatus::Active],
        ..by_name.clone()
    };
    assert_eq!(names(&active), ["big"]);
    let search = ListQuery {
        search: Some("ch".into()),
        ..by_name.clone()
    };
    assert_eq!(names(&search), ["charlie", "echo"]);
    assert_eq!(catalog.count(&tagged).unwrap(), 3);
    let size = ListQuery {
        size_min: Some(1000),
        ..by_name.clone()
    };
    assert_eq!(names(&size), ["big"]);
    let err = catalog
        .list(&ListQuery {
            marker: Some(ImageId::new_random()),
            ..Default::default()
        })
        .unwrap_err();
    assert!(err.to_string().contains("marker"), "{err}");
    // Hidden images only with os_hidden.
    catalog
        .update_image(
            ids[1],
            &ImageUpdate {
                os_hidden: Some(true),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(!names(&by_name).contains(&"alpha".to_string()));
    assert_eq!(
        names(&ListQuery {
            os_hidden: Some(true),
            ..by_name
        }),
        ["alpha"]
    );
}

#[test]
fn migrates_from_empty_and_from_an_older_schema() {
    let fresh_dir = tempfile::tempdir().unwrap();
    drop(Catalog::open(fresh_dir.path()).unwrap());
    let schema = |path: &Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut stmt = conn
            .prepare("SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let version = |path: &Path| -> i64 {
        rusqlite::Connection::open(path)
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    };
    let fresh_db = fresh_dir.path().join("registry.sqlite");
    assert_eq!(version(&fresh_db), registry::SCHEMA_VERSION);

    // A registry written by an older build (schema 1) with an image in it.
    let old_dir = tempfile::tempdir().unwrap();
    let old_db = old_dir.path().join("registry.sqlite");
    {
        let conn = rusqlite::Connection::open(&old_db).unwrap();
        registry::migrate(&conn, &old_db, 1).unwrap();
        conn.execute(
            "INSERT INTO images (id, name, status, visibility, created_at, updated_at) \
             VALUES ('6f1a3f8e-9d2c-4f6b-8a51-0c2f6c9d1e20', 'old', 'queued', 'private', \
             '2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO image_tags VALUES ('6f1a3f8e-9d2c-4f6b-8a51-0c2f6c9d1e20', 'kept')",
            [],
        )
        .unwrap();
    }
    assert_eq!(version(&old_db), 1);
    let catalog = Catalog::open(old_dir.path()).unwrap();
    let old = catalog.resolve("old").unwrap();
    assert!(old.tags.contains("kept"));
    assert_eq!(old.visibility, Visibility::Private);
    // The upgrade (migration 6) filled the search index from the rows already there.
    for text in ["kep", "kept", "ol", "old"] {
        let found = catalog
            .list(&ListQuery {
                search: Some(text.into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(found.len(), 1, "search {text:?}");
        assert_eq!(found[0].id, old.id);
    }
    drop(catalog);
    assert_eq!(version(&old_db), registry::SCHEMA_VERSION);
    assert_eq!(
        schema(&old_db),
        schema(&fresh_db),
        "upgraded schema equals a fresh one"
    );
}

#[test]
fn newer_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    drop(Catalog::open(dir.path()).unwrap());
    let db = dir.path().join("registry.sqlite");
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = fs::read(&db).unwrap();
    let err = Catalog::open(dir.path()).unwrap_err();
    assert!(
        matches!(err, Error::DatabaseTooNew { found: 99, .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("newer than this app supports"),
        "{err}"
    );
    assert_eq!(fs::read(&db).unwrap(), before);
    let out = Command::new(BIN)
        .args(["image", "list"])
        .env("GLANCE_WORKBENCH_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("schema version 99"));
}

#[test]
fn a_registry_that_is_not_a_database_is_named_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.sqlite");
    let garbage = pattern(8192);
    fs::write(&db, &garbage).unwrap();
    let err = Catalog::open(dir.path()).unwrap_err();
    assert!(
        err.to_string()
            .contains("is not a Glance Workbench registry"),
        "{err}"
    );
    let out = Command::new(BIN)
        .args(["image", "list"])
        .env("GLANCE_WORKBENCH_DATA_DIR", dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "the user's to fix: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for part in [
        db.to_str().unwrap(),
        "is not a Glance Workbench registry (not an SQLite database)",
        "left untouched",
        "restore it from a backup",
        "move it aside",
    ] {
        assert!(stderr.contains(part), "{part:?} missing: {stderr}");
    }
    assert_eq!(fs::read(&db).unwrap(), garbage);
    assert!(!dir.path().join("registry.sqlite-wal").exists());
}

fn cli(data_dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .env("GLANCE_WORKBENCH_DATA_DIR", data_dir)
        // The tests match the English messages.
        .env("GLANCE_WORKBENCH_LANG", "en")
        // Tests log beside each other in the temp dir, not into the user's state dir.
        .env(
            "GLANCE_WORKBENCH_LOG_DIR",
            std::env::temp_dir().join("glance-workbench-test-logs"),
        )
        .output()
        .unwrap()
}

/// Every log file in `dir`, concatenated.
fn read_logs(dir: &Path) -> String {
    let mut text = String::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        text.push_str(&fs::read_to_string(entry.path()).unwrap());
    }
    text
}

#[test]
fn the_cli_logs_each_command_and_job_to_the_log_dir() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let logs = dir.path().join("state/logs");
    let disk = write_file(dir.path(), "disk.raw", &pattern(64 << 10));
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env("GLANCE_WORKBENCH_DATA_DIR", &data)
            .env("GLANCE_WORKBENCH_LOG_DIR", &logs)
            .env_remove("RUST_LOG")
            .output()
            .unwrap()
    };
    let disk_arg = disk.to_str().unwrap();
    let create = [
        "image",
        "create",
        "logged",
        "--disk-format",
        "raw",
        "--container-format",
        "bare",
        "--file",
        disk_arg,
    ];
    let out = run(&create);
    assert!(out.status.success(), "{out:?}");
    // Without -v nothing but the command's own words reach stderr.
    assert!(out.stderr.is_empty(), "{out:?}");
    assert_eq!(run(&["image", "show", "nope"]).status.code(), Some(1));

    // One file a day, named after the program, in the folder it made.
    let names: Vec<String> = fs::read_dir(&logs)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].starts_with("glance-workbench.") && names[0].ends_with(".log"),
        "{names:?}"
    );
    let log = read_logs(&logs);
    let line = |parts: &[&str]| {
        log.lines()
            .find(|l| parts.iter().all(|p| l.contains(p)))
            .unwrap_or_else(|| panic!("no line with {parts:?} in:\n{log}"))
            .to_owned()
    };
    line(&["INFO", "command started", "command=\"image create\""]);
    let finished = line(&[
        "command finished",
        "command=\"image create\"",
        "outcome=\"ok\"",
        "exit_code=0",
    ]);
    assert!(finished.contains("elapsed_ms="), "{finished}");
    // The upload is a job: its start and end are logged with its task.
    line(&["task started", "task_type=\"upload\""]);
    line(&["task finished", "task_type=\"upload\"", "elapsed_ms="]);
    line(&[
        "WARN",
        "command finished",
        "command=\"image show\"",
        "outcome=\"user error\"",
        "exit_code=1",
        "no image with name or id",
    ]);
    // Arguments stay out of the log (they may be paths or names the user did not mean to share).
    assert!(!log.contains(disk_arg), "{log}");

    // -v shows the same lines on stderr too, at debug level.
    let out = run(&["-v", "image", "list"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("command started"), "{stderr}");
    // RUST_LOG wins over the default filter.
    let out = Command::new(BIN)
        .args(["--debug", "image", "list"])
        .env("GLANCE_WORKBENCH_DATA_DIR", &data)
        .env("GLANCE_WORKBENCH_LOG_DIR", &logs)
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{out:?}");
}

#[test]
fn a_log_folder_that_cannot_be_made_is_one_warning_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = write_file(dir.path(), "a-file", b"x");
    let out = Command::new(BIN)
        .args(["image", "list"])
        .env("GLANCE_WORKBENCH_DATA_DIR", dir.path().join("data"))
        .env("GLANCE_WORKBENCH_LOG_DIR", blocker.join("logs"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    assert!(
        stderr.contains("cannot create the log folder") && stderr.contains("without a log file"),
        "{stderr}"
    );
}

/// Start `image upload` reading from a FIFO, feed it `fed` bytes, and wait until the image
/// is saving. Returns the child and the FIFO writer.
fn start_stalled_upload(
    data_dir: &Path,
    image: &str,
    fed: usize,
) -> (std::process::Child, fs::File) {
    let fifo = data_dir.join(format!("{image}.fifo"));
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let child = Command::new(BIN)
        .args(["image", "upload", image, "--file"])
        .arg(&fifo)
        .env("GLANCE_WORKBENCH_DATA_DIR", data_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut writer = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    writer.write_all(&pattern(fed)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let out = cli(data_dir, &["image", "show", image, "-f", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        if json["status"] == "saving" {
            break;
        }
        assert!(Instant::now() < deadline, "upload never reached saving");
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, writer)
}

#[test]
fn sigkill_mid_upload_leaves_a_legal_state_and_no_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    assert!(
        cli(
            data,
            &[
                "image",
                "create",
                "victim",
                "--disk-format",
                "raw",
                "--container-format",
                "bare"
            ]
        )
        .status
        .success()
    );
    assert!(
        cli(
            data,
            &[
                "image",
                "create",
                "bystander",
                "--disk-format",
                "raw",
                "--container-format",
                "bare"
            ]
        )
        .status
        .success()
    );
    let (mut victim, _victim_fifo) = start_stalled_upload(data, "victim", 6 << 20);
    // A second, live upload in another process must survive the reconcile below.
    let (mut bystander, mut bystander_fifo) = start_stalled_upload(data, "bystander", 1 << 20);
    assert_eq!(store_files(data).len(), 2, "two part files while uploading");

    victim.kill().unwrap();
    victim.wait().unwrap();

    // Reopen: the dead upload is reconciled, the live one is left alone.
    let catalog = Catalog::open(data).unwrap();
    let report = catalog.reconcile_report().clone();
    assert_eq!(report.removed_part_files, 1);
    let victim_image = catalog.resolve("victim").unwrap();
    assert_eq!(report.interrupted_uploads, vec![victim_image.id]);
    assert_eq!(victim_image.status, ImageStatus::Queued);
    let last = catalog.history(victim_image.id).unwrap().pop().unwrap();
    assert_eq!(
        (last.from, last.to),
        (Some(ImageStatus::Saving), ImageStatus::Queued)
    );
    assert!(last.cause.starts_with("interrupted"), "{}", last.cause);
    let task = catalog
        .tasks(None, Some(victim_image.id), 1)
        .unwrap()
        .remove(0);
    assert_eq!(task.status, TaskStatus::Failure);
    assert!(task.message.starts_with("interrupted"));
    assert_eq!(
        catalog.resolve("bystander").unwrap().status,
        ImageStatus::Saving
    );

    // The live upload finishes normally.
    bystander_fifo.write_all(&pattern(3 << 20)).unwrap();
    drop(bystander_fifo);
    assert!(bystander.wait().unwrap().success());
    let done = catalog.resolve("bystander").unwrap();
    assert_eq!(done.status, ImageStatus::Active);
    let mut expected = pattern(1 << 20);
    expected.extend(pattern(3 << 20));
    assert_eq!(
        fs::read(data.join("images").join(done.id.to_string())).unwrap(),
        expected
    );
    assert_eq!(
        store_files(data),
        vec![done.id.to_string()],
        "no orphan blob or part file"
    );
    for image in catalog
        .list(&ListQuery {
            statuses: ImageStatus::ALL.to_vec(),
            ..Default::default()
        })
        .unwrap()
    {
        assert!(
            matches!(image.status, ImageStatus::Queued | ImageStatus::Active),
            "{}",
            image.status
        );
    }
}

#[test]
fn unregistered_blobs_are_kept_aside_and_missing_blobs_reported() {
    let (dir, catalog) = catalog();
    let id = active_image(&catalog, dir.path(), "kept", 10);
    let deleted = active_image(&catalog, dir.path(), "gone", 10);
    let orphan = ImageId::new_random();
    fs::write(dir.path().join("images").join(orphan.to_string()), b"stray").unwrap();
    fs::write(
        dir.path()
            .join("images/.part")
            .join(format!("{orphan}.x.part")),
        b"stray",
    )
    .unwrap();
    // A delete that committed but stopped before its file went: that blob is proven abandoned.
    let blob = fs::read(dir.path().join("images").join(deleted.to_string())).unwrap();
    catalog.delete(deleted).unwrap();
    fs::write(dir.path().join("images").join(deleted.to_string()), blob).unwrap();
    drop(catalog);
    let catalog = Catalog::open(dir.path()).unwrap();
    let report = catalog.reconcile_report();
    assert_eq!(report.removed_orphan_blobs, 1, "the deleted image's blob");
    assert_eq!(report.removed_part_files, 1);
    let kept = dir
        .path()
        .join("images/lost+found")
        .join(orphan.to_string());
    assert_eq!(report.quarantined_blobs, vec![kept.clone()]);
    assert_eq!(fs::read(&kept).unwrap(), b"stray", "never deleted");
    assert_eq!(store_files(dir.path()), vec![id.to_string()]);
    fs::remove_file(dir.path().join("images").join(id.to_string())).unwrap();
    drop(catalog);
    let catalog = Catalog::open(dir.path()).unwrap();
    assert_eq!(catalog.reconcile_report().missing_blobs, vec![id]);
}

#[test]
fn two_processes_upload_into_one_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let files: Vec<PathBuf> = (0..4)
        .map(|i| write_file(data, &format!("f{i}.raw"), &pattern((i + 1) * (3 << 20))))
        .collect();
    let children: Vec<_> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            Command::new(BIN)
                .args([
                    "image",
                    "create",
                    &format!("img{i}"),
                    "--disk-format",
                    "raw",
                    "--container-format",
                    "bare",
                    "--file",
                ])
                .arg(f)
                .env("GLANCE_WORKBENCH_DATA_DIR", data)
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let catalog = Catalog::open(data).unwrap();
    assert_eq!(catalog.reconcile_report().removed_orphan_blobs, 0);
    for i in 0..4 {
        let image = catalog.resolve(&format!("img{i}")).unwrap();
        assert_eq!(image.status, ImageStatus::Active);
        assert_eq!(image.size_bytes, Some(((i + 1) * (3 << 20)) as u64));
    }
}

#[test]
fn cli_json_fields_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let file = write_file(data, "c.img", &pattern(4096));
    let out = Command::new(BIN)
        .args([
            "image",
            "create",
            "cirros",
            "--disk-format",
            "raw",
            "--container-format",
            "bare",
            "--property",
            "os_distro=cirros",
            "--tag",
            "test",
            "--min-disk",
            "1",
            "--min-ram",
            "64",
            "--protected",
            "-f",
            "json",
            "--file",
        ])
        .arg(&file)
        .env("GLANCE_WORKBENCH_DATA_DIR", data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "id",
        "name",
        "status",
        "visibility",
        "protected",
        "os_hidden",
        "checksum",
        "os_hash_algo",
        "os_hash_value",
        "size",
        "virtual_size",
        "disk_format",
        "container_format",
        "min_disk",
        "min_ram",
        "owner",
        "tags",
        "created_at",
        "updated_at",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(
        json["os_distro"], "cirros",
        "custom properties are top-level keys"
    );
    assert_eq!(json["status"], "active");
    assert_eq!(json["visibility"], "shared");
    assert_eq!(json["protected"], true);
    assert_eq!(json["min_ram"], 64);
    assert_eq!(json["tags"], serde_json::json!(["test"]));
    assert_eq!(json["owner"], "local");

    // User errors exit 1 with one line naming the problem; usage errors exit 2.
    let out = cli(data, &["image", "delete", "cirros"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("image \"cirros\": the image is protected"),
        "{stderr}"
    );
    let long_name = "n".repeat(256);
    let out = cli(data, &["image", "create", &long_name]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("name longer than 255 characters"));
    assert_eq!(cli(data, &["image", "show", "nope"]).status.code(), Some(1));
    assert_eq!(cli(data, &["image", "frobnicate"]).status.code(), Some(2));
    assert_eq!(
        cli(data, &["image", "create", "x", "--disk-format", "qcow3"])
            .status
            .code(),
        Some(1)
    );
    // An unreadable file fails before anything is created.
    let out = cli(
        data,
        &[
            "image",
            "create",
            "ghost",
            "--disk-format",
            "raw",
            "--container-format",
            "bare",
            "--file",
            "/nonexistent/disk.img",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a missing file is the user's error"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/disk.img"));
    assert_eq!(
        cli(data, &["image", "show", "ghost"]).status.code(),
        Some(1),
        "nothing created"
    );

    // Members, accept, history and tasks through the CLI.
    assert!(
        cli(data, &["image", "add", "project", "cirros", "demo"])
            .status
            .success()
    );
    assert!(
        cli(
            data,
            &["image", "set", "cirros", "--accept", "--project", "demo"]
        )
        .status
        .success()
    );
    let members: serde_json::Value = serde_json::from_slice(
        &cli(data, &["image", "member", "list", "cirros", "-f", "json"]).stdout,
    )
    .unwrap();
    assert_eq!(members[0]["member_id"], "demo");
    assert_eq!(members[0]["status"], "accepted");
    assert!(
        cli(data, &["image", "set", "cirros", "--deactivate"])
            .status
            .success()
    );
    let out = cli(
        data,
        &[
            "image",
            "save",
            "cirros",
            "--file",
            data.join("o").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "refused while deactivated");
    let history: serde_json::Value =
        serde_json::from_slice(&cli(data, &["image", "history", "cirros", "-f", "json"]).stdout)
            .unwrap();
    let last = history.as_array().unwrap().last().unwrap();
    assert_eq!(
        (last["from"].as_str(), last["to"].as_str()),
        (Some("active"), Some("deactivated"))
    );
    assert!(
        cli(data, &["image", "set", "cirros", "--activate"])
            .status
            .success()
    );
    let out = cli(
        data,
        &[
            "image",
            "save",
            "cirros",
            "--file",
            data.join("o").to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert_eq!(fs::read(data.join("o")).unwrap(), pattern(4096));
    let tasks: serde_json::Value =
        serde_json::from_slice(&cli(data, &["task", "list", "-f", "json"]).stdout).unwrap();
    assert_eq!(tasks[0]["status"], "success");
    let task_id = tasks[0]["id"].as_str().unwrap();
    let task: serde_json::Value =
        serde_json::from_slice(&cli(data, &["task", "show", task_id, "-f", "json"]).stdout)
            .unwrap();
    assert_eq!(task["type"], "upload");
    // unset and the sorted list.
    assert!(
        cli(
            data,
            &[
                "image",
                "unset",
                "cirros",
                "--property",
                "os_distro",
                "--tag",
                "test"
            ]
        )
        .status
        .success()
    );
    let shown: serde_json::Value =
        serde_json::from_slice(&cli(data, &["image", "show", "cirros", "-f", "json"]).stdout)
            .unwrap();
    assert!(shown.get("os_distro").is_none());
    assert_eq!(shown["tags"], serde_json::json!([]));
    assert_eq!(
        cli(data, &["image", "unset", "cirros", "--tag", "never"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn ctrl_c_cancels_a_cli_upload_back_to_queued() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    assert!(
        cli(
            data,
            &[
                "image",
                "create",
                "interrupted",
                "--disk-format",
                "raw",
                "--container-format",
                "bare"
            ]
        )
        .status
        .success()
    );
    let (mut child, mut fifo) = start_stalled_upload(data, "interrupted", 2 << 20);
    assert!(
        Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    // The copier notices the cancel between buffers: give it one more buffer.
    let _ = fifo.write_all(&pattern(8 << 20));
    drop(fifo);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let catalog = Catalog::open(data).unwrap();
    let image = catalog.resolve("interrupted").unwrap();
    assert_eq!(image.status, ImageStatus::Queued);
    let last = catalog.history(image.id).unwrap().pop().unwrap();
    assert_eq!(last.cause, "upload cancelled");
    assert_eq!(
        catalog.reconcile_report().interrupted_uploads,
        vec![],
        "the CLI cleaned up itself"
    );
    assert!(store_files(data).is_empty());
}

fn qemu_img(args: &[&str]) {
    let out = Command::new("qemu-img").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "qemu-img {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn uploads_are_inspected_unsafe_and_mislabelled_data_refused() {
    let (dir, catalog) = catalog();
    let d = dir.path();
    let good = d.join("good.qcow2");
    let evil = d.join("evil.qcow2");
    qemu_img(&["create", "-q", "-f", "qcow2", good.to_str().unwrap(), "64M"]);
    qemu_img(&[
        "create",
        "-q",
        "-f",
        "qcow2",
        "-b",
        "/etc/hostname",
        "-F",
        "raw",
        evil.to_str().unwrap(),
        "64M",
    ]);

    // A declared qcow2 gets its virtual size from the inspector.
    let image = catalog
        .create_image(NewImage {
            disk_format: Some(DiskFormat::Qcow2),
            ..raw("good")
        })
        .unwrap();
    let image = catalog
        .upload_file(image.id, &good, &JobControl::new())
        .unwrap();
    assert_eq!(image.virtual_size_bytes, Some(64 << 20));
    assert_eq!(
        catalog.inspect_image(image.id).unwrap().describe(),
        "qcow2 v3 (compat 1.1)"
    );

    // A file is checked before anything changes.
    let labelled_raw = catalog.create_image(raw("mislabelled")).unwrap();
    let err = catalog
        .upload_file(labelled_raw.id, &good, &JobControl::new())
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("declared disk_format 'raw' but the content is qcow2"),
        "{err}"
    );
    assert_eq!(
        catalog.history(labelled_raw.id).unwrap().len(),
        1,
        "still just created"
    );

    // A stream is checked after it is received, before it is committed.
    let target = catalog
        .create_image(NewImage {
            disk_format: Some(DiskFormat::Qcow2),
            ..raw("evil")
        })
        .unwrap();
    let bytes = fs::read(&evil).unwrap();
    let err = catalog
        .upload(
            target.id,
            &mut bytes.as_slice(),
            "a stream",
            &JobControl::new(),
        )
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err}");
    assert!(err.to_string().contains("backing_file"), "{err}");
    let after = catalog.image(target.id).unwrap();
    assert_eq!(after.status, ImageStatus::Queued);
    assert!(
        catalog
            .history(target.id)
            .unwrap()
            .last()
            .unwrap()
            .cause
            .contains("backing_file")
    );
    assert_eq!(
        store_files(d),
        vec![image.id.to_string()],
        "no blob for the refused upload"
    );

    // The CLI: nothing is created for refused data; auto takes the detected formats.
    let out = cli(
        d,
        &[
            "image",
            "create",
            "x",
            "--disk-format",
            "raw",
            "--container-format",
            "bare",
            "--file",
            good.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let out = cli(
        d,
        &[
            "image",
            "create",
            "y",
            "--disk-format",
            "qcow2",
            "--container-format",
            "bare",
            "--file",
            evil.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refused unsafe data"));
    assert_eq!(cli(d, &["image", "show", "x"]).status.code(), Some(1));
    assert_eq!(cli(d, &["image", "show", "y"]).status.code(), Some(1));
    let out = cli(
        d,
        &[
            "image",
            "create",
            "z",
            "--disk-format",
            "auto",
            "--file",
            good.to_str().unwrap(),
            "-f",
            "json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            json["disk_format"].as_str(),
            json["container_format"].as_str()
        ),
        (Some("qcow2"), Some("bare"))
    );
    assert_eq!(json["virtual_size"], 64 << 20);

    // image inspect: JSON per file, exit 1 when any is unsafe.
    let out = cli(
        d,
        &[
            "image",
            "inspect",
            good.to_str().unwrap(),
            evil.to_str().unwrap(),
            "-f",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["safe"], true);
    assert_eq!(json[1]["safe"], false);
    assert_eq!(json[1]["backing_file"], "/etc/hostname");
}

#[test]
fn finished_files_are_adopted_into_the_store_without_a_copy() {
    let (dir, catalog) = catalog();
    let work = catalog.work_dir().unwrap();
    let out = work.file("converted.qcow2");
    qemu_img(&["create", "-q", "-f", "qcow2", out.to_str().unwrap(), "32M"]);
    let sha = Command::new("sha512sum").arg(&out).output().unwrap();
    let sha = String::from_utf8(sha.stdout).unwrap()[..128].to_string();
    let image = catalog
        .create_image(NewImage {
            disk_format: Some(DiskFormat::Qcow2),
            ..raw("adopted")
        })
        .unwrap();
    let image = catalog
        .adopt_file(image.id, &out, "a conversion", &JobControl::new())
        .unwrap();
    assert_eq!(image.status, ImageStatus::Active);
    assert_eq!(image.os_hash_value.as_deref(), Some(sha.as_str()));
    assert_eq!(image.virtual_size_bytes, Some(32 << 20));
    assert!(!out.exists(), "moved, not copied");
    assert_eq!(store_files(dir.path()), vec![image.id.to_string()]);

    // Mislabelled data is refused and removed; the image stays queued.
    let bad = work.file("bad.qcow2");
    qemu_img(&["create", "-q", "-f", "qcow2", bad.to_str().unwrap(), "1M"]);
    let queued = catalog.create_image(raw("mislabelled")).unwrap();
    let err = catalog
        .adopt_file(queued.id, &bad, "a conversion", &JobControl::new())
        .unwrap_err();
    assert!(
        err.to_string().contains("declared disk_format 'raw'"),
        "{err}"
    );
    assert_eq!(
        catalog.image(queued.id).unwrap().status,
        ImageStatus::Queued
    );
    assert!(!bad.exists());
    assert_eq!(store_files(dir.path()), vec![image.id.to_string()]);
    let work_path = work.path().to_path_buf();
    drop(work);
    assert!(!work_path.exists(), "a work folder goes with its guard");

    // A work folder left by a dead process is removed on open.
    let stale = dir.path().join("work").join("stale");
    fs::create_dir_all(&stale).unwrap();
    fs::write(stale.join(".lock"), b"").unwrap();
    fs::write(stale.join("half.qcow2"), b"partial").unwrap();
    let live = catalog.work_dir().unwrap();
    drop(catalog);
    let reopened = Catalog::open(dir.path()).unwrap();
    assert_eq!(reopened.reconcile_report().removed_work_dirs, 1);
    assert!(!stale.exists());
    assert!(live.path().exists(), "a live work folder is kept");
}

/// An image named and tagged with control characters, as a remote cloud may send them.
const HOSTILE: &str = "x\x1b]0;pwned\x07";

#[test]
fn hostile_names_are_escaped_on_the_terminal_and_exact_in_json() {
    let (dir, catalog) = catalog();
    let data = dir.path();
    let image = catalog
        .create_image(NewImage {
            tags: vec!["t\x1b[31m".into()],
            properties: vec![("k\x1b".into(), "v\r\n\x07".into())],
            protected: true,
            ..raw(HOSTILE)
        })
        .unwrap();
    let shown = "x\\e]0;pwned\\x07";
    let id = image.id.to_string();
    for args in [
        &["image", "list", "--long"][..],
        &["image", "show", &id],
        &["image", "history", &id],
        &["task", "list"],
    ] {
        let out = cli(data, args);
        assert!(out.status.success(), "{args:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            !stdout.contains(['\x1b', '\x07', '\r']),
            "{args:?} printed a control character: {stdout:?}"
        );
        if args[1] != "history" && args[0] != "task" {
            assert!(stdout.contains(shown), "{args:?}: {stdout}");
        }
    }
    let show = String::from_utf8(cli(data, &["image", "show", &id]).stdout).unwrap();
    assert!(show.contains("t\\e[31m"), "{show}");
    assert!(show.contains("k\\e='v\\r\\n\\x07'"), "{show}");
    // JSON stays exact.
    let json: serde_json::Value =
        serde_json::from_slice(&cli(data, &["image", "show", &id, "-f", "json"]).stdout).unwrap();
    assert_eq!(json["name"], HOSTILE);
    assert_eq!(json["tags"], serde_json::json!(["t\x1b[31m"]));
    assert_eq!(json["k\x1b"], "v\r\n\x07");
    // stderr is a terminal too: an error quoting the name shows it escaped.
    for args in [
        &["image", "delete", &id][..],
        &["image", "show", "nope\x1b[2J"],
    ] {
        let out = cli(data, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stderr.contains('\x1b'), "{args:?}: {stderr:?}");
        assert!(stderr.contains("\\e"), "{args:?}: {stderr}");
    }
}

#[test]
fn cli_messages_are_said_once_and_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    // A failed delete prints its error line once (not once in the loop and once in main).
    let out = cli(data, &["image", "delete", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr, "error: no image with name or id \"nope\"\n",
        "{stderr}"
    );
    assert!(
        cli(data, &["image", "create", "keep", "--protected"])
            .status
            .success()
    );
    let out = cli(data, &["image", "delete", "keep"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    // Several images: each failure once, then the count.
    let out = cli(data, &["image", "delete", "keep", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("error:").count(), 3, "{stderr}");
    assert!(
        stderr.contains("2 of 2 images could not be deleted"),
        "{stderr}"
    );

    // A negative minimum is refused with the rule, not read as an option.
    for args in [
        &["image", "create", "neg", "--min-disk", "-1"][..],
        &["image", "set", "keep", "--min-ram", "-5"],
        &["image", "create", "neg", "--min-disk=-1"],
    ] {
        let out = cli(data, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("must be ≥ 0 (got -"), "{args:?}: {stderr}");
        assert!(!stderr.contains("-- -"), "{args:?}: {stderr}");
    }
    let out = cli(data, &["image", "show", "neg"]);
    assert_eq!(out.status.code(), Some(1), "nothing was created");
}

#[test]
fn a_second_upload_is_told_another_upload_is_running() {
    let (dir, catalog) = catalog();
    let image = catalog.create_image(raw("busy")).unwrap();
    let db = registry::open(&dir.path().join("registry.sqlite")).unwrap();
    db.execute(
        "UPDATE images SET status = 'saving' WHERE id = ?1",
        [image.id.to_string()],
    )
    .unwrap();
    // The transition an upload makes, when another one got there first.
    let tx = registry::write_tx(&db).unwrap();
    let err = apply_transition(
        &tx,
        image.id,
        Some(ImageStatus::Queued),
        ImageStatus::Saving,
        "upload",
    )
    .unwrap_err();
    drop(tx);
    assert!(matches!(err, Error::Conflict { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("image \"busy\": another upload of this image is running"),
        "{err}"
    );
    // Through the CLI, while a real upload is in progress.
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    assert!(
        cli(
            data,
            &[
                "image",
                "create",
                "busy",
                "--disk-format",
                "raw",
                "--container-format",
                "bare"
            ]
        )
        .status
        .success()
    );
    let (mut child, fifo) = start_stalled_upload(data, "busy", 1 << 20);
    let file = write_file(data, "other.raw", &pattern(4096));
    let out = cli(
        data,
        &["image", "upload", "busy", "--file", file.to_str().unwrap()],
    );
    let _ = child.kill();
    let _ = child.wait();
    drop(fifo);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("another upload of this image is running"),
        "{stderr}"
    );
}

#[test]
fn settings_changed_by_another_process_are_seen_by_an_open_catalog() {
    let (dir, window) = catalog();
    // The window's catalog stays open while `config set` (another connection) changes a
    // setting; it used to keep the value it read at open until a restart.
    assert!(!window.settings().delayed_delete);
    let mut cli = Catalog::open(dir.path()).unwrap();
    cli.set_setting("delayed_delete", "true").unwrap();
    cli.set_setting("virtual_size_limit_bytes", "12345")
        .unwrap();
    assert!(window.settings().delayed_delete);
    assert_eq!(window.settings().virtual_size_limit_bytes, 12345);
    // And a setting the window itself sets is seen at once by both.
    let mut window = window;
    window.set_setting("delayed_delete", "false").unwrap();
    assert!(!window.settings().delayed_delete);
    assert!(!cli.settings().delayed_delete);
}

/// A gzip too large for the inspector's bounded prefix check that was cut short: the upload's
/// check of the received copy decodes it to its end and refuses it, leaving no image data.
#[test]
fn a_truncated_large_gzip_is_refused_after_it_is_received() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    // Incompressible data, so the compressed file is well over the 5 MiB bounded window.
    let mut raw = Vec::with_capacity(12 << 20);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while raw.len() < 12 << 20 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        raw.extend_from_slice(&x.to_le_bytes());
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&raw).unwrap();
    let whole = gz.finish().unwrap();
    assert!(whole.len() > 8 << 20);
    let cut = write_file(dir.path(), "disk.raw.gz", &whole[..whole.len() * 3 / 4]);
    let out = cli(
        &data_dir,
        &[
            "image",
            "create",
            "cut",
            "--file",
            cut.to_str().unwrap(),
            "--disk-format",
            "raw",
            "--container-format",
            "compressed",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("incomplete_stream"), "{stderr}");
    assert!(
        store_files(&data_dir).is_empty(),
        "{:?}",
        store_files(&data_dir)
    );
    // The whole file goes in.
    let good = write_file(dir.path(), "good.raw.gz", &whole);
    let out = cli(
        &data_dir,
        &[
            "image",
            "create",
            "good",
            "--file",
            good.to_str().unwrap(),
            "--disk-format",
            "raw",
            "--container-format",
            "compressed",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
