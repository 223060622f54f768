//! VMDK: hosted sparse extents (`KDMV`: monolithicSparse, streamOptimized with its footer),
//! legacy `COWD` sparse files, text descriptors (NUL-padded or not), and the qemu quirk that a
//! sparse header with capacity 0 and a descriptor offset makes qemu read that embedded
//! descriptor as a descriptor *file* and follow its extents.
//!
//! Safety follows Glance (create type must be monolithicSparse or streamOptimized; no extent
//! name may contain `/`) and closes its gaps: whenever qemu would open the extents named by a
//! descriptor (text descriptors, capacity-0 sparse headers), every such extent is a host file and
//! is flagged `vmdk_extent`; a `parentFileNameHint` is a backing file.

use std::io;

use super::bytes::{has_at, le16, le32, le64, slice, usize_sat};
use super::model::{DiskFormatKind, Inspection, UnsafeReason};
use super::msg::{Msg, msg};
use super::source::Source;
use super::vmdk_desc::{self, DESC_MAX, Descriptor, PARENT_SCAN};

const GD_AT_END: u64 = u64::MAX;
const FLAG_RGD: u32 = 1 << 1;
const FLAG_ZERO_GRAIN: u32 = 1 << 2;
const FLAG_COMPRESSED: u32 = 1 << 16;
const FLAG_MARKERS: u32 = 1 << 17;
/// Grain directory bytes read at most.
const GD_READ: usize = 256 << 10;
/// Grain tables sampled at most.
const GT_SAMPLES: usize = 16;

/// True for a sparse VMDK magic (`KDMV` or `COWD`).
pub(crate) fn probe_sparse(head: &[u8]) -> bool {
    has_at(head, 0, b"KDMV") || has_at(head, 0, b"COWD")
}

/// Reports a descriptor whose extents qemu follows (text descriptor or capacity-0 header).
fn followed_descriptor(desc: &Descriptor, why: &Msg, r: &mut Inspection) {
    r.subformat = desc.create_type.clone();
    check_create_type(desc, r);
    if desc.extents.is_empty() {
        r.note(msg!("inspect-vmdk-note-no-extents"));
    }
    let mut sectors: u64 = 0;
    for e in &desc.extents {
        r.extents.push(e.line.clone());
        if e.followed_by_qemu() {
            sectors = sectors.saturating_add(u64::try_from(e.sectors).unwrap_or(0));
        }
        let file = e.file.clone().unwrap_or_default();
        let (kind, quoted) = (e.kind.as_str(), format!("{file:?}"));
        let extent = if file.contains('/') {
            msg!(
                "inspect-vmdk-extent-slash",
                why = why.clone(),
                kind = kind,
                file = quoted
            )
        } else {
            msg!(
                "inspect-vmdk-extent",
                why = why.clone(),
                kind = kind,
                file = quoted
            )
        };
        r.flag(UnsafeReason::VmdkExtent, extent);
    }
    r.virtual_size = Some(sectors.saturating_mul(512));
    parent_hint(desc, r);
}

fn check_create_type(desc: &Descriptor, r: &mut Inspection) {
    match desc.create_type.as_deref() {
        Some(t)
            if t.eq_ignore_ascii_case("monolithicSparse")
                || t.eq_ignore_ascii_case("streamOptimized") => {}
        Some(t) => r.flag(
            UnsafeReason::VmdkSubformat,
            msg!("inspect-vmdk-create-type", kind = format!("{t:?}")),
        ),
        None => r.flag(
            UnsafeReason::VmdkSubformat,
            msg!("inspect-vmdk-no-create-type"),
        ),
    }
}

fn parent_hint(desc: &Descriptor, r: &mut Inspection) {
    if let Some(p) = &desc.parent_hint {
        r.flag(
            UnsafeReason::BackingFile,
            msg!("inspect-vmdk-parent", name = format!("{p:?}")),
        );
        r.backing_file = Some(p.clone());
        r.backing_format = Some("vmdk".into());
    }
}

/// Inspects a text descriptor file (`text` is already cut at its first NUL).
pub(crate) fn inspect_text(src: &Source, text: &[u8]) -> Inspection {
    let mut r = Inspection::new(DiskFormatKind::Vmdk, src.len());
    let desc = vmdk_desc::parse(text);
    if (text.len() as u64) < src.len() {
        r.features.push("nul_padded_descriptor".into());
    }
    followed_descriptor(&desc, &msg!("inspect-vmdk-text-descriptor"), &mut r);
    r
}

