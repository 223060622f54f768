//! The application service: the one place where the operations a person starts are composed,
//! below both front ends and free of egui and clap. The window sends [`protocol::Command`]s
//! to [`worker::start`]'s loop and renders the [`protocol::Event`]s that come back; the CLI
//! calls the same operations ([`remote::sync`], [`inspect`], [`sessions`], …) and prints.
//! Long work runs through the one job runner ([`jobs`]), which reports bytes, a step note and
//! the end; cloud sessions come from one pool with one secret precedence ([`sessions`]).

pub mod convert;
pub mod guest;
pub mod inspect;
pub mod jobs;
pub mod protocol;
pub mod remote;
pub mod sessions;
pub mod worker;
