//! Format detection and dispatch: every probe runs on the same bytes (first 64 KiB and last
//! 512), the strongest match is parsed, and a second match is a polyglot.
//!
//! Probe order (the first match is the reported format): qcow2, qed, VMDK sparse, VHDX, VDI,
//! LUKS, VHD (footer copy at 0), gzip, xz, zstd, bzip2, tar/OVA, VMDK text descriptor, ISO,
//! fixed VHD (footer only at the end), then raw. A partition table (MBR/GPT) counts as a format
//! for the polyglot rule like Glance's `gpt` inspector, except under an ISO (bootable ISOs carry
//! one) and inside a fixed VHD (whose data area *is* a raw disk).

use std::io;

use super::bytes::usize_sat;
use super::model::{DiskFormatKind, Inspection, UnsafeReason};
use super::msg::msg;
use super::partition::{self, Table};
use super::source::Source;
use super::{
    InspectOptions, compressed, iso, luks, qcow2, qed, tar, vdi, vhd, vhdx, vmdk, vmdk_desc,
};

/// Bytes read from the start for probing (covers the ISO descriptors at 32-38 KiB).
const HEAD: usize = 64 << 10;
/// Wrappers nested deeper than this are not opened.
const MAX_DEPTH: u32 = 3;

/// What a probe matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit {
    Qcow2,
    Qed,
    VmdkSparse,
    Vhdx,
    Vdi,
    Luks,
    VhdHead,
    Compressed(DiskFormatKind),
    Tar,
    VmdkText,
    Iso,
    VhdFixed,
}

impl Hit {
    fn name(self) -> &'static str {
        match self {
            Hit::Qcow2 => "qcow2",
            Hit::Qed => "qed",
            Hit::VmdkSparse => "vmdk",
            Hit::Vhdx => "vhdx",
            Hit::Vdi => "vdi",
            Hit::Luks => "luks",
            Hit::VhdHead => "vhd",
            Hit::Compressed(k) => k.as_str(),
            Hit::Tar => "tar",
            Hit::VmdkText => "vmdk (text descriptor)",
            Hit::Iso => "iso",
            Hit::VhdFixed => "vhd (fixed, footer at end)",
        }
    }
}

/// Inspects whatever `src` holds.
pub(crate) fn inspect_source(
    src: &mut Source,
    opts: &InspectOptions,
    depth: u32,
) -> io::Result<Inspection> {
    let head = src.read(0, HEAD)?;
    let tail = if src.complete() && src.len() >= 512 {
        src.read(src.len() - 512, 512)?
    } else {
        Vec::new()
    };
    let mut hits = Vec::new();
    let simple = [
        (qcow2::probe(&head), Hit::Qcow2),
        (qed::probe(&head), Hit::Qed),
        (vmdk::probe_sparse(&head), Hit::VmdkSparse),
        (vhdx::probe(&head), Hit::Vhdx),
        (vdi::probe(&head), Hit::Vdi),
        (luks::probe(&head), Hit::Luks),
        (vhd::probe_head(&head), Hit::VhdHead),
    ];
    hits.extend(simple.iter().filter(|(m, _)| *m).map(|&(_, h)| h));
    if let Some(kind) = compressed::probe(&head) {
        hits.push(Hit::Compressed(kind));
    }
    if tar::probe(&head) {
        hits.push(Hit::Tar);
    }
    let text = if vmdk::probe_sparse(&head) {
        None
    } else {
        vmdk_desc::probe(src, &head)?
    };
    if text.is_some() {
        hits.push(Hit::VmdkText);
    }
    if iso::probe(&head) {
        hits.push(Hit::Iso);
    }
    if !vhd::probe_head(&head) && vhd::probe_tail(&tail) {
        hits.push(Hit::VhdFixed);
    }
    let table = partition::probe(&head);
    let Some(&primary) = hits.first() else {
        let mut r = raw(src, &head, table)?;
        check_limit(&mut r, opts);
        return Ok(r);
    };
    let mut r = match primary {
        Hit::Qcow2 => qcow2::inspect(src, &head)?,
        Hit::Qed => qed::inspect(src, &head)?,
        Hit::VmdkSparse => vmdk::inspect_sparse(src, &head)?,
        Hit::Vhdx => vhdx::inspect(src)?,
        Hit::Vdi => vdi::inspect(src, &head)?,
        Hit::Luks => luks::inspect(src, &head)?,
        Hit::VhdHead | Hit::VhdFixed => vhd::inspect(src, &head, &tail)?,
        Hit::Iso => iso::inspect(src, &head),
        Hit::VmdkText => vmdk::inspect_text(src, text.as_deref().unwrap_or(&[])),
        Hit::Compressed(_) | Hit::Tar if depth >= MAX_DEPTH => {
            let mut r = Inspection::new(kind_of(primary), src.len());
            r.note(msg!("inspect-note-nested-too-deeply"));
            r
        }
        Hit::Compressed(kind) => compressed::inspect(src, kind, opts, depth)?,
        Hit::Tar => tar::inspect(src, opts, depth)?,
    };
    let mut names: Vec<&str> = hits.iter().map(|h| h.name()).collect();
    if let Some(t) = table {
        match primary {
            Hit::Iso | Hit::VhdFixed => partition::check(src, &head, t, false, &mut r)?,
            _ => names.push(t.as_str()),
        }
    }
    if names.len() > 1 {
        r.flag(
            UnsafeReason::Polyglot,
            msg!("inspect-polyglot", formats = names.join(", ")),
        );
    }
    check_limit(&mut r, opts);
    Ok(r)
}

fn kind_of(hit: Hit) -> DiskFormatKind {
    match hit {
        Hit::Compressed(k) => k,
        _ => DiskFormatKind::Tar,
    }
}

/// Raw: unrecognised content, with its partition table if any.
fn raw(src: &mut Source, head: &[u8], table: Option<Table>) -> io::Result<Inspection> {
    let mut r = Inspection::new(DiskFormatKind::Raw, src.len());
    if src.complete() {
        r.virtual_size = src.len().checked_next_multiple_of(512);
    }
    if let Some(t) = table {
        r.subformat = Some(t.as_str().into());
        partition::check(src, head, t, true, &mut r)?;
    } else if let Some(t) = infer::get(head) {
        r.note(msg!(
            "inspect-note-content-looks-like",
            mime = t.mime_type(),
            extension = t.extension()
        ));
    }
    if !src.complete() && usize_sat(src.len()) > 0 {
        r.note(msg!("inspect-note-raw-in-wrapper"));
    }
    Ok(r)
}

/// Flags a virtual size above the configured limit.
pub(crate) fn check_limit(r: &mut Inspection, opts: &InspectOptions) {
    if let Some(v) = r.virtual_size
        && v > opts.virtual_size_limit
    {
        r.flag(
            UnsafeReason::VirtualSizeOverLimit,
            msg!(
                "inspect-virtual-size-over-limit",
                size = v,
                limit = opts.virtual_size_limit
            ),
        );
    }
}
