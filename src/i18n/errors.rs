//! The library's errors as both front ends show them, in the user's language: the window's
//! notices and job outcomes take [`error_message`], the CLI prints [`error_line`] (`error: …`,
//! its names escaped: they may hold control characters).
//!
//! The fixed templates of [`Error`] are translated from its fields; the subjects and problems
//! the library writes as text (`image "cirros"`, "the image is protected …") are recognised
//! by their English shapes. A problem this does not know keeps the whole message in English
//! (its Display), so a line is never half one language, half the other.

use crate::backend::Error;
use crate::convert::guest::GuestError;
use crate::convert::inspect::InspectError;
use crate::display::escape;
use crate::i18n::{self, Lang};
use crate::model::ImageStatus;
use crate::tr;

/// The line the CLI prints for `error`: "error: …" / "错误：…", escaped.
pub fn error_line(error: &Error) -> String {
    tr!(
        "cli-error-line",
        message = escape(&error_message(error)).into_owned()
    )
}

/// `error` in the current language, without the "error: " prefix (unescaped).
pub fn error_message(error: &Error) -> String {
    if i18n::current() == Lang::En {
        // The English templates are the library's own: its Display, character for character.
        return error.to_string();
    }
    translated(error).unwrap_or_else(|| error.to_string())
}

/// Text for people of an error the service hands a front end: the library's [`Error`] in
/// the current language (English where its text is not one the catalog knows).
pub trait Shown {
    /// The error as people read it.
    fn shown(&self) -> String;
}

impl Shown for Error {
    fn shown(&self) -> String {
        error_message(self)
    }
}

// A cloud's errors are written in the current language where they are made (their contexts
// and templates go through the catalog); qemu-img's carry the tool's own words and are shown
// whole, in English, rather than half translated.
impl Shown for crate::backend::remote::RemoteError {
    fn shown(&self) -> String {
        self.to_string()
    }
}

impl Shown for crate::model::qemu_img::QemuImgError {
    fn shown(&self) -> String {
        self.to_string()
    }
}

use crate::i18n::labels::image_status_named as status;

use crate::i18n::labels::task_status_named as task_status;

/// The translated message, `None` where the error's text is one this does not know.
fn translated(error: &Error) -> Option<String> {
    Some(match error {
        Error::Ambiguous { name, count } => {
            tr!(
                "errors-ambiguous",
                name = name.as_str(),
                count = count.to_string()
            )
        }
        Error::IllegalTransition { image, from, to } => tr!(
            "errors-illegal-transition",
            image = subject_text(&format!("image {image}")),
            from = status(*from),
            to = status(*to)
        ),
        Error::IllegalTaskTransition { task, from, to } => tr!(
            "errors-illegal-task-transition",
            task = task.as_str(),
            from = task_status(*from),
            to = task_status(*to)
        ),
        Error::UnknownValue(unknown) => tr!(
            "errors-unknown-value",
            what = unknown.what,
            value = unknown.value.as_str(),
            allowed = unknown.allowed.as_str()
        ),
        Error::NotFound(text) => not_found(text)?,
        Error::Invalid { subject, problem }
        | Error::Forbidden { subject, problem }
        | Error::Conflict { subject, problem } => with_subject(subject, problem)?,
        Error::Cancelled(what) => tr!("errors-cancelled", what = subject_text(what)),
        Error::Corrupt { image, algo } => tr!(
            "errors-corrupt",
            image = subject_text(image),
            algo = algo.as_str()
        ),
        Error::DatabaseTooNew {
            found,
            supported,
            path,
        } => tr!(
            "errors-database-too-new",
            found = found.to_string(),
            supported = supported.to_string(),
            path = path
        ),
        Error::RegistryMissing {
            registry,
            store,
            count,
        } => tr!(
            "errors-registry-missing",
            registry = registry,
            store = store,
            count = count.to_string()
        ),
        Error::TooLarge { subject, cap } => tr!(
            "errors-too-large",
            subject = subject_text(subject),
            cap = cap.to_string()
        ),
        Error::NoSpace { path, hint } => match no_space_hint(hint) {
            Some(hint) => tr!("errors-no-space", path = path, hint = hint),
            None => tr!("errors-no-space", path = path, hint = hint.as_str()),
        },
        Error::NotARegistry { path } => tr!("errors-not-a-registry", path = path),
        Error::Database(e) => tr!("errors-database", error = e.to_string()),
        // The problem was written in the current language where it was made (backend).
        Error::BadSource { problem, path } => {
            tr!("errors-bad-source", problem = problem.as_str(), path = path)
        }
        Error::Io {
            action,
            path,
            source,
        } => tr!(
            "errors-io",
            action = io_action(action),
            error = io_error(source),
            path = path
        ),
        Error::Inspect(error) => inspect_error(error),
        // Looking inside: the reader's causes are translated where they are known
        // (GuestError::shown), its file errors as the library's own.
        Error::Guest { subject, source } => {
            let cause = match source.downcast_ref::<GuestError>()? {
                GuestError::Inspect(error) => inspect_error(error),
                GuestError::Io { path, source } => tr!(
                    "inspect-guest-io",
                    path = path.as_str(),
                    error = io_error(source)
                ),
                other => other.shown(),
            };
            tr!(
                "inspect-guest-error",
                subject = subject_text(subject),
                cause = cause
            )
        }
        _ => return None,
    })
}

