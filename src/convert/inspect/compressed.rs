//! Compression wrappers (gzip, xz, zstd, bzip2): recognised with the `infer` crate's matchers
//! (plus stricter header checks), then only a bounded prefix is decompressed and inspected as
//! the inner image. The compressed input read is capped too, and every decoder runs with
//! bounded memory (zstd with a capped window, xz with our own prefix decoder).
//!
//! # Incomplete streams
//! A stream that ends early (a truncated download or copy) is `incomplete_stream`. How that is
//! found without breaking the bounded reads:
//! - a stream whose file ends inside the inspected input (at most [`INPUT_CAP`] compressed
//!   bytes, decompressing to less than [`PREFIX_CAP`]) is decoded to its end: a decoder that
//!   consumed the whole file without reaching the end of the stream is caught directly;
//! - longer files are checked at their structure's end, each format as it allows:
//!   - xz: the stream footer at the end of the file (magic `YZ`, CRC32, the header's flags),
//!     its backward size to the index, the index's CRC32 and the sum of its blocks' sizes,
//!     which must lead exactly to the stream header; concatenated streams and stream padding
//!     are walked back to offset 0 (at most [`XZ_MAX_STREAMS`] streams, an index of at most
//!     [`XZ_MAX_INDEX`] bytes);
//!   - zstd: the frames are walked from the start by their block headers (3 bytes each; the
//!     compressed blocks themselves are skipped) until the last block of the last frame ends
//!     exactly at the end of the file, at most [`ZSTD_MAX_BLOCKS`] block headers (768 KiB
//!     of reads);
//!   - bzip2: the end-of-stream marker (48 bits, not byte-aligned) followed by the stream CRC
//!     must end the file;
//!   - gzip has no index: a file of at most [`INPUT_CAP`] bytes is decoded on to its end
//!     (counting only, up to [`GZIP_SMALL_OUTPUT`] bytes: a 5 MiB gzip can expand 1000-fold).
//!     For a longer file its trailer (CRC32 and length mod 2^32) cannot prove that nothing is
//!     missing without decompressing everything. That full decode (a fixed 64 KiB buffer,
//!     nothing kept, only bytes counted; the trailer's checks are flate2's) reads the whole
//!     file, so it runs only when [`InspectOptions::verify_whole_streams`] asks for it;
//!     otherwise the report notes that completeness was not verified.

use std::io::{self, Read};

use super::bytes::{has_at, le32, u8_or0};
use super::lzma;
use super::model::{DiskFormatKind, Inspection, UnsafeReason};
use super::msg::{Msg, msg};
use super::source::{SeqRead, SliceReader, Source};
use super::{InspectOptions, detect};

/// Decompressed bytes inspected at most.
pub(crate) const PREFIX_CAP: usize = 4 << 20;
/// Compressed bytes read at most (by the prefix decoders).
pub(crate) const INPUT_CAP: u64 = 5 << 20;
/// A gzip file of at most [`INPUT_CAP`] bytes that decompresses to more than [`PREFIX_CAP`]
/// is decoded on (counting only) up to this many bytes to see its end (at most about 1 s).
const GZIP_SMALL_OUTPUT: u64 = 1 << 30;
/// Largest zstd window accepted (a constant, never what the frame declares).
const ZSTD_MAX_WINDOW: u64 = 8 << 20;
/// zstd block headers walked at most when checking that a long stream is complete.
pub(crate) const ZSTD_MAX_BLOCKS: u64 = 1 << 18;
/// xz streams walked back at most.
pub(crate) const XZ_MAX_STREAMS: usize = 64;
/// Largest xz index read.
pub(crate) const XZ_MAX_INDEX: u64 = 1 << 20;

