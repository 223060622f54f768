//! Conversion, blank images, resize, check and measure as the service runs them: the commands
//! a front end sends, the replies it gets, and their handler. Everything that runs qemu-img
//! runs off the service thread: quick calls (qemu-img info for a form's source, measure,
//! check, create) on a short-lived thread with its own catalog connection, conversions and
//! resizes as jobs with a [`JobControl`] (progress and cancel).

use crate::app::jobs::{EventSink, spawn, spawn_job};
use crate::app::protocol::{Event, JobId};
use crate::backend::convert::{ConvertSpec, SourceRef};
use crate::backend::{Catalog, Image, ImageId, JobControl};
use crate::convert::qemu_img::{CheckReport, ImageInfo, MeasureReport, SizeSpec, Target};
use crate::format;

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
}

fn send(sink: &EventSink, reply: ConvertReply) {
    sink(Event::Convert(Box::new(reply)));
}

/// Run `work` on a short-lived thread with its own catalog connection and send its reply.
fn background(
    catalog: &Catalog,
    sink: &EventSink,
    work: impl FnOnce(Result<&Catalog, String>) -> ConvertReply + Send + 'static,
) {
    let reopened = catalog.reopen().map_err(|e| e.to_string());
    let thread_sink = sink.clone();
    spawn(sink, "qemu-img", move || {
        let reply = work(reopened.as_ref().map_err(Clone::clone));
        send(&thread_sink, reply);
    });
}

fn source_facts(catalog: &Catalog, image_id: ImageId) -> crate::backend::Result<SourceFacts> {
    let (prepared, info) = catalog.qemu_info(&SourceRef::Image(image_id))?;
    let image = match prepared.image {
        Some(image) => image,
        None => catalog.image(image_id)?,
    };
    Ok(SourceFacts {
        image,
        info,
        inspection: prepared.inspection.describe(),
    })
}

/// Handle one command on the worker thread (nothing here waits for qemu-img).
pub(crate) fn handle(catalog: &Catalog, command: ConvertCommand, sink: &EventSink) {
    match command {
        ConvertCommand::Source(image_id) => background(catalog, sink, move |catalog| {
            let result = catalog.and_then(|c| {
                source_facts(c, image_id)
                    .map(Box::new)
                    .map_err(|e| e.to_string())
            });
            ConvertReply::Source(image_id, result)
        }),
        ConvertCommand::Measure {
            request,
            image_id,
            target,
        } => background(catalog, sink, move |catalog| ConvertReply::Measured {
            request,
            result: catalog.and_then(|c| {
                c.measure(&SourceRef::Image(image_id), &target)
                    .map_err(|e| e.to_string())
            }),
        }),
        ConvertCommand::Check(image_id) => background(catalog, sink, move |catalog| {
            let label = catalog
                .as_ref()
                .ok()
                .and_then(|c| c.image(image_id).ok())
                .map(|i| i.label())
                .unwrap_or_default();
            let result = catalog.and_then(|c| c.check_image(image_id).map_err(|e| e.to_string()));
            ConvertReply::Checked {
                image_id,
                label,
                result,
            }
        }),
        ConvertCommand::Convert {
            job_id,
            spec,
            control,
        } => spawn_job(
            catalog,
            job_id,
            "convert",
            sink,
            move |catalog, sink| -> crate::backend::Result<String> {
                let outcome = catalog.convert(&spec, &control)?;
                let Some(image) = outcome.image else {
                    return Ok(format!("converted ({})", outcome.options));
                };
                sink(Event::JobImage(job_id, image.id));
                send(
                    sink,
                    ConvertReply::Converted(Converted {
                        job_id,
                        image_id: image.id,
                        name: image.label(),
                        verified: outcome.verified,
                        options: outcome.options.clone(),
                        output_bytes: outcome.output_bytes,
                    }),
                );
                Ok(format!(
                    "converted to \"{}\" ({}, {}){}",
                    image.label(),
                    outcome.options,
                    format::bytes_exact(outcome.output_bytes),
                    if outcome.verified {
                        "; verified identical by qemu-img compare"
                    } else {
                        "; not verified"
                    }
                ))
            },
        ),
        ConvertCommand::CreateBlank {
            name,
            size_bytes,
            target,
        } => background(catalog, sink, move |catalog| {
            let result = catalog.and_then(|c| {
                c.create_blank(&name, size_bytes, &target)
                    .map(Box::new)
                    .map_err(|e| e.to_string())
            });
            ConvertReply::Created(result)
        }),
        ConvertCommand::Resize {
            job_id,
            image_id,
            size_bytes,
            allow_shrink,
            name,
            control,
        } => spawn_job(
            catalog,
            job_id,
            "resize",
            sink,
            move |catalog, sink| -> crate::backend::Result<String> {
                let image = catalog.resize_image(
                    image_id,
                    SizeSpec::Absolute(size_bytes),
                    allow_shrink,
                    Some(name),
                    &control,
                )?;
                sink(Event::JobImage(job_id, image.id));
                send(
                    sink,
                    ConvertReply::Resized {
                        job_id,
                        image_id: image.id,
                    },
                );
                Ok(format!(
                    "resized into \"{}\" (virtual size {})",
                    image.label(),
                    format::bytes_exact(size_bytes)
                ))
            },
        ),
    }
}
