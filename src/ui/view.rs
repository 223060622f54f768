//! The workbench's view state and how it changes: every panel's state, the loaded details of
//! the selected image, jobs and notices, and the persisted preferences. Replies from the
//! bridge are applied here and commands queued by the panels are sent from here, once per
//! frame; nothing in this module blocks.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::backend::state::is_allowed;
use crate::backend::{ImageId, ImageStatus};
use crate::tr;
use crate::ui::bridge::{Bridge, Command, Event, ImageView, LifecycleAction};
use crate::ui::catalog::{CatalogView, SortPref};
use crate::ui::catalog_table::CatalogAction;
use crate::ui::convert::ConvertView;
use crate::ui::details::DetailsView;
pub use crate::ui::details::{Leave, LeaveAnswer};
use crate::ui::import::ImportView;
use crate::ui::jobs::Jobs;
use crate::ui::lifecycle::{DeleteTarget, LifecycleView, suggested_file_name};
use crate::ui::remotes::{self, Central, RemotesView};
use crate::ui::sharing::SharingView;
use crate::ui::theme::ThemeChoice;

/// The inspector tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Tab {
    /// Fields, tags, properties and lifecycle actions.
    #[default]
    Details,
    /// Visibility and members.
    Sharing,
    /// Status diagram, history and tasks.
    State,
}

/// What is remembered between runs (eframe persistence).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Light, dark or system.
    pub theme: ThemeChoice,
    /// Catalog sort.
    pub sort: SortPref,
    /// Inspector tab.
    pub tab: Tab,
    /// Folder of the last imported file.
    pub last_import_dir: Option<PathBuf>,
    /// Folder of the last export.
    pub last_export_dir: Option<PathBuf>,
    /// Catalog or Remotes in the central area.
    pub central: Central,
    /// Catalog columns hidden with the column chooser.
    #[serde(default)]
    pub hidden_columns: Vec<crate::ui::catalog::Column>,
    /// The language chosen in the window (its code); none follows the system.
    pub language: Option<String>,
    /// The missing-CJK-font notice was shown once already.
    pub cjk_notice_shown: bool,
}

/// Everything the window shows, apart from egui's own widget memory.
#[derive(Default)]
pub struct ViewState {
    /// The catalog browser.
    pub catalog: CatalogView,
    /// The selected image's details, once loaded (kept while a reload is pending).
    pub selected: Option<ImageView>,
    /// Details form drafts.
    pub details: DetailsView,
    /// Sharing form drafts.
    pub sharing: SharingView,
    /// Import form.
    pub import: ImportView,
    /// Lifecycle dialogs.
    pub lifecycle: LifecycleView,
    /// Convert panel, Create blank / Resize / Check dialogs.
    pub convert: ConvertView,
    /// Jobs, notices, status line.
    pub jobs: Jobs,
    /// The Remotes panel (clouds, remote catalogs, sync, cache).
    pub remotes: RemotesView,
    /// The inspector tab.
    pub tab: Tab,
    /// Light/dark choice.
    pub theme: ThemeChoice,
    /// The language chosen in the window; none follows the system.
    pub language: Option<crate::i18n::Lang>,
    /// The missing-CJK-font notice was shown once already.
    pub cjk_notice_shown: bool,
    /// Commands queued this frame.
    pub outbox: Vec<Command>,
    /// The image whose details were last asked for.
    loading: Option<ImageId>,
    /// The catalog could not be opened.
    pub fatal: Option<String>,
    /// The registry is missing while the store holds images: a new one can be started.
    pub recoverable: bool,
    /// Image files waiting in lost+found to be registered again.
    pub lost_found: usize,
    /// A move that would lose unsaved edits, waiting for Save / Discard / Cancel.
    pub leaving: Option<Leave>,
    /// The central area as last shown (to notice a switch while edits are unsaved).
    shown_central: Central,
    /// The central area asked for while the prompt is open.
    asked_central: Central,
}

impl ViewState {
    /// A view restored from preferences.
    pub fn from_prefs(prefs: Prefs) -> Self {
        let mut view = Self::default();
        view.catalog.sort = prefs.sort;
        view.catalog.hidden_columns = prefs.hidden_columns;
        view.tab = prefs.tab;
        view.theme = prefs.theme;
        view.language = crate::ui::language::from_pref(prefs.language.as_deref());
        view.cjk_notice_shown = prefs.cjk_notice_shown;
        view.import.last_dir = prefs.last_import_dir;
        view.lifecycle.last_export_dir = prefs.last_export_dir;
        view.remotes.central = prefs.central;
        view.shown_central = prefs.central;
        view
    }

    /// The preferences to remember.
    pub fn prefs(&self) -> Prefs {
        Prefs {
            theme: self.theme,
            sort: self.catalog.sort,
            hidden_columns: self.catalog.hidden_columns.clone(),
            tab: self.tab,
            last_import_dir: self.import.last_dir.clone(),
            last_export_dir: self.lifecycle.last_export_dir.clone(),
            central: self.remotes.central,
            language: self.language.map(|lang| lang.code().to_string()),
            cjk_notice_shown: self.cjk_notice_shown,
        }
    }

