//! Guest inspection's block access, native against NBD (issue 14), on one image:
//! `cargo run --release --example bench_guest -- IMAGE.qcow2 [RUNS]` (scripts/bench-guest
//! builds the 10 GiB image and runs this).
//!
//! The same access pattern — what guest inspection reads: the partition table, the first
//! 64 KiB of every partition (boot sectors, superblocks), the root ext4's group descriptors
//! and first inode table blocks, then 300 scattered 4–64 KiB reads over its used blocks — is
//! run two ways:
//! - native: the safety inspector, then `open_device` (the qcow2 reader of this crate);
//! - NBD: the safety inspector, then `qemu-storage-daemon` started exporting the image
//!   read-only with an explicit `driver=qcow2` on a private unix socket, read by the small
//!   NBD client below (fixed newstyle handshake, NBD_OPT_GO, NBD_CMD_READ).
//!
//! Each is timed cold (the image's pages dropped from the page cache first) and warm (best of
//! RUNS), with the bytes read from the image file (native: the budget's count; NBD: the
//! daemon's `rchar` from /proc, which includes its own startup reads).
//!
//! The NBD client is written here: the `nbd` crate's client (0.3, untouched since 2019) only
//! negotiates with NBD_OPT_EXPORT_NAME, and 100 lines of a documented protocol are simpler
//! than depending on it for a benchmark.

use std::error::Error;
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::DirBuilderExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use glance_workbench::convert::guest::block::open_device;
use glance_workbench::convert::guest::partition::read_partition_table;
use glance_workbench::convert::guest::{BlockDevice, Budget, GuestOptions, inspect_guest_path};
use glance_workbench::convert::inspect::{DiskFormatKind, InspectOptions, inspect_path};

const MIB: u64 = 1 << 20;

fn xorshift(s: &mut u64) -> u64 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    *s
}

fn le32(b: &[u8], o: usize) -> u64 {
    b.get(o..o + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, |a| u64::from(u32::from_le_bytes(a)))
}

/// What guest inspection reads; returns the guest bytes requested.
fn access_pattern(dev: &mut dyn BlockDevice) -> io::Result<u64> {
    let table = read_partition_table(dev);
    // The table's reads: the MBR, the GPT header and 128 entries.
    let mut asked = 512 + 512 + 128 * 128;
    let mut read = |dev: &mut dyn BlockDevice, off: u64, n: usize| -> io::Result<Vec<u8>> {
        let n = n.min(usize::try_from(dev.size().saturating_sub(off)).unwrap_or(0));
        let mut b = vec![0u8; n];
        dev.read_exact_at(off, &mut b)?;
        asked += n as u64;
        Ok(b)
    };
    let mut root: Option<(u64, u64)> = None;
    for p in &table.entries {
        let head = read(dev, p.start, 64 << 10)?;
        // An ext2/3/4 superblock (magic 0xef53 at 1024 + 56): the largest one is the root.
        if head.get(1024 + 56..1024 + 58) == Some(&[0x53, 0xef])
            && root.is_none_or(|(_, s)| p.size > s)
        {
            root = Some((p.start, p.size));
        }
    }
    let Some((start, _)) = root else {
        return Err(io::Error::other("no ext4 root partition found"));
    };
    let sb = read(dev, start + 1024, 1024)?;
    let block = 1024u64 << le32(&sb, 24);
    let blocks = le32(&sb, 4);
    let free = le32(&sb, 12);
    let per_group = le32(&sb, 32).max(1);
    let groups = blocks.div_ceil(per_group);
    // Group descriptors (64 bytes each with 64bit), then the first group's inode table.
    let gdt = read(
        dev,
        start + block.max(2048),
        usize::try_from((groups * 64).min(MIB)).unwrap_or(0),
    )?;
    let inode_table = le32(&gdt, 8) * block;
    read(dev, start + inode_table, 64 << 10)?;
    // Scattered reads over the used part (mkfs -d packs files at the start of the groups).
    let used = (blocks - free.min(blocks)) * block;
    let mut s = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..300 {
        let n = 4096 << (xorshift(&mut s) % 5);
        let off = start + (xorshift(&mut s) % used.max(1)) / 4096 * 4096;
        read(dev, off, usize::try_from(n).unwrap_or(4096))?;
    }
    Ok(asked)
}

