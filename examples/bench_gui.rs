//! Catalog view benchmark with 100,000 images in the registry:
//! `cargo run --release --example bench_gui [-- IMAGES]`.
//!
//! It fills a temp data dir through the registry layer in one transaction, then runs the real
//! workbench app headless on a plain `egui::Context` (the egui pass plus tessellation, which
//! is what eframe does each frame before the GPU) and reports:
//! - the first frame after start (app construction, fonts, first pass) and the time until the
//!   first page of rows is on screen;
//! - the median (and p95) frame time while idle and while scrolling the table;
//! - frames run in 3 s of idleness when frames are only run as eframe would, on request;
//! - for each search (typed one character per frame, as a fast typist does, and pasted at
//!   once), filter and sort change: the time from the change to the new first page's rows on
//!   screen, and to the new count;
//! - a change made while the count of a broad filter runs: the time to its rows and count.
//!
//! `IMAGES` may be written `1m` or `100k`.
//!
//! The same app is also driven through egui_kittest's harness (with its AccessKit tree) for
//! comparison.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use eframe::App as _;
use eframe::egui::{self, Pos2, RawInput, Rect, Vec2};
use glance_workbench::backend::catalog::REGISTRY_FILE;
use glance_workbench::backend::{
    ContainerFormat, DiskFormat, Image, ImageId, ImageStatus, Visibility,
};
use glance_workbench::store::registry;
use glance_workbench::ui::WorkbenchApp;
use glance_workbench::ui::catalog::Column;

const SCREEN: Vec2 = Vec2::new(1360.0, 820.0);

fn populate(dir: &Path, count: usize) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    // Filled at schema 4 (before the search index) and then upgraded: a bulk fill is much
    // faster than the search triggers row by row, and it times the upgrade of a big registry.
    let path = dir.join(REGISTRY_FILE);
    let conn = rusqlite::Connection::open(&path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    registry::migrate(&conn, &path, 4)?;
    let tx = registry::write_tx(&conn)?;
    let statuses = [
        ImageStatus::Active,
        ImageStatus::Active,
        ImageStatus::Queued,
        ImageStatus::Deactivated,
    ];
    let formats = [
        DiskFormat::Qcow2,
        DiskFormat::Raw,
        DiskFormat::Vmdk,
        DiskFormat::Iso,
    ];
    let distros = [
        "ubuntu", "debian", "fedora", "cirros", "windows", "rocky", "麒麟",
    ];
    let start = Utc::now() - chrono::Duration::days(400);
    for i in 0..count {
        let at = start + chrono::Duration::seconds(i as i64 * 300);
        // A status per image in turn, but the newest 10 % still queued (an import under way,
        // so a listing of active images newest first skips them), and 1 in 1,000 killed.
        let status = if i % 1000 == 7 {
            ImageStatus::Killed
        } else if i >= count / 10 * 9 {
            ImageStatus::Queued
        } else {
            statuses[i % statuses.len()]
        };
        let has_data = matches!(status, ImageStatus::Active | ImageStatus::Deactivated);
        let size = (i as u64 % 4000 + 12) * 1024 * 1024;
        let distro = distros[i % distros.len()];
        let image = Image {
            id: ImageId::new_random(),
            name: Some(format!("{distro}-{}-{i:06}", 20 + i % 7)),
            status,
            visibility: Visibility::ALL[i % 4],
            protected: i % 17 == 0,
            os_hidden: false,
            checksum: None,
            os_hash_algo: None,
            os_hash_value: None,
            size_bytes: has_data.then_some(size),
            virtual_size_bytes: has_data.then_some(size * 4),
            disk_format: Some(formats[i % formats.len()]),
            container_format: Some(ContainerFormat::Bare),
            min_disk_gib: 0,
            min_ram_mib: 0,
            owner: Some("local".into()),
            tags: if i % 100 == 0 {
                // 1 % of the images carry `lts` (the tag filter).
                [format!("batch-{}", i % 50), "bench".into(), "lts".into()].into()
            } else {
                [format!("batch-{}", i % 50), "bench".to_string()].into()
            },
            properties: [("os_distro".to_string(), distro.to_string())].into(),
            created_at: at,
            updated_at: at,
            deleted_at: None,
            damaged: None,
        };
        registry::insert_image(&tx, &image)?;
        registry::insert_transition(&tx, image.id, None, ImageStatus::Queued, "created", &at)?;
    }
    tx.commit()?;
    let upgrade = Instant::now();
    registry::migrate(&conn, &path, registry::SCHEMA_VERSION)?;
    println!(
        "upgraded the registry from schema 4 to {} (sort, status and search indexes) in {:.1} s",
        registry::SCHEMA_VERSION,
        upgrade.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Wall-clock time since the benchmark started, as eframe gives egui (animations use it).
fn now() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

fn input(events: Vec<egui::Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SCREEN)),
        time: Some(now()),
        events,
        ..RawInput::default()
    }
}

