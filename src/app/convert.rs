//! Conversion, blank images, resize, check and measure as the service runs them: the commands
//! a front end sends, the replies it gets, and their handler. Everything that runs qemu-img
//! runs off the service thread: quick calls (qemu-img info for a form's source, measure,
//! check, create) on a short-lived thread with its own catalog connection, conversions and
//! resizes as jobs with a [`JobControl`] (progress and cancel).

use crate::app::jobs::{EventSink, spawn, spawn_job};
use crate::app::protocol::Event;
use crate::app::protocol::convert::{ConvertCommand, ConvertReply, Converted, SourceFacts};
use crate::backend::convert::SourceRef;
use crate::backend::{Catalog, ImageId};
use crate::convert::qemu_img::{QemuImg, SizeSpec};
use crate::format;
use crate::i18n::errors::Shown;
use crate::tr;

fn send(sink: &EventSink, reply: ConvertReply) {
    sink(Event::Convert(Box::new(reply)));
}

/// Run `work` on a short-lived thread with its own catalog connection and send its reply.
fn background(
    catalog: &Catalog,
    sink: &EventSink,
    work: impl FnOnce(Result<&Catalog, String>) -> ConvertReply + Send + 'static,
) {
    let reopened = catalog.reopen().map_err(|e| e.shown());
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
        inspection: prepared.inspection.described(),
    })
}

/// Handle one command on the worker thread (nothing here waits for qemu-img).
pub(crate) fn handle(catalog: &Catalog, command: ConvertCommand, sink: &EventSink) {
    match command {
        ConvertCommand::Source(image_id) => background(catalog, sink, move |catalog| {
            let result = catalog.and_then(|c| {
                source_facts(c, image_id)
                    .map(Box::new)
                    .map_err(|e| e.shown())
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
                    .map_err(|e| e.shown())
            }),
        }),
        ConvertCommand::Version => {
            let thread_sink = sink.clone();
            spawn(sink, "qemu-img", move || {
                let found = QemuImg::locate()
                    .map(|q| format!("{} ({})", q.version(), q.program().display()))
                    .map_err(|e| e.shown());
                send(&thread_sink, ConvertReply::Version(found));
            });
        }
        ConvertCommand::NameTaken(name) => background(catalog, sink, move |catalog| {
            let query = crate::backend::ListQuery {
                name: Some(name.clone()),
                limit: Some(1),
                ..crate::backend::ListQuery::default()
            };
            // A failed lookup warns nobody: the name is checked again when typed again.
            let taken = catalog
                .ok()
                .and_then(|c| c.list_ids(&query).ok())
                .is_some_and(|ids| !ids.is_empty());
            ConvertReply::NameTaken { name, taken }
        }),
        ConvertCommand::Check(image_id) => background(catalog, sink, move |catalog| {
            let label = catalog
                .as_ref()
                .ok()
                .and_then(|c| c.image(image_id).ok())
                .map(|i| i.label())
                .unwrap_or_default();
            let result = catalog.and_then(|c| c.check_image(image_id).map_err(|e| e.shown()));
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
                    return Ok(tr!("app-converted-file", options = outcome.options));
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
                let name = image.label();
                let size = format::bytes_exact(outcome.output_bytes);
                Ok(if outcome.verified {
                    tr!(
                        "app-converted-verified",
                        name = name,
                        options = outcome.options,
                        size = size
                    )
                } else {
                    tr!(
                        "app-converted-not-verified",
                        name = name,
                        options = outcome.options,
                        size = size
                    )
                })
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
                    .map_err(|e| e.shown())
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
                Ok(tr!(
                    "app-resized",
                    name = image.label(),
                    size = format::bytes_exact(size_bytes)
                ))
            },
        ),
    }
}
