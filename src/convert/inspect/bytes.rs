//! Panic-free readers for integers and strings inside untrusted byte buffers.
//!
//! Every accessor returns `None` (or a zero default via the `*_or0` helpers) when the buffer is
//! too short, so parsers never index out of bounds on hostile input.

/// Returns `N` bytes at `off`, or `None` if the buffer is too short.
fn arr<const N: usize>(b: &[u8], off: usize) -> Option<[u8; N]> {
    let end = off.checked_add(N)?;
    b.get(off..end)?.try_into().ok()
}

/// Big-endian u16 at `off`.
pub(crate) fn be16(b: &[u8], off: usize) -> Option<u16> {
    arr(b, off).map(u16::from_be_bytes)
}

/// Big-endian u32 at `off`.
pub(crate) fn be32(b: &[u8], off: usize) -> Option<u32> {
    arr(b, off).map(u32::from_be_bytes)
}

/// Big-endian u64 at `off`.
pub(crate) fn be64(b: &[u8], off: usize) -> Option<u64> {
    arr(b, off).map(u64::from_be_bytes)
}

/// Little-endian u16 at `off`.
pub(crate) fn le16(b: &[u8], off: usize) -> Option<u16> {
    arr(b, off).map(u16::from_le_bytes)
}

/// Little-endian u32 at `off`.
pub(crate) fn le32(b: &[u8], off: usize) -> Option<u32> {
    arr(b, off).map(u32::from_le_bytes)
}

/// Little-endian u64 at `off`.
pub(crate) fn le64(b: &[u8], off: usize) -> Option<u64> {
    arr(b, off).map(u64::from_le_bytes)
}

/// Single byte at `off`, or 0.
pub(crate) fn u8_or0(b: &[u8], off: usize) -> u8 {
    b.get(off).copied().unwrap_or(0)
}

/// True if `b[off..]` starts with `magic`.
pub(crate) fn has_at(b: &[u8], off: usize, magic: &[u8]) -> bool {
    off.checked_add(magic.len())
        .and_then(|end| b.get(off..end))
        .is_some_and(|s| s == magic)
}

/// Bytes `off..off+len` clipped to the buffer (possibly empty).
pub(crate) fn slice(b: &[u8], off: usize, len: usize) -> &[u8] {
    let start = off.min(b.len());
    let end = off.saturating_add(len).min(b.len());
    b.get(start..end).unwrap_or(&[])
}

/// A printable rendering of untrusted bytes: lossy UTF-8, control characters escaped, at most
/// `max` characters (an ellipsis marks a cut).
pub(crate) fn printable(b: &[u8], max: usize) -> String {
    let s = String::from_utf8_lossy(b);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i >= max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Converts a u64 to usize, saturating (for lengths that are capped afterwards anyway).
pub(crate) fn usize_sat(v: u64) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

/// Decodes a NUL-terminated UTF-16 string (either endianness) from `b`.
pub(crate) fn utf16(b: &[u8], big_endian: bool) -> String {
    let units: Vec<u16> = b
        .chunks_exact(2)
        .map(|c| {
            let pair = [u8_or0(c, 0), u8_or0(c, 1)];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        })
        .take_while(|&u| u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_buffers_give_none() {
        assert_eq!(be32(&[1, 2, 3], 0), None);
        assert_eq!(le64(&[0; 8], 1), None);
        assert_eq!(be16(&[0, 1], usize::MAX), None);
        assert!(!has_at(b"abc", usize::MAX, b"a"));
        assert!(slice(b"abc", 10, usize::MAX).is_empty());
        assert_eq!(printable(b"a\nb", 10), "a\\nb");
    }
}