/// The disk inspector's own errors (it could not open or read the file).
fn inspect_error(error: &InspectError) -> String {
    match error {
        InspectError::Open { path, source } => {
            tr!("errors-inspect-open", path = path, error = io_error(source))
        }
        InspectError::Read { path, source } => {
            tr!("errors-inspect-read", path = path, error = io_error(source))
        }
        InspectError::IsADirectory { path } => tr!("errors-inspect-directory", path = path),
    }
}

/// `image "NAME"` as the library names an image in its messages.
fn image_subject(subject: &str) -> Option<&str> {
    subject
        .strip_prefix("image \"")
        .and_then(|rest| rest.strip_suffix('"'))
}

/// A subject in the current language (`image "x"` → 镜像“x”); any other unchanged.
fn subject_text(subject: &str) -> String {
    match image_subject(subject) {
        Some(name) => tr!("cli-subject-image", name = name),
        None => match subject.strip_prefix("image ") {
            Some(name) if !name.contains(' ') => tr!("errors-subject-image-plain", name = name),
            _ => subject.to_string(),
        },
    }
}

/// `SUBJECT: PROBLEM` when the problem is one this knows (or one the CLI already wrote in
/// the current language).
fn with_subject(subject: &str, problem: &str) -> Option<String> {
    let problem = problem_text(problem)?;
    Some(tr!(
        "errors-subject-problem",
        subject = subject_text(subject),
        problem = problem
    ))
}

/// The problems the library states most often, translated.
fn problem_text(problem: &str) -> Option<String> {
    Some(match problem {
        "the image is protected and cannot be deleted (unprotect it first)" => {
            tr!("errors-problem-protected")
        }
        "an image with this id already exists" => tr!("errors-problem-id-exists"),
        "a tag cannot be empty" => tr!("errors-problem-empty-tag"),
        "a property name cannot be empty" => tr!("errors-problem-empty-property"),
        "expected KEY=VALUE" => tr!("errors-problem-key-value"),
        "disk_format and container_format must both be set before data is uploaded" => {
            tr!("errors-problem-formats-before-upload")
        }
        "the image is deactivated: its data cannot be downloaded (reactivate it first)" => {
            tr!("errors-problem-deactivated-download")
        }
        "another upload of this image is running" => tr!("errors-problem-upload-running"),
        _ => {
            if let Some(status) = problem
                .strip_prefix("only an image in pending_delete can be restored (it is ")
                .and_then(|rest| rest.strip_suffix(')'))
            {
                return Some(tr!("errors-problem-restore", status = shown_status(status)));
            }
            if let Some(status) = problem
                .strip_prefix(
                    "disk_format and container_format can only change while the image is \
                     queued (it is ",
                )
                .and_then(|rest| rest.strip_suffix(')'))
            {
                return Some(tr!(
                    "errors-problem-formats-queued",
                    status = shown_status(status)
                ));
            }
            if let Some(project) = problem
                .strip_prefix("project ")
                .and_then(|rest| rest.strip_suffix(" is already a member"))
            {
                return Some(tr!("errors-problem-already-member", project = project));
            }
            // A problem the CLI wrote through the catalog is already in this language.
            return problem
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                .then(|| problem.to_string());
        }
    })
}

/// A status value as the messages show it: the translated label beside the value.
fn shown_status(value: &str) -> String {
    match value.parse::<ImageStatus>() {
        Ok(parsed) => status(parsed),
        Err(_) => value.to_string(),
    }
}

