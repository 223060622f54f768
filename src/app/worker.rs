//! The service loop: one thread owns the [`Catalog`], takes [`Command`]s from a front end
//! over a bounded channel and answers with [`Event`]s through an [`EventSink`]. Long work
//! runs as jobs ([`crate::app::jobs`]); remote calls run on threads of their own
//! ([`crate::app::remote`]), so neither the front end nor this loop waits on a cloud. Counts
//! run on a thread and connection of their own ([`Counter`]): a page never waits behind one,
//! and a count of a listing generation older than the newest asked for is interrupted. The
//! loop also watches the registry's `data_version` once a second so changes made by other
//! processes (the CLI) are told as [`Event::ExternalChange`].

use crate::i18n::errors::Shown;
use crate::i18n::labels;
use crate::tr;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use rusqlite::InterruptHandle;

use crate::app::jobs::{EventSink, spawn_job};
use crate::app::protocol::{Command, Event, ImageView, LifecycleAction};
use crate::app::remote::RemoteShared;
use crate::backend::{Catalog, Event as CatalogEvent, Image, ImageId, ListQuery, SortDir};

/// How often the worker looks for changes made by other processes.
const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// How many commands may wait before a front end is told the service is busy.
pub const QUEUE_DEPTH: usize = 1024;
/// Most page fetches run from one batch of commands (the newest ones).
const PAGES_PER_BATCH: usize = 4;
/// How many tasks the state panel shows.
const TASKS_SHOWN: u32 = 50;

/// Start the service on `data_dir`; events go to `sink`. The returned sender takes commands
/// (bounded: a full queue means the service is busy).
pub fn start(data_dir: &Path, sink: EventSink) -> SyncSender<Command> {
    let (command_tx, command_rx) = mpsc::sync_channel(QUEUE_DEPTH);
    let data_dir = data_dir.to_path_buf();
    let spawned = thread::Builder::new().name("app-service".into()).spawn({
        let sink = sink.clone();
        move || worker(&data_dir, &command_rx, &sink)
    });
    if let Err(e) = spawned {
        sink(Event::OpenFailed {
            message: tr!("app-service-thread-failed", error = e.to_string()),
            recoverable: false,
        });
    }
    command_tx
}

