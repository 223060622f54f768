//! qcow2 (v2 and v3; also recognises the obsolete qcow v1): header, extensions, feature bits,
//! backing and data files, encryption, and bounded checks of the L1 table and a sample of L2
//! tables against the end of the file.
//!
//! Layout reference: qemu `docs/interop/qcow2.txt`. Validation mirrors what `qcow2_do_open`
//! refuses (reported as `invalid_header`), plus the truncation checks qemu does not make.

use std::io;

use super::bytes::{be32, be64, has_at, printable, u8_or0, usize_sat};
use super::model::{DiskFormatKind, Inspection, UnsafeReason};
use super::msg::{Arg, Msg, msg};
use super::source::Source;

/// qcow2 magic `QFI\xfb`.
pub(crate) const MAGIC: &[u8] = b"QFI\xfb";

const INCOMPAT_DIRTY: u64 = 1 << 0;
const INCOMPAT_CORRUPT: u64 = 1 << 1;
const INCOMPAT_DATA_FILE: u64 = 1 << 2;
const INCOMPAT_COMPRESSION: u64 = 1 << 3;
const INCOMPAT_EXTL2: u64 = 1 << 4;
const INCOMPAT_KNOWN: u64 = 0x1f;

const EXT_BACKING_FORMAT: u32 = 0xe279_2aca;
const EXT_FEATURE_TABLE: u32 = 0x6803_f857;
const EXT_BITMAPS: u32 = 0x2385_2875;
const EXT_CRYPTO: u32 = 0x0537_be77;
const EXT_DATA_FILE: u32 = 0x4441_5441;

const L1E_OFFSET_MASK: u64 = 0x00ff_ffff_ffff_fe00;
const L2E_OFFSET_MASK: u64 = 0x00ff_ffff_ffff_fe00;
const L2E_COMPRESSED: u64 = 1 << 62;
/// qemu's QCOW_MAX_L1_SIZE (bytes).
const MAX_L1_BYTES: u64 = 32 << 20;
/// qemu's QCOW_MAX_REFTABLE_SIZE (bytes).
const MAX_REFTABLE_BYTES: u64 = 8 << 20;
/// Bytes of the L1 table read at most (spread over the table).
const L1_READ_BUDGET: u64 = 1 << 20;
/// Bytes of L2 tables read at most.
const L2_READ_BUDGET: u64 = 1 << 20;
/// L2 tables sampled at most.
const L2_SAMPLES: usize = 16;

/// Parsed fixed header fields.
struct Header {
    version: u32,
    backing_offset: u64,
    backing_size: u32,
    cluster_bits: u32,
    size: u64,
    crypt_method: u32,
    l1_size: u32,
    l1_offset: u64,
    refcount_offset: u64,
    refcount_clusters: u32,
    nb_snapshots: u32,
    snapshots_offset: u64,
    incompat: u64,
    compat: u64,
    autoclear: u64,
    refcount_order: u32,
    header_length: u32,
    compression_type: u8,
}

fn parse_header(h: &[u8]) -> Header {
    let version = be32(h, 4).unwrap_or(0);
    let v3 = version >= 3;
    Header {
        version,
        backing_offset: be64(h, 8).unwrap_or(0),
        backing_size: be32(h, 16).unwrap_or(0),
        cluster_bits: be32(h, 20).unwrap_or(0),
        size: be64(h, 24).unwrap_or(0),
        crypt_method: be32(h, 32).unwrap_or(0),
        l1_size: be32(h, 36).unwrap_or(0),
        l1_offset: be64(h, 40).unwrap_or(0),
        refcount_offset: be64(h, 48).unwrap_or(0),
        refcount_clusters: be32(h, 56).unwrap_or(0),
        nb_snapshots: be32(h, 60).unwrap_or(0),
        snapshots_offset: be64(h, 64).unwrap_or(0),
        incompat: if v3 { be64(h, 72).unwrap_or(0) } else { 0 },
        compat: if v3 { be64(h, 80).unwrap_or(0) } else { 0 },
        autoclear: if v3 { be64(h, 88).unwrap_or(0) } else { 0 },
        refcount_order: if v3 { be32(h, 96).unwrap_or(4) } else { 4 },
        header_length: if v3 { be32(h, 100).unwrap_or(0) } else { 72 },
        compression_type: if v3 && be32(h, 100).unwrap_or(0) > 104 {
            u8_or0(h, 104)
        } else {
            0
        },
    }
}

