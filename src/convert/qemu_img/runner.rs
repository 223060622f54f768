//! Running qemu-img: argument hygiene for paths, short commands, and long commands with `-p`
//! progress parsing and prompt cancellation.
//!
//! A long command's stdout is read on a helper thread that splits it on `\r` and `\n` (qemu-img
//! rewrites `    (12.34/100%)` in place) and forwards progress and message lines over a channel;
//! stderr is collected on another. The calling thread waits on the channel with a short timeout,
//! so it notices [`JobControl::cancel`] within [`POLL_INTERVAL`] even while qemu-img is silent,
//! and then kills the child.

use std::ffi::OsString;
use std::io::{self, Read};
use std::path::Path;
use std::process::{Child, ChildStderr, ChildStdout, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use crate::model::jobs::JobControl;
use crate::model::qemu_img::{QemuImgError, Result};

/// How often a waiting driver looks at the cancel flag.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_millis(25);

/// A path as a qemu-img argument. qemu-img reads `proto:...` (a `:` before any `/`, e.g.
/// `nbd:host:10809` or `json:{...}`) as a protocol, and `-x` as an option; prefixing a relative
/// path with `./` makes it a plain file name in both cases. Absolute paths are already safe.
pub(crate) fn path_arg(path: &Path) -> OsString {
    if path.is_absolute() {
        path.as_os_str().to_owned()
    } else {
        let mut prefixed = OsString::from("./");
        prefixed.push(path.as_os_str());
        prefixed
    }
}

/// A fresh `qemu-img <subcommand>` with stdin closed (qemu-img never needs it), in a process
/// group of its own (a terminal's Ctrl-C reaches us, and we cancel it) and killed by the
/// kernel if we die: a SIGKILLed workbench must not leave qemu-img writing into a work folder
/// that the next run reclaims.
pub(crate) fn command(program: &Path, subcommand: &str) -> Command {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(program);
    command
        .arg(subcommand)
        .stdin(Stdio::null())
        .process_group(0);
    #[cfg(target_os = "linux")]
    {
        let parent = std::process::id() as libc::pid_t;
        // SAFETY: the hook runs in the forked child before exec and only makes
        // async-signal-safe calls (prctl, getppid, _exit) on values copied in; it touches no
        // memory of the parent's.
        unsafe {
            command.pre_exec(move || {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(io::Error::last_os_error());
                }
                // The parent may have died between fork and prctl: then nobody will signal us.
                if libc::getppid() != parent {
                    libc::_exit(1);
                }
                Ok(())
            });
        }
    }
    command
}

/// Run a short command to completion and collect its output.
pub(crate) fn run_quick(mut command: Command, program: &Path) -> Result<Output> {
    command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(|source| spawn_error(source, program))
}

pub(crate) fn spawn_error(source: io::Error, program: &Path) -> QemuImgError {
    if source.kind() == io::ErrorKind::NotFound {
        QemuImgError::NotFoundAt {
            program: program.to_owned(),
        }
    } else {
        QemuImgError::Spawn {
            source,
            program: program.to_owned(),
        }
    }
}

/// The last non-empty stderr line without qemu-img's `qemu-img: ` prefix, or a placeholder.
pub(crate) fn last_stderr_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    text.lines()
        .map(str::trim)
        .rfind(|line| !line.is_empty())
        .map(|line| line.strip_prefix("qemu-img: ").unwrap_or(line).to_owned())
        .unwrap_or_else(|| "no error message".to_owned())
}

/// How a long command ended.
pub(crate) enum RunEnd {
    /// The process exited on its own.
    Exited {
        status: ExitStatus,
        /// stdout lines that were not progress updates.
        lines: Vec<String>,
        stderr: Vec<u8>,
    },
    /// The job was cancelled and the process killed and reaped.
    Cancelled,
}

enum StdoutEvent {
    Percent(f64),
    Line(String),
}

/// Parse one qemu-img progress segment, `(12.34/100%)`.
pub(crate) fn parse_progress(segment: &str) -> Option<f64> {
    let inner = segment.trim().strip_prefix('(')?.strip_suffix("/100%)")?;
    let percent: f64 = inner.trim().parse().ok()?;
    percent.is_finite().then(|| percent.clamp(0.0, 100.0))
}

