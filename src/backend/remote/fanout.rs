//! One push, many clouds: a local image's data is read and verified once (size, md5 and
//! sha512, the bytes that would complete the image held back until the whole stream matched)
//! by one reader thread, which hands every chunk to one uploader per cloud through a bounded
//! channel of its own. The slowest cloud sets the pace (a full channel blocks the reader, so
//! memory stays at a few chunks whatever the size); a cloud that fails has its channel closed
//! and the others go on. Each cloud runs the single push's steps on its own thread with its own
//! catalog connection and task: the same-data rule, create, send, wait active, verify its
//! `os_hash_value`, members, protection, and the cleanup of its image on failure. A cloud that
//! needs the data once more (a 401 in the middle, or direct upload refused and glance-direct
//! used instead) reads it again on its own. The job's note shows every cloud's step.

use std::io::{self, Read};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::thread;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::backend::catalog::Catalog;
use crate::backend::integrity::Verdict;
use crate::backend::jobs::JobControl;
use crate::backend::model::{Image, ImageId};
use crate::backend::remote::error::{RemoteError, RemoteResult};
use crate::backend::remote::push::{
    PushOptions, PushOutcome, Started, check_pushable, finish_push, send_alone, start_push,
};
use crate::backend::remote::session::Session;
use crate::backend::remote::stream::{
    ChunkResult, ChunkSender, body_channel, put_body, read_chunk,
};
use crate::tr;

/// How often the job's note gathers the clouds' steps (and a cancel reaches them).
const WATCH_EVERY: Duration = Duration::from_millis(200);

/// What a push did on one cloud.
#[derive(Debug)]
pub struct CloudPush {
    /// The cloud's name.
    pub cloud: String,
    /// Its outcome: the remote image, verified (or linked), or why it failed.
    pub result: RemoteResult<PushOutcome>,
}

/// One cloud's end of the fan-out, as the reader sees it.
struct Lane {
    tx: ChunkSender,
    /// Chunks sent and not yet taken by the cloud's request body (0: it waits for data).
    queued: Arc<AtomicI64>,
}

/// The request body of one cloud. The receiver sits behind a lock held only while polled, so
/// the cloud's thread can close it once its request ended: a body that an HTTP connection
/// still holds (the server answered early) would otherwise never be read again, and the
/// reader would wait on that cloud forever.
struct LaneBody {
    rx: Arc<Mutex<Option<mpsc::Receiver<ChunkResult>>>>,
    queued: Arc<AtomicI64>,
    job: JobControl,
}

impl futures_util::Stream for LaneBody {
    type Item = ChunkResult;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<ChunkResult>> {
        let Ok(mut guard) = self.rx.lock() else {
            return Poll::Ready(Some(Err(io::Error::other("the fan-out failed"))));
        };
        let Some(rx) = guard.as_mut() else {
            return Poll::Ready(Some(Err(io::Error::other("the push to this cloud ended"))));
        };
        let polled = rx.poll_recv(cx);
        if let Poll::Ready(Some(item)) = &polled {
            self.queued.fetch_sub(1, Ordering::SeqCst);
            if let Ok(chunk) = item {
                self.job.add_done_bytes(chunk.len() as u64);
            }
        }
        polled
    }
}

/// Close a lane's receiver (idempotent): the reader stops sending to this cloud.
fn close(rx: &Mutex<Option<mpsc::Receiver<ChunkResult>>>) {
    if let Ok(mut guard) = rx.lock() {
        guard.take();
    }
}