/// Inspects a file that starts with the qcow2 magic.
pub(crate) fn inspect(src: &mut Source, head: &[u8]) -> io::Result<Inspection> {
    let mut r = Inspection::new(DiskFormatKind::Qcow2, src.len());
    let h = parse_header(head);
    r.version = Some(h.version.to_string());
    // Every version keeps the backing file pointer at 8 and the size at 24.
    r.virtual_size = Some(h.size & !511);
    if head.len() < 72 {
        r.flag(
            UnsafeReason::Truncated,
            msg!("inspect-qcow2-header-short", bytes = head.len()),
        );
    }
    match h.version {
        2 => r.compat = Some("0.10".into()),
        3 => {
            r.compat = Some("1.1".into());
            if head.len() < 104 {
                r.flag(
                    UnsafeReason::Truncated,
                    msg!("inspect-qcow2-v3-header-short"),
                );
            }
        }
        1 => r.flag(
            UnsafeReason::UnknownFeatures,
            msg!("inspect-qcow2-version-1"),
        ),
        v => r.flag(
            UnsafeReason::UnknownFeatures,
            msg!("inspect-qcow2-version", version = v),
        ),
    }
    if h.version == 1 {
        backing_file(src, &h, &mut r, 1023)?;
        return Ok(r);
    }
    let cluster_ok = (9..=21).contains(&h.cluster_bits);
    let cluster_size = 1u64 << h.cluster_bits.min(63);
    if cluster_ok {
        r.cluster_size = Some(cluster_size);
    } else {
        r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-qcow2-cluster-bits", bits = h.cluster_bits),
        );
    }
    header_checks(&h, cluster_ok, cluster_size, &mut r);
    features(&h, &mut r);
    let ext_end = if h.backing_offset != 0 && h.backing_offset < cluster_size {
        h.backing_offset
    } else {
        cluster_size
    };
    let ext_start = u64::from(h.header_length);
    let mut crypto_ext = None;
    if cluster_ok && ext_start < ext_end {
        let ext = src.read(0, usize_sat(ext_end.min(1 << 20)))?;
        crypto_ext = extensions(&ext, usize_sat(ext_start), &h, &mut r);
    }
    let backing_limit = 1023u64.min(cluster_size.saturating_sub(h.backing_offset));
    backing_file(src, &h, &mut r, backing_limit)?;
    if h.incompat & INCOMPAT_DATA_FILE != 0 {
        let name = match &r.data_file {
            Some(name) => Arg::Text(format!("{name:?}")),
            None => Arg::from(msg!("inspect-qcow2-data-file-unnamed")),
        };
        r.flag(
            UnsafeReason::DataFile,
            msg!("inspect-qcow2-data-file", name = name),
        );
    } else if let Some(name) = r.data_file.clone() {
        r.flag(
            UnsafeReason::DataFile,
            msg!("inspect-qcow2-data-file-no-bit", name = format!("{name:?}")),
        );
    }
    if src.complete() && cluster_ok {
        table_checks(src, &h, cluster_size, crypto_ext, &mut r)?;
    }
    Ok(r)
}

