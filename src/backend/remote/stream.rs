//! Moving image data over HTTP: a streaming request body fed from a file or another
//! transfer (with progress, cancel and a stall watchdog), and a download loop that hands
//! every chunk to a sink and to a hashing thread, with `Range` for resuming.

use std::io::{self, Read, Write};
use std::sync::mpsc as std_mpsc;
use std::thread;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, RANGE};
use reqwest::{Method, StatusCode};
use tokio::sync::mpsc;

use crate::backend::jobs::JobControl;
use crate::backend::remote::error::{RemoteError, RemoteResult};
use crate::backend::remote::session::{Session, elapsed_ms, http_error, map_reqwest, send_logged};
use crate::logs::redact_url;
use crate::store::digest::{Sha512, StreamDigest};

/// Bytes per chunk read from a file for an upload.
pub const CHUNK_BYTES: usize = 1 << 20;
/// Received data is handed on in buffers of this size.
pub const GATHER_BYTES: usize = 4 << 20;
/// A transfer that makes no progress for this long is abandoned.
pub const STALL_TIMEOUT: Duration = Duration::from_secs(120);

/// A chunk of a body stream, or the reason the stream ended early.
pub type ChunkResult = Result<Bytes, io::Error>;

/// The sending half of a body stream.
pub type ChunkSender = mpsc::Sender<ChunkResult>;

/// A body channel: feed the sender from any thread with `blocking_send`.
pub fn body_channel() -> (ChunkSender, mpsc::Receiver<ChunkResult>) {
    mpsc::channel(8)
}

/// Feed `reader` into `tx` in 1 MiB chunks on a named thread, counting progress on `job` and
/// ending the stream with an error when the job is cancelled.
pub fn feed_from_reader(
    mut reader: Box<dyn Read + Send>,
    tx: ChunkSender,
    job: JobControl,
) -> RemoteResult<thread::JoinHandle<()>> {
    thread::Builder::new()
        .name("upload-reader".into())
        .spawn(move || {
            loop {
                if job.is_cancelled() {
                    let _ = tx.blocking_send(Err(io::Error::other("cancelled")));
                    return;
                }
                let chunk = match read_chunk(&mut reader) {
                    Ok(Some(chunk)) => chunk,
                    Ok(None) => return,
                    Err(e) => {
                        let _ = tx.blocking_send(Err(e));
                        return;
                    }
                };
                let filled = chunk.len() as u64;
                if tx.blocking_send(Ok(chunk)).is_err() {
                    return;
                }
                job.add_done_bytes(filled);
            }
        })
        .map_err(|e| RemoteError::io("cannot start the upload reader", "thread", e))
}

/// The next chunk of up to [`CHUNK_BYTES`] from `reader` (filled as far as the reader goes,
/// so the HTTP body is sent in large pieces), or None at its end.
pub(crate) fn read_chunk(reader: &mut impl Read) -> io::Result<Option<Bytes>> {
    let mut buf = vec![0u8; CHUNK_BYTES];
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    if filled == 0 {
        return Ok(None);
    }
    buf.truncate(filled);
    Ok(Some(Bytes::from(buf)))
}

