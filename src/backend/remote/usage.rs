//! A project's quota usage on a cloud (`GET /v2/info/usage`, image API 2.13): for each of
//! Glance's Keystone unified limits — `image_count_total`, `image_size_total` and
//! `image_stage_total` (MiB, as Glance counts them: whole MiB, rounded down),
//! `image_count_uploading` — what the project uses and its limit. A push checks it before
//! anything is created ([`Usage::check_push`], with Glance's own arithmetic), and when
//! Glance answers 413 anyway, [`explain_over_limit`] turns oslo.limit's message into one
//! line naming the limit.

use std::fmt;

use serde_json::Value;

use crate::backend::remote::error::RemoteResult;
use crate::backend::remote::server_cache::CacheSupport;
use crate::backend::remote::session::Session;
use crate::tr;

/// The image API version that brought `/v2/info/usage`.
pub const USAGE_API: (u32, u32) = (2, 13);

/// The total of the project's images, in MiB.
pub const IMAGE_SIZE_TOTAL: &str = "image_size_total";
/// The total of the project's staged data, in MiB.
pub const IMAGE_STAGE_TOTAL: &str = "image_stage_total";
/// How many images the project has (not deleted).
pub const IMAGE_COUNT_TOTAL: &str = "image_count_total";
/// How many of the project's images are being uploaded or imported.
pub const IMAGE_COUNT_UPLOADING: &str = "image_count_uploading";

const MIB: u64 = 1 << 20;

/// What a limit counts, in words ("total image size"), in the current language.
pub fn describe(resource: &str) -> String {
    match resource {
        IMAGE_SIZE_TOTAL => tr!("rlib-quota-size"),
        IMAGE_STAGE_TOTAL => tr!("rlib-quota-stage"),
        IMAGE_COUNT_TOTAL => tr!("rlib-quota-count"),
        IMAGE_COUNT_UPLOADING => tr!("rlib-quota-uploading"),
        _ => tr!("rlib-quota-other"),
    }
}

/// Whether a limit counts MiB (else a number of images).
pub fn in_mib(resource: &str) -> bool {
    matches!(resource, IMAGE_SIZE_TOTAL | IMAGE_STAGE_TOTAL)
}

/// An amount of `resource` as people read it ("3 MiB", "2").
pub fn amount(resource: &str, value: i64) -> String {
    if in_mib(resource) {
        format!("{value} MiB")
    } else {
        value.to_string()
    }
}

/// One limit and what the project uses of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quota {
    /// The limit's name (`image_count_total`, …).
    pub resource: String,
    /// What the project uses (MiB for sizes).
    pub usage: i64,
    /// The limit (negative: unlimited, as Keystone's -1).
    pub limit: i64,
}

impl Quota {
    /// Whether there is a limit at all.
    pub fn limited(&self) -> bool {
        self.limit >= 0
    }

    /// How full it is, 0.0 to 1.0 (more when over; 0 when unlimited).
    pub fn fraction(&self) -> f32 {
        if !self.limited() {
            return 0.0;
        }
        if self.limit == 0 {
            return if self.usage > 0 { 1.0 } else { 0.0 };
        }
        self.usage as f32 / self.limit as f32
    }

    /// "3 MiB of 8 MiB" / "1 of 3" / "2 (no limit)".
    pub fn summary(&self) -> String {
        let used = amount(&self.resource, self.usage);
        if self.limited() {
            tr!(
                "rlib-quota-of",
                used = used,
                limit = amount(&self.resource, self.limit)
            )
        } else {
            tr!("rlib-quota-no-limit", used = used)
        }
    }
}

/// A project's usage on a cloud.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Usage {
    /// The limits, in a fixed order (count, size, staging, uploading, then any other).
    pub quotas: Vec<Quota>,
    /// Why there is nothing to show (the cloud has no usage API, or enforces no limits).
    pub unavailable: Option<String>,
}

/// A push a quota would refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverQuota {
    /// The limit's name.
    pub resource: String,
    /// The limit.
    pub limit: i64,
    /// What the project uses now.
    pub usage: i64,
    /// What the push adds.
    pub delta: i64,
}

impl fmt::Display for OverQuota {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&tr!(
            "rlib-quota-over",
            resource = self.resource,
            what = describe(&self.resource),
            limit = amount(&self.resource, self.limit),
            usage = amount(&self.resource, self.usage),
            delta = amount(&self.resource, self.delta)
        ))
    }
}

fn order(resource: &str) -> usize {
    [
        IMAGE_COUNT_TOTAL,
        IMAGE_SIZE_TOTAL,
        IMAGE_STAGE_TOTAL,
        IMAGE_COUNT_UPLOADING,
    ]
    .iter()
    .position(|r| *r == resource)
    .unwrap_or(usize::MAX)
}