fn header_checks(h: &Header, cluster_ok: bool, cluster_size: u64, r: &mut Inspection) {
    if h.version == 3 {
        if h.header_length < 104 {
            r.flag(
                UnsafeReason::InvalidHeader,
                msg!("inspect-qcow2-header-length", length = h.header_length),
            );
        } else if cluster_ok && u64::from(h.header_length) > cluster_size {
            r.flag(
                UnsafeReason::InvalidHeader,
                msg!("inspect-qcow2-header-length-cluster"),
            );
        }
        if h.refcount_order > 6 {
            r.flag(
                UnsafeReason::InvalidHeader,
                msg!("inspect-qcow2-refcount-order", order = h.refcount_order),
            );
        }
    }
    if cluster_ok && h.backing_offset > cluster_size {
        r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-qcow2-backing-outside"),
        );
    }
    match h.crypt_method {
        0 => {}
        1 => r.encrypted = Some("aes".into()),
        2 => r.encrypted = Some("luks".into()),
        m => r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-qcow2-encryption", method = m),
        ),
    }
    if u64::from(h.l1_size).saturating_mul(8) > MAX_L1_BYTES {
        r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-qcow2-l1-too-large", entries = h.l1_size),
        );
    }
    if cluster_ok {
        let entry = if h.incompat & INCOMPAT_EXTL2 != 0 {
            16
        } else {
            8
        };
        let per_l1 = u128::from(cluster_size) * u128::from(cluster_size / entry);
        let needed = u128::from(h.size).div_ceil(per_l1.max(1));
        if needed > u128::from(h.l1_size) {
            r.flag(
                UnsafeReason::InvalidHeader,
                msg!("inspect-qcow2-l1-too-small", entries = h.l1_size),
            );
        }
        if !h.l1_offset.is_multiple_of(cluster_size) && h.l1_size > 0 {
            r.flag(
                UnsafeReason::InvalidHeader,
                msg!("inspect-qcow2-l1-unaligned"),
            );
        }
        if !h.refcount_offset.is_multiple_of(cluster_size) {
            r.flag(
                UnsafeReason::InvalidHeader,
                msg!("inspect-qcow2-refcount-unaligned"),
            );
        }
        if h.refcount_clusters == 0 {
            r.flag(
                UnsafeReason::InvalidHeader,
                msg!("inspect-qcow2-no-refcount"),
            );
        }
        if u64::from(h.refcount_clusters) > MAX_REFTABLE_BYTES >> h.cluster_bits {
            r.flag(
                UnsafeReason::InvalidHeader,
                msg!("inspect-qcow2-refcount-too-large"),
            );
        }
    }
    if h.nb_snapshots > 65536 {
        r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-qcow2-snapshots", count = h.nb_snapshots),
        );
    }
}

fn features(h: &Header, r: &mut Inspection) {
    let names = [
        (INCOMPAT_DIRTY, "dirty"),
        (INCOMPAT_CORRUPT, "corrupt"),
        (INCOMPAT_DATA_FILE, "external_data_file"),
        (INCOMPAT_COMPRESSION, "compression_type"),
        (INCOMPAT_EXTL2, "extended_l2"),
    ];
    for (bit, name) in names {
        if h.incompat & bit != 0 {
            r.features.push(name.into());
        }
    }
    if h.compat & 1 != 0 {
        r.features.push("lazy_refcounts".into());
    }
    if h.autoclear & 1 != 0 {
        r.features.push("bitmaps".into());
    }
    if h.autoclear & 2 != 0 {
        r.features.push("raw_external_data".into());
    }
    let unknown = h.incompat & !INCOMPAT_KNOWN;
    if unknown != 0 {
        let bits: Vec<String> = (0..64)
            .filter(|b| unknown & (1u64 << b) != 0)
            .map(|b| b.to_string())
            .collect();
        r.flag(
            UnsafeReason::UnknownFeatures,
            msg!("inspect-qcow2-unknown-bits", bits = bits.join(", ")),
        );
    }
    if h.version >= 3 {
        match (h.compression_type, h.incompat & INCOMPAT_COMPRESSION != 0) {
            (0, _) => r.compression_type = Some("zlib".into()),
            (1, true) => r.compression_type = Some("zstd".into()),
            (t, true) => r.flag(
                UnsafeReason::UnknownFeatures,
                msg!("inspect-qcow2-compression-type", kind = t),
            ),
            (t, false) => r.flag(
                UnsafeReason::InvalidHeader,
                msg!("inspect-qcow2-compression-no-bit", kind = t),
            ),
        }
    } else {
        r.compression_type = Some("zlib".into());
    }
}