/// Which compression wrapper `head` starts with, if any.
pub(crate) fn probe(head: &[u8]) -> Option<DiskFormatKind> {
    if infer::archive::is_gz(head) && u8_or0(head, 3) & 0xe0 == 0 {
        Some(DiskFormatKind::Gzip)
    } else if infer::archive::is_xz(head) {
        Some(DiskFormatKind::Xz)
    } else if infer::archive::is_zst(head) {
        Some(DiskFormatKind::Zstd)
    } else if infer::archive::is_bz2(head)
        && (b'1'..=b'9').contains(&u8_or0(head, 3))
        && (has_at(head, 4, &[0x31, 0x41, 0x59, 0x26, 0x53, 0x59])
            || has_at(head, 4, &[0x17, 0x72, 0x45, 0x38, 0x50, 0x90]))
    {
        Some(DiskFormatKind::Bzip2)
    } else {
        None
    }
}

/// Counts the compressed bytes a decoder takes.
struct Counted<R> {
    inner: R,
    taken: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.taken = self.taken.saturating_add(n as u64);
        Ok(n)
    }
}

/// Reads from `r` until `PREFIX_CAP` bytes, the end, or an error (returned as a note).
fn read_capped<R: Read>(mut r: R) -> (Vec<u8>, Option<String>) {
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 << 10];
    while out.len() < PREFIX_CAP {
        let want = buf.len().min(PREFIX_CAP - out.len());
        match r.read(buf.get_mut(..want).unwrap_or(&mut [])) {
            Ok(0) => return (out, None),
            Ok(n) => out.extend_from_slice(buf.get(..n).unwrap_or(&[])),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return (out, Some(e.to_string())),
        }
    }
    (out, None)
}

/// A decompressed prefix, why decoding stopped early (if it did), and the compressed bytes the
/// decoder took.
struct Prefix {
    data: Vec<u8>,
    why: Option<String>,
    taken: u64,
}

/// Decompresses at most [`PREFIX_CAP`] bytes from at most [`INPUT_CAP`] bytes of input.
fn decompress(src: &mut Source, kind: DiskFormatKind) -> io::Result<Prefix> {
    let mut input = Counted {
        inner: SeqRead::new(src, INPUT_CAP),
        taken: 0,
    };
    let (data, why) = match kind {
        DiskFormatKind::Gzip => read_capped(flate2::read::MultiGzDecoder::new(&mut input)),
        DiskFormatKind::Bzip2 => read_capped(bzip2::read::MultiBzDecoder::new(&mut input)),
        DiskFormatKind::Zstd => {
            match ruzstd::decoding::StreamingDecoder::new_with_max_window_size(
                &mut input,
                ZSTD_MAX_WINDOW,
            ) {
                Ok(d) => read_capped(d),
                Err(e) => (Vec::new(), Some(e.to_string())),
            }
        }
        DiskFormatKind::Xz => lzma::xz_prefix(&mut input, PREFIX_CAP)?,
        _ => (Vec::new(), Some("not a compression format".into())),
    };
    Ok(Prefix {
        data,
        why,
        taken: input.taken,
    })
}

/// Copies the inner report's findings to the wrapper, prefixed with where they were found.
pub(crate) fn propagate(outer: &mut Inspection, inner: &Inspection) {
    for f in inner.reasons() {
        outer.flag(
            f.reason,
            msg!(
                "inspect-propagated",
                format = inner.format.as_str(),
                detail = f.message().clone()
            ),
        );
    }
}

/// What an end-of-stream check found.
enum End {
    /// The stream ends where the file ends (how it was proven).
    Complete(Msg),
    /// The stream ends early or its end is missing (what was found).
    Incomplete(Msg),
    /// Not checked (why).
    Unknown(Msg),
}

