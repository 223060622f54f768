//! qcow2 (v2 and v3) guest data: L1 → L2 → cluster, zero clusters, unallocated clusters as
//! zeros (backing files are refused, never opened), compressed clusters (deflate or zstd) and
//! extended L2 entries with 32 subclusters each.
//!
//! Layout reference: qemu `docs/interop/qcow2.txt`; the decompression rules follow qemu's
//! `qcow2-threads.c` (the output must fill the cluster, trailing input is ignored).

use std::io::{self, Read};

use super::{ImageFile, be32, be64, check_range, invalid};
use crate::convert::guest::device::BlockDevice;

const INCOMPAT_DATA_FILE: u64 = 1 << 2;
const INCOMPAT_COMPRESSION: u64 = 1 << 3;
const INCOMPAT_EXTL2: u64 = 1 << 4;
const INCOMPAT_KNOWN: u64 = 0x1f;
const L1E_OFFSET_MASK: u64 = 0x00ff_ffff_ffff_fe00;
const L2E_OFFSET_MASK: u64 = 0x00ff_ffff_ffff_fe00;
const L2E_COMPRESSED: u64 = 1 << 62;
const L2E_ZERO: u64 = 1;
/// qemu's QCOW_MAX_L1_SIZE in entries (32 MiB of 8-byte entries).
const MAX_L1_ENTRIES: u64 = (32 << 20) / 8;
/// The largest zstd window accepted (qemu's clusters are at most 2 MiB).
const ZSTD_MAX_WINDOW: u64 = 4 << 20;
/// zstd frames decoded at most for one cluster.
const ZSTD_MAX_FRAMES: usize = 16;

/// The compression of compressed clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    Deflate,
    Zstd,
}

/// A qcow2 image's virtual disk.
#[derive(Debug)]
pub(crate) struct Qcow2Device {
    img: ImageFile,
    size: u64,
    cluster_bits: u32,
    l1_offset: u64,
    l1_entries: u64,
    extended_l2: bool,
    v3: bool,
    compression: Compression,
    /// The last decompressed cluster: (guest cluster index, data).
    last: Option<(u64, Vec<u8>)>,
}

/// Where one cluster's (or subcluster's) bytes are.
enum Mapping {
    Zero,
    Data(u64),
    Compressed(u64),
}

impl Qcow2Device {
    /// Reads the header and checks what this reader needs.
    pub(crate) fn open(mut img: ImageFile) -> io::Result<Self> {
        let mut h = [0u8; 112];
        let n = usize::try_from(img.len().min(112)).unwrap_or(0);
        img.read_at(0, h.get_mut(..n).unwrap_or(&mut []), "qcow2 header")?;
        if h.get(..4) != Some(b"QFI\xfb") {
            return Err(invalid("not a qcow2 file (no QFI magic)"));
        }
        let version = be32(&h, 4);
        if !(2..=3).contains(&version) {
            return Err(invalid(format!("qcow2 version {version} is not read")));
        }
        let v3 = version == 3;
        if be64(&h, 8) != 0 {
            return Err(invalid("qcow2 image has a backing file; it is not opened"));
        }
        let cluster_bits = be32(&h, 20);
        if !(9..=21).contains(&cluster_bits) {
            return Err(invalid(format!(
                "qcow2 cluster_bits {cluster_bits} outside 9..=21"
            )));
        }
        if be32(&h, 32) != 0 {
            return Err(invalid("qcow2 image is encrypted; its guest is not read"));
        }
        let size = be64(&h, 24) & !511;
        let l1_entries = u64::from(be32(&h, 36));
        let l1_offset = be64(&h, 40);
        let incompat = if v3 { be64(&h, 72) } else { 0 };
        if incompat & !INCOMPAT_KNOWN != 0 {
            return Err(invalid("qcow2 image has unknown incompatible features"));
        }
        if incompat & INCOMPAT_DATA_FILE != 0 {
            return Err(invalid(
                "qcow2 guest data lives in an external data file; it is not opened",
            ));
        }
        let header_length = if v3 { be32(&h, 100) } else { 72 };
        let compression = match (incompat & INCOMPAT_COMPRESSION != 0, header_length > 104) {
            (true, true) => match h.get(104).copied().unwrap_or(0) {
                0 => Compression::Deflate,
                1 => Compression::Zstd,
                t => return Err(invalid(format!("qcow2 compression type {t} is unknown"))),
            },
            _ => Compression::Deflate,
        };
        if l1_entries > MAX_L1_ENTRIES {
            return Err(invalid(format!(
                "qcow2 L1 table of {l1_entries} entries is larger than qemu allows"
            )));
        }
        Ok(Qcow2Device {
            img,
            size,
            cluster_bits,
            l1_offset,
            l1_entries,
            extended_l2: incompat & INCOMPAT_EXTL2 != 0,
            v3,
            compression,
            last: None,
        })
    }