/// Inspects a file starting with `KDMV` or `COWD`.
pub(crate) fn inspect_sparse(src: &mut Source, head: &[u8]) -> io::Result<Inspection> {
    let mut r = Inspection::new(DiskFormatKind::Vmdk, src.len());
    if has_at(head, 0, b"COWD") {
        r.subformat = Some("vmfsSparse".into());
        r.version = Some("3".into());
        r.virtual_size = Some(u64::from(le32(head, 12).unwrap_or(0)).saturating_mul(512));
        r.cluster_size = Some(u64::from(le32(head, 16).unwrap_or(0)).saturating_mul(512));
        r.flag(UnsafeReason::VmdkSubformat, msg!("inspect-vmdk-cowd"));
        return Ok(r);
    }
    if head.len() < 512 {
        r.flag(UnsafeReason::Truncated, msg!("inspect-vmdk-header-short"));
    }
    let capacity = le64(head, 12).unwrap_or(0);
    let desc_offset = le64(head, 28).unwrap_or(0);
    if capacity == 0 && desc_offset != 0 {
        r.features.push("capacity_zero_embedded_descriptor".into());
        let raw = src.read(
            desc_offset.saturating_mul(512),
            DESC_MAX.min(usize_sat(src.len())),
        )?;
        let desc = vmdk_desc::parse(vmdk_desc::c_str(&raw));
        followed_descriptor(&desc, &msg!("inspect-vmdk-capacity-zero"), &mut r);
        return Ok(r);
    }
    // A streamOptimized footer (gd_offset at end) takes precedence over the header.
    let mut hdr = slice(head, 0, 512).to_vec();
    let mut tables_known = true;
    if le64(head, 56) == Some(GD_AT_END) {
        if src.complete() {
            let at = (src.len() & !511).saturating_sub(1536);
            let f = src.read(at, 1536)?;
            let ok = has_at(&f, 512, b"KDMV")
                && le32(&f, 8) == Some(0)
                && le32(&f, 12) == Some(3)
                && le64(&f, 1024) == Some(0)
                && le32(&f, 1032) == Some(0)
                && le32(&f, 1036) == Some(0);
            if ok {
                hdr = slice(&f, 512, 512).to_vec();
            } else {
                r.flag(
                    UnsafeReason::InvalidHeader,
                    msg!("inspect-vmdk-footer-invalid"),
                );
                tables_known = false;
            }
        } else {
            r.note(msg!("inspect-vmdk-note-footer-outside"));
            tables_known = false;
        }
    }
    sparse_header(src, &hdr, tables_known, &mut r)?;
    let desc_size = le64(head, 36).unwrap_or(0);
    if desc_offset == 0 || desc_size == 0 {
        r.flag(
            UnsafeReason::VmdkSubformat,
            msg!("inspect-vmdk-no-descriptor"),
        );
    } else {
        let n = usize_sat(desc_size.saturating_mul(512)).min(DESC_MAX);
        let raw = src.read(desc_offset.saturating_mul(512), n)?;
        let desc = vmdk_desc::parse(vmdk_desc::c_str(&raw));
        check_create_type(&desc, &mut r);
        if let Some(t) = &desc.create_type {
            r.subformat = Some(t.clone());
        }
        for e in &desc.extents {
            r.extents.push(e.line.clone());
            if e.file.as_deref().is_some_and(|f| f.contains('/')) || e.line.contains('/') {
                r.flag(
                    UnsafeReason::VmdkExtent,
                    msg!("inspect-vmdk-extent-line", line = format!("{:?}", e.line)),
                );
            }
        }
    }
    // qemu looks for parentFileNameHint at 0x200 whatever the header says.
    let at_200 = src.read(0x200, PARENT_SCAN)?;
    parent_hint(&vmdk_desc::parse(vmdk_desc::c_str(&at_200)), &mut r);
    Ok(r)
}

