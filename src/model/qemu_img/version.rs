//! qemu-img versions: parsing `qemu-img --version` and the minimum the driver accepts.

use std::fmt;

/// The oldest qemu-img the driver accepts: 5.2.
///
/// Why 5.2: it is the first release that opens qcow2 images with `extended_l2` (incompatible
/// feature bit 4), which the workbench's inspector accepts where oslo's falsely rejects them, and
/// the first stable release with qcow2 `compression_type=zstd` (added in 5.1). Everything else
/// the driver uses is older (`convert -W` and `measure` 2.10, `resize --shrink` 2.11,
/// `compare`/`check --output=json` 1.x/2.x). Debian 11 ships 5.2, Ubuntu 22.04 ships 6.2.
pub const MINIMUM_VERSION: QemuVersion = QemuVersion {
    major: 5,
    minor: 2,
    micro: 0,
};

/// A qemu release number, `major.minor.micro`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QemuVersion {
    /// Major release (10 in 10.0.2).
    pub major: u32,
    /// Minor release (0 in 10.0.2).
    pub minor: u32,
    /// Micro release (2 in 10.0.2); 0 when absent.
    pub micro: u32,
}

impl QemuVersion {
    /// Parse the output of `qemu-img --version`, e.g.
    /// `qemu-img version 10.0.2 (Debian 1:10.0.2+ds-2)` or the older
    /// `qemu-img version 2.11.1(Debian 1:2.11+dfsg-1ubuntu7)`. Only the first line matters.
    pub fn parse_version_output(output: &str) -> Option<Self> {
        let first_line = output.lines().next()?;
        let rest = first_line.split_once("version")?.1.trim_start();
        let number: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let mut parts = number.split('.').filter(|part| !part.is_empty());
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        let micro = match parts.next() {
            Some(micro) => micro.parse().ok()?,
            None => 0,
        };
        Some(Self {
            major,
            minor,
            micro,
        })
    }

    /// Whether this version is at least [`MINIMUM_VERSION`].
    pub fn is_supported(self) -> bool {
        self >= MINIMUM_VERSION
    }
}

impl fmt::Display for QemuVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.micro)
    }
}
