//! qemu-img's vocabulary: the formats it names (`-f`/`-O`), its release numbers and the
//! driver's error type. The driver itself (running qemu-img, staging outputs, parsing reports,
//! target options) is `convert::qemu_img`, which re-exports these under their old paths.

mod error;
mod format;
mod version;

pub use error::{QemuImgError, Result};
pub use format::QemuFormat;
pub use version::{MINIMUM_VERSION, QemuVersion};
