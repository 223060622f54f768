//! VHD (qemu: vpc) guest data: fixed disks are the file's data before the footer; dynamic
//! disks map blocks through the BAT, each block a sector bitmap followed by its data (a clear
//! bit reads as zeros, as the VHD specification says for a disk without a parent).
//!
//! The virtual size follows qemu's `vpc_open` like the safety inspector: CHS geometry unless
//! the creator is Hyper-V-like or the geometry is the maximum, then the footer's current size.

use std::io;

use super::{Extent, ImageFile, RawDevice, be16, be32, be64, check_range, invalid, read_mapped};
use crate::convert::guest::device::BlockDevice;

const MAX_GEOMETRY: u64 = 65535 * 16 * 255;

/// Opens a fixed or dynamic VHD.
pub(crate) fn open(mut img: ImageFile) -> io::Result<Box<dyn BlockDevice + Send>> {
    let mut footer = [0u8; 512];
    img.read_at(0, &mut footer, "VHD footer copy")?;
    if footer.get(..8) != Some(b"conectix") {
        // Fixed disks have only the footer at the end.
        let at = img.len().saturating_sub(512);
        img.read_at(at, &mut footer, "VHD footer")?;
        if footer.get(..8) != Some(b"conectix") {
            return Err(invalid("no VHD footer (conectix cookie)"));
        }
    }
    let creator = footer.get(28..32).unwrap_or(&[]);
    let chs = u64::from(be16(&footer, 56))
        * u64::from(footer.get(58).copied().unwrap_or(0))
        * u64::from(footer.get(59).copied().unwrap_or(0));
    let current = be64(&footer, 48);
    let size_based = [&b"win "[..], b"qem2", b"d2v ", b"CTXS", b"tap\0"].contains(&creator);
    let size = if size_based || chs == MAX_GEOMETRY {
        current & !511
    } else {
        chs.saturating_mul(512)
    };
    match be32(&footer, 60) {
        2 => {
            let data = img.len().saturating_sub(512);
            if size > data {
                return Err(invalid(format!(
                    "fixed VHD exposes {size} bytes but holds only {data}"
                )));
            }
            let ImageFile {
                file,
                start,
                budget,
                ..
            } = img;
            Ok(Box::new(RawDevice::window(file, start, size, budget)))
        }
        3 => Ok(Box::new(VhdDevice::open(img, &footer, size)?)),
        4 => Err(invalid(
            "differencing VHD: its parent is not opened, so its guest is not read",
        )),
        t => Err(invalid(format!("unknown VHD disk type {t}"))),
    }
}

/// A dynamic VHD's virtual disk.
#[derive(Debug)]
pub(crate) struct VhdDevice {
    img: ImageFile,
    size: u64,
    bat: u64,
    entries: u64,
    block: u64,
    bitmap_bytes: u64,
}

impl VhdDevice {
    fn open(mut img: ImageFile, footer: &[u8], size: u64) -> io::Result<Self> {
        let mut dh = [0u8; 1024];
        img.read_at(be64(footer, 16), &mut dh, "VHD dynamic header")?;
        if dh.get(..8) != Some(b"cxsparse") {
            return Err(invalid("VHD dynamic header has no cxsparse cookie"));
        }
        let bat = be64(&dh, 16);
        let entries = u64::from(be32(&dh, 28));
        let block = u64::from(be32(&dh, 32));
        if block < 512 || !block.is_power_of_two() {
            return Err(invalid(format!("invalid VHD block size {block}")));
        }
        if u128::from(entries) * u128::from(block) < u128::from(size) {
            return Err(invalid("VHD block table is too small for the disk size"));
        }
        // One bit per sector, rounded up to whole sectors.
        let bitmap_bytes = (block / 512).div_ceil(8).next_multiple_of(512);
        Ok(VhdDevice {
            img,
            size,
            bat,
            entries,
            block,
            bitmap_bytes,
        })
    }
}

/// The bitmap bit of sector `s` of the block at `start` (most significant bit first).
fn bit(img: &mut ImageFile, start: u64, s: u64) -> io::Result<bool> {
    let [byte]: [u8; 1] = img.table(start + s / 8, "VHD sector bitmap")?;
    Ok(byte & (0x80 >> (s % 8)) != 0)
}

impl BlockDevice for VhdDevice {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_exact_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        check_range(offset, buf.len(), self.size)?;
        let (bat, entries, block, bitmap_bytes) =
            (self.bat, self.entries, self.block, self.bitmap_bytes);
        read_mapped(&mut self.img, offset, buf, "VHD block", |img, at, rest| {
            let index = at / block;
            let within = at % block;
            if index >= entries {
                return Err(invalid(format!("VHD block {index} is past the BAT")));
            }
            let e: [u8; 4] = img.table(bat.saturating_add(index * 4), "VHD BAT")?;
            let sector = u32::from_be_bytes(e);
            if sector == u32::MAX {
                return Ok((Extent::Zero, super::run_len(at, block, rest)));
            }
            let start = u64::from(sector) * 512;
            let first = within / 512;
            let set = bit(img, start, first)?;
            // Extend the run over following sectors in the same state (up to the block's end).
            let mut n = super::run_len(at, 512, rest);
            let mut s = first + 1;
            while n < rest && s < block / 512 && bit(img, start, s)? == set {
                n = n.saturating_add(512).min(rest);
                s += 1;
            }
            Ok(if set {
                (Extent::Data(start + bitmap_bytes + within), n)
            } else {
                (Extent::Zero, n)
            })
        })
    }

    fn bytes_read(&self) -> u64 {
        self.img.used()
    }
}
