//! Block readers: a [`BlockDevice`](super::BlockDevice) over each disk format's file.

pub mod raw;

pub use raw::RawDevice;
