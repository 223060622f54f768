//! The one job runner: every long operation (import, export, verify, recover, convert,
//! resize, push, pull, prefetch, sync, cleanups) runs on a thread of its own with its own
//! catalog connection, reports bytes and its step through the [`JobControl`] the front end
//! holds, and ends with exactly one [`Event::JobFinished`]. Start, end and failure are logged.

use std::sync::Arc;
use std::thread;
use std::time::Instant;

use crate::app::protocol::{Event, JobId, JobOutcome};
use crate::backend::{Catalog, ErrorKind};

/// Where events go: the window's channel (plus a repaint), or a test's collector.
pub type EventSink = Arc<dyn Fn(Event) + Send + Sync>;

/// How a job's work ended, before it is told.
#[derive(Debug)]
pub enum Ended {
    /// Done, with a summary for the status line.
    Done(String),
    /// The job waits for a person (a cloud's secret): it will be started again, so nothing
    /// is told now.
    Waiting,
    /// Failed or cancelled.
    Failed(crate::backend::Error),
}

impl From<crate::backend::Result<String>> for Ended {
    fn from(result: crate::backend::Result<String>) -> Self {
        match result {
            Ok(summary) => Ended::Done(summary),
            Err(e) => Ended::Failed(e),
        }
    }
}

/// Tell the front end how a job ended (and log it).
pub fn finish(sink: &EventSink, job_id: JobId, what: &str, started: Instant, ended: Ended) {
    let secs = started.elapsed().as_secs_f64();
    let outcome = match ended {
        Ended::Waiting => return,
        Ended::Done(summary) => {
            tracing::info!(job = job_id, what, secs, "job finished");
            JobOutcome::Succeeded(summary)
        }
        Ended::Failed(e) if e.kind() == ErrorKind::Cancelled => {
            tracing::info!(job = job_id, what, secs, "job cancelled");
            JobOutcome::Cancelled
        }
        Ended::Failed(e) => {
            tracing::warn!(job = job_id, what, secs, error = %e, "job failed");
            JobOutcome::Failed(e.to_string())
        }
    };
    sink(Event::JobFinished(job_id, outcome));
}

/// Run `job` on its own thread with its own catalog connection; `what` names it in the log.
/// A write that failed for want of space says so (and what could be freed).
pub fn spawn_job<R>(
    catalog: &Catalog,
    job_id: JobId,
    what: &str,
    sink: &EventSink,
    job: impl FnOnce(&Catalog, &EventSink) -> R + Send + 'static,
) where
    R: Into<Ended>,
{
    let started = Instant::now();
    let what = what.to_string();
    tracing::info!(job = job_id, what = what.as_str(), "job started");
    let job_catalog = match catalog.reopen() {
        Ok(c) => c,
        Err(e) => return finish(sink, job_id, &what, started, Ended::Failed(e)),
    };
    let job_sink = sink.clone();
    let spawned = thread::Builder::new()
        .name(format!("job-{job_id}"))
        .spawn(move || {
            let ended = match job(&job_catalog, &job_sink).into() {
                Ended::Failed(e) => Ended::Failed(job_catalog.explain(e)),
                other => other,
            };
            finish(&job_sink, job_id, &what, started, ended);
        });
    if let Err(e) = spawned {
        sink(Event::JobFinished(
            job_id,
            JobOutcome::Failed(format!("cannot start the job thread: {e}")),
        ));
    }
}

/// Run quick work (a listing, a cloud call) on a thread of its own; a failed spawn becomes a
/// notice and `false`.
pub fn spawn(sink: &EventSink, name: &str, work: impl FnOnce() + Send + 'static) -> bool {
    match thread::Builder::new().name(name.into()).spawn(work) {
        Ok(_) => true,
        Err(e) => {
            sink(Event::Failed(format!("cannot start a {name} thread: {e}")));
            false
        }
    }
}