/// One frame as eframe runs it, minus the GPU: logic, ui, tessellation. Returns the delay
/// until the frame asked to be repainted.
fn frame(
    ctx: &egui::Context,
    app: &mut WorkbenchApp,
    frame: &mut eframe::Frame,
    events: Vec<egui::Event>,
) -> Duration {
    let output = ctx.run_ui(input(events), |ui| {
        app.logic(ui.ctx(), frame);
        app.ui(ui, frame);
    });
    let delay = output
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map_or(Duration::MAX, |v| v.repaint_delay);
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    std::hint::black_box(primitives);
    delay
}

fn stats(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() * 95 / 100]),
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| {
            let a = a.to_ascii_lowercase();
            if let Some(n) = a.strip_suffix('m') {
                n.parse::<usize>().ok().map(|n| n * 1_000_000)
            } else if let Some(n) = a.strip_suffix('k') {
                n.parse::<usize>().ok().map(|n| n * 1_000)
            } else {
                a.parse().ok()
            }
        })
        .unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let started = Instant::now();
    populate(dir.path(), count)?;
    println!(
        "populated {count} images in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // First frame: app construction (fonts, bridge start) and the first pass.
    let ctx = egui::Context::default();
    let mut eframe_frame = eframe::Frame::_new_kittest();
    let t0 = Instant::now();
    let mut app = WorkbenchApp::new_for_test(&ctx, dir.path());
    frame(&ctx, &mut app, &mut eframe_frame, Vec::new());
    let first_frame = t0.elapsed();
    while app.is_busy() {
        std::thread::sleep(Duration::from_millis(1));
        frame(&ctx, &mut app, &mut eframe_frame, Vec::new());
        if t0.elapsed() > Duration::from_secs(60) {
            return Err("the first page never arrived".into());
        }
    }
    let first_rows = t0.elapsed();
    println!(
        "first frame after start: {:.1} ms",
        first_frame.as_secs_f64() * 1000.0
    );
    println!(
        "first rows on screen:    {:.1} ms ({} images listed)",
        first_rows.as_secs_f64() * 1000.0,
        app.view.catalog.total()
    );

    // Idle frames.
    let idle: Vec<Duration> = (0..400)
        .map(|_| {
            let t = Instant::now();
            frame(&ctx, &mut app, &mut eframe_frame, Vec::new());
            t.elapsed()
        })
        .collect();
    let (median, p95) = stats(idle);
    println!("catalog view, idle:      median {median:.3} ms, p95 {p95:.3} ms per frame");

    // Scrolling: a mouse wheel over the table every frame (pages are fetched as rows appear).
    let over_table = Pos2::new(300.0, 400.0);
    let mut scrolling = Vec::new();
    for i in 0..1200 {
        let direction = if i < 900 { -1.0 } else { 1.0 };
        let events = vec![
            egui::Event::PointerMoved(over_table),
            egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: Vec2::new(0.0, direction * 240.0),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: egui::Modifiers::NONE,
            },
        ];
        let t = Instant::now();
        frame(&ctx, &mut app, &mut eframe_frame, events);
        scrolling.push(t.elapsed());
    }
    let (median, p95) = stats(scrolling);
    println!("catalog view, scrolling: median {median:.3} ms, p95 {p95:.3} ms per frame");

    // A jump to the end (End key), then settle.
    frame(
        &ctx,
        &mut app,
        &mut eframe_frame,
        vec![key(egui::Key::End, true), key(egui::Key::End, false)],
    );
    let t = Instant::now();
    while app.is_busy() && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(1));
        frame(&ctx, &mut app, &mut eframe_frame, Vec::new());
    }
    println!(
        "jump to the last row and fetch it: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    // Idleness: run frames only when asked (callback or repaint delay), as eframe does.
    let requests = Arc::new(AtomicU64::new(0));
    let counter = requests.clone();
    ctx.set_request_repaint_callback(move |info| {
        if info.delay < Duration::from_secs(3600) {
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });
    // Settle: run the frames egui asks for (a change is followed by a frame or two) until
    // nothing is asked for during half a second, then count frames for 3 s.
    let settle_start = Instant::now();
    let (settle_frames, mut next) = run_on_request(
        &ctx,
        &mut app,
        &mut eframe_frame,
        &requests,
        Duration::from_millis(500),
        true,
    );
    println!(
        "settled after {settle_frames} requested frames in {:.0} ms",
        settle_start.elapsed().as_secs_f64() * 1000.0
    );
    let window = Duration::from_secs(3);
    let idle_start = Instant::now();
    let mut last = Instant::now();
    let mut frames = 0u32;
    while idle_start.elapsed() < window {
        let asked = requests.swap(0, Ordering::SeqCst) > 0;
        if asked || last.elapsed() >= next {
            next = frame(&ctx, &mut app, &mut eframe_frame, Vec::new());
            last = Instant::now();
            frames += 1;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    println!(
        "idle: {frames} frames in {:.0} s ({:.2} frames per second)",
        window.as_secs_f64(),
        f64::from(frames) / window.as_secs_f64()
    );

    ctx.set_request_repaint_callback(|_| {});
    filters_and_search(&ctx, &mut app, &mut eframe_frame);

    kittest_reference(dir.path());
    Ok(())
}

/// Run frames (as eframe would while the service answers) until `done`; the time it took.
fn frames_until(
    ctx: &egui::Context,
    app: &mut WorkbenchApp,
    eframe_frame: &mut eframe::Frame,
    since: Instant,
    done: impl Fn(&WorkbenchApp) -> bool,
) -> Duration {
    while !done(app) {
        if since.elapsed() > Duration::from_secs(20) {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
        frame(ctx, app, eframe_frame, Vec::new());
    }
    since.elapsed()
}

/// The new rows are on screen (the frame that takes a page in also draws it).
fn rows_on_screen(app: &WorkbenchApp) -> bool {
    app.view.catalog.current_rows_shown()
}

/// Search, filter and sort changes, each from an unfiltered, settled listing: time until the
/// new rows are on screen and until the new count is shown.
fn filters_and_search(
    ctx: &egui::Context,
    app: &mut WorkbenchApp,
    eframe_frame: &mut eframe::Frame,
) {
    let settle = |app: &mut WorkbenchApp, eframe_frame: &mut eframe::Frame| {
        let t = Instant::now();
        frame(ctx, app, eframe_frame, Vec::new());
        frames_until(ctx, app, eframe_frame, t, |app| !app.is_busy());
    };
    let reset = |app: &mut WorkbenchApp, eframe_frame: &mut eframe::Frame| {
        app.view.catalog.clear_filters();
        app.view.catalog.sort = Default::default();
        app.view.catalog.scroll_to = Some(0);
        app.view.catalog.cursor = None;
        app.view.catalog.invalidate();
        settle(app, eframe_frame);
    };
    println!("first page on screen after a change (count shown after), median of 3:");
    type Change = Box<dyn Fn(&mut WorkbenchApp)>;
    let search = |text: &'static str| -> Change {
        Box::new(move |app: &mut WorkbenchApp| app.view.catalog.filters.search = text.into())
    };
    let status = |status: ImageStatus| -> Change {
        Box::new(move |app: &mut WorkbenchApp| app.view.catalog.filters.status = Some(status))
    };
    let cases: Vec<(&str, Change)> = vec![
        ("search \"debian\" (1 in 7)", search("debian")),
        ("search \"012345\" (1 image)", search("012345")),
        ("search \"zzz-none\" (no match)", search("zzz-none")),
        ("search \"e\" (1 char, every image)", search("e")),
        ("search \"w\" (1 char, 1 in 7)", search("w")),
        ("search \"q\" (1 char, no match)", search("q")),
        ("search \"麒麟\" (2 chars, 1 in 7)", search("麒麟")),
        ("search \"ab\" (2 chars, id prefix 1 in 256)", search("ab")),
        ("search \"zq\" (2 chars, no match)", search("zq")),
        (
            "tag lts (1 %)",
            Box::new(|app: &mut WorkbenchApp| app.view.catalog.filters.tag = "lts".into()),
        ),
        (
            "tag bench (every image)",
            Box::new(|app: &mut WorkbenchApp| app.view.catalog.filters.tag = "bench".into()),
        ),
        (
            "tag none-such (no match)",
            Box::new(|app: &mut WorkbenchApp| app.view.catalog.filters.tag = "none-such".into()),
        ),
        (
            "property os_distro=debian",
            Box::new(|app: &mut WorkbenchApp| {
                app.view.catalog.filters.property = "os_distro=debian".into()
            }),
        ),
        (
            "status active (none in the newest 10 %)",
            status(ImageStatus::Active),
        ),
        (
            "status active, sort by name",
            Box::new(|app: &mut WorkbenchApp| {
                app.view.catalog.filters.status = Some(ImageStatus::Active);
                app.view.catalog.sort_by(Column::Name);
            }),
        ),
        ("status queued", status(ImageStatus::Queued)),
        ("status killed (1 in 1,000)", status(ImageStatus::Killed)),
        (
            "status pending_delete (no match)",
            status(ImageStatus::PendingDelete),
        ),
        (
            "sort by name",
            Box::new(|app: &mut WorkbenchApp| app.view.catalog.sort_by(Column::Name)),
        ),
        (
            "sort by size",
            Box::new(|app: &mut WorkbenchApp| app.view.catalog.sort_by(Column::Size)),
        ),
        (
            "sort by status",
            Box::new(|app: &mut WorkbenchApp| app.view.catalog.sort_by(Column::Status)),
        ),
    ];
    for (label, change) in &cases {
        let mut rows = Vec::new();
        let mut counts = Vec::new();
        for _ in 0..3 {
            reset(app, eframe_frame);
            let t = Instant::now();
            change(app);
            // What the filter bar does on a change (sort_by does it itself).
            app.view.catalog.scroll_to = Some(0);
            app.view.catalog.invalidate();
            frame(ctx, app, eframe_frame, Vec::new());
            rows.push(frames_until(ctx, app, eframe_frame, t, rows_on_screen));
            counts.push(frames_until(ctx, app, eframe_frame, t, |app| {
                app.view.catalog.count_is_current()
            }));
        }
        let (rows, _) = stats(rows);
        let (count, _) = stats(counts);
        println!(
            "  {label:<40} rows {rows:>8.1} ms   count {count:>8.1} ms ({} images)",
            app.view.catalog.total()
        );
    }
    // Search as you type: one character per frame, then until the last text's rows show.
    for word in ["debian-21", "zzz-none"] {
        reset(app, eframe_frame);
        let t = Instant::now();
        let mut worst = Duration::ZERO;
        for end in 1..=word.len() {
            let typed = Instant::now();
            app.view.catalog.filters.search = word[..end].into();
            app.view.catalog.scroll_to = Some(0);
            app.view.catalog.invalidate();
            frame(ctx, app, eframe_frame, Vec::new());
            // A typist's next key comes ~80 ms later; the rows of each prefix should be there.
            let waited = frames_until(ctx, app, eframe_frame, typed, rows_on_screen);
            worst = worst.max(waited);
            while typed.elapsed() < Duration::from_millis(80) {
                std::thread::sleep(Duration::from_millis(1));
                frame(ctx, app, eframe_frame, Vec::new());
            }
        }
        println!(
            "  typing {word:?} one key per 80 ms: slowest key to its rows {:.1} ms (typed in {:.0} ms)",
            worst.as_secs_f64() * 1000.0,
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    // A change while the count of a broad filter runs: its rows must not wait for that count.
    let mut waits = Vec::new();
    let mut counts = Vec::new();
    for _ in 0..3 {
        reset(app, eframe_frame);
        let t = Instant::now();
        app.view.catalog.filters.tag = "bench".into();
        app.view.catalog.scroll_to = Some(0);
        app.view.catalog.invalidate();
        frame(ctx, app, eframe_frame, Vec::new());
        frames_until(ctx, app, eframe_frame, t, rows_on_screen);
        // Until the count is asked (COUNT_DELAY after the change), then a moment for the
        // service to start it.
        frames_until(ctx, app, eframe_frame, t, |app| {
            app.view.catalog.count_wait().is_none()
        });
        frame(ctx, app, eframe_frame, Vec::new());
        std::thread::sleep(Duration::from_millis(20));
        let running = !app.view.catalog.count_is_current();
        let changed = Instant::now();
        app.view.catalog.filters.tag.clear();
        app.view.catalog.filters.search = "debian".into();
        app.view.catalog.scroll_to = Some(0);
        app.view.catalog.invalidate();
        frame(ctx, app, eframe_frame, Vec::new());
        if running {
            waits.push(frames_until(
                ctx,
                app,
                eframe_frame,
                changed,
                rows_on_screen,
            ));
            counts.push(frames_until(ctx, app, eframe_frame, changed, |app| {
                app.view.catalog.count_is_current()
            }));
        }
    }
    if waits.is_empty() {
        println!("  change while a count runs: the count of tag bench ended before the change");
    } else {
        let (rows, _) = stats(waits);
        let (count, _) = stats(counts);
        println!(
            "  {:<40} rows {rows:>8.1} ms   count {count:>8.1} ms",
            "search \"debian\" while tag bench counts"
        );
    }
}

/// Run frames only when egui asks (a repaint request, or the delay the last frame gave),
/// until nothing was asked for during `quiet`. Returns the frames run and the last delay.
fn run_on_request(
    ctx: &egui::Context,
    app: &mut WorkbenchApp,
    eframe_frame: &mut eframe::Frame,
    requests: &AtomicU64,
    quiet: Duration,
    first: bool,
) -> (u32, Duration) {
    let mut next = if first { Duration::ZERO } else { Duration::MAX };
    let mut last = Instant::now();
    let mut frames = 0;
    while last.elapsed() < quiet || next < quiet {
        let asked = requests.swap(0, Ordering::SeqCst) > 0;
        if asked || last.elapsed() >= next {
            next = frame(ctx, app, eframe_frame, Vec::new());
            last = Instant::now();
            frames += 1;
        }
        std::thread::sleep(Duration::from_millis(5));
        if frames > 10_000 {
            break;
        }
    }
    (frames, next)
}

fn key(key: egui::Key, pressed: bool) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    }
}

/// The same catalog view through egui_kittest (which also builds the AccessKit tree).
fn kittest_reference(dir: &Path) {
    let dir = dir.to_path_buf();
    let mut harness = egui_kittest::Harness::builder()
        .with_size(SCREEN)
        .build_eframe(move |cc| WorkbenchApp::new_for_test(&cc.egui_ctx, &dir));
    let t = Instant::now();
    while harness.state().is_busy() && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(1));
        harness.step();
    }
    let steps: Vec<Duration> = (0..200)
        .map(|_| {
            let t = Instant::now();
            harness.step();
            t.elapsed()
        })
        .collect();
    let (median, p95) = stats(steps);
    println!("egui_kittest harness step (with AccessKit): median {median:.3} ms, p95 {p95:.3} ms");
}
