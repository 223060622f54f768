//! Jobs and notices: running and finished imports/exports with progress, rate, ETA and
//! cancel; error notices that stay until dismissed; and a one-line status of the last action.

use std::time::{Duration, Instant};

use eframe::egui::{self, RichText};

use crate::backend::{ImageId, JobControl};
use crate::format;
use crate::tr;
use crate::ui::bridge::{JobId, JobOutcome};
use crate::ui::theme;

pub use crate::app::protocol::JobKind;

/// Byte rate estimate: an exponentially weighted average of recent samples.
#[derive(Debug, Default, Clone)]
struct RateMeter {
    last: Option<(Instant, u64)>,
    bytes_per_second: f64,
}

impl RateMeter {
    fn sample(&mut self, now: Instant, done: u64) {
        match self.last {
            None => self.last = Some((now, done)),
            Some((at, before)) => {
                let elapsed = now.duration_since(at).as_secs_f64();
                if elapsed >= 0.25 {
                    let instant = done.saturating_sub(before) as f64 / elapsed;
                    self.bytes_per_second = if self.bytes_per_second == 0.0 {
                        instant
                    } else {
                        0.7 * self.bytes_per_second + 0.3 * instant
                    };
                    self.last = Some((now, done));
                }
            }
        }
    }
}

/// One job as the jobs area shows it.
#[derive(Debug, Clone)]
pub struct Job {
    /// Its id.
    pub id: JobId,
    /// Import or export.
    pub kind: JobKind,
    /// What it works on (file or image name).
    pub label: String,
    /// Cancel flag and byte counters shared with the job thread.
    pub control: JobControl,
    /// When it started.
    pub started: Instant,
    /// When it ended and how.
    pub finished: Option<(Instant, JobOutcome)>,
    /// The image it created or reads.
    pub image_id: Option<ImageId>,
    meter: RateMeter,
}

impl Job {
    /// Whether it still runs.
    pub fn is_running(&self) -> bool {
        self.finished.is_none()
    }
}

/// An error that stays on screen until dismissed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Its id.
    pub id: u64,
    /// The message.
    pub text: String,
}

/// All jobs, notices and the status line.
#[derive(Debug, Default)]
pub struct Jobs {
    /// Jobs, oldest first.
    pub jobs: Vec<Job>,
    /// Notices, oldest first.
    pub notices: Vec<Notice>,
    /// The outcome of the last action.
    pub status_line: String,
    next_job: JobId,
    next_notice: u64,
}

impl Jobs {
    /// Register a new running job and return its id and control.
    pub fn start(
        &mut self,
        kind: JobKind,
        label: String,
        image_id: Option<ImageId>,
    ) -> (JobId, JobControl) {
        self.next_job += 1;
        tracing::info!(
            job = ?kind,
            window_job = self.next_job,
            label = label.as_str(),
            "window job started"
        );
        let control = JobControl::new();
        self.jobs.push(Job {
            id: self.next_job,
            kind,
            label,
            control: control.clone(),
            started: Instant::now(),
            finished: None,
            image_id,
            meter: RateMeter::default(),
        });
        (self.next_job, control)
    }

    /// The job with this id.
    pub fn job_mut(&mut self, id: JobId) -> Option<&mut Job> {
        self.jobs.iter_mut().find(|j| j.id == id)
    }

