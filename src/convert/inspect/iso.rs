//! ISO 9660 and UDF optical images: volume descriptors at 32 KiB. qemu reads an ISO as raw, so
//! the virtual size is the file length rounded up to a sector (what `qemu-img info -f raw` says);
//! the size the primary volume descriptor declares is reported as a note.

use super::bytes::{has_at, le16, le32, printable, slice};
use super::model::{DiskFormatKind, Inspection};
use super::msg::msg;
use super::source::Source;

/// Offsets of the first volume descriptors' identifiers (sector 16, 17, 18 and 19, +1).
const SLOTS: [usize; 4] = [0x8001, 0x8801, 0x9001, 0x9801];

/// True if an ISO 9660 primary descriptor or a UDF NSR descriptor is present.
pub(crate) fn probe(head: &[u8]) -> bool {
    has_at(head, 0x8001, b"CD001")
        || SLOTS
            .iter()
            .any(|&o| has_at(head, o, b"NSR02") || has_at(head, o, b"NSR03"))
}

/// Inspects an ISO image (`head` holds at least the first 64 KiB when the file has them).
pub(crate) fn inspect(src: &Source, head: &[u8]) -> Inspection {
    let mut r = Inspection::new(DiskFormatKind::Iso, src.len());
    if src.complete() {
        r.virtual_size = src.len().checked_next_multiple_of(512);
    }
    if has_at(head, 0x8001, b"CD001") {
        r.subformat = Some("iso9660".into());
        if head.get(0x8000) == Some(&1) {
            let blocks = u64::from(le32(head, 0x8000 + 80).unwrap_or(0));
            let block_size = u64::from(le16(head, 0x8000 + 128).unwrap_or(0));
            let volume = blocks.saturating_mul(block_size);
            r.cluster_size = Some(block_size);
            let label = printable(slice(head, 0x8000 + 40, 32), 32);
            r.note(msg!(
                "inspect-iso-note-volume",
                label = format!("{:?}", label.trim_end()),
                bytes = volume
            ));
            if src.complete() && volume > src.len() {
                r.note(msg!(
                    "inspect-iso-note-larger",
                    bytes = volume,
                    len = src.len()
                ));
            }
        }
    } else {
        r.subformat = Some("udf".into());
    }
    r
}
