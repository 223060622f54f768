//! Remote jobs as the service runs them, each through the one job runner
//! ([`crate::app::jobs::spawn_job`]) on a thread of its own with its own catalog connection:
//! push, pull, a copy between clouds (its own runner, `copy.rs`: two sessions), prefetch into
//! the cache, remote metadata updates, deleting a stuck remote image the workbench made, and
//! applying a sync plan; the sync plan itself is computed off the service thread. A push,
//! pull, copy or prefetch reports its step (remote status, import task) as its control's
//! note; the image's State tab shows the same step from the job's task.
//! A push, pull or copy refused because the other side holds the same data waits, like one
//! waiting for a secret: the front end is told ([`RemoteReply::SameData`]) and runs the op
//! again with the person's choice (link or copy), or gives the job up.

use crate::i18n::errors::Shown;
use std::sync::Arc;

use crate::app::jobs::{Ended, EventSink, spawn, spawn_job};
use crate::app::protocol::remote::{RemoteOp, RemoteReply};
use crate::app::remote::Trouble;
use crate::app::remote::stores as app_stores;
use crate::app::remote::sync as app_sync;
use crate::app::remote::{RemoteShared, send, with_session};
use crate::backend::Catalog;
use crate::backend::remote::cleanups::{self, Removal};
use crate::backend::remote::config::{AuthType, Clouds};
use crate::backend::remote::error::{cloud_subject, image_context};
use crate::backend::remote::push::PushOptions;
use crate::backend::remote::{self as remote, RemoteError, RemoteResult, Session};
use crate::format;
use crate::tr;

fn op_cloud(op: &RemoteOp) -> String {
    op.session_cloud().unwrap_or_default().to_string()
}

/// What a job op is called in the log.
fn op_name(op: &RemoteOp) -> &'static str {
    match op {
        RemoteOp::Push { .. } => "push",
        RemoteOp::Pull { .. } => "pull",
        RemoteOp::Copy { .. } => "copy",
        RemoteOp::Prefetch { .. } => "prefetch",
        RemoteOp::UpdateRemote { .. } => "update remote",
        RemoteOp::CleanUp { .. } => "remote cleanup",
        RemoteOp::ApplySync { .. } => "sync apply",
        RemoteOp::CopyToStores { .. } => "copy to stores",
        RemoteOp::ImportUrl { .. } => "import from URL",
        _ => "remote",
    }
}

/// Start a job op (push, pull, copy, prefetch, update, cleanup, sync apply) as a job.
pub fn start(catalog: &Catalog, shared: Arc<RemoteShared>, op: RemoteOp, sink: &EventSink) {
    let Some(job) = op.job() else { return };
    // A copy needs two clouds' sessions (app::remote::copy).
    if let RemoteOp::Copy { .. } = &op {
        spawn_job(catalog, job, op_name(&op), sink, move |catalog, sink| {
            crate::app::remote::copy::run_job(catalog, &shared, &op, sink)
        });
        return;
    }
    if let RemoteOp::Push { more_clouds, .. } = &op
        && !more_clouds.is_empty()
    {
        spawn_job(catalog, job, "push", sink, move |catalog, sink| {
            push_many(catalog, &shared, &op, sink)
        });
        return;
    }
    spawn_job(catalog, job, op_name(&op), sink, move |catalog, sink| {
        let data_dir = catalog.data_dir().to_path_buf();
        let cloud = op_cloud(&op);
        let mut result = None;
        let connected = with_session(&shared, &data_dir, &cloud, &op, sink, |session| {
            result = Some(run_job(catalog, &session, &op, sink));
        });
        match (connected, result) {
            (Err(message), _) => Ended::Failed(crate::backend::Error::Internal(message)),
            (Ok(()), Some(Ok(summary))) => Ended::Done(summary),
            (
                Ok(()),
                Some(Err(RemoteError::Local(crate::backend::Error::SameData {
                    subject,
                    problem,
                    found_id,
                    found_label,
                }))),
            ) => {
                if let Some(job) = op.job() {
                    tracing::info!(
                        job,
                        "waiting for a choice: the same data is on the other side"
                    );
                }
                send(
                    sink,
                    RemoteReply::SameData {
                        cloud,
                        message: tr!("rlib-subject-problem", subject = subject, problem = problem),
                        found: (found_id, found_label),
                        retry: Box::new(op.clone()),
                    },
                );
                Ended::Waiting
            }
            (Ok(()), Some(Err(e))) => Ended::Failed(e.into()),
            // Waiting for the secret: the front end runs the op again once it is typed.
            (Ok(()), None) => Ended::Waiting,
        }
    });
}

