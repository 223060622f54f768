//! The backend bridge: a worker thread that owns the [`Catalog`], takes [`Command`]s from the
//! UI over a bounded channel and answers with [`Reply`]s. Long jobs (import, export) run on
//! their own threads with `catalog.reopen()`. The catalog's event sink and every reply wake the
//! UI with `request_repaint`; the worker also polls `data_version` once a second so changes
//! made by other processes (the CLI) show up. The UI thread never touches SQLite or files.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender, TrySendError};
use std::thread;
use std::time::Duration;

use eframe::egui;

use crate::backend::{
    Catalog, Event, Image, ImageId, ImageUpdate, JobControl, ListQuery, Member, MemberStatus,
    NewImage, SortDir, Task, Transition,
};
use crate::convert::inspect::Inspection;
use crate::ui::convert::{ConvertCommand, ConvertReply};
use crate::ui::detect::{FileFacts, inspect_for_import};
use crate::ui::remotes::bridge as remote_bridge;
use crate::ui::remotes::ops::{RemoteCommand, RemoteReply};

/// Identifies one job (import or export) for the jobs panel.
pub type JobId = u64;

/// How often the worker looks for changes made by other processes.
const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// How many commands may wait before the UI is told the backend is busy.
const QUEUE_DEPTH: usize = 1024;
/// Most page fetches run from one batch of commands (the newest ones).
const PAGES_PER_BATCH: usize = 4;
/// How many tasks the state panel shows.
const TASKS_SHOWN: u32 = 50;

/// A lifecycle action on one image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifecycleAction {
    /// active -> deactivated.
    Deactivate,
    /// deactivated -> active.
    Reactivate,
    /// -> deleted (or pending_delete with delayed delete).
    Delete,
    /// pending_delete -> active.
    Restore,
}

impl LifecycleAction {
    /// The verb, for messages.
    pub fn verb(self) -> &'static str {
        match self {
            LifecycleAction::Deactivate => "deactivate",
            LifecycleAction::Reactivate => "reactivate",
            LifecycleAction::Delete => "delete",
            LifecycleAction::Restore => "restore",
        }
    }
}

/// An order from the UI.
#[derive(Debug)]
pub enum Command {
    /// Register every file in lost+found again (`image recover --all`).
    RecoverLost(JobId, JobControl),
    /// The registry is missing or empty while the store holds images: start a new registry
    /// and keep every image file in lost+found (`image recover`).
    StartRecovery,
    /// Fetch `limit` rows from `offset` of a listing.
    Page {
        /// The listing generation the rows belong to.
        generation: u64,
        /// The query (filters, search, sort).
        query: ListQuery,
        /// First row.
        offset: u64,
        /// Row count.
        limit: u32,
        /// The listing's row count for this generation, when known: pages in its second half
        /// are read from the other end, so the last page costs what the first does.
        total: Option<u64>,
    },
    /// Count the rows of a listing.
    Count {
        /// The listing generation.
        generation: u64,
        /// The query.
        query: ListQuery,
    },
    /// List the ids of `limit` rows from `offset` (a shift-click range beyond fetched rows).
    SelectRange {
        /// The listing generation the range belongs to.
        generation: u64,
        /// The click it answers.
        token: u64,
        /// The query (filters, search, sort).
        query: ListQuery,
        /// First row.
        offset: u64,
        /// Row count.
        limit: u32,
    },
    /// Load an image with its members, history and tasks.
    Load(ImageId),
    /// Change editable fields, tags or properties.
    Update(ImageId, Box<ImageUpdate>),
    /// Share with a project.
    AddMember(ImageId, String),
    /// Stop sharing with a project.
    RemoveMember(ImageId, String),
    /// Record a member's answer.
    SetMemberStatus(ImageId, String, MemberStatus),
    /// Deactivate, reactivate, delete or restore.
    Lifecycle(ImageId, LifecycleAction),
    /// Read a file's header for the import form.
    Inspect(u64, PathBuf),
    /// Inspect an image's stored data for the details panel.
    InspectImage(ImageId),
    /// Create an image and upload a file into it.
    Import(JobId, PathBuf, Box<NewImage>, JobControl),
    /// Save an image's data to a file.
    Export(JobId, ImageId, PathBuf, JobControl),
    /// Check an image's data against its recorded size and hashes (`image verify`).
    Verify(JobId, ImageId, JobControl),
    /// Conversion, blank images, resize, check, measure (handled by `ui::convert`).
    Convert(ConvertCommand),
    /// Talk to a remote cloud (the Remotes panel; run off this thread by `remote_bridge`).
    Remote(RemoteCommand),
}

