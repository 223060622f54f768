//! The catalog browser's state: filters, search and sort turned into a [`ListQuery`], a
//! cache of fetched pages keyed by page index, the row count, and the selection. Pages are
//! fetched through the bridge for the rows in view; on a change the listing generation is
//! bumped and pages are refetched while the previous rows and count stay on screen (marked
//! updating) until the new first page arrives. The count is asked for only after the pages in
//! view arrived and the filters rested [`COUNT_DELAY`], and not at all when a short page
//! already tells it; the service counts beside its other work and drops a count of an older
//! generation. The filter bar and the table that draw this state live in `catalog_table.rs`,
//! which imports this module.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::backend::validate;
use crate::backend::{
    DiskFormat, Image, ImageId, ImageStatus, ListQuery, SortDir, SortKey, Visibility,
    VisibilityFilter,
};
use crate::format;
use crate::tr;
use crate::ui::bridge::Command;

/// Rows per fetched page.
pub const PAGE_ROWS: u64 = 100;
/// Pages kept around the rows in view; others are dropped.
const KEEP_PAGES_AROUND: u64 = 20;
/// How long the filters must stay unchanged before their count is asked: a count of a broad
/// filter reads every matching row (seconds at a million). The service interrupts a count
/// of an older generation, but counting each prefix while someone types would still take
/// the processor from the next page.
pub const COUNT_DELAY: std::time::Duration = std::time::Duration::from_millis(250);

/// A column of the catalog table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Column {
    /// Name.
    Name,
    /// Status (coloured).
    Status,
    /// Disk format.
    DiskFormat,
    /// Container format.
    ContainerFormat,
    /// Size of the data.
    Size,
    /// Guest-visible size.
    VirtualSize,
    /// Visibility.
    Visibility,
    /// Protected flag.
    Protected,
    /// Tags.
    Tags,
    /// Last change.
    Updated,
}

impl Column {
    /// Every column, in table order.
    pub const ALL: [Column; 10] = [
        Column::Name,
        Column::Status,
        Column::DiskFormat,
        Column::ContainerFormat,
        Column::Size,
        Column::VirtualSize,
        Column::Visibility,
        Column::Protected,
        Column::Tags,
        Column::Updated,
    ];

    /// Header text, in the window's language.
    pub fn title(self) -> String {
        match self {
            Column::Name => tr!("window-column-name"),
            Column::Status => tr!("window-column-status"),
            Column::DiskFormat => tr!("window-column-disk"),
            Column::ContainerFormat => tr!("window-column-container"),
            Column::Size => tr!("window-column-size"),
            Column::VirtualSize => tr!("window-column-virtual-size"),
            Column::Visibility => tr!("window-column-visibility"),
            Column::Protected => tr!("window-column-protected"),
            Column::Tags => tr!("window-column-tags"),
            Column::Updated => tr!("window-column-updated"),
        }
    }

    /// The registry sort key, for sortable columns.
    pub fn sort_key(self) -> Option<SortKey> {
        Some(match self {
            Column::Name => SortKey::Name,
            Column::Status => SortKey::Status,
            Column::DiskFormat => SortKey::DiskFormat,
            Column::ContainerFormat => SortKey::ContainerFormat,
            Column::Size => SortKey::Size,
            Column::VirtualSize => SortKey::VirtualSize,
            Column::Visibility => SortKey::Visibility,
            Column::Updated => SortKey::UpdatedAt,
            Column::Protected | Column::Tags => return None,
        })
    }
}

/// The table's sort, persisted between runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SortPref {
    /// Sorted column.
    pub column: Column,
    /// Largest first.
    pub descending: bool,
}

impl Default for SortPref {
    fn default() -> Self {
        Self {
            column: Column::Updated,
            descending: true,
        }
    }
}

/// Which visibilities to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VisibilityChoice {
    /// Glance's default listing.
    #[default]
    Default,
    /// Everything.
    All,
    /// One visibility.
    Only(Visibility),
}

/// The filter bar's values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filters {
    /// Free text on name, id and tags.
    pub search: String,
    /// One status (`None`: all but deleted, pending_delete and killed).
    pub status: Option<ImageStatus>,
    /// One disk format.
    pub disk_format: Option<DiskFormat>,
    /// Visibility.
    pub visibility: VisibilityChoice,
    /// An exact tag.
    pub tag: String,
    /// `key=value`.
    pub property: String,
    /// List hidden images instead of visible ones.
    pub hidden: bool,
}