fn run_job(
    catalog: &Catalog,
    session: &Session,
    op: &RemoteOp,
    sink: &EventSink,
) -> RemoteResult<String> {
    let cloud = session.cloud().name.clone();
    match op {
        RemoteOp::Push {
            job,
            control,
            image_id,
            method,
            keep_failed,
            on_same_data,
            stores,
            ..
        } => {
            sink(crate::app::protocol::Event::JobImage(*job, *image_id));
            let options = PushOptions {
                method: *method,
                keep_failed: *keep_failed,
                on_same_data: *on_same_data,
                stores: stores.clone(),
                ..Default::default()
            };
            let outcome = remote::push(catalog, session, *image_id, &options, control)?;
            send(
                sink,
                RemoteReply::Pushed(cloud.clone(), outcome.remote.id().to_string()),
            );
            if outcome.linked {
                return Ok(tr!(
                    "rlib-outcome-push-linked",
                    id = outcome.remote.id(),
                    cloud = cloud
                ));
            }
            let id = outcome.remote.id();
            let method = outcome.method.as_str();
            let pushed = match outcome.remote.stores() {
                Some(stores) if !stores.is_empty() => tr!(
                    "rlib-outcome-pushed-into",
                    cloud = cloud,
                    id = id,
                    method = method,
                    stores = stores
                ),
                _ => tr!(
                    "rlib-outcome-pushed",
                    cloud = cloud,
                    id = id,
                    method = method
                ),
            };
            Ok(if outcome.failed_stores.is_empty() {
                pushed
            } else {
                tr!(
                    "rlib-outcome-failed-in-stores",
                    done = pushed,
                    stores = outcome.failed_stores.join(", ")
                )
            })
        }
        RemoteOp::CopyToStores {
            control,
            remote_id,
            stores,
            ..
        } => {
            let result = app_stores::copy_to_stores(catalog, session, remote_id, stores, control);
            send(sink, RemoteReply::Changed(cloud.clone()));
            Ok(result?.1)
        }
        RemoteOp::ImportUrl {
            control, request, ..
        } => {
            let result = app_stores::import_url(catalog, session, request, control);
            send(sink, RemoteReply::Changed(cloud.clone()));
            Ok(result?.1)
        }
        RemoteOp::Pull {
            job,
            control,
            remote_id,
            select,
            on_same_data,
            ..
        } => {
            let outcome =
                remote::pull_or_link(catalog, session, remote_id, None, *on_same_data, control)?;
            sink(crate::app::protocol::Event::JobImage(
                *job,
                outcome.image.id,
            ));
            send(
                sink,
                RemoteReply::Pulled(cloud.clone(), outcome.image.id, *select),
            );
            send(sink, RemoteReply::CacheChanged);
            Ok(if outcome.linked {
                tr!(
                    "rlib-outcome-pull-linked",
                    label = outcome.image.label(),
                    id = remote_id,
                    cloud = cloud
                )
            } else if outcome.already_present {
                tr!("rlib-outcome-already-pulled", label = outcome.image.label())
            } else {
                tr!(
                    "rlib-outcome-pulled",
                    label = outcome.image.label(),
                    cloud = cloud,
                    size = format::bytes(outcome.image.size_bytes)
                )
            })
        }
        RemoteOp::Prefetch {
            control, remote_id, ..
        } => {
            remote::queue(catalog, session, remote_id, control)?;
            send(sink, RemoteReply::CacheChanged);
            Ok(tr!(
                "rlib-outcome-cached",
                id = remote_id,
                cloud = cloud,
                size = format::bytes_exact(control.total_bytes())
            ))
        }
        RemoteOp::UpdateRemote {
            remote_id, edit, ..
        } => {
            let image = session.edit_image(remote_id, edit)?;
            send(sink, RemoteReply::Changed(cloud.clone()));
            Ok(tr!("rlib-outcome-updated", label = image.label()))
        }
        RemoteOp::CleanUp { remote_id, .. } => {
            let reason = format!("sync: a stuck remote image on cloud {cloud}");
            let removal = cleanups::remove_or_record(catalog, session, remote_id, &reason);
            send(sink, RemoteReply::Changed(cloud.clone()));
            send(
                sink,
                RemoteReply::Cleanups(
                    cloud.clone(),
                    cleanups::pending(catalog, Some(cloud.as_str())).map_err(|e| e.shown()),
                ),
            );
            match removal {
                Removal::Deleted => Ok(tr!("rlib-outcome-stuck-deleted", id = remote_id)),
                Removal::AlreadyGone => Ok(tr!("rlib-outcome-stuck-gone", id = remote_id)),
                other => Err(RemoteError::Failed {
                    context: image_context(&cloud, remote_id),
                    problem: other.note(remote_id).unwrap_or_default(),
                }),
            }
        }
        RemoteOp::ApplySync {
            control,
            plan,
            chosen,
            complete,
            ..
        } => {
            let applied = app_sync::apply(
                catalog,
                session,
                plan,
                chosen,
                *complete,
                control,
                &mut |row, outcome| {
                    send(
                        sink,
                        RemoteReply::SyncRow(cloud.clone(), row.label(), outcome.clone()),
                    );
                },
            )?;
            send(sink, RemoteReply::Changed(cloud.clone()));
            send(sink, RemoteReply::CacheChanged);
            let summary = applied.summary(&cloud);
            if applied.failed > 0 || !applied.refused.is_empty() {
                return Err(RemoteError::Failed {
                    context: cloud_subject(&cloud),
                    problem: summary,
                });
            }
            Ok(summary)
        }
        _ => Ok(String::new()),
    }
}

