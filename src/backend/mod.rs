//! The domain: image model, state machine, catalog service, jobs.
pub mod jobs;
