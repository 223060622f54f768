//! A cloud's metadata definitions catalog (`/v2/metadefs`): namespaces, each with the
//! resource types it applies to (and the prefix its properties take there), its properties
//! (type, title, allowed values) and its objects. [`Session::image_metadefs`] reads every
//! namespace that applies to `OS::Glance::Image`, with the image prefix applied to property
//! names (Glance does that for `?resource_type=`), once per session: the remote property
//! editor's suggestions come from it ([`ImageMetadefs::property_catalog`]), falling back to
//! the built-in table when the cloud defines nothing.

use std::sync::Arc;

use reqwest::Method;
use serde_json::Value;

use crate::backend::metadefs::{CatalogOrigin, PropertyCatalog, PropertyDef};
use crate::backend::remote::error::{RemoteError, RemoteResult};
use crate::backend::remote::session::Session;

/// The resource type of Glance images.
pub const IMAGE_RESOURCE_TYPE: &str = "OS::Glance::Image";

/// A resource type a namespace applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceTypeAssociation {
    /// `OS::Glance::Image`, `OS::Nova::Flavor`, …
    pub name: String,
    /// What the namespace's property names take in front there (`hw_`, `hw:`).
    pub prefix: Option<String>,
    /// Which of the resource's key sets the properties go to (Cinder's `image`).
    pub properties_target: Option<String>,
}

/// An object of a namespace: a named group of properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadefObject {
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// The properties it groups (names as the object defines them).
    pub properties: Vec<PropertyDef>,
    /// The properties every instance must have.
    pub required: Vec<String>,
}

/// One namespace; `properties` and `objects` are empty in a listing (the list call does not
/// send them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace {
    /// Its name (`OS::Compute::Libvirt`).
    pub namespace: String,
    /// Its display name.
    pub display_name: String,
    /// Its description.
    pub description: String,
    /// `public` or `private`.
    pub visibility: String,
    /// Whether it is protected from deletion.
    pub protected: bool,
    /// The project that owns it.
    pub owner: String,
    /// The resource types it applies to.
    pub resource_types: Vec<ResourceTypeAssociation>,
    /// Its properties (with a resource type's prefix when read for one).
    pub properties: Vec<PropertyDef>,
    /// Its objects.
    pub objects: Vec<MetadefObject>,
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Read a `properties` map (`{name: {type, title, enum, items: {enum}, …}}`).
fn properties(value: Option<&Value>, source: &str) -> Vec<PropertyDef> {
    let Some(map) = value.and_then(Value::as_object) else {
        return Vec::new();
    };
    map.iter()
        .map(|(key, def)| {
            let kind = text(def, "type");
            // An array's values are in `items.enum`.
            let allowed = match def.get("enum") {
                Some(list) => strings(Some(list)),
                None => strings(def.pointer("/items/enum")),
            };
            let examples = match def.get("default") {
                Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
                Some(v @ (Value::Number(_) | Value::Bool(_))) => vec![v.to_string()],
                _ => Vec::new(),
            };
            PropertyDef {
                key: key.clone(),
                title: text(def, "title"),
                description: text(def, "description"),
                kind: if kind.is_empty() {
                    "string".to_string()
                } else {
                    kind
                },
                allowed,
                examples,
                source: source.to_string(),
            }
        })
        .collect()
}

