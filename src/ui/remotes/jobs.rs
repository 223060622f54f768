//! The Remotes panel's long work, each on a thread of its own with its own catalog connection:
//! push, pull, prefetch into the cache and remote metadata updates run as jobs of the jobs
//! panel (progress, rate, ETA, Cancel), as does deleting a stuck remote image the workbench
//! made (a sync row), and the sync plan is computed off the UI thread. A push, pull or
//! prefetch reports its step (remote status, import task) as its control's note, which the
//! jobs panel shows; the image's State tab shows the same step from the job's task.

use std::sync::Arc;

use crate::backend::remote::cleanups::{self, Removal};
use crate::backend::remote::push::PushOptions;
use crate::backend::remote::{self as remote, RemoteError, RemoteResult, Session, sync};
use crate::backend::{Catalog, ErrorKind};
use crate::ui::bridge::{JobId, JobOutcome, Reply};
use crate::ui::format;
use crate::ui::remotes::bridge::{RemoteShared, ReplyFn, send, spawn, with_session};
use crate::ui::remotes::ops::{RemoteOp, RemoteReply};

fn op_cloud(op: &RemoteOp) -> String {
    match op {
        RemoteOp::Push { cloud, .. }
        | RemoteOp::Pull { cloud, .. }
        | RemoteOp::Prefetch { cloud, .. }
        | RemoteOp::UpdateRemote { cloud, .. }
        | RemoteOp::CleanUp { cloud, .. }
        | RemoteOp::Plan { cloud, .. } => cloud.clone(),
        _ => String::new(),
    }
}

/// Start a job op (push, pull, prefetch, update) on its own thread.
pub fn start(catalog: &Catalog, shared: Arc<RemoteShared>, op: RemoteOp, reply: ReplyFn) {
    let Some(job) = op.job() else { return };
    let job_catalog = match catalog.reopen() {
        Ok(c) => c,
        Err(e) => return reply(Reply::JobFinished(job, JobOutcome::Failed(e.to_string()))),
    };
    let thread_reply = reply.clone();
    let started = spawn(&reply, &format!("remote-job-{job}"), move || {
        let data_dir = job_catalog.data_dir().to_path_buf();
        let cloud = op_cloud(&op);
        let mut result = None;
        let connected = with_session(&shared, &data_dir, &cloud, &op, &thread_reply, |session| {
            result = Some(run_job(&job_catalog, &session, &op, &thread_reply));
        });
        let outcome = match (connected, result) {
            (Err(message), _) => JobOutcome::Failed(message),
            (Ok(()), Some(Ok(summary))) => JobOutcome::Succeeded(summary),
            (Ok(()), Some(Err(e))) if e.kind() == ErrorKind::Cancelled => JobOutcome::Cancelled,
            (Ok(()), Some(Err(e))) => JobOutcome::Failed(e.to_string()),
            // Waiting for the secret: the UI runs the op again once it is typed.
            (Ok(()), None) => return,
        };
        thread_reply(Reply::JobFinished(job, outcome));
    });
    if !started {
        reply(Reply::JobFinished(
            job,
            JobOutcome::Failed("cannot start the job thread".into()),
        ));
    }
}

fn run_job(
    catalog: &Catalog,
    session: &Session,
    op: &RemoteOp,
    reply: &ReplyFn,
) -> RemoteResult<String> {
    let cloud = session.cloud().name.clone();
    match op {
        RemoteOp::Push {
            job,
            control,
            image_id,
            method,
            keep_failed,
            ..
        } => {
            reply(Reply::JobImage(*job, *image_id));
            let options = PushOptions {
                method: *method,
                keep_failed: *keep_failed,
                ..Default::default()
            };
            let pushed = remote::push(catalog, session, *image_id, &options, control);
            let outcome = pushed?;
            send(
                reply,
                RemoteReply::Pushed(cloud.clone(), outcome.remote.id().to_string()),
            );
            Ok(format!(
                "pushed to cloud {cloud} as {} ({}, os_hash_value verified)",
                outcome.remote.id(),
                outcome.method.as_str()
            ))
        }
        RemoteOp::Pull {
            job,
            control,
            remote_id,
            select,
            ..
        } => {
            let pulled = remote::pull(catalog, session, remote_id, None, control);
            let outcome = pulled?;
            reply(Reply::JobImage(*job, outcome.image.id));
            send(
                reply,
                RemoteReply::Pulled(cloud.clone(), outcome.image.id, *select),
            );
            send(reply, RemoteReply::CacheChanged);
            Ok(if outcome.already_present {
                format!("already pulled as \"{}\"", outcome.image.label())
            } else {
                format!(
                    "pulled \"{}\" from cloud {cloud} ({}, sha512 verified)",
                    outcome.image.label(),
                    format::bytes(outcome.image.size_bytes)
                )
            })
        }
        RemoteOp::Prefetch {
            job,
            control,
            remote_id,
            ..
        } => {
            let queued = remote::queue(catalog, session, remote_id, control);
            queued?;
            send(reply, RemoteReply::CacheChanged);
            Ok(format!(
                "cached remote image {remote_id} of cloud {cloud} ({}, sha512 verified)",
                format::bytes_exact(control.total_bytes())
            ))
        }
        RemoteOp::UpdateRemote {
            remote_id, edit, ..
        } => {
            let image = session.edit_image(remote_id, edit)?;
            send(reply, RemoteReply::Changed(cloud.clone()));
            Ok(format!(
                "updated the metadata of remote image \"{}\"",
                image.label()
            ))
        }
        RemoteOp::CleanUp { remote_id, .. } => {
            let reason = format!("sync: a stuck remote image on cloud {cloud}");
            let removal = cleanups::remove_or_record(catalog, session, remote_id, &reason);
            send(reply, RemoteReply::Changed(cloud.clone()));
            send(
                reply,
                RemoteReply::Cleanups(
                    cloud.clone(),
                    cleanups::pending(catalog, Some(cloud.as_str())).map_err(|e| e.to_string()),
                ),
            );
            match removal {
                Removal::Deleted => Ok(format!("deleted stuck remote image {remote_id}")),
                Removal::AlreadyGone => {
                    Ok(format!("stuck remote image {remote_id} was already gone"))
                }
                other => Err(RemoteError::Failed {
                    context: format!("cloud \"{cloud}\": image {remote_id}"),
                    problem: other.note(remote_id).unwrap_or_default(),
                }),
            }
        }
        _ => Ok(String::new()),
    }
}

/// Compute the sync plan on a thread of its own.
pub fn plan(catalog: &Catalog, shared: Arc<RemoteShared>, op: RemoteOp, reply: ReplyFn) {
    let RemoteOp::Plan {
        cloud,
        generation,
        filter,
    } = op.clone()
    else {
        return;
    };
    let plan_catalog = match catalog.reopen() {
        Ok(c) => c,
        Err(e) => {
            return send(
                &reply,
                RemoteReply::Plan(cloud, generation, Err(e.to_string())),
            );
        }
    };
    let thread_reply = reply.clone();
    spawn(&reply, "sync-plan", move || {
        let data_dir = plan_catalog.data_dir().to_path_buf();
        let mut result = None;
        let connected = with_session(&shared, &data_dir, &cloud, &op, &thread_reply, |session| {
            result = Some(sync::plan(&plan_catalog, &session, &filter).map_err(|e| e.to_string()));
        });
        let result = match (connected, result) {
            (Err(message), _) => Err(message),
            (Ok(()), Some(result)) => result,
            (Ok(()), None) => return,
        };
        send(&thread_reply, RemoteReply::Plan(cloud, generation, result));
    });
}