/// A row ready to draw: every cell's text is formatted once, when the page arrives.
#[derive(Debug, Clone)]
pub struct RowView {
    /// The image id.
    pub id: ImageId,
    /// Name (or id when unnamed).
    pub name: String,
    /// Status.
    pub status: ImageStatus,
    /// Its stored data failed its check (see `image verify`).
    pub damaged: bool,
    /// Disk format.
    pub disk_format: &'static str,
    /// Container format.
    pub container_format: &'static str,
    /// Size, human units.
    pub size: String,
    /// Virtual size, human units.
    pub virtual_size: String,
    /// Visibility (shown as its label, the value on hover).
    pub visibility: Visibility,
    /// Protected.
    pub protected: bool,
    /// Tags, comma separated.
    pub tags: String,
    /// Last change, local time.
    pub updated: String,
}

impl RowView {
    fn new(image: &Image) -> Self {
        Self {
            id: image.id,
            name: image.label(),
            status: image.status,
            damaged: image.damaged.is_some(),
            disk_format: image.disk_format.map_or("—", |f| f.as_str()),
            container_format: image.container_format.map_or("—", |f| f.as_str()),
            size: format::bytes(image.size_bytes),
            virtual_size: format::bytes(image.virtual_size_bytes),
            visibility: image.visibility,
            protected: image.protected,
            tags: image.tags.iter().cloned().collect::<Vec<_>>().join(", "),
            updated: format::local_time(&image.updated_at),
        }
    }
}

struct Page {
    generation: u64,
    rows: Vec<RowView>,
}

/// The catalog browser's state.
#[derive(Default)]
pub struct CatalogView {
    /// Filter bar values.
    pub filters: Filters,
    /// Sort.
    pub sort: SortPref,
    /// Selected images.
    pub selected: BTreeSet<ImageId>,
    /// The image the other panels show.
    pub primary: Option<ImageId>,
    /// Row index of the keyboard cursor.
    pub cursor: Option<u64>,
    /// Row index where a shift-click range starts.
    pub anchor: Option<u64>,
    /// Scroll to this row on the next frame.
    pub scroll_to: Option<u64>,
    /// Select the cursor row as soon as its page arrives.
    pub select_cursor_pending: bool,
    /// Columns the user hid with the column chooser (never Name), persisted between runs.
    pub hidden_columns: Vec<Column>,
    /// A shift-click range (first, last row) with rows not fetched yet: its ids are asked for.
    pending_range: Option<(u64, u64)>,
    /// Changes with every selection click, so a late range answer cannot undo a newer click.
    range_token: u64,
    generation: u64,
    pages: HashMap<u64, Page>,
    requested_pages: HashMap<u64, u64>,
    total: Option<u64>,
    total_generation: u64,
    requested_count: Option<u64>,
    /// Rows the current generation's pages prove exist (the table's length until its count
    /// arrives).
    known_rows: u64,
    known_rows_generation: u64,
    /// When the listing last changed (the count waits [`COUNT_DELAY`] after it).
    changed_at: Option<std::time::Instant>,
}

impl CatalogView {
    /// Forget fetched data's freshness: refetch what is in view (previous rows stay shown).
    pub fn invalidate(&mut self) {
        self.generation += 1;
        self.changed_at = Some(std::time::Instant::now());
    }

    /// How long until the count may be asked, while it waits for [`COUNT_DELAY`] (the table
    /// asks for a repaint then).
    pub fn count_wait(&self) -> Option<std::time::Duration> {
        if self.count_is_current() {
            return None;
        }
        let waited = self.changed_at?.elapsed();
        COUNT_DELAY.checked_sub(waited).filter(|d| !d.is_zero())
    }

    /// The number of matching rows (the last known count).
    pub fn total(&self) -> u64 {
        self.total.unwrap_or(0)
    }

    /// How many rows the table has: the count when it is current, else the last count or the
    /// rows the new pages have shown, whichever is more (rows not fetched yet show as "…").
    pub fn row_count(&self) -> u64 {
        if self.total.is_some() && self.total_generation == self.generation {
            return self.total();
        }
        let known = if self.known_rows_generation == self.generation {
            self.known_rows
        } else {
            0
        };
        self.total().max(known)
    }

    /// Whether the count shown is the current filters' (false while it is being counted).
    pub fn count_is_current(&self) -> bool {
        self.total.is_some() && self.total_generation == self.generation
    }

    /// Whether page `page` (of [`PAGE_ROWS`] rows) on screen is the current filters' answer.
    pub fn page_is_current(&self, page: u64) -> bool {
        self.pages
            .get(&page)
            .is_some_and(|p| p.generation == self.generation)
    }

