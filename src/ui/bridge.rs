//! The window's end of the application service ([`crate::app`]): commands go over the
//! service's bounded channel, events come back on a channel the UI drains once per frame,
//! and every event wakes the UI with `request_repaint`. The UI thread never touches SQLite,
//! files or the network.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};

use eframe::egui;

use crate::tr;

pub use crate::app::protocol::{Command, Event, ImageView, JobId, JobOutcome, LifecycleAction};

/// The UI's end of the service.
pub struct Bridge {
    commands: SyncSender<Command>,
    events: Receiver<Event>,
}

impl Bridge {
    /// Start the service on `data_dir`; its events wake `ctx`.
    pub fn start(data_dir: &Path, ctx: &egui::Context) -> Self {
        let (event_tx, event_rx) = mpsc::channel();
        let ctx = ctx.clone();
        let sink = Arc::new(move |event: Event| {
            // The window may be gone while a job finishes; nothing to tell then.
            let _ = event_tx.send(event);
            ctx.request_repaint();
        });
        Self {
            commands: crate::app::worker::start(data_dir, sink),
            events: event_rx,
        }
    }

    /// Queue a command; an error says why it could not be queued.
    pub fn send(&self, command: Command) -> Result<(), String> {
        match self.commands.try_send(command) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(_)) => Err(tr!("window-backend-busy")),
            Err(TrySendError::Disconnected(_)) => Err(tr!("window-backend-stopped")),
        }
    }

    /// Events that arrived since the last call.
    pub fn drain(&self) -> Vec<Event> {
        self.events.try_iter().collect()
    }
}
