//! Remote clouds: cloud definitions (clouds.yaml, secure.yaml, `OS_*`, the workbench's own
//! file), secrets (keyring with fallbacks), Keystone v3 auth with in-memory token renewal,
//! the Glance v2 client, and the jobs built on them — push (to one cloud, or to several in
//! one pass over the data: `fanout`), pull (verified, resumable), copy between clouds, the
//! local cache of pulled data, a cloud's own image cache on its API nodes (the server cache,
//! `server_cache`), multi-store clouds (stores, copy-image, web-download: `stores`), quota
//! usage (`usage`), the metadata definitions catalog (`metadefs`), the sync planner, and the
//! cleanups owed to a cloud when a failed job's half-made image could not be deleted. Every
//! long operation takes a [`crate::backend::JobControl`], reports bytes, can be cancelled,
//! and is recorded as a task in the local catalog so the GUI's state panel shows it.

pub mod auth;
pub mod cache;
pub mod cleanups;
pub mod config;
pub mod config_file;
pub mod copy;
pub mod error;
pub mod fanout;
pub mod glance;
pub mod local;
pub mod metadefs;
pub mod pull;
pub mod push;
pub mod same_data;
pub mod secrets;
pub mod server_cache;
pub mod session;
pub mod stores;
pub mod stream;
pub mod sync;
pub mod tasks;
pub mod usage;

pub use cache::{Cache, CacheEntry};
pub use cleanups::{CleanupAction, PendingCleanup};
pub use config::{AuthType, CloudConfig, CloudSource, Clouds};
pub use copy::{CopyOptions, CopyOutcome, copy};
pub use error::{RemoteError, RemoteResult};
pub use fanout::{CloudPush, push_many};
pub use glance::{RemoteEdit, RemoteImage, RemoteQuery};
pub use pull::{PullOutcome, pull, pull_or_link, queue};
pub use push::{PushMethod, PushOptions, PushOutcome, push};
pub use same_data::SameData;
pub use secrets::Secret;
pub use session::Session;
pub use stores::{ImportMethod, ImportUrl, RemoteStore, StoreChoice, StoresOutcome};
pub use sync::{SyncAction, SyncCase, SyncFilter, SyncRow, plan};
