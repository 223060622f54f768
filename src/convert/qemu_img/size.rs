//! Size arguments for the CLI and `resize`: `10G`, `+5G`, `-1G`, `512M`, `1024`, `4KiB`.

use crate::model::qemu_img::{QemuImgError, Result};

/// A parsed size: absolute, or relative to an image's current virtual size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeSpec {
    /// Exactly this many bytes.
    Absolute(u64),
    /// The current size plus this many bytes (`+5G`).
    Grow(u64),
    /// The current size minus this many bytes (`-1G`).
    Shrink(u64),
}

impl SizeSpec {
    /// The size in bytes when it is absolute, `None` for a delta.
    pub fn absolute_bytes(self) -> Option<u64> {
        match self {
            Self::Absolute(bytes) => Some(bytes),
            Self::Grow(_) | Self::Shrink(_) => None,
        }
    }

    /// The resulting size for an image currently `current_bytes` large, or `None` when a delta
    /// would overflow or go below zero.
    pub fn resolve(self, current_bytes: u64) -> Option<u64> {
        match self {
            Self::Absolute(bytes) => Some(bytes),
            Self::Grow(delta) => current_bytes.checked_add(delta),
            Self::Shrink(delta) => current_bytes.checked_sub(delta),
        }
    }
}

/// Parse a size with binary units: a number (integer, or decimal with a unit such as `1.5G`),
/// an optional unit `K`, `M`, `G`, `T`, `P`, `E` (powers of 1024; case-insensitive; optionally
/// followed by `B` or `iB`, and a bare `B` means bytes), and an optional leading `+` (grow) or
/// `-` (shrink). A plain number is bytes.
pub fn parse_size(text: &str) -> Result<SizeSpec> {
    let invalid = |reason| QemuImgError::InvalidSize {
        text: text.to_owned(),
        reason,
    };
    let trimmed = text.trim();
    let (sign, body) = match trimmed.as_bytes().first() {
        Some(b'+') => (Some('+'), &trimmed[1..]),
        Some(b'-') => (Some('-'), &trimmed[1..]),
        _ => (None, trimmed),
    };
    let body = body.trim_start();
    let digits_end = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let (number, unit) = body.split_at(digits_end);
    if number.is_empty() || number.starts_with('.') || number.ends_with('.') {
        return Err(invalid("expected a number such as 10G, +5G or 1024"));
    }
    let multiplier = unit_multiplier(unit.trim())
        .ok_or_else(|| invalid("unknown unit (use K, M, G, T, P or E, optionally with B or iB)"))?;
    let bytes = match number.split_once('.') {
        None => number
            .parse::<u64>()
            .ok()
            .and_then(|value| value.checked_mul(multiplier))
            .ok_or_else(|| invalid("too large"))?,
        Some((whole, fraction)) => {
            if multiplier == 1 {
                return Err(invalid("a byte count must be a whole number"));
            }
            if fraction.contains('.') || fraction.len() > 9 {
                return Err(invalid("expected a number such as 10G, +5G or 1024"));
            }
            let whole: u64 = whole.parse().map_err(|_| invalid("too large"))?;
            let scale = 10u64.pow(fraction.len() as u32);
            let fraction_value: u64 = fraction.parse().map_err(|_| invalid("too large"))?;
            let whole_bytes = whole
                .checked_mul(multiplier)
                .ok_or_else(|| invalid("too large"))?;
            let fraction_bytes =
                (u128::from(fraction_value) * u128::from(multiplier) / u128::from(scale)) as u64;
            whole_bytes
                .checked_add(fraction_bytes)
                .ok_or_else(|| invalid("too large"))?
        }
    };
    Ok(match sign {
        Some('+') => SizeSpec::Grow(bytes),
        Some(_) => SizeSpec::Shrink(bytes),
        None => SizeSpec::Absolute(bytes),
    })
}

fn unit_multiplier(unit: &str) -> Option<u64> {
    let lower = unit.to_ascii_lowercase();
    let prefix = lower
        .strip_suffix("ib")
        .or_else(|| lower.strip_suffix('b'))
        .unwrap_or(&lower);
    let power = match prefix {
        "" => 0,
        "k" => 1,
        "m" => 2,
        "g" => 3,
        "t" => 4,
        "p" => 5,
        "e" => 6,
        _ => return None,
    };
    // "iB" alone (no prefix) is not a unit.
    if prefix.is_empty() && lower.ends_with("ib") {
        return None;
    }
    Some(1u64 << (10 * power))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_signs() {
        assert_eq!(parse_size("1024").ok(), Some(SizeSpec::Absolute(1024)));
        assert_eq!(parse_size("10G").ok(), Some(SizeSpec::Absolute(10 << 30)));
        assert_eq!(parse_size("+5G").ok(), Some(SizeSpec::Grow(5 << 30)));
        assert_eq!(parse_size("-1g").ok(), Some(SizeSpec::Shrink(1 << 30)));
        assert_eq!(
            parse_size("512MiB").ok(),
            Some(SizeSpec::Absolute(512 << 20))
        );
        assert_eq!(parse_size("4kb").ok(), Some(SizeSpec::Absolute(4096)));
        assert_eq!(parse_size("7B").ok(), Some(SizeSpec::Absolute(7)));
        assert_eq!(parse_size("1.5G").ok(), Some(SizeSpec::Absolute(3 << 29)));
        assert_eq!(parse_size("2T").ok(), Some(SizeSpec::Absolute(2 << 40)));
    }

    #[test]
    fn rejects_garbage() {
        for text in [
            "",
            "G",
            "+",
            "10X",
            "1.5",
            "1..5G",
            "iB",
            "5iB",
            "99999999999E",
            "1.G",
        ] {
            assert!(parse_size(text).is_err(), "{text} should be refused");
        }
    }
}
