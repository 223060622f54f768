//! Events the catalog emits after each committed change, in the past tense; the GUI turns
//! them into repaints and view refreshes.

use std::sync::Arc;

use crate::backend::model::{ImageId, ImageStatus, TaskId, TaskStatus};

/// Something that changed in the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// An image was created or its fields, tags or properties changed.
    ImageChanged(ImageId),
    /// An image's status changed.
    StatusChanged {
        /// The image.
        image_id: ImageId,
        /// Status before.
        from: ImageStatus,
        /// Status after.
        to: ImageStatus,
        /// Why.
        cause: String,
    },
    /// An image's members changed.
    MembersChanged(ImageId),
    /// A task was created or changed status.
    TaskChanged {
        /// The task.
        task_id: TaskId,
        /// Its image, if any.
        image_id: Option<ImageId>,
        /// Its new status.
        status: TaskStatus,
    },
}

impl Event {
    /// The image the event concerns, if any.
    pub fn image_id(&self) -> Option<ImageId> {
        match self {
            Event::ImageChanged(id) | Event::MembersChanged(id) => Some(*id),
            Event::StatusChanged { image_id, .. } => Some(*image_id),
            Event::TaskChanged { image_id, .. } => *image_id,
        }
    }
}

/// Where events go; called on whichever thread made the change.
pub type EventSink = Arc<dyn Fn(&Event) + Send + Sync>;
