//! One listing of a cloud's images as the Remotes view holds it: Glance's filters and sort
//! turned into a query, the page shown with the `next` link to follow and the links already
//! followed (for going back), the listing generation that tells its pages from stale ones,
//! and the selection. Drawn by `catalog.rs` (filters, paging, actions) and `table.rs` (the
//! rows).

use std::collections::BTreeSet;

use crate::app::protocol::remote::RemoteOp;
use crate::backend::remote::{RemoteImage, RemoteQuery};

/// Glance's sort keys, as table columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RemoteSort {
    /// `name`.
    #[default]
    Name,
    /// `status`.
    Status,
    /// `disk_format`.
    DiskFormat,
    /// `size`.
    Size,
    /// `updated_at`.
    UpdatedAt,
    /// `id`.
    Id,
}

impl RemoteSort {
    fn key(self) -> &'static str {
        match self {
            RemoteSort::Name => "name",
            RemoteSort::Status => "status",
            RemoteSort::DiskFormat => "disk_format",
            RemoteSort::Size => "size",
            RemoteSort::UpdatedAt => "updated_at",
            RemoteSort::Id => "id",
        }
    }
}

/// Whether a cloud answered the last time the window asked it something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// It answered, at this local time (`HH:MM:SS`).
    Answered(String),
    /// It has not answered since this local time, for this cause.
    Unreachable {
        /// When it first failed.
        since: String,
        /// The innermost cause ("Connection refused (os error 111)").
        cause: String,
    },
}

impl Reach {
    /// The cloud failed now: keep the time of the first failure in a row.
    pub fn failed(previous: Option<&Reach>, message: &str) -> Reach {
        let since = match previous {
            Some(Reach::Unreachable { since, .. }) => since.clone(),
            _ => now(),
        };
        Reach::Unreachable {
            since,
            cause: message.rsplit(": ").next().unwrap_or(message).to_string(),
        }
    }

    /// The cloud answered now.
    pub fn answered() -> Reach {
        Reach::Answered(now())
    }
}

/// The local time of day, for "since …".
pub fn now() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// A listing's filters and sort, kept per cloud (a filter set on one cloud does not follow
/// the person to another).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filters {
    name: String,
    status: String,
    visibility: String,
    tag: String,
    member_status: String,
    sort: RemoteSort,
    descending: bool,
    page_size: u32,
}

impl Default for Filters {
    fn default() -> Self {
        Browser::default().filters()
    }
}

/// One listing of a cloud's images, a page at a time.
#[derive(Debug)]
pub struct Browser {
    /// Exact name filter.
    pub name: String,
    /// Status filter (empty: any).
    pub status: String,
    /// Visibility filter (empty: Glance's default).
    pub visibility: String,
    /// Tag filter.
    pub tag: String,
    /// Member status (images shared with me).
    pub member_status: String,
    /// Sort column.
    pub sort: RemoteSort,
    /// Largest first.
    pub descending: bool,
    /// Images per page.
    pub page_size: u32,
    /// The page's images.
    pub rows: Vec<RemoteImage>,
    /// The `next` link of the page shown.
    pub next: Option<String>,
    /// The link the page shown came from (`None`: the first page).
    pub current: Option<String>,
    /// Links of the pages before it.
    pub previous: Vec<Option<String>>,
    /// The listing generation asked for last.
    pub generation: u64,
    /// A page is on its way.
    pub loading: bool,
    /// Why the last page failed.
    pub error: Option<String>,
    /// The cloud whose rows these are.
    pub loaded_for: Option<String>,
    /// Reload the page shown (something changed).
    pub stale: bool,
    /// Selected image ids.
    pub selected: BTreeSet<String>,
    /// The image whose details show.
    pub primary: Option<String>,
    /// The project the session is scoped to.
    pub project_id: Option<String>,
    /// When the rows shown arrived (local `HH:MM:SS`): shown as stale when a later page failed.
    pub fetched_at: Option<String>,
}

impl Default for Browser {
    fn default() -> Self {
        Browser {
            name: String::new(),
            status: String::new(),
            visibility: String::new(),
            tag: String::new(),
            member_status: "pending".into(),
            sort: RemoteSort::Name,
            descending: false,
            page_size: 50,
            rows: Vec::new(),
            next: None,
            current: None,
            previous: Vec::new(),
            generation: 0,
            loading: false,
            error: None,
            loaded_for: None,
            stale: false,
            selected: BTreeSet::new(),
            primary: None,
            project_id: None,
            fetched_at: None,
        }
    }
}

impl Browser {
    /// The filters and sort in use.
    pub fn filters(&self) -> Filters {
        Filters {
            name: self.name.clone(),
            status: self.status.clone(),
            visibility: self.visibility.clone(),
            tag: self.tag.clone(),
            member_status: self.member_status.clone(),
            sort: self.sort,
            descending: self.descending,
            page_size: self.page_size,
        }
    }

