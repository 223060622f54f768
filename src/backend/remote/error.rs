//! Errors of the remote side: Keystone and Glance answers (with the server's own message),
//! unreachable servers, timeouts, failed verifications. Each says whether it is the user's
//! doing, a cancellation or a failure, and converts into the library's [`crate::backend::Error`]
//! at the CLI boundary.

use std::path::PathBuf;

use crate::backend::error::{Error as LocalError, ErrorKind};
use crate::tr;

/// Everything talking to a remote cloud can fail with.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    /// A cloud definition is missing or incomplete.
    #[error("{}", tr!("rlib-error-config", cloud = cloud, problem = problem))]
    Config {
        /// The cloud's name.
        cloud: String,
        /// What is wrong.
        problem: String,
    },
    /// The server answered with an HTTP error.
    #[error("{}", tr!("rlib-error-http", context = context, meaning = describe_status(*status, message)))]
    Http {
        /// What was being done (`cloud "lab": GET /v2/images/…`).
        context: String,
        /// The HTTP status.
        status: u16,
        /// The server's own message (Glance's or Keystone's), without HTML.
        message: String,
    },
    /// The server could not be reached (refused, DNS, TLS).
    #[error("{}", tr!("rlib-error-connect", context = context, server = authority(url), detail = detail))]
    Connect {
        /// What was being done.
        context: String,
        /// The URL tried (shown as its host and port: the context names the call).
        url: String,
        /// Why: the innermost cause ("Connection refused (os error 111)").
        detail: String,
    },
    /// The server did not answer in time.
    #[error("{}", tr!("rlib-error-timeout", context = context, url = url, seconds = seconds.to_string()))]
    Timeout {
        /// What was being done.
        context: String,
        /// The URL tried.
        url: String,
        /// The limit that passed.
        seconds: u64,
    },
    /// The server answered something the client cannot use.
    #[error("{}", tr!("rlib-error-protocol", context = context, problem = problem))]
    Protocol {
        /// What was being done.
        context: String,
        /// What was wrong with it.
        problem: String,
    },
    /// Data did not match its recorded size or hash.
    #[error("{}", tr!("rlib-error-verify", context = context, problem = problem))]
    Verify {
        /// What was being verified.
        context: String,
        /// The mismatch.
        problem: String,
    },
    /// A remote operation ended in a failed state (an import task, a killed image).
    #[error("{}", tr!("rlib-error-failed", context = context, problem = problem))]
    Failed {
        /// What was being done.
        context: String,
        /// What the server reported.
        problem: String,
    },
    /// The job was cancelled.
    #[error("{}", tr!("rlib-error-cancelled", context = .0))]
    Cancelled(String),
    /// A local file operation failed.
    #[error("{}", tr!("rlib-error-io", action = io_action(action), error = source.to_string(), path = path))]
    Io {
        /// What was being done.
        action: String,
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The local catalog refused or failed.
    #[error(transparent)]
    Local(#[from] LocalError),
}

/// The readable form of an HTTP error status with the server's message.
fn describe_status(status: u16, message: &str) -> String {
    // A quota's 413 names the limit and the numbers (oslo.limit's words) in one line.
    if status == 413
        && let Some(line) = crate::backend::remote::usage::explain_over_limit(message)
    {
        return tr!("rlib-http-quota", line = line);
    }
    let meaning = match status {
        400 => tr!("rlib-http-400"),
        401 => tr!("rlib-http-401"),
        403 => tr!("rlib-http-403"),
        404 => tr!("rlib-http-404"),
        409 => tr!("rlib-http-409"),
        410 => tr!("rlib-http-410"),
        413 => tr!("rlib-http-413"),
        415 => tr!("rlib-http-415"),
        429 => tr!("rlib-http-429"),
        503 => tr!("rlib-http-503"),
        s if s >= 500 => tr!("rlib-http-5xx"),
        _ => tr!("rlib-http-other"),
    };
    let message = message.trim();
    let status_text = status.to_string();
    if message.is_empty() {
        if status >= 500 && ![503].contains(&status) {
            tr!(
                "rlib-http-with-status",
                meaning = meaning,
                status = status_text
            )
        } else {
            meaning
        }
    } else if status >= 500 && status != 503 {
        tr!(
            "rlib-http-with-status-message",
            meaning = meaning,
            status = status_text,
            message = message
        )
    } else {
        tr!(
            "rlib-http-with-message",
            meaning = meaning,
            message = message
        )
    }
}

/// What a failed file operation was doing, in the current language (the actions this module
/// names; any other as written).
fn io_action(action: &str) -> String {
    // A note added after a failure ("cannot write (the remote image … was kept)") keeps it.
    let (base, note) = match action.split_once(" (") {
        Some((base, rest)) => (base, rest.strip_suffix(')')),
        None => (action, None),
    };
    let text = match base {
        "cannot read" => tr!("rlib-io-cannot-read"),
        "cannot open" => tr!("rlib-io-cannot-open"),
        "cannot create" => tr!("rlib-io-cannot-create"),
        "cannot write" => tr!("rlib-io-cannot-write"),
        "cannot flush" => tr!("rlib-io-cannot-flush"),
        "cannot finish" => tr!("rlib-io-cannot-finish"),
        "cannot replace" => tr!("rlib-io-cannot-replace"),
        "cannot create the cache dir" => tr!("rlib-io-cannot-create-cache-dir"),
        "cannot create the cache" => tr!("rlib-io-cannot-create-cache"),
        "cannot reuse the partial download" => tr!("rlib-io-cannot-reuse-partial"),
        "cannot read CA file" => tr!("rlib-io-cannot-read-ca"),
        "cannot read the client certificate" => tr!("rlib-io-cannot-read-cert"),
        "cannot read the client key" => tr!("rlib-io-cannot-read-key"),
        "cannot start the network runtime" => tr!("rlib-io-cannot-start-runtime"),
        "cannot start the copy thread" => tr!("rlib-io-cannot-start-copy-thread"),
        "cannot start a push thread" => tr!("rlib-io-cannot-start-push-thread"),
        "cannot start the upload reader" => tr!("rlib-io-cannot-start-upload-reader"),
        "cannot start the hashing thread" => tr!("rlib-io-cannot-start-hashing-thread"),
        "cannot write received data" => tr!("rlib-io-cannot-write-received"),
        _ => return action.to_string(),
    };
    match note {
        Some(note) => tr!("rlib-with-note", text = text, note = note),
        None => text,
    }
}

/// `cloud "NAME"` as messages name a cloud.
pub fn cloud_subject(name: &str) -> String {
    tr!("rlib-subject-cloud", name = name)
}

/// The context of a step on one remote image: `cloud "lab": image ID`.
pub fn image_context(cloud: &str, id: &str) -> String {
    tr!("rlib-context-image", cloud = cloud, id = id)
}

impl RemoteError {
    /// Whether this is the user's doing, a cancellation, or a failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            RemoteError::Config { .. } => ErrorKind::User,
            RemoteError::Http { status, .. } if *status < 500 => ErrorKind::User,
            RemoteError::Connect { .. } | RemoteError::Timeout { .. } => ErrorKind::User,
            RemoteError::Cancelled(_) => ErrorKind::Cancelled,
            RemoteError::Local(e) => e.kind(),
            RemoteError::Failed { .. } => ErrorKind::User,
            _ => ErrorKind::Internal,
        }
    }

    /// The HTTP status, when the server answered with an error.
    pub fn status(&self) -> Option<u16> {
        match self {
            RemoteError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether retrying the same idempotent request may succeed (a refused connection, a
    /// timeout, a 5xx or 429 answer).
    pub fn is_transient(&self) -> bool {
        match self {
            RemoteError::Connect { .. } | RemoteError::Timeout { .. } => true,
            RemoteError::Http { status, .. } => matches!(status, 429 | 502 | 503 | 504),
            _ => false,
        }
    }

    /// A local I/O error.
    pub fn io(action: impl Into<String>, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        RemoteError::Io {
            action: action.into(),
            path: path.into(),
            source,
        }
    }

    /// An incomplete cloud definition.
    pub fn config(cloud: &str, problem: impl Into<String>) -> Self {
        RemoteError::Config {
            cloud: cloud.to_string(),
            problem: problem.into(),
        }
    }
}

impl From<RemoteError> for LocalError {
    fn from(error: RemoteError) -> Self {
        match error {
            RemoteError::Local(local) => local,
            RemoteError::Cancelled(what) => LocalError::Cancelled(what),
            other => {
                let message = other.to_string();
                match (other.kind(), other.status()) {
                    (_, Some(404)) => LocalError::NotFound(message),
                    (_, Some(403)) => split(message, LocalError::forbidden),
                    (_, Some(409)) => split(message, LocalError::conflict),
                    (ErrorKind::User, _) => split(message, LocalError::invalid),
                    _ => LocalError::Internal(message),
                }
            }
        }
    }
}

/// `host:port` of a URL, for a message that already names the call (the URL itself when it
/// cannot be parsed).
fn authority(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(parsed) => match (parsed.host_str(), parsed.port_or_known_default()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_string(),
            _ => url.to_string(),
        },
        Err(_) if url.is_empty() => tr!("rlib-the-server"),
        Err(_) => url.to_string(),
    }
}

/// Build a subject/problem error from a `subject: problem` message (`主语：问题` in Chinese,
/// whose colon is full-width).
fn split(message: String, make: fn(String, String) -> LocalError) -> LocalError {
    // English messages split at ": " only, as they always have.
    let seps: &[&str] = if crate::i18n::current() == crate::i18n::Lang::En {
        &[": "]
    } else {
        &[": ", "："]
    };
    let at = seps
        .iter()
        .filter_map(|sep| message.find(sep).map(|i| (i, sep.len())))
        .min();
    match at {
        Some((i, len)) => make(message[..i].to_string(), message[i + len..].to_string()),
        None => make("remote".to_string(), message),
    }
}

/// The remote module's result type.
pub type RemoteResult<T> = std::result::Result<T, RemoteError>;

/// Pull the human message out of an error body: Glance's `{"message": …}` (with HTML line
/// breaks), Keystone's `{"error": {"message": …}}`, or plain text with tags removed.
pub fn server_message(body: &str) -> String {
    let from_json = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|value| {
            let message = value
                .pointer("/error/message")
                .or_else(|| value.get("message"))
                .or_else(|| value.pointer("/itemNotFound/message"))
                .or_else(|| value.get("title"))?;
            message.as_str().map(str::to_string)
        });
    let text = from_json.unwrap_or_else(|| body.to_string());
    let mut plain = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    let mut joined = words.join(" ");
    // Glance repeats the status line ("403 Forbidden") in front of its message.
    for prefix in [
        "400 Bad Request ",
        "403 Forbidden ",
        "404 Not Found ",
        "409 Conflict ",
    ] {
        if let Some(rest) = joined.strip_prefix(prefix) {
            joined = rest.to_string();
        }
    }
    if joined.len() > 600 {
        let cut = joined
            .char_indices()
            .nth(600)
            .map_or(joined.len(), |(i, _)| i);
        joined.truncate(cut);
        joined.push('…');
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_extracted_from_glance_and_keystone_bodies() {
        let glance = r#"{"message": "Attribute 'location' is reserved.<br /><br />\n\n\n", "code": "403 Forbidden", "title": "Forbidden"}"#;
        assert_eq!(server_message(glance), "Attribute 'location' is reserved.");
        let keystone = r#"{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"#;
        assert_eq!(
            server_message(keystone),
            "The request you have made requires authentication."
        );
        assert_eq!(
            server_message("<html><body><h1>413 Request Entity Too Large</h1></body></html>"),
            "413 Request Entity Too Large"
        );
    }

    #[test]
    fn kinds_and_conversion() {
        let err = RemoteError::Http {
            context: "cloud \"lab\": DELETE /v2/images/x".into(),
            status: 403,
            message: "Image x is protected".into(),
        };
        assert_eq!(err.kind(), ErrorKind::User);
        assert!(
            err.to_string()
                .contains("forbidden (HTTP 403): Image x is protected")
        );
        let local: LocalError = err.into();
        assert!(matches!(local, LocalError::Forbidden { .. }));
        let err = RemoteError::Http {
            context: "x".into(),
            status: 503,
            message: String::new(),
        };
        assert!(err.is_transient());
        assert_eq!(err.kind(), ErrorKind::Internal);
    }

    #[test]
    fn chinese_messages_come_out_whole() {
        use crate::i18n::{Lang, set_thread_lang};
        set_thread_lang(Some(Lang::ZhCn));
        let err = RemoteError::Connect {
            context: image_context("lab", "abc"),
            url: "http://127.0.0.1:9292/v2/images/abc".into(),
            detail: "Connection refused (os error 111)".into(),
        };
        let text = err.to_string();
        let http = RemoteError::Http {
            context: cloud_subject("lab"),
            status: 403,
            message: "Image x is protected".into(),
        }
        .to_string();
        let local: LocalError = RemoteError::Failed {
            context: cloud_subject("lab"),
            problem: "x".into(),
        }
        .into();
        let quota = describe_status(
            413,
            "[Resource image_count_total is over limit of 3 due to current usage 3 and delta 1]",
        );
        set_thread_lang(None);
        assert_eq!(
            text,
            "云“lab”：镜像 abc：无法连接 127.0.0.1:9292：Connection refused (os error 111)"
        );
        assert_eq!(http, "云“lab”：禁止访问（HTTP 403）：Image x is protected");
        // The subject is split at the full-width colon, as the English one at ": ".
        assert!(
            matches!(&local, LocalError::Invalid { subject, .. } if subject == "云“lab”"),
            "{local:?}"
        );
        assert!(
            quota.starts_with("Glance 因超出项目配额而拒绝：image_count_total（镜像数）的限制为 3")
                && quota.ends_with("（HTTP 413）"),
            "{quota}"
        );
    }

    #[test]
    fn english_templates_are_unchanged() {
        use crate::i18n::{Lang, set_thread_lang};
        set_thread_lang(Some(Lang::En));
        let timeout = RemoteError::Timeout {
            context: image_context("lab", "abc"),
            url: "http://h:1/x".into(),
            seconds: 30,
        }
        .to_string();
        let cancelled = RemoteError::Cancelled("push".into()).to_string();
        let server = RemoteError::Http {
            context: "c".into(),
            status: 500,
            message: String::new(),
        }
        .to_string();
        set_thread_lang(None);
        assert_eq!(
            timeout,
            "cloud \"lab\": image abc: no answer from http://h:1/x within 30 s"
        );
        assert_eq!(cancelled, "push: cancelled");
        assert_eq!(server, "c: the server failed (HTTP 500)");
    }
}
