//! Progress on stderr for long CLI jobs, and Ctrl-C turned into a job cancel (a second
//! Ctrl-C exits at once; reconcile repairs on the next start).

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use crate::backend::JobControl;
use crate::cli::output::human_bytes;
use crate::display::escaped;

static CURRENT_JOB: OnceLock<Mutex<Option<JobControl>>> = OnceLock::new();

fn current() -> &'static Mutex<Option<JobControl>> {
    CURRENT_JOB.get_or_init(|| Mutex::new(None))
}

/// Install the Ctrl-C handler once: the first press cancels the running job.
#[allow(
    clippy::exit,
    reason = "Ctrl-C with no job, or a second one, ends the CLI at once (exit 130)"
)]
pub fn install_ctrl_c() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let pressed = AtomicBool::new(false);
        let _ = ctrlc::set_handler(move || {
            if pressed.swap(true, Ordering::SeqCst) {
                std::process::exit(super::EXIT_CANCELLED);
            }
            let job = current().lock().ok().and_then(|guard| guard.clone());
            match job {
                Some(job) => {
                    eprintln!("\ncancelling (press Ctrl-C again to quit at once)…");
                    job.cancel();
                }
                None => std::process::exit(super::EXIT_CANCELLED),
            }
        });
    });
}

/// Run a job through the service's runner ([`crate::app::jobs::run_here`]) with a progress
/// line (bytes, rate, ETA, the job's note) on a terminal and Ctrl-C cancelling it.
pub fn job<T, E: crate::app::jobs::JobError>(
    label: &str,
    work: impl FnOnce(&JobControl) -> Result<T, E>,
) -> Result<T, E> {
    let control = JobControl::new();
    let reporter = ProgressReporter::start(&control, label);
    let result = crate::app::jobs::run_here(label, &control, work);
    drop(reporter);
    result
}

/// Runs while a job runs: registers it for Ctrl-C and draws a progress line on a terminal.
pub struct ProgressReporter {
    stop: Arc<AtomicBool>,
    drawer: Option<thread::JoinHandle<()>>,
}

impl ProgressReporter {
    /// Start reporting on `job`, labelled `what`.
    pub fn start(job: &JobControl, what: &str) -> Self {
        install_ctrl_c();
        if let Ok(mut guard) = current().lock() {
            *guard = Some(job.clone());
        }
        let stop = Arc::new(AtomicBool::new(false));
        let drawer = std::io::stderr().is_terminal().then(|| {
            // The label holds an image name: its control characters are shown, not obeyed.
            let (job, stop, what) = (job.clone(), stop.clone(), escaped(what));
            thread::spawn(move || draw_loop(&job, &stop, &what))
        });
        Self { stop, drawer }
    }
}

impl Drop for ProgressReporter {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(drawer) = self.drawer.take() {
            let _ = drawer.join();
        }
        if let Ok(mut guard) = current().lock() {
            *guard = None;
        }
    }
}

fn draw_loop(job: &JobControl, stop: &AtomicBool, what: &str) {
    let started = Instant::now();
    let mut drew = false;
    while !stop.load(Ordering::SeqCst) {
        thread::sleep(Duration::from_millis(200));
        let done = job.done_bytes();
        let total = job.total_bytes();
        let secs = started.elapsed().as_secs_f64().max(0.001);
        let rate = done as f64 / secs;
        let mut line = format!("{what}: {}", human_bytes(Some(done)));
        if total > 0 {
            let pct = (done as f64 / total as f64 * 100.0).min(100.0);
            line.push_str(&format!(" / {} ({pct:.0}%)", human_bytes(Some(total))));
            if rate > 0.0 && done < total {
                line.push_str(&format!(", ETA {:.0}s", (total - done) as f64 / rate));
            }
        }
        line.push_str(&format!(", {}/s", human_bytes(Some(rate as u64))));
        // The job's step (a push's remote status), escaped: it may quote a cloud's words.
        let note = job.note();
        if !note.is_empty() {
            line.push_str(&format!(" — {}", escaped(&note)));
        }
        let line: String = line.chars().take(110).collect();
        eprint!("\r\x1b[2K{line}");
        let _ = std::io::stderr().flush();
        drew = true;
    }
    if drew {
        eprint!("\r\x1b[2K");
    }
}