    /// Whether anything is still on its way (a fetch, a load, a job).
    pub fn is_busy(&self) -> bool {
        // With no catalog open nothing is on its way.
        (self.catalog.is_refreshing() && self.fatal.is_none())
            || self.jobs.any_running()
            || (self.catalog.primary.is_some()
                && self.selected.as_ref().map(|v| v.image.id) != self.catalog.primary)
    }

    fn reload_selected(&mut self) {
        if let Some(id) = self.catalog.primary {
            self.outbox.push(Command::Load(id));
            self.loading = Some(id);
        }
    }

    /// Apply one reply from the bridge.
    pub fn apply(&mut self, reply: Event) {
        match reply {
            Event::OpenFailed {
                message,
                recoverable,
            } => {
                // Shown once, in the top bar (with the way out when there is one).
                self.fatal = Some(message);
                self.recoverable = recoverable;
            }
            Event::LostFound(count) => self.lost_found = count,
            Event::Recovered => {
                self.fatal = None;
                self.recoverable = false;
                self.jobs.status(tr!("window-recovered"));
                self.catalog.invalidate();
            }
            Event::Page {
                generation,
                offset,
                rows,
            } => {
                self.catalog.page_arrived(generation, offset, &rows);
            }
            Event::PageSkipped { generation, offset } => {
                self.catalog.page_skipped(generation, offset);
            }
            Event::Count { generation, total } => self.catalog.count_arrived(generation, total),
            Event::RangeSelected {
                generation,
                token,
                ids,
            } => self.catalog.range_arrived(generation, token, ids),
            Event::Loaded(view) => {
                if Some(view.image.id) == self.catalog.primary {
                    self.selected = Some(*view);
                }
            }
            Event::LoadFailed(id, message) => {
                if Some(id) == self.catalog.primary {
                    self.selected = None;
                    self.jobs.status(message);
                }
            }
            Event::Done(text) => self.jobs.status(text),
            Event::Failed(text) => {
                // A save that failed leaves its edit unsaved (and guarded) again.
                self.details.save_failed();
                self.jobs.error(text);
            }
            Event::Inspected(draft, facts) => self.import.inspected(draft, facts),
            Event::ImageInspected(image_id, result) => self.details.inspected(image_id, result),
            Event::Catalog(event) => {
                // Every committed change refreshes the listing, so an image that became
                // deleted leaves the default list at once.
                self.catalog.invalidate();
                if let Some(image_id) = event.image_id() {
                    self.details.changed(image_id);
                }
                if event.image_id().is_some() && event.image_id() == self.catalog.primary {
                    self.reload_selected();
                }
            }
            Event::ExternalChange => {
                self.catalog.invalidate();
                self.reload_selected();
            }
            Event::JobImage(job_id, image_id) => {
                if let Some(job) = self.jobs.job_mut(job_id) {
                    job.image_id = Some(image_id);
                }
                if self.import.last_started == Some(job_id) {
                    self.select(image_id);
                }
            }
            Event::Convert(reply) => {
                self.details.qemu_info.offer(&reply);
                if let Some(image_id) = self.convert.apply(*reply, &mut self.jobs) {
                    self.select(image_id);
                }
            }
            Event::LookedInside(job_id, image_id, report) => {
                self.details.inside.looked(job_id, image_id, report);
            }
            Event::GuestConflicts(image_id, warnings) => {
                self.remotes.forms.push_conflicts(image_id, warnings);
            }
            Event::JobFinished(job_id, outcome) => {
                self.details.inside.job_finished(job_id, &outcome);
                self.jobs.finish(job_id, outcome);
                self.remotes.job_finished(job_id);
            }
            Event::Remote(reply) => {
                remotes::apply(&mut self.remotes, reply, &mut self.jobs, &mut self.catalog)
            }
        }
    }

    /// Make `image_id` the only selected image.
    pub fn select(&mut self, image_id: ImageId) {
        self.catalog.select_one(image_id);
    }

    /// Whether Details holds edits of the shown image that were not saved.
    pub fn has_unsaved_edits(&self) -> bool {
        self.details.is_dirty()
            && self.selected.as_ref().map(|v| v.image.id) == self.details.image_id()
    }

    /// Hold a selection change or a view switch that would lose unsaved edits, and ask first.
    fn guard_unsaved(&mut self) {
        if !self.has_unsaved_edits() {
            self.shown_central = self.remotes.central;
            return;
        }
        let shown = self.details.image_id();
        if self.catalog.primary != shown {
            if self.leaving.is_none() {
                self.leaving = Some(Leave::Select(self.catalog.primary));
            }
            if let Some(id) = shown {
                self.catalog.select_one(id);
            }
        }
        if self.remotes.central != self.shown_central {
            if self.leaving.is_none() {
                self.leaving = Some(Leave::SwitchView);
                self.asked_central = self.remotes.central;
            }
            self.remotes.central = self.shown_central;
        }
    }

