//! Pull a remote image into the local catalog, and prefetch remote images into the cache.
//! The data streams straight into the store's part file, which is hard-linked into the cache
//! as `<id>.part` from the first byte: an interrupted pull (error, Ctrl-C, even a killed
//! process) keeps what arrived, and the next pull resumes with `Range`. sha512 runs on its own
//! thread while data arrives and is checked against `os_hash_algo`/`os_hash_value` before the
//! image becomes active; the local image records its origin (`workbench_origin_cloud`,
//! `workbench_origin_id`). Recorded as a `pull` task. Before any bytes move, a local image
//! already holding the same data (sha512 and size) is looked for: the caller's [`SameData`]
//! says whether to refuse, link to it (record the origin there) or copy anyway.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::backend::catalog::Catalog;
use crate::backend::jobs::JobControl;
use crate::backend::model::{Image, ImageStatus};
use crate::backend::remote::cache::Cache;
use crate::backend::remote::error::{RemoteError, RemoteResult, image_context};
use crate::backend::remote::glance::RemoteImage;
use crate::backend::remote::local::{self, Receiving};
use crate::backend::remote::same_data::{self, SameData};
use crate::backend::remote::session::Session;
use crate::backend::remote::stream::{self, BufferPool, Hasher, StreamDigests};
use crate::backend::remote::tasks::JobTask;
use crate::{step, tr};

/// What a pull did.
#[derive(Debug, Clone)]
pub struct PullOutcome {
    /// The local image, active.
    pub image: Image,
    /// The remote image.
    pub remote: RemoteImage,
    /// Bytes reused from an earlier interrupted pull.
    pub resumed_from_bytes: u64,
    /// Whether the image was already pulled (nothing transferred).
    pub already_present: bool,
    /// Whether the remote image was linked to a local image holding the same data
    /// (its origin recorded there; nothing transferred).
    pub linked: bool,
}

/// What the remote says the data is.
fn expected(session: &Session, remote: &RemoteImage) -> RemoteResult<(u64, String)> {
    let context = image_context(&session.cloud().name, remote.id());
    if remote.status() != "active" {
        return Err(RemoteError::Failed {
            context,
            problem: tr!("rlib-problem-no-data-to-download", status = remote.status()),
        });
    }
    let size = remote.size_bytes().ok_or_else(|| RemoteError::Protocol {
        context: context.clone(),
        problem: tr!("rlib-problem-no-size"),
    })?;
    match (remote.os_hash_algo(), remote.os_hash_value()) {
        (Some("sha512"), Some(hash)) => Ok((size, hash.to_string())),
        (algo, _) => Err(RemoteError::Verify {
            context,
            problem: tr!("rlib-problem-no-sha512", algo = algo.unwrap_or("none")),
        }),
    }
}

/// Hard-link `from` to `to` (replacing it) through a temporary name.
fn link_over(from: &Path, to: &Path) -> bool {
    let temp = to.with_extension("link.tmp");
    let _ = fs::remove_file(&temp);
    fs::hard_link(from, &temp).is_ok() && fs::rename(&temp, to).is_ok()
}

/// Pull remote image `remote_id` into the catalog (resuming an interrupted pull), copying
/// even when a local image holds the same data ([`pull_or_link`] with [`SameData::Copy`]).
pub fn pull(
    catalog: &Catalog,
    session: &Session,
    remote_id: &str,
    name: Option<&str>,
    job: &JobControl,
) -> RemoteResult<PullOutcome> {
    pull_or_link(catalog, session, remote_id, name, SameData::Copy, job)
}

