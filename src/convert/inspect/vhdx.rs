//! VHDX: the two headers (CRC-32C, highest valid sequence number wins, as qemu does), the region
//! table at 192 KiB, the metadata table (virtual size, block size, sector size, parent locator)
//! and a bounded sample of the block allocation table against the end of the file.

use std::io;

use super::bytes::{has_at, le16, le32, le64, slice, usize_sat};
use super::model::{DiskFormatKind, Inspection, UnsafeReason};
use super::msg::msg;
use super::source::Source;

/// A VHDX region/metadata GUID (as stored, little-endian fields).
pub(crate) const BAT_GUID: [u8; 16] = guid(
    0x2dc2_7766,
    0xf623,
    0x4200,
    [0x9d, 0x64, 0x11, 0x5e, 0x9b, 0xfd, 0x4a, 0x08],
);
/// A VHDX region/metadata GUID (as stored, little-endian fields).
pub(crate) const META_GUID: [u8; 16] = guid(
    0x8b7c_a206,
    0x4790,
    0x4b9a,
    [0xb8, 0xfe, 0x57, 0x5f, 0x05, 0x0f, 0x88, 0x6e],
);
/// A VHDX region/metadata GUID (as stored, little-endian fields).
pub(crate) const FILE_PARAMS: [u8; 16] = guid(
    0xcaa1_6737,
    0xfa36,
    0x4d43,
    [0xb3, 0xb6, 0x33, 0xf0, 0xaa, 0x44, 0xe7, 0x6b],
);
/// A VHDX region/metadata GUID (as stored, little-endian fields).
pub(crate) const VDISK_SIZE: [u8; 16] = guid(
    0x2fa5_4224,
    0xcd1b,
    0x4876,
    [0xb2, 0x11, 0x5d, 0xbe, 0xd8, 0x3b, 0xf4, 0xb8],
);
const PAGE83: [u8; 16] = guid(
    0xbeca_12ab,
    0xb2e6,
    0x4523,
    [0x93, 0xef, 0xc3, 0x09, 0xe0, 0x00, 0xc7, 0x46],
);
/// A VHDX region/metadata GUID (as stored, little-endian fields).
pub(crate) const LOGICAL_SECTOR: [u8; 16] = guid(
    0x8141_bf1d,
    0xa96f,
    0x4709,
    [0xba, 0x47, 0xf2, 0x33, 0xa8, 0xfa, 0xab, 0x5f],
);
const PHYSICAL_SECTOR: [u8; 16] = guid(
    0xcda3_48c7,
    0x445d,
    0x4471,
    [0x9c, 0xc9, 0xe9, 0x88, 0x52, 0x51, 0xc5, 0x56],
);
const PARENT_LOCATOR: [u8; 16] = guid(
    0xa8d3_5f2d,
    0xb30b,
    0x454d,
    [0xab, 0xf7, 0xd3, 0xd8, 0x48, 0x34, 0xab, 0x0c],
);

/// BAT bytes read at most.
const BAT_READ: usize = 256 << 10;

/// A GUID in its on-disk (mixed-endian) byte order.
const fn guid(a: u32, b: u16, c: u16, d: [u8; 8]) -> [u8; 16] {
    let a = a.to_le_bytes();
    let b = b.to_le_bytes();
    let c = c.to_le_bytes();
    [
        a[0], a[1], a[2], a[3], b[0], b[1], c[0], c[1], d[0], d[1], d[2], d[3], d[4], d[5], d[6],
        d[7],
    ]
}

const CRC32C: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0x82f6_3b78 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// CRC-32C of `data` with the 4 bytes at `skip` treated as zero.
fn crc32c(data: &[u8], skip: usize) -> u32 {
    let mut crc = !0u32;
    for (i, &b) in data.iter().enumerate() {
        let b = if (skip..skip + 4).contains(&i) { 0 } else { b };
        let idx = usize::from((crc as u8) ^ b);
        crc = CRC32C.get(idx).copied().unwrap_or(0) ^ (crc >> 8);
    }
    !crc
}

/// True if the file starts with the VHDX identifier.
pub(crate) fn probe(head: &[u8]) -> bool {
    has_at(head, 0, b"vhdxfile")
}

