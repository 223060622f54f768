//! VHD (qemu: vpc). The footer is found at offset 0 (dynamic and differencing disks keep a copy
//! there) or in the last 512 bytes (fixed disks have only that one). The virtual size follows
//! qemu's `vpc_open`: CHS geometry unless the creator is Hyper-V-like or the geometry is the
//! maximum, then the footer's current size.

use std::io;

use super::bytes::{be16, be32, be64, has_at, slice, u8_or0, usize_sat};
use super::model::{DiskFormatKind, Inspection, UnsafeReason};
use super::msg::msg;
use super::source::Source;

const COOKIE: &[u8] = b"conectix";
const MAX_GEOMETRY: u64 = 65535 * 16 * 255;
const MAX_SECTORS: u64 = 0xff00_0000;
/// BAT bytes read at most.
const BAT_READ: usize = 256 << 10;

/// True if a VHD footer copy is at offset 0.
pub(crate) fn probe_head(head: &[u8]) -> bool {
    has_at(head, 0, COOKIE)
}

/// True if the last 512 bytes are a VHD footer.
pub(crate) fn probe_tail(tail: &[u8]) -> bool {
    has_at(tail, 0, COOKIE)
}

fn checksum_ok(footer: &[u8]) -> bool {
    let stored = be32(footer, 64).unwrap_or(0);
    let sum = footer
        .iter()
        .enumerate()
        .filter(|(i, _)| !(64..68).contains(i))
        .fold(0u32, |acc, (_, &b)| acc.wrapping_add(u32::from(b)));
    !sum == stored
}

/// Inspects a VHD; `head` is the first bytes, `tail` the last 512 (empty if unknown).
pub(crate) fn inspect(src: &mut Source, head: &[u8], tail: &[u8]) -> io::Result<Inspection> {
    let mut r = Inspection::new(DiskFormatKind::Vhd, src.len());
    let at0 = probe_head(head);
    let footer = if at0 { slice(head, 0, 512) } else { tail };
    if footer.len() < 512 {
        r.flag(UnsafeReason::Truncated, msg!("inspect-vhd-footer-short"));
    }
    let disk_type = be32(footer, 60).unwrap_or(0);
    let version = be32(footer, 12).unwrap_or(0);
    r.version = Some(format!("{}.{}", version >> 16, version & 0xffff));
    r.subformat = Some(
        match disk_type {
            2 => "fixed",
            3 => "dynamic",
            4 => "differencing",
            _ => "unknown",
        }
        .into(),
    );
    let creator = slice(footer, 28, 4);
    r.features
        .push(format!("creator={}", super::bytes::printable(creator, 4)));
    if !checksum_ok(footer) {
        r.note(msg!("inspect-vhd-note-checksum"));
    }
    let chs = u64::from(be16(footer, 56).unwrap_or(0))
        * u64::from(u8_or0(footer, 58))
        * u64::from(u8_or0(footer, 59));
    let current = be64(footer, 48).unwrap_or(0);
    let size_based = [&b"win "[..], b"qem2", b"d2v ", b"CTXS", b"tap\0"].contains(&creator);
    let sectors = if size_based || chs == MAX_GEOMETRY {
        current / 512
    } else {
        chs
    };
    r.virtual_size = Some(sectors.saturating_mul(512));
    if sectors > MAX_SECTORS {
        r.flag(UnsafeReason::InvalidHeader, msg!("inspect-vhd-too-large"));
    }
    match disk_type {
        2 => {
            if src.complete() && !at0 {
                let data = src.len().saturating_sub(512);
                if sectors.saturating_mul(512) > data {
                    r.flag(
                        UnsafeReason::Truncated,
                        msg!(
                            "inspect-vhd-fixed-short",
                            exposed = sectors.saturating_mul(512),
                            held = data
                        ),
                    );
                }
            }
        }
        3 | 4 => {
            if !at0 {
                r.flag(
                    UnsafeReason::InvalidHeader,
                    msg!("inspect-vhd-no-footer-copy"),
                );
            }
            dynamic(src, footer, sectors, disk_type == 4, &mut r)?;
        }
        t => r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-vhd-disk-type", kind = t),
        ),
    }
    Ok(r)
}

fn dynamic(
    src: &mut Source,
    footer: &[u8],
    sectors: u64,
    differencing: bool,
    r: &mut Inspection,
) -> io::Result<()> {
    let dyn_off = be64(footer, 16).unwrap_or(0);
    let dh = src.read(dyn_off, 1024)?;
    if !has_at(&dh, 0, b"cxsparse") {
        if src.complete() && dyn_off.saturating_add(1024) > src.len() {
            r.flag(
                UnsafeReason::Truncated,
                msg!("inspect-vhd-dynamic-beyond", offset = dyn_off),
            );
        } else if src.complete() {
            r.flag(UnsafeReason::InvalidHeader, msg!("inspect-vhd-no-cookie"));
        }
        return Ok(());
    }
    let bat_off = be64(&dh, 16).unwrap_or(0);
    let entries = u64::from(be32(&dh, 28).unwrap_or(0));
    let block = u64::from(be32(&dh, 32).unwrap_or(0));
    r.cluster_size = Some(block);
    if block < 512 || !block.is_power_of_two() {
        r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-vhd-block-size", size = block),
        );
    } else if u128::from(entries) * u128::from(block) < u128::from(sectors) * 512 {
        r.flag(UnsafeReason::InvalidHeader, msg!("inspect-vhd-bat-small"));
    }
    if differencing {
        let name = super::bytes::utf16(slice(&dh, 64, 512), true);
        r.flag(
            UnsafeReason::BackingFile,
            msg!("inspect-vhd-parent", name = format!("{name:?}")),
        );
        r.backing_file = Some(name);
    }
    if !src.complete() {
        return Ok(());
    }
    let len = src.len();
    let bat_bytes = entries.saturating_mul(4);
    if bat_off.saturating_add(bat_bytes) > len {
        r.flag(
            UnsafeReason::Truncated,
            msg!(
                "inspect-vhd-bat-beyond",
                offset = bat_off,
                size = bat_bytes,
                len = len
            ),
        );
    }
    let bat = src.read(bat_off, usize_sat(bat_bytes).min(BAT_READ))?;
    let mut bad = 0u64;
    for e in bat.chunks_exact(4) {
        let s = be32(e, 0).unwrap_or(u32::MAX);
        if s == u32::MAX {
            continue;
        }
        let at = u64::from(s).saturating_mul(512);
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
    Ok(())
}
