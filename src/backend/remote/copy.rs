//! Copy an image between two clouds with different Keystones, streamed through the
//! workbench (nothing stored locally): a download thread reads from cloud A, hashes with
//! sha512 and feeds the upload to cloud B. The bytes must match A's `os_hash_value`, and B's
//! resulting `os_hash_value` must equal it too. A failed copy deletes the image on B (a
//! pending cleanup when that fails too); the copy carries
//! `workbench_created_by = copy:<A>:<source id>`. Recorded as a `copy` task.
//!
//! Before any bytes move, as a push does: the same-data rule (cloud B already holds an
//! image with the source's `os_hash_value` and size → refuse, link or copy anyway, the
//! options' [`SameData`]) and the quota pre-check against B's `/v2/info/usage` (a copy
//! uploads with `PUT …/file`, so it counts as an unstaged push of the source's size).

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::backend::catalog::Catalog;
use crate::backend::error::Error;
use crate::backend::jobs::JobControl;
use crate::backend::remote::cleanups::{self, CREATED_BY};
use crate::backend::remote::error::{RemoteError, RemoteResult};
use crate::backend::remote::glance::{CORE_FIELDS, RemoteImage};
use crate::backend::remote::push::{wait_active, with_note};
use crate::backend::remote::same_data::{self, SameData};
use crate::backend::remote::session::Session;
use crate::backend::remote::stream::{self, BufferPool, Hasher, body_channel, put_stream};
use crate::backend::remote::tasks::JobTask;
use crate::{step, tr};

/// What a copy did.
#[derive(Debug, Clone)]
pub struct CopyOutcome {
    /// The source image on cloud A.
    pub source: RemoteImage,
    /// The new image on cloud B, active and verified; with `linked`, the image B already
    /// held with the same data.
    pub target: RemoteImage,
    /// Nothing was copied: B already held the data and [`SameData::Link`] was chosen.
    pub linked: bool,
}

/// How a copy goes.
#[derive(Debug, Clone, Default)]
pub struct CopyOptions {
    /// Keep the target image when the copy fails (for a look at it).
    pub keep_failed: bool,
    /// When cloud B already holds the same data: copy (the default), refuse or link (report
    /// the image B holds as the copy, writing nothing on either cloud).
    pub on_same_data: SameData,
    /// Leave the quota decision to Glance (its 413 is then explained).
    pub skip_quota_check: bool,
}

/// The refusal of a copy: image `found` of cloud `to` has the data of `source` (of `from`).
/// The same error (and so the same exit code) as a push's refusal.
pub fn copy_refusal(from: &str, source: &RemoteImage, to: &str, found: &RemoteImage) -> Error {
    Error::SameData {
        subject: tr!(
            "rlib-subject-remote-image",
            label = source.label(),
            id = source.id(),
            cloud = from
        ),
        problem: tr!(
            "rlib-problem-copy-same-data",
            label = found.label(),
            id = found.id(),
            cloud = to,
            size = source.size_bytes().unwrap_or(0).to_string()
        ),
        found_id: found.id().to_string(),
        found_label: found.label().to_string(),
    }
}

/// Refuse a copy cloud B's quota would refuse, before anything is created, naming the limit
/// (the words of a push's refusal). Best-effort, as a push's: when B's usage cannot be read,
/// Glance decides.
fn check_quota(to: &Session, source: &RemoteImage, size_bytes: u64) -> RemoteResult<()> {
    let usage = match to.usage() {
        Ok(usage) => usage,
        Err(e) => {
            tracing::debug!(error = %e, "copy: quota usage not read; Glance decides");
            return Ok(());
        }
    };
    usage
        .check_push(size_bytes, false)
        .map_err(|over| RemoteError::Failed {
            context: tr!(
                "rlib-context-copy-of",
                cloud = to.cloud().name,
                image = source.label()
            ),
            problem: tr!("rlib-problem-refused-quota", over = over.to_string()),
        })
}

/// The create body for a copy of `source` (on cloud `from`).
fn create_body(source: &RemoteImage, from: &str) -> Value {
    let mut body = Map::new();
    for (key, value) in source.properties() {
        if !key.starts_with("os_glance") && !CORE_FIELDS.contains(&key.as_str()) {
            body.insert(key, json!(value));
        }
    }
    body.insert(
        CREATED_BY.into(),
        json!(format!("copy:{from}:{}", source.id())),
    );
    for key in [
        "name",
        "disk_format",
        "container_format",
        "visibility",
        "min_disk",
        "min_ram",
        "os_hidden",
        "tags",
    ] {
        if let Some(value) = source.0.get(key) {
            body.insert(key.into(), value.clone());
        }
    }
    Value::Object(body)
}

