//! Remote cleanups the workbench owes a cloud. When a push or copy fails, the half-made
//! remote image is deleted; when that delete fails too (the cloud went away), the cleanup is
//! recorded in the registry instead of being forgotten, retried whenever a later command
//! reaches the cloud, and shown (CLI `cloud cleanup list|run`, the Remotes view) until done.
//! An image that is already gone (404) counts as cleaned up. Every remote image the
//! workbench creates carries [`CREATED_BY`], so the sync plan can find the ones left stuck.

use crate::backend::catalog::Catalog;
use crate::backend::remote::error::{RemoteError, RemoteResult};
use crate::backend::remote::session::Session;
use crate::store::cleanups as rows;

pub use crate::store::cleanups::{CleanupAction, PendingCleanup};

/// The property every remote image the workbench creates carries: `push:<local image id>` or
/// `copy:<source cloud>:<source image id>`.
pub const CREATED_BY: &str = "workbench_created_by";

/// Longest reason kept with a cleanup (the failed job's error can be long).
const REASON_CHARS: usize = 400;

/// What deleting a half-made remote image came to.
#[derive(Debug)]
pub enum Removal {
    /// Deleted now.
    Deleted,
    /// It was already gone (404).
    AlreadyGone,
    /// The delete failed; the cleanup is recorded and will be retried.
    Recorded(RemoteError),
    /// The delete failed and recording it failed too.
    Unrecorded(RemoteError, crate::backend::Error),
}

impl Removal {
    /// A note for the failed job's error, when the image is still on the cloud (in the
    /// current language: the job's error is shown; where it is stored, it is given in English).
    pub fn note(&self, remote_id: &str) -> Option<String> {
        match self {
            Removal::Deleted | Removal::AlreadyGone => None,
            Removal::Recorded(e) => Some(crate::tr!(
                "package-cleanup-recorded",
                id = remote_id,
                error = e.to_string()
            )),
            Removal::Unrecorded(e, db) => Some(crate::tr!(
                "package-cleanup-unrecorded",
                id = remote_id,
                error = e.to_string(),
                db = crate::i18n::errors::error_message(db)
            )),
        }
    }
}

/// What one cleanup attempt did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    /// The image was deleted.
    Deleted,
    /// The image was already gone.
    AlreadyGone,
}

impl Done {
    /// A short word for tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Done::Deleted => "deleted",
            Done::AlreadyGone => "already gone",
        }
    }
}

/// One cleanup and what trying it did (the error stays recorded on failure).
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The cleanup as it was before this attempt.
    pub cleanup: PendingCleanup,
    /// Done, or why not.
    pub outcome: Result<Done, String>,
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(REASON_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// Delete `remote_id`, a remote image the workbench made for a job that failed; when the
/// delete fails, record a pending cleanup (with `reason`) instead of forgetting it.
pub fn remove_or_record(
    catalog: &Catalog,
    session: &Session,
    remote_id: &str,
    reason: &str,
) -> Removal {
    match session.delete_image(remote_id) {
        Ok(()) => Removal::Deleted,
        Err(e) if e.status() == Some(404) => Removal::AlreadyGone,
        Err(e) => {
            tracing::warn!(
                cloud = session.cloud().name.as_str(),
                remote_id,
                error = e.to_string().as_str(),
                "remote cleanup recorded: the half-made image could not be deleted"
            );
            // Stored (and shown later to anyone, in any language): in English.
            let recorded = rows::record(
                &catalog.conn,
                &session.cloud().name,
                remote_id,
                CleanupAction::Delete,
                &shorten(&crate::i18n::english(reason)),
                &crate::i18n::english(&e.to_string()),
            );
            match recorded {
                Ok(()) => Removal::Recorded(e),
                Err(db) => Removal::Unrecorded(e, db),
            }
        }
    }
}

/// The pending cleanups of `cloud` (of every cloud with `None`).
pub fn pending(catalog: &Catalog, cloud: Option<&str>) -> RemoteResult<Vec<PendingCleanup>> {
    Ok(rows::pending(&catalog.conn, cloud)?)
}

/// Try every pending cleanup of the session's cloud once (a single request each, no backoff,
/// so a cloud that is still down costs little). Done ones are forgotten; failed ones keep
/// their row with one more attempt and the new error.
pub fn run(catalog: &Catalog, session: &Session) -> RemoteResult<Vec<Attempt>> {
    let mut attempts = Vec::new();
    for cleanup in pending(catalog, Some(session.cloud().name.as_str()))? {
        let outcome = match cleanup.action {
            CleanupAction::Delete => match session.delete_image_once(&cleanup.remote_id) {
                Ok(()) => Ok(Done::Deleted),
                Err(e) if e.status() == Some(404) => Ok(Done::AlreadyGone),
                Err(e) => Err(e.to_string()),
            },
        };
        match &outcome {
            Ok(_) => {
                tracing::info!(
                    cloud = cleanup.cloud.as_str(),
                    remote_id = cleanup.remote_id.as_str(),
                    "remote cleanup done"
                );
                rows::remove(&catalog.conn, cleanup.id)?
            }
            Err(error) => {
                tracing::warn!(
                    cloud = cleanup.cloud.as_str(),
                    remote_id = cleanup.remote_id.as_str(),
                    error = error.as_str(),
                    "remote cleanup failed again"
                );
                rows::note_failure(&catalog.conn, cleanup.id, &crate::i18n::english(error))?
            }
        }
        attempts.push(Attempt { cleanup, outcome });
    }
    Ok(attempts)
}

/// [`run`] as a side effect of a session that works: best-effort, never an error (a failed
/// attempt stays recorded; a failure to read the registry is left for the next time).
pub fn retry(catalog: &Catalog, session: &Session) -> Vec<Attempt> {
    run(catalog, session).unwrap_or_default()
}

/// Count a failed attempt for every pending cleanup of `cloud` that could not even be tried
/// (no session: `error` says why).
pub fn note_unreachable(catalog: &Catalog, cloud: &str, error: &str) -> RemoteResult<()> {
    let error = crate::i18n::english(error);
    for cleanup in pending(catalog, Some(cloud))? {
        rows::note_failure(&catalog.conn, cleanup.id, &error)?;
    }
    Ok(())
}