/// Drops the image's pages from the page cache (cold reads).
fn drop_cache(path: &Path) -> io::Result<()> {
    let f = File::open(path)?;
    // SAFETY: posix_fadvise only reads its integer arguments; the descriptor is open.
    let rc = unsafe { libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
    if rc != 0 {
        return Err(io::Error::from_raw_os_error(rc));
    }
    Ok(())
}

struct Run {
    time: Duration,
    file_bytes: u64,
    guest_bytes: u64,
}

fn native(path: &Path) -> Result<Run, Box<dyn Error>> {
    let t = Instant::now();
    let inspection = inspect_path(path, &InspectOptions::default())?;
    if !inspection.is_safe() || inspection.format != DiskFormatKind::Qcow2 {
        return Err("the image is not a safe qcow2".into());
    }
    let f = File::open(path)?;
    let len = f.metadata()?.len();
    let mut dev = open_device(f, 0, len, DiskFormatKind::Qcow2, Budget::new(64 * MIB))?;
    let guest_bytes = access_pattern(dev.as_mut())?;
    Ok(Run {
        time: t.elapsed(),
        file_bytes: dev.bytes_read(),
        guest_bytes,
    })
}

/// The real guest inspection (safety inspector, block reader, partitions, filesystems, OS
/// facts): what `image inspect --guest` runs. Prints what it found the first time.
fn full(path: &Path, say: bool) -> Result<Run, Box<dyn Error>> {
    let t = Instant::now();
    let report = inspect_guest_path(
        path,
        Some("qcow2"),
        &GuestOptions::default(),
        &InspectOptions::default(),
    )?;
    let time = t.elapsed();
    if say {
        let os = report.os.as_ref().and_then(|o| o.name.clone());
        println!(
            "  the inspection found: {} / {} / {:?}, {} partitions, suggested {:?}",
            os.as_deref().unwrap_or("no OS"),
            report.architecture.as_deref().unwrap_or("?"),
            report.firmware,
            report.partitions.len(),
            report.suggested_properties()
        );
    }
    Ok(Run {
        time,
        file_bytes: report.bytes_read,
        guest_bytes: 0,
    })
}

// ---------------------------------------------------------------- NBD

const NBD_OPT_MAGIC: u64 = 0x4948_4156_454F_5054; // "IHAVEOPT"
const NBD_REP_MAGIC: u64 = 0x0003_e889_0455_65a9;
const NBD_OPT_GO: u32 = 7;
const NBD_REP_ACK: u32 = 1;
const NBD_REP_INFO: u32 = 3;
const NBD_INFO_EXPORT: u16 = 0;
const NBD_REQUEST_MAGIC: u32 = 0x2560_9513;
const NBD_SIMPLE_REPLY_MAGIC: u32 = 0x6744_6698;
const NBD_CMD_READ: u16 = 0;
const NBD_CMD_DISC: u16 = 2;
/// Reads are split at 1 MiB (qemu allows 32 MiB; smaller keeps the buffers small).
const NBD_MAX_READ: usize = 1 << 20;

fn get<const N: usize>(s: &mut UnixStream) -> io::Result<[u8; N]> {
    let mut b = [0u8; N];
    s.read_exact(&mut b)?;
    Ok(b)
}

/// A read-only NBD export as a block device.
struct NbdDevice {
    sock: UnixStream,
    size: u64,
    cookie: u64,
    asked: u64,
}

impl NbdDevice {
    /// Fixed newstyle handshake and NBD_OPT_GO for export `name`.
    fn connect(path: &Path, name: &str) -> io::Result<Self> {
        let mut s = UnixStream::connect(path)?;
        let bad = |m: &str| io::Error::new(io::ErrorKind::InvalidData, m.to_string());
        if &get::<8>(&mut s)? != b"NBDMAGIC" || &get::<8>(&mut s)? != b"IHAVEOPT" {
            return Err(bad("not a newstyle NBD server"));
        }
        let flags = u16::from_be_bytes(get::<2>(&mut s)?);
        if flags & 1 == 0 {
            return Err(bad("the server does not speak fixed newstyle"));
        }
        // Client flags: fixed newstyle, and no zeroes when the server offers it.
        s.write_all(&(1u32 | u32::from(flags & 2)).to_be_bytes())?;
        let mut opt = Vec::new();
        opt.extend_from_slice(&NBD_OPT_MAGIC.to_be_bytes());
        opt.extend_from_slice(&NBD_OPT_GO.to_be_bytes());
        opt.extend_from_slice(&(4 + name.len() as u32 + 2).to_be_bytes());
        opt.extend_from_slice(&(name.len() as u32).to_be_bytes());
        opt.extend_from_slice(name.as_bytes());
        opt.extend_from_slice(&0u16.to_be_bytes());
        s.write_all(&opt)?;
        let mut size = None;
        loop {
            let magic = u64::from_be_bytes(get::<8>(&mut s)?);
            let _option = u32::from_be_bytes(get::<4>(&mut s)?);
            let kind = u32::from_be_bytes(get::<4>(&mut s)?);
            let len = u32::from_be_bytes(get::<4>(&mut s)?);
            if magic != NBD_REP_MAGIC || len > 1 << 16 {
                return Err(bad("bad NBD option reply"));
            }
            let mut data = vec![0u8; len as usize];
            s.read_exact(&mut data)?;
            if kind & (1 << 31) != 0 {
                return Err(bad(&format!(
                    "NBD_OPT_GO refused ({kind:#x}): {}",
                    String::from_utf8_lossy(&data)
                )));
            }
            if kind == NBD_REP_INFO
                && data.get(..2) == Some(&NBD_INFO_EXPORT.to_be_bytes())
                && let Some(b) = data.get(2..10).and_then(|b| b.try_into().ok())
            {
                size = Some(u64::from_be_bytes(b));
            }
            if kind == NBD_REP_ACK {
                break;
            }
        }
        Ok(NbdDevice {
            sock: s,
            size: size.ok_or_else(|| bad("the server sent no export size"))?,
            cookie: 0,
            asked: 0,
        })
    }

    fn request(&mut self, kind: u16, offset: u64, len: u32) -> io::Result<()> {
        self.cookie += 1;
        let mut r = Vec::with_capacity(28);
        r.extend_from_slice(&NBD_REQUEST_MAGIC.to_be_bytes());
        r.extend_from_slice(&0u16.to_be_bytes());
        r.extend_from_slice(&kind.to_be_bytes());
        r.extend_from_slice(&self.cookie.to_be_bytes());
        r.extend_from_slice(&offset.to_be_bytes());
        r.extend_from_slice(&len.to_be_bytes());
        self.sock.write_all(&r)
    }
}

impl BlockDevice for NbdDevice {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_exact_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        if offset.saturating_add(buf.len() as u64) > self.size {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let mut at = offset;
        for chunk in buf.chunks_mut(NBD_MAX_READ) {
            self.request(NBD_CMD_READ, at, chunk.len() as u32)?;
            let magic = u32::from_be_bytes(get::<4>(&mut self.sock)?);
            let error = u32::from_be_bytes(get::<4>(&mut self.sock)?);
            let cookie = u64::from_be_bytes(get::<8>(&mut self.sock)?);
            if magic != NBD_SIMPLE_REPLY_MAGIC || cookie != self.cookie {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "bad NBD reply"));
            }
            if error != 0 {
                return Err(io::Error::other(format!("NBD read error {error}")));
            }
            self.sock.read_exact(chunk)?;
            self.asked += chunk.len() as u64;
            at += chunk.len() as u64;
        }
        Ok(())
    }

    fn bytes_read(&self) -> u64 {
        self.asked
    }
}

