//! Integrity under faults (issue #10): a missing or empty registry, a blob with a flipped byte
//! read by every operation, killed exports and conversions, sources that are not files or never
//! end, named pipes, and a full disk. Everything runs the real binary on a real data dir.

use std::os::unix::process::CommandExt;

use super::*;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn create_raw(data: &Path, name: &str, len: usize) -> (ImageId, PathBuf) {
    // A repeated 1 MiB pattern: cheap to make in a debug build, and not all zeros.
    let block = pattern(len.min(1 << 20));
    let bytes: Vec<u8> = block.iter().copied().cycle().take(len).collect();
    let file = write_file(data, &format!("{name}.src"), &bytes);
    let out = cli(
        data,
        &[
            "-f",
            "json",
            "image",
            "create",
            name,
            "--disk-format",
            "raw",
            "--container-format",
            "bare",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (json["id"].as_str().unwrap().parse().unwrap(), file)
}

fn image_count(data: &Path) -> usize {
    let out = cli(
        data,
        &[
            "-f",
            "json",
            "image",
            "list",
            "--status",
            "in:queued,saving,active",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn a_missing_or_empty_registry_is_an_error_and_recover_brings_the_images_back() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (id, file) = create_raw(data, "precious", 3 << 20);
    let blob = data.join("images").join(id.to_string());
    for damage in ["truncate", "remove"] {
        match damage {
            "truncate" => fs::write(data.join("registry.sqlite"), b"").unwrap(),
            _ => {
                fs::remove_file(data.join("registry.sqlite")).unwrap();
                let _ = fs::remove_file(data.join("registry.sqlite-wal"));
                let _ = fs::remove_file(data.join("registry.sqlite-shm"));
            }
        }
        let out = cli(data, &["image", "show", "precious"]);
        assert_eq!(out.status.code(), Some(1), "{damage}: {}", stderr(&out));
        let message = stderr(&out);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(message.contains(&data.join("registry.sqlite").display().to_string()));
        assert!(message.contains(&data.join("images").display().to_string()));
        assert!(blob.is_file(), "{damage}: the blob is untouched");
        assert!(matches!(
            Catalog::open(data),
            Err(Error::RegistryMissing { count: 1, .. })
        ));
    }
    // `image recover` starts a new registry and keeps the file in lost+found, then registers
    // it again under its id with its hashes recomputed from the data.
    let out = cli(data, &["image", "recover"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&id.to_string()));
    assert!(
        data.join("images/lost+found")
            .join(id.to_string())
            .is_file()
    );
    let out = cli(
        data,
        &["image", "recover", &id.to_string(), "--name", "back"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let catalog = Catalog::open(data).unwrap();
    let image = catalog.resolve("back").unwrap();
    assert_eq!(image.id, id);
    assert_eq!(image.status, ImageStatus::Active);
    assert_eq!(image.disk_format, Some(DiskFormat::Raw));
    assert_eq!(fs::read(&blob).unwrap(), fs::read(&file).unwrap());
    let sha = sha512_hex(&fs::read(&file).unwrap());
    assert_eq!(image.os_hash_value.as_deref(), Some(sha.as_str()));
    assert!(catalog.lost_files().unwrap().is_empty());
}

fn sha512_hex(data: &[u8]) -> String {
    glance_workbench::store::digest::sha512_hex(data)
}

/// Flip one byte of an image's blob in place.
fn flip_byte(data: &Path, id: ImageId, offset: u64) {
    use std::os::unix::fs::FileExt;
    let blob = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(data.join("images").join(id.to_string()))
        .unwrap();
    let mut byte = [0u8];
    blob.read_exact_at(&mut byte, offset).unwrap();
    blob.write_all_at(&[byte[0] ^ 0x40], offset).unwrap();
}

#[test]
fn every_reading_operation_refuses_a_flipped_byte_and_marks_the_image_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (id, _) = create_raw(data, "disk", 2 << 20);
    let idt = id.to_string();
    // info once while whole, so the untouched-file shortcut is primed and must notice the
    // write.
    assert!(cli(data, &["image", "info", &idt]).status.success());
    flip_byte(data, id, 1 << 20);
    let out_file = data.join("out.qcow2");
    let saved = data.join("saved.raw");
    let reads: Vec<Vec<&str>> = vec![
        vec!["image", "convert", &idt, "--to", "qcow2"],
        vec![
            "image",
            "convert",
            &idt,
            "--to",
            "qcow2",
            "-o",
            out_file.to_str().unwrap(),
        ],
        vec!["image", "resize", &idt, "--size", "+1M"],
        vec!["image", "check", &idt],
        vec!["image", "measure", &idt, "--to", "qcow2"],
        vec!["image", "info", &idt],
        vec!["image", "save", &idt, "--file", saved.to_str().unwrap()],
        vec!["image", "verify", &idt],
    ];
    for args in &reads {
        let out = cli(data, args);
        assert!(!out.status.success(), "{args:?} must refuse corrupt data");
        let message = stderr(&out);
        assert!(
            message.contains("\"disk\"") && message.contains("sha512"),
            "{args:?}: {message}"
        );
        assert_eq!(image_count(data), 1, "{args:?} made nothing new");
    }
    assert!(!out_file.exists() && !saved.exists());
    let leftovers: Vec<_> = fs::read_dir(data)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("part") || n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // The mark shows in show and list (table and JSON); the status stays Glance's.
    let show = cli(data, &["image", "show", &idt]);
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(
        text.contains("active (damaged)") && text.contains("sha512"),
        "{text}"
    );
    let list = cli(data, &["image", "list"]);
    assert!(String::from_utf8_lossy(&list.stdout).contains("active (damaged)"));
    let json = cli(data, &["-f", "json", "image", "show", &idt]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["status"], "active");
    assert!(json["damaged"].as_str().unwrap().contains("sha512"));
    // Restoring the byte and verifying clears the mark; then conversion works again.
    flip_byte(data, id, 1 << 20);
    let out = cli(data, &["image", "verify", &idt]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        Catalog::open(data)
            .unwrap()
            .image(id)
            .unwrap()
            .damaged
            .is_none()
    );
    let out = cli(data, &["image", "convert", &idt, "--to", "qcow2"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Start the binary with `args`, wait until `ready` holds, then send `signal`.
fn run_and_signal(
    data: &Path,
    args: &[&str],
    ready: impl Fn() -> bool,
    signal: i32,
) -> std::process::ExitStatus {
    let mut child = Command::new(BIN)
        .args(args)
        .env("GLANCE_WORKBENCH_DATA_DIR", data)
        .env(
            "GLANCE_WORKBENCH_LOG_DIR",
            std::env::temp_dir().join("glance-workbench-test-logs"),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !ready() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never got ready"
        );
        assert!(child.try_wait().unwrap().is_none(), "{args:?} ended early");
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: sends a signal to our own child.
    unsafe {
        libc::kill(child.id() as i32, signal);
    }
    child.wait().unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_killed_export_leaves_no_file_once_the_next_run_starts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (id, _) = create_raw(data, "big", 512 << 20);
    let out_dir = data.join("exports");
    fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("big.raw");
    let has_part = || names_in(&out_dir).iter().any(|n| n.ends_with(".part"));
    let idt = id.to_string();
    let save = ["image", "save", &idt, "--file", target.to_str().unwrap()];
    // SIGTERM is handled like Ctrl-C: cancelled, exit 130, nothing left at all.
    let status = run_and_signal(data, &save, has_part, libc::SIGTERM);
    assert_eq!(status.code(), Some(130));
    assert!(names_in(&out_dir).is_empty(), "{:?}", names_in(&out_dir));
    // SIGKILL leaves the part file; the next run of any command removes it.
    let status = run_and_signal(data, &save, has_part, libc::SIGKILL);
    assert_eq!(status.code(), None);
    assert!(has_part(), "the kill left the part file");
    let out = cli(data, &["image", "list"]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("removed a temporary output"),
        "{}",
        stderr(&out)
    );
    assert!(names_in(&out_dir).is_empty(), "{:?}", names_in(&out_dir));
}

/// The pids of running qemu-img processes whose command line mentions `needle`.
fn qemu_img_running(needle: &str) -> Vec<String> {
    names_in(Path::new("/proc"))
        .into_iter()
        .filter(|pid| pid.chars().all(|c| c.is_ascii_digit()))
        .filter(|pid| {
            fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|cmd| {
                let cmd = String::from_utf8_lossy(&cmd);
                cmd.contains("qemu-img") && cmd.contains(needle)
            })
        })
        .collect()
}

#[test]
fn a_killed_conversion_takes_qemu_img_with_it_and_its_work_folder_is_reclaimed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (id, _) = create_raw(data, "conv", 384 << 20);
    let needle = data.display().to_string();
    let idt = id.to_string();
    // zlib compression keeps qemu-img busy long enough to be caught running.
    let slow_convert = [
        "image",
        "convert",
        &idt,
        "--to",
        "qcow2",
        "--compress",
        "zlib",
        "--no-verify",
    ];
    for signal in [libc::SIGKILL, libc::SIGTERM] {
        let status = run_and_signal(
            data,
            &slow_convert,
            || !qemu_img_running(&needle).is_empty(),
            signal,
        );
        assert_ne!(status.code(), Some(0));
        std::thread::sleep(Duration::from_secs(1));
        assert!(
            qemu_img_running(&needle).is_empty(),
            "qemu-img outlived its parent (signal {signal})"
        );
        let out = cli(data, &["image", "list"]);
        assert!(out.status.success());
        assert!(
            names_in(&data.join("work")).is_empty(),
            "work folder reclaimed"
        );
        assert_eq!(image_count(data), 1, "no half-made image");
    }
    // Converting to a file stages qemu-img's output beside it; a kill leaves that folder,
    // which the next run removes, and the destination is never created.
    let out_dir = data.join("out");
    fs::create_dir(&out_dir).unwrap();
    let destination = out_dir.join("disk.qcow2");
    let status = run_and_signal(
        data,
        &[&slow_convert[..], &["-o", destination.to_str().unwrap()]].concat(),
        || !qemu_img_running(&needle).is_empty(),
        libc::SIGKILL,
    );
    assert_eq!(status.code(), None);
    std::thread::sleep(Duration::from_secs(1));
    assert!(qemu_img_running(&needle).is_empty());
    assert!(
        !names_in(&out_dir).is_empty(),
        "the kill left the staging folder"
    );
    let out = cli(data, &["image", "list"]);
    assert!(out.status.success());
    assert!(names_in(&out_dir).is_empty(), "{:?}", names_in(&out_dir));
}

#[test]
fn bad_sources_are_refused_before_anything_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let create = |file: &str| {
        cli(
            data,
            &[
                "image",
                "create",
                "x",
                "--disk-format",
                "raw",
                "--container-format",
                "bare",
                "--file",
                file,
            ],
        )
    };
    let folder = data.join("a-folder");
    fs::create_dir(&folder).unwrap();
    for (file, words) in [
        (folder.to_str().unwrap(), "is a directory"),
        ("/dev/zero", "character device"),
        ("/nonexistent/disk.img", "does not exist"),
    ] {
        let out = create(file);
        assert_eq!(out.status.code(), Some(1), "{file}: {}", stderr(&out));
        assert!(stderr(&out).contains(words), "{file}: {}", stderr(&out));
        assert!(stderr(&out).contains(file));
        assert_eq!(image_count(data), 0, "{file} left an image");
    }
    // Inspecting one is refused the same way (a pipe would lose its data to the inspector).
    let out = cli(data, &["image", "inspect", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("character device"),
        "{}",
        stderr(&out)
    );
    // A stream from standard input stops at the catalog's image_size_cap_bytes.
    let out = cli(data, &["config", "set", "image_size_cap_bytes", "1048576"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = Command::new(BIN)
        .args([
            "image",
            "create",
            "endless",
            "--disk-format",
            "raw",
            "--container-format",
            "bare",
            "--file",
            "-",
        ])
        .env("GLANCE_WORKBENCH_DATA_DIR", data)
        .stdin(fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("image_size_cap_bytes"),
        "{}",
        stderr(&out)
    );
    assert!(names_in(&data.join("images/.part")).is_empty());
    let catalog = Catalog::open(data).unwrap();
    assert_eq!(
        catalog.resolve("endless").unwrap().status,
        ImageStatus::Queued
    );
    // A regular file over the cap is refused before anything is created.
    let big = write_file(data, "big.raw", &pattern(2 << 20));
    let out = create(big.to_str().unwrap());
    assert_eq!(out.status.code(), Some(1));
    assert!(catalog.resolve("x").is_err());
}

#[test]
fn a_named_pipe_is_opened_once_and_one_with_no_writer_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let fifo = data.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let payload = pattern(5 << 20);
    for round in 0..3 {
        let writer = {
            let (fifo, payload) = (fifo.clone(), payload.clone());
            std::thread::spawn(move || fs::write(&fifo, &payload))
        };
        let out = cli(
            data,
            &[
                "-f",
                "json",
                "image",
                "create",
                &format!("piped{round}"),
                "--disk-format",
                "raw",
                "--container-format",
                "bare",
                "--file",
                fifo.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "round {round}: {}", stderr(&out));
        writer
            .join()
            .unwrap()
            .expect("the writer saw no broken pipe");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["os_hash_value"], sha512_hex(&payload));
    }
    // Nobody writes: Ctrl-C (SIGINT) ends the wait.
    let status = run_and_signal(
        data,
        &[
            "image",
            "create",
            "waiting",
            "--disk-format",
            "raw",
            "--container-format",
            "bare",
            "--file",
            fifo.to_str().unwrap(),
        ],
        || {
            std::thread::sleep(Duration::from_millis(500));
            true
        },
        libc::SIGINT,
    );
    assert_eq!(status.code(), Some(130));
}

#[test]
fn a_full_disk_still_reads_and_says_what_to_free_when_writing() {
    // SAFETY: geteuid takes no arguments, cannot fail and touches no memory of ours.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: mounting a small tmpfs needs root (CI runs as root)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("small");
    fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
        .arg(&mount)
        .status()
        .unwrap();
    assert!(mounted.success(), "mount tmpfs");
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mount.clone());
    let data = mount.join("data");
    fs::create_dir(&data).unwrap();
    let (_id, _) = create_raw(&data, "kept", 1 << 20);
    // Fill the disk.
    let mut filler = fs::File::create(mount.join("filler")).unwrap();
    let block = vec![0x5au8; 1 << 16];
    while filler.write_all(&block).is_ok() {}
    drop(filler);
    let out = cli(&data, &["image", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("kept"));
    assert!(cli(&data, &["image", "show", "kept"]).status.success());
    let out = cli(&data, &["image", "set", "kept", "--name", "renamed"]);
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(
        message.contains("no space left on the disk of"),
        "{message}"
    );
    assert!(message.contains(&data.display().to_string()), "{message}");
    assert!(!message.contains("disk I/O error"), "{message}");
    fs::remove_file(mount.join("filler")).unwrap();
    let out = cli(&data, &["image", "set", "kept", "--name", "renamed"]);
    assert!(out.status.success(), "{}", stderr(&out));
}