    /// Use `filters` (another cloud was selected).
    pub fn set_filters(&mut self, filters: Filters) {
        self.name = filters.name;
        self.status = filters.status;
        self.visibility = filters.visibility;
        self.tag = filters.tag;
        self.member_status = filters.member_status;
        self.sort = filters.sort;
        self.descending = filters.descending;
        self.page_size = filters.page_size;
    }

    /// Forget the rows (another cloud was selected), keeping filters and sort.
    pub fn reset(&mut self) {
        self.rows.clear();
        self.next = None;
        self.current = None;
        self.previous.clear();
        self.loading = false;
        self.error = None;
        self.loaded_for = None;
        self.selected.clear();
        self.primary = None;
        self.generation = 0;
    }

    /// The query for the filters and sort.
    pub fn query(&self, inbox: bool) -> RemoteQuery {
        let mut filters = Vec::new();
        let mut put = |key: &str, value: &str| {
            if !value.trim().is_empty() {
                filters.push((key.to_string(), value.trim().to_string()));
            }
        };
        put("name", &self.name);
        put("status", &self.status);
        put("tag", &self.tag);
        if inbox {
            put("visibility", "shared");
            put("member_status", &self.member_status);
        } else {
            put("visibility", &self.visibility);
        }
        let dir = if self.descending { "desc" } else { "asc" };
        RemoteQuery {
            filters,
            sort: Some(format!("{}:{dir}", self.sort.key())),
            page_size: Some(self.page_size),
            ..RemoteQuery::default()
        }
    }

    /// Ask for the page at `link` (`None`: the first) with a new generation.
    pub fn request(
        &mut self,
        view_generation: &mut u64,
        cloud: &str,
        link: Option<String>,
        inbox: bool,
    ) -> RemoteOp {
        *view_generation += 1;
        self.generation = *view_generation;
        self.loading = true;
        self.stale = false;
        self.current = link.clone();
        RemoteOp::List {
            cloud: cloud.to_string(),
            generation: self.generation,
            query: self.query(inbox),
            link,
        }
    }

    /// A page arrived; false when it is not this listing's.
    pub fn page_arrived(
        &mut self,
        cloud: &str,
        generation: u64,
        images: &[RemoteImage],
        next: &Option<String>,
        project_id: &Option<String>,
    ) -> bool {
        if generation != self.generation {
            return false;
        }
        self.rows = images.to_vec();
        self.next = next.clone();
        self.loading = false;
        self.error = None;
        self.loaded_for = Some(cloud.to_string());
        self.project_id = project_id.clone();
        self.fetched_at = Some(now());
        let ids: BTreeSet<String> = self.rows.iter().map(|r| r.id().to_string()).collect();
        self.selected.retain(|id| ids.contains(id));
        true
    }

    /// A page failed; false when it is not this listing's.
    pub fn page_failed(&mut self, cloud: &str, generation: u64, message: &str) -> bool {
        if generation != self.generation {
            return false;
        }
        self.loading = false;
        self.error = Some(message.to_string());
        self.loaded_for = Some(cloud.to_string());
        true
    }

    /// The selected rows (id, name).
    pub fn selected_rows(&self) -> Vec<(String, String)> {
        self.rows
            .iter()
            .filter(|r| self.selected.contains(r.id()))
            .map(|r| (r.id().to_string(), r.label().to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_and_sort_become_glance_query_pairs() {
        let mut browser = Browser {
            name: "cirros".into(),
            status: "active".into(),
            visibility: "public".into(),
            tag: " t1 ".into(),
            sort: RemoteSort::UpdatedAt,
            descending: true,
            ..Browser::default()
        };
        let query = browser.query(false);
        let pairs: Vec<(&str, &str)> = query
            .filters
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("name", "cirros"),
                ("status", "active"),
                ("tag", "t1"),
                ("visibility", "public")
            ]
        );
        assert_eq!(query.sort.as_deref(), Some("updated_at:desc"));
        assert_eq!(query.page_size, Some(50));
        browser.member_status = "all".into();
        let inbox = browser.query(true);
        assert!(
            inbox
                .filters
                .contains(&("visibility".into(), "shared".into()))
        );
        assert!(
            inbox
                .filters
                .contains(&("member_status".into(), "all".into()))
        );
        assert!(
            !inbox
                .filters
                .contains(&("visibility".into(), "public".into()))
        );
    }

    #[test]
    fn pages_of_another_generation_are_ignored() {
        let mut browser = Browser::default();
        let mut generations = 0;
        let op = browser.request(&mut generations, "lab", None, false);
        assert!(matches!(op, RemoteOp::List { generation: 1, .. }));
        assert!(!browser.page_failed("lab", 0, "old"));
        assert!(browser.loading);
        assert!(browser.page_arrived("lab", 1, &[], &Some("/v2/images?marker=x".into()), &None));
        assert!(!browser.loading);
        assert_eq!(browser.next.as_deref(), Some("/v2/images?marker=x"));
    }
}
