//! VHDX guest data: the current header (CRC-32C, highest sequence number), the region table,
//! the metadata items (block size, virtual size, logical sector size) and the BAT, whose
//! payload entries are interleaved with one sector bitmap entry per chunk. Fully present blocks
//! are read from the file; not present, undefined, zero and unmapped blocks read as zeros;
//! partially present blocks read the sectors their bitmap marks and zeros elsewhere (there is
//! no parent: differencing VHDX files are refused).
//!
//! Layout reference: Microsoft's VHDX format specification 1.0; qemu's `vhdx.c`.

use std::io;

use super::{Extent, ImageFile, check_range, invalid, le16, le32, le64, read_mapped};
use crate::convert::guest::device::BlockDevice;

const CRC32C: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISCSI);

use crate::convert::inspect::vhdx::{BAT_GUID, FILE_PARAMS, LOGICAL_SECTOR, META_GUID, VDISK_SIZE};

const FULLY_PRESENT: u64 = 6;
const PARTIALLY_PRESENT: u64 = 7;
const SB_PRESENT: u64 = 6;
const OFFSET_MASK: u64 = !0xf_ffff;

/// A VHDX image's virtual disk.
#[derive(Debug)]
pub(crate) struct VhdxDevice {
    img: ImageFile,
    size: u64,
    bat: u64,
    bat_len: u64,
    block: u64,
    sector: u64,
    chunk_ratio: u64,
}

impl VhdxDevice {
    /// Reads the headers, the region table and the metadata.
    pub(crate) fn open(mut img: ImageFile) -> io::Result<Self> {
        let mut best: Option<(u64, [u8; 4096])> = None;
        for off in [64u64 << 10, 128 << 10] {
            let mut h = [0u8; 4096];
            img.read_at(off, &mut h, "VHDX header")?;
            if h.get(..4) == Some(b"head") && crc_ok(&h) && le16(&h, 66) == 1 {
                let seq = le64(&h, 8);
                if best.as_ref().is_none_or(|(s, _)| seq > *s) {
                    best = Some((seq, h));
                }
            }
        }
        let Some((_, header)) = best else {
            return Err(invalid(
                "no valid VHDX header (signature, CRC-32C or version)",
            ));
        };
        if header
            .get(48..64)
            .is_some_and(|g| g.iter().any(|&b| b != 0))
        {
            return Err(invalid(
                "the VHDX log must be replayed first (qemu refuses it read-only too)",
            ));
        }
        let mut rt = vec![0u8; 64 << 10];
        img.read_at(192 << 10, &mut rt, "VHDX region table")?;
        if rt.get(..4) != Some(b"regi") || !crc_ok(&rt) {
            return Err(invalid("VHDX region table is missing or fails its CRC-32C"));
        }
        let count = le32(&rt, 8).min(2047) as usize;
        let (mut bat, mut meta) = (None, None);
        for i in 0..count {
            let e = rt.get(16 + 32 * i..48 + 32 * i).unwrap_or(&[]);
            let region = (le64(e, 16), u64::from(le32(e, 24)));
            match e.get(..16) {
                Some(id) if id == BAT_GUID => bat = Some(region),
                Some(id) if id == META_GUID => meta = Some(region),
                _ => {}
            }
        }
        let (Some((bat, bat_len)), Some((meta, _))) = (bat, meta) else {
            return Err(invalid("VHDX lacks a BAT or metadata region"));
        };
        let mut table = vec![0u8; 64 << 10];
        img.read_at(meta, &mut table, "VHDX metadata table")?;
        if table.get(..8) != Some(b"metadata") {
            return Err(invalid("VHDX metadata table is missing"));
        }
        let entries = usize::from(le16(&table, 10)).min(2047);
        let value = |img: &mut ImageFile, id: [u8; 16], n: usize| -> io::Result<Vec<u8>> {
            for i in 0..entries {
                let e = table.get(32 + 32 * i..64 + 32 * i).unwrap_or(&[]);
                if e.get(..16) == Some(&id[..]) {
                    let mut v = vec![0u8; n];
                    let at = meta.saturating_add(u64::from(le32(e, 16)));
                    img.read_at(at, &mut v, "VHDX metadata item")?;
                    return Ok(v);
                }
            }
            Err(invalid("VHDX lacks a required metadata item"))
        };
        let params = value(&mut img, FILE_PARAMS, 8)?;
        let vds = le64(&value(&mut img, VDISK_SIZE, 8)?, 0);
        let lss = u64::from(le32(&value(&mut img, LOGICAL_SECTOR, 4)?, 0));
        let block = u64::from(le32(&params, 0));
        if le32(&params, 4) & 2 != 0 {
            return Err(invalid(
                "differencing VHDX: its parent is not opened, so its guest is not read",
            ));
        }
        if !(1 << 20..=256 << 20).contains(&block) || !block.is_power_of_two() {
            return Err(invalid(format!("invalid VHDX block size {block}")));
        }
        // The same virtual size qemu reports (see the safety inspector's vhdx module).
        let size = match lss {
            512 => vds & !511,
            4096 => (vds >> 12).saturating_mul(512),
            other => return Err(invalid(format!("VHDX logical sector size {other}"))),
        };
        let chunk_ratio = ((1u64 << 23) * lss) / block;
        Ok(VhdxDevice {
            img,
            size,
            bat,
            bat_len,
            block,
            sector: lss,
            chunk_ratio: chunk_ratio.max(1),
        })
    }
}

