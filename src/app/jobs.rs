//! The one job runner: every long operation (import, export, verify, recover, convert,
//! resize, push, pull, prefetch, sync, cleanups) reports bytes and its step through the
//! [`JobControl`] the front end holds, can be cancelled through it, and is logged when it
//! starts and ends (done, cancelled or failed, with its time). The window's jobs run on a
//! thread of their own with their own catalog connection ([`spawn_job`]) and end with exactly
//! one [`Event::JobFinished`]; the CLI runs the same work on its own thread ([`run_here`])
//! while it draws the control's progress.

use crate::i18n::errors::Shown;
use crate::tr;
use std::sync::Arc;
use std::thread;
use std::time::Instant;

use crate::app::protocol::{Event, JobId, JobOutcome};
use crate::backend::remote::RemoteError;
use crate::backend::{Catalog, ErrorKind, JobControl};

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

/// An error a job can end with: it says whether it was a cancellation.
pub trait JobError: std::fmt::Display {
    /// User error, cancellation or internal failure.
    fn kind(&self) -> ErrorKind;
}

impl JobError for crate::backend::Error {
    fn kind(&self) -> ErrorKind {
        crate::backend::Error::kind(self)
    }
}

impl JobError for RemoteError {
    fn kind(&self) -> ErrorKind {
        RemoteError::kind(self)
    }
}

/// Log how a job ended (the one format for both front ends' jobs).
fn log_end<T, E: JobError>(job: JobId, what: &str, started: Instant, result: &Result<T, E>) {
    let secs = started.elapsed().as_secs_f64();
    match result {
        Ok(_) => tracing::info!(job, what, secs, "job finished"),
        Err(e) if e.kind() == ErrorKind::Cancelled => {
            tracing::info!(job, what, secs, "job cancelled");
        }
        Err(e) => tracing::warn!(job, what, secs, error = %e, "job failed"),
    }
}

/// Run a job's work here, on the caller's thread (how the CLI runs a job while it draws the
/// control's progress), started and ended in the log like the window's jobs.
pub fn run_here<T, E: JobError>(
    what: &str,
    control: &JobControl,
    work: impl FnOnce(&JobControl) -> Result<T, E>,
) -> Result<T, E> {
    let started = Instant::now();
    tracing::info!(job = 0, what, "job started");
    let result = work(control);
    log_end(0, what, started, &result);
    result
}

/// Tell the front end how a job ended (and log it).
pub fn finish(sink: &EventSink, job_id: JobId, what: &str, started: Instant, ended: Ended) {
    let result = match ended {
        Ended::Waiting => return,
        Ended::Done(summary) => Ok(summary),
        Ended::Failed(e) => Err(e),
    };
    log_end(job_id, what, started, &result);
    let outcome = match result {
        Ok(summary) => JobOutcome::Succeeded(summary),
        Err(e) if e.kind() == ErrorKind::Cancelled => JobOutcome::Cancelled,
        Err(e) => JobOutcome::Failed(e.shown()),
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
            JobOutcome::Failed(tr!("app-job-thread-failed", error = e.to_string())),
        ));
    }
}

/// Run quick work (a listing, a cloud call) on a thread of its own; a failed spawn becomes a
/// notice and `false`.
pub fn spawn(sink: &EventSink, name: &str, work: impl FnOnce() + Send + 'static) -> bool {
    match thread::Builder::new().name(name.into()).spawn(work) {
        Ok(_) => true,
        Err(e) => {
            sink(Event::Failed(tr!(
                "app-thread-failed",
                name = name,
                error = e.to_string()
            )));
            false
        }
    }
}
