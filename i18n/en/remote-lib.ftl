# remote-lib: the library's own messages (errors, notes) in the user's language. See src/i18n/mod.rs.