/// The structure's CRC-32C (stored at offset 4, computed with those bytes zeroed) matches.
fn crc_ok(data: &[u8]) -> bool {
    let stored = le32(data, 4);
    let mut d = CRC32C.digest();
    d.update(data.get(..4).unwrap_or(&[]));
    d.update(&[0; 4]);
    d.update(data.get(8..).unwrap_or(&[]));
    d.finalize() == stored
}

impl BlockDevice for VhdxDevice {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_exact_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        check_range(offset, buf.len(), self.size)?;
        let (bat, bat_len, block, sector, ratio) = (
            self.bat,
            self.bat_len,
            self.block,
            self.sector,
            self.chunk_ratio,
        );
        read_mapped(
            &mut self.img,
            offset,
            buf,
            "VHDX payload block",
            |img, at, rest| {
                let index = at / block;
                let within = at % block;
                let entry = |img: &mut ImageFile, i: u64| -> io::Result<u64> {
                    if i.saturating_add(1).saturating_mul(8) > bat_len {
                        return Err(invalid(format!("VHDX BAT has no entry {i}")));
                    }
                    Ok(u64::from_le_bytes(
                        img.table(bat.saturating_add(i * 8), "VHDX BAT")?,
                    ))
                };
                let v = entry(img, index + index / ratio)?;
                let run = super::run_len(at, block, rest);
                if matches!(v & 7, FULLY_PRESENT | PARTIALLY_PRESENT) && v & OFFSET_MASK == 0 {
                    return Err(invalid(format!(
                        "VHDX BAT entry of block {index} points at offset 0 (the file's header)"
                    )));
                }
                match v & 7 {
                    FULLY_PRESENT => {
                        Ok((Extent::Data((v & OFFSET_MASK).saturating_add(within)), run))
                    }
                    PARTIALLY_PRESENT => {
                        let chunk = index / ratio;
                        let sb = entry(img, chunk * (ratio + 1) + ratio)?;
                        if sb & 7 != SB_PRESENT {
                            return Err(invalid(format!(
                                "VHDX block {index} is partially present without a sector bitmap"
                            )));
                        }
                        // Bit j (least significant first) covers the chunk's sector j.
                        let sectors_per_block = block / sector;
                        let j = (index % ratio) * sectors_per_block + within / sector;
                        let [byte]: [u8; 1] = img.table(
                            (sb & OFFSET_MASK).saturating_add(j / 8),
                            "VHDX sector bitmap",
                        )?;
                        let n = super::run_len(at, sector, rest);
                        Ok(if byte & (1 << (j % 8)) != 0 {
                            (Extent::Data((v & OFFSET_MASK).saturating_add(within)), n)
                        } else {
                            (Extent::Zero, n)
                        })
                    }
                    _ => Ok((Extent::Zero, run)),
                }
            },
        )
    }

    fn bytes_read(&self) -> u64 {
        self.img.used()
    }
}
