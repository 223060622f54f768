//! qemu-img driver (being written).
