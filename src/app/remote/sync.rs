//! Sync as one operation for both front ends. [`plan`] lists the cloud and compares, noting
//! the time the listing started; [`apply`] runs the chosen rows in order (push, pull, update
//! the remote's metadata, delete a stuck image the workbench made) and records the cloud's
//! last completed sync when every runnable row of the plan was applied and none failed, so
//! `sync --incremental` sees a sync whoever applied it (`sync --apply` or the window).
//! A push row is checked against the project's quota just before it starts (the usage read
//! again, as earlier rows changed it): one that would exceed a limit is refused naming the
//! limit, nothing of it is created, and the plan goes on with the other rows; a row whose
//! data the other side already holds is refused too. Refused rows are listed in the
//! summary, and a plan with any is not recorded as a completed sync.

use crate::backend::remote::cleanups::{self, Removal};
use crate::backend::remote::error::image_context;
use crate::backend::remote::push::PushOptions;
use crate::backend::remote::same_data::SameData;
use crate::backend::remote::sync::{SyncAction, SyncFilter, SyncRow};
use crate::backend::remote::{self as remote, RemoteError, RemoteResult, Session};
use crate::backend::{Catalog, Error, JobControl};
use crate::i18n::errors::Shown;
use crate::tr;

/// A plan and when its listing started.
#[derive(Debug, Clone)]
pub struct SyncPlan {
    /// The cloud.
    pub cloud: String,
    /// The rows, one per image on either side.
    pub rows: Vec<SyncRow>,
    /// When the listing started (RFC 3339, UTC): what a completed apply records, so a change
    /// made while the plan ran is seen by the next incremental sync.
    pub listed_at: String,
}

/// Compare the catalog with the cloud.
pub fn plan(catalog: &Catalog, session: &Session, filter: &SyncFilter) -> RemoteResult<SyncPlan> {
    let listed_at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let rows = remote::plan(catalog, session, filter)?;
    Ok(SyncPlan {
        cloud: session.cloud().name.clone(),
        rows,
        listed_at,
    })
}

/// Whether a row's action does something when applied.
pub fn runnable(action: SyncAction) -> bool {
    matches!(
        action,
        SyncAction::Push | SyncAction::Pull | SyncAction::UpdateRemote | SyncAction::Cleanup
    )
}

/// What applying one row did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowOutcome {
    /// Done: what was done ("pushed as …").
    Done(String),
    /// Not run, and why (data differs on both sides).
    Skipped(String),
    /// Refused before it started (over a quota, or the other side holds the same data):
    /// why, naming the limit.
    Refused(String),
    /// Failed: the library's message.
    Failed(String),
}

/// What applying a plan did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Rows done.
    pub done: usize,
    /// Rows failed.
    pub failed: usize,
    /// Rows refused before they started (their labels, in order).
    pub refused: Vec<String>,
    /// Whether the cloud's last completed sync was recorded.
    pub recorded: bool,
}

impl Applied {
    /// One line for a status bar or a job's summary.
    pub fn summary(&self, cloud: &str) -> String {
        let refused = self.refused.join(", ");
        let recorded = if self.recorded { "yes" } else { "no" };
        match (self.failed, self.refused.len()) {
            (0, 0) => tr!(
                "rlib-sync-summary",
                cloud = cloud,
                done = self.done,
                recorded = recorded
            ),
            (failed, 0) => tr!(
                "rlib-sync-summary-failed",
                cloud = cloud,
                done = self.done,
                failed = failed,
                recorded = recorded
            ),
            (0, count) => tr!(
                "rlib-sync-summary-refused",
                cloud = cloud,
                done = self.done,
                count = count,
                refused = refused,
                recorded = recorded
            ),
            (failed, count) => tr!(
                "rlib-sync-summary-failed-refused",
                cloud = cloud,
                done = self.done,
                failed = failed,
                count = count,
                refused = refused,
                recorded = recorded
            ),
        }
    }
}

/// Apply `chosen` (rows of `plan` with the action a person picked) in order, reporting each
/// row through `on_row`. The sync is recorded when `complete` (every runnable row of the plan
/// is among `chosen`) and nothing failed. Cancelling `control` stops before the next row.
pub fn apply(
    catalog: &Catalog,
    session: &Session,
    plan: &SyncPlan,
    chosen: &[SyncRow],
    complete: bool,
    control: &JobControl,
    on_row: &mut dyn FnMut(&SyncRow, &RowOutcome),
) -> Result<Applied, Error> {
    let cloud = plan.cloud.as_str();
    tracing::info!(cloud, rows = chosen.len(), "sync apply started");
    let mut applied = Applied::default();
    let total = chosen.iter().filter(|r| runnable(r.action)).count();
    let mut index = 0;
    for row in chosen {
        if control.is_cancelled() {
            return Err(Error::Cancelled(tr!("rlib-sync-subject", cloud = cloud)));
        }
        let outcome = match apply_row(catalog, session, row, control, index, total) {
            None => continue,
            Some(Ok(done)) => {
                applied.done += 1;
                RowOutcome::Done(done)
            }
            Some(Err(RowError::Skipped(why))) => RowOutcome::Skipped(why),
            Some(Err(RowError::Refused(why))) => {
                applied.refused.push(row.label());
                RowOutcome::Refused(why)
            }
            Some(Err(RowError::Failed(e))) if control.is_cancelled() => {
                return Err(Error::from(e));
            }
            Some(Err(RowError::Failed(e))) => {
                applied.failed += 1;
                RowOutcome::Failed(e.shown())
            }
        };
        if runnable(row.action) {
            index += 1;
        }
        match &outcome {
            RowOutcome::Failed(error) | RowOutcome::Refused(error) => {
                tracing::warn!(
                    cloud,
                    image = row.label().as_str(),
                    error,
                    "sync action failed"
                );
            }
            RowOutcome::Done(what) | RowOutcome::Skipped(what) => {
                tracing::info!(
                    cloud,
                    image = row.label().as_str(),
                    outcome = what,
                    "sync action"
                );
            }
        }
        on_row(row, &outcome);
    }
    if complete && applied.failed == 0 && applied.refused.is_empty() {
        catalog.record_sync(cloud, &plan.listed_at)?;
        applied.recorded = true;
    }
    Ok(applied)
}