    /// Answer the unsaved-edits prompt: save or discard the edits and go on, or stay.
    /// Returns true when the window should now close.
    pub fn resolve_leave(&mut self, answer: LeaveAnswer) -> bool {
        let Some(leave) = self.leaving.take() else {
            return false;
        };
        match answer {
            LeaveAnswer::Cancel => return false,
            LeaveAnswer::Discard => self.details.revert(),
            LeaveAnswer::Save => {
                let Some(view) = &self.selected else {
                    return false;
                };
                if let Err(problem) = self.details.save(&view.image, &mut self.outbox) {
                    // Invalid edits cannot be saved: stay, and say why.
                    self.jobs.error(problem);
                    return false;
                }
            }
        }
        match leave {
            Leave::Select(Some(id)) => self.select(id),
            Leave::Select(None) => {
                self.catalog.selected.clear();
                self.catalog.primary = None;
            }
            Leave::SwitchView => {
                self.remotes.central = self.asked_central;
                self.shown_central = self.asked_central;
            }
            Leave::Close => return true,
        }
        false
    }

    /// Ask for the details of a newly selected image; forget them when nothing is selected.
    /// A change that would lose unsaved edits is held until the prompt is answered.
    pub fn follow_selection(&mut self) {
        self.guard_unsaved();
        match self.catalog.primary {
            None => {
                self.selected = None;
                self.loading = None;
            }
            Some(id) if self.loading != Some(id) => {
                self.outbox.push(Command::Load(id));
                self.loading = Some(id);
            }
            Some(_) => {}
        }
    }

    /// Turn a catalog action into commands or dialogs.
    pub fn catalog_action(&mut self, action: CatalogAction) {
        match action {
            CatalogAction::Lifecycle(LifecycleAction::Delete, ids) => {
                let targets = ids
                    .into_iter()
                    .filter_map(|id| {
                        let row = self.catalog.loaded_rows().find(|(_, r)| r.id == id)?.1;
                        (row.status != ImageStatus::Deleted).then(|| DeleteTarget {
                            id,
                            label: row.name.clone(),
                            protected: row.protected,
                        })
                    })
                    .collect();
                self.lifecycle.ask_delete(targets);
            }
            CatalogAction::Lifecycle(action, ids) => {
                let to = match action {
                    LifecycleAction::Deactivate => ImageStatus::Deactivated,
                    LifecycleAction::Reactivate | LifecycleAction::Restore => ImageStatus::Active,
                    LifecycleAction::Delete => ImageStatus::Deleted,
                };
                for id in ids {
                    let allowed = match (self.catalog.status_of(id), action) {
                        (None, _) => true,
                        (Some(from), LifecycleAction::Reactivate) => {
                            from == ImageStatus::Deactivated
                        }
                        (Some(from), LifecycleAction::Restore) => {
                            from == ImageStatus::PendingDelete
                        }
                        (Some(from), _) => is_allowed(from, to),
                    };
                    if allowed {
                        self.outbox.push(Command::Lifecycle(id, action));
                    }
                }
            }
            CatalogAction::Export(id) => {
                let name = match &self.selected {
                    Some(view) if view.image.id == id => {
                        Some((view.image.label(), suggested_file_name(&view.image)))
                    }
                    _ => self
                        .catalog
                        .loaded_rows()
                        .find(|(_, r)| r.id == id)
                        .map(|(_, r)| (r.name.clone(), format!("{}.{}", r.name, r.disk_format))),
                };
                if let Some((label, file)) = name {
                    self.lifecycle.ask_export(id, &label, &file);
                }
            }
            CatalogAction::Convert(action) => self.convert.open(action, &mut self.outbox),
            CatalogAction::Import => self.import.show(),
            CatalogAction::AddCloud => {
                self.remotes.central = Central::Remotes;
                self.remotes.forms.open_form(None);
            }
        }
    }

    /// Send the queued commands; a refused send becomes a notice.
    pub fn flush(&mut self, bridge: &Bridge) {
        for command in self.outbox.drain(..) {
            if let Err(message) = bridge.send(command) {
                self.jobs.error(message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_survive_a_restart() {
        let mut view = ViewState::default();
        view.remotes.central = Central::Remotes;
        view.tab = Tab::State;
        view.import.last_dir = Some(PathBuf::from("/srv/images"));
        let stored = serde_json::to_string(&view.prefs()).unwrap();
        let restored = ViewState::from_prefs(serde_json::from_str(&stored).unwrap());
        assert_eq!(restored.remotes.central, Central::Remotes);
        assert_eq!(restored.prefs(), view.prefs());
        // Preferences written before the switch existed still load.
        let old: Prefs = serde_json::from_str(r#"{"tab":"Sharing"}"#).unwrap();
        assert_eq!(old.central, Central::Catalog);
        assert_eq!(old.tab, Tab::Sharing);
    }
}
