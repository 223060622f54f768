//! The CLI's help and clap's errors in both languages.