    /// Record how a job ended; failures also become notices.
    pub fn finish(&mut self, id: JobId, outcome: JobOutcome) {
        if let Some(job) = self.jobs.iter().find(|j| j.id == id) {
            let elapsed_ms = u64::try_from(job.started.elapsed().as_millis()).unwrap_or(u64::MAX);
            match &outcome {
                JobOutcome::Succeeded(_) => {
                    tracing::info!(job = ?job.kind, window_job = id, elapsed_ms, "window job finished")
                }
                JobOutcome::Cancelled => {
                    tracing::info!(job = ?job.kind, window_job = id, elapsed_ms, "window job cancelled")
                }
                JobOutcome::Failed(message) => tracing::warn!(
                    job = ?job.kind,
                    window_job = id,
                    elapsed_ms,
                    error = message.as_str(),
                    "window job failed"
                ),
            }
        }
        match &outcome {
            JobOutcome::Failed(message) => self.error(message.clone()),
            JobOutcome::Succeeded(summary) => self.status_line = summary.clone(),
            JobOutcome::Cancelled => {}
        }
        if let Some(job) = self.job_mut(id) {
            job.finished = Some((Instant::now(), outcome));
        }
    }

    /// Whether any job runs.
    pub fn any_running(&self) -> bool {
        self.jobs.iter().any(Job::is_running)
    }

    /// Add an error notice.
    pub fn error(&mut self, text: impl Into<String>) {
        let text = text.into();
        if self.notices.iter().any(|n| n.text == text) {
            return;
        }
        self.next_notice += 1;
        self.notices.push(Notice {
            id: self.next_notice,
            text,
        });
    }

    /// Set the status line.
    pub fn status(&mut self, text: impl Into<String>) {
        self.status_line = text.into();
    }

    /// Ask every running job to stop (on exit).
    pub fn cancel_all(&self) {
        for job in self.jobs.iter().filter(|j| j.is_running()) {
            job.control.cancel();
        }
    }
}

/// The notices strip: each error with a Dismiss button.
pub fn notices_ui(ui: &mut egui::Ui, jobs: &mut Jobs) {
    let mut dismissed = None;
    for notice in &jobs.notices {
        egui::Frame::group(ui.style())
            .fill(ui.visuals().extreme_bg_color)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    if ui.button(tr!("window-dismiss")).clicked() {
                        dismissed = Some(notice.id);
                    }
                    ui.add(egui::Label::new(theme::error_text(ui, notice.text.clone())).wrap());
                });
            });
    }
    if let Some(id) = dismissed {
        jobs.notices.retain(|n| n.id != id);
    }
}

/// The jobs area: running jobs with progress, rate, ETA and Cancel; finished ones with their
/// outcome. Returns the image of a job whose name was clicked.
pub fn jobs_ui(ui: &mut egui::Ui, jobs: &mut Jobs) -> Option<ImageId> {
    let now = Instant::now();
    let mut clicked = None;
    let mut clear = false;
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr!("window-jobs")).strong());
        let running = jobs.jobs.iter().filter(|j| j.is_running()).count();
        ui.label(tr!(
            "window-jobs-count",
            running = running,
            finished = jobs.jobs.len() - running
        ));
        if jobs.jobs.iter().any(|j| !j.is_running())
            && ui.button(tr!("window-jobs-clear")).clicked()
        {
            clear = true;
        }
        if !jobs.status_line.is_empty() {
            ui.separator();
            ui.label(RichText::new(theme::shown(&jobs.status_line)).weak());
        }
    });
    if clear {
        jobs.jobs.retain(Job::is_running);
    }
    egui::ScrollArea::vertical()
        .id_salt("jobs-scroll")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for job in jobs.jobs.iter_mut().rev() {
                if job_row_ui(ui, job, now) {
                    clicked = job.image_id;
                }
            }
        });
    clicked
}