/// Everything the UI needs about one image.
#[derive(Debug, Clone)]
pub struct ImageView {
    /// The image.
    pub image: Image,
    /// Its members.
    pub members: Vec<Member>,
    /// Its status history, oldest first.
    pub history: Vec<Transition>,
    /// Its tasks, newest first.
    pub tasks: Vec<Task>,
}

/// How a job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    /// Done, with a summary.
    Succeeded(String),
    /// Stopped on request.
    Cancelled,
    /// Failed, with the error.
    Failed(String),
}

/// An answer from the backend.
#[derive(Debug)]
pub enum Reply {
    /// The catalog could not be opened; `recoverable` when its registry is missing or empty
    /// while the store holds images ([`Command::StartRecovery`] is then waited for).
    OpenFailed {
        /// Why.
        message: String,
        /// Whether a new registry can be started, keeping the image files in lost+found.
        recoverable: bool,
    },
    /// A new registry was started after [`Command::StartRecovery`].
    Recovered,
    /// How many image files wait in lost+found (sent after the catalog opens).
    LostFound(usize),
    /// Rows of a listing.
    Page {
        /// Listing generation.
        generation: u64,
        /// First row.
        offset: u64,
        /// The rows.
        rows: Vec<Image>,
    },
    /// A page request was dropped as superseded; ask again if it is still in view.
    PageSkipped {
        /// Listing generation.
        generation: u64,
        /// First row.
        offset: u64,
    },
    /// Row count of a listing.
    Count {
        /// Listing generation.
        generation: u64,
        /// Matching images.
        total: u64,
    },
    /// The ids of a shift-click range.
    RangeSelected {
        /// Listing generation.
        generation: u64,
        /// The click it answers.
        token: u64,
        /// The ids.
        ids: Vec<ImageId>,
    },
    /// An image's details.
    Loaded(Box<ImageView>),
    /// An image could not be loaded (deleted meanwhile, say).
    LoadFailed(ImageId, String),
    /// A command succeeded; the text says what was done.
    Done(String),
    /// A command failed; the text is the library's one-line message.
    Failed(String),
    /// A file's header facts for the import form.
    Inspected(u64, Result<Box<FileFacts>, String>),
    /// What the inspector found in an image's stored data.
    ImageInspected(ImageId, Result<Box<Inspection>, String>),
    /// A catalog event (committed change).
    Event(Event),
    /// Another process changed the registry.
    ExternalChange,
    /// An import created its image.
    JobImage(JobId, ImageId),
    /// A job ended.
    JobFinished(JobId, JobOutcome),
    /// An answer for the conversion windows.
    Convert(Box<ConvertReply>),
    /// An answer for the Remotes panel.
    Remote(RemoteReply),
}

/// The UI's end of the bridge.
pub struct Bridge {
    commands: SyncSender<Command>,
    replies: Receiver<Reply>,
}

impl Bridge {
    /// Start the worker on `data_dir`; replies wake `ctx`.
    pub fn start(data_dir: &Path, ctx: &egui::Context) -> Self {
        let (command_tx, command_rx) = mpsc::sync_channel(QUEUE_DEPTH);
        let (reply_tx, reply_rx) = mpsc::channel();
        let data_dir = data_dir.to_path_buf();
        let waker = Waker {
            replies: reply_tx,
            ctx: ctx.clone(),
        };
        let spawned = thread::Builder::new().name("catalog-bridge".into()).spawn({
            let waker = waker.clone();
            move || worker(&data_dir, &command_rx, &waker)
        });
        if let Err(e) = spawned {
            waker.send(Reply::OpenFailed {
                message: format!("cannot start the backend thread: {e}"),
                recoverable: false,
            });
        }
        Self {
            commands: command_tx,
            replies: reply_rx,
        }
    }

    /// Queue a command; an error says why it could not be queued.
    pub fn send(&self, command: Command) -> Result<(), String> {
        match self.commands.try_send(command) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(_)) => Err("the backend is busy: try again".to_string()),
            Err(TrySendError::Disconnected(_)) => Err("the backend stopped".to_string()),
        }
    }

    /// Replies that arrived since the last call.
    pub fn drain(&self) -> Vec<Reply> {
        self.replies.try_iter().collect()
    }
}

/// Sends replies and wakes the UI.
#[derive(Clone)]
pub(crate) struct Waker {
    replies: Sender<Reply>,
    ctx: egui::Context,
}

impl Waker {
    /// Send `reply` and wake the UI.
    pub(crate) fn send(&self, reply: Reply) {
        // The UI may be gone while a job finishes; nothing to tell then.
        let _ = self.replies.send(reply);
        self.ctx.request_repaint();
    }
}