/// Copy image `remote_id` from `from` to `to`.
pub fn copy(
    catalog: &Catalog,
    from: &Session,
    to: &Session,
    remote_id: &str,
    options: &CopyOptions,
    job: &JobControl,
) -> RemoteResult<CopyOutcome> {
    let source = from.show_image(remote_id)?;
    let context = tr!(
        "rlib-context-copy",
        id = remote_id,
        from = from.cloud().name,
        to = to.cloud().name
    );
    let (Some(size_bytes), Some(hash)) = (
        source.size_bytes(),
        source.os_hash_value().map(str::to_string),
    ) else {
        return Err(RemoteError::Failed {
            context,
            problem: tr!("rlib-problem-source-no-data", status = source.status()),
        });
    };
    if options.on_same_data != SameData::Copy
        && let Some(found) = same_data::remote_with_data(to, &hash, size_bytes)?
            .into_iter()
            .next()
    {
        if options.on_same_data == SameData::Refuse {
            return Err(copy_refusal(&from.cloud().name, &source, &to.cloud().name, &found).into());
        }
        // Link: B's image stands for the copy; recorded as a copy task for the history.
        let task = JobTask::start(
            catalog,
            "copy",
            None,
            json!({"from": from.cloud().name, "to": to.cloud().name, "remote_id": remote_id,
                   "link": true}),
        )?;
        task.succeed(
            catalog,
            json!({"target_id": found.id(), "os_hash_value": hash, "linked": true}),
        );
        return Ok(CopyOutcome {
            source,
            target: found,
            linked: true,
        });
    }
    if !options.skip_quota_check {
        check_quota(to, &source, size_bytes)?;
    }
    let keep_failed = options.keep_failed;
    let mut task = JobTask::start(
        catalog,
        "copy",
        None,
        json!({"from": from.cloud().name, "to": to.cloud().name, "remote_id": remote_id,
               "on_same_data": options.on_same_data.as_str()}),
    )?
    .reporting_to(job);
    from.authenticate()?;
    to.authenticate()?;
    let target = match to.create_image(&create_body(&source, &from.cloud().name)) {
        Ok(target) => target,
        Err(e) => return Err(task.fail(catalog, e)),
    };
    let target_id = target.id().to_string();
    task.progress(
        catalog,
        &step!(
            "rlib-step-streaming",
            size = size_bytes.to_string(),
            id = target_id
        ),
    );
    job.set_total_bytes(size_bytes);
    job.set_done_bytes(0);
    let result = transfer(from, to, remote_id, &target_id, size_bytes, job).and_then(|digests| {
        if digests != hash {
            return Err(RemoteError::Verify {
                context: context.clone(),
                problem: tr!("rlib-problem-source-sha512", sha512 = digests, hash = hash),
            });
        }
        let target = wait_active(
            catalog,
            to,
            &target_id,
            Duration::from_secs(600),
            &mut task,
            job,
        )?;
        if target.os_hash_value() != Some(hash.as_str()) {
            return Err(RemoteError::Verify {
                context: context.clone(),
                problem: tr!(
                    "rlib-problem-copy-hash",
                    copy = target.os_hash_value().unwrap_or("(none)"),
                    hash = hash
                ),
            });
        }
        Ok(target)
    });
    match result {
        Ok(target) => {
            task.succeed(
                catalog,
                json!({"target_id": target.id(), "os_hash_value": hash}),
            );
            Ok(CopyOutcome {
                source,
                target,
                linked: false,
            })
        }
        Err(e) => {
            let mut e = e;
            if !keep_failed {
                let reason = format!("{context} failed: {e}");
                let removal = cleanups::remove_or_record(catalog, to, &target_id, &reason);
                if let Some(note) = removal.note(&target_id) {
                    e = with_note(e, &note);
                }
            }
            Err(task.fail(catalog, e))
        }
    }
}

/// Stream the data; returns the sha512 of what passed.
fn transfer(
    from: &Session,
    to: &Session,
    remote_id: &str,
    target_id: &str,
    size_bytes: u64,
    job: &JobControl,
) -> RemoteResult<String> {
    let (tx, rx) = body_channel();
    // The download runs inside cloud A's runtime, where a tokio channel cannot block: it hands
    // chunks to a plain relay thread, which feeds the upload's body.
    let (relay_tx, relay_rx) = std::sync::mpsc::sync_channel::<stream::ChunkResult>(8);
    let pool = BufferPool::default();
    let hasher = Hasher::start(Some(pool.recycler()))?;
    // Set when the download stopped because the upload had (cloud B went away).
    let upload_stopped = AtomicBool::new(false);
    thread::scope(|scope| {
        let relay = thread::Builder::new()
            .name("copy-relay".into())
            .spawn_scoped(scope, move || {
                for item in relay_rx {
                    if tx.blocking_send(item).is_err() {
                        return;
                    }
                }
            })
            .map_err(|e| RemoteError::io("cannot start the copy thread", "thread", e))?;
        let downloader = thread::Builder::new()
            .name("copy-download".into())
            .spawn_scoped(scope, || {
                let sent = stream::download(from, remote_id, 0, job, &pool, &mut |chunk| {
                    hasher.feed(chunk.clone());
                    relay_tx.send(Ok(chunk)).map_err(|_| {
                        upload_stopped.store(true, Ordering::SeqCst);
                        std::io::Error::other("the upload side stopped")
                    })
                });
                if let Err(e) = &sent {
                    let _ = relay_tx.send(Err(std::io::Error::other(e.to_string())));
                }
                drop(relay_tx);
                sent
            })
            .map_err(|e| RemoteError::io("cannot start the copy thread", "thread", e))?;
        let uploaded = put_stream(to, &format!("images/{target_id}/file"), size_bytes, rx, job);
        let downloaded = downloader.join().map_err(|_| RemoteError::Protocol {
            context: "copy".into(),
            problem: "the download thread failed".into(),
        })?;
        let _ = relay.join();
        // The upload's error explains a download that stopped because the upload did; else
        // the download's own error explains an upload that failed because its source did.
        if upload_stopped.load(Ordering::SeqCst) && uploaded.is_err() {
            return uploaded;
        }
        downloaded?;
        uploaded
    })?;
    Ok(hasher.finish()?.sha512_hex)
}