/// Push local image `image_id` to every session's cloud in one pass over its data. An error
/// before any cloud is tried (the image is missing or not pushable) is the `Err`; otherwise
/// every cloud has its [`CloudPush`], in the order given (a cloud named twice is pushed once).
pub fn push_many(
    catalog: &Catalog,
    sessions: &[Arc<Session>],
    image_id: ImageId,
    options: &PushOptions,
    job: &JobControl,
) -> RemoteResult<Vec<CloudPush>> {
    let image = catalog.image(image_id)?;
    check_pushable(catalog, &image)?;
    let mut seen = std::collections::HashSet::new();
    let sessions: Vec<&Arc<Session>> = sessions
        .iter()
        .filter(|s| seen.insert(s.cloud().name.clone()))
        .collect();
    let size_bytes = image.size_bytes.unwrap_or(0);
    job.set_total_bytes(size_bytes);
    job.set_done_bytes(0);
    // A catalog connection per cloud thread: one connection is never shared between threads.
    let catalogs = sessions
        .iter()
        .map(|_| catalog.reopen())
        .collect::<Result<Vec<_>, _>>()?;
    let (reader, verdict) = catalog.open_verified(&image)?;
    let link_lock = Mutex::new(());
    // Set once the reader has handed out everything (or stopped): a cloud with nothing
    // queued is then no longer waiting for the others.
    let read_all = AtomicBool::new(false);
    let mut lanes = Vec::new();
    let mut bodies = Vec::new();
    let mut controls = Vec::new();
    for _ in &sessions {
        let (tx, rx) = body_channel();
        let queued = Arc::new(AtomicI64::new(0));
        let control = JobControl::new();
        control.set_total_bytes(size_bytes);
        lanes.push(Lane {
            tx,
            queued: queued.clone(),
        });
        bodies.push(LaneBody {
            rx: Arc::new(Mutex::new(Some(rx))),
            queued,
            job: control.clone(),
        });
        controls.push(control);
    }
    let names: Vec<String> = sessions.iter().map(|s| s.cloud().name.clone()).collect();
    let (image, verdict, link_lock, read_all) = (&image, &verdict, &link_lock, &read_all);
    let results = thread::scope(|scope| {
        let mut uploaders = Vec::new();
        for (((session, cloud_catalog), body), control) in
            sessions.iter().zip(catalogs).zip(bodies).zip(&controls)
        {
            let rx = body.rx.clone();
            let spawned = thread::Builder::new()
                .name("push-cloud".into())
                .spawn_scoped(scope, move || {
                    let result = push_lane(
                        &cloud_catalog,
                        session,
                        image,
                        options,
                        control,
                        body,
                        verdict,
                        link_lock,
                        read_all,
                    );
                    control.set_note(&match &result {
                        Ok(outcome) if outcome.linked => {
                            tr!("rlib-lane-linked", id = outcome.remote.id())
                        }
                        Ok(outcome) => tr!("rlib-lane-verified", id = outcome.remote.id()),
                        Err(e) => tr!("rlib-lane-failed", error = e.to_string()),
                    });
                    result
                });
            uploaders.push(spawned.map_err(|e| {
                close(&rx);
                RemoteError::io("cannot start a push thread", "thread", e)
            }));
        }
        let fanned = thread::Builder::new()
            .name("push-reader".into())
            .spawn_scoped(scope, move || {
                fan_out(reader, lanes, job);
                read_all.store(true, Ordering::SeqCst);
            });
        if fanned.is_err() {
            // Nobody feeds the clouds: they end as cancelled, and say why below.
            controls.iter().for_each(JobControl::cancel);
        }
        loop {
            if job.is_cancelled() {
                controls.iter().for_each(JobControl::cancel);
            }
            let note: Vec<String> = names
                .iter()
                .zip(&controls)
                .map(|(cloud, control)| tr!("rlib-lane-note", cloud = cloud, note = control.note()))
                .collect();
            job.set_note(&note.join(" | "));
            let running = uploaders
                .iter()
                .any(|u| u.as_ref().is_ok_and(|h| !h.is_finished()));
            if !running {
                break;
            }
            thread::sleep(WATCH_EVERY);
        }
        let reader_failed = match fanned {
            Ok(handle) => handle.join().is_err(),
            Err(_) => true,
        };
        uploaders
            .into_iter()
            .zip(&names)
            .map(|(uploader, cloud)| {
                let result = uploader.and_then(|handle| {
                    handle.join().unwrap_or_else(|_| {
                        Err(RemoteError::Protocol {
                            context: tr!("rlib-context-push-to", cloud = cloud),
                            problem: tr!("rlib-problem-thread-failed"),
                        })
                    })
                });
                let result = match result {
                    Err(RemoteError::Cancelled(_)) if reader_failed && !job.is_cancelled() => {
                        Err(RemoteError::Protocol {
                            context: tr!("rlib-context-push-to", cloud = cloud),
                            problem: tr!("rlib-problem-reader-thread"),
                        })
                    }
                    other => other,
                };
                CloudPush {
                    cloud: cloud.clone(),
                    result,
                }
            })
            .collect()
    });
    Ok(results)
}

