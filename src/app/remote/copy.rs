//! Copying a remote image from one cloud to another, as both front ends run it: `copy
//! REMOTE_ID --from A --to B` and the window's "Copy to cloud…" call [`copy`] (the data
//! streamed through the workbench, verified on both sides, recorded as a `copy` task; the
//! same-data rule and the target's quota checked first), which also words the one-line
//! summary the window shows. [`run_job`] is the window's job around it: a session for each
//! cloud (a missing secret is asked for and the op runs again, as a push's), the copy, and a
//! refusal because the target already holds the data turned into the same-data question.

use crate::app::jobs::{Ended, EventSink};
use crate::app::protocol::remote::{RemoteOp, RemoteReply};
use crate::app::remote::{RemoteShared, send, with_session};
use crate::backend::jobs::JobControl;
use crate::backend::remote::copy::{self as backend_copy, CopyOptions, CopyOutcome};
use crate::backend::remote::error::{RemoteError, RemoteResult};
use crate::backend::remote::session::Session;
use crate::backend::{Catalog, Error};
use crate::format;
use crate::tr;

/// Copy image `remote_id` (an id on `from`) to `to`; the outcome and its summary.
pub fn copy(
    catalog: &Catalog,
    from: &Session,
    to: &Session,
    remote_id: &str,
    options: &CopyOptions,
    job: &JobControl,
) -> RemoteResult<(CopyOutcome, String)> {
    let outcome = backend_copy::copy(catalog, from, to, remote_id, options, job)?;
    let summary = summary(&outcome, &from.cloud().name, &to.cloud().name);
    Ok((outcome, summary))
}

/// What a copy did, in one line naming the image on the target cloud.
pub fn summary(outcome: &CopyOutcome, from: &str, to: &str) -> String {
    if outcome.linked {
        tr!(
            "copy-outcome-linked",
            label = outcome.source.label(),
            from = from,
            to = to,
            target = outcome.target.label(),
            id = outcome.target.id()
        )
    } else {
        tr!(
            "copy-outcome-copied",
            label = outcome.source.label(),
            from = from,
            to = to,
            target = outcome.target.label(),
            id = outcome.target.id(),
            size = format::bytes(outcome.target.size_bytes())
        )
    }
}

/// The window's copy job ([`RemoteOp::Copy`]): sessions for the source and the target
/// cloud (either missing its secret asks for it and the job waits; the op runs again once
/// it is typed), then [`copy`]. When the target already holds the data the job waits for
/// the same-data answer, whose op runs again with it.
pub(crate) fn run_job(
    catalog: &Catalog,
    shared: &RemoteShared,
    op: &RemoteOp,
    sink: &EventSink,
) -> Ended {
    let RemoteOp::Copy {
        job,
        control,
        from,
        to,
        remote_id,
        keep_failed,
        on_same_data,
    } = op
    else {
        return Ended::Waiting;
    };
    let data_dir = catalog.data_dir().to_path_buf();
    let options = CopyOptions {
        keep_failed: *keep_failed,
        on_same_data: *on_same_data,
        skip_quota_check: false,
    };
    let mut result = None;
    let mut target_failed = None;
    let source = with_session(shared, &data_dir, from, op, sink, |from_session| {
        let target = with_session(shared, &data_dir, to, op, sink, |to_session| {
            result = Some(copy(
                catalog,
                &from_session,
                &to_session,
                remote_id,
                &options,
                control,
            ));
        });
        target_failed = target.err();
    });
    if let Some(message) = source.err().or(target_failed) {
        return Ended::Failed(Error::Internal(message));
    }
    match result {
        // Waiting for a secret: the front end runs the op again once it is typed.
        None => Ended::Waiting,
        Some(Ok((outcome, summary))) => {
            send(
                sink,
                RemoteReply::Copied(to.clone(), outcome.target.id().to_string()),
            );
            Ended::Done(summary)
        }
        Some(Err(RemoteError::Local(Error::SameData {
            subject,
            problem,
            found_id,
            found_label,
        }))) => {
            tracing::info!(
                job = *job,
                "waiting for a choice: the target cloud holds the same data"
            );
            send(
                sink,
                RemoteReply::SameData {
                    cloud: to.clone(),
                    message: tr!("rlib-subject-problem", subject = subject, problem = problem),
                    found: (found_id, found_label),
                    retry: Box::new(op.clone()),
                },
            );
            Ended::Waiting
        }
        Some(Err(e)) => {
            // A failed copy may have left a cleanup owed to the target.
            send(sink, RemoteReply::Changed(to.clone()));
            Ended::Failed(e.into())
        }
    }
}
