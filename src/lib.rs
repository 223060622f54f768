//! Glance Workbench: a local OpenStack-Glance-style image registry, store and toolbox.
//!
//! Module map:
//! - [`app`]: the application service both front ends drive — commands in, events out, one
//!   job runner, the session pool with the one order in which a cloud's secret is looked for,
//!   the operations a person starts.
//! - [`backend`]: the domain — status state machine, the catalog service (the only code that
//!   changes an image's state), members, tags, tasks and events.
//! - [`store`]: persistence — the SQLite registry with migrations and the filesystem blob store.
//! - [`convert`]: disk formats — the native format inspector and the qemu-img driver.
//! - [`model`]: the shared vocabulary, a leaf every layer may use — ids, the image model,
//!   queries, job control, errors; `store` and `convert` use only it (and each other).
//! - [`format`]: byte sizes, rates, durations and times as people read them.
//! - [`i18n`]: the message catalog (English and Simplified Chinese, Project Fluent files)
//!   every user-visible string of both front ends goes through, and the language choice.
//! - [`display`]: control characters in names, tags and messages shown escaped (both front
//!   ends; JSON stays exact).
//! - [`logs`]: the log folder and the redaction of URLs; the library only emits `tracing`
//!   events, the binary decides where they go.
//! - [`cli`]: the `openstack image …`-shaped command line on top of the library.
//! - `ui` (feature `gui`): the egui window; nothing outside it depends on egui.

// Only the CLI writes to the terminal: the rest of the library reports through return values
// and events, which the window shows (it has no terminal).
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod app;
pub mod backend;
#[allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the CLI prints its results, messages and progress"
)]
pub mod cli;
pub mod convert;
pub mod display;
pub mod format;
pub mod i18n;
pub mod logs;
pub mod model;
pub mod store;
#[cfg(feature = "gui")]
pub mod ui;