/// The daemon, killed and reaped when dropped.
struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `rchar` of a process (bytes it read through read syscalls).
fn rchar(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/io"))
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("rchar: ")
                    .and_then(|v| v.trim().parse().ok())
            })
        })
        .unwrap_or(0)
}

fn nbd(path: &Path, dir: &Path) -> Result<Run, Box<dyn Error>> {
    let t = Instant::now();
    let inspection = inspect_path(path, &InspectOptions::default())?;
    if !inspection.is_safe() || inspection.format != DiskFormatKind::Qcow2 {
        return Err("the image is not a safe qcow2".into());
    }
    let sock = dir.join("nbd.sock");
    let _ = std::fs::remove_file(&sock);
    let file = path
        .to_str()
        .ok_or("the image path is not UTF-8")?
        .replace(',', ",,");
    let child = Command::new("qemu-storage-daemon")
        .args([
            "--blockdev",
            &format!("driver=file,node-name=file0,filename={file},read-only=on"),
            "--blockdev",
            "driver=qcow2,node-name=disk0,file=file0,read-only=on",
            "--nbd-server",
            &format!("addr.type=unix,addr.path={}", sock.display()),
            "--export",
            "type=nbd,id=exp0,node-name=disk0,name=disk,writable=off",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()?;
    let daemon = Daemon(child);
    let pid = daemon.0.id();
    let mut dev = loop {
        match NbdDevice::connect(&sock, "disk") {
            Ok(d) => break d,
            Err(_) if t.elapsed() < Duration::from_secs(10) => {
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(e) => return Err(format!("qemu-storage-daemon did not answer: {e}").into()),
        }
    };
    let guest_bytes = access_pattern(&mut dev)?;
    let _ = dev.request(NBD_CMD_DISC, 0, 0);
    let file_bytes = rchar(pid);
    let time = t.elapsed();
    drop(daemon);
    Ok(Run {
        time,
        file_bytes,
        guest_bytes,
    })
}

fn show(label: &str, r: &Run) {
    println!(
        "  {label:<34} {:>8.1} ms  {:>7.2} MiB from the image file  ({:.2} MiB of guest data)",
        r.time.as_secs_f64() * 1e3,
        r.file_bytes as f64 / MIB as f64,
        r.guest_bytes as f64 / MIB as f64
    );
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let image = PathBuf::from(args.next().ok_or("usage: bench_guest IMAGE.qcow2 [RUNS]")?);
    let runs: usize = args.next().map_or(Ok(5), |s| s.parse())?;
    let dir = std::env::temp_dir().join(format!("gw-bench-guest-{}", std::process::id()));
    std::fs::DirBuilder::new().mode(0o700).create(&dir)?;
    let result = (|| -> Result<(), Box<dyn Error>> {
        let size = std::fs::metadata(&image)?.len();
        println!(
            "guest inspection's reads on {} ({:.2} GiB file):",
            image.display(),
            size as f64 / (1u64 << 30) as f64
        );
        drop_cache(&image)?;
        let native_cold = native(&image)?;
        drop_cache(&image)?;
        let nbd_cold = nbd(&image, &dir)?;
        let mut native_warm = native(&image)?;
        let mut nbd_warm = nbd(&image, &dir)?;
        for _ in 1..runs {
            let n = native(&image)?;
            if n.time < native_warm.time {
                native_warm = n;
            }
            let q = nbd(&image, &dir)?;
            if q.time < nbd_warm.time {
                nbd_warm = q;
            }
        }
        drop_cache(&image)?;
        let full_cold = full(&image, true)?;
        let mut full_warm = full(&image, false)?;
        for _ in 1..runs {
            let n = full(&image, false)?;
            if n.time < full_warm.time {
                full_warm = n;
            }
        }
        show("native, cold cache", &native_cold);
        show("qemu-storage-daemon + NBD, cold", &nbd_cold);
        show(&format!("native, warm (best of {runs})"), &native_warm);
        show("qemu-storage-daemon + NBD, warm", &nbd_warm);
        let ratio = |a: &Run, b: &Run| a.time.as_secs_f64() / b.time.as_secs_f64().max(1e-9);
        println!(
            "  time ratio native / nbd: {:.2}x cold, {:.2}x warm",
            ratio(&native_cold, &nbd_cold),
            ratio(&native_warm, &nbd_warm)
        );
        show("the whole guest inspection, cold", &full_cold);
        show(
            &format!("the whole guest inspection, warm (best of {runs})"),
            &full_warm,
        );
        println!(
            "  time ratio whole inspection / NBD's reads alone: {:.2}x cold, {:.2}x warm",
            ratio(&full_cold, &nbd_cold),
            ratio(&full_warm, &nbd_warm)
        );
        let ok = full_cold.time < Duration::from_secs(1) && full_cold.file_bytes < 64 * MIB;
        println!(
            "  target (< 1 s and < 64 MiB read, the whole inspection, cold): {:.3} s, {:.2} MiB: {}",
            full_cold.time.as_secs_f64(),
            full_cold.file_bytes as f64 / MIB as f64,
            if ok { "met" } else { "NOT met" }
        );
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