/// Reports the sparse header `h`; with `tables` the grain directory and a sample of grain
/// tables are checked against the end of the file.
fn sparse_header(src: &mut Source, h: &[u8], tables: bool, r: &mut Inspection) -> io::Result<()> {
    let version = le32(h, 4).unwrap_or(0);
    let flags = le32(h, 8).unwrap_or(0);
    let capacity = le64(h, 12).unwrap_or(0);
    let granularity = le64(h, 20).unwrap_or(0);
    let gtes = u64::from(le32(h, 44).unwrap_or(0));
    let rgd = le64(h, 48).unwrap_or(0);
    let gd = le64(h, 56).unwrap_or(0);
    let grain_offset = le64(h, 64).unwrap_or(0);
    let compressed = le16(h, 77) == Some(1);
    r.version = Some(version.to_string());
    r.virtual_size = Some(capacity.saturating_mul(512));
    r.cluster_size = Some(granularity.saturating_mul(512));
    r.subformat = Some(
        if compressed {
            "streamOptimized"
        } else {
            "monolithicSparse"
        }
        .into(),
    );
    for (bit, name) in [
        (FLAG_ZERO_GRAIN, "zeroed_grain"),
        (FLAG_COMPRESSED, "compressed"),
        (FLAG_MARKERS, "markers"),
    ] {
        if flags & bit != 0 {
            r.features.push(name.into());
        }
    }
    if version > 3 {
        r.flag(
            UnsafeReason::UnknownFeatures,
            msg!("inspect-vmdk-version", version = version),
        );
    }
    let entry_sectors = gtes.saturating_mul(granularity);
    if gtes > 512 || entry_sectors == 0 || granularity > 0x20_0000 {
        r.flag(UnsafeReason::InvalidHeader, msg!("inspect-vmdk-grain-size"));
        return Ok(());
    }
    let l1_size = capacity.div_ceil(entry_sectors);
    if l1_size > 32 << 20 {
        r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-vmdk-gd-too-large"),
        );
        return Ok(());
    }
    if !src.complete() || !tables {
        return Ok(());
    }
    let len = src.len();
    if grain_offset.saturating_mul(512) > len {
        r.flag(
            UnsafeReason::Truncated,
            msg!("inspect-vmdk-grains-beyond", sector = grain_offset),
        );
    }
    let gd_bytes = l1_size.saturating_mul(4);
    for (name, sector) in [
        (msg!("inspect-vmdk-gd"), Some(gd)),
        (
            msg!("inspect-vmdk-rgd"),
            (flags & FLAG_RGD != 0).then_some(rgd),
        ),
    ] {
        if let Some(s) = sector
            && s.saturating_mul(512).saturating_add(gd_bytes) > len
        {
            r.flag(
                UnsafeReason::Truncated,
                msg!(
                    "inspect-vmdk-gd-beyond",
                    what = name,
                    sector = s,
                    size = gd_bytes,
                    len = len
                ),
            );
        }
    }
    let dir = src.read(gd.saturating_mul(512), usize_sat(gd_bytes).min(GD_READ))?;
    let tables: Vec<u64> = dir
        .chunks_exact(4)
        .map(|e| u64::from(le32(e, 0).unwrap_or(0)))
        .filter(|&s| s != 0)
        .collect();
    let gt_bytes = gtes.saturating_mul(4);
    let samples = tables.len().min(GT_SAMPLES);
    let mut bad = 0u64;
    for i in 0..samples {
        let idx = if samples <= 1 {
            0
        } else {
            i * (tables.len() - 1) / (samples - 1)
        };
        let Some(&sector) = tables.get(idx) else {
            continue;
        };
        let at = sector.saturating_mul(512);
        if at.saturating_add(gt_bytes) > len {
            bad += 1;
            if bad == 1 {
                r.flag(
                    UnsafeReason::Truncated,
                    msg!("inspect-vmdk-gt-beyond", offset = at),
                );
            }
            continue;
        }
        let gt = src.read(at, usize_sat(gt_bytes))?;
        for e in gt.chunks_exact(4) {
            let g = u64::from(le32(e, 0).unwrap_or(0));
            if g <= 1 {
                continue;
            }
            if g.saturating_mul(512) >= len {
                bad += 1;
                if bad == 1 {
                    r.flag(
                        UnsafeReason::Truncated,
                        msg!(
                            "inspect-vmdk-grain-beyond",
                            offset = g.saturating_mul(512),
                            len = len
                        ),
                    );
                }
            }
        }
    }
    Ok(())
}
