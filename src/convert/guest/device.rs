//! The guest's block device: the virtual disk a format exposes, read at byte offsets through
//! a shared read budget.

use std::io;

/// Limits of one guest inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuestOptions {
    /// The most bytes read from the image file in total (default 64 MiB); past it the
    /// inspection stops with a finding, keeping what it found.
    pub max_read_bytes: u64,
    /// The most bytes read from one guest file (os-release, a registry hive is read in
    /// bounded pieces; default 1 MiB).
    pub max_file_bytes: u64,
}

impl Default for GuestOptions {
    fn default() -> Self {
        GuestOptions {
            max_read_bytes: 64 << 20,
            max_file_bytes: 1 << 20,
        }
    }
}

/// Counts the bytes an inspection reads from the image file and refuses reads past the cap.
#[derive(Debug, Clone, Default)]
pub struct Budget {
    /// Bytes read so far.
    pub used: u64,
    /// The cap.
    pub limit: u64,
}

impl Budget {
    /// A budget of `limit` bytes.
    pub fn new(limit: u64) -> Self {
        Budget { used: 0, limit }
    }

    /// Charges `n` bytes; an error of kind `Other` naming the cap when it would be exceeded.
    pub fn charge(&mut self, n: u64) -> io::Result<()> {
        let next = self.used.saturating_add(n);
        if next > self.limit {
            return Err(io::Error::other(format!(
                "the guest inspection read limit ({} bytes) was reached",
                self.limit
            )));
        }
        self.used = next;
        Ok(())
    }
}

/// A virtual disk: `size` bytes, read at any offset. Unallocated ranges read as zeros.
pub trait BlockDevice {
    /// The virtual size in bytes.
    fn size(&self) -> u64;
    /// Fills `buf` from `offset` (reads past the end are an `UnexpectedEof` error).
    fn read_exact_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()>;
    /// Bytes read from the underlying image file so far.
    fn bytes_read(&self) -> u64;
}