    /// Whether the current filters' rows are on screen: a page of theirs with rows arrived
    /// (only pages in view are fetched), or they have none.
    pub fn current_rows_shown(&self) -> bool {
        self.pages
            .values()
            .any(|p| p.generation == self.generation && !p.rows.is_empty())
            || (self.count_is_current() && self.total() == 0)
    }

    /// Whether any filter is set (the sort is not a filter).
    pub fn filters_active(&self) -> bool {
        self.filters != Filters::default()
    }

    /// Clear every filter and list again (the previous rows stay until the new ones arrive).
    pub fn clear_filters(&mut self) {
        self.filters = Filters::default();
        self.invalidate();
    }

    /// Whether something shown is older than the current generation.
    pub fn is_refreshing(&self) -> bool {
        let page_pending = self.requested_pages.iter().any(|(page, generation)| {
            *generation == self.generation
                && self
                    .pages
                    .get(page)
                    .is_none_or(|p| p.generation != self.generation)
        });
        self.total.is_none()
            || self.total_generation != self.generation
            || self.select_cursor_pending
            || page_pending
            || self.pages.values().any(|p| p.generation != self.generation)
    }

    /// The row at `index`, if its page is here.
    pub fn row(&self, index: u64) -> Option<&RowView> {
        self.pages
            .get(&(index / PAGE_ROWS))
            .and_then(|p| p.rows.get((index % PAGE_ROWS) as usize))
    }

    /// Every row in fetched pages, with its index.
    pub fn loaded_rows(&self) -> impl Iterator<Item = (u64, &RowView)> {
        self.pages.iter().flat_map(|(page, p)| {
            p.rows
                .iter()
                .enumerate()
                .map(move |(i, row)| (page * PAGE_ROWS + i as u64, row))
        })
    }

    /// The status of a selected image, if its row is loaded.
    pub fn status_of(&self, id: ImageId) -> Option<ImageStatus> {
        self.loaded_rows()
            .find(|(_, r)| r.id == id)
            .map(|(_, r)| r.status)
    }

    /// Store fetched rows. A page of the current generation replaces the older pages (their
    /// rows belong to other filters; until their own pages come they show as "…"), and a
    /// short one tells the count.
    pub fn page_arrived(&mut self, generation: u64, offset: u64, rows: &[Image]) {
        let page = offset / PAGE_ROWS;
        if self
            .pages
            .get(&page)
            .is_some_and(|p| p.generation > generation)
        {
            return;
        }
        if generation == self.generation {
            self.pages.retain(|_, p| p.generation == generation);
            let end = offset + rows.len() as u64;
            if self.known_rows_generation != generation {
                self.known_rows_generation = generation;
                self.known_rows = 0;
            }
            self.known_rows = self.known_rows.max(end);
            if (rows.len() as u64) < PAGE_ROWS && (!rows.is_empty() || offset == 0) {
                self.total = Some(end);
                self.total_generation = generation;
            }
        }
        let rows = rows.iter().map(RowView::new).collect();
        self.pages.insert(page, Page { generation, rows });
        if self.select_cursor_pending
            && let Some(cursor) = self.cursor
            && let Some(id) = self.row(cursor).map(|r| r.id)
        {
            self.select_cursor_pending = false;
            self.selected = BTreeSet::from([id]);
            self.primary = Some(id);
        }
    }

    /// A page fetch was dropped by the bridge: forget the request so it is asked again if the
    /// page is still in view.
    pub fn page_skipped(&mut self, generation: u64, offset: u64) {
        let page = offset / PAGE_ROWS;
        if self.requested_pages.get(&page) == Some(&generation) {
            self.requested_pages.remove(&page);
        }
    }

    /// Store a fetched count.
    pub fn count_arrived(&mut self, generation: u64, total: u64) {
        if self.total.is_some() && self.total_generation > generation {
            return;
        }
        self.total = Some(total);
        self.total_generation = generation;
    }

    /// The query for the current filters and sort (without paging); a bad property filter
    /// is left out and its message returned.
    pub fn query(&self) -> (ListQuery, Option<String>) {
        let f = &self.filters;
        let mut query = ListQuery {
            statuses: f.status.into_iter().collect(),
            disk_format: f.disk_format,
            visibility: match f.visibility {
                VisibilityChoice::Default => VisibilityFilter::Default,
                VisibilityChoice::All => VisibilityFilter::All,
                VisibilityChoice::Only(v) => VisibilityFilter::Only(v),
            },
            os_hidden: Some(f.hidden),
            search: Some(f.search.trim().to_string()).filter(|s| !s.is_empty()),
            ..ListQuery::default()
        };
        if !f.tag.trim().is_empty() {
            query.tags.push(f.tag.trim().to_string());
        }
        let mut problem = None;
        if !f.property.trim().is_empty() {
            match validate::split_property(f.property.trim()) {
                Ok(pair) => query.properties.push(pair),
                Err(e) => problem = Some(e.to_string()),
            }
        }
        if let Some(key) = self.sort.column.sort_key() {
            let dir = if self.sort.descending {
                SortDir::Desc
            } else {
                SortDir::Asc
            };
            query.sort = vec![(key, dir)];
        }
        (query, problem)
    }

