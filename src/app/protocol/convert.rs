//! The conversion family of the protocol: [`ConvertCommand`] (convert, blank, resize, check,
//! measure, a form's source facts, qemu-img's version) and [`ConvertReply`], with the values
//! they carry.

use crate::app::protocol::job::JobId;
use crate::backend::convert::ConvertSpec;
use crate::backend::{Image, ImageId, JobControl};
use crate::convert::qemu_img::{CheckReport, ImageInfo, MeasureReport, Target};

/// What a form knows about its source image once the bridge has looked.
#[derive(Debug, Clone)]
pub struct SourceFacts {
    /// The image as stored.
    pub image: Image,
    /// qemu-img's view of its data (`qemu-img info`, run with an explicit `-f`).
    pub info: ImageInfo,
    /// The native inspector's one-line description.
    pub inspection: String,
}

/// An order from the conversion forms.
#[derive(Debug)]
pub enum ConvertCommand {
    /// Inspect an image and ask qemu-img about it (for a form's source line, resize sizes and
    /// the details panel); refusals (not active, unsafe, mislabelled) come back as the message.
    Source(ImageId),
    /// `qemu-img measure` of an image for a target.
    Measure {
        /// Which measurement this is (older answers are ignored).
        request: u64,
        /// The source image.
        image_id: ImageId,
        /// The target format and options.
        target: Target,
    },
    /// Convert into a new image, as a job.
    Convert {
        /// The job.
        job_id: JobId,
        /// What to convert and how.
        spec: Box<ConvertSpec>,
        /// Progress and cancel.
        control: JobControl,
    },
    /// Create a blank image (qemu-img create cannot be cancelled, so it is not a job).
    CreateBlank {
        /// The new image's name.
        name: String,
        /// Its virtual size.
        size_bytes: u64,
        /// Its format and options.
        target: Target,
    },
    /// Make a resized copy of an image, as a job.
    Resize {
        /// The job.
        job_id: JobId,
        /// The image.
        image_id: ImageId,
        /// The new virtual size.
        size_bytes: u64,
        /// Shrinking was confirmed.
        allow_shrink: bool,
        /// The new image's name.
        name: String,
        /// Progress and cancel.
        control: JobControl,
    },
    /// `qemu-img check` of an image.
    Check(ImageId),
    /// Whether an image with this name exists already (a form warns before it makes a
    /// second image with one name, which the CLI then finds ambiguous).
    NameTaken(String),
    /// Which qemu-img is used, and its version (for the About window).
    Version,
}

/// What a finished conversion reported.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The job.
    pub job_id: JobId,
    /// The new image.
    pub image_id: ImageId,
    /// Its name.
    pub name: String,
    /// Whether `qemu-img compare` found it identical to the source (false: not run).
    pub verified: bool,
    /// The lineage description of the options.
    pub options: String,
    /// The output's size.
    pub output_bytes: u64,
}

/// An answer for the conversion forms.
#[derive(Debug)]
pub enum ConvertReply {
    /// Facts about a source, or why it cannot be read.
    Source(ImageId, Result<Box<SourceFacts>, String>),
    /// A measurement.
    Measured {
        /// The request it answers.
        request: u64,
        /// The sizes, or the library's message.
        result: Result<MeasureReport, String>,
    },
    /// A conversion made a new image.
    Converted(Converted),
    /// A blank image was made, or why not.
    Created(Result<Box<Image>, String>),
    /// A resize job made a new image.
    Resized {
        /// The job.
        job_id: JobId,
        /// The new image.
        image_id: ImageId,
    },
    /// A check ended.
    Checked {
        /// The image checked.
        image_id: ImageId,
        /// Its label (empty when it could not be read).
        label: String,
        /// qemu-img's summary, or the library's message.
        result: Result<CheckReport, String>,
    },
    /// qemu-img's version and path ("10.0.0 (/usr/bin/qemu-img)"), or why none is usable.
    Version(Result<String, String>),
    /// Whether the name asked about is used by an image.
    NameTaken {
        /// The name.
        name: String,
        /// Used by at least one image (not deleted).
        taken: bool,
    },
}