impl Namespace {
    /// Read a namespace as Glance sends it (a list entry or the full document).
    pub fn from_json(value: &Value) -> Self {
        let namespace = text(value, "namespace");
        let resource_types = value
            .get("resource_type_associations")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .map(|a| ResourceTypeAssociation {
                        name: text(a, "name"),
                        prefix: a.get("prefix").and_then(Value::as_str).map(str::to_string),
                        properties_target: a
                            .get("properties_target")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut props = properties(value.get("properties"), &namespace);
        props.sort_by(|a, b| a.key.cmp(&b.key));
        let objects = value
            .get("objects")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .map(|o| {
                        let mut props = properties(o.get("properties"), &namespace);
                        props.sort_by(|a, b| a.key.cmp(&b.key));
                        MetadefObject {
                            name: text(o, "name"),
                            description: text(o, "description"),
                            properties: props,
                            required: strings(o.get("required")),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        Namespace {
            display_name: text(value, "display_name"),
            description: text(value, "description"),
            visibility: text(value, "visibility"),
            protected: value
                .get("protected")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            owner: text(value, "owner"),
            namespace,
            resource_types,
            properties: props,
            objects,
        }
    }

    /// The prefix this namespace's properties take on images, when it applies to them.
    pub fn image_prefix(&self) -> Option<&str> {
        self.resource_types
            .iter()
            .find(|a| a.name == IMAGE_RESOURCE_TYPE)
            .map(|a| a.prefix.as_deref().unwrap_or_default())
    }
}

/// A cloud's catalog for images: every namespace that applies to `OS::Glance::Image`, in
/// full, property names prefixed as images carry them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageMetadefs {
    /// The cloud.
    pub cloud: String,
    /// The namespaces, by name.
    pub namespaces: Vec<Namespace>,
}

impl ImageMetadefs {
    /// The property definitions an image editor offers: every namespace's properties (the
    /// first namespace's definition wins for a key two define; objects describe other
    /// resources' groups and are left out).
    pub fn property_catalog(&self) -> PropertyCatalog {
        let defs = self
            .namespaces
            .iter()
            .flat_map(|n| n.properties.iter().cloned())
            .collect();
        PropertyCatalog::new(CatalogOrigin::Cloud(self.cloud.clone()), defs)
    }

    /// The catalog an editor should use: the cloud's, or the built-in table when the cloud
    /// defines no image property.
    pub fn editor_catalog(&self) -> PropertyCatalog {
        let catalog = self.property_catalog();
        if catalog.is_empty() {
            PropertyCatalog::builtin().clone()
        } else {
            catalog
        }
    }
}

/// A namespace name as a path segment (`:` kept: Glance's routes take it as it is).
fn encode(segment: &str) -> String {
    let mut out = String::new();
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~:".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

impl Session {
    /// `GET /v2/metadefs/namespaces` (only those for `resource_type` when given), following
    /// `next` links. Entries carry no properties or objects.
    pub fn metadef_namespaces(&self, resource_type: Option<&str>) -> RemoteResult<Vec<Namespace>> {
        let mut query = vec![("limit".to_string(), "100".to_string())];
        if let Some(rt) = resource_type {
            query.push(("resource_types".to_string(), rt.to_string()));
        }
        let mut reply = self
            .call(Method::GET, "metadefs/namespaces", &query, None, true)?
            .json;
        let mut found = Vec::new();
        // A bound on pages, in case a server's `next` never ends.
        for _ in 0..1000 {
            let list = reply
                .get("namespaces")
                .and_then(Value::as_array)
                .ok_or_else(|| RemoteError::Protocol {
                    context: format!(
                        "cloud \"{}\": GET /v2/metadefs/namespaces",
                        self.cloud().name
                    ),
                    problem: "no \"namespaces\" list in the answer".to_string(),
                })?;
            found.extend(list.iter().map(Namespace::from_json));
            match reply.get("next").and_then(Value::as_str) {
                Some(next) if !list.is_empty() => {
                    reply = self.call(Method::GET, next, &[], None, true)?.json;
                }
                _ => break,
            }
        }
        Ok(found)
    }

    /// `GET /v2/metadefs/namespaces/{name}`: one namespace with its properties and objects;
    /// with `resource_type`, property names carry that resource type's prefix.
    pub fn metadef_namespace(
        &self,
        name: &str,
        resource_type: Option<&str>,
    ) -> RemoteResult<Namespace> {
        let query: Vec<(String, String)> = resource_type
            .map(|rt| vec![("resource_type".to_string(), rt.to_string())])
            .unwrap_or_default();
        let reply = self.call(
            Method::GET,
            &format!("metadefs/namespaces/{}", encode(name)),
            &query,
            None,
            true,
        )?;
        Ok(Namespace::from_json(&reply.json))
    }

    /// The cloud's catalog for images, read once per session (a session lives while the
    /// cloud's definition is unchanged; the catalog changes rarely).
    pub fn image_metadefs(&self) -> RemoteResult<Arc<ImageMetadefs>> {
        if let Some(cached) = self.cached_metadefs() {
            return Ok(cached);
        }
        let mut namespaces = Vec::new();
        for listed in self.metadef_namespaces(Some(IMAGE_RESOURCE_TYPE))? {
            namespaces.push(self.metadef_namespace(&listed.namespace, Some(IMAGE_RESOURCE_TYPE))?);
        }
        namespaces.sort_by(|a, b| a.namespace.cmp(&b.namespace));
        let metadefs = Arc::new(ImageMetadefs {
            cloud: self.cloud().name.clone(),
            namespaces,
        });
        self.cache_metadefs(metadefs.clone());
        Ok(metadefs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_namespace_with_enums_arrays_booleans_and_objects() {
        let ns = Namespace::from_json(&json!({
            "namespace": "OS::Compute::Libvirt", "display_name": "Libvirt",
            "visibility": "public", "protected": true, "owner": "admin",
            "resource_type_associations": [
                {"name": "OS::Glance::Image", "prefix": "hw_"},
                {"name": "OS::Cinder::Volume", "prefix": "hw_", "properties_target": "image"},
            ],
            "properties": {
                "hw_boot_menu": {"type": "string", "title": "Boot Menu", "enum": ["true", "false"]},
                "hw_serial_port_count": {"type": "integer", "title": "Serial Port Count", "minimum": 0},
                "hw_flags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
            },
            "objects": [{"name": "Obj", "required": ["x"], "properties": {"x": {"type": "boolean"}}}],
        }));
        assert_eq!(ns.image_prefix(), Some("hw_"));
        assert_eq!(
            ns.resource_types[1].properties_target.as_deref(),
            Some("image")
        );
        let keys: Vec<_> = ns.properties.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["hw_boot_menu", "hw_flags", "hw_serial_port_count"]);
        assert_eq!(ns.properties[1].allowed, ["a", "b"]);
        assert_eq!(ns.properties[2].kind, "integer");
        assert_eq!(ns.objects[0].properties[0].kind, "boolean");
        let metadefs = ImageMetadefs {
            cloud: "lab".into(),
            namespaces: vec![ns],
        };
        let catalog = metadefs.property_catalog();
        assert_eq!(catalog.value_choices("hw_boot_menu"), ["true", "false"]);
        assert_eq!(catalog.origin, CatalogOrigin::Cloud("lab".into()));
        let empty = ImageMetadefs {
            cloud: "bare".into(),
            namespaces: Vec::new(),
        };
        assert_eq!(empty.editor_catalog().origin, CatalogOrigin::BuiltIn);
        assert_eq!(
            encode("OS::Glance:Common Image"),
            "OS::Glance:Common%20Image"
        );
    }
}