    /// Ask for the count and for the pages around `visible` rows (inclusive) that are missing
    /// or stale, and drop pages far from view.
    pub fn request_missing(&mut self, visible: Option<(u64, u64)>, out: &mut Vec<Command>) {
        let (query, _) = self.query();
        if let Some((low, high)) = self.pending_range.take() {
            out.push(Command::SelectRange {
                generation: self.generation,
                token: self.range_token,
                query: query.clone(),
                offset: low,
                limit: u32::try_from(high - low + 1).unwrap_or(u32::MAX),
            });
        }
        let (first, last) = visible.unwrap_or((0, 0));
        let (first_page, last_page) = (first / PAGE_ROWS, last / PAGE_ROWS);
        let mut wanted: Vec<u64> = (first_page..=last_page).collect();
        if let Some(cursor) = self.cursor {
            wanted.push(cursor / PAGE_ROWS);
        }
        for page in wanted {
            let fresh = self
                .pages
                .get(&page)
                .is_some_and(|p| p.generation == self.generation);
            if fresh || self.requested_pages.get(&page) == Some(&self.generation) {
                continue;
            }
            if self.total.is_some_and(|t| page * PAGE_ROWS >= t.max(1)) && page > 0 {
                continue;
            }
            self.requested_pages.insert(page, self.generation);
            out.push(Command::Page {
                generation: self.generation,
                query: query.clone(),
                offset: page * PAGE_ROWS,
                limit: PAGE_ROWS as u32,
                total: self
                    .total
                    .filter(|_| self.total_generation == self.generation),
            });
        }
        // The count after the pages: only once the pages in view have arrived, so typing on
        // skips the counts of what was typed on the way.
        let pages_pending = self.requested_pages.iter().any(|(page, generation)| {
            *generation == self.generation && !self.page_is_current(*page)
        });
        if !self.count_is_current()
            && !pages_pending
            && self.count_wait().is_none()
            && self.requested_count != Some(self.generation)
        {
            self.requested_count = Some(self.generation);
            out.push(Command::Count {
                generation: self.generation,
                query: query.clone(),
            });
        }
        let keep = first_page.saturating_sub(KEEP_PAGES_AROUND)..=last_page + KEEP_PAGES_AROUND;
        self.pages.retain(|page, _| keep.contains(page));
        self.requested_pages.retain(|page, _| keep.contains(page));
    }

    /// The ids of a shift-click range arrived from the bridge.
    pub fn range_arrived(&mut self, generation: u64, token: u64, ids: Vec<ImageId>) {
        if generation == self.generation && token == self.range_token {
            self.selected.extend(ids);
        }
    }

    /// Select one row (plain click).
    pub fn select_only(&mut self, index: u64, id: ImageId) {
        self.pending_range = None;
        self.range_token += 1;
        self.selected = BTreeSet::from([id]);
        self.primary = Some(id);
        self.cursor = Some(index);
        self.anchor = Some(index);
    }

    /// Add or remove one row (ctrl-click).
    pub fn toggle(&mut self, index: u64, id: ImageId) {
        self.pending_range = None;
        self.range_token += 1;
        if !self.selected.remove(&id) {
            self.selected.insert(id);
            self.primary = Some(id);
        } else if self.primary == Some(id) {
            self.primary = self.selected.iter().next().copied();
        }
        self.cursor = Some(index);
        self.anchor = Some(index);
    }

    /// Select the rows from the anchor to `index` (shift-click): the fetched ones at once, the
    /// others when the bridge has listed their ids.
    pub fn select_range(&mut self, index: u64, id: ImageId) {
        let anchor = self.anchor.unwrap_or(index);
        let (low, high) = (anchor.min(index), anchor.max(index));
        let ids: BTreeSet<ImageId> = self
            .loaded_rows()
            .filter(|(i, _)| (low..=high).contains(i))
            .map(|(_, r)| r.id)
            .collect();
        self.range_token += 1;
        self.pending_range = (ids.len() as u64 != high - low + 1).then_some((low, high));
        self.selected = ids;
        self.selected.insert(id);
        self.primary = Some(id);
        self.cursor = Some(index);
    }

