//! Translated labels of Glance's enums, for people; the API value itself (`as_str`) stays what
//! JSON, property keys and `-f json` carry, and front ends show it beside or under the label.

use crate::convert::inspect::UnsafeReason;
use crate::model::{ImageStatus, MemberStatus, TaskStatus, Visibility};
use crate::tr;

/// An image status as people read it ("可用" for `active`).
pub fn image_status(status: ImageStatus) -> String {
    match status {
        ImageStatus::Queued => tr!("common-status-queued"),
        ImageStatus::Saving => tr!("common-status-saving"),
        ImageStatus::Uploading => tr!("common-status-uploading"),
        ImageStatus::Importing => tr!("common-status-importing"),
        ImageStatus::Active => tr!("common-status-active"),
        ImageStatus::Deactivated => tr!("common-status-deactivated"),
        ImageStatus::Killed => tr!("common-status-killed"),
        ImageStatus::PendingDelete => tr!("common-status-pending-delete"),
        ImageStatus::Deleted => tr!("common-status-deleted"),
    }
}

/// A visibility as people read it.
pub fn visibility(visibility: Visibility) -> String {
    match visibility {
        Visibility::Public => tr!("common-visibility-public"),
        Visibility::Community => tr!("common-visibility-community"),
        Visibility::Shared => tr!("common-visibility-shared"),
        Visibility::Private => tr!("common-visibility-private"),
    }
}

/// A member's status as people read it.
pub fn member_status(status: MemberStatus) -> String {
    match status {
        MemberStatus::Pending => tr!("common-member-pending"),
        MemberStatus::Accepted => tr!("common-member-accepted"),
        MemberStatus::Rejected => tr!("common-member-rejected"),
    }
}

/// A task's status as people read it.
pub fn task_status(status: TaskStatus) -> String {
    match status {
        TaskStatus::Pending => tr!("common-task-pending"),
        TaskStatus::Processing => tr!("common-task-processing"),
        TaskStatus::Success => tr!("common-task-success"),
        TaskStatus::Failure => tr!("common-task-failure"),
    }
}

/// A label with its API value beside it, when they differ: "可用（active）"; English labels
/// that are the value itself stay single ("active").
pub fn with_value(label: &str, value: &str) -> String {
    if label.eq_ignore_ascii_case(value) || label.eq_ignore_ascii_case(&value.replace('_', " ")) {
        value.to_string()
    } else {
        tr!("common-label-with-value", label = label, value = value)
    }
}

/// An image status with its value beside its label: "可用（active）"; in English the value
/// alone ("active").
pub fn image_status_named(status: ImageStatus) -> String {
    with_value(&image_status(status), status.as_str())
}

/// A visibility with its value beside its label: "共享的（shared）".
pub fn visibility_named(visibility: Visibility) -> String {
    with_value(&self::visibility(visibility), visibility.as_str())
}

/// A member status with its value beside its label: "已接受（accepted）".
pub fn member_status_named(status: MemberStatus) -> String {
    with_value(&member_status(status), status.as_str())
}

/// A task status with its value beside its label: "成功（success）".
pub fn task_status_named(status: TaskStatus) -> String {
    with_value(&task_status(status), status.as_str())
}

/// Why the disk inspector calls a file unsafe, as people read it ("后备文件" for
/// `backing_file`); in English the words of the code itself, so that the code alone is shown.
pub fn unsafe_reason(reason: UnsafeReason) -> String {
    match reason {
        UnsafeReason::BackingFile => tr!("inspect-reason-backing-file"),
        UnsafeReason::DataFile => tr!("inspect-reason-data-file"),
        UnsafeReason::UnknownFeatures => tr!("inspect-reason-unknown-features"),
        UnsafeReason::VmdkSubformat => tr!("inspect-reason-vmdk-subformat"),
        UnsafeReason::VmdkExtent => tr!("inspect-reason-vmdk-extent"),
        UnsafeReason::Qed => tr!("inspect-reason-qed"),
        UnsafeReason::Polyglot => tr!("inspect-reason-polyglot"),
        UnsafeReason::Truncated => tr!("inspect-reason-truncated"),
        UnsafeReason::VirtualSizeOverLimit => tr!("inspect-reason-virtual-size-over-limit"),
        UnsafeReason::InvalidPartitionTable => tr!("inspect-reason-invalid-partition-table"),
        UnsafeReason::InvalidHeader => tr!("inspect-reason-invalid-header"),
        UnsafeReason::ArchivePathEscape => tr!("inspect-reason-archive-path-escape"),
        UnsafeReason::ArchiveLink => tr!("inspect-reason-archive-link"),
        UnsafeReason::NoDisk => tr!("inspect-reason-no-disk"),
        UnsafeReason::TooManyMembers => tr!("inspect-reason-too-many-members"),
        UnsafeReason::IncompleteStream => tr!("inspect-reason-incomplete-stream"),
    }
}

/// An unsafe reason with its code beside its label: "后备文件（backing_file）"; in English the
/// code alone ("backing_file").
pub fn unsafe_reason_named(reason: UnsafeReason) -> String {
    with_value(&unsafe_reason(reason), reason.as_str())
}
