//! Raw data (a raw or ISO file, or a window of one such as an OVA member) as a block device.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

use crate::convert::guest::device::{BlockDevice, Budget};

/// A window `[start, start + len)` of a file read as the guest's disk, every read charged to
/// the budget.
#[derive(Debug)]
pub struct RawDevice {
    file: File,
    start: u64,
    len: u64,
    budget: Budget,
}

impl RawDevice {
    /// The whole file.
    pub fn new(file: File, budget: Budget) -> io::Result<Self> {
        let len = file.metadata()?.len();
        Ok(RawDevice {
            file,
            start: 0,
            len,
            budget,
        })
    }

    /// A window of the file.
    pub fn window(file: File, start: u64, len: u64, budget: Budget) -> Self {
        RawDevice {
            file,
            start,
            len,
            budget,
        }
    }
}

impl BlockDevice for RawDevice {
    fn size(&self) -> u64 {
        self.len
    }

    fn read_exact_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let want = buf.len() as u64;
        if offset.checked_add(want).is_none_or(|end| end > self.len) {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "read of {want} bytes at {offset} past the disk's end ({})",
                    self.len
                ),
            ));
        }
        self.budget.charge(want)?;
        self.file
            .read_exact_at(buf, self.start.saturating_add(offset))
    }

    fn bytes_read(&self) -> u64 {
        self.budget.used
    }
}