/// Pull remote image `remote_id` into the catalog (resuming an interrupted pull); when a
/// local image already holds its data, refuse, link or copy as `same` says.
pub fn pull_or_link(
    catalog: &Catalog,
    session: &Session,
    remote_id: &str,
    name: Option<&str>,
    same: SameData,
    job: &JobControl,
) -> RemoteResult<PullOutcome> {
    let cloud = session.cloud().name.clone();
    let remote = session.show_image(remote_id)?;
    let (size_bytes, hash) = expected(session, &remote)?;
    let existing = local::find_origin(catalog, &cloud, remote.id())?;
    if let Some(image) = &existing
        && image.status == ImageStatus::Active
        && image.os_hash_value.as_deref() == Some(hash.as_str())
    {
        return Ok(PullOutcome {
            image: image.clone(),
            remote,
            resumed_from_bytes: 0,
            already_present: true,
            linked: false,
        });
    }
    // A partial pull of this very image is resumed, not refused.
    let resuming = existing
        .as_ref()
        .is_some_and(|i| i.status == ImageStatus::Queued);
    if same != SameData::Copy && !resuming {
        let found = same_data::local_with_data(catalog, &hash, size_bytes)?;
        // Link to one that records no other origin; refuse naming the first found.
        let linkable = found
            .iter()
            .find(|i| same_data::may_link(i, &cloud, remote.id()));
        match (same, found.first(), linkable) {
            (SameData::Link, _, Some(image)) => {
                let image = same_data::link(catalog, image, &cloud, remote.id(), "pull")?;
                return Ok(PullOutcome {
                    image,
                    remote,
                    resumed_from_bytes: 0,
                    already_present: false,
                    linked: true,
                });
            }
            (SameData::Link, Some(first), None) => {
                // Links only where no other origin is recorded: say so through link's refusal.
                same_data::link(catalog, first, &cloud, remote.id(), "pull")?;
            }
            (SameData::Refuse, Some(first), linkable) => {
                let named = linkable.unwrap_or(first);
                return Err(same_data::pull_refusal(&cloud, &remote, named).into());
            }
            _ => {}
        }
    }
    let image = match existing {
        Some(image) if image.status == ImageStatus::Queued => image,
        _ => local::create_for_remote(catalog, &cloud, &remote, name)?,
    };
    let mut task = JobTask::start(
        catalog,
        "pull",
        Some(image.id),
        json!({"cloud": cloud, "remote_id": remote.id(), "image_id": image.id}),
    )?
    .reporting_to(job);
    match receive(
        catalog, session, &remote, &image, size_bytes, &hash, &mut task, job,
    ) {
        Ok((image, resumed_from_bytes)) => {
            task.succeed(
                catalog,
                json!({"image_id": image.id, "size": size_bytes, "os_hash_value": hash,
                       "resumed_from_bytes": resumed_from_bytes}),
            );
            let _ = Cache::new(catalog.data_dir()).prune(cache_cap_bytes(catalog));
            Ok(PullOutcome {
                image,
                remote,
                resumed_from_bytes,
                already_present: false,
                linked: false,
            })
        }
        Err(e) => Err(task.fail(catalog, e)),
    }
}

/// The cache's size cap: the catalog's `remote_cache_max_bytes` setting.
pub fn cache_cap_bytes(catalog: &Catalog) -> u64 {
    // Read from the registry, not this connection's settings loaded at open: the window's
    // long-lived catalog must see a cap set since (its cache tab, `config set`).
    crate::backend::settings::Settings::load(&catalog.conn)
        .map_or(catalog.settings().remote_cache_max_bytes, |s| {
            s.remote_cache_max_bytes
        })
}

#[allow(
    clippy::too_many_arguments,
    reason = "one private step of a pull, given everything the pull holds"
)]
fn receive(
    catalog: &Catalog,
    session: &Session,
    remote: &RemoteImage,
    image: &Image,
    size_bytes: u64,
    hash: &str,
    task: &mut JobTask,
    job: &JobControl,
) -> RemoteResult<(Image, u64)> {
    let cloud = session.cloud().name.clone();
    let cache = Cache::new(catalog.data_dir());
    let partial = cache.partial_path(&cloud, remote.id());
    // Data already in the cache (a `cache queue`, or a pull of an image since deleted
    // locally) is reused whole; else a kept partial is resumed. Either is kept open: the
    // partial's name is about to point at the new part file.
    let cached = cache
        .complete_entry(&cloud, remote)
        .and_then(|path| File::open(path).ok());
    let (offset, previous) = match cached {
        Some(file) => (size_bytes, Some(file)),
        None => {
            let offset = cache.resumable(&cloud, remote);
            let previous = if offset > 0 {
                File::open(&partial).ok()
            } else {
                None
            };
            (if previous.is_some() { offset } else { 0 }, previous)
        }
    };
    cache.ensure_dir(&cloud)?;
    cache.write_meta(&cloud, remote, false)?;
    session.authenticate()?;
    let cause = format!("pull from cloud {cloud} image {} started", remote.id());
    let mut receiving = Receiving::begin(catalog, image.id, &cause)?;
    let part = receiving.part_path().unwrap_or_default();
    let linked = link_over(&part, &partial);
    job.set_total_bytes(size_bytes);
    job.set_done_bytes(0);
    let pool = BufferPool::default();
    let hasher = Hasher::start(Some(pool.recycler()))?;
    let writer = receiving
        .writer
        .as_mut()
        .ok_or_else(|| RemoteError::Protocol {
            context: cloud.clone(),
            problem: "no writer".into(),
        })?;
    if let Some(mut previous) = previous {
        task.progress(
            catalog,
            &step!("rlib-step-reusing", size = offset.to_string()),
        );
        let reused = hasher
            .feed_reader(&mut previous, writer, job)
            .map_err(|e| RemoteError::io("cannot reuse the partial download", &partial, e))?;
        if reused != offset {
            return Err(RemoteError::Verify {
                context: partial.display().to_string(),
                problem: tr!(
                    "rlib-problem-partial-size",
                    size = reused.to_string(),
                    expected = offset.to_string()
                ),
            });
        }
    }
    task.progress(
        catalog,
        &step!(
            "rlib-step-downloading",
            size = (size_bytes - offset).to_string(),
            offset = offset.to_string()
        ),
    );
    let received = if offset == size_bytes {
        Ok(0)
    } else {
        stream::download(session, remote.id(), offset, job, &pool, &mut |chunk| {
            writer.write_all(&chunk)?;
            hasher.feed(chunk);
            Ok(())
        })
    };
    let received = match received {
        Ok(n) => n,
        Err(e) => {
            receiving.fail(&format!("pull interrupted: {e}"));
            if !linked {
                let _ = fs::remove_file(&partial);
            }
            return Err(e);
        }
    };
    let digests = hasher.finish()?;
    let verified = verify(
        session,
        remote,
        size_bytes,
        hash,
        offset + received,
        &digests,
    );
    if let Err(e) = verified {
        receiving.fail(&format!("pull refused: {e}"));
        cache.remove(&cloud, remote.id());
        return Err(e);
    }
    let md5 = remote.checksum().unwrap_or_default().to_string();
    let committed = receiving.commit(size_bytes, &md5, &digests.sha512_hex);
    let image = match committed {
        Ok(image) => image,
        Err(e) => {
            cache.remove(&cloud, remote.id());
            return Err(e.into());
        }
    };
    finish_cache_entry(&cache, &cloud, remote, &partial, linked);
    Ok((image, offset))
}