/// PUT a streamed body of `size_bytes` to `path` (`images/{id}/file` or `…/stage`) with
/// `x-openstack-image-size`. The token was renewed by the caller just before. Stalls longer
/// than [`STALL_TIMEOUT`] and cancels end the request.
pub fn put_stream(
    session: &Session,
    path: &str,
    size_bytes: u64,
    body: mpsc::Receiver<ChunkResult>,
    job: &JobControl,
) -> RemoteResult<()> {
    let stream = futures_util::stream::unfold(body, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    put_body(session, path, size_bytes, stream, job, &|| false)
}

/// [`put_stream`] with any body stream. `idle` says the body is waiting for data that
/// somebody else is late with (a fan-out whose slowest cloud sets the pace): the stall
/// watchdog counts only time this transfer itself makes no progress.
pub fn put_body<S>(
    session: &Session,
    path: &str,
    size_bytes: u64,
    stream: S,
    job: &JobControl,
    idle: &dyn Fn() -> bool,
) -> RemoteResult<()>
where
    S: futures_util::Stream<Item = ChunkResult> + Send + 'static,
{
    let url = session.url(path)?;
    let context = session.context(&Method::PUT, &url);
    let request = session
        .authed(Method::PUT, &url)?
        .header(CONTENT_TYPE, "application/octet-stream")
        .header(CONTENT_LENGTH, size_bytes)
        .header("x-openstack-image-size", size_bytes)
        .body(reqwest::Body::wrap_stream(stream));
    let started = Instant::now();
    let outcome = session.block_on(async {
        let mut send = Box::pin(send_logged(request, &context));
        let mut last_done = job.done_bytes();
        let mut last_change = Instant::now();
        loop {
            match tokio::time::timeout(Duration::from_millis(500), &mut send).await {
                Ok(result) => return result,
                Err(_) => {
                    let done = job.done_bytes();
                    if done != last_done || idle() {
                        last_done = done;
                        last_change = Instant::now();
                    } else if job.is_cancelled() {
                        return Err(RemoteError::Cancelled(context.clone()));
                    } else if last_change.elapsed() > STALL_TIMEOUT {
                        return Err(RemoteError::Timeout {
                            context: context.clone(),
                            url: url.clone(),
                            seconds: STALL_TIMEOUT.as_secs(),
                        });
                    }
                }
            }
        }
    });
    let response = match outcome {
        Ok(response) => response,
        Err(e) if job.is_cancelled() || matches!(e, RemoteError::Timeout { .. }) => {
            // A cancel or a stall drops the request before it is answered: say so here.
            tracing::info!(
                method = "PUT",
                url = %redact_url(&url),
                elapsed_ms = elapsed_ms(started),
                bytes = job.done_bytes(),
                reason = ?e.to_string(),
                "HTTP upload abandoned"
            );
            if job.is_cancelled() {
                return Err(RemoteError::Cancelled(context));
            }
            return Err(e);
        }
        Err(e) => return Err(e),
    };
    let status = response.status();
    if status.is_success() {
        tracing::info!(
            url = %redact_url(&url),
            bytes = size_bytes,
            elapsed_ms = elapsed_ms(started),
            "upload sent"
        );
        return Ok(());
    }
    let text = session.block_on(response.text()).unwrap_or_default();
    Err(http_error(&context, status, &text))
}

/// Gather buffers handed back by the hasher once hashed, so a transfer reuses a few
/// buffers instead of allocating (and faulting in) a fresh one for every 4 MiB.
#[derive(Debug)]
pub struct BufferPool {
    tx: std_mpsc::SyncSender<BytesMut>,
    rx: std::sync::Mutex<std_mpsc::Receiver<BytesMut>>,
}

impl Default for BufferPool {
    fn default() -> Self {
        let (tx, rx) = std_mpsc::sync_channel(8);
        BufferPool {
            tx,
            rx: std::sync::Mutex::new(rx),
        }
    }
}

impl BufferPool {
    /// An empty buffer of [`GATHER_BYTES`] capacity: a recycled one, else a new one.
    pub fn take(&self) -> BytesMut {
        self.rx
            .lock()
            .ok()
            .and_then(|rx| rx.try_recv().ok())
            .unwrap_or_else(|| BytesMut::with_capacity(GATHER_BYTES))
    }

    /// Where finished buffers go back to.
    pub fn recycler(&self) -> std_mpsc::SyncSender<BytesMut> {
        self.tx.clone()
    }
}

/// Give `chunk`'s buffer back when this was its last user.
fn recycle(chunk: Bytes, to: &std_mpsc::SyncSender<BytesMut>) {
    if let Ok(mut buffer) = chunk.try_into_mut()
        && buffer.capacity() >= GATHER_BYTES
    {
        buffer.clear();
        let _ = to.try_send(buffer);
    }
}

/// The digest computed while data passed. Glance's md5 `checksum` is not recomputed: once the
/// sha512 matches the remote `os_hash_value`, the data is the data the remote md5 describes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamDigests {
    /// sha512, hex.
    pub sha512_hex: String,
    /// Bytes hashed.
    pub size_bytes: u64,
}

/// A sha512 thread fed with chunks.
pub struct Hasher {
    tx: Option<std_mpsc::SyncSender<Bytes>>,
    worker: Option<thread::JoinHandle<StreamDigests>>,
}

impl Hasher {
    /// Start the thread; hashed buffers go back to `recycle` when given.
    pub fn start(recycle_to: Option<std_mpsc::SyncSender<BytesMut>>) -> RemoteResult<Self> {
        let (tx, rx) = std_mpsc::sync_channel::<Bytes>(4);
        let worker = thread::Builder::new()
            .name("remote-hash".into())
            .spawn(move || {
                let mut sha = Sha512::new();
                let mut size_bytes = 0u64;
                for chunk in rx {
                    sha.update(&chunk);
                    size_bytes += chunk.len() as u64;
                    if let Some(to) = &recycle_to {
                        recycle(chunk, to);
                    }
                }
                StreamDigests {
                    sha512_hex: sha.finish_hex(),
                    size_bytes,
                }
            })
            .map_err(|e| RemoteError::io("cannot start the hashing thread", "thread", e))?;
        Ok(Hasher {
            tx: Some(tx),
            worker: Some(worker),
        })
    }