/// Run `command` (which must include `-p`), reporting progress in non-decreasing percent order
/// through `on_percent`, until it exits or `job` is cancelled.
pub(crate) fn run_with_progress(
    mut command: Command,
    program: &Path,
    job: &JobControl,
    on_percent: &mut dyn FnMut(f64),
) -> Result<RunEnd> {
    if job.is_cancelled() {
        return Ok(RunEnd::Cancelled);
    }
    let mut child = KillOnDrop(
        command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| spawn_error(source, program))?,
    );
    let (sender, receiver) = mpsc::channel();
    let readers = child
        .0
        .stdout
        .take()
        .map(|stdout| spawn_stdout_reader(stdout, sender))
        .transpose()
        .and_then(|stdout_reader| {
            let stderr_reader = child.0.stderr.take().map(spawn_stderr_reader).transpose()?;
            Ok((stdout_reader, stderr_reader))
        });
    let (stdout_reader, stderr_reader) = match readers {
        Ok(readers) => readers,
        Err(source) => {
            kill_and_reap(&mut child.0);
            return Err(spawn_error(source, program));
        }
    };

    let mut lines = Vec::new();
    let mut last_percent: Option<f64> = None;
    loop {
        if job.is_cancelled() {
            kill_and_reap(&mut child.0);
            join_readers(stdout_reader, stderr_reader);
            return Ok(RunEnd::Cancelled);
        }
        match receiver.recv_timeout(POLL_INTERVAL) {
            Ok(StdoutEvent::Percent(percent)) => {
                if last_percent.is_none_or(|last| percent > last) {
                    last_percent = Some(percent);
                    on_percent(percent);
                }
            }
            Ok(StdoutEvent::Line(line)) => lines.push(line),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    // stdout is closed: the process is exiting. Reap it, still honouring cancellation.
    let status = loop {
        if job.is_cancelled() {
            kill_and_reap(&mut child.0);
            join_readers(stdout_reader, stderr_reader);
            return Ok(RunEnd::Cancelled);
        }
        match child.0.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => thread::sleep(Duration::from_micros(500)),
            Err(source) => {
                kill_and_reap(&mut child.0);
                return Err(spawn_error(source, program));
            }
        }
    };
    let _ = stdout_reader.map(thread::JoinHandle::join);
    let stderr = stderr_reader
        .and_then(|reader| reader.join().ok())
        .unwrap_or_default();
    Ok(RunEnd::Exited {
        status,
        lines,
        stderr,
    })
}

/// Read stdout in small chunks, split on `\r` and `\n`, forward each non-empty segment.
fn spawn_stdout_reader(
    mut stdout: ChildStdout,
    sender: mpsc::Sender<StdoutEvent>,
) -> io::Result<thread::JoinHandle<()>> {
    thread::Builder::new()
        .name("qemu-img-stdout".to_owned())
        .spawn(move || {
            let mut pending = Vec::new();
            let mut buffer = [0u8; 512];
            loop {
                let read = match stdout.read(&mut buffer) {
                    Ok(0) => break,
                    Ok(read) => read,
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                    Err(_) => break,
                };
                for &byte in &buffer[..read] {
                    if byte == b'\r' || byte == b'\n' {
                        if let Some(event) = segment_event(&pending)
                            && sender.send(event).is_err()
                        {
                            return;
                        }
                        pending.clear();
                    } else {
                        pending.push(byte);
                    }
                }
            }
            if let Some(event) = segment_event(&pending) {
                let _ = sender.send(event);
            }
        })
}

/// Collect stderr until the process closes it.
fn spawn_stderr_reader(mut stderr: ChildStderr) -> io::Result<thread::JoinHandle<Vec<u8>>> {
    thread::Builder::new()
        .name("qemu-img-stderr".to_owned())
        .spawn(move || {
            let mut collected = Vec::new();
            let _ = stderr.read_to_end(&mut collected);
            collected
        })
}

fn segment_event(segment: &[u8]) -> Option<StdoutEvent> {
    let text = String::from_utf8_lossy(segment);
    if let Some(percent) = parse_progress(&text) {
        return Some(StdoutEvent::Percent(percent));
    }
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| StdoutEvent::Line(trimmed.to_owned()))
}

/// Kills and reaps the child if it is still running when dropped, e.g. when a progress callback
/// panics, so no qemu-img outlives its job.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            kill_and_reap(&mut self.0);
        }
    }
}

fn kill_and_reap(child: &mut Child) {
    // Kill fails only when the process already exited; either way, reap it.
    let _ = child.kill();
    let _ = child.wait();
}

fn join_readers(
    stdout_reader: Option<thread::JoinHandle<()>>,
    stderr_reader: Option<thread::JoinHandle<Vec<u8>>>,
) {
    if let Some(reader) = stdout_reader {
        let _ = reader.join();
    }
    if let Some(reader) = stderr_reader {
        let _ = reader.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_segments() {
        assert_eq!(parse_progress("    (12.34/100%)"), Some(12.34));
        assert_eq!(parse_progress("(100.00/100%)"), Some(100.0));
        assert_eq!(parse_progress("Images are identical."), None);
        assert_eq!(parse_progress("(abc/100%)"), None);
    }

    #[test]
    fn relative_paths_cannot_become_protocols_or_options() {
        assert_eq!(
            path_arg(Path::new("nbd:host:10809")),
            OsString::from("./nbd:host:10809")
        );
        assert_eq!(path_arg(Path::new("-f")), OsString::from("./-f"));
        assert_eq!(
            path_arg(Path::new("/srv/json:x")),
            OsString::from("/srv/json:x")
        );
    }

    #[test]
    fn stderr_last_line() {
        let stderr = b"qemu-img: warning: something\nqemu-img: Could not open 'x': nope\n\n";
        assert_eq!(last_stderr_line(stderr), "Could not open 'x': nope");
        assert_eq!(last_stderr_line(b""), "no error message");
    }
}
