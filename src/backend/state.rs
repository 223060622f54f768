//! The Glance status state machines (images and tasks) and the one function through which
//! every image status change goes: it checks the table, writes the new status and records the
//! transition (time, from, to, cause) inside the caller's transaction, so the change and its
//! side effect commit or roll back together.

use chrono::Utc;
use rusqlite::Transaction;

use crate::backend::error::{Error, Result};
use crate::backend::model::{ImageId, ImageStatus, TaskStatus};
use crate::backend::{image_subject, status_text};
use crate::store::registry;
use crate::tr;

/// The statuses an image may move to from `from` (Glance's `valid_state_targets`, plus
/// restore from pending_delete).
pub fn allowed_targets(from: ImageStatus) -> &'static [ImageStatus] {
    use ImageStatus::*;
    match from {
        Queued => &[Saving, Uploading, Importing, Active, Deleted],
        Saving => &[Active, Killed, Deleted, Queued],
        Uploading => &[Importing, Queued, Deleted],
        Importing => &[Active, Deleted, Queued],
        Active => &[PendingDelete, Deleted, Deactivated],
        Deactivated => &[Active, Deleted],
        Killed => &[Deleted],
        PendingDelete => &[Deleted, Active],
        Deleted => &[],
    }
}

/// Whether an image may move from `from` to `to`.
pub fn is_allowed(from: ImageStatus, to: ImageStatus) -> bool {
    allowed_targets(from).contains(&to)
}

/// The statuses a task may move to from `from`.
pub fn allowed_task_targets(from: TaskStatus) -> &'static [TaskStatus] {
    use TaskStatus::*;
    match from {
        Pending => &[Processing, Failure],
        Processing => &[Success, Failure],
        Success | Failure => &[],
    }
}

/// Whether a task may move from `from` to `to`.
pub fn is_task_allowed(from: TaskStatus, to: TaskStatus) -> bool {
    allowed_task_targets(from).contains(&to)
}

/// Move image `image_id` to `to`, recording `cause`. When `expected_from` is given, the image
/// must currently be in that status (a conflict otherwise), which guards a long job against
/// someone else having changed the image meanwhile. Returns the previous status.
///
/// This is the only function that writes an image's status.
pub fn apply_transition(
    tx: &Transaction<'_>,
    image_id: ImageId,
    expected_from: Option<ImageStatus>,
    to: ImageStatus,
    cause: &str,
) -> Result<ImageStatus> {
    let (from, label) = registry::image_status_and_label(tx, image_id)?
        .ok_or_else(|| Error::NotFound(tr!("backend-no-image-id", id = image_id.to_string())))?;
    if let Some(expected) = expected_from
        && expected != from
    {
        // The label comes quoted: "NAME".
        let name = label
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
            .unwrap_or(&label);
        return Err(Error::conflict(
            image_subject(name),
            conflict_problem(from, expected, to),
        ));
    }
    if !is_allowed(from, to) {
        return Err(Error::IllegalTransition {
            image: label,
            from,
            to,
        });
    }
    let now = Utc::now();
    registry::write_status(tx, image_id, to, &now)?;
    registry::insert_transition(tx, image_id, Some(from), to, cause, &now)?;
    Ok(from)
}

/// Why a transition expecting `expected` found the image in `from` instead. `saving` means
/// an upload (or adoption or pull) holds the image right now, so wanting to start one then
/// is a concurrent upload, not a stale view.
fn conflict_problem(from: ImageStatus, expected: ImageStatus, to: ImageStatus) -> String {
    match (from, to) {
        (ImageStatus::Saving, ImageStatus::Saving) => tr!("backend-upload-running"),
        _ => tr!(
            "backend-status-changed",
            from = status_text(from),
            expected = status_text(expected)
        ),
    }
}

/// Why data cannot be uploaded to an image in `status` (only `queued` takes data).
pub(crate) fn not_queued_for_upload(status: ImageStatus) -> String {
    match status {
        ImageStatus::Saving => conflict_problem(status, ImageStatus::Queued, ImageStatus::Saving),
        other => tr!("backend-upload-needs-queued", status = status_text(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_glance() {
        use ImageStatus::*;
        let expected: &[(ImageStatus, &[ImageStatus])] = &[
            (Queued, &[Saving, Uploading, Importing, Active, Deleted]),
            (Saving, &[Active, Killed, Deleted, Queued]),
            (Uploading, &[Importing, Queued, Deleted]),
            (Importing, &[Active, Deleted, Queued]),
            (Active, &[PendingDelete, Deleted, Deactivated]),
            (Deactivated, &[Active, Deleted]),
            (Killed, &[Deleted]),
            (PendingDelete, &[Deleted, Active]),
            (Deleted, &[]),
        ];
        let mut allowed_pairs = 0;
        for from in ImageStatus::ALL {
            for to in ImageStatus::ALL {
                let want = expected
                    .iter()
                    .find(|(f, _)| f == from)
                    .is_some_and(|(_, targets)| targets.contains(to));
                assert_eq!(is_allowed(*from, *to), want, "{from} -> {to}");
                allowed_pairs += usize::from(want);
            }
        }
        assert_eq!(allowed_pairs, 23);
    }

    #[test]
    fn task_table() {
        use TaskStatus::*;
        assert!(is_task_allowed(Pending, Processing));
        assert!(is_task_allowed(Pending, Failure));
        assert!(!is_task_allowed(Pending, Success));
        assert!(is_task_allowed(Processing, Success));
        assert!(is_task_allowed(Processing, Failure));
        for to in TaskStatus::ALL {
            assert!(!is_task_allowed(Success, *to));
            assert!(!is_task_allowed(Failure, *to));
        }
    }

    #[test]
    fn conflicts_name_the_statuses_in_the_language_with_their_values() {
        use crate::i18n::{Lang, set_thread_lang};
        use ImageStatus::*;
        set_thread_lang(Some(Lang::ZhCn));
        let zh = conflict_problem(Active, Queued, Saving);
        let upload = not_queued_for_upload(Deactivated);
        set_thread_lang(Some(Lang::En));
        let en = conflict_problem(Active, Queued, Saving);
        let en_upload = not_queued_for_upload(Deactivated);
        set_thread_lang(None);
        assert_eq!(
            en,
            "status is active, expected queued (changed by someone else)"
        );
        assert_eq!(
            en_upload,
            "data can only be uploaded to a queued image (it is deactivated)"
        );
        assert!(
            zh.contains("（active）") && zh.contains("（queued）"),
            "{zh}"
        );
        assert!(zh.starts_with("状态为"), "{zh}");
        assert!(upload.contains("（deactivated）"), "{upload}");
    }
}
