//! Errors of the remote side: Keystone and Glance answers (with the server's own message),
//! unreachable servers, timeouts, failed verifications. Each says whether it is the user's
//! doing, a cancellation or a failure, and converts into the library's [`crate::backend::Error`]
//! at the CLI boundary.

use std::path::PathBuf;

use crate::backend::error::{Error as LocalError, ErrorKind};

/// Everything talking to a remote cloud can fail with.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    /// A cloud definition is missing or incomplete.
    #[error("cloud \"{cloud}\": {problem}")]
    Config {
        /// The cloud's name.
        cloud: String,
        /// What is wrong.
        problem: String,
    },
    /// The server answered with an HTTP error.
    #[error("{context}: {}", describe_status(*status, message))]
    Http {
        /// What was being done (`cloud "lab": GET /v2/images/…`).
        context: String,
        /// The HTTP status.
        status: u16,
        /// The server's own message (Glance's or Keystone's), without HTML.
        message: String,
    },
    /// The server could not be reached (refused, DNS, TLS).
    #[error("{context}: cannot reach {}: {detail}", authority(url))]
    Connect {
        /// What was being done.
        context: String,
        /// The URL tried (shown as its host and port: the context names the call).
        url: String,
        /// Why: the innermost cause ("Connection refused (os error 111)").
        detail: String,
    },
    /// The server did not answer in time.
    #[error("{context}: no answer from {url} within {seconds} s")]
    Timeout {
        /// What was being done.
        context: String,
        /// The URL tried.
        url: String,
        /// The limit that passed.
        seconds: u64,
    },
    /// The server answered something the client cannot use.
    #[error("{context}: unexpected answer: {problem}")]
    Protocol {
        /// What was being done.
        context: String,
        /// What was wrong with it.
        problem: String,
    },
    /// Data did not match its recorded size or hash.
    #[error("{context}: verification failed: {problem}")]
    Verify {
        /// What was being verified.
        context: String,
        /// The mismatch.
        problem: String,
    },
    /// A remote operation ended in a failed state (an import task, a killed image).
    #[error("{context}: {problem}")]
    Failed {
        /// What was being done.
        context: String,
        /// What the server reported.
        problem: String,
    },
    /// The job was cancelled.
    #[error("{0}: cancelled")]
    Cancelled(String),
    /// A local file operation failed.
    #[error("{action}: {source}: {}", path.display())]
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
        return format!("{line} (HTTP 413)");
    }
    let meaning = match status {
        400 => "the request was refused as invalid (HTTP 400)",
        401 => {
            "authentication failed (HTTP 401): check the user name, password or application credential"
        }
        403 => "forbidden (HTTP 403)",
        404 => "not found (HTTP 404)",
        409 => "conflict with the current state (HTTP 409)",
        410 => "gone (HTTP 410)",
        413 => "too large or over quota (HTTP 413)",
        415 => {
            "the data does not match the image's disk_format/container_format (HTTP 415): \
                Glance inspects uploads and refuses content of another format; set the format \
                the data really has"
        }
        429 => "too many requests (HTTP 429)",
        503 => "the service is unavailable (HTTP 503)",
        s if s >= 500 => "the server failed",
        _ => "the request failed",
    };
    let message = message.trim();
    if message.is_empty() {
        if status >= 500 && ![503].contains(&status) {
            format!("{meaning} (HTTP {status})")
        } else {
            meaning.to_string()
        }
    } else if status >= 500 && status != 503 {
        format!("{meaning} (HTTP {status}): {message}")
    } else {
        format!("{meaning}: {message}")
    }
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
        Err(_) if url.is_empty() => "the server".to_string(),
        Err(_) => url.to_string(),
    }
}

/// Build a subject/problem error from a `subject: problem` message.
fn split(message: String, make: fn(String, String) -> LocalError) -> LocalError {
    match message.split_once(": ") {
        Some((subject, problem)) => make(subject.to_string(), problem.to_string()),
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
}
