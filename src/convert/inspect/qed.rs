//! QED (QEMU enhanced disk): recognised and always refused, like Glance does; the header is
//! still parsed so the report shows the virtual size and any backing file.

use std::io;

use super::bytes::{has_at, le32, le64, printable, usize_sat};
use super::model::{DiskFormatKind, Inspection, UnsafeReason};
use super::msg::msg;
use super::source::Source;

const FEATURE_BACKING_FILE: u64 = 1;
const FEATURE_NEED_CHECK: u64 = 2;
const FEATURE_NO_PROBE: u64 = 4;

/// True if `head` starts with the QED magic.
pub(crate) fn probe(head: &[u8]) -> bool {
    has_at(head, 0, b"QED\0")
}

/// Inspects a file that starts with the QED magic.
pub(crate) fn inspect(src: &mut Source, head: &[u8]) -> io::Result<Inspection> {
    let mut r = Inspection::new(DiskFormatKind::Qed, src.len());
    r.flag(UnsafeReason::Qed, msg!("inspect-qed-refused"));
    if head.len() < 64 {
        r.flag(UnsafeReason::Truncated, msg!("inspect-qed-header-short"));
    }
    let cluster_size = le32(head, 4).unwrap_or(0);
    let table_size = le32(head, 8).unwrap_or(0);
    let features = le64(head, 16).unwrap_or(0);
    let l1_offset = le64(head, 40).unwrap_or(0);
    let image_size = le64(head, 48).unwrap_or(0);
    let backing_off = le32(head, 56).unwrap_or(0);
    let backing_len = le32(head, 60).unwrap_or(0);
    r.cluster_size = Some(u64::from(cluster_size));
    r.virtual_size = Some(image_size & !511);
    if features & FEATURE_NEED_CHECK != 0 {
        r.features.push("need_check".into());
    }
    if features & FEATURE_NO_PROBE != 0 {
        r.features.push("backing_format_no_probe".into());
    }
    if features & !(FEATURE_BACKING_FILE | FEATURE_NEED_CHECK | FEATURE_NO_PROBE) != 0 {
        r.flag(
            UnsafeReason::UnknownFeatures,
            msg!("inspect-qed-features", bits = format!("{features:#x}")),
        );
    }
    if features & FEATURE_BACKING_FILE != 0 {
        r.features.push("backing_file".into());
        let name = src.read(
            u64::from(backing_off),
            usize_sat(u64::from(backing_len).min(1023)),
        )?;
        let name = printable(&name, 1023);
        r.flag(
            UnsafeReason::BackingFile,
            msg!("inspect-backing-file", name = format!("{name:?}")),
        );
        r.backing_file = Some(name);
    }
    let table_bytes = u64::from(cluster_size).saturating_mul(u64::from(table_size));
    if src.complete() && l1_offset.saturating_add(table_bytes) > src.len() {
        r.flag(
            UnsafeReason::Truncated,
            msg!("inspect-qed-l1-beyond", offset = l1_offset),
        );
    }
    Ok(r)
}