    fn cluster_size(&self) -> u64 {
        1u64 << self.cluster_bits
    }

    /// Maps the guest offset `at` to its storage and the bytes sharing it (up to the end of
    /// its cluster or subcluster).
    fn map(&mut self, at: u64) -> io::Result<(Mapping, u64)> {
        let cs = self.cluster_size();
        let entry_bytes: u64 = if self.extended_l2 { 16 } else { 8 };
        let l2_entries = cs / entry_bytes;
        let cluster = at >> self.cluster_bits;
        let in_cluster = at & (cs - 1);
        let l1_index = cluster / l2_entries;
        let l2_index = cluster % l2_entries;
        if l1_index >= self.l1_entries {
            return Err(invalid(format!(
                "qcow2 L1 table has {} entries, guest offset {at} needs entry {l1_index}",
                self.l1_entries
            )));
        }
        let l1e: [u8; 8] = self.img.table(
            self.l1_offset.saturating_add(l1_index * 8),
            "qcow2 L1 table",
        )?;
        let l2_table = u64::from_be_bytes(l1e) & L1E_OFFSET_MASK;
        if l2_table == 0 {
            return Ok((Mapping::Zero, cs - in_cluster));
        }
        let l2_at = l2_table.saturating_add(l2_index * entry_bytes);
        let (l2e, bitmap) = if self.extended_l2 {
            let e: [u8; 16] = self.img.table(l2_at, "qcow2 L2 table")?;
            (be64(&e, 0), be64(&e, 8))
        } else {
            let e: [u8; 8] = self.img.table(l2_at, "qcow2 L2 table")?;
            (u64::from_be_bytes(e), 0)
        };
        if l2e & L2E_COMPRESSED != 0 {
            return Ok((Mapping::Compressed(l2e), cs - in_cluster));
        }
        let host = l2e & L2E_OFFSET_MASK;
        if host & (cs - 1) != 0 {
            // qemu marks such an image corrupt and fails the read.
            return Err(invalid(format!(
                "qcow2 L2 entry for guest offset {at} points to unaligned host offset {host}"
            )));
        }
        if !self.extended_l2 {
            if self.v3 && l2e & L2E_ZERO != 0 || host == 0 {
                return Ok((Mapping::Zero, cs - in_cluster));
            }
            return Ok((
                Mapping::Data(host.saturating_add(in_cluster)),
                cs - in_cluster,
            ));
        }
        // Extended L2: 32 subclusters; bit n of the low half = allocated, of the high half =
        // reads as zeros (zero wins, as in qemu).
        let sc_size = cs / 32;
        let sc = in_cluster / sc_size;
        let left = sc_size - in_cluster % sc_size;
        let zero = (bitmap >> 32) & (1 << sc) != 0;
        let alloc = bitmap & (1 << sc) != 0;
        if zero || !alloc {
            return Ok((Mapping::Zero, left));
        }
        if host == 0 {
            return Err(invalid(format!(
                "qcow2 extended L2 entry for guest offset {at} marks a subcluster allocated in an unallocated cluster"
            )));
        }
        Ok((Mapping::Data(host.saturating_add(in_cluster)), left))
    }