impl Usage {
    /// Read `GET /v2/info/usage`'s answer (`{"usage": {name: {usage, limit}}}`).
    pub fn from_json(value: &Value) -> Self {
        let mut quotas: Vec<Quota> = value
            .get("usage")
            .and_then(Value::as_object)
            .map(|map| {
                map.iter()
                    .map(|(name, q)| Quota {
                        resource: name.clone(),
                        usage: q.get("usage").and_then(Value::as_i64).unwrap_or(0),
                        limit: q.get("limit").and_then(Value::as_i64).unwrap_or(-1),
                    })
                    .collect()
            })
            .unwrap_or_default();
        quotas.sort_by(|a, b| {
            order(&a.resource)
                .cmp(&order(&b.resource))
                .then_with(|| a.resource.cmp(&b.resource))
        });
        let unavailable = quotas.is_empty().then(|| tr!("rlib-quota-none-enforced"));
        Self {
            quotas,
            unavailable,
        }
    }

    /// The limit named `resource`, if the cloud reports it.
    pub fn get(&self, resource: &str) -> Option<&Quota> {
        self.quotas.iter().find(|q| q.resource == resource)
    }

    /// Whether pushing `size_bytes` of data as a new image (staged first when `staged`)
    /// stays within every limit, by Glance's own checks: a create adds one image
    /// (`usage + 1 > limit` refuses), an upload or a stage adds its whole MiB
    /// (`usage + size / MiB > limit`), and the image itself counts while it uploads.
    pub fn check_push(&self, size_bytes: u64, staged: bool) -> Result<(), OverQuota> {
        let mib = i64::try_from(size_bytes / MIB).unwrap_or(i64::MAX);
        let mut checks = vec![
            (IMAGE_COUNT_TOTAL, 1),
            (IMAGE_COUNT_UPLOADING, 1),
            (IMAGE_SIZE_TOTAL, mib),
        ];
        if staged {
            checks.push((IMAGE_STAGE_TOTAL, mib));
        }
        for (resource, delta) in checks {
            if let Some(q) = self.get(resource)
                && q.limited()
                && q.usage.saturating_add(delta) > q.limit
            {
                return Err(OverQuota {
                    resource: resource.to_string(),
                    limit: q.limit,
                    usage: q.usage,
                    delta,
                });
            }
        }
        Ok(())
    }
}

