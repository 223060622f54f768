//! Push a local image to a cloud: inspect first and refuse what Glance would refuse, create
//! the remote image with the same formats, name, properties, tags, visibility, min_disk and
//! min_ram, stream the data (direct upload with `x-openstack-image-size`, or glance-direct:
//! stage + import), watch the remote status and import task until active or failed, check
//! the remote `os_hash_value` equals the local one, then apply members and protection. A
//! failed push deletes the remote image unless asked to keep it; when that delete fails too,
//! a pending cleanup is recorded (see `cleanups`). The remote image carries
//! `workbench_created_by = push:<local id>`. Recorded as a `push` task. Before anything is
//! created, the cloud's images with the same `os_hash_value` and size are listed: the
//! options' [`SameData`] says whether to refuse, link to one (record it as the local image's
//! origin) or push a second copy.

use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use crate::backend::catalog::Catalog;
use crate::backend::inspection;
use crate::backend::jobs::JobControl;
use crate::backend::model::{Image, ImageId, ImageStatus};
use crate::backend::remote::cleanups::{self, CREATED_BY};
use crate::backend::remote::error::{RemoteError, RemoteResult, image_context};
use crate::backend::remote::glance::RemoteImage;
use crate::backend::remote::local::{ORIGIN_CLOUD, ORIGIN_ID};
use crate::backend::remote::same_data::{self, ORIGIN_LINKED, SameData};
use crate::backend::remote::session::Session;
use crate::backend::remote::stores::{self, ImportMethod, StoreChoice};
use crate::backend::remote::stream::{body_channel, feed_from_reader, put_stream};
use crate::backend::remote::tasks::JobTask;
use crate::backend::validate;
use crate::{step, tr};

/// How the data goes up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushMethod {
    /// `PUT /v2/images/{id}/file`, falling back to glance-direct when the cloud refuses
    /// direct upload and offers glance-direct.
    Upload,
    /// Stage + `glance-direct` import.
    GlanceDirect,
}

impl PushMethod {
    /// The name used in tasks and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            PushMethod::Upload => "upload",
            PushMethod::GlanceDirect => "glance-direct",
        }
    }
}

/// What a push may do.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// Upload or glance-direct.
    pub method: PushMethod,
    /// Keep the remote image when the push fails (for a retry).
    pub keep_failed: bool,
    /// Name on the remote (the local name when `None`).
    pub name: Option<String>,
    /// More member projects to share with (besides the local image's members).
    pub extra_members: Vec<String>,
    /// How long to wait for the remote image to become active after the data is sent.
    pub activate_timeout: Duration,
    /// When the cloud already holds the same data: copy (the default), refuse or link.
    pub on_same_data: SameData,
    /// The stores to import into on a multi-store cloud (default: the cloud's default
    /// store). Any choice goes through the import API (stage + glance-direct).
    pub stores: StoreChoice,
    /// Do not compare the project's quota usage with the image first (Glance then decides,
    /// and its 413 is explained); for a cloud whose usage cannot be trusted, and tests.
    pub skip_quota_check: bool,
}

impl Default for PushOptions {
    fn default() -> Self {
        PushOptions {
            method: PushMethod::Upload,
            keep_failed: false,
            name: None,
            extra_members: Vec::new(),
            activate_timeout: Duration::from_secs(600),
            on_same_data: SameData::Copy,
            stores: StoreChoice::default(),
            skip_quota_check: false,
        }
    }
}

/// What a push did.
#[derive(Debug, Clone)]
pub struct PushOutcome {
    /// The remote image, active and verified.
    pub remote: RemoteImage,
    /// The method that carried the data.
    pub method: PushMethod,
    /// Members added on the remote.
    pub members: Vec<String>,
    /// Whether an image the cloud already held was linked instead (nothing pushed).
    pub linked: bool,
    /// Chosen stores the import failed in (only when failures were allowed).
    pub failed_stores: Vec<String>,
}