/// Inspects a compressed file: what the decompressed prefix is, and whether the stream is
/// complete (see the module documentation).
pub(crate) fn inspect(
    src: &mut Source,
    kind: DiskFormatKind,
    opts: &InspectOptions,
    depth: u32,
) -> io::Result<Inspection> {
    let mut r = Inspection::new(kind, src.len());
    let Prefix { data, why, taken } = decompress(src, kind)?;
    // The decoder reached the end of a stream within the caps (for zstd: of the first frame).
    let decoded = why.is_none() && data.len() < PREFIX_CAP;
    let read_all = taken >= src.len();
    let end = if !src.complete() {
        End::Unknown(msg!("inspect-stream-prefix-only"))
    } else if decoded && read_all {
        End::Complete(msg!("inspect-stream-decoded"))
    } else if let (Some(w), true, true) = (&why, read_all, src.len() <= INPUT_CAP) {
        // The decoder took every byte of the file and still wanted more.
        End::Incomplete(msg!(
            "inspect-stream-does-not-decode",
            kind = kind.as_str(),
            taken = taken,
            bytes = data.len(),
            error = w
        ))
    } else {
        stream_end(src, kind, opts)?
    };
    // The prefix is the whole content only if the stream ended in it and nothing follows.
    let complete = if src.complete() {
        decoded && matches!(end, End::Complete(_)) && (read_all || kind != DiskFormatKind::Zstd)
    } else {
        decoded
    };
    if let Some(w) = &why {
        r.note(msg!(
            "inspect-note-decompression-stopped",
            bytes = data.len(),
            error = w
        ));
    }
    if complete {
        r.note(msg!("inspect-note-whole-stream", bytes = data.len()));
    } else {
        r.note(msg!("inspect-note-prefix", bytes = data.len()));
    }
    match end {
        End::Complete(how) => r.note(msg!(
            "inspect-note-stream-complete",
            kind = kind.as_str(),
            how = how
        )),
        End::Incomplete(what) => r.flag(
            UnsafeReason::IncompleteStream,
            msg!("inspect-stream-incomplete", what = what),
        ),
        End::Unknown(why) => r.note(msg!(
            "inspect-note-stream-unverified",
            kind = kind.as_str(),
            why = why
        )),
    }
    if data.is_empty() {
        return Ok(r);
    }
    let mut reader = SliceReader::new(&data);
    let mut inner_src = Source::new(&mut reader, data.len() as u64, complete);
    let inner = detect::inspect_source(&mut inner_src, opts, depth.saturating_add(1))?;
    propagate(&mut r, &inner);
    r.inner = Some(Box::new(inner));
    Ok(r)
}

/// Checks, past the decoded prefix, that a stream on a complete source ends at the end of the
/// file.
fn stream_end(src: &mut Source, kind: DiskFormatKind, opts: &InspectOptions) -> io::Result<End> {
    Ok(match kind {
        DiskFormatKind::Xz => xz_end(src)?,
        DiskFormatKind::Zstd => {
            let limit = if opts.verify_whole_streams {
                u64::MAX
            } else {
                ZSTD_MAX_BLOCKS
            };
            zstd_end(src, limit)?
        }
        DiskFormatKind::Bzip2 => bzip2_end(src)?,
        DiskFormatKind::Gzip if opts.verify_whole_streams => gzip_full(src, u64::MAX)?,
        DiskFormatKind::Gzip if src.len() <= INPUT_CAP => gzip_full(src, GZIP_SMALL_OUTPUT)?,
        DiskFormatKind::Gzip => End::Unknown(msg!("inspect-gzip-no-index", cap = INPUT_CAP)),
        _ => End::Unknown(msg!("inspect-not-compression")),
    })
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(data);
    crc.sum()
}

