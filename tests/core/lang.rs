//! The CLI in both languages: messages, tables, errors.
