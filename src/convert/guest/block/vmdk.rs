//! VMDK hosted sparse extents (monolithicSparse and streamOptimized): grain directory → grain
//! table → grain; zero grains; deflate-compressed grains with their markers; a streamOptimized
//! file's footer header (the grain directory written at the end) taking precedence.
//!
//! Layout reference: VMware's "Virtual Disk Format 5.0"; the rules follow qemu's `vmdk.c`
//! (a grain table entry of 1 is a zero grain only when the header's zeroed-grain flag is set;
//! a compressed grain must decompress to cover the bytes read).

use std::io;

use super::qcow2::inflate;
use super::{ImageFile, check_range, invalid, le16, le32, le64};
use crate::convert::guest::device::BlockDevice;

const GD_AT_END: u64 = u64::MAX;
const FLAG_ZERO_GRAIN: u32 = 1 << 2;
const FLAG_COMPRESSED: u32 = 1 << 16;
const FLAG_MARKERS: u32 = 1 << 17;
/// The largest grain decompressed (qemu-made grains are 64 KiB).
const MAX_COMPRESSED_GRAIN: u64 = 2 << 20;

/// A sparse VMDK's virtual disk.
#[derive(Debug)]
pub(crate) struct VmdkDevice {
    img: ImageFile,
    size: u64,
    grain: u64,
    gtes: u64,
    gd: u64,
    gd_entries: u64,
    zero_grain: bool,
    compressed: bool,
    markers: bool,
    /// The last decompressed grain: (grain index, data).
    last: Option<(u64, Vec<u8>)>,
}

impl VmdkDevice {
    /// Reads the sparse header (and a streamOptimized footer).
    pub(crate) fn open(mut img: ImageFile) -> io::Result<Self> {
        let mut h = [0u8; 512];
        img.read_at(0, &mut h, "VMDK sparse header")?;
        if h.get(..4) != Some(b"KDMV") {
            return Err(invalid("not a hosted sparse VMDK (no KDMV magic)"));
        }
        if le64(&h, 56) == GD_AT_END {
            // streamOptimized: the footer is the header copy 1 KiB before the end (before the
            // end-of-stream marker), preceded by its marker.
            let at = (img.len() & !511).saturating_sub(1024);
            let mut f = [0u8; 512];
            img.read_at(at, &mut f, "streamOptimized footer")?;
            if f.get(..4) != Some(b"KDMV") || le64(&f, 56) == GD_AT_END {
                return Err(invalid("streamOptimized footer is missing or invalid"));
            }
            h = f;
        }
        let version = le32(&h, 4);
        if version > 3 {
            return Err(invalid(format!("VMDK version {version} is not read")));
        }
        let flags = le32(&h, 8);
        let capacity = le64(&h, 12);
        let granularity = le64(&h, 20);
        let gtes = u64::from(le32(&h, 44));
        let gd = le64(&h, 56);
        let compressed = flags & FLAG_COMPRESSED != 0 && le16(&h, 77) == 1;
        if gtes == 0 || gtes > 512 || granularity == 0 || granularity > 0x20_0000 {
            return Err(invalid("VMDK grain size or grain table size is invalid"));
        }
        let grain = granularity * 512;
        if compressed && grain > MAX_COMPRESSED_GRAIN {
            return Err(invalid(format!(
                "compressed VMDK grains of {grain} bytes are larger than this reader decompresses"
            )));
        }
        let size = capacity
            .checked_mul(512)
            .ok_or_else(|| invalid("VMDK capacity overflows"))?;
        let gd_entries = capacity.div_ceil(gtes * granularity);
        Ok(VmdkDevice {
            img,
            size,
            grain,
            gtes,
            gd: gd.saturating_mul(512),
            gd_entries,
            zero_grain: flags & FLAG_ZERO_GRAIN != 0,
            compressed,
            markers: flags & FLAG_MARKERS != 0,
            last: None,
        })
    }

