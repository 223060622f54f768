//! VirtualBox VDI: header v1.1, image type, block map bounds, and a sample of block map entries
//! against the end of the file. Virtual size follows qemu (disk size rounded up to a sector).

use std::io;

use super::bytes::{le32, le64, slice, usize_sat};
use super::model::{DiskFormatKind, Inspection, UnsafeReason};
use super::msg::msg;
use super::source::Source;

const SIGNATURE: u32 = 0xbeda_107f;
const UNALLOCATED: u32 = 0xffff_ffff;
const DISCARDED: u32 = 0xffff_fffe;
/// Block map bytes read at most.
const BMAP_READ: usize = 256 << 10;

/// True if the VDI signature is at 0x40.
pub(crate) fn probe(head: &[u8]) -> bool {
    le32(head, 0x40) == Some(SIGNATURE)
}

/// Inspects a file with the VDI signature.
pub(crate) fn inspect(src: &mut Source, head: &[u8]) -> io::Result<Inspection> {
    let mut r = Inspection::new(DiskFormatKind::Vdi, src.len());
    if head.len() < 0x1c8 {
        r.flag(UnsafeReason::Truncated, msg!("inspect-vdi-header-short"));
    }
    let version = le32(head, 0x44).unwrap_or(0);
    r.version = Some(format!("{}.{}", version >> 16, version & 0xffff));
    let image_type = le32(head, 0x4c).unwrap_or(0);
    let offset_bmap = u64::from(le32(head, 0x154).unwrap_or(0));
    let offset_data = u64::from(le32(head, 0x158).unwrap_or(0));
    let sector_size = le32(head, 0x168).unwrap_or(0);
    let disk_size = le64(head, 0x170).unwrap_or(0);
    let block_size = u64::from(le32(head, 0x178).unwrap_or(0));
    let blocks = u64::from(le32(head, 0x180).unwrap_or(0));
    r.cluster_size = Some(block_size);
    // qemu rounds an odd disk size up to a whole sector.
    r.virtual_size = Some(
        disk_size
            .checked_next_multiple_of(512)
            .unwrap_or(disk_size & !511),
    );
    r.subformat = Some(
        match image_type {
            1 => "dynamic",
            2 => "static",
            3 => "undo",
            4 => "diff",
            _ => "unknown",
        }
        .into(),
    );
    if version != 0x0001_0001 {
        r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-vdi-version", version = format!("{version:#x}")),
        );
    }
    if !matches!(image_type, 1 | 2) {
        r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-vdi-type", kind = image_type),
        );
    }
    if sector_size != 512
        || block_size != 1 << 20
        || !offset_bmap.is_multiple_of(512)
        || !offset_data.is_multiple_of(512)
    {
        r.flag(UnsafeReason::InvalidHeader, msg!("inspect-vdi-geometry"));
    }
    if u128::from(disk_size) > u128::from(blocks) * u128::from(block_size) {
        r.flag(UnsafeReason::InvalidHeader, msg!("inspect-vdi-size"));
    }
    let link = slice(head, 0x1a8, 16);
    let parent = slice(head, 0x1b8, 16);
    if link.iter().chain(parent).any(|&b| b != 0) {
        r.flag(UnsafeReason::BackingFile, msg!("inspect-vdi-parent"));
    }
    let bmap_bytes = blocks.saturating_mul(4);
    if src.complete() {
        let len = src.len();
        if offset_bmap.saturating_add(bmap_bytes) > len {
            r.flag(
                UnsafeReason::Truncated,
                msg!(
                    "inspect-vdi-map-beyond",
                    offset = offset_bmap,
                    size = bmap_bytes,
                    len = len
                ),
            );
        }
        let map = src.read(offset_bmap, usize_sat(bmap_bytes).min(BMAP_READ))?;
        let mut bad = 0u64;
        for e in map.chunks_exact(4) {
            let idx = le32(e, 0).unwrap_or(UNALLOCATED);
            if idx == UNALLOCATED || idx == DISCARDED {
                continue;
            }
            let at = offset_data.saturating_add(u64::from(idx).saturating_mul(block_size));
            if at >= len {
                if bad == 0 {
                    r.flag(
                        UnsafeReason::Truncated,
                        msg!("inspect-block-beyond", offset = at, len = len),
                    );
                }
                bad += 1;
            }
        }
    }
    Ok(r)
}
