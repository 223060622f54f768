//! The application service: the operations people start from either front end (the window
//! or the CLI), composed once below both and free of egui and clap. Front ends turn gestures
//! into calls here and show what comes back.

pub mod sessions;