/// Turn the verified partial into the complete cache entry.
fn finish_cache_entry(
    cache: &Cache,
    cloud: &str,
    remote: &RemoteImage,
    partial: &PathBuf,
    linked: bool,
) {
    let entry = cache.entry_path(cloud, remote.id());
    if linked && fs::rename(partial, &entry).is_ok() {
        let _ = cache.write_meta(cloud, remote, true);
    } else {
        let _ = fs::remove_file(partial);
    }
}

fn verify(
    session: &Session,
    remote: &RemoteImage,
    size_bytes: u64,
    hash: &str,
    total: u64,
    digests: &StreamDigests,
) -> RemoteResult<()> {
    let context = image_context(&session.cloud().name, remote.id());
    if total != size_bytes || digests.size_bytes != size_bytes {
        return Err(RemoteError::Verify {
            context,
            problem: tr!(
                "rlib-problem-received-size",
                size = total.to_string(),
                expected = size_bytes.to_string()
            ),
        });
    }
    if digests.sha512_hex != hash {
        return Err(RemoteError::Verify {
            context,
            problem: tr!(
                "rlib-problem-sha512-differs",
                sha512 = digests.sha512_hex,
                hash = hash
            ),
        });
    }
    Ok(())
}

/// Prefetch remote images into the cache only (`cache queue`), resuming partial files.
pub fn queue(
    catalog: &Catalog,
    session: &Session,
    remote_id: &str,
    job: &JobControl,
) -> RemoteResult<PathBuf> {
    let cloud = session.cloud().name.clone();
    let cache = Cache::new(catalog.data_dir());
    let remote = session.show_image(remote_id)?;
    let (size_bytes, hash) = expected(session, &remote)?;
    let entry = cache.entry_path(&cloud, remote.id());
    if entry.exists()
        && cache.meta(&cloud, remote.id()).is_some_and(|m| {
            m.get("os_hash_value").and_then(serde_json::Value::as_str) == Some(hash.as_str())
                && m.get("complete").and_then(serde_json::Value::as_bool) == Some(true)
        })
    {
        cache.write_meta(&cloud, &remote, true)?;
        return Ok(entry);
    }
    let task = JobTask::start(
        catalog,
        "cache-queue",
        None,
        json!({"cloud": cloud, "remote_id": remote.id()}),
    )?
    .reporting_to(job);
    let result = (|| {
        let offset = cache.resumable(&cloud, &remote);
        cache.write_meta(&cloud, &remote, false)?;
        let partial = cache.partial_path(&cloud, remote.id());
        let mut file = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(&partial)
            .map_err(|e| RemoteError::io("cannot open", &partial, e))?;
        job.set_total_bytes(size_bytes);
        job.set_done_bytes(0);
        let pool = BufferPool::default();
        let hasher = Hasher::start(Some(pool.recycler()))?;
        let mut prefix =
            File::open(&partial).map_err(|e| RemoteError::io("cannot open", &partial, e))?;
        hasher
            .feed_reader(
                &mut std::io::Read::take(&mut prefix, offset),
                &mut std::io::sink(),
                job,
            )
            .map_err(|e| RemoteError::io("cannot read", &partial, e))?;
        session.authenticate()?;
        let received = stream::download(session, remote.id(), offset, job, &pool, &mut |chunk| {
            file.write_all(&chunk)?;
            hasher.feed(chunk);
            Ok(())
        })?;
        let digests = hasher.finish()?;
        if let Err(e) = verify(
            session,
            &remote,
            size_bytes,
            &hash,
            offset + received,
            &digests,
        ) {
            cache.remove(&cloud, remote.id());
            return Err(e);
        }
        file.sync_all()
            .map_err(|e| RemoteError::io("cannot flush", &partial, e))?;
        fs::rename(&partial, &entry).map_err(|e| RemoteError::io("cannot finish", &entry, e))?;
        cache.write_meta(&cloud, &remote, true)?;
        Ok(entry.clone())
    })();
    match result {
        Ok(path) => {
            task.succeed(catalog, json!({"path": path.display().to_string()}));
            Ok(path)
        }
        Err(e) => Err(task.fail(catalog, e)),
    }
}
