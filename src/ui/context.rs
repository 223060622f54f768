//! What a panel may touch besides its own state, for one frame: the queue of commands for
//! the application service and the jobs area (start a job, post a notice or the status
//! line). A leaf: it names no panel, so every panel can take a [`Ctx`] and none has to reach
//! into the window's whole view state (see `view.rs`) for it.

use crate::app::protocol::remote::RemoteOp;
use crate::ui::bridge::Command;
use crate::ui::jobs::Jobs;

/// A panel's way out: commands for the service and the jobs area, borrowed from the view
/// state for one call.
pub struct Ctx<'a> {
    /// Commands queued this frame (sent once the frame is drawn).
    pub outbox: &'a mut Vec<Command>,
    /// Jobs, notices, status line.
    pub jobs: &'a mut Jobs,
}

impl<'a> Ctx<'a> {
    /// A context over the view state's outbox and jobs.
    pub fn new(outbox: &'a mut Vec<Command>, jobs: &'a mut Jobs) -> Self {
        Self { outbox, jobs }
    }

    /// Queue a command.
    pub fn send(&mut self, command: Command) {
        self.outbox.push(command);
    }

    /// Queue a remote op.
    pub fn remote(&mut self, op: RemoteOp) {
        self.outbox.push(Command::Remote(op));
    }
}