/// oslo.limit's words in a 413 ("Resource image_count_total is over limit of 3 due to
/// current usage 3 and delta 1"), as [`OverQuota`]s.
pub fn parse_over_limit(message: &str) -> Vec<OverQuota> {
    let mut found = Vec::new();
    let mut rest = message;
    while let Some(at) = rest.find("Resource ") {
        rest = &rest[at + "Resource ".len()..];
        let number = |text: &str, after: &str| -> Option<i64> {
            let start = text.find(after)? + after.len();
            let digits: String = text[start..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '-')
                .collect();
            digits.parse().ok()
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // The numbers of this entry only: up to the next one.
        let end = rest.find("Resource ").unwrap_or(rest.len());
        let entry = &rest[..end];
        if let (false, Some(limit), Some(usage), Some(delta)) = (
            name.is_empty(),
            number(entry, "over limit of "),
            number(entry, "current usage "),
            number(entry, "delta "),
        ) {
            found.push(OverQuota {
                resource: name,
                limit,
                usage,
                delta,
            });
        }
    }
    found
}

/// A 413's message explained in one line when it is a quota's ("over the project's quota:
/// image_count_total (images) is limited to 3; …"); `None` when it names no limit.
pub fn explain_over_limit(message: &str) -> Option<String> {
    let over = parse_over_limit(message);
    if over.is_empty() {
        return None;
    }
    let parts: Vec<String> = over.iter().map(ToString::to_string).collect();
    Some(tr!(
        "rlib-quota-refused",
        limits = parts.join(&tr!("rlib-list-separator"))
    ))
}

impl Session {
    /// `GET /v2/info/usage` when the cloud advertises image API 2.13 (read from version
    /// discovery); a usage saying why otherwise.
    pub fn usage(&self) -> RemoteResult<Usage> {
        let support = self.cache_support()?;
        Ok(match usage_missing(&support) {
            Some(reason) => Usage {
                quotas: Vec::new(),
                unavailable: Some(reason),
            },
            None => Usage::from_json(
                &self
                    .call(reqwest::Method::GET, "info/usage", &[], None, true)?
                    .json,
            ),
        })
    }
}

/// Why the usage API cannot be used, from version discovery.
fn usage_missing(support: &CacheSupport) -> Option<String> {
    if support.offers(USAGE_API) {
        return None;
    }
    let offered = offered_versions(support);
    Some(tr!(
        "rlib-quota-needs-api",
        version = format!("{}.{}", USAGE_API.0, USAGE_API.1),
        offered = offered
    ))
}

/// What a cloud's version discovery offers, in words ("it offers 2.0 to 2.12").
pub(crate) fn offered_versions(support: &CacheSupport) -> String {
    match (support.versions.last(), support.versions.first()) {
        (Some(low), Some(high)) => tr!(
            "rlib-versions-offered",
            low = format!("{}.{}", low.0, low.1),
            high = format!("{}.{}", high.0, high.1)
        ),
        _ => tr!("rlib-versions-none"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lab_usage(count: i64, size: i64) -> Usage {
        Usage::from_json(&json!({"usage": {
            "image_size_total": {"usage": size, "limit": 8},
            "image_stage_total": {"usage": 0, "limit": 8},
            "image_count_total": {"usage": count, "limit": 3},
            "image_count_uploading": {"usage": 0, "limit": 2},
        }}))
    }

    #[test]
    fn usage_is_ordered_and_pushes_are_checked_as_glance_does() {
        let usage = lab_usage(1, 3);
        let names: Vec<_> = usage.quotas.iter().map(|q| q.resource.as_str()).collect();
        assert_eq!(
            names,
            [
                IMAGE_COUNT_TOTAL,
                IMAGE_SIZE_TOTAL,
                IMAGE_STAGE_TOTAL,
                IMAGE_COUNT_UPLOADING
            ]
        );
        assert_eq!(
            usage.get(IMAGE_SIZE_TOTAL).unwrap().summary(),
            "3 MiB of 8 MiB"
        );
        assert!(usage.unavailable.is_none());
        // 3 + 5 = 8 is within; 3 + 6 is over; less than a MiB adds nothing (Glance floors).
        assert!(usage.check_push(5 * MIB, false).is_ok());
        let over = usage.check_push(6 * MIB, false).unwrap_err();
        assert_eq!((over.resource.as_str(), over.delta), (IMAGE_SIZE_TOTAL, 6));
        assert!(over.to_string().contains("limited to 8 MiB"), "{over}");
        assert!(lab_usage(1, 8).check_push(MIB - 1, false).is_ok());
        // A staged push also counts against image_stage_total.
        let staged = Usage::from_json(&json!({"usage": {
            "image_stage_total": {"usage": 5, "limit": 8},
            "image_size_total": {"usage": 0, "limit": 100},
        }}));
        assert!(staged.check_push(4 * MIB, false).is_ok());
        assert_eq!(
            staged.check_push(4 * MIB, true).unwrap_err().resource,
            IMAGE_STAGE_TOTAL
        );
        let full = lab_usage(3, 0).check_push(10, false).unwrap_err();
        assert_eq!(full.resource, IMAGE_COUNT_TOTAL);
        assert!(
            full.to_string()
                .contains("image_count_total (images) is limited to 3; the project uses 3"),
            "{full}"
        );
        let unlimited = Usage::from_json(&json!({"usage": {
            "image_count_total": {"usage": 9, "limit": -1}}}));
        assert!(unlimited.check_push(1 << 40, true).is_ok());
        assert!(
            Usage::from_json(&json!({"usage": {}}))
                .unavailable
                .is_some()
        );
    }

    #[test]
    fn oslo_limit_messages_are_explained() {
        let body = "The request returned a 413 Request Entity Too Large. This generally means \
                    that rate limiting or a quota threshold was breached. The response body: \
                    Project f68 is over a limit for [Resource image_count_total is over limit \
                    of 3 due to current usage 3 and delta 1]";
        let line = explain_over_limit(body).unwrap();
        assert_eq!(
            line,
            "Glance refused it over the project's quota: image_count_total (images) is \
             limited to 3; the project uses 3 and this needs 1 more"
        );
        let two = parse_over_limit(
            "[Resource image_size_total is over limit of 8 due to current usage 3 and delta \
             6, Resource image_stage_total is over limit of 8 due to current usage 0 and \
             delta 9]",
        );
        assert_eq!(two.len(), 2);
        assert_eq!(
            (two[1].resource.as_str(), two[1].delta),
            (IMAGE_STAGE_TOTAL, 9)
        );
        assert!(explain_over_limit("Image size exceeds image_size_cap").is_none());
    }

    #[test]
    fn usage_needs_2_13() {
        let support = CacheSupport {
            versions: vec![(2, 12), (2, 0)],
        };
        let why = usage_missing(&support).unwrap();
        assert!(
            why.contains("needs image API 2.13") && why.contains("2.0 to 2.12"),
            "{why}"
        );
        let with = CacheSupport {
            versions: vec![(2, 18), (2, 13)],
        };
        assert!(usage_missing(&with).is_none());
    }

    #[test]
    fn a_refused_push_is_explained_in_chinese() {
        use crate::i18n::{Lang, set_thread_lang};
        set_thread_lang(Some(Lang::ZhCn));
        let over = lab_usage(1, 3)
            .check_push(6 * MIB, false)
            .unwrap_err()
            .to_string();
        let summary = lab_usage(1, 3).get(IMAGE_SIZE_TOTAL).unwrap().summary();
        set_thread_lang(None);
        assert_eq!(
            over,
            "image_size_total（镜像总大小）的限制为 8 MiB；项目已用 3 MiB，此操作还需要 6 MiB"
        );
        assert_eq!(summary, "3 MiB / 8 MiB");
    }
}
