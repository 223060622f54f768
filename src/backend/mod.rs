//! The domain: the status state machine, the catalog service (the only code that changes an
//! image's state), members, tags, tasks and events. The vocabulary it speaks (ids, the image
//! model, queries, job control, errors) is the leaf [`crate::model`]; `backend::model`,
//! `backend::query`, `backend::jobs` and `backend::error` are its re-exports, kept so every
//! existing path still resolves.

pub mod catalog;
pub mod convert;
pub mod events;
pub mod guest;
pub mod inspection;
pub mod integrity;
pub mod lifecycle;
pub mod members;
pub mod metadefs;
pub mod recover;
pub mod remote;
pub mod settings;
pub mod space;
pub mod state;
pub mod tasks;
pub mod upload;
pub mod validate;
pub mod workdir;

pub use crate::model::image as model;
pub use crate::model::{error, jobs, query};

pub use catalog::{Catalog, ImageUpdate, NewImage, ReconcileReport, default_data_dir};
pub use error::{Error, ErrorKind, Result};
pub use events::{Event, EventSink};
pub use jobs::JobControl;
pub use model::{
    ContainerFormat, DiskFormat, Image, ImageId, ImageStatus, Member, MemberStatus, Task, TaskId,
    TaskStatus, Transition, Visibility,
};
pub use query::{ListQuery, SortDir, SortKey, VisibilityFilter};
pub use workdir::WorkDir;