/// A push to several clouds as one job: a session per cloud (a missing secret asks for it
/// and the whole op runs again once typed; a cloud that cannot be reached is that cloud's
/// failure), then one pass over the data ([`remote::push_many`]). The job is done when every
/// cloud is; it fails, naming each cloud's outcome, when any failed; when the only failures
/// are clouds that already hold the data, it waits for the same-data question, whose answer
/// runs the push again to those clouds alone.
fn push_many(catalog: &Catalog, shared: &RemoteShared, op: &RemoteOp, sink: &EventSink) -> Ended {
    let RemoteOp::Push {
        job,
        control,
        cloud,
        more_clouds,
        image_id,
        method,
        keep_failed,
        on_same_data,
        stores,
    } = op
    else {
        return Ended::Waiting;
    };
    sink(crate::app::protocol::Event::JobImage(*job, *image_id));
    let mut names: Vec<String> = Vec::new();
    for name in std::iter::once(cloud).chain(more_clouds) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    let mut sessions = Vec::new();
    let mut lines: Vec<(String, Result<String, String>)> = Vec::new();
    for name in &names {
        match shared.session(name) {
            Ok(session) => sessions.push(session),
            Err(Trouble::NeedSecret(problem)) => {
                let auth_type = Clouds::load(Some(catalog.data_dir()))
                    .and_then(|c| c.pick(Some(name)))
                    .map_or(AuthType::Password, |c| c.auth_type);
                send(
                    sink,
                    RemoteReply::NeedSecret {
                        cloud: name.clone(),
                        auth_type,
                        retry: Box::new(op.clone()),
                        problem,
                    },
                );
                return Ended::Waiting;
            }
            Err(Trouble::Failed(message)) => lines.push((name.clone(), Err(message))),
        }
    }
    // A store choice applies to every ticked cloud; a cloud without those stores refuses
    // on its own (one line naming its stores) and the others go on.
    let options = PushOptions {
        method: *method,
        keep_failed: *keep_failed,
        on_same_data: *on_same_data,
        stores: stores.clone(),
        ..Default::default()
    };
    let pushed = if sessions.is_empty() {
        Vec::new()
    } else {
        match remote::push_many(catalog, &sessions, *image_id, &options, control) {
            Ok(pushed) => pushed,
            Err(e) => return Ended::Failed(e.into()),
        }
    };
    // Clouds that hold the data already: (cloud, message, found).
    let mut same = Vec::new();
    for p in pushed {
        match p.result {
            Ok(outcome) => {
                let id = outcome.remote.id().to_string();
                send(sink, RemoteReply::Pushed(p.cloud.clone(), id.clone()));
                let line = if outcome.linked {
                    tr!("rlib-cloud-line-linked", id = id)
                } else {
                    tr!(
                        "rlib-cloud-line-pushed",
                        id = id,
                        method = outcome.method.as_str()
                    )
                };
                lines.push((p.cloud, Ok(line)));
            }
            Err(RemoteError::Local(crate::backend::Error::SameData {
                subject,
                problem,
                found_id,
                found_label,
            })) => same.push((
                p.cloud,
                tr!("rlib-subject-problem", subject = subject, problem = problem),
                (found_id, found_label),
            )),
            Err(e) => lines.push((p.cloud, Err(e.shown()))),
        }
    }
    lines.sort_by_key(|(cloud, _)| names.iter().position(|n| n == cloud));
    let text = |lines: &[(String, Result<String, String>)]| {
        lines
            .iter()
            .map(|(cloud, line)| match line {
                Ok(done) => tr!("rlib-cloud-line-done", cloud = cloud, done = done),
                Err(why) => tr!("rlib-cloud-line-failed", cloud = cloud, why = why),
            })
            .collect::<Vec<_>>()
            .join(&tr!("rlib-list-separator"))
    };
    let failures = lines.iter().filter(|(_, l)| l.is_err()).count();
    if control.is_cancelled() {
        return Ended::Failed(crate::backend::Error::Cancelled(text(&lines)));
    }
    if failures > 0 || (!same.is_empty() && *on_same_data != remote::SameData::Refuse) {
        for (cloud, message, _) in same {
            lines.push((cloud, Err(message)));
        }
        return Ended::Failed(crate::backend::Error::Internal(tr!(
            "rlib-outcome-push-many-failed",
            failed = lines.iter().filter(|(_, l)| l.is_err()).count(),
            count = lines.len(),
            lines = text(&lines)
        )));
    }
    if let Some((first, message, found)) = same.first().cloned() {
        // Ask once for the clouds that hold the data; the answer pushes to them alone.
        let refused: Vec<String> = same.iter().map(|(c, ..)| c.clone()).collect();
        let mut retry = op.clone();
        if let RemoteOp::Push {
            cloud, more_clouds, ..
        } = &mut retry
        {
            cloud.clone_from(&first);
            *more_clouds = refused[1..].to_vec();
        }
        let message = if lines.is_empty() {
            message
        } else {
            tr!(
                "rlib-problem-and-note",
                problem = text(&lines),
                note = message
            )
        };
        let message = if refused.len() > 1 {
            tr!(
                "rlib-same-data-more-clouds",
                message = message,
                clouds = refused[1..].join(", ")
            )
        } else {
            message
        };
        control.set_note(&text(&lines));
        send(
            sink,
            RemoteReply::SameData {
                cloud: first,
                message,
                found,
                retry: Box::new(retry),
            },
        );
        return Ended::Waiting;
    }
    Ended::Done(tr!(
        "rlib-outcome-pushed-many",
        count = lines.len(),
        lines = text(&lines)
    ))
}