/// Walks the header extensions; returns the LUKS header location if one is declared.
fn extensions(buf: &[u8], start: usize, h: &Header, r: &mut Inspection) -> Option<(u64, u64)> {
    let mut off = start;
    let mut crypto = None;
    for _ in 0..1024 {
        let (Some(kind), Some(len)) = (be32(buf, off), be32(buf, off.saturating_add(4))) else {
            break;
        };
        if kind == 0 {
            break;
        }
        let data_off = off.saturating_add(8);
        let len = len as usize;
        if data_off.saturating_add(len) > buf.len() {
            r.flag(
                UnsafeReason::InvalidHeader,
                msg!(
                    "inspect-qcow2-extension-overrun",
                    extension = format!("{kind:#x}")
                ),
            );
            break;
        }
        let data = buf
            .get(data_off..data_off.saturating_add(len))
            .unwrap_or(&[]);
        match kind {
            EXT_BACKING_FORMAT => r.backing_format = Some(printable(data, 64)),
            EXT_DATA_FILE => r.data_file = Some(printable(data, 1023)),
            EXT_BITMAPS => r.note(msg!("inspect-qcow2-note-bitmaps")),
            EXT_CRYPTO => crypto = Some((be64(data, 0).unwrap_or(0), be64(data, 8).unwrap_or(0))),
            EXT_FEATURE_TABLE => name_unknown_features(data, h, r),
            _ => r.note(msg!(
                "inspect-qcow2-note-extension",
                extension = format!("{kind:#x}")
            )),
        }
        off = data_off.saturating_add(len.div_ceil(8).saturating_mul(8));
    }
    crypto
}

fn name_unknown_features(table: &[u8], h: &Header, r: &mut Inspection) {
    for entry in table.chunks_exact(48) {
        let (kind, bit) = (u8_or0(entry, 0), u8_or0(entry, 1));
        if kind == 0 && bit < 64 && h.incompat & !INCOMPAT_KNOWN & (1u64 << bit) != 0 {
            let name = entry.get(2..).unwrap_or(&[]);
            let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
            let name = printable(name.get(..end).unwrap_or(&[]), 46);
            r.note(msg!(
                "inspect-qcow2-note-bit-name",
                bit = bit,
                name = format!("{name:?}")
            ));
        }
    }
}

fn backing_file(src: &mut Source, h: &Header, r: &mut Inspection, limit: u64) -> io::Result<()> {
    if h.backing_offset == 0 {
        return Ok(());
    }
    let want = u64::from(h.backing_size).min(limit).min(1023);
    let name = src.read(h.backing_offset, usize_sat(want))?;
    let shown = printable(&name, 1023);
    if u64::from(h.backing_size) > 1023 {
        r.flag(
            UnsafeReason::InvalidHeader,
            msg!("inspect-qcow2-backing-name-long", bytes = h.backing_size),
        );
    }
    r.flag(
        UnsafeReason::BackingFile,
        msg!("inspect-backing-file", name = format!("{shown:?}")),
    );
    r.backing_file = Some(shown);
    Ok(())
}

/// `what` (a table or header, by its catalog id) lies past the end of the file.
fn beyond(r: &mut Inspection, what: Msg, off: u64, size: u64, len: u64) {
    r.flag(
        UnsafeReason::Truncated,
        msg!(
            "inspect-qcow2-beyond",
            what = what,
            offset = off,
            size = size,
            len = len
        ),
    );
}

