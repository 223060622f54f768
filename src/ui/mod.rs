//! egui window (being written).
