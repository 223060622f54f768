//! Remote jobs recorded as Glance-style tasks in the local catalog (`push`, `pull`, `copy`,
//! `cache-queue`, `sync`), so the GUI's state panel shows them live: pending -> processing
//! with a message updated at each step, then success with a result or failure with the
//! error. Bookkeeping failures never hide the job's own outcome.

use chrono::Utc;
use serde_json::Value;

use crate::backend::catalog::Catalog;
use crate::backend::model::{ImageId, TaskStatus};
use crate::backend::remote::error::{RemoteError, RemoteResult};
use crate::backend::tasks::RunningTask;
use crate::store::registry;

/// A step's message: in English for the task's record (data, the same for every reader)
/// and in the current language for the job's note (what people watch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The message the task records.
    pub english: String,
    /// The message the job's note shows.
    pub shown: String,
}

impl Step {
    /// A step written by `text` in each language.
    pub fn new(text: impl Fn(crate::i18n::Lang) -> String) -> Self {
        Step {
            english: text(crate::i18n::Lang::En),
            shown: text(crate::i18n::current()),
        }
    }
}

/// A [`Step`] from a catalog message: `step!("rlib-step-…", name = value)`, or
/// `step!(|lang| "rlib-step-…", name = value_in(lang))` when a value is itself text in a
/// language.
#[macro_export]
macro_rules! step {
    (|$lang:ident| $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::backend::remote::tasks::Step::new(|$lang: $crate::i18n::Lang| {
            #[allow(unused_mut, reason = "a step without placeholders sets no argument")]
            let mut args = $crate::i18n::FluentArgs::new();
            $( args.set(stringify!($name), $crate::i18n::TrArg::to_arg(&$value)); )*
            $crate::i18n::message_in($lang, $id, Some(&args))
        })
    };
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::step!(|_lang| $id $(, $name = $value)*)
    };
}

/// A remote job's task.
#[derive(Debug)]
pub struct JobTask {
    running: RunningTask,
    /// The job's control: each step's message is also its note, so front ends see it live.
    control: Option<crate::backend::jobs::JobControl>,
    /// The current step as the note shows it.
    shown: String,
}

impl JobTask {
    /// Record a task of `task_type` and move it to processing.
    pub fn start(
        catalog: &Catalog,
        task_type: &str,
        image_id: Option<ImageId>,
        input: Value,
    ) -> RemoteResult<Self> {
        let mut running = catalog.start_task(task_type, image_id, input)?;
        catalog.update_task(&mut running, TaskStatus::Processing, "starting", None)?;
        Ok(JobTask {
            running,
            control: None,
            shown: crate::tr!("rlib-step-starting"),
        })
    }

    /// Also report each step's message as `control`'s note.
    pub fn reporting_to(mut self, control: &crate::backend::jobs::JobControl) -> Self {
        control.set_note(&self.shown);
        self.control = Some(control.clone());
        self
    }

    /// The task's id.
    pub fn id(&self) -> crate::backend::model::TaskId {
        self.running.task.id
    }

    /// Point the task at an image (known only once a pull created it).
    pub fn set_image(&mut self, catalog: &Catalog, image_id: ImageId) {
        self.running.task.image_id = Some(image_id);
        self.write(catalog);
    }

    /// Replace the task's message (status stays processing): the task records it in
    /// English, the job's note shows it in the current language.
    pub fn progress(&mut self, catalog: &Catalog, step: &Step) {
        self.running.task.message.clone_from(&step.english);
        self.shown.clone_from(&step.shown);
        if let Some(control) = &self.control {
            control.set_note(&step.shown);
        }
        self.write(catalog);
    }

    fn write(&mut self, catalog: &Catalog) {
        self.running.task.updated_at = Utc::now();
        let written = registry::write_tx(&catalog.conn).and_then(|tx| {
            registry::update_task(&tx, &self.running.task)?;
            tx.commit()?;
            Ok(())
        });
        if written.is_ok() {
            catalog.emit_task(&self.running.task);
        }
    }

    /// Finish with success and a result.
    pub fn succeed(mut self, catalog: &Catalog, result: Value) {
        let _ = catalog.update_task(&mut self.running, TaskStatus::Success, "", Some(result));
    }

    /// Finish with failure, recording the error (in English, as every task message is);
    /// returns it for the caller to propagate.
    pub fn fail(mut self, catalog: &Catalog, error: RemoteError) -> RemoteError {
        let message = match &error {
            RemoteError::Cancelled(_) => format!("cancelled: {error}"),
            _ => error.to_string(),
        };
        let message = crate::i18n::english(&message);
        let _ = catalog.update_task(&mut self.running, TaskStatus::Failure, &message, None);
        error
    }
}
