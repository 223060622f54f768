//! The Glance v2 API over a [`Session`]: images (list with paging, filters and sort; show,
//! create, JSON-patch edits, delete, deactivate/reactivate), tags, members, an image's tasks,
//! import, and the discovery documents `/v2/info/import` and `/v2/info/stores`. Data
//! transfers (upload, stage, download) live in `transfer`.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::Method;
use serde_json::{Map, Value, json};

use crate::backend::error::Error as LocalError;
use crate::backend::remote::error::{RemoteError, RemoteResult};
use crate::backend::remote::session::{CallBody, Session};
use crate::tr;

/// The fields of an image that are not custom properties (one list for local and remote).
pub use crate::backend::validate::CORE_FIELDS;

/// A remote image as Glance returns it (core fields and custom properties side by side).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RemoteImage(pub Map<String, Value>);

impl RemoteImage {
    fn text(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Value::as_str)
    }

    /// The image id.
    pub fn id(&self) -> &str {
        self.text("id").unwrap_or_default()
    }
    /// The name.
    pub fn name(&self) -> Option<&str> {
        self.text("name")
    }
    /// The name, or the id when it has none.
    pub fn label(&self) -> &str {
        self.name().filter(|n| !n.is_empty()).unwrap_or(self.id())
    }
    /// The status.
    pub fn status(&self) -> &str {
        self.text("status").unwrap_or_default()
    }
    /// Visibility.
    pub fn visibility(&self) -> &str {
        self.text("visibility").unwrap_or_default()
    }
    /// Size of the data in bytes.
    pub fn size_bytes(&self) -> Option<u64> {
        self.0.get("size").and_then(Value::as_u64)
    }
    /// The md5 checksum.
    pub fn checksum(&self) -> Option<&str> {
        self.text("checksum")
    }
    /// The multihash algorithm.
    pub fn os_hash_algo(&self) -> Option<&str> {
        self.text("os_hash_algo")
    }
    /// The multihash value.
    pub fn os_hash_value(&self) -> Option<&str> {
        self.text("os_hash_value")
    }
    /// Disk format.
    pub fn disk_format(&self) -> Option<&str> {
        self.text("disk_format")
    }
    /// Container format.
    pub fn container_format(&self) -> Option<&str> {
        self.text("container_format")
    }
    /// Owner project.
    pub fn owner(&self) -> Option<&str> {
        self.text("owner")
    }
    /// Protected from deletion.
    pub fn protected(&self) -> bool {
        self.0
            .get("protected")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }
    /// min_disk in GiB.
    pub fn min_disk_gib(&self) -> u64 {
        self.0.get("min_disk").and_then(Value::as_u64).unwrap_or(0)
    }
    /// min_ram in MiB.
    pub fn min_ram_mib(&self) -> u64 {
        self.0.get("min_ram").and_then(Value::as_u64).unwrap_or(0)
    }
    /// `created_at`.
    pub fn created_at(&self) -> Option<&str> {
        self.text("created_at")
    }

    /// `virtual_size` in bytes, when Glance knows it.
    pub fn virtual_size_bytes(&self) -> Option<u64> {
        self.0.get("virtual_size").and_then(Value::as_u64)
    }

    /// `os_hidden`.
    pub fn hidden(&self) -> bool {
        self.0
            .get("os_hidden")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// `stores`: the backends holding the data (multi-store clouds), comma-separated.
    pub fn stores(&self) -> Option<&str> {
        self.text("stores")
    }

    /// Last change, as Glance wrote it.
    pub fn updated_at(&self) -> Option<&str> {
        self.text("updated_at")
    }
    /// Tags.
    pub fn tags(&self) -> BTreeSet<String> {
        self.0
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| {
                t.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }
    /// Custom properties (every non-core key), values as text.
    pub fn properties(&self) -> BTreeMap<String, String> {
        self.0
            .iter()
            .filter(|(k, _)| !CORE_FIELDS.contains(&k.as_str()))
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect()
    }
    /// The JSON as Glance sent it.
    pub fn to_json(&self) -> Value {
        Value::Object(self.0.clone())
    }
}

fn image_from(value: Value) -> RemoteImage {
    match value {
        Value::Object(map) => RemoteImage(map),
        _ => RemoteImage::default(),
    }
}

/// A listing request: Glance's filters as query pairs, a sort, a page size and a cap.
#[derive(Debug, Clone, Default)]
pub struct RemoteQuery {
    /// Filters as Glance spells them (`status=active`, `tag=x`, `updated_at=gt:…`, any
    /// custom property `key=value`); keys may repeat.
    pub filters: Vec<(String, String)>,
    /// `name:asc,updated_at:desc`.
    pub sort: Option<String>,
    /// Page size (Glance's `limit`, at most 1000).
    pub page_size: Option<u32>,
    /// Stop after this many images in total.
    pub max_images: Option<usize>,
    /// Start after this image id.
    pub marker: Option<String>,
}

/// A JSON-patch change to a remote image.
#[derive(Debug, Clone, Default)]
pub struct RemoteEdit {
    /// New name.
    pub name: Option<String>,
    /// New visibility.
    pub visibility: Option<String>,
    /// Protect or unprotect.
    pub protected: Option<bool>,
    /// Hide or unhide.
    pub os_hidden: Option<bool>,
    /// New min_disk (GiB).
    pub min_disk_gib: Option<u64>,
    /// New min_ram (MiB).
    pub min_ram_mib: Option<u64>,
    /// Properties to add or replace.
    pub set_properties: BTreeMap<String, String>,
    /// Properties to remove.
    pub remove_properties: Vec<String>,
    /// Tags to add.
    pub add_tags: Vec<String>,
    /// Tags to remove.
    pub remove_tags: Vec<String>,
}

impl RemoteEdit {
    /// The JSON-patch operations that turn `current` into the edited image.
    pub fn to_patch(&self, current: &RemoteImage) -> Vec<Value> {
        let mut ops = Vec::new();
        let mut set = |key: &str, value: Value| {
            let op = if current.0.contains_key(key) {
                "replace"
            } else {
                "add"
            };
            ops.push(json!({"op": op, "path": pointer(key), "value": value}));
        };
        if let Some(name) = &self.name {
            set("name", json!(name));
        }
        if let Some(v) = &self.visibility {
            set("visibility", json!(v));
        }
        if let Some(p) = self.protected {
            set("protected", json!(p));
        }
        if let Some(h) = self.os_hidden {
            set("os_hidden", json!(h));
        }
        if let Some(d) = self.min_disk_gib {
            set("min_disk", json!(d));
        }
        if let Some(r) = self.min_ram_mib {
            set("min_ram", json!(r));
        }
        for (key, value) in &self.set_properties {
            if current.0.get(key).and_then(Value::as_str) != Some(value.as_str()) {
                set(key, json!(value));
            }
        }
        for key in &self.remove_properties {
            if current.0.contains_key(key) {
                ops.push(json!({"op": "remove", "path": pointer(key)}));
            }
        }
        if !self.add_tags.is_empty() || !self.remove_tags.is_empty() {
            let mut tags = current.tags();
            tags.extend(self.add_tags.iter().cloned());
            for tag in &self.remove_tags {
                tags.remove(tag);
            }
            if tags != current.tags() {
                ops.push(json!({"op": "replace", "path": "/tags", "value": tags}));
            }
        }
        ops
    }
}

/// A JSON pointer to a top-level key (RFC 6901): `~` becomes `~0` and `/` becomes `~1`, so a
/// property key such as `a/b` is one key, not a path Glance refuses.
fn pointer(key: &str) -> String {
    format!("/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// A path segment percent-encoded (RFC 3986 unreserved characters kept), for ids and names
/// put into a URL path.
pub(crate) fn encode(segment: &str) -> String {
    let mut out = String::new();
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

impl Session {
    fn get_json(&self, path: &str, query: &[(String, String)]) -> RemoteResult<Value> {
        Ok(self.call(Method::GET, path, query, None, true)?.json)
    }

    /// One page of images and the `next` link, for a GUI's paged browser.
    pub fn list_page(
        &self,
        path_or_next: Option<&str>,
        query: &RemoteQuery,
    ) -> RemoteResult<(Vec<RemoteImage>, Option<String>)> {
        let reply = match path_or_next {
            Some(next) => self.get_json(next, &[])?,
            None => {
                let mut pairs = query.filters.clone();
                if let Some(sort) = &query.sort {
                    pairs.push(("sort".into(), sort.clone()));
                }
                if let Some(limit) = query.page_size {
                    pairs.push(("limit".into(), limit.min(1000).to_string()));
                }
                if let Some(marker) = &query.marker {
                    pairs.push(("marker".into(), marker.clone()));
                }
                self.get_json("images", &pairs)?
            }
        };
        let images = reply
            .get("images")
            .and_then(Value::as_array)
            .map(|list| list.iter().cloned().map(image_from).collect())
            .unwrap_or_default();
        let next = reply
            .get("next")
            .and_then(Value::as_str)
            .map(str::to_string);
        Ok((images, next))
    }

    /// Every image matching `query`, following `next` links (up to `max_images`).
    pub fn list_images(&self, query: &RemoteQuery) -> RemoteResult<Vec<RemoteImage>> {
        let mut all = Vec::new();
        let (mut page, mut next) = self.list_page(None, query)?;
        loop {
            all.append(&mut page);
            if let Some(max) = query.max_images
                && all.len() >= max
            {
                all.truncate(max);
                return Ok(all);
            }
            match next.take() {
                Some(link) => (page, next) = self.list_page(Some(&link), query)?,
                None => return Ok(all),
            }
        }
    }

    /// The image `id_or_name` names: the image with that id, else the one image with exactly
    /// that name (among those listed by default, then among all the project may see,
    /// shares still pending included), as local commands resolve names. No image, or several
    /// with the name, is a user error naming the cloud.
    pub fn resolve_image(&self, id_or_name: &str) -> RemoteResult<RemoteImage> {
        if uuid::Uuid::parse_str(id_or_name).is_ok() {
            match self.show_image(id_or_name) {
                Err(e) if e.status() == Some(404) => {}
                found => return found,
            }
        }
        let named = |extra: &[(&str, &str)]| {
            let mut query = RemoteQuery {
                filters: vec![("name".into(), id_or_name.to_string())],
                page_size: Some(20),
                max_images: Some(20),
                ..Default::default()
            };
            for (k, v) in extra {
                query.filters.push((k.to_string(), v.to_string()));
            }
            self.list_images(&query)
        };
        let mut found = named(&[])?;
        if found.is_empty() {
            found = named(&[("visibility", "all"), ("member_status", "all")])?;
        }
        let cloud = &self.cloud().name;
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err(RemoteError::Local(LocalError::NotFound(tr!(
                "rlib-no-remote-image",
                cloud = cloud,
                name = id_or_name
            )))),
            count => Err(RemoteError::Local(LocalError::invalid(
                crate::backend::remote::error::cloud_subject(cloud),
                tr!(
                    "rlib-problem-ambiguous-name",
                    count = count,
                    name = id_or_name,
                    ids = found
                        .iter()
                        .map(RemoteImage::id)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ))),
        }
    }

    /// One image.
    pub fn show_image(&self, image_id: &str) -> RemoteResult<RemoteImage> {
        Ok(image_from(
            self.get_json(&format!("images/{}", encode(image_id)), &[])?,
        ))
    }

    /// Create an image record (queued) from Glance's create body.
    pub fn create_image(&self, body: &Value) -> RemoteResult<RemoteImage> {
        let reply = self.call(
            Method::POST,
            "images",
            &[],
            Some(CallBody::Json(body.clone())),
            false,
        )?;
        Ok(image_from(reply.json))
    }

    /// Apply JSON-patch operations.
    pub fn patch_image(&self, image_id: &str, ops: &[Value]) -> RemoteResult<RemoteImage> {
        let path = format!("images/{}", encode(image_id));
        let body = Some(CallBody::Patch(Value::Array(ops.to_vec())));
        Ok(image_from(
            self.call(Method::PATCH, &path, &[], body, false)?.json,
        ))
    }

    /// Apply an edit (nothing is sent when it changes nothing).
    pub fn edit_image(&self, image_id: &str, edit: &RemoteEdit) -> RemoteResult<RemoteImage> {
        let current = self.show_image(image_id)?;
        let ops = edit.to_patch(&current);
        if ops.is_empty() {
            return Ok(current);
        }
        self.patch_image(image_id, &ops)
    }

    /// Delete an image.
    pub fn delete_image(&self, image_id: &str) -> RemoteResult<()> {
        let path = format!("images/{}", encode(image_id));
        self.call(Method::DELETE, &path, &[], None, true).map(drop)
    }

    /// Delete an image with a single request (no retry with backoff): for best-effort
    /// cleanups that must not hold up the command that triggered them.
    pub fn delete_image_once(&self, image_id: &str) -> RemoteResult<()> {
        let path = format!("images/{}", encode(image_id));
        self.call(Method::DELETE, &path, &[], None, false).map(drop)
    }

    /// `deactivate` or `reactivate`.
    pub fn image_action(&self, image_id: &str, action: &str) -> RemoteResult<()> {
        let path = format!("images/{}/actions/{}", encode(image_id), encode(action));
        self.call(Method::POST, &path, &[], None, true).map(drop)
    }

    /// Add a tag.
    pub fn add_tag(&self, image_id: &str, tag: &str) -> RemoteResult<()> {
        let path = format!("images/{}/tags/{}", encode(image_id), encode(tag));
        self.call(Method::PUT, &path, &[], None, true).map(drop)
    }

    /// Remove a tag.
    pub fn remove_tag(&self, image_id: &str, tag: &str) -> RemoteResult<()> {
        let path = format!("images/{}/tags/{}", encode(image_id), encode(tag));
        self.call(Method::DELETE, &path, &[], None, true).map(drop)
    }

    /// An image's members (`member_id`, `status`, …).
    pub fn members(&self, image_id: &str) -> RemoteResult<Vec<Value>> {
        let reply = self.get_json(&format!("images/{}/members", encode(image_id)), &[])?;
        Ok(reply
            .get("members")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }

    /// Share with a project.
    pub fn add_member(&self, image_id: &str, project_id: &str) -> RemoteResult<Value> {
        let path = format!("images/{}/members", encode(image_id));
        let body = Some(CallBody::Json(json!({"member": project_id})));
        Ok(self.call(Method::POST, &path, &[], body, false)?.json)
    }

    /// Record a member's answer (`accepted`, `rejected`, `pending`); the member project calls it.
    pub fn set_member_status(
        &self,
        image_id: &str,
        project_id: &str,
        status: &str,
    ) -> RemoteResult<Value> {
        let path = format!("images/{}/members/{}", encode(image_id), encode(project_id));
        let body = Some(CallBody::Json(json!({"status": status})));
        Ok(self.call(Method::PUT, &path, &[], body, true)?.json)
    }

    /// Stop sharing with a project.
    pub fn remove_member(&self, image_id: &str, project_id: &str) -> RemoteResult<()> {
        let path = format!("images/{}/members/{}", encode(image_id), encode(project_id));
        self.call(Method::DELETE, &path, &[], None, true).map(drop)
    }

    /// The tasks of an image (import progress and failures).
    pub fn image_tasks(&self, image_id: &str) -> RemoteResult<Vec<Value>> {
        let reply = self.get_json(&format!("images/{}/tasks", encode(image_id)), &[])?;
        Ok(reply
            .get("tasks")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }

    /// Start an interoperable import (`glance-direct` after staging).
    pub fn import_image(&self, image_id: &str, method: &str) -> RemoteResult<()> {
        let path = format!("images/{}/import", encode(image_id));
        let body = Some(CallBody::Json(json!({"method": {"name": method}})));
        self.call(Method::POST, &path, &[], body, false).map(drop)
    }

    /// The import methods the cloud offers (`GET /v2/info/import`).
    pub fn import_methods(&self) -> RemoteResult<Vec<String>> {
        let reply = self.get_json("info/import", &[])?;
        Ok(reply
            .pointer("/import-methods/value")
            .and_then(Value::as_array)
            .map(|m| {
                m.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The stores (`GET /v2/info/stores`): id, description, default.
    pub fn stores(&self) -> RemoteResult<Vec<Value>> {
        let reply = self.get_json("info/stores", &[])?;
        Ok(reply
            .get("stores")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_become_json_patch() {
        let current = image_from(json!({
            "id": "x", "name": "a", "tags": ["t1"], "os_distro": "cirros", "min_disk": 0,
        }));
        let mut edit = RemoteEdit {
            name: Some("b".into()),
            min_disk_gib: Some(2),
            add_tags: vec!["t2".into()],
            remove_properties: vec!["os_distro".into(), "absent".into()],
            ..Default::default()
        };
        edit.set_properties
            .insert("hw_disk_bus".into(), "virtio".into());
        let ops = edit.to_patch(&current);
        assert!(ops.contains(&json!({"op": "replace", "path": "/name", "value": "b"})));
        assert!(ops.contains(&json!({"op": "replace", "path": "/min_disk", "value": 2})));
        assert!(ops.contains(&json!({"op": "add", "path": "/hw_disk_bus", "value": "virtio"})));
        assert!(ops.contains(&json!({"op": "remove", "path": "/os_distro"})));
        assert!(ops.contains(&json!({"op": "replace", "path": "/tags", "value": ["t1", "t2"]})));
        assert_eq!(pointer("a/b~c"), "/a~1b~0c");
        assert_eq!(pointer("~/"), "/~0~1");
        assert_eq!(ops.len(), 5);
        assert_eq!(
            current.properties().get("os_distro").map(String::as_str),
            Some("cirros")
        );
        assert_eq!(encode("a b/c"), "a%20b%2Fc");
    }
}
