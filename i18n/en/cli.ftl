# cli: see src/i18n/mod.rs for how ids are named and used.