/// Read the data once and hand every chunk to each cloud still taking it; a read error
/// (including the verifying reader's mismatch, before the last bytes) is passed to all.
fn fan_out(mut reader: impl Read, mut lanes: Vec<Lane>, job: &JobControl) {
    loop {
        if job.is_cancelled() {
            for lane in &lanes {
                let _ = lane.tx.blocking_send(Err(io::Error::other("cancelled")));
            }
            return;
        }
        let chunk = match read_chunk(&mut reader) {
            Ok(Some(chunk)) => chunk,
            Ok(None) => return,
            Err(e) => {
                for lane in &lanes {
                    let _ = lane
                        .tx
                        .blocking_send(Err(io::Error::new(e.kind(), e.to_string())));
                }
                return;
            }
        };
        let filled = chunk.len();
        // Blocks on the slowest cloud (backpressure); a closed lane is a cloud that stopped.
        lanes.retain(|lane| {
            lane.queued.fetch_add(1, Ordering::SeqCst);
            let sent = lane.tx.blocking_send(Ok(chunk.clone())).is_ok();
            if !sent {
                lane.queued.fetch_sub(1, Ordering::SeqCst);
            }
            sent
        });
        job.add_done_bytes(filled as u64);
        if lanes.is_empty() {
            return;
        }
    }
}

/// One cloud's push, its first send taken from the shared stream.
#[allow(
    clippy::too_many_arguments,
    reason = "the lane's parts, each used; a struct would only rename them"
)]
fn push_lane(
    catalog: &Catalog,
    session: &Session,
    image: &Image,
    options: &PushOptions,
    job: &JobControl,
    body: LaneBody,
    verdict: &Verdict,
    link_lock: &Mutex<()>,
    read_all: &AtomicBool,
) -> RemoteResult<PushOutcome> {
    let rx = body.rx.clone();
    let queued = body.queued.clone();
    let (task, remote_id) = match start_push(catalog, session, image, options, job, Some(link_lock))
    {
        Ok(Started::Created { task, remote_id }) => (*task, remote_id),
        Ok(Started::Linked(outcome)) => {
            close(&rx);
            return Ok(outcome);
        }
        Err(e) => {
            close(&rx);
            return Err(e);
        }
    };
    let size_bytes = image.size_bytes.unwrap_or(0);
    let mut shared = Some(body);
    let mut send = |path: &str| -> RemoteResult<()> {
        let Some(body) = shared.take() else {
            // A second send (glance-direct after a refused upload): the data once more.
            return send_alone(catalog, session, image, path, job);
        };
        // Waiting for data another cloud is late with is not this cloud's stall.
        let idle = || queued.load(Ordering::SeqCst) <= 0 && !read_all.load(Ordering::SeqCst);
        let sent = put_body(session, path, size_bytes, body, job, &idle);
        close(&rx);
        // A mismatch the reader met explains a stream that ended early.
        catalog.settle_verified(image, verdict, "push")?;
        match sent {
            Err(e) if e.status() == Some(401) => {
                session.authenticate()?;
                send_alone(catalog, session, image, path, job)
            }
            other => other,
        }
    };
    let result = finish_push(
        catalog, session, image, &remote_id, options, task, job, &mut send,
    );
    close(&rx);
    result
}
