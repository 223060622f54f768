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

use crate::tr;

/// `image "NAME"`, the subject the library's messages name an image by, in the current
/// language (镜像“NAME”). `name` is the image's label, without quotes.
pub(crate) fn image_subject(name: &str) -> String {
    tr!("backend-subject-image", name = name)
}

/// An image status as the library's messages show it: the value in English ("active"), the
/// translated label with the value beside it otherwise ("可用（active）").
pub(crate) use crate::i18n::labels::image_status_named as status_text;
