//! What the import form learns from a file before it is imported: the disk format and, when
//! the header says, the virtual size. This is a small header sniffer for pre-filling the form,
//! kept behind [`inspect_for_import`] so the native inspector (`convert::inspect`) can replace
//! it without touching the form. It runs on the bridge thread, never on the UI thread.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::backend::DiskFormat;

/// What the import form shows about a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFacts {
    /// File length in bytes.
    pub size_bytes: u64,
    /// The disk format the content looks like (raw when nothing matched).
    pub disk_format: DiskFormat,
    /// Guest-visible size, when the header records it.
    pub virtual_size_bytes: Option<u64>,
    /// One line on how the format was recognised.
    pub summary: String,
    /// Reasons the file is suspicious (empty when nothing stood out).
    pub warnings: Vec<String>,
}

/// Read the header (and VHD footer) of `path` and guess its disk format.
pub fn inspect_for_import(path: &Path) -> Result<FileFacts, String> {
    let mut file = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let size_bytes = file
        .metadata()
        .map_err(|e| format!("cannot read the size of {}: {e}", path.display()))?
        .len();
    let mut head = vec![0u8; 0x8006.min(size_bytes as usize)];
    file.read_exact(&mut head)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut footer = Vec::new();
    if size_bytes >= 512 {
        file.seek(SeekFrom::End(-512))
            .and_then(|_| {
                footer.resize(512, 0);
                file.read_exact(&mut footer)
            })
            .map_err(|e| format!("cannot read the end of {}: {e}", path.display()))?;
    }
    Ok(sniff(&head, &footer, size_bytes))
}

fn be_u64(bytes: &[u8], at: usize) -> Option<u64> {
    bytes
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_be_bytes)
}

fn le_u64(bytes: &[u8], at: usize) -> Option<u64> {
    bytes
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
}

/// Recognise a format from the first bytes (`head`, up to 0x8006) and the last 512 (`footer`).
pub fn sniff(head: &[u8], footer: &[u8], size_bytes: u64) -> FileFacts {
    let facts = |disk_format, virtual_size_bytes, summary: &str| FileFacts {
        size_bytes,
        disk_format,
        virtual_size_bytes,
        summary: summary.to_string(),
        warnings: Vec::new(),
    };
    if head.starts_with(b"QFI\xfb") {
        let mut found = facts(
            DiskFormat::Qcow2,
            be_u64(head, 24),
            "qcow2 header (QFI\\xfb)",
        );
        if be_u64(head, 8).is_some_and(|offset| offset != 0) {
            found
                .warnings
                .push("the qcow2 header names a backing file: Glance refuses such images".into());
        }
        return found;
    }
    if head.starts_with(b"KDMV") {
        let sectors = le_u64(head, 12);
        return facts(
            DiskFormat::Vmdk,
            sectors.map(|s| s * 512),
            "VMDK sparse extent (KDMV)",
        );
    }
    let text_start = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_string();
    if text_start.contains("# Disk DescriptorFile") {
        let mut found = facts(DiskFormat::Vmdk, None, "VMDK text descriptor");
        found.warnings.push(
            "a VMDK descriptor refers to other files: only monolithicSparse and \
             streamOptimized VMDKs are accepted by Glance"
                .into(),
        );
        return found;
    }
    if head.starts_with(b"vhdxfile") {
        return facts(DiskFormat::Vhdx, None, "VHDX file identifier (vhdxfile)");
    }
    if head.get(64..68) == Some(&[0x7f, 0x10, 0xda, 0xbe]) {
        return facts(
            DiskFormat::Vdi,
            le_u64(head, 368),
            "VirtualBox VDI signature",
        );
    }
    if head.get(0x8001..0x8006) == Some(b"CD001".as_slice()) {
        return facts(
            DiskFormat::Iso,
            Some(size_bytes),
            "ISO 9660 volume descriptor (CD001)",
        );
    }
    if head.starts_with(b"conectix") {
        return facts(
            DiskFormat::Vhd,
            be_u64(head, 48),
            "VHD footer copy at the start (dynamic VHD)",
        );
    }
    if footer.starts_with(b"conectix") {
        return facts(
            DiskFormat::Vhd,
            be_u64(footer, 48),
            "VHD footer at the end (fixed VHD)",
        );
    }
    facts(DiskFormat::Raw, Some(size_bytes), "no known header: raw")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_headers() {
        let mut qcow = vec![0u8; 512];
        qcow[..4].copy_from_slice(b"QFI\xfb");
        qcow[24..32].copy_from_slice(&(1u64 << 30).to_be_bytes());
        let facts = sniff(&qcow, &[], 512);
        assert_eq!(facts.disk_format, DiskFormat::Qcow2);
        assert_eq!(facts.virtual_size_bytes, Some(1 << 30));

        let mut iso = vec![0u8; 0x8006];
        iso[0x8001..0x8006].copy_from_slice(b"CD001");
        assert_eq!(sniff(&iso, &[], 0x8006).disk_format, DiskFormat::Iso);

        let mut footer = vec![0u8; 512];
        footer[..8].copy_from_slice(b"conectix");
        assert_eq!(
            sniff(&[0u8; 64], &footer, 4096).disk_format,
            DiskFormat::Vhd
        );

        assert_eq!(sniff(b"hello", &[], 5).disk_format, DiskFormat::Raw);
    }
}
