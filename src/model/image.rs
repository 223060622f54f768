//! The image model: ids, the Glance enums (status, visibility, formats, member and task
//! status) and the records the catalog hands out, with their Glance JSON form.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};
use uuid::Uuid;

/// An enum whose values are Glance's lower-case strings.
macro_rules! glance_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $(#[doc = concat!("Glance's `", $text, "`.")] $variant),+ }

        impl $name {
            /// Every value, in Glance's documented order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Glance's spelling of the value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue {
                        what: $what,
                        value: text.to_string(),
                        allowed: vec![$($text),+].join(", "),
                    }),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

/// A value that is not one of an enum's allowed strings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} \"{value}\" is not one of: {allowed}")]
pub struct UnknownValue {
    /// Which field was parsed.
    pub what: &'static str,
    /// What was given.
    pub value: String,
    /// The allowed values, comma separated.
    pub allowed: String,
}

glance_enum!(
    /// An image's status; see [`crate::backend::state`] for the allowed transitions.
    ImageStatus, "status" {
        Queued => "queued",
        Saving => "saving",
        Uploading => "uploading",
        Importing => "importing",
        Active => "active",
        Deactivated => "deactivated",
        Killed => "killed",
        PendingDelete => "pending_delete",
        Deleted => "deleted",
    }
);

glance_enum!(
    /// Who can see an image.
    Visibility, "visibility" {
        Public => "public",
        Community => "community",
        Shared => "shared",
        Private => "private",
    }
);

glance_enum!(
    /// The format of the image's disk data.
    DiskFormat, "disk_format" {
        Ami => "ami",
        Ari => "ari",
        Aki => "aki",
        Vhd => "vhd",
        Vhdx => "vhdx",
        Vmdk => "vmdk",
        Raw => "raw",
        Qcow2 => "qcow2",
        Vdi => "vdi",
        Iso => "iso",
        Ploop => "ploop",
    }
);

glance_enum!(
    /// Whether the disk data is wrapped in a container.
    ContainerFormat, "container_format" {
        Ami => "ami",
        Ari => "ari",
        Aki => "aki",
        Bare => "bare",
        Ovf => "ovf",
        Ova => "ova",
        Docker => "docker",
        Compressed => "compressed",
    }
);

glance_enum!(
    /// A member project's answer to a shared image.
    MemberStatus, "member status" {
        Pending => "pending",
        Accepted => "accepted",
        Rejected => "rejected",
    }
);

glance_enum!(
    /// A task's status: pending -> processing | failure; processing -> success | failure.
    TaskStatus, "task status" {
        Pending => "pending",
        Processing => "processing",
        Success => "success",
        Failure => "failure",
    }
);

/// An image's UUID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ImageId(pub Uuid);

/// A task's UUID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(pub Uuid);

macro_rules! uuid_newtype {
    ($name:ident) => {
        impl $name {
            /// A new random id.
            pub fn new_random() -> Self {
                Self(Uuid::new_v4())
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0.hyphenated())
            }
        }
        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(text).map(Self)
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    };
}
uuid_newtype!(ImageId);
uuid_newtype!(TaskId);

/// One image record, as Glance shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// The image's id.
    pub id: ImageId,
    /// Optional, not unique, at most 255 characters.
    pub name: Option<String>,
    /// Lifecycle status.
    pub status: ImageStatus,
    /// Who can see it.
    pub visibility: Visibility,
    /// A protected image cannot be deleted.
    pub protected: bool,
    /// Hidden images are left out of default listings.
    pub os_hidden: bool,
    /// Legacy md5 of the data, hex.
    pub checksum: Option<String>,
    /// Multihash algorithm (`sha512`).
    pub os_hash_algo: Option<String>,
    /// Multihash value, hex.
    pub os_hash_value: Option<String>,
    /// Bytes of data.
    pub size_bytes: Option<u64>,
    /// Guest-visible disk size in bytes.
    pub virtual_size_bytes: Option<u64>,
    /// Disk format, required before upload.
    pub disk_format: Option<DiskFormat>,
    /// Container format, required before upload.
    pub container_format: Option<ContainerFormat>,
    /// Minimum disk in GiB.
    pub min_disk_gib: u64,
    /// Minimum RAM in MiB.
    pub min_ram_mib: u64,
    /// Owning project id.
    pub owner: Option<String>,
    /// Tags (a set).
    pub tags: BTreeSet<String>,
    /// Custom properties.
    pub properties: BTreeMap<String, String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// When it was deleted (pending_delete or deleted).
    pub deleted_at: Option<DateTime<Utc>>,
    /// Why its stored data is known to be damaged (it failed its size or hash check), when it
    /// is; not a status (the statuses stay Glance's nine) and not sent to clouds.
    pub damaged: Option<String>,
}

