//! Glance's field rules: lengths, counts, reserved and read-only names. The CLI and the GUI
//! both call these, so their messages are the same everywhere.

use crate::backend::error::{Error, Result};
use crate::tr;

/// Longest name, tag or property key, in characters.
pub const MAX_NAME_CHARS: usize = 255;
/// Longest property value, in characters.
pub const MAX_PROPERTY_VALUE_CHARS: usize = 65_535;
/// Most tags on one image (Glance's `image_tag_quota`).
pub const MAX_TAGS: usize = 128;
/// Most custom properties on one image (Glance's `image_property_quota`).
pub const MAX_PROPERTIES: usize = 128;
/// Most members of one image (Glance's `image_member_quota`).
pub const MAX_MEMBERS: usize = 128;
/// Largest min_disk / min_ram Glance accepts (a 32-bit signed integer).
pub const MAX_MIN_VALUE: u64 = i32::MAX as u64;

/// Core fields a client can never set as a property, because they are image attributes.
pub const CORE_FIELDS: &[&str] = &[
    "id",
    "name",
    "status",
    "visibility",
    "protected",
    "os_hidden",
    "checksum",
    "os_hash_algo",
    "os_hash_value",
    "size",
    "virtual_size",
    "disk_format",
    "container_format",
    "min_disk",
    "min_ram",
    "owner",
    "tags",
    "created_at",
    "updated_at",
    "self",
    "file",
    "schema",
    "direct_url",
    "locations",
    "stores",
];

/// Read-only fields (Glance answers 403 when a client tries to set them).
pub const READ_ONLY_FIELDS: &[&str] = &[
    "created_at",
    "updated_at",
    "status",
    "checksum",
    "size",
    "virtual_size",
    "id",
    "os_hash_algo",
    "os_hash_value",
    "self",
    "file",
    "schema",
    "direct_url",
];

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// An image name: at most 255 characters.
pub fn check_name(subject: &str, name: &str) -> Result<()> {
    if chars(name) > MAX_NAME_CHARS {
        return Err(Error::invalid(
            subject,
            tr!(
                "backend-name-too-long",
                max = MAX_NAME_CHARS.to_string(),
                count = chars(name).to_string()
            ),
        ));
    }
    Ok(())
}

/// A tag: non-empty, at most 255 characters.
pub fn check_tag(subject: &str, tag: &str) -> Result<()> {
    if tag.is_empty() {
        return Err(Error::invalid(subject, tr!("backend-tag-empty")));
    }
    if chars(tag) > MAX_NAME_CHARS {
        return Err(Error::invalid(
            subject,
            tr!(
                "backend-tag-too-long",
                max = MAX_NAME_CHARS.to_string(),
                count = chars(tag).to_string()
            ),
        ));
    }
    Ok(())
}

/// A custom property key and value: lengths, reserved and core names.
pub fn check_property(subject: &str, key: &str, value: &str) -> Result<()> {
    check_property_key(subject, key)?;
    if chars(value) > MAX_PROPERTY_VALUE_CHARS {
        return Err(Error::invalid(
            subject,
            tr!(
                "backend-property-value-too-long",
                key = key,
                max = MAX_PROPERTY_VALUE_CHARS.to_string(),
                count = chars(value).to_string()
            ),
        ));
    }
    Ok(())
}

/// A custom property key: length, reserved and core names.
pub fn check_property_key(subject: &str, key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(Error::invalid(subject, tr!("backend-property-name-empty")));
    }
    if chars(key) > MAX_NAME_CHARS {
        return Err(Error::invalid(
            subject,
            tr!(
                "backend-property-name-too-long",
                max = MAX_NAME_CHARS.to_string(),
                count = chars(key).to_string()
            ),
        ));
    }
    if key.starts_with("os_glance") || matches!(key, "location" | "deleted" | "deleted_at") {
        return Err(Error::forbidden(
            subject,
            tr!("backend-property-reserved", key = key),
        ));
    }
    if READ_ONLY_FIELDS.contains(&key) {
        return Err(Error::forbidden(
            subject,
            tr!("backend-property-read-only", key = key),
        ));
    }
    if CORE_FIELDS.contains(&key) {
        return Err(Error::forbidden(
            subject,
            tr!("backend-property-core-field", key = key),
        ));
    }
    Ok(())
}

/// min_disk / min_ram: a non-negative 32-bit integer.
pub fn check_min(subject: &str, field: &str, value: u64) -> Result<()> {
    if value > MAX_MIN_VALUE {
        return Err(Error::invalid(
            subject,
            tr!(
                "backend-min-too-large",
                field = field,
                max = MAX_MIN_VALUE.to_string(),
                value = value.to_string()
            ),
        ));
    }
    Ok(())
}

/// Split `key=value` as the CLI takes properties.
pub fn split_property(text: &str) -> Result<(String, String)> {
    match text.split_once('=') {
        Some((key, value)) => Ok((key.to_string(), value.to_string())),
        None => Err(Error::invalid(
            tr!("backend-subject-property", key = text),
            tr!("backend-expected-key-value"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_characters_not_bytes() {
        let chinese = "镜".repeat(255);
        assert!(check_name("image", &chinese).is_ok());
        let err = check_name("image \"x\"", &"n".repeat(256)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "image \"x\": name longer than 255 characters (256)"
        );
    }

    #[test]
    fn reserved_and_read_only_properties() {
        for key in [
            "os_glance_importing_to_stores",
            "os_glancefoo",
            "location",
            "deleted",
            "deleted_at",
        ] {
            let err = check_property("image", key, "v").unwrap_err();
            assert!(err.to_string().contains("reserved"), "{key}: {err}");
        }
        let err = check_property("image", "checksum", "v").unwrap_err();
        assert!(err.to_string().contains("read-only"));
        assert!(check_property("image", "os_distro", "cirros").is_ok());
        assert!(check_property("image", "k", &"v".repeat(65_535)).is_ok());
        assert!(check_property("image", "k", &"v".repeat(65_536)).is_err());
    }

    #[test]
    fn messages_follow_the_language() {
        use crate::i18n::errors::error_message;
        use crate::i18n::{Lang, set_thread_lang};
        set_thread_lang(Some(Lang::ZhCn));
        let subject = crate::backend::image_subject("x");
        let long = error_message(&check_name(&subject, &"n".repeat(256)).unwrap_err());
        let reserved = error_message(&check_property(&subject, "os_glance_x", "v").unwrap_err());
        let min = error_message(&check_min(&subject, "min_disk", MAX_MIN_VALUE + 1).unwrap_err());
        let split = error_message(&split_property("novalue").unwrap_err());
        set_thread_lang(Some(Lang::En));
        let english = check_property("image \"x\"", "checksum", "v").unwrap_err();
        set_thread_lang(None);
        assert_eq!(long, "镜像“x”：名称超过 255 个字符（256 个）");
        assert_eq!(reserved, "镜像“x”：属性“os_glance_x”是 Glance 保留的");
        assert_eq!(
            min,
            "镜像“x”：min_disk 不能超过 2147483647（给出的是 2147483648）"
        );
        assert_eq!(split, "属性“novalue”：应为 KEY=VALUE");
        assert_eq!(
            english.to_string(),
            "image \"x\": \"checksum\" is read-only"
        );
    }
}