    /// The grain table entry (a sector number, 0 unallocated) of grain `index`.
    fn grain_entry(&mut self, index: u64) -> io::Result<u64> {
        let gd_index = index / self.gtes;
        if gd_index >= self.gd_entries {
            return Err(invalid(format!(
                "VMDK grain {index} is past the grain directory"
            )));
        }
        let gde: [u8; 4] = self
            .img
            .table(self.gd.saturating_add(gd_index * 4), "VMDK grain directory")?;
        let gt = u64::from(u32::from_le_bytes(gde));
        if gt == 0 {
            return Ok(0);
        }
        let gte: [u8; 4] = self.img.table(
            gt.saturating_mul(512)
                .saturating_add((index % self.gtes) * 4),
            "VMDK grain table",
        )?;
        Ok(u64::from(u32::from_le_bytes(gte)))
    }

    /// The decompressed grain `index` stored at `sector` (the last one is kept).
    fn grain_data(&mut self, index: u64, sector: u64) -> io::Result<&[u8]> {
        if self.last.as_ref().is_none_or(|(i, _)| *i != index) {
            let data = self.decompress(index, sector)?;
            self.last = Some((index, data));
        }
        Ok(self.last.as_ref().map(|(_, d)| d.as_slice()).unwrap_or(&[]))
    }

    fn decompress(&mut self, index: u64, sector: u64) -> io::Result<Vec<u8>> {
        let at = sector.saturating_mul(512);
        let what = format!(
            "VMDK compressed grain for guest offset {}",
            index * self.grain
        );
        // qemu reads twice the grain: compressed data never needs more.
        let cap = usize::try_from(self.grain * 2 + 12).unwrap_or(0);
        let raw = if self.markers {
            // Marker: u64 LBA, u32 compressed size, then the data. Read its sector first so
            // that only the compressed size is read, not the cap.
            let head = self.img.read_clipped(at, 512.min(cap), &what)?;
            let n = usize::try_from(le32(&head, 8)).unwrap_or(usize::MAX);
            if n == 0 || n > cap - 12 {
                return Err(invalid(format!(
                    "{what} at offset {at}: its marker's size {n} is invalid"
                )));
            }
            let mut raw = head;
            if raw.len() < 12 + n {
                let more =
                    self.img
                        .read_clipped(at + raw.len() as u64, 12 + n - raw.len(), &what)?;
                raw.extend_from_slice(&more);
            }
            if raw.len() < 12 + n {
                return Err(invalid(format!(
                    "{what} at offset {at}: its {n} bytes run past the end of the file"
                )));
            }
            raw.drain(..12);
            raw.truncate(n);
            raw
        } else {
            self.img.read_clipped(at, cap, &what)?
        };
        let data = &raw[..];
        // The expected output: a whole grain, or what is left of the disk for the last one.
        let want = self.grain.min(self.size.saturating_sub(index * self.grain));
        let mut out = vec![0u8; usize::try_from(self.grain).unwrap_or(0)];
        // VMDK grains are zlib streams (RFC 1950), as qemu's `uncompress` reads them.
        let filled = inflate(data, &mut out, true);
        if (filled as u64) < want {
            return Err(invalid(format!(
                "{what} at offset {at}: zlib decompression gave {filled} of {want} bytes"
            )));
        }
        Ok(out)
    }
}

impl BlockDevice for VmdkDevice {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_exact_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        check_range(offset, buf.len(), self.size)?;
        let mut done = 0usize;
        while done < buf.len() {
            let at = offset + done as u64;
            let index = at / self.grain;
            let within = at % self.grain;
            let n = usize::try_from(self.grain - within)
                .unwrap_or(usize::MAX)
                .min(buf.len() - done);
            let sector = self.grain_entry(index)?;
            let compressed = self.compressed;
            let zero = sector == 0 || (self.zero_grain && sector == 1);
            let Some(dst) = buf.get_mut(done..done + n) else {
                break;
            };
            if zero {
                dst.fill(0);
            } else if compressed {
                let w = usize::try_from(within).unwrap_or(0);
                let data = self.grain_data(index, sector)?;
                let src = data
                    .get(w..w + n)
                    .ok_or_else(|| invalid("VMDK compressed grain is cut short"))?;
                dst.copy_from_slice(src);
            } else {
                let host = sector.saturating_mul(512).saturating_add(within);
                self.img
                    .read_at(host, dst, &format!("VMDK grain for guest offset {at}"))?;
            }
            done += n;
        }
        Ok(())
    }

    fn bytes_read(&self) -> u64 {
        self.img.used()
    }
}