fn worker(data_dir: &Path, commands: &Receiver<Command>, sink: &EventSink) {
    let mut catalog = match Catalog::open(data_dir) {
        Ok(catalog) => catalog,
        Err(e @ crate::backend::Error::RegistryMissing { .. }) => {
            sink(Event::OpenFailed {
                message: e.shown(),
                recoverable: true,
            });
            // Nothing else can run until the person chooses to start a new registry.
            loop {
                match commands.recv() {
                    Ok(Command::StartRecovery) => break,
                    Ok(_) => {}
                    Err(_) => return,
                }
            }
            match Catalog::open_for_recovery(data_dir) {
                Ok(catalog) => {
                    sink(Event::Recovered);
                    catalog
                }
                Err(e) => {
                    sink(Event::OpenFailed {
                        message: e.shown(),
                        recoverable: false,
                    });
                    return;
                }
            }
        }
        Err(e) => {
            sink(Event::OpenFailed {
                message: e.shown(),
                recoverable: false,
            });
            return;
        }
    };
    if let Some(notice) = open_notice(&catalog) {
        sink(Event::Failed(notice));
    }
    if let Ok(lost) = catalog.lost_files() {
        sink(Event::LostFound(lost.len()));
    }
    let catalog_sink = sink.clone();
    catalog.set_event_sink(Catalog::sink_from(move |event: &CatalogEvent| {
        catalog_sink(Event::Catalog(event.clone()));
    }));
    // The window's sessions and typed secrets live as long as this loop.
    let remote = Arc::new(RemoteShared::new(data_dir));
    // Without a second connection (a read-only catalog on a full disk), counts run here.
    let counter = match Counter::start(&catalog, sink) {
        Ok(counter) => Some(counter),
        Err(e) => {
            tracing::warn!(error = %e, "counts run in the service loop");
            None
        }
    };
    let mut version = catalog.data_version().ok();
    loop {
        match commands.recv_timeout(POLL_INTERVAL) {
            Ok(first) => {
                let mut batch = vec![first];
                batch.extend(commands.try_iter());
                if let Some(counter) = &counter
                    && let Some(newest) = batch.iter().filter_map(listing_generation).max()
                {
                    counter.supersede(newest);
                }
                let (kept, skipped) = coalesce(batch);
                for (generation, offset) in skipped {
                    sink(Event::PageSkipped { generation, offset });
                }
                for command in kept {
                    match (command, &counter) {
                        (Command::Count { generation, query }, Some(counter)) => {
                            counter.ask(generation, query);
                        }
                        (command, _) => handle(&catalog, &remote, command, sink),
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        if let Some(counter) = &counter {
            // An interrupt that came between two of a count's statements is lost: ask again.
            counter.supersede(0);
        }
        let now = catalog.data_version().ok();
        if now != version {
            version = now;
            sink(Event::ExternalChange);
        }
    }
}

/// The listing generation a page, count or range request belongs to.
fn listing_generation(command: &Command) -> Option<u64> {
    match command {
        Command::Page { generation, .. }
        | Command::Count { generation, .. }
        | Command::SelectRange { generation, .. } => Some(*generation),
        _ => None,
    }
}

/// Counts on a thread and a connection of their own. A count of a broad filter reads every
/// matching row (seconds at a million images); run in the service loop it would hold up every
/// command behind it. Here a page never waits for one, and a count of a listing generation
/// older than the newest asked for is interrupted and answers nothing (the window ignores
/// counts of older generations anyway).
struct Counter {
    requests: Sender<(u64, ListQuery)>,
    state: Arc<CountState>,
}

/// What the service loop and the counting thread share.
struct CountState {
    /// The newest listing generation asked for (by a page, count or range).
    newest: AtomicU64,
    /// The generation being counted, while a count runs.
    running: Mutex<Option<u64>>,
    /// Stops the counting connection's running statement.
    interrupt: InterruptHandle,
}

impl CountState {
    /// Whether a count of `generation` is no longer wanted.
    fn stale(&self, generation: u64) -> bool {
        generation < self.newest.load(Ordering::SeqCst)
    }

    fn set_running(&self, generation: Option<u64>) {
        *self.running.lock().unwrap_or_else(PoisonError::into_inner) = generation;
    }
}

impl Counter {
    /// Open a second connection to `catalog`'s data dir and start the counting thread.
    fn start(catalog: &Catalog, sink: &EventSink) -> crate::backend::Result<Self> {
        let counting = catalog.reopen()?;
        let state = Arc::new(CountState {
            newest: AtomicU64::new(0),
            running: Mutex::new(None),
            interrupt: counting.interrupt_handle(),
        });
        let (requests, received) = mpsc::channel();
        let shared = state.clone();
        let sink = sink.clone();
        thread::Builder::new()
            .name("app-counts".into())
            .spawn(move || count_loop(&counting, &received, &shared, &sink))
            .map_err(|e| {
                crate::backend::Error::Internal(format!("cannot start the count thread: {e}"))
            })?;
        Ok(Self { requests, state })
    }

    /// Count the rows of a listing (answered with [`Event::Count`] unless superseded).
    fn ask(&self, generation: u64, query: ListQuery) {
        self.supersede(generation);
        // The thread ends only with this loop.
        let _ = self.requests.send((generation, query));
    }

    /// A listing of `generation` was asked for: interrupt a running count of an older one.
    fn supersede(&self, generation: u64) {
        self.state.newest.fetch_max(generation, Ordering::SeqCst);
        let running = self
            .state
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Under the lock, so the count interrupted is the one seen running (an interrupt
        // that arrives as its statement ends is cleared before the next one starts).
        if running.is_some_and(|counting| self.state.stale(counting)) {
            self.state.interrupt.interrupt();
        }
    }
}

fn count_loop(
    catalog: &Catalog,
    received: &Receiver<(u64, ListQuery)>,
    state: &CountState,
    sink: &EventSink,
) {
    while let Ok(first) = received.recv() {
        // Of the requests waiting, only the newest matters.
        let (generation, query) =
            received.try_iter().fold(
                first,
                |kept, next| if next.0 >= kept.0 { next } else { kept },
            );
        loop {
            if state.stale(generation) {
                break;
            }
            state.set_running(Some(generation));
            let counted = catalog.count(&query);
            state.set_running(None);
            match counted {
                _ if state.stale(generation) => {}
                Ok(total) => sink(Event::Count { generation, total }),
                // Interrupted although still wanted (an interrupt meant for the count
                // before it): count again.
                Err(e) if is_interrupt(&e) => continue,
                Err(e) => sink(Event::Failed(catalog.explain(e).shown())),
            }
            break;
        }
    }
}

/// Whether a statement stopped because it was interrupted.
fn is_interrupt(error: &crate::backend::Error) -> bool {
    matches!(
        error,
        crate::backend::Error::Database(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::OperationInterrupted
    )
}

/// Drop listing requests superseded by a newer generation, page requests beyond the most
/// recent few (fast scrolling asks for pages it has already scrolled past), and repeated
/// loads. Returns the commands to run and the skipped pages (generation, offset), which the UI
/// asks for again if they are still in view.
fn coalesce(batch: Vec<Command>) -> (Vec<Command>, Vec<(u64, u64)>) {
    let newest = batch
        .iter()
        .filter_map(|c| match c {
            Command::Page { generation, .. } | Command::Count { generation, .. } => {
                Some(*generation)
            }
            _ => None,
        })
        .max();
    let mut loads: Vec<ImageId> = Vec::new();
    let mut inspections: Vec<ImageId> = Vec::new();
    let mut pages = 0;
    let mut skipped = Vec::new();
    let mut kept = Vec::with_capacity(batch.len());
    for command in batch.into_iter().rev() {
        match &command {
            Command::Page { generation, .. } | Command::Count { generation, .. }
                if Some(*generation) != newest => {}
            Command::Page {
                generation, offset, ..
            } => {
                pages += 1;
                if pages > PAGES_PER_BATCH {
                    skipped.push((*generation, *offset));
                } else {
                    kept.push(command);
                }
            }
            Command::Load(id) if loads.contains(id) => {}
            Command::Load(id) => {
                loads.push(*id);
                kept.push(command);
            }
            Command::InspectImage(id) if inspections.contains(id) => {}
            Command::InspectImage(id) => {
                inspections.push(*id);
                kept.push(command);
            }
            _ => kept.push(command),
        }
    }
    kept.reverse();
    (kept, skipped)
}

/// `limit` rows from `offset` of a listing; with the row count known, a page in the second
/// half is read with the sort reversed (SQLite skips `OFFSET` rows one by one).
fn list_page(
    catalog: &Catalog,
    mut query: ListQuery,
    offset: u64,
    limit: u32,
    total: Option<u64>,
) -> crate::backend::Result<Vec<Image>> {
    match total {
        Some(total) if offset > total / 2 && offset < total => {
            let end = (offset + u64::from(limit)).min(total);
            query.sort = query
                .effective_sort()
                .into_iter()
                .map(|(key, dir)| {
                    let flipped = match dir {
                        SortDir::Asc => SortDir::Desc,
                        SortDir::Desc => SortDir::Asc,
                    };
                    (key, flipped)
                })
                .collect();
            query.offset = Some(total - end);
            query.limit = Some((end - offset) as u32);
            let mut rows = catalog.list(&query)?;
            rows.reverse();
            Ok(rows)
        }
        _ => {
            query.offset = Some(offset);
            query.limit = Some(limit);
            catalog.list(&query)
        }
    }
}

fn load(catalog: &Catalog, image_id: ImageId) -> crate::backend::Result<ImageView> {
    Ok(ImageView {
        image: catalog.image(image_id)?,
        members: catalog.members(image_id)?,
        history: catalog.history(image_id)?,
        tasks: catalog.tasks(None, Some(image_id), TASKS_SHOWN)?,
    })
}

fn handle(catalog: &Catalog, remote: &Arc<RemoteShared>, command: Command, sink: &EventSink) {
    let outcome: Result<Option<String>, crate::backend::Error> = match command {
        // The catalog is open: there is nothing to recover.
        Command::StartRecovery => Ok(None),
        Command::RecoverLost(job_id, control) => {
            spawn_job(
                catalog,
                job_id,
                "recover lost+found",
                sink,
                move |catalog, sink| -> crate::backend::Result<String> {
                    let mut registered = 0;
                    for lost in catalog.lost_files()? {
                        let Some(image_id) = lost.image_id else {
                            continue;
                        };
                        let image = catalog.recover_lost(image_id, None, &control)?;
                        sink(Event::JobImage(job_id, image.id));
                        registered += 1;
                    }
                    sink(Event::LostFound(catalog.lost_files()?.len()));
                    Ok(tr!("app-recovered-lost", count = registered.to_string()))
                },
            );
            Ok(None)
        }
        Command::Page {
            generation,
            query,
            offset,
            limit,
            total,
        } => match list_page(catalog, query, offset, limit, total) {
            Ok(rows) => {
                sink(Event::Page {
                    generation,
                    offset,
                    rows,
                });
                Ok(None)
            }
            Err(e) => Err(e),
        },
        Command::SelectRange {
            generation,
            token,
            query,
            offset,
            limit,
        } => match catalog.list_ids(&ListQuery {
            offset: Some(offset),
            limit: Some(limit),
            ..query
        }) {
            Ok(ids) => {
                sink(Event::RangeSelected {
                    generation,
                    token,
                    ids,
                });
                Ok(None)
            }
            Err(e) => Err(e),
        },
        Command::Count { generation, query } => match catalog.count(&query) {
            Ok(total) => {
                sink(Event::Count { generation, total });
                Ok(None)
            }
            Err(e) => Err(e),
        },
        Command::Load(image_id) => {
            match load(catalog, image_id) {
                Ok(view) => sink(Event::Loaded(Box::new(view))),
                Err(e) => sink(Event::LoadFailed(image_id, e.shown())),
            }
            Ok(None)
        }
        Command::Update(image_id, update) => catalog
            .update_image(image_id, &update)
            .map(|image| Some(tr!("app-saved-image", name = image.label()))),
        Command::AddMember(image_id, project) => catalog
            .add_member(image_id, &project)
            .map(|m| Some(tr!("app-shared-with", project = m.member_id))),
        Command::RemoveMember(image_id, project) => catalog
            .remove_member(image_id, &project)
            .map(|()| Some(tr!("app-stopped-sharing", project = project))),
        Command::SetMemberStatus(image_id, project, status) => catalog
            .set_member_status(image_id, &project, status)
            .map(|m| {
                let status = labels::member_status_named(m.status);
                Some(tr!(
                    "app-member-now",
                    project = m.member_id,
                    status = status
                ))
            }),
        Command::Lifecycle(image_id, action) => {
            let result = match action {
                LifecycleAction::Deactivate => catalog.deactivate(image_id),
                LifecycleAction::Reactivate => catalog.reactivate(image_id),
                LifecycleAction::Delete => catalog.delete(image_id),
                LifecycleAction::Restore => catalog.restore(image_id),
            };
            result.map(|image| {
                let status = labels::image_status_named(image.status);
                Some(tr!("app-image-now", name = image.label(), status = status))
            })
        }
        Command::Inspect(draft, path) => {
            sink(Event::Inspected(
                draft,
                crate::app::inspect::inspect_for_import(catalog, &path).map(Box::new),
            ));
            Ok(None)
        }
        Command::InspectImage(image_id) => {
            let result = catalog
                .inspect_image(image_id)
                .map(Box::new)
                .map_err(|e| e.shown());
            sink(Event::ImageInspected(image_id, result));
            Ok(None)
        }
        Command::Import(job_id, path, new_image, from_inspection, control) => {
            spawn_job(
                catalog,
                job_id,
                "import",
                sink,
                move |catalog, sink| -> crate::backend::Result<String> {
                    // The library refuses a bad or mislabelled file before it creates anything.
                    let image = catalog.import_file(
                        *new_image,
                        &path,
                        from_inspection,
                        &control,
                        &mut |image| sink(Event::JobImage(job_id, image.id)),
                    )?;
                    Ok(tr!(
                        "app-imported",
                        name = image.label(),
                        size = crate::format::bytes(image.size_bytes)
                    ))
                },
            );
            Ok(None)
        }
        Command::Upload(job_id, image_id, path, control) => {
            spawn_job(
                catalog,
                job_id,
                "upload",
                sink,
                move |catalog, _| -> crate::backend::Result<String> {
                    // The library refuses a bad or mislabelled file before it stores anything.
                    let image = catalog.upload_file(image_id, &path, &control)?;
                    Ok(tr!(
                        "app-uploaded",
                        size = crate::format::bytes(image.size_bytes),
                        name = image.label()
                    ))
                },
            );
            Ok(None)
        }
        Command::Export(job_id, image_id, path, control) => {
            spawn_job(
                catalog,
                job_id,
                "export",
                sink,
                move |catalog, _| -> crate::backend::Result<String> {
                    let digests = catalog.save_to_file(image_id, &path, &control)?;
                    Ok(tr!(
                        "app-exported",
                        size = crate::format::bytes_exact(digests.size_bytes),
                        path = path
                    ))
                },
            );
            Ok(None)
        }
        Command::Verify(job_id, image_id, control) => {
            spawn_job(
                catalog,
                job_id,
                "verify",
                sink,
                move |catalog, _| -> crate::backend::Result<String> {
                    let report = catalog.verify_image(image_id, &control)?;
                    let size = crate::format::bytes_exact(report.size_bytes);
                    Ok(if report.was_damaged {
                        tr!("app-verified-damage-cleared", size = size)
                    } else {
                        tr!("app-verified", size = size)
                    })
                },
            );
            Ok(None)
        }
        Command::LookInside(job_id, image_id, control) => {
            spawn_job(
                catalog,
                job_id,
                "look inside",
                sink,
                move |catalog, sink| -> crate::backend::Result<String> {
                    let looked = crate::app::guest::look_inside(catalog, image_id, &control)?;
                    let name = looked.image.label();
                    let summary = match &looked.report.os {
                        Some(os) => match os.name.clone().or_else(|| os.distro.clone()) {
                            Some(os) => tr!("app-looked-inside", name = name, os = os),
                            None => tr!("app-looked-inside-some-os", name = name),
                        },
                        None => tr!("app-looked-inside-no-os", name = name),
                    };
                    sink(Event::LookedInside(
                        job_id,
                        image_id,
                        Box::new(looked.report),
                    ));
                    Ok(summary)
                },
            );
            Ok(None)
        }
        Command::ApplySuggestions(image_id, report, keys) => crate::app::guest::apply_suggestions(
            catalog,
            image_id,
            Some(&report),
            keys.as_deref(),
            &crate::backend::JobControl::new(),
        )
        .map(|applied| Some(crate::app::guest::applied_summary(&applied))),
        // Up to 64 MiB read per image: off the service loop, on a connection of its own.
        Command::GuestConflicts(images) => catalog.reopen().map(|conflicts_catalog| {
            let conflicts_sink = sink.clone();
            crate::app::jobs::spawn(sink, "guest-conflicts", move || {
                for (image_id, warnings) in
                    crate::app::guest::push_conflicts(&conflicts_catalog, &images)
                {
                    conflicts_sink(Event::GuestConflicts(image_id, warnings));
                }
            });
            None
        }),
        Command::Convert(command) => {
            crate::app::convert::handle(catalog, command, sink);
            Ok(None)
        }
        Command::Remote(op) => {
            crate::app::remote::handle(catalog, remote, op, sink);
            Ok(None)
        }
    };
    match outcome {
        Ok(Some(done)) => sink(Event::Done(done)),
        Ok(None) => {}
        // A write that failed for want of space says so (and what could be freed).
        Err(e) => sink(Event::Failed(catalog.explain(e).shown())),
    }
}

/// What opening the data dir found that a person must know: a full disk (reading only). Files
/// kept in lost+found are shown in the top bar with their action ([`Event::LostFound`]).
fn open_notice(catalog: &Catalog) -> Option<String> {
    if catalog.read_only() {
        return Some(tr!(
            "app-read-only",
            error = crate::backend::space::no_space(catalog.data_dir()).shown()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::protocol::Command;
    use crate::backend::NewImage;

    fn page(generation: u64, offset: u64) -> Command {
        Command::Page {
            generation,
            query: ListQuery::default(),
            offset,
            limit: 100,
            total: None,
        }
    }

    #[test]
    fn pages_from_the_end_match_pages_from_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let catalog = Catalog::open(dir.path()).unwrap();
        for i in 0..23 {
            let name = format!("image-{}", i % 5);
            catalog
                .create_image(NewImage {
                    name: Some(name),
                    ..NewImage::default()
                })
                .unwrap();
        }
        let query = ListQuery {
            sort: vec![(crate::backend::SortKey::Name, SortDir::Asc)],
            ..ListQuery::default()
        };
        let ids = |rows: Vec<Image>| rows.into_iter().map(|i| i.id).collect::<Vec<_>>();
        for offset in [0, 10, 12, 15, 20, 22] {
            let forward = list_page(&catalog, query.clone(), offset, 4, None).unwrap();
            let backward = list_page(&catalog, query.clone(), offset, 4, Some(23)).unwrap();
            assert_eq!(ids(forward), ids(backward), "offset {offset}");
        }
    }

    #[test]
    fn counts_are_answered_beside_the_loop_and_older_generations_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let catalog = Catalog::open(dir.path()).unwrap();
        for i in 0..12 {
            catalog
                .create_image(NewImage {
                    name: Some(format!("image-{}", i % 3)),
                    ..NewImage::default()
                })
                .unwrap();
        }
        let (events, received) = mpsc::channel();
        let sink: EventSink = Arc::new(move |event| {
            let _ = events.send(event);
        });
        let counter = Counter::start(&catalog, &sink).unwrap();
        let named = |name: &str| ListQuery {
            name: Some(name.into()),
            ..ListQuery::default()
        };
        // Generation 3 was asked for before the count of 2 came: 2 is not counted.
        counter.supersede(3);
        counter.ask(2, ListQuery::default());
        counter.ask(3, named("image-1"));
        match received.recv_timeout(Duration::from_secs(10)).unwrap() {
            Event::Count { generation, total } => assert_eq!((generation, total), (3, 4)),
            other => panic!("{other:?}"),
        }
        counter.ask(4, ListQuery::default());
        match received.recv_timeout(Duration::from_secs(10)).unwrap() {
            Event::Count { generation, total } => assert_eq!((generation, total), (4, 12)),
            other => panic!("{other:?}"),
        }
        assert!(received.recv_timeout(Duration::from_millis(100)).is_err());
        // Nothing is running now: superseding interrupts nothing, the next count is answered.
        counter.supersede(5);
        counter.ask(5, named("image-2"));
        match received.recv_timeout(Duration::from_secs(10)).unwrap() {
            Event::Count { generation, total } => assert_eq!((generation, total), (5, 4)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn done_messages_are_in_the_current_language() {
        use crate::i18n::{Lang, set_thread_lang};
        let dir = tempfile::tempdir().unwrap();
        let catalog = Catalog::open(dir.path()).unwrap();
        let remote = Arc::new(RemoteShared::new(dir.path()));
        let (events, received) = mpsc::channel();
        let sink: EventSink = Arc::new(move |event| {
            let _ = events.send(event);
        });
        let delete = |name: &str| {
            let image = catalog
                .create_image(NewImage {
                    name: Some(name.into()),
                    ..NewImage::default()
                })
                .unwrap();
            let command = Command::Lifecycle(image.id, LifecycleAction::Delete);
            handle(&catalog, &remote, command, &sink);
            match received.recv_timeout(Duration::from_secs(10)).unwrap() {
                Event::Done(text) => text,
                other => panic!("{other:?}"),
            }
        };
        set_thread_lang(Some(Lang::ZhCn));
        assert_eq!(delete("cirros"), "镜像“cirros”现为已删除（deleted）");
        set_thread_lang(Some(Lang::En));
        assert_eq!(delete("fedora"), "image \"fedora\" is now deleted");
        set_thread_lang(None);
    }

    #[test]
    fn coalesce_keeps_the_newest_pages_and_loads_once() {
        let id = ImageId::new_random();
        let mut batch = vec![page(1, 0), Command::Load(id)];
        batch.extend((0..8).map(|i| page(2, i * 100)));
        batch.push(Command::Load(id));
        let (kept, skipped) = coalesce(batch);
        let offsets: Vec<u64> = kept
            .iter()
            .filter_map(|c| match c {
                Command::Page { offset, .. } => Some(*offset),
                _ => None,
            })
            .collect();
        assert_eq!(offsets, [400, 500, 600, 700]);
        assert_eq!(skipped.len(), 4);
        assert_eq!(
            kept.iter()
                .filter(|c| matches!(c, Command::Load(_)))
                .count(),
            1
        );
    }
}
