//! Job control shared between a running job and whoever watches it (GUI, CLI): cancellation,
//! byte progress (sampled lock-free) and the job's current step in words (a short note such as
//! "remote status importing; import task processing"), so no front end polls the database to
//! learn where a job is.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A handle to one job's cancel flag and progress counters. Cloning shares the same job.
#[derive(Debug, Clone, Default)]
pub struct JobControl {
    inner: Arc<JobState>,
}

#[derive(Debug, Default)]
struct JobState {
    cancelled: AtomicBool,
    done_bytes: AtomicU64,
    total_bytes: AtomicU64,
    /// Bumped on every note change, so a watcher copies the note only when it changed.
    note_version: AtomicU64,
    note: Mutex<String>,
}

impl JobControl {
    /// A fresh job that is not cancelled and has no progress.
    pub fn new() -> Self {
        Self::default()
    }

    /// Ask the job to stop; it ends as cancelled and leaves nothing half-written.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
    }

    /// Whether [`JobControl::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// Set the total amount of work in bytes (0 when unknown).
    pub fn set_total_bytes(&self, total_bytes: u64) {
        self.inner.total_bytes.store(total_bytes, Ordering::Relaxed);
    }

    /// Set the amount of work done in bytes.
    pub fn set_done_bytes(&self, done_bytes: u64) {
        self.inner.done_bytes.store(done_bytes, Ordering::Relaxed);
    }

    /// Add to the amount of work done in bytes.
    pub fn add_done_bytes(&self, bytes: u64) {
        self.inner.done_bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Work done so far, in bytes.
    pub fn done_bytes(&self) -> u64 {
        self.inner.done_bytes.load(Ordering::Relaxed)
    }

    /// Total work in bytes (0 when unknown).
    pub fn total_bytes(&self) -> u64 {
        self.inner.total_bytes.load(Ordering::Relaxed)
    }

    /// Say what the job is doing now, in a few words (shown beside its progress).
    pub fn set_note(&self, note: &str) {
        if let Ok(mut current) = self.inner.note.lock()
            && *current != note
        {
            note.clone_into(&mut current);
            self.inner.note_version.fetch_add(1, Ordering::Release);
        }
    }

    /// The job's current step in words (empty until it reports one).
    pub fn note(&self) -> String {
        self.inner
            .note
            .lock()
            .map(|note| note.clone())
            .unwrap_or_default()
    }

    /// A number that changes whenever the note does (cheap to sample every frame).
    pub fn note_version(&self) -> u64 {
        self.inner.note_version.load(Ordering::Acquire)
    }

    /// Fraction done in 0.0..=1.0, or `None` when the total is unknown.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total_bytes();
        (total > 0).then(|| (self.done_bytes() as f64 / total as f64).min(1.0) as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_state() {
        let job = JobControl::new();
        let seen = job.clone();
        job.set_total_bytes(200);
        job.add_done_bytes(50);
        assert_eq!(seen.fraction(), Some(0.25));
        assert!(!seen.is_cancelled());
        job.cancel();
        assert!(seen.is_cancelled());
        assert_eq!(seen.note(), "");
        job.set_note("remote status importing");
        job.set_note("remote status importing");
        assert_eq!(seen.note(), "remote status importing");
        assert_eq!(seen.note_version(), 1);
    }
}
