//! LUKS volumes (qemu's `luks` driver reads LUKS1 only). Virtual size follows qemu: the file
//! length minus the payload offset, rounded up to a sector. LUKS2 is refused like Glance does.

use std::io;

use super::bytes::{be16, be32, has_at, printable, slice};
use super::model::{DiskFormatKind, Inspection, UnsafeReason};
use super::msg::msg;
use super::source::Source;

/// True if `head` starts with the LUKS magic.
pub(crate) fn probe(head: &[u8]) -> bool {
    has_at(head, 0, b"LUKS\xba\xbe")
}

fn field(head: &[u8], off: usize, len: usize) -> String {
    let raw = slice(head, off, len);
    let end = raw.iter().position(|&b| b == 0).unwrap_or(raw.len());
    printable(raw.get(..end).unwrap_or(&[]), len)
}

/// Inspects a file that starts with the LUKS magic.
pub(crate) fn inspect(src: &Source, head: &[u8]) -> io::Result<Inspection> {
    let mut r = Inspection::new(DiskFormatKind::Luks, src.len());
    let version = be16(head, 6).unwrap_or(0);
    r.version = Some(version.to_string());
    if version != 1 {
        r.encrypted = Some(format!("luks{version}"));
        r.flag(
            UnsafeReason::UnknownFeatures,
            msg!("inspect-luks-version", version = version),
        );
        return Ok(r);
    }
    if head.len() < 592 {
        r.flag(UnsafeReason::Truncated, msg!("inspect-luks-header-short"));
    }
    let cipher = field(head, 8, 32);
    let mode = field(head, 40, 32);
    r.encrypted = Some(format!("luks1 {cipher}-{mode}"));
    r.features.push(format!("hash={}", field(head, 72, 32)));
    let payload = u64::from(be32(head, 104).unwrap_or(0)).saturating_mul(512);
    if src.complete() {
        if payload > src.len() {
            r.flag(
                UnsafeReason::Truncated,
                msg!(
                    "inspect-luks-payload-beyond",
                    offset = payload,
                    len = src.len()
                ),
            );
            r.virtual_size = Some(0);
        } else {
            r.virtual_size = (src.len() - payload).checked_next_multiple_of(512);
        }
    }
    Ok(r)
}
