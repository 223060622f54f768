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
use crate::tr;

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
                    eprintln!("\n{}", tr!("cli-progress-cancelling"));
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
    job_shown(label, label, work)
}

/// [`job`] with the label the log records (English, as every log line) apart from the one
/// the progress line shows (`tr!(…)`, in the user's language).
pub fn job_shown<T, E: crate::app::jobs::JobError>(
    logged: &str,
    shown: &str,
    work: impl FnOnce(&JobControl) -> Result<T, E>,
) -> Result<T, E> {
    let control = JobControl::new();
    let reporter = ProgressReporter::start(&control, shown);
    let result = crate::app::jobs::run_here(logged, &control, work);
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
        let line = progress_line(what, done, total, rate);
        // The job's step (a push's remote status), escaped: it may quote a cloud's words.
        let note = job.note();
        let line = if note.is_empty() {
            line
        } else {
            tr!("cli-progress-with-note", line = line, note = escaped(&note))
        };
        let line = clip_to_columns(&line, 110);
        eprint!("\r\x1b[2K{line}");
        let _ = std::io::stderr().flush();
        drew = true;
    }
    if drew {
        eprint!("\r\x1b[2K");
    }
}

/// The progress line: what, bytes done (of the total, with the percentage and the time left
/// when known) and the rate.
fn progress_line(what: &str, done: u64, total: u64, rate: f64) -> String {
    let done_text = human_bytes(Some(done));
    let rate_text = human_bytes(Some(rate as u64));
    if total == 0 {
        return tr!(
            "cli-progress-bytes",
            what = what,
            done = done_text,
            rate = rate_text
        );
    }
    let percent = format!("{:.0}", (done as f64 / total as f64 * 100.0).min(100.0));
    let total_text = human_bytes(Some(total));
    if rate > 0.0 && done < total {
        tr!(
            "cli-progress-total-eta",
            what = what,
            done = done_text,
            total = total_text,
            percent = percent,
            eta = format!("{:.0}", (total - done) as f64 / rate),
            rate = rate_text
        )
    } else {
        tr!(
            "cli-progress-total",
            what = what,
            done = done_text,
            total = total_text,
            percent = percent,
            rate = rate_text
        )
    }
}

/// How many terminal columns a character takes: two for the wide CJK and full-width ranges,
/// one for the rest (control characters are escaped before this).
fn columns_of(c: char) -> usize {
    let wide = matches!(u32::from(c),
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// The start of `line` that fits in `width` terminal columns (a Chinese line is cut at the
/// same width as an English one, so the redraw never wraps).
fn clip_to_columns(line: &str, width: usize) -> String {
    let mut used = 0;
    line.chars()
        .take_while(|c| {
            used += columns_of(*c);
            used <= width
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_twice_when_a_line_is_clipped() {
        assert_eq!(clip_to_columns("abcdef", 4), "abcd");
        assert_eq!(clip_to_columns("上传镜像", 5), "上传");
        assert_eq!(clip_to_columns("a上b", 3), "a上");
    }
}
