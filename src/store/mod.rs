//! Persistence: the SQLite registry (schema, migrations, rows), the listing query builder,
//! the blob store trait with its filesystem backend, and the single-pass hashing copy.

pub mod blobs;
pub mod cleanups;
pub mod digest;
pub mod direct;
pub mod hashing;
pub mod listing;
pub mod registry;