/// Glance's timestamp format: ISO 8601, UTC, seconds.
pub fn glance_time(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl Image {
    /// A human label: the name, or the id when it has none.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) if !name.is_empty() => name.clone(),
            _ => self.id.to_string(),
        }
    }

    /// The image as Glance's v2 API returns it: core fields plus custom properties as
    /// top-level keys.
    pub fn to_glance_json(&self) -> Value {
        let mut object = Map::new();
        for (key, value) in &self.properties {
            object.insert(key.clone(), Value::String(value.clone()));
        }
        let core = json!({
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "visibility": self.visibility,
            "protected": self.protected,
            "os_hidden": self.os_hidden,
            "checksum": self.checksum,
            "os_hash_algo": self.os_hash_algo,
            "os_hash_value": self.os_hash_value,
            "size": self.size_bytes,
            "virtual_size": self.virtual_size_bytes,
            "disk_format": self.disk_format,
            "container_format": self.container_format,
            "min_disk": self.min_disk_gib,
            "min_ram": self.min_ram_mib,
            "owner": self.owner,
            "tags": self.tags,
            "created_at": glance_time(&self.created_at),
            "updated_at": glance_time(&self.updated_at),
            "self": format!("/v2/images/{}", self.id),
            "file": format!("/v2/images/{}/file", self.id),
            "schema": "/v2/schemas/image",
        });
        if let Value::Object(core) = core {
            object.extend(core);
        }
        Value::Object(object)
    }
}

/// A project an image is shared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The shared image.
    pub image_id: ImageId,
    /// The member project id.
    pub member_id: String,
    /// Its answer.
    pub status: MemberStatus,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// Last status change.
    pub updated_at: DateTime<Utc>,
}

impl Member {
    /// Glance's JSON for a member.
    pub fn to_glance_json(&self) -> Value {
        json!({
            "image_id": self.image_id,
            "member_id": self.member_id,
            "status": self.status,
            "created_at": glance_time(&self.created_at),
            "updated_at": glance_time(&self.updated_at),
            "schema": "/v2/schemas/member",
        })
    }
}

/// One recorded status change of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The image.
    pub image_id: ImageId,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The status before; `None` for the image's creation.
    pub from: Option<ImageStatus>,
    /// The status after.
    pub to: ImageStatus,
    /// Why.
    pub cause: String,
}

impl Transition {
    /// JSON for `image history -f json`.
    pub fn to_json(&self) -> Value {
        json!({
            "image_id": self.image_id,
            "at": self.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            "from": self.from,
            "to": self.to,
            "cause": self.cause,
        })
    }
}

/// A background task recorded like Glance's tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// The task id.
    pub id: TaskId,
    /// Kind of work: `upload`, `convert`, `push`, `pull`, …
    pub task_type: String,
    /// Status.
    pub status: TaskStatus,
    /// Owning project.
    pub owner: Option<String>,
    /// The image it works on, if any.
    pub image_id: Option<ImageId>,
    /// What was asked.
    pub input: Value,
    /// What came out.
    pub result: Option<Value>,
    /// A human message (the error on failure).
    pub message: String,
    /// When a finished task may be forgotten.
    pub expires_at: Option<DateTime<Utc>>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl Task {
    /// Glance's JSON for a task.
    pub fn to_glance_json(&self) -> Value {
        json!({
            "id": self.id,
            "type": self.task_type,
            "status": self.status,
            "owner": self.owner,
            "image_id": self.image_id,
            "input": self.input,
            "result": self.result,
            "message": self.message,
            "expires_at": self.expires_at.as_ref().map(glance_time),
            "created_at": glance_time(&self.created_at),
            "updated_at": glance_time(&self.updated_at),
            "self": format!("/v2/tasks/{}", self.id),
            "schema": "/v2/schemas/task",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_and_reject_unknown() {
        for status in ImageStatus::ALL {
            assert_eq!(status.as_str().parse::<ImageStatus>(), Ok(*status));
        }
        assert_eq!(DiskFormat::ALL.len(), 11);
        assert_eq!(ContainerFormat::ALL.len(), 8);
        let err = "qcow3".parse::<DiskFormat>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "disk_format \"qcow3\" is not one of: ami, ari, aki, vhd, vhdx, vmdk, raw, qcow2, vdi, iso, ploop"
        );
    }
}