/// The not-found messages the catalog writes.
fn not_found(text: &str) -> Option<String> {
    if let Some(name) = text
        .strip_prefix("no image with name or id \"")
        .and_then(|rest| rest.strip_suffix('"'))
    {
        return Some(tr!("errors-no-image-named", name = name));
    }
    if let Some(id) = text.strip_prefix("no image with id ") {
        return Some(tr!("errors-no-image-id", id = id));
    }
    if let Some(id) = text.strip_prefix("no task with id ") {
        return Some(tr!("errors-no-task-id", id = id));
    }
    if let Some(subject) = text.strip_suffix(" is already deleted") {
        return Some(tr!(
            "errors-already-deleted",
            subject = subject_text(subject)
        ));
    }
    if let Some(subject) = text.strip_suffix(" is deleted") {
        return Some(tr!("errors-deleted", subject = subject_text(subject)));
    }
    if let Some((subject, key)) = text
        .strip_suffix('"')
        .and_then(|rest| rest.split_once(" has no property \""))
    {
        return Some(tr!(
            "errors-no-property",
            subject = subject_text(subject),
            key = key
        ));
    }
    if let Some((subject, tag)) = text
        .strip_suffix('"')
        .and_then(|rest| rest.split_once(" has no tag \""))
    {
        return Some(tr!(
            "errors-no-tag",
            subject = subject_text(subject),
            tag = tag
        ));
    }
    if let Some((project, image)) = text
        .strip_prefix("project ")
        .and_then(|rest| rest.strip_suffix('"'))
        .and_then(|rest| rest.split_once(" is not a member of image \""))
    {
        return Some(tr!("errors-not-a-member", project = project, image = image));
    }
    None
}

/// What a failed file operation was doing, for the actions the library names most.
fn io_action(action: &str) -> String {
    match action {
        "cannot read" => tr!("errors-io-cannot-read"),
        "cannot open" => tr!("errors-io-cannot-open"),
        "cannot create" => tr!("errors-io-cannot-create"),
        "cannot write" => tr!("errors-io-cannot-write"),
        "cannot flush" => tr!("errors-io-cannot-flush"),
        "cannot open image data" => tr!("errors-io-cannot-open-data"),
        "cannot write image data" => tr!("errors-io-cannot-write-data"),
        other => other.to_string(),
    }
}

/// The operating system's error, translated for the common kinds (its number kept).
fn io_error(error: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let text = match error.kind() {
        K::NotFound => tr!("errors-os-not-found"),
        K::PermissionDenied => tr!("errors-os-permission-denied"),
        K::AlreadyExists => tr!("errors-os-already-exists"),
        K::StorageFull => tr!("errors-os-storage-full"),
        K::IsADirectory => tr!("errors-os-is-a-directory"),
        K::NotADirectory => tr!("errors-os-not-a-directory"),
        _ => return error.to_string(),
    };
    match error.raw_os_error() {
        Some(code) => tr!("errors-os-with-code", error = text, code = code.to_string()),
        None => text,
    }
}

/// The full-disk hint (`backend::space::no_space`): where the store and the cache are and
/// what they hold.
fn no_space_hint(hint: &str) -> Option<String> {
    let rest = hint.strip_prefix("free some space on that disk and try again (the image store ")?;
    let rest =
        rest.strip_suffix("; deleting through the workbench needs a little free space too)")?;
    let (store, cache) = rest.split_once(", the remote cache ")?;
    let (store, store_size) = store.rsplit_once(" holds ")?;
    let (cache, cache_size) = cache.rsplit_once(" holds ")?;
    Some(tr!(
        "errors-no-space-hint",
        store = store,
        store_size = store_size,
        cache = cache,
        cache_size = cache_size
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh<T>(f: impl FnOnce() -> T) -> T {
        i18n::set_thread_lang(Some(Lang::ZhCn));
        let out = f();
        i18n::set_thread_lang(None);
        out
    }

    #[test]
    fn english_is_the_librarys_own_text() {
        i18n::set_thread_lang(Some(Lang::En));
        let error = Error::NotFound("no image with name or id \"x\"".into());
        assert_eq!(error_line(&error), "error: no image with name or id \"x\"");
        i18n::set_thread_lang(None);
    }

    #[test]
    fn known_shapes_are_translated_and_unknown_problems_stay_whole() {
        let line = zh(|| error_line(&Error::NotFound("no image with name or id \"x\"".into())));
        assert_eq!(line, "错误：没有名称或 ID 为“x”的镜像");
        let line = zh(|| {
            error_line(&Error::forbidden(
                "image \"keep\"",
                "the image is protected and cannot be deleted (unprotect it first)",
            ))
        });
        assert!(line.starts_with("错误：镜像“keep”："), "{line}");
        let odd = Error::invalid("image \"a\"", "something new");
        assert_eq!(zh(|| error_line(&odd)), "错误：image \"a\": something new");
        let hint = "free some space on that disk and try again (the image store /d/store holds \
                    1.0 GB, the remote cache /c holds 0 B; deleting through the workbench needs \
                    a little free space too)";
        let text = zh(|| no_space_hint(hint)).unwrap();
        assert!(
            text.contains("/d/store") && text.contains("1.0 GB"),
            "{text}"
        );
    }
}