fn worker(data_dir: &Path, commands: &Receiver<Command>, waker: &Waker) {
    let mut catalog = match Catalog::open(data_dir) {
        Ok(catalog) => catalog,
        Err(e @ crate::backend::Error::RegistryMissing { .. }) => {
            waker.send(Reply::OpenFailed {
                message: e.to_string(),
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
                    waker.send(Reply::Recovered);
                    catalog
                }
                Err(e) => {
                    waker.send(Reply::OpenFailed {
                        message: e.to_string(),
                        recoverable: false,
                    });
                    return;
                }
            }
        }
        Err(e) => {
            waker.send(Reply::OpenFailed {
                message: e.to_string(),
                recoverable: false,
            });
            return;
        }
    };
    if let Some(notice) = open_notice(&catalog) {
        waker.send(Reply::Failed(notice));
    }
    if let Ok(lost) = catalog.lost_files() {
        waker.send(Reply::LostFound(lost.len()));
    }
    let sink_waker = waker.clone();
    catalog.set_event_sink(Catalog::sink_from(move |event: &Event| {
        sink_waker.send(Reply::Event(event.clone()));
    }));
    let mut version = catalog.data_version().ok();
    loop {
        match commands.recv_timeout(POLL_INTERVAL) {
            Ok(first) => {
                let mut batch = vec![first];
                batch.extend(commands.try_iter());
                let (kept, skipped) = coalesce(batch);
                for (generation, offset) in skipped {
                    waker.send(Reply::PageSkipped { generation, offset });
                }
                for command in kept {
                    handle(&catalog, command, waker);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        let now = catalog.data_version().ok();
        if now != version {
            version = now;
            waker.send(Reply::ExternalChange);
        }
    }
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

fn handle(catalog: &Catalog, command: Command, waker: &Waker) {
    let outcome: Result<Option<String>, String> = match command {
        // The catalog is open: there is nothing to recover.
        Command::StartRecovery => Ok(None),
        Command::RecoverLost(job_id, control) => {
            spawn_job(catalog, job_id, waker, move |catalog, waker| {
                let mut registered = 0;
                for lost in catalog.lost_files()? {
                    let Some(image_id) = lost.image_id else {
                        continue;
                    };
                    let image = catalog.recover_lost(image_id, None, &control)?;
                    waker.send(Reply::JobImage(job_id, image.id));
                    registered += 1;
                }
                waker.send(Reply::LostFound(catalog.lost_files()?.len()));
                Ok(format!(
                    "registered {registered} image(s) from lost+found again"
                ))
            });
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
                waker.send(Reply::Page {
                    generation,
                    offset,
                    rows,
                });
                Ok(None)
            }
            Err(e) => Err(format!("cannot list images: {e}")),
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
                waker.send(Reply::RangeSelected {
                    generation,
                    token,
                    ids,
                });
                Ok(None)
            }
            Err(e) => Err(format!("cannot list images: {e}")),
        },
        Command::Count { generation, query } => match catalog.count(&query) {
            Ok(total) => {
                waker.send(Reply::Count { generation, total });
                Ok(None)
            }
            Err(e) => Err(format!("cannot count images: {e}")),
        },
        Command::Load(image_id) => {
            match load(catalog, image_id) {
                Ok(view) => waker.send(Reply::Loaded(Box::new(view))),
                Err(e) => waker.send(Reply::LoadFailed(image_id, e.to_string())),
            }
            Ok(None)
        }
        Command::Update(image_id, update) => catalog
            .update_image(image_id, &update)
            .map(|image| Some(format!("saved image \"{}\"", image.label())))
            .map_err(|e| e.to_string()),
        Command::AddMember(image_id, project) => catalog
            .add_member(image_id, &project)
            .map(|m| Some(format!("shared with project {}", m.member_id)))
            .map_err(|e| e.to_string()),
        Command::RemoveMember(image_id, project) => catalog
            .remove_member(image_id, &project)
            .map(|()| Some(format!("stopped sharing with project {project}")))
            .map_err(|e| e.to_string()),
        Command::SetMemberStatus(image_id, project, status) => catalog
            .set_member_status(image_id, &project, status)
            .map(|m| Some(format!("member {} is now {}", m.member_id, m.status)))
            .map_err(|e| e.to_string()),
        Command::Lifecycle(image_id, action) => {
            let result = match action {
                LifecycleAction::Deactivate => catalog.deactivate(image_id),
                LifecycleAction::Reactivate => catalog.reactivate(image_id),
                LifecycleAction::Delete => catalog.delete(image_id),
                LifecycleAction::Restore => catalog.restore(image_id),
            };
            result
                .map(|image| {
                    Some(format!(
                        "image \"{}\" is now {}",
                        image.label(),
                        image.status
                    ))
                })
                .map_err(|e| e.to_string())
        }
        Command::Inspect(draft, path) => {
            waker.send(Reply::Inspected(
                draft,
                inspect_for_import(&path).map(Box::new),
            ));
            Ok(None)
        }
        Command::InspectImage(image_id) => {
            let result = catalog
                .inspect_image(image_id)
                .map(Box::new)
                .map_err(|e| e.to_string());
            waker.send(Reply::ImageInspected(image_id, result));
            Ok(None)
        }
        Command::Import(job_id, path, new_image, control) => {
            spawn_job(catalog, job_id, waker, move |catalog, waker| {
                // The library refuses a bad or mislabelled file before it creates anything.
                let image = catalog.import_file(*new_image, &path, &control, &mut |image| {
                    waker.send(Reply::JobImage(job_id, image.id));
                })?;
                Ok(format!(
                    "imported \"{}\" ({})",
                    image.label(),
                    crate::ui::format::bytes(image.size_bytes)
                ))
            });
            Ok(None)
        }
        Command::Export(job_id, image_id, path, control) => {
            spawn_job(catalog, job_id, waker, move |catalog, _| {
                let digests = catalog.save_to_file(image_id, &path, &control)?;
                Ok(format!(
                    "saved {} to {} (checksums verified)",
                    crate::ui::format::bytes_exact(digests.size_bytes),
                    path.display()
                ))
            });
            Ok(None)
        }
        Command::Verify(job_id, image_id, control) => {
            spawn_job(catalog, job_id, waker, move |catalog, _| {
                let report = catalog.verify_image(image_id, &control)?;
                Ok(format!(
                    "verified {}: size, md5 and sha512 match{}",
                    crate::ui::format::bytes_exact(report.size_bytes),
                    if report.was_damaged {
                        " (the damaged mark is cleared)"
                    } else {
                        ""
                    }
                ))
            });
            Ok(None)
        }
        Command::Convert(command) => {
            crate::ui::convert::bridge::handle(catalog, command, waker);
            Ok(None)
        }
        Command::Remote(command) => {
            let waker = waker.clone();
            remote_bridge::handle(catalog, command, Arc::new(move |reply| waker.send(reply)));
            Ok(None)
        }
    };
    match outcome {
        Ok(Some(done)) => waker.send(Reply::Done(done)),
        Ok(None) => {}
        Err(message) => waker.send(Reply::Failed(explain_text(catalog, message))),
    }
}

/// What opening the data dir found that a person must know: a full disk (reading only). Files
/// kept in lost+found are shown in the top bar with their action ([`Reply::LostFound`]).
fn open_notice(catalog: &Catalog) -> Option<String> {
    if catalog.read_only() {
        return Some(format!(
            "{} — the catalog is open for reading only",
            crate::backend::space::no_space(catalog.data_dir())
        ));
    }
    None
}

/// A registry write that failed on a full disk said "disk I/O error" or "readonly database":
/// say that the disk is full instead, keeping the original words after it.
fn explain_text(catalog: &Catalog, message: String) -> String {
    let looks_like_space = ["database", "No space left", "I/O error"]
        .iter()
        .any(|needle| message.contains(needle));
    if looks_like_space && crate::backend::space::is_full(catalog.data_dir()) {
        format!(
            "{} ({message})",
            crate::backend::space::no_space(catalog.data_dir())
        )
    } else {
        message
    }
}

/// Tell the UI how a job ended.
fn finish(waker: &Waker, job_id: JobId, result: crate::backend::Result<String>) {
    let outcome = match result {
        Ok(summary) => JobOutcome::Succeeded(summary),
        Err(e) if e.kind() == crate::backend::ErrorKind::Cancelled => JobOutcome::Cancelled,
        Err(e) => JobOutcome::Failed(e.to_string()),
    };
    waker.send(Reply::JobFinished(job_id, outcome));
}

/// Run `job` on its own thread with its own catalog connection.
pub(crate) fn spawn_job(
    catalog: &Catalog,
    job_id: JobId,
    waker: &Waker,
    job: impl FnOnce(&Catalog, &Waker) -> crate::backend::Result<String> + Send + 'static,
) {
    let job_catalog = match catalog.reopen() {
        Ok(c) => c,
        Err(e) => return finish(waker, job_id, Err(e)),
    };
    let job_waker = waker.clone();
    let spawned = thread::Builder::new()
        .name(format!("job-{job_id}"))
        .spawn(move || {
            // A write that failed for want of space says so (and what could be freed).
            let result = job(&job_catalog, &job_waker).map_err(|e| job_catalog.explain(e));
            finish(&job_waker, job_id, result);
        });
    if let Err(e) = spawned {
        waker.send(Reply::JobFinished(
            job_id,
            JobOutcome::Failed(format!("cannot start the job thread: {e}")),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
