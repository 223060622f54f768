//! Disk formats: the native inspector (no qemu-img involved) and the qemu-img driver.

pub mod guest;
pub mod inspect;
pub mod qemu_img;