/// Glance's create body for a local image.
pub fn create_body(image: &Image, name: Option<&str>) -> Value {
    let mut body = Map::new();
    for (key, value) in &image.properties {
        if key.starts_with("os_glance")
            || key == ORIGIN_CLOUD
            || key == ORIGIN_ID
            || key == ORIGIN_LINKED
            || key == CREATED_BY
        {
            continue;
        }
        body.insert(key.clone(), json!(value));
    }
    // How sync later finds the remote images a push left stuck.
    body.insert(CREATED_BY.into(), json!(format!("push:{}", image.id)));
    let name = name.map(str::to_string).or_else(|| image.name.clone());
    body.insert("name".into(), json!(name));
    body.insert("disk_format".into(), json!(image.disk_format));
    body.insert("container_format".into(), json!(image.container_format));
    body.insert("visibility".into(), json!(image.visibility));
    body.insert("min_disk".into(), json!(image.min_disk_gib));
    body.insert("min_ram".into(), json!(image.min_ram_mib));
    body.insert("os_hidden".into(), json!(image.os_hidden));
    body.insert("tags".into(), json!(image.tags));
    Value::Object(body)
}

/// Refuse what Glance would refuse, saying why: no data, unsafe or mislabelled content.
pub fn check_pushable(catalog: &Catalog, image: &Image) -> RemoteResult<()> {
    let subject = format!("image \"{}\"", image.label());
    if image.status != ImageStatus::Active {
        return Err(crate::backend::Error::conflict(
            &subject,
            tr!(
                "rlib-problem-only-active",
                status = crate::i18n::labels::image_status_named(image.status)
            ),
        )
        .into());
    }
    let found = catalog.inspect_image(image.id)?;
    inspection::check_data(&subject, image.disk_format, image.container_format, &found)?;
    for tag in &image.tags {
        validate::check_tag(&subject, tag)?;
    }
    Ok(())
}

/// Push local image `image_id` to the session's cloud.
pub fn push(
    catalog: &Catalog,
    session: &Session,
    image_id: ImageId,
    options: &PushOptions,
    job: &JobControl,
) -> RemoteResult<PushOutcome> {
    let image = catalog.image(image_id)?;
    check_pushable(catalog, &image)?;
    let (task, remote_id) = match start_push(catalog, session, &image, options, job, None)? {
        Started::Linked(outcome) => return Ok(outcome),
        Started::Created { task, remote_id } => (*task, remote_id),
    };
    let mut send = |path: &str| send_alone(catalog, session, &image, path, job);
    finish_push(
        catalog, session, &image, &remote_id, options, task, job, &mut send,
    )
}

/// Where a push stands once the cloud holds an image for the data (or needs none).
pub(crate) enum Started {
    /// The cloud already held the data and the local image was linked to it.
    Linked(PushOutcome),
    /// The remote image is created, queued for data; its push task is running.
    Created {
        /// The local `push` task (reporting to the job).
        task: Box<JobTask>,
        /// The remote image's id.
        remote_id: String,
    },
}

/// Before any data moves: the same-data rule (refuse, link or copy), then the local task, a
/// fresh token and the remote image. `link_lock` serialises links when several clouds are
/// pushed to at once (one image records one origin: the image is read again under it).
pub(crate) fn start_push(
    catalog: &Catalog,
    session: &Session,
    image: &Image,
    options: &PushOptions,
    job: &JobControl,
    link_lock: Option<&std::sync::Mutex<()>>,
) -> RemoteResult<Started> {
    let image_id = image.id;
    let cloud = session.cloud().name.clone();
    if options.on_same_data != SameData::Copy {
        let hash = image.os_hash_value.clone().unwrap_or_default();
        let found = same_data::remote_with_data(session, &hash, image.size_bytes.unwrap_or(0))?;
        // The remote image this one is already linked to, else the first (the project's own
        // before others', oldest first).
        let linked_to = same_data::origin(image).filter(|(c, _)| *c == cloud);
        let pick = found
            .iter()
            .find(|r| linked_to.is_some_and(|(_, id)| id == r.id()))
            .or(found.first());
        match (options.on_same_data, pick) {
            (SameData::Link, Some(remote)) => {
                let _held = link_lock.map(|lock| lock.lock());
                let current = catalog.image(image_id)?;
                same_data::link(catalog, &current, &cloud, remote.id(), "push")?;
                return Ok(Started::Linked(PushOutcome {
                    remote: remote.clone(),
                    method: options.method,
                    members: Vec::new(),
                    linked: true,
                    failed_stores: Vec::new(),
                }));
            }
            (SameData::Refuse, Some(remote)) => {
                return Err(same_data::push_refusal(&cloud, image, remote).into());
            }
            _ => {}
        }
    }
    if !options.skip_quota_check {
        check_quota(session, image, planned_method(options))?;
    }
    let mut task = JobTask::start(
        catalog,
        "push",
        Some(image_id),
        json!({"image_id": image_id, "cloud": cloud, "method": planned_method(options).as_str(),
               "stores": options.stores.stores, "all_stores": options.stores.all_stores}),
    )?
    .reporting_to(job);
    // A fresh token before the long transfer.
    if let Err(e) = session.authenticate() {
        return Err(task.fail(catalog, e));
    }
    task.progress(catalog, &step!("rlib-step-creating", cloud = cloud));
    let remote = match session.create_image(&create_body(image, options.name.as_deref())) {
        Ok(remote) => remote,
        Err(e) => return Err(task.fail(catalog, e)),
    };
    Ok(Started::Created {
        task: Box::new(task),
        remote_id: remote.id().to_string(),
    })
}