/// Why a row did not succeed.
enum RowError {
    Skipped(String),
    Refused(String),
    Failed(RemoteError),
}

/// A push row's quota pre-check, with the usage read now; `Err` names the limit. `Ok(true)`
/// when the usage was read and the push fits (the push need not read it again).
fn quota_allows(session: &Session, local: &crate::backend::Image) -> Result<bool, String> {
    let usage = match session.usage() {
        Ok(usage) => usage,
        Err(e) => {
            tracing::debug!(error = %e, "sync: quota usage not read; Glance decides");
            return Ok(false);
        }
    };
    // A sync push uploads with PUT …/file (PushOptions' default): nothing is staged.
    usage
        .check_push(local.size_bytes.unwrap_or(0), false)
        .map(|()| true)
        .map_err(|over| {
            tr!(
                "rlib-sync-refused-quota",
                cloud = session.cloud().name,
                over = over.to_string()
            )
        })
}

/// A same-data refusal is the row's refusal, not a failure.
fn refused_or_failed(error: RemoteError) -> RowError {
    match error {
        RemoteError::Local(Error::SameData {
            subject, problem, ..
        }) => RowError::Refused(tr!(
            "rlib-subject-problem",
            subject = subject,
            problem = problem
        )),
        other => RowError::Failed(other),
    }
}

/// Run one row's action; `None` when it has nothing to run.
fn apply_row(
    catalog: &Catalog,
    session: &Session,
    row: &SyncRow,
    control: &JobControl,
    index: usize,
    total: usize,
) -> Option<Result<String, RowError>> {
    let cloud = session.cloud().name.as_str();
    let step = |what: String| {
        control.set_note(&tr!(
            "rlib-sync-step",
            index = (index + 1).to_string(),
            total = total.to_string(),
            what = what
        ));
    };
    // Each row's transfer counts its own bytes.
    control.set_done_bytes(0);
    control.set_total_bytes(0);
    let result = match (row.action, &row.local, &row.remote) {
        (SyncAction::Push, Some(local), _) => {
            step(tr!("rlib-sync-step-push", label = local.label()));
            let checked = match quota_allows(session, local) {
                Ok(checked) => checked,
                Err(why) => return Some(Err(RowError::Refused(why))),
            };
            // Pairing by data keeps most duplicates out of the plan; an image the listing
            // left out (another project's, another name) still refuses, and the row says so.
            let options = PushOptions {
                on_same_data: SameData::Refuse,
                skip_quota_check: checked,
                ..Default::default()
            };
            remote::push(catalog, session, local.id, &options, control)
                .map(|o| tr!("rlib-sync-pushed-as", id = o.remote.id()))
        }
        (SyncAction::Pull, _, Some(r)) => {
            step(tr!("rlib-sync-step-pull", label = r.label()));
            remote::pull_or_link(catalog, session, r.id(), None, SameData::Refuse, control)
                .map(|o| tr!("rlib-sync-pulled-as", id = o.image.id.to_string()))
        }
        (SyncAction::UpdateRemote, _, Some(r)) => {
            let edit = row.edit.as_ref()?;
            step(tr!("rlib-sync-step-update", label = r.label()));
            session
                .edit_image(r.id(), edit)
                .map(|_| tr!("rlib-sync-updated"))
        }
        (SyncAction::Cleanup, _, Some(r)) => {
            step(tr!("rlib-sync-step-delete", label = r.label()));
            let reason = format!("sync: stuck in {} on cloud {cloud}", r.status());
            match cleanups::remove_or_record(catalog, session, r.id(), &reason) {
                Removal::Deleted => Ok(tr!("rlib-sync-stuck-deleted")),
                Removal::AlreadyGone => Ok(tr!("rlib-sync-stuck-gone")),
                removal => Err(RemoteError::Failed {
                    context: image_context(cloud, r.id()),
                    problem: removal.note(r.id()).unwrap_or_default(),
                }),
            }
        }
        (SyncAction::Conflict, _, _) => {
            return Some(Err(RowError::Skipped(tr!("rlib-sync-conflict-skipped"))));
        }
        _ => return None,
    };
    Some(result.map_err(refused_or_failed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, set_thread_lang};

    #[test]
    fn the_summary_in_both_languages() {
        let applied = Applied {
            done: 1,
            failed: 0,
            refused: vec!["b".into(), "c".into()],
            recorded: false,
        };
        let all = Applied {
            done: 2,
            recorded: true,
            ..Default::default()
        };
        set_thread_lang(Some(Lang::En));
        let en = (applied.summary("lab"), all.summary("lab"));
        set_thread_lang(Some(Lang::ZhCn));
        let zh = (applied.summary("lab"), all.summary("lab"));
        set_thread_lang(None);
        assert_eq!(en.0, "sync with cloud lab: 1 action done, 2 refused (b, c)");
        assert_eq!(
            en.1,
            "sync with cloud lab: 2 actions done; recorded as the last completed sync"
        );
        assert_eq!(zh.0, "与云 lab 同步：已完成 1 个操作，2 个被拒绝（b, c）");
        assert_eq!(
            zh.1,
            "与云 lab 同步：已完成 2 个操作；已记为最近一次完成的同步"
        );
    }
}
