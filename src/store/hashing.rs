//! One pass over a stream that writes it and computes Glance's two digests at once: md5 (the
//! legacy `checksum`) and sha512 (`os_hash_value`), each on its own thread, over shared
//! read-only buffers that are recycled rather than copied. Progress and cancellation go
//! through a [`JobControl`].

use std::io::{self, Read, Write};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread;

use crate::model::jobs::JobControl;
use crate::store::digest::{Md5, Sha512, StreamDigest};
use crate::store::direct::AlignedBuf;

/// Size of each buffer in the pipeline.
pub const CHUNK_BYTES: usize = 4 << 20;
/// Buffers in flight: one being read, one being written, two being hashed.
const BUFFERS: usize = 4;

/// The digests and length of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digests {
    /// md5, lower-case hex.
    pub md5_hex: String,
    /// sha512, lower-case hex.
    pub sha512_hex: String,
    /// Bytes seen.
    pub size_bytes: u64,
}

/// Why a hashing copy stopped.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// Reading the source failed.
    #[error("reading failed: {0}")]
    Read(io::Error),
    /// Writing the destination failed.
    #[error("writing failed: {0}")]
    Write(io::Error),
    /// The job was cancelled.
    #[error("cancelled")]
    Cancelled,
    /// A hashing thread died.
    #[error("a hashing thread failed")]
    Thread,
}

/// Fill `buf` as far as the reader allows; returns the bytes read (0 only at end of stream).
fn read_full(reader: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// A filled buffer (aligned, so a direct-I/O writer takes it without copying) and its length.
type Chunk = Arc<(AlignedBuf, usize)>;

fn hasher_thread<D: StreamDigest>(chunks: Receiver<Chunk>, recycle: SyncSender<Chunk>) -> String {
    let mut digest = D::new();
    for chunk in chunks {
        let (buf, len) = &*chunk;
        digest.update(&buf.as_slice()[..*len]);
        // The copier may be gone (error path); the buffer is then simply dropped.
        let _ = recycle.send(chunk);
    }
    digest.finish_hex()
}

/// Copy `reader` into `writer`, hashing with md5 and sha512 in parallel. `writer` may be
/// `io::sink()` to only hash. Cancellation is checked between buffers.
pub fn copy_hashing(
    reader: &mut dyn Read,
    writer: &mut dyn Write,
    job: &JobControl,
) -> Result<Digests, CopyError> {
    let (md5_tx, md5_rx) = sync_channel::<Chunk>(BUFFERS);
    let (sha_tx, sha_rx) = sync_channel::<Chunk>(BUFFERS);
    let (recycle_tx, recycle_rx) = sync_channel::<Chunk>(2 * BUFFERS);

    thread::scope(|scope| {
        let recycle_md5 = recycle_tx.clone();
        let md5_worker = scope.spawn(move || hasher_thread::<Md5>(md5_rx, recycle_md5));
        let sha_worker = scope.spawn(move || hasher_thread::<Sha512>(sha_rx, recycle_tx));

        let copied = (|| {
            let mut free: Vec<AlignedBuf> = Vec::with_capacity(BUFFERS);
            let mut allocated = 0;
            let mut size_bytes: u64 = 0;
            loop {
                if job.is_cancelled() {
                    return Err(CopyError::Cancelled);
                }
                let mut buf = match free.pop() {
                    Some(buf) => buf,
                    None if allocated < BUFFERS => {
                        allocated += 1;
                        AlignedBuf::new(CHUNK_BYTES)
                    }
                    None => loop {
                        // Both hashers return each chunk; the second return frees it.
                        let chunk = recycle_rx.recv().map_err(|_| CopyError::Thread)?;
                        if let Ok((buf, _)) = Arc::try_unwrap(chunk) {
                            break buf;
                        }
                    },
                };
                let len = read_full(reader, buf.as_mut_slice()).map_err(CopyError::Read)?;
                if len == 0 {
                    return Ok(size_bytes);
                }
                // Hashing starts while the chunk is written (all three only read it).
                let chunk = Arc::new((buf, len));
                md5_tx.send(chunk.clone()).map_err(|_| CopyError::Thread)?;
                sha_tx.send(chunk.clone()).map_err(|_| CopyError::Thread)?;
                writer
                    .write_all(&chunk.0.as_slice()[..len])
                    .map_err(CopyError::Write)?;
                drop(chunk);
                size_bytes += len as u64;
                job.set_done_bytes(size_bytes);
            }
        })();
        drop(md5_tx);
        drop(sha_tx);
        // Drain returned buffers so the hashers never block on a full recycle channel.
        drop(recycle_rx);
        let md5_hex = md5_worker.join().map_err(|_| CopyError::Thread)?;
        let sha512_hex = sha_worker.join().map_err(|_| CopyError::Thread)?;
        let size_bytes = copied?;
        writer.flush().map_err(CopyError::Write)?;
        Ok(Digests {
            md5_hex,
            sha512_hex,
            size_bytes,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use md5::Digest as _;

    #[test]
    fn digests_match_known_values() {
        let data = vec![7u8; CHUNK_BYTES * 2 + 12345];
        let mut out = Vec::new();
        let job = JobControl::new();
        let digests = copy_hashing(&mut data.as_slice(), &mut out, &job).unwrap();
        assert_eq!(out, data);
        assert_eq!(digests.size_bytes, data.len() as u64);
        assert_eq!(digests.md5_hex, hex::encode(md5::Md5::digest(&data)));
        assert_eq!(digests.sha512_hex, hex::encode(sha2::Sha512::digest(&data)));
        assert_eq!(job.done_bytes(), data.len() as u64);
    }

    #[test]
    fn empty_stream_has_the_empty_digests() {
        let digests = copy_hashing(&mut io::empty(), &mut io::sink(), &JobControl::new()).unwrap();
        assert_eq!(digests.md5_hex, "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(digests.size_bytes, 0);
    }

    #[test]
    fn cancelled_job_stops() {
        let job = JobControl::new();
        job.cancel();
        let err = copy_hashing(&mut io::repeat(1), &mut io::sink(), &job).unwrap_err();
        assert!(matches!(err, CopyError::Cancelled));
    }
}