/// Send the data (through `send`, which PUTs it to a path), wait for the remote image to be
/// active, verify it, apply members and protection; record the task's end. A failure deletes
/// the remote image (or records a pending cleanup) unless `keep_failed`.
#[allow(
    clippy::too_many_arguments,
    reason = "the push's parts, each used; a struct would only rename them"
)]
pub(crate) fn finish_push(
    catalog: &Catalog,
    session: &Session,
    image: &Image,
    remote_id: &str,
    options: &PushOptions,
    mut task: JobTask,
    job: &JobControl,
    send: &mut dyn FnMut(&str) -> RemoteResult<()>,
) -> RemoteResult<PushOutcome> {
    let cloud = session.cloud().name.clone();
    match push_data(
        catalog, session, image, remote_id, options, &mut task, job, send,
    ) {
        Ok(outcome) => {
            task.succeed(
                catalog,
                json!({
                    "cloud": cloud,
                    "remote_id": remote_id,
                    "method": outcome.method.as_str(),
                    "os_hash_value": outcome.remote.os_hash_value(),
                    "members": outcome.members,
                }),
            );
            Ok(outcome)
        }
        Err(error) => {
            let mut error = error;
            if options.keep_failed {
                error = with_note(error, &tr!("rlib-note-kept", id = remote_id));
            } else {
                let reason = format!(
                    "push of local image \"{}\" ({}) failed: {error}",
                    image.label(),
                    image.id
                );
                let removal = cleanups::remove_or_record(catalog, session, remote_id, &reason);
                if let Some(note) = removal.note(remote_id) {
                    error = with_note(error, &note);
                }
            }
            Err(task.fail(catalog, error))
        }
    }
}

/// PUT the stored data to `path` on its own read: verified as it is read (the last bytes go
/// only if the whole image matched its recorded size and hashes, so the cloud never
/// completes a damaged image); a 401 (token revoked or expired meanwhile) re-authenticates
/// once and sends again.
pub(crate) fn send_alone(
    catalog: &Catalog,
    session: &Session,
    image: &Image,
    path: &str,
    job: &JobControl,
) -> RemoteResult<()> {
    let send = || -> RemoteResult<()> {
        let size_bytes = image.size_bytes.unwrap_or(0);
        let (reader, verdict) = catalog.open_verified(image)?;
        job.set_total_bytes(size_bytes);
        job.set_done_bytes(0);
        let (tx, rx) = body_channel();
        let feeder = feed_from_reader(Box::new(reader), tx, job.clone())?;
        let sent = put_stream(session, path, size_bytes, rx, job);
        let _ = feeder.join();
        catalog.settle_verified(image, &verdict, "push")?;
        sent
    };
    match send() {
        Err(e) if e.status() == Some(401) => {
            session.authenticate()?;
            send()
        }
        other => other,
    }
}

/// One round of a wait for a remote image: an error when the job was cancelled or the wait
/// has lasted `timeout` (the image still in `status`).
pub(crate) fn still_waiting(
    job: &JobControl,
    started: std::time::Instant,
    timeout: Duration,
    status: &str,
    context: &str,
) -> RemoteResult<()> {
    if job.is_cancelled() {
        return Err(RemoteError::Cancelled(context.to_string()));
    }
    if started.elapsed() > timeout {
        return Err(RemoteError::Failed {
            context: context.to_string(),
            problem: tr!(
                "rlib-problem-stuck",
                status = status,
                seconds = timeout.as_secs().to_string()
            ),
        });
    }
    Ok(())
}