    /// The decompressed cluster `index` whose L2 entry is `l2e` (the last one is kept).
    fn compressed(&mut self, index: u64, l2e: u64) -> io::Result<&[u8]> {
        if self.last.as_ref().is_none_or(|(i, _)| *i != index) {
            let data = self.decompress(index, l2e)?;
            self.last = Some((index, data));
        }
        Ok(self.last.as_ref().map(|(_, d)| d.as_slice()).unwrap_or(&[]))
    }

    fn decompress(&mut self, index: u64, l2e: u64) -> io::Result<Vec<u8>> {
        let cs = self.cluster_size();
        // Bits 0..x-1 hold the host offset, x..61 the extra 512-byte sectors (x = 62 - (cb - 8)).
        let x = 62 - (self.cluster_bits - 8);
        let host = l2e & ((1u64 << x) - 1);
        let sectors = ((l2e & ((1u64 << 62) - 1)) >> x) + 1;
        let csize = (sectors * 512).saturating_sub(host & 511);
        let what = format!("qcow2 compressed cluster for guest offset {}", index * cs);
        let input = self
            .img
            .read_clipped(host, usize::try_from(csize).unwrap_or(0), &what)?;
        let mut out = vec![0u8; usize::try_from(cs).unwrap_or(0)];
        let filled = match self.compression {
            Compression::Deflate => inflate(&input, &mut out, false),
            Compression::Zstd => unzstd(&input, &mut out),
        };
        if filled != out.len() {
            return Err(invalid(format!(
                "{what} at offset {host}: {} decompression gave {filled} of {cs} bytes",
                match self.compression {
                    Compression::Deflate => "deflate",
                    Compression::Zstd => "zstd",
                }
            )));
        }
        Ok(out)
    }
}

/// Inflates a deflate stream (raw, or zlib-wrapped when `zlib`) into `out`; the bytes produced
/// (qemu accepts a stream that fills the buffer, ended or not).
pub(crate) fn inflate(input: &[u8], out: &mut [u8], zlib: bool) -> usize {
    let mut d = flate2::Decompress::new(zlib);
    let _ = d.decompress(input, out, flate2::FlushDecompress::Finish);
    usize::try_from(d.total_out()).unwrap_or(0).min(out.len())
}

/// Decodes zstd frames from `input` until `out` is full; the bytes produced.
fn unzstd(mut input: &[u8], out: &mut [u8]) -> usize {
    let mut filled = 0usize;
    for _ in 0..ZSTD_MAX_FRAMES {
        if filled >= out.len() || input.is_empty() {
            break;
        }
        let Ok(mut dec) = ruzstd::decoding::StreamingDecoder::new_with_max_window_size(
            &mut input,
            ZSTD_MAX_WINDOW,
        ) else {
            break;
        };
        while let Some(dst) = out.get_mut(filled..) {
            if dst.is_empty() {
                break;
            }
            match dec.read(dst) {
                Ok(0) | Err(_) => break,
                Ok(n) => filled += n,
            }
        }
        // A frame that produced nothing cannot make progress.
        if filled == 0 {
            break;
        }
    }
    filled
}

impl BlockDevice for Qcow2Device {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_exact_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        check_range(offset, buf.len(), self.size)?;
        let mut done = 0usize;
        while done < buf.len() {
            let at = offset + done as u64;
            let rest = buf.len() - done;
            let (mapping, run) = self.map(at)?;
            let n = usize::try_from(run).unwrap_or(usize::MAX).clamp(1, rest);
            let Some(dst) = buf.get_mut(done..done + n) else {
                break;
            };
            match mapping {
                Mapping::Zero => dst.fill(0),
                Mapping::Data(host) => self.img.read_at(
                    host,
                    dst,
                    &format!("qcow2 data cluster for guest offset {at}"),
                )?,
                Mapping::Compressed(l2e) => {
                    let cs = self.cluster_size();
                    let within = usize::try_from(at & (cs - 1)).unwrap_or(0);
                    let data = self.compressed(at >> self.cluster_bits, l2e)?;
                    let src = data
                        .get(within..within + n)
                        .ok_or_else(|| invalid("qcow2 compressed cluster is cut short"))?;
                    dst.copy_from_slice(src);
                }
            }
            done += n;
        }
        Ok(())
    }

    fn bytes_read(&self) -> u64 {
        self.img.used()
    }
}
