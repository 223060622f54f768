//! VirtualBox VDI guest data: the block map (one little-endian u32 per 1 MiB block: a block
//! index in the data area, unallocated, or discarded = zeros).
//!
//! Layout reference: VirtualBox `VDICore.h`; the rules follow qemu's `vdi.c` (version 1.1,
//! 512-byte sectors, no extra block data).

use std::io;

use super::{Extent, ImageFile, check_range, invalid, le32, le64, read_mapped};
use crate::convert::guest::device::BlockDevice;

const SIGNATURE: u32 = 0xbeda_107f;
/// Map entries at or above this read as zeros (0xffffffff unallocated, 0xfffffffe discarded).
const FIRST_FREE: u32 = 0xffff_fffe;

/// A VDI image's virtual disk.
#[derive(Debug)]
pub(crate) struct VdiDevice {
    img: ImageFile,
    size: u64,
    bmap: u64,
    data: u64,
    block: u64,
    blocks: u64,
}

impl VdiDevice {
    /// Reads the header.
    pub(crate) fn open(mut img: ImageFile) -> io::Result<Self> {
        let mut h = [0u8; 512];
        img.read_at(0, &mut h, "VDI header")?;
        if le32(&h, 0x40) != SIGNATURE {
            return Err(invalid("not a VDI file (no signature)"));
        }
        let image_type = le32(&h, 0x4c);
        if !matches!(image_type, 1 | 2) {
            return Err(invalid(format!("VDI image type {image_type} is not read")));
        }
        let block = u64::from(le32(&h, 0x178));
        if le32(&h, 0x168) != 512 || block == 0 || block > 256 << 20 || le32(&h, 0x17c) != 0 {
            return Err(invalid(
                "VDI geometry (sector size, block size or extra data) is not read",
            ));
        }
        let disk = le64(&h, 0x170);
        let blocks = u64::from(le32(&h, 0x180));
        if u128::from(disk) > u128::from(blocks) * u128::from(block) {
            return Err(invalid("VDI disk size exceeds the blocks in the image"));
        }
        Ok(VdiDevice {
            img,
            // qemu rounds an odd disk size up to a whole sector.
            size: disk.checked_next_multiple_of(512).unwrap_or(disk & !511),
            bmap: u64::from(le32(&h, 0x154)),
            data: u64::from(le32(&h, 0x158)),
            block,
            blocks,
        })
    }
}

impl BlockDevice for VdiDevice {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_exact_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        check_range(offset, buf.len(), self.size)?;
        let (bmap, data, block, blocks) = (self.bmap, self.data, self.block, self.blocks);
        read_mapped(&mut self.img, offset, buf, "VDI block", |img, at, rest| {
            let index = at / block;
            let run = super::run_len(at, block, rest);
            if index >= blocks {
                // The last block may be partial when the size was rounded up to a sector.
                return Ok((Extent::Zero, run));
            }
            let e = u32::from_le_bytes(img.table(bmap.saturating_add(index * 4), "VDI block map")?);
            if e >= FIRST_FREE {
                return Ok((Extent::Zero, run));
            }
            let host = data
                .saturating_add(u64::from(e).saturating_mul(block))
                .saturating_add(at % block);
            Ok((Extent::Data(host), run))
        })
    }

    fn bytes_read(&self) -> u64 {
        self.img.used()
    }
}
