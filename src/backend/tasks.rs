//! Tasks, recorded like Glance's (type, status, input, result, message, expires_at). A
//! running task holds an exclusive lock on `run/<task-id>.lock` in the data dir for as long
//! as it runs, so reconcile can fail the tasks of a process that died.

use std::fs::{self, File, OpenOptions};
use std::path::PathBuf;

use chrono::{Duration, Utc};
use rusqlite::Transaction;
use serde_json::Value;

use crate::backend::catalog::Catalog;
use crate::backend::error::{Error, Result};
use crate::backend::events::Event;
use crate::backend::model::{ImageId, Task, TaskId, TaskStatus};
use crate::backend::state::is_task_allowed;
use crate::store::blobs::FsBlobStore;
use crate::store::registry;
use crate::tr;

/// A task this process is running; dropping it releases its liveness lock.
#[derive(Debug)]
pub struct RunningTask {
    /// The task as last written.
    pub task: Task,
    lock: Option<(File, PathBuf)>,
}

impl Drop for RunningTask {
    fn drop(&mut self) {
        if let Some((file, path)) = self.lock.take() {
            let _ = fs::remove_file(&path);
            drop(file);
        }
    }
}

/// One log line for a task's committed state: started, progress (debug), finished, failed or
/// cancelled, with its run time once it ended.
fn log_task(task: &Task) {
    let id = task.id;
    let kind = task.task_type.as_str();
    let image = task
        .image_id
        .map_or_else(|| "-".to_owned(), |i| i.to_string());
    let elapsed_ms = (task.updated_at - task.created_at)
        .num_milliseconds()
        .max(0);
    match task.status {
        TaskStatus::Pending => {
            tracing::info!(task_id = %id, task_type = kind, image_id = %image, "task started")
        }
        TaskStatus::Processing => tracing::debug!(
            task_id = %id,
            task_type = kind,
            image_id = %image,
            detail = task.message.as_str(),
            "task progress"
        ),
        TaskStatus::Success => tracing::info!(
            task_id = %id,
            task_type = kind,
            image_id = %image,
            elapsed_ms,
            "task finished"
        ),
        TaskStatus::Failure if is_cancel_message(&task.message) => tracing::info!(
            task_id = %id,
            task_type = kind,
            image_id = %image,
            elapsed_ms,
            "task cancelled"
        ),
        TaskStatus::Failure => tracing::warn!(
            task_id = %id,
            task_type = kind,
            image_id = %image,
            elapsed_ms,
            detail = task.message.as_str(),
            "task failed"
        ),
    }
}

/// Whether a failed task's message records a cancel: the job paths write "cancelled",
/// "cancelled: …" or "upload cancelled" (Glance has no cancelled status for tasks).
fn is_cancel_message(message: &str) -> bool {
    message.starts_with("cancelled") || message == "upload cancelled"
}

/// Move a task to `to` inside `tx`, setting its message and result; finished tasks get an
/// expiry `ttl_hours` ahead.
pub fn apply_task_transition(
    tx: &Transaction<'_>,
    task: &mut Task,
    to: TaskStatus,
    message: &str,
    result: Option<Value>,
    ttl_hours: u64,
) -> Result<()> {
    if !is_task_allowed(task.status, to) {
        return Err(Error::IllegalTaskTransition {
            task: task.id.to_string(),
            from: task.status,
            to,
        });
    }
    let now = Utc::now();
    task.status = to;
    task.message = message.to_string();
    if result.is_some() {
        task.result = result;
    }
    task.updated_at = now;
    if matches!(to, TaskStatus::Success | TaskStatus::Failure) {
        task.expires_at = Some(now + Duration::hours(ttl_hours.min(1_000_000) as i64));
    }
    registry::update_task(tx, task)
}

impl Catalog {
    fn run_dir(&self) -> PathBuf {
        self.data_dir.join("run")
    }

