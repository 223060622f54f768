//! Translated labels of Glance's enums, for people; the API value itself (`as_str`) stays what
//! JSON, property keys and `-f json` carry, and front ends show it beside or under the label.

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