/// Inspects a VHDX file.
pub(crate) fn inspect(src: &mut Source) -> io::Result<Inspection> {
    let mut r = Inspection::new(DiskFormatKind::Vhdx, src.len());
    let mut best: Option<(u64, Vec<u8>)> = None;
    for off in [64u64 << 10, 128 << 10] {
        let h = src.read(off, 4096)?;
        let valid =
            h.len() == 4096 && has_at(&h, 0, b"head") && crc32c(&h, 4) == le32(&h, 4).unwrap_or(0);
        if valid && le16(&h, 66) == Some(1) {
            let seq = le64(&h, 8).unwrap_or(0);
            if best.as_ref().is_none_or(|(s, _)| seq > *s) {
                best = Some((seq, h));
            }
        }
    }
    let Some((_, header)) = best else {
        r.flag(UnsafeReason::InvalidHeader, msg!("inspect-vhdx-no-header"));
        return Ok(r);
    };
    r.version = Some(le16(&header, 66).unwrap_or(0).to_string());
    if slice(&header, 48, 16).iter().any(|&b| b != 0) {
        r.features.push("log_replay_pending".into());
        r.note(msg!("inspect-vhdx-note-log"));
    }
    let log_end = le64(&header, 72)
        .unwrap_or(0)
        .saturating_add(u64::from(le32(&header, 68).unwrap_or(0)));
    if src.complete() && log_end > src.len() {
        r.flag(UnsafeReason::Truncated, msg!("inspect-vhdx-log-beyond"));
    }
    let rt = src.read(192 << 10, 64 << 10)?;
    if rt.len() < 64 << 10
        || !has_at(&rt, 0, b"regi")
        || crc32c(&rt, 4) != le32(&rt, 4).unwrap_or(0)
    {
        r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-vhdx-region-table"),
        );
        return Ok(r);
    }
    let count = le32(&rt, 8).unwrap_or(0);
    if count > 2047 {
        r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-vhdx-regions", count = count),
        );
        return Ok(r);
    }
    let (mut bat, mut meta) = (None, None);
    for i in 0..usize_sat(u64::from(count)) {
        let e = slice(&rt, 16 + 32 * i, 32);
        let id = slice(e, 0, 16);
        let region = (
            le64(e, 16).unwrap_or(0),
            u64::from(le32(e, 24).unwrap_or(0)),
        );
        if src.complete() && region.0.saturating_add(region.1) > src.len() {
            r.flag(
                UnsafeReason::Truncated,
                msg!(
                    "inspect-vhdx-region-beyond",
                    offset = region.0,
                    size = region.1
                ),
            );
        }
        if id == BAT_GUID {
            bat = Some(region);
        } else if id == META_GUID {
            meta = Some(region);
        } else if le32(e, 28).unwrap_or(0) & 1 != 0 {
            r.flag(
                UnsafeReason::UnknownFeatures,
                msg!("inspect-vhdx-unknown-region"),
            );
        }
    }
    let (Some(bat), Some(meta)) = (bat, meta) else {
        r.flag(UnsafeReason::InvalidHeader, msg!("inspect-vhdx-no-bat"));
        return Ok(r);
    };
    metadata(src, meta.0, &mut r)?;
    if src.complete() {
        sample_bat(src, bat, &mut r)?;
    }
    Ok(r)
}

