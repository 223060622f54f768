//! What an image listing asks for: Glance's v2 list filters, `sort=key:dir,…` and
//! marker/limit paging, plus a free-text search and an offset for the GUI's virtual table.

use std::str::FromStr;

use super::error::{Error, Result};
use super::image::{ContainerFormat, DiskFormat, ImageId, ImageStatus, Visibility};

/// A sort key Glance accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// By name.
    Name,
    /// By status.
    Status,
    /// By container format.
    ContainerFormat,
    /// By disk format.
    DiskFormat,
    /// By size.
    Size,
    /// By id.
    Id,
    /// By creation time.
    CreatedAt,
    /// By last change.
    UpdatedAt,
    /// By visibility (a workbench extension for the catalog table).
    Visibility,
    /// By virtual size (a workbench extension for the catalog table).
    VirtualSize,
}

impl SortKey {
    /// Glance's name of the key.
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Status => "status",
            SortKey::ContainerFormat => "container_format",
            SortKey::DiskFormat => "disk_format",
            SortKey::Size => "size",
            SortKey::Id => "id",
            SortKey::CreatedAt => "created_at",
            SortKey::UpdatedAt => "updated_at",
            SortKey::Visibility => "visibility",
            SortKey::VirtualSize => "virtual_size",
        }
    }
}

impl FromStr for SortKey {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self> {
        Ok(match text {
            "name" => SortKey::Name,
            "status" => SortKey::Status,
            "container_format" => SortKey::ContainerFormat,
            "disk_format" => SortKey::DiskFormat,
            "size" => SortKey::Size,
            "id" => SortKey::Id,
            "created_at" => SortKey::CreatedAt,
            "updated_at" => SortKey::UpdatedAt,
            "visibility" => SortKey::Visibility,
            "virtual_size" => SortKey::VirtualSize,
            other => {
                return Err(Error::invalid(
                    format!("sort key \"{other}\""),
                    "not one of: name, status, container_format, disk_format, size, id, \
                     created_at, updated_at, visibility, virtual_size",
                ));
            }
        })
    }
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDir {
    /// Smallest first.
    Asc,
    /// Largest first.
    Desc,
}

/// Parse Glance's `name:asc,size:desc` (a key without a direction sorts descending, as
/// Glance does).
pub fn parse_sort(text: &str) -> Result<Vec<(SortKey, SortDir)>> {
    let mut keys = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, dir) = match part.split_once(':') {
            Some((key, dir)) => (key, dir),
            None => (part, "desc"),
        };
        let dir = match dir {
            "asc" => SortDir::Asc,
            "desc" => SortDir::Desc,
            other => {
                return Err(Error::invalid(
                    format!("sort direction \"{other}\""),
                    "expected asc or desc",
                ));
            }
        };
        keys.push((key.parse()?, dir));
    }
    Ok(keys)
}

/// Which visibilities a listing includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VisibilityFilter {
    /// Glance's default: everything but community images of other owners.
    #[default]
    Default,
    /// Every visibility.
    All,
    /// Just one.
    Only(Visibility),
}

impl FromStr for VisibilityFilter {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self> {
        if text == "all" {
            Ok(VisibilityFilter::All)
        } else {
            Ok(VisibilityFilter::Only(text.parse()?))
        }
    }
}

/// An image listing request.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Exact name.
    pub name: Option<String>,
    /// Any of these statuses (empty: all but deleted, pending_delete and killed).
    pub statuses: Vec<ImageStatus>,
    /// Visibility filter.
    pub visibility: VisibilityFilter,
    /// Images carrying every one of these tags.
    pub tags: Vec<String>,
    /// Images with every one of these property values.
    pub properties: Vec<(String, String)>,
    /// Owner project.
    pub owner: Option<String>,
    /// Disk format.
    pub disk_format: Option<DiskFormat>,
    /// Container format.
    pub container_format: Option<ContainerFormat>,
    /// `Some(true)`: only hidden images; `None` or `Some(false)`: only visible ones.
    pub os_hidden: Option<bool>,
    /// Protected or not.
    pub protected: Option<bool>,
    /// Smallest size in bytes.
    pub size_min: Option<u64>,
    /// Largest size in bytes.
    pub size_max: Option<u64>,
    /// Free text: a substring of the name or a tag, or a prefix of the id.
    pub search: Option<String>,
    /// Sort keys; the id is always added last as a tie-breaker. Empty: `created_at:desc`.
    pub sort: Vec<(SortKey, SortDir)>,
    /// Most rows to return.
    pub limit: Option<u32>,
    /// Return rows after this image (in sort order).
    pub marker: Option<ImageId>,
    /// Skip this many rows (for the GUI's virtual table).
    pub offset: Option<u64>,
}

impl ListQuery {
    /// The effective sort: the requested keys (or `created_at:desc`) then `id`.
    pub fn effective_sort(&self) -> Vec<(SortKey, SortDir)> {
        let mut sort = if self.sort.is_empty() {
            vec![(SortKey::CreatedAt, SortDir::Desc)]
        } else {
            self.sort.clone()
        };
        if !sort.iter().any(|(key, _)| *key == SortKey::Id) {
            let last_dir = sort.last().map(|(_, dir)| *dir).unwrap_or(SortDir::Desc);
            sort.push((SortKey::Id, last_dir));
        }
        sort
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_glance_sort() {
        let sort = parse_sort("name:asc,size:desc,status").unwrap();
        assert_eq!(
            sort,
            vec![
                (SortKey::Name, SortDir::Asc),
                (SortKey::Size, SortDir::Desc),
                (SortKey::Status, SortDir::Desc)
            ]
        );
        assert!(parse_sort("owner:asc").is_err());
        assert!(parse_sort("name:up").is_err());
    }
}
