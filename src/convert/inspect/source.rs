//! Bounded random-access reading of the inspected bytes.
//!
//! A [`Source`] is a window onto a file, onto a decompressed prefix held in memory, or onto a
//! member of a tar archive. Every read is clipped to the window and capped at [`MAX_READ`], so a
//! size declared inside a hostile file can never become an allocation size. A source also knows
//! whether it is `complete` (it ends where the real data ends) or only a prefix (decompressed
//! wrappers): checks against the end of file are only made on complete sources.

use std::io::{self, Read, Seek, SeekFrom};

/// The most any single read may return.
pub(crate) const MAX_READ: usize = 4 << 20;

/// Positioned reads.
pub(crate) trait ReadAt {
    /// Reads up to `buf.len()` bytes at `offset`; fewer only at end of data.
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize>;
}

/// [`ReadAt`] over any `Read + Seek`.
pub(crate) struct SeekReader<R> {
    inner: R,
}

impl<R: Read + Seek> SeekReader<R> {
    /// Wraps a reader.
    pub(crate) fn new(inner: R) -> Self {
        SeekReader { inner }
    }
}

impl<R: Read + Seek> ReadAt for SeekReader<R> {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.seek(SeekFrom::Start(offset))?;
        let mut got = 0;
        while let Some(rest) = buf.get_mut(got..) {
            if rest.is_empty() {
                break;
            }
            match self.inner.read(rest) {
                Ok(0) => break,
                Ok(n) => got = got.saturating_add(n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(got)
    }
}

/// [`ReadAt`] over bytes held in memory (a decompressed prefix).
pub(crate) struct SliceReader<'a> {
    data: &'a [u8],
}

impl<'a> SliceReader<'a> {
    /// Wraps a byte slice.
    pub(crate) fn new(data: &'a [u8]) -> Self {
        SliceReader { data }
    }
}

impl ReadAt for SliceReader<'_> {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let src = super::bytes::slice(self.data, start, buf.len());
        let n = src.len();
        if let Some(dst) = buf.get_mut(..n) {
            dst.copy_from_slice(src);
        }
        Ok(n)
    }
}

/// A bounded window onto a [`ReadAt`].
pub(crate) struct Source<'a> {
    inner: &'a mut dyn ReadAt,
    base: u64,
    len: u64,
    complete: bool,
}

impl<'a> Source<'a> {
    /// A source over `len` bytes of `inner`; `complete` is false when the bytes are only a
    /// prefix of the real data.
    pub(crate) fn new(inner: &'a mut dyn ReadAt, len: u64, complete: bool) -> Self {
        Source {
            inner,
            base: 0,
            len,
            complete,
        }
    }

    /// Bytes visible through this window.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// True when the window ends where the data really ends (end-of-file checks are valid).
    pub(crate) fn complete(&self) -> bool {
        self.complete
    }

    /// Reads up to `n` bytes at `off` (capped at [`MAX_READ`] and clipped to the window).
    pub(crate) fn read(&mut self, off: u64, n: usize) -> io::Result<Vec<u8>> {
        if off >= self.len {
            return Ok(Vec::new());
        }
        let avail = self.len.saturating_sub(off);
        let want = n
            .min(MAX_READ)
            .min(usize::try_from(avail).unwrap_or(usize::MAX));
        let mut buf = vec![0u8; want];
        let abs = self.base.saturating_add(off);
        let got = self.inner.read_at(abs, &mut buf)?;
        buf.truncate(got);
        Ok(buf)
    }

    /// A sub-window of `size` bytes at `off`. It is complete only if this window is complete
    /// and the sub-window lies entirely inside it.
    pub(crate) fn sub(&mut self, off: u64, size: u64) -> Source<'_> {
        let start = off.min(self.len);
        let avail = self.len.saturating_sub(start);
        let fits = size <= avail;
        Source {
            inner: &mut *self.inner,
            base: self.base.saturating_add(start),
            len: size.min(avail),
            complete: self.complete && fits,
        }
    }
}

/// Sequential [`Read`] over a source from offset 0, stopping after `cap` bytes (the input side of
/// the decompressors).
pub(crate) struct SeqRead<'s, 'a> {
    src: &'s mut Source<'a>,
    pos: u64,
    cap: u64,
}

impl<'s, 'a> SeqRead<'s, 'a> {
    /// Reads `src` from the start, at most `cap` bytes.
    pub(crate) fn new(src: &'s mut Source<'a>, cap: u64) -> Self {
        SeqRead { src, pos: 0, cap }
    }
}

impl Read for SeqRead<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.cap.saturating_sub(self.pos);
        let n = buf
            .len()
            .min(usize::try_from(left).unwrap_or(usize::MAX))
            .min(64 << 10);
        if n == 0 {
            return Ok(0);
        }
        let data = self.src.read(self.pos, n)?;
        let got = data.len();
        if let Some(dst) = buf.get_mut(..got) {
            dst.copy_from_slice(&data);
        }
        self.pos = self.pos.saturating_add(got as u64);
        Ok(got)
    }
}
