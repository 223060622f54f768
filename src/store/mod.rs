//! Persistence: SQLite registry and filesystem blob store.