    /// Record a new task in `pending` and hold its liveness lock.
    pub fn start_task(
        &self,
        task_type: &str,
        image_id: Option<ImageId>,
        input: Value,
    ) -> Result<RunningTask> {
        let run_dir = self.run_dir();
        fs::create_dir_all(&run_dir)
            .map_err(|e| Error::io(tr!("backend-io-create-task-lock-folder"), &run_dir, e))?;
        let now = Utc::now();
        let task = Task {
            id: TaskId::new_random(),
            task_type: task_type.to_string(),
            status: TaskStatus::Pending,
            owner: Some(self.settings().owner.clone()),
            image_id,
            input,
            result: None,
            message: String::new(),
            expires_at: None,
            created_at: now,
            updated_at: now,
        };
        let lock_path = run_dir.join(format!("{}.lock", task.id));
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&lock_path)
            .map_err(|e| Error::io(tr!("backend-io-create-task-lock"), &lock_path, e))?;
        file.try_lock().map_err(|e| {
            Error::io(
                tr!("backend-io-lock-task-lock"),
                &lock_path,
                std::io::Error::other(e),
            )
        })?;
        let running = RunningTask {
            task,
            lock: Some((file, lock_path)),
        };
        let tx = registry::write_tx(&self.conn)?;
        registry::insert_task(&tx, &running.task)?;
        tx.commit()?;
        self.emit_task(&running.task);
        Ok(running)
    }

    /// Move a running task to another status in its own transaction.
    pub fn update_task(
        &self,
        running: &mut RunningTask,
        to: TaskStatus,
        message: &str,
        result: Option<Value>,
    ) -> Result<()> {
        let tx = registry::write_tx(&self.conn)?;
        apply_task_transition(
            &tx,
            &mut running.task,
            to,
            message,
            result,
            self.settings().task_ttl_hours,
        )?;
        tx.commit()?;
        self.emit_task(&running.task);
        Ok(())
    }

    /// Tell the GUI (an event) and the log about a task's committed state. Every task write
    /// ends here, so this is where job starts, ends, failures and cancels are logged.
    pub(crate) fn emit_task(&self, task: &Task) {
        log_task(task);
        self.emit(Event::TaskChanged {
            task_id: task.id,
            image_id: task.image_id,
            status: task.status,
        });
    }

    /// One task by id.
    pub fn task(&self, task_id: TaskId) -> Result<Task> {
        registry::load_task(&self.conn, task_id)?
            .ok_or_else(|| Error::NotFound(tr!("backend-no-task-id", id = task_id.to_string())))
    }

    /// Tasks, newest first.
    pub fn tasks(
        &self,
        status: Option<TaskStatus>,
        image_id: Option<ImageId>,
        limit: u32,
    ) -> Result<Vec<Task>> {
        registry::list_tasks(&self.conn, status, image_id, limit)
    }

    /// Fail pending/processing tasks whose process is gone; forget expired tasks.
    pub(crate) fn fail_dead_tasks(&self) -> Result<usize> {
        let mut failed = 0;
        for status in [TaskStatus::Pending, TaskStatus::Processing] {
            for mut task in registry::list_tasks(&self.conn, Some(status), None, u32::MAX)? {
                let lock_path = self.run_dir().join(format!("{}.lock", task.id));
                if FsBlobStore::is_locked(&lock_path) {
                    continue;
                }
                let tx = registry::write_tx(&self.conn)?;
                // Re-read inside the transaction: it may have finished meanwhile.
                match registry::load_task(&tx, task.id)? {
                    Some(current) if current.status == status => {}
                    _ => continue,
                }
                apply_task_transition(
                    &tx,
                    &mut task,
                    TaskStatus::Failure,
                    "interrupted: the process running this task ended before it finished",
                    None,
                    self.settings().task_ttl_hours,
                )?;
                tx.commit()?;
                let _ = fs::remove_file(&lock_path);
                self.emit_task(&task);
                failed += 1;
            }
        }
        let tx = registry::write_tx(&self.conn)?;
        registry::delete_expired_tasks(&tx, &Utc::now())?;
        tx.commit()?;
        Ok(failed)
    }
}

#[cfg(test)]
mod tests {
    use super::is_cancel_message;

    #[test]
    fn cancels_are_told_from_failures_by_what_the_job_paths_write() {
        for cancelled in [
            "cancelled",
            "cancelled: push of image \"a\"",
            "upload cancelled",
        ] {
            assert!(is_cancel_message(cancelled), "{cancelled}");
        }
        for failed in [
            "upload failed: disk full",
            "interrupted: the process running this task ended before it finished",
            "the server cancelled nothing",
        ] {
            assert!(!is_cancel_message(failed), "{failed}");
        }
    }
}