/// One job; returns true when its label was clicked.
fn job_row_ui(ui: &mut egui::Ui, job: &mut Job, now: Instant) -> bool {
    let mut clicked = false;
    ui.horizontal(|ui| {
        clicked = ui
            .add(
                egui::Label::new(job_title(job.kind, &theme::shown(&job.label)))
                    .sense(egui::Sense::click())
                    .truncate(),
            )
            .on_hover_text(tr!("window-job-select-hint"))
            .clicked();
        let done = job.control.done_bytes();
        let total = job.control.total_bytes();
        match &job.finished {
            None => {
                job.meter.sample(now, done);
                let fraction = job.control.fraction().unwrap_or(0.0);
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(160.0)
                        .show_percentage(),
                );
                let rate = job.meter.bytes_per_second;
                let eta = (rate > 0.0 && total > done)
                    .then(|| Duration::from_secs_f64((total - done) as f64 / rate));
                if total > 0 && done >= total {
                    // Every byte is through; the job is finishing (verifying, importing).
                    ui.label(tr!(
                        "window-job-finishing",
                        total = format::bytes_exact(total)
                    ));
                } else {
                    ui.label(tr!(
                        "window-job-progress",
                        done = format::bytes_exact(done),
                        total = format::bytes_exact(total),
                        rate = format::rate(rate),
                        eta = eta.map_or_else(|| "—".to_string(), format::duration)
                    ));
                }
                if ui
                    .button(tr!("window-cancel"))
                    .on_hover_text(tr!("window-job-cancel-hint"))
                    .clicked()
                {
                    job.control.cancel();
                }
                // The job reports its step through its control (a push's remote status).
                let note = job.control.note();
                if !note.is_empty() {
                    ui.add(egui::Label::new(RichText::new(note).weak()).truncate());
                }
            }
            Some((ended, outcome)) => {
                let took = format::duration(ended.duration_since(job.started));
                let text = match outcome {
                    JobOutcome::Succeeded(summary) => {
                        RichText::new(tr!("window-job-done", took = took, summary = summary))
                    }
                    JobOutcome::Cancelled => {
                        theme::warn_text(ui, tr!("window-job-cancelled", took = took))
                    }
                    JobOutcome::Failed(message) => {
                        theme::error_text(ui, tr!("window-job-failed", message = message))
                    }
                };
                ui.add(egui::Label::new(text).truncate());
            }
        }
    });
    clicked
}

/// A job's line in the jobs area: what it does and what to (`Import cirros.img`).
pub fn job_title(kind: JobKind, label: &str) -> String {
    match kind {
        JobKind::Import => tr!("window-job-import", label = label),
        JobKind::Upload => tr!("window-job-upload", label = label),
        JobKind::Export => tr!("window-job-export", label = label),
        JobKind::Convert => tr!("window-job-convert", label = label),
        JobKind::Resize => tr!("window-job-resize", label = label),
        JobKind::Push => tr!("window-job-push", label = label),
        JobKind::Pull => tr!("window-job-pull", label = label),
        JobKind::Prefetch => tr!("window-job-prefetch", label = label),
        JobKind::CopyToCloud => tr!("copy-job-title", label = label),
        JobKind::UpdateRemote => tr!("window-job-update-remote", label = label),
        JobKind::Verify => tr!("window-job-verify", label = label),
        JobKind::Cleanup => tr!("window-job-cleanup", label = label),
        JobKind::Sync => tr!("window-job-sync", label = label),
        JobKind::CopyToStores => tr!("window-job-copy-to-stores", label = label),
        JobKind::ImportUrl => tr!("window-job-import-url", label = label),
        JobKind::LookInside => tr!("window-job-look-inside", label = label),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_become_notices_once() {
        let mut jobs = Jobs::default();
        let (id, _) = jobs.start(JobKind::Import, "a.img".into(), None);
        assert!(jobs.any_running());
        jobs.finish(id, JobOutcome::Failed("boom".into()));
        jobs.error("boom");
        assert_eq!(jobs.notices.len(), 1);
        assert!(!jobs.any_running());
    }

    #[test]
    fn a_jobs_english_title_is_its_verb_and_label() {
        crate::i18n::set_thread_lang(Some(crate::i18n::Lang::En));
        for kind in [JobKind::Import, JobKind::UpdateRemote, JobKind::LookInside] {
            assert_eq!(job_title(kind, "a.img"), format!("{} a.img", kind.verb()));
        }
        crate::i18n::set_thread_lang(None);
    }
}