    /// Make `id` the only selected image (the other panels show it).
    pub fn select_one(&mut self, id: ImageId) {
        self.selected = [id].into();
        self.primary = Some(id);
        self.cursor = None;
    }

    /// Move the keyboard cursor by `delta` rows (clamped) and select that row.
    pub fn move_cursor(&mut self, delta: i64) {
        let total = self.total();
        if total == 0 {
            return;
        }
        let from = self.cursor.map_or(-1, |c| c as i64);
        let to = (from + delta).clamp(0, total as i64 - 1) as u64;
        self.cursor = Some(to);
        self.anchor = Some(to);
        self.scroll_to = Some(to);
        match self.row(to).map(|r| r.id) {
            Some(id) => {
                self.selected = BTreeSet::from([id]);
                self.primary = Some(id);
            }
            None => self.select_cursor_pending = true,
        }
    }

    /// Change the sort to `column` (toggling direction when it is already sorted by it).
    pub fn sort_by(&mut self, column: Column) {
        if self.sort.column == column {
            self.sort.descending = !self.sort.descending;
        } else {
            let descending = matches!(column, Column::Updated | Column::Size | Column::VirtualSize);
            self.sort = SortPref { column, descending };
        }
        self.scroll_to = Some(0);
        self.invalidate();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn images(n: usize) -> Vec<Image> {
        (0..n)
            .map(|i| Image {
                id: ImageId::new_random(),
                name: Some(format!("image-{i}")),
                status: ImageStatus::Active,
                visibility: Visibility::Private,
                protected: false,
                os_hidden: false,
                checksum: None,
                os_hash_algo: None,
                os_hash_value: None,
                size_bytes: None,
                virtual_size_bytes: None,
                disk_format: None,
                container_format: None,
                min_disk_gib: 0,
                min_ram_mib: 0,
                owner: None,
                tags: Default::default(),
                properties: Default::default(),
                created_at: Utc::now(),
                updated_at: Utc::now(),
                deleted_at: None,
                damaged: None,
            })
            .collect()
    }

    /// The (page generations, count generations) asked for.
    fn asked(view: &mut CatalogView) -> (Vec<u64>, Vec<u64>) {
        let mut out = Vec::new();
        view.request_missing(Some((0, 20)), &mut out);
        let mut pages = Vec::new();
        let mut counts = Vec::new();
        for command in out {
            match command {
                Command::Page { generation, .. } => pages.push(generation),
                Command::Count { generation, .. } => counts.push(generation),
                _ => {}
            }
        }
        (pages, counts)
    }

    #[test]
    fn previous_rows_and_count_stay_until_the_new_page_and_counts_follow_pages() {
        let mut view = CatalogView::default();
        let (pages, counts) = asked(&mut view);
        assert_eq!(
            (pages.len(), counts.len()),
            (1, 0),
            "the page first, no count yet"
        );
        view.page_arrived(pages[0], 0, &images(100));
        let (pages, counts) = asked(&mut view);
        assert!(pages.is_empty());
        assert_eq!(counts.len(), 1, "a full page: the count is asked after it");
        view.count_arrived(counts[0], 1000);
        assert!(!view.is_refreshing());
        let first = view.row(0).map(|r| r.id);

        // A new search: the old rows and count stay, marked as updating.
        view.filters.search = "x".into();
        view.invalidate();
        assert_eq!(view.total(), 1000);
        assert_eq!(view.row_count(), 1000);
        assert_eq!(view.row(0).map(|r| r.id), first);
        assert!(view.is_refreshing() && !view.count_is_current());
        let (pages, counts) = asked(&mut view);
        assert_eq!((pages.len(), counts.len()), (1, 0));

        // A short first page is the whole answer: its count needs no query.
        let found = images(3);
        view.page_arrived(pages[0], 0, &found);
        assert!(view.count_is_current());
        assert_eq!((view.total(), view.row_count()), (3, 3));
        assert_eq!(view.row(0).map(|r| r.id), Some(found[0].id));
        assert!(!view.is_refreshing());
        assert_eq!(asked(&mut view), (vec![], vec![]));

        // An empty answer says 0 at once, and a late count of an older listing is ignored.
        view.filters.search = "nothing".into();
        view.invalidate();
        let (pages, _) = asked(&mut view);
        view.page_arrived(pages[0], 0, &[]);
        view.count_arrived(pages[0] - 1, 3);
        assert_eq!(view.total(), 0);
        assert!(view.count_is_current() && view.filters_active());
        view.clear_filters();
        assert!(!view.filters_active() && !view.count_is_current());
    }
}