/// The method a push sets out with: chosen stores need the import API (glance-direct).
fn planned_method(options: &PushOptions) -> PushMethod {
    if options.stores.is_default() {
        options.method
    } else {
        PushMethod::GlanceDirect
    }
}

/// Refuse a push the project's quota would refuse, before anything is created, naming the
/// limit and the numbers. Best-effort: when the usage cannot be read (no 2.13, no limits
/// enforced, an error), Glance decides and its 413 is explained.
fn check_quota(session: &Session, image: &Image, method: PushMethod) -> RemoteResult<()> {
    let usage = match session.usage() {
        Ok(usage) => usage,
        Err(e) => {
            tracing::debug!(error = %e, "push: quota usage not read; Glance decides");
            return Ok(());
        }
    };
    let staged = method == PushMethod::GlanceDirect;
    usage
        .check_push(image.size_bytes.unwrap_or(0), staged)
        .map_err(|over| RemoteError::Failed {
            context: tr!(
                "rlib-context-push-of",
                cloud = session.cloud().name,
                image = image.label()
            ),
            problem: tr!("rlib-problem-refused-quota", over = over.to_string()),
        })
}

pub(crate) fn with_note(error: RemoteError, note: &str) -> RemoteError {
    match error {
        RemoteError::Failed { context, problem } => RemoteError::Failed {
            context,
            problem: tr!("rlib-problem-and-note", problem = problem, note = note),
        },
        RemoteError::Cancelled(what) => {
            RemoteError::Cancelled(tr!("rlib-with-note", text = what, note = note))
        }
        RemoteError::Http {
            context,
            status,
            message,
        } => RemoteError::Http {
            context: tr!("rlib-with-note", text = context, note = note),
            status,
            message,
        },
        RemoteError::Connect {
            context,
            url,
            detail,
        } => RemoteError::Connect {
            context,
            url,
            detail: tr!("rlib-problem-and-note", problem = detail, note = note),
        },
        RemoteError::Timeout {
            context,
            url,
            seconds,
        } => RemoteError::Timeout {
            context: tr!("rlib-with-note", text = context, note = note),
            url,
            seconds,
        },
        RemoteError::Verify { context, problem } => RemoteError::Verify {
            context,
            problem: tr!("rlib-problem-and-note", problem = problem, note = note),
        },
        RemoteError::Protocol { context, problem } => RemoteError::Protocol {
            context,
            problem: tr!("rlib-problem-and-note", problem = problem, note = note),
        },
        RemoteError::Io {
            action,
            path,
            source,
        } => RemoteError::Io {
            action: format!("{action} ({note})"),
            path,
            source,
        },
        other => other,
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "the push's parts, each used; a struct would only rename them"
)]
fn push_data(
    catalog: &Catalog,
    session: &Session,
    image: &Image,
    remote_id: &str,
    options: &PushOptions,
    task: &mut JobTask,
    job: &JobControl,
    send: &mut dyn FnMut(&str) -> RemoteResult<()>,
) -> RemoteResult<PushOutcome> {
    let size_bytes = image.size_bytes.unwrap_or(0);
    let mut method = planned_method(options);
    if !options.stores.is_default() {
        stores::check_method(session, &ImportMethod::GlanceDirect)?;
        stores::check_stores(session, &options.stores)?;
    }
    if method == PushMethod::Upload {
        task.progress(
            catalog,
            &step!(
                "rlib-step-uploading",
                size = size_bytes.to_string(),
                id = remote_id
            ),
        );
        match send(&format!("images/{remote_id}/file")) {
            Ok(()) => {}
            Err(e) if matches!(e.status(), Some(403 | 405)) && offers_glance_direct(session) => {
                task.progress(
                    catalog,
                    &step!("rlib-step-direct-refused", error = e.to_string()),
                );
                method = PushMethod::GlanceDirect;
            }
            Err(e) => return Err(e),
        }
    }
    if method == PushMethod::GlanceDirect {
        task.progress(
            catalog,
            &step!(
                "rlib-step-staging",
                size = size_bytes.to_string(),
                id = remote_id
            ),
        );
        send(&format!("images/{remote_id}/stage"))?;
        task.progress(
            catalog,
            &step!(
                |lang| "rlib-step-glance-direct",
                stores = options.stores.describe_in(lang)
            ),
        );
        session.start_import(remote_id, &ImportMethod::GlanceDirect, &options.stores)?;
    }
    let (remote, failed_stores) = if options.stores.is_default() {
        let remote = wait_active(
            catalog,
            session,
            remote_id,
            options.activate_timeout,
            task,
            job,
        )?;
        (remote, Vec::new())
    } else {
        // Until every chosen store is written (with failures allowed the image is active
        // after the first one).
        let outcome = stores::wait_import(
            catalog,
            session,
            remote_id,
            &Default::default(),
            &options.stores,
            options.activate_timeout,
            task,
            job,
        )?;
        (outcome.remote, outcome.failed)
    };
    let local_hash = image.os_hash_value.as_deref().unwrap_or_default();
    if remote.os_hash_value() != Some(local_hash) || remote.size_bytes() != image.size_bytes {
        return Err(RemoteError::Verify {
            context: image_context(&session.cloud().name, remote_id),
            problem: format!(
                "the remote os_hash_value {} / size {:?} differ from the local {local_hash} / {:?}",
                remote.os_hash_value().unwrap_or("(none)"),
                remote.size_bytes(),
                image.size_bytes
            ),
        });
    }
    task.progress(catalog, &step!("rlib-step-applying-members"));
    let mut members: Vec<String> = catalog
        .members(image.id)?
        .into_iter()
        .map(|m| m.member_id)
        .collect();
    members.extend(options.extra_members.iter().cloned());
    members.sort();
    members.dedup();
    for member in &members {
        match session.add_member(remote_id, member) {
            Ok(_) => {}
            Err(e) if e.status() == Some(409) => {}
            Err(e) => return Err(e),
        }
    }
    let remote = if image.protected {
        session.patch_image(
            remote_id,
            &[json!({"op": "replace", "path": "/protected", "value": true})],
        )?
    } else {
        remote
    };
    Ok(PushOutcome {
        remote,
        method,
        members,
        linked: false,
        failed_stores,
    })
}