/// Compute the sync plan on a thread of its own (`incremental`: only remote images changed
/// since the last completed sync with the cloud).
pub fn plan(catalog: &Catalog, shared: Arc<RemoteShared>, op: RemoteOp, sink: &EventSink) {
    let RemoteOp::Plan {
        cloud,
        generation,
        mut filter,
        incremental,
    } = op.clone()
    else {
        return;
    };
    let plan_catalog = match catalog.reopen() {
        Ok(c) => c,
        Err(e) => {
            return send(sink, RemoteReply::Plan(cloud, generation, Err(e.shown())));
        }
    };
    let thread_sink = sink.clone();
    spawn(sink, "sync-plan", move || {
        if incremental {
            match plan_catalog.last_sync(&cloud) {
                Ok(since) => filter.since = since,
                Err(e) => {
                    let failed = RemoteReply::Plan(cloud, generation, Err(e.shown()));
                    return send(&thread_sink, failed);
                }
            }
        }
        let data_dir = plan_catalog.data_dir().to_path_buf();
        let mut result = None;
        let connected = with_session(&shared, &data_dir, &cloud, &op, &thread_sink, |session| {
            result = Some(
                app_sync::plan(&plan_catalog, &session, &filter)
                    .map(Box::new)
                    .map_err(|e| e.shown()),
            );
        });
        let result = match (connected, result) {
            (Err(message), _) => Err(message),
            (Ok(()), Some(result)) => result,
            (Ok(()), None) => return,
        };
        send(&thread_sink, RemoteReply::Plan(cloud, generation, result));
    });
}
