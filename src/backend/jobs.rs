//! Job control shared between a running job and whoever watches it (GUI, CLI): cancellation
//! and byte progress, sampled lock-free.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

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
    }
}