fn offers_glance_direct(session: &Session) -> bool {
    session
        .import_methods()
        .is_ok_and(|methods| methods.iter().any(|m| m == "glance-direct"))
}

/// Poll the remote image (and its import tasks) until it is active, or failed, or the time is
/// up; each change of status or task message is written to the local task.
pub fn wait_active(
    catalog: &Catalog,
    session: &Session,
    remote_id: &str,
    timeout: Duration,
    task: &mut JobTask,
    job: &JobControl,
) -> RemoteResult<RemoteImage> {
    let context = image_context(&session.cloud().name, remote_id);
    let started = Instant::now();
    let mut delay = Duration::from_millis(100);
    let mut last_note = String::new();
    loop {
        let remote = session.show_image(remote_id)?;
        let failed_import = remote
            .properties()
            .get("os_glance_failed_import")
            .filter(|v| !v.is_empty())
            .cloned();
        let mut note = step!("rlib-note-remote-status", status = remote.status());
        let importing = matches!(remote.status(), "importing" | "uploading");
        if (importing || failed_import.is_some())
            && let Some(latest) = session
                .image_tasks(remote_id)
                .ok()
                .and_then(|t| t.last().cloned())
        {
            let status = latest.get("status").and_then(Value::as_str).unwrap_or("?");
            let message = latest.get("message").and_then(Value::as_str).unwrap_or("");
            note = step!(
                "rlib-note-status-and-task",
                status = remote.status(),
                task = status,
                message = message
            );
            note.english = note.english.trim().to_string();
            note.shown = note.shown.trim().to_string();
            if status == "failure" {
                return Err(RemoteError::Failed {
                    context,
                    problem: tr!("rlib-problem-import-task-failed", message = message),
                });
            }
        }
        if note.english != last_note {
            task.progress(catalog, &note);
            last_note = note.english;
        }
        match remote.status() {
            "active" => return Ok(remote),
            "killed" | "deleted" | "deactivated" => {
                return Err(RemoteError::Failed {
                    context,
                    problem: tr!("rlib-problem-became", status = remote.status()),
                });
            }
            "queued" if failed_import.is_some() => {
                return Err(RemoteError::Failed {
                    context,
                    problem: tr!(
                        "rlib-problem-import-failed-in",
                        stores = failed_import.unwrap_or_default()
                    ),
                });
            }
            _ => {}
        }
        still_waiting(job, started, timeout, remote.status(), &context)?;
        std::thread::sleep(delay);
        delay = (delay * 2).min(Duration::from_secs(2));
    }
}
