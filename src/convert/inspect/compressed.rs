//! Compression wrappers (gzip, xz, zstd, bzip2): recognised with the `infer` crate's matchers
//! (plus stricter header checks), then only a bounded prefix is decompressed and inspected as
//! the inner image. The compressed input read is capped too, and every decoder runs with
//! bounded memory (zstd with a capped window, xz with our own prefix decoder).

use std::io::{self, Read};

use super::bytes::{has_at, u8_or0};
use super::lzma;
use super::model::{DiskFormatKind, Inspection};
use super::source::{SeqRead, SliceReader, Source};
use super::{InspectOptions, detect};

/// Decompressed bytes inspected at most.
pub(crate) const PREFIX_CAP: usize = 4 << 20;
/// Compressed bytes read at most.
const INPUT_CAP: u64 = 5 << 20;
/// Largest zstd window accepted (a constant, never what the frame declares).
const ZSTD_MAX_WINDOW: u64 = 8 << 20;

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

/// Decompresses at most [`PREFIX_CAP`] bytes; the note says why decoding stopped early.
fn decompress(src: &mut Source, kind: DiskFormatKind) -> io::Result<(Vec<u8>, Option<String>)> {
    let mut input = SeqRead::new(src, INPUT_CAP);
    Ok(match kind {
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
    })
}

/// Copies the inner report's findings to the wrapper, prefixed with where they were found.
pub(crate) fn propagate(outer: &mut Inspection, inner: &Inspection) {
    for f in inner.reasons() {
        outer.flag(
            f.reason,
            format!("inside the {}: {}", inner.format, f.detail),
        );
    }
}

/// Inspects a compressed file: what the decompressed prefix is.
pub(crate) fn inspect(
    src: &mut Source,
    kind: DiskFormatKind,
    opts: &InspectOptions,
    depth: u32,
) -> io::Result<Inspection> {
    let mut r = Inspection::new(kind, src.len());
    let (data, why) = decompress(src, kind)?;
    let complete = why.is_none() && data.len() < PREFIX_CAP;
    if let Some(w) = &why {
        r.note(format!(
            "decompression stopped after {} bytes: {w}",
            data.len()
        ));
    }
    if complete {
        r.note(format!(
            "the whole stream ({} bytes decompressed) was inspected",
            data.len()
        ));
    } else {
        r.note(format!(
            "inspected a {}-byte decompressed prefix",
            data.len()
        ));
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