fn varint(b: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for i in 0..9 {
        let byte = *b.get(*pos)?;
        *pos += 1;
        v |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// xz: walks the streams back from the end of the file by their footers and indexes.
fn xz_end(src: &mut Source) -> io::Result<End> {
    let mut end = src.len();
    let mut blocks = 0u64;
    for streams in 1..=XZ_MAX_STREAMS {
        // Stream padding: groups of four zero bytes after a stream (at most 64 KiB of it).
        let pad_from = end.saturating_sub(64 << 10);
        let tail = src.read(pad_from, usize::try_from(end - pad_from).unwrap_or(0))?;
        let zeros = tail.iter().rev().take_while(|&&b| b == 0).count() as u64 / 4 * 4;
        end = end.saturating_sub(zeros);
        if end < 32 {
            return Ok(End::Incomplete(msg!("inspect-xz-no-stream", offset = end)));
        }
        let footer = src.read(end - 12, 12)?;
        let flags = footer.get(8..10).unwrap_or(&[]).to_vec();
        if footer.get(10..12) != Some(&b"YZ"[..])
            || le32(&footer, 0) != Some(crc32(footer.get(4..10).unwrap_or(&[])))
        {
            return Ok(End::Incomplete(msg!(
                "inspect-xz-footer-missing",
                offset = end - 12
            )));
        }
        let backward = (u64::from(le32(&footer, 4).unwrap_or(0)) + 1) * 4;
        if backward > XZ_MAX_INDEX {
            return Ok(End::Unknown(msg!(
                "inspect-xz-index-large",
                bytes = backward,
                cap = XZ_MAX_INDEX
            )));
        }
        let Some(index_at) = (end - 12).checked_sub(backward) else {
            return Ok(End::Incomplete(msg!(
                "inspect-xz-index-before",
                bytes = backward
            )));
        };
        let index = src.read(index_at, usize::try_from(backward).unwrap_or(0))?;
        let body = index.get(..index.len().saturating_sub(4)).unwrap_or(&[]);
        if index.len() as u64 != backward
            || index.first() != Some(&0)
            || le32(&index, index.len().saturating_sub(4)) != Some(crc32(body))
        {
            return Ok(End::Incomplete(msg!(
                "inspect-xz-index-damaged",
                offset = index_at
            )));
        }
        let mut pos = 1;
        let count = varint(body, &mut pos).unwrap_or(u64::MAX);
        let mut sum = 0u64;
        let mut n = 0u64;
        while n < count {
            let (Some(unpadded), Some(_)) = (varint(body, &mut pos), varint(body, &mut pos)) else {
                return Ok(End::Incomplete(msg!(
                    "inspect-xz-index-damaged",
                    offset = index_at
                )));
            };
            sum = sum.saturating_add(unpadded.div_ceil(4).saturating_mul(4));
            n += 1;
        }
        blocks += n;
        let start = index_at.checked_sub(sum).and_then(|s| s.checked_sub(12));
        let header = match start {
            Some(s) => src.read(s, 12)?,
            None => Vec::new(),
        };
        let (Some(start), true) = (
            start,
            header.get(..6) == Some(&b"\xfd7zXZ\0"[..]) && header.get(6..8) == Some(&flags[..]),
        ) else {
            return Ok(End::Incomplete(msg!(
                "inspect-xz-index-no-header",
                offset = index_at
            )));
        };
        if start == 0 {
            return Ok(End::Complete(msg!(
                "inspect-xz-complete",
                streams = streams,
                blocks = blocks
            )));
        }
        end = start;
    }
    Ok(End::Unknown(msg!(
        "inspect-xz-too-many-streams",
        cap = XZ_MAX_STREAMS
    )))
}

/// zstd: walks frames and block headers from the start to the end of the file.
fn zstd_end(src: &mut Source, max_blocks: u64) -> io::Result<End> {
    let len = src.len();
    let mut off = 0u64;
    let mut blocks = 0u64;
    let mut frames = 0u64;
    while off < len {
        let h = src.read(off, 14)?;
        let magic = le32(&h, 0).unwrap_or(0);
        if (0x184D_2A50..=0x184D_2A5F).contains(&magic) {
            // A skippable frame: magic, size, then that many bytes.
            let size = u64::from(le32(&h, 4).unwrap_or(0));
            off = off.saturating_add(8).saturating_add(size);
            if h.len() < 8 || off > len {
                return Ok(End::Incomplete(msg!("inspect-zstd-skippable", len = len)));
            }
            continue;
        }
        if magic != 0xFD2F_B528 || h.len() < 6 {
            return Ok(End::Incomplete(msg!("inspect-zstd-no-frame", offset = off)));
        }
        frames += 1;
        let fhd = u8_or0(&h, 4);
        let single = (fhd >> 5) & 1 == 1;
        let fcs = match fhd >> 6 {
            0 => u64::from(single),
            1 => 2,
            2 => 4,
            _ => 8,
        };
        let dict = [0u64, 1, 2, 4][usize::from(fhd & 3)];
        off = off
            .saturating_add(5)
            .saturating_add(u64::from(!single))
            .saturating_add(dict)
            .saturating_add(fcs);
        loop {
            if blocks >= max_blocks {
                return Ok(End::Unknown(msg!(
                    "inspect-zstd-too-many-blocks",
                    cap = max_blocks,
                    offset = off
                )));
            }
            let b = src.read(off, 3)?;
            if b.len() < 3 {
                return Ok(End::Incomplete(msg!(
                    "inspect-zstd-in-header",
                    offset = off,
                    blocks = blocks
                )));
            }
            blocks += 1;
            let bh = u32::from(u8_or0(&b, 0))
                | (u32::from(u8_or0(&b, 1)) << 8)
                | (u32::from(u8_or0(&b, 2)) << 16);
            let size = u64::from(bh >> 3);
            let content = match (bh >> 1) & 3 {
                1 => 1, // RLE: one byte repeated `size` times
                3 => {
                    return Ok(End::Incomplete(msg!(
                        "inspect-zstd-reserved-block",
                        offset = off
                    )));
                }
                _ => size,
            };
            off = off.saturating_add(3).saturating_add(content);
            if off > len {
                return Ok(End::Incomplete(msg!(
                    "inspect-zstd-in-block",
                    block = blocks,
                    len = len,
                    end = off
                )));
            }
            if bh & 1 == 1 {
                break;
            }
        }
        if fhd & 4 != 0 {
            off = off.saturating_add(4);
            if off > len {
                return Ok(End::Incomplete(msg!("inspect-zstd-in-checksum")));
            }
        }
    }
    Ok(End::Complete(msg!(
        "inspect-zstd-complete",
        frames = frames,
        blocks = blocks
    )))
}

/// bzip2: the end-of-stream marker and the stream CRC, then at most 7 padding bits, must end
/// the file.
fn bzip2_end(src: &mut Source) -> io::Result<End> {
    const EOS: u64 = 0x1772_4538_5090;
    let len = src.len();
    let tail = src.read(len.saturating_sub(11), 11)?;
    if tail.len() == 11 {
        let bits = tail
            .iter()
            .fold(0u128, |acc, &b| (acc << 8) | u128::from(b));
        for pad in 0..8 {
            if ((bits >> (pad + 32)) & 0xffff_ffff_ffff) as u64 == EOS {
                return Ok(End::Complete(msg!("inspect-bzip2-complete")));
            }
        }
    }
    Ok(End::Incomplete(msg!("inspect-bzip2-no-marker")))
}

/// gzip: decodes the whole file with a fixed buffer, keeping nothing, and stops (unverified)
/// after `max_out` decompressed bytes.
fn gzip_full(src: &mut Source, max_out: u64) -> io::Result<End> {
    let len = src.len();
    let mut input = Counted {
        inner: SeqRead::new(src, len),
        taken: 0,
    };
    let mut dec = flate2::read::MultiGzDecoder::new(&mut input);
    let mut buf = vec![0u8; 64 << 10];
    let mut out = 0u64;
    loop {
        if out >= max_out {
            return Ok(End::Unknown(msg!(
                "inspect-gzip-stopped",
                bytes = out,
                len = len
            )));
        }
        match dec.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out = out.saturating_add(n as u64),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                drop(dec);
                return Ok(End::Incomplete(msg!(
                    "inspect-gzip-stops",
                    bytes = out,
                    taken = input.taken,
                    len = len,
                    error = e.to_string()
                )));
            }
        }
    }
    Ok(End::Complete(msg!(
        "inspect-gzip-complete",
        len = len,
        bytes = out
    )))
}
