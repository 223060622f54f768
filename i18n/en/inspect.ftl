# Messages of this area; ids are checked against the other language by src/i18n/tests.rs.