fn metadata(src: &mut Source, base: u64, r: &mut Inspection) -> io::Result<()> {
    let table = src.read(base, 64 << 10)?;
    if !has_at(&table, 0, b"metadata") {
        let what = if table.is_empty() {
            UnsafeReason::Truncated
        } else {
            UnsafeReason::InvalidHeader
        };
        r.flag(what, msg!("inspect-vhdx-no-metadata"));
        return Ok(());
    }
    let count = usize::from(le16(&table, 10).unwrap_or(0));
    if count > 2047 {
        r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-vhdx-metadata-entries"),
        );
        return Ok(());
    }
    let mut items: Vec<([u8; 16], u64, u32)> = Vec::new();
    for i in 0..count {
        let e = slice(&table, 32 + 32 * i, 32);
        let id: [u8; 16] = slice(e, 0, 16).try_into().unwrap_or([0; 16]);
        let known = [
            FILE_PARAMS,
            VDISK_SIZE,
            PAGE83,
            LOGICAL_SECTOR,
            PHYSICAL_SECTOR,
            PARENT_LOCATOR,
        ];
        if !known.contains(&id) && le32(e, 24).unwrap_or(0) & 4 != 0 {
            r.flag(
                UnsafeReason::UnknownFeatures,
                msg!("inspect-vhdx-unknown-item"),
            );
        }
        items.push((
            id,
            u64::from(le32(e, 16).unwrap_or(0)),
            le32(e, 20).unwrap_or(0),
        ));
    }
    let value = |src: &mut Source, id: [u8; 16], n: usize| -> io::Result<Option<Vec<u8>>> {
        match items.iter().find(|(i, _, _)| *i == id) {
            Some(&(_, off, len)) => Ok(Some(
                src.read(base.saturating_add(off), n.min(usize_sat(u64::from(len))))?,
            )),
            None => Ok(None),
        }
    };
    let params = value(src, FILE_PARAMS, 8)?;
    let size = value(src, VDISK_SIZE, 8)?;
    let lss = value(src, LOGICAL_SECTOR, 4)?;
    let parent = value(src, PARENT_LOCATOR, 64 << 10)?;
    let (Some(params), Some(size), Some(lss)) = (params, size, lss) else {
        r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-vhdx-missing-items"),
        );
        return Ok(());
    };
    let block = u64::from(le32(&params, 0).unwrap_or(0));
    let flags = le32(&params, 4).unwrap_or(0);
    let vds = le64(&size, 0).unwrap_or(0);
    let lss = le32(&lss, 0).unwrap_or(0);
    r.cluster_size = Some(block);
    r.subformat = Some(
        if flags & 2 != 0 {
            "differencing"
        } else if flags & 1 != 0 {
            "fixed"
        } else {
            "dynamic"
        }
        .into(),
    );
    if !(1 << 20..=256 << 20).contains(&block) || !block.is_power_of_two() {
        r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-vhdx-block-size", size = block),
        );
    }
    match lss {
        512 => r.virtual_size = Some(vds & !511),
        4096 => {
            // qemu 10 computes total_sectors = size >> logical_sector_bits, in 512-byte units.
            r.virtual_size = Some((vds >> 12).saturating_mul(512));
            r.note(msg!("inspect-vhdx-note-4k", bytes = vds));
        }
        other => r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-vhdx-sector-size", size = other),
        ),
    }
    if flags & 2 != 0 {
        let locator = parent.unwrap_or_default();
        let paths = parent_paths(&locator);
        let name = paths
            .first()
            .cloned()
            .unwrap_or_else(|| "(no parent locator)".into());
        r.flag(
            UnsafeReason::BackingFile,
            msg!("inspect-vhdx-parent", paths = paths.join(", ")),
        );
        r.backing_file = Some(name);
    }
    Ok(())
}

/// Parent locator key/value pairs whose keys name a path.
fn parent_paths(loc: &[u8]) -> Vec<String> {
    let count = usize::from(le16(loc, 18).unwrap_or(0)).min(64);
    let mut out = Vec::new();
    for i in 0..count {
        let e = 20 + 12 * i;
        let ko = usize_sat(u64::from(le32(loc, e).unwrap_or(0)));
        let vo = usize_sat(u64::from(le32(loc, e + 4).unwrap_or(0)));
        let kl = usize::from(le16(loc, e + 8).unwrap_or(0));
        let vl = usize::from(le16(loc, e + 10).unwrap_or(0));
        let key = super::bytes::utf16(slice(loc, ko, kl), false);
        let val = super::bytes::utf16(slice(loc, vo, vl), false);
        if key.contains("path") {
            out.push(format!("{key}={val:?}"));
        }
    }
    out
}

fn sample_bat(src: &mut Source, (off, len): (u64, u64), r: &mut Inspection) -> io::Result<()> {
    let file_len = src.len();
    let data = src.read(off, usize_sat(len).min(BAT_READ))?;
    let mut bad = 0u64;
    for e in data.chunks_exact(8) {
        let v = le64(e, 0).unwrap_or(0);
        if !matches!(v & 7, 6 | 7) {
            continue;
        }
        let at = v & !0xf_ffff;
        if at >= file_len {
            if bad == 0 {
                r.flag(
                    UnsafeReason::Truncated,
                    msg!("inspect-vhdx-block-beyond", offset = at, len = file_len),
                );
            }
            bad += 1;
        }
    }
    Ok(())
}