fn table_checks(
    src: &mut Source,
    h: &Header,
    cluster_size: u64,
    crypto: Option<(u64, u64)>,
    r: &mut Inspection,
) -> io::Result<()> {
    let len = src.len();
    let l1_bytes = u64::from(h.l1_size).saturating_mul(8);
    if h.l1_size > 0 && h.l1_offset.saturating_add(l1_bytes) > len {
        beyond(
            r,
            msg!("inspect-qcow2-l1-table"),
            h.l1_offset,
            l1_bytes,
            len,
        );
    }
    let rc_bytes = u64::from(h.refcount_clusters).saturating_mul(cluster_size);
    if h.refcount_offset.saturating_add(rc_bytes) > len {
        let what = msg!("inspect-qcow2-refcount-table");
        beyond(r, what, h.refcount_offset, rc_bytes, len);
    }
    if h.nb_snapshots > 0 && h.snapshots_offset >= len {
        let what = msg!("inspect-qcow2-snapshot-table");
        beyond(r, what, h.snapshots_offset, 0, len);
    }
    if let Some((off, size)) = crypto
        && off.saturating_add(size) > len
    {
        beyond(r, msg!("inspect-qcow2-luks-header"), off, size, len);
    }
    if h.l1_offset >= len || h.l1_size == 0 {
        return Ok(());
    }
    // Read the L1 table in up to 8 chunks spread over it, at most L1_READ_BUDGET bytes.
    let (chunks, chunk) = if l1_bytes <= L1_READ_BUDGET {
        (1, l1_bytes)
    } else {
        (8, L1_READ_BUDGET / 8)
    };
    let mut l2_tables: Vec<u64> = Vec::new();
    let mut bad_l2 = 0u64;
    for i in 0..chunks {
        let start = if chunks == 1 {
            0
        } else {
            (l1_bytes.saturating_sub(chunk)) / (chunks - 1) * i
        } & !7;
        let data = src.read(h.l1_offset.saturating_add(start), usize_sat(chunk))?;
        for e in data.chunks_exact(8) {
            let off = be64(e, 0).unwrap_or(0) & L1E_OFFSET_MASK;
            if off == 0 {
                continue;
            }
            if off.saturating_add(cluster_size) > len {
                if bad_l2 == 0 {
                    beyond(r, msg!("inspect-qcow2-l2-table"), off, cluster_size, len);
                }
                bad_l2 += 1;
            } else {
                l2_tables.push(off);
            }
        }
    }
    if bad_l2 > 1 {
        r.note(msg!("inspect-qcow2-note-l2-beyond", count = bad_l2));
    }
    sample_l2(src, h, cluster_size, &l2_tables, r)
}

fn sample_l2(
    src: &mut Source,
    h: &Header,
    cluster_size: u64,
    tables: &[u64],
    r: &mut Inspection,
) -> io::Result<()> {
    if tables.is_empty() {
        return Ok(());
    }
    let len = src.len();
    let external = h.incompat & INCOMPAT_DATA_FILE != 0;
    let entry = if h.incompat & INCOMPAT_EXTL2 != 0 {
        16
    } else {
        8
    };
    let per_table = cluster_size.min(L2_READ_BUDGET / 4);
    let samples = usize_sat((L2_READ_BUDGET / per_table).max(1))
        .min(L2_SAMPLES)
        .min(tables.len());
    let comp_bits = 62u32.saturating_sub(h.cluster_bits.saturating_sub(8));
    let comp_mask = (1u64 << comp_bits.min(63)) - 1;
    let mut beyond_count = 0u64;
    for i in 0..samples {
        let idx = if samples <= 1 {
            0
        } else {
            i * (tables.len() - 1) / (samples - 1)
        };
        let Some(&table) = tables.get(idx) else {
            continue;
        };
        let data = src.read(table, usize_sat(per_table))?;
        for e in data.chunks_exact(entry) {
            let v = be64(e, 0).unwrap_or(0);
            let host = if v & L2E_COMPRESSED != 0 {
                v & comp_mask
            } else {
                v & L2E_OFFSET_MASK
            };
            if host == 0 || (external && v & L2E_COMPRESSED == 0) {
                continue;
            }
            if host >= len {
                if beyond_count == 0 {
                    r.flag(
                        UnsafeReason::Truncated,
                        msg!("inspect-qcow2-cluster-beyond", offset = host, len = len),
                    );
                }
                beyond_count += 1;
            }
        }
    }
    if beyond_count > 1 {
        r.note(msg!(
            "inspect-qcow2-note-clusters-beyond",
            count = beyond_count
        ));
    }
    Ok(())
}

/// True if `head` starts with the qcow2 magic.
pub(crate) fn probe(head: &[u8]) -> bool {
    has_at(head, 0, MAGIC)
}