    /// Hash a chunk (the thread works while the caller receives the next one).
    pub fn feed(&self, chunk: Bytes) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(chunk);
        }
    }

    /// Hash everything `reader` yields (a partial file being resumed); returns its length.
    pub fn feed_reader(
        &self,
        reader: &mut dyn Read,
        sink: &mut dyn Write,
        job: &JobControl,
    ) -> io::Result<u64> {
        let mut total = 0;
        loop {
            let mut buf = vec![0u8; 4 * CHUNK_BYTES];
            let n = reader.read(&mut buf)?;
            if n == 0 {
                return Ok(total);
            }
            buf.truncate(n);
            sink.write_all(&buf)?;
            total += n as u64;
            job.add_done_bytes(n as u64);
            self.feed(Bytes::from(buf));
        }
    }

    /// Wait for the digests.
    pub fn finish(mut self) -> RemoteResult<StreamDigests> {
        drop(self.tx.take());
        self.worker
            .take()
            .and_then(|w| w.join().ok())
            .ok_or_else(|| RemoteError::Protocol {
                context: "hashing".into(),
                problem: "the hashing thread failed".into(),
            })
    }
}

impl Drop for Hasher {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// Download `images/{id}/file` from byte `offset` on, handing each chunk to `on_chunk` (which
/// writes and hashes it). Returns the bytes received. A server that ignores `Range` (200 to
/// a ranged request) is an error the caller answers by starting over.
pub fn download(
    session: &Session,
    image_id: &str,
    offset: u64,
    job: &JobControl,
    pool: &BufferPool,
    on_chunk: &mut dyn FnMut(Bytes) -> io::Result<()>,
) -> RemoteResult<u64> {
    let url = session.url(&format!("images/{image_id}/file"))?;
    let context = session.context(&Method::GET, &url);
    let started = Instant::now();
    let mut reauthenticated = false;
    let mut response = loop {
        let mut request = session.authed(Method::GET, &url)?;
        if offset > 0 {
            request = request.header(RANGE, format!("bytes={offset}-"));
        }
        let response = session.block_on(send_logged(request, &context))?;
        // A token revoked or expired meanwhile: authenticate once more and ask again.
        if response.status() == StatusCode::UNAUTHORIZED && !reauthenticated {
            reauthenticated = true;
            session.authenticate()?;
            continue;
        }
        break response;
    };
    session.block_on(async {
        let status = response.status();
        if !status.is_success() {
            let text = response.text().await.unwrap_or_default();
            return Err(http_error(&context, status, &text));
        }
        if offset > 0 && status != StatusCode::PARTIAL_CONTENT {
            return Err(RemoteError::Protocol {
                context: context.clone(),
                problem: format!("asked for bytes {offset}- but got HTTP {status}"),
            });
        }
        let mut received = 0u64;
        // Network reads come in small pieces; they are gathered into CHUNK_BYTES-sized
        // buffers so the sink writes, and the hasher wakes, once per buffer.
        let mut pending = pool.take();
        let mut hand_over = |pending: &mut BytesMut, received: u64| {
            let chunk = std::mem::replace(pending, pool.take()).freeze();
            on_chunk(chunk)
                .map_err(|e| RemoteError::io("cannot write received data", &context, e))?;
            job.set_done_bytes(offset + received);
            Ok::<_, RemoteError>(())
        };
        loop {
            if job.is_cancelled() {
                return Err(RemoteError::Cancelled(context.clone()));
            }
            let next = tokio::time::timeout(STALL_TIMEOUT, response.chunk()).await;
            let chunk = match next {
                Err(_) => {
                    return Err(RemoteError::Timeout {
                        context: context.clone(),
                        url: url.clone(),
                        seconds: STALL_TIMEOUT.as_secs(),
                    });
                }
                Ok(Err(e)) => return Err(map_reqwest(&context, &url, e)),
                Ok(Ok(None)) => {
                    if !pending.is_empty() {
                        hand_over(&mut pending, received)?;
                    }
                    tracing::info!(
                        url = %redact_url(&url),
                        offset,
                        bytes = received,
                        elapsed_ms = elapsed_ms(started),
                        "download received"
                    );
                    return Ok(received);
                }
                Ok(Ok(Some(chunk))) => chunk,
            };
            let mut rest = &chunk[..];
            while !rest.is_empty() {
                let take = rest.len().min(GATHER_BYTES - pending.len());
                pending.extend_from_slice(&rest[..take]);
                rest = &rest[take..];
                received += take as u64;
                if pending.len() >= GATHER_BYTES {
                    hand_over(&mut pending, received)?;
                }
            }
        }
    })
}
