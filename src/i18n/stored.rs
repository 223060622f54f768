//! Stored texts in English. History causes, task messages and pending-cleanup reasons are
//! data: every reader sees them as they were written, so they are written in English whatever
//! the language of the process that failed. Their parts, though (an error's subject and
//! problem, a cloud call's context), are made with `tr!` in the user's language where they
//! arise, deep in the library and long before anyone knows the text will be stored.
//!
//! So every message this thread formats in another language is remembered with its id and
//! arguments (the last few hundred, per thread), and [`english`] gives a text made from such
//! messages again in English: each remembered message found in it is formatted anew in
//! English, with its arguments themselves given in English. What no message made (names,
//! paths, a tool's own words, the `format!` glue, which is English) stays as it is. The window
//! and the CLI still show the text in the user's language; only what is stored changes.
//!
//! Only messages of three characters or more that are not plain ASCII are remembered: a text
//! in another language that is ASCII is the same in English, and a very short one (a single
//! word like 镜像) could be found inside a name by chance; a longer one practically cannot.

use std::cell::RefCell;
use std::collections::HashMap;

use super::{FluentArgs, FluentValue, Lang};

/// Messages remembered per generation; two generations are kept, so at least this many.
const REMEMBERED: usize = 256;

/// How deep arguments that are themselves messages are followed.
const MAX_DEPTH: usize = 8;

/// A message formatted in a language other than English: its id and arguments.
#[derive(Clone)]
struct Made {
    id: String,
    args: Vec<(String, FluentValue<'static>)>,
}

#[derive(Default)]
struct Memory {
    recent: HashMap<String, Made>,
    older: HashMap<String, Made>,
}

thread_local! {
    static MEMORY: RefCell<Memory> = RefCell::new(Memory::default());
}

/// Remember that `text` is message `id` with `args`, formatted in a language other than
/// English on this thread (called by `message_in`).
pub(super) fn remember(text: &str, id: &str, args: Option<&FluentArgs>) {
    if text.is_ascii() || text.chars().nth(2).is_none() {
        return;
    }
    // The window formats the same labels every frame: a text already remembered costs a
    // lookup, not a copy of its arguments.
    if MEMORY.with(|memory| memory.borrow().recent.contains_key(text)) {
        return;
    }
    let made = Made {
        id: id.to_string(),
        args: args
            .map(|args| {
                args.iter()
                    .map(|(name, value)| (name.to_string(), owned(value)))
                    .collect()
            })
            .unwrap_or_default(),
    };
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.recent.len() >= REMEMBERED && !memory.recent.contains_key(text) {
            memory.older = std::mem::take(&mut memory.recent);
        }
        memory.recent.insert(text.to_string(), made);
    });
}

/// A Fluent value that outlives the arguments it came from.
fn owned(value: &FluentValue<'_>) -> FluentValue<'static> {
    match value {
        FluentValue::String(text) => FluentValue::String(text.to_string().into()),
        FluentValue::Number(number) => FluentValue::Number(number.clone()),
        FluentValue::Custom(custom) => FluentValue::Custom(custom.duplicate()),
        FluentValue::None => FluentValue::None,
        FluentValue::Error => FluentValue::Error,
    }
}

/// `text`, made on this thread from catalog messages in the current language, in English (see
/// the module's documentation): for history causes, task messages and other stored texts.
/// A text in English already comes back as it is.
pub fn english(text: &str) -> String {
    english_at(text, 0)
}

fn english_at(text: &str, depth: usize) -> String {
    if text.is_ascii() || depth > MAX_DEPTH {
        return text.to_string();
    }
    // The remembered messages found in `text`, longest first (an outer message before the
    // ones inside it), copied out so formatting below may remember more.
    let mut found: Vec<(String, Made)> = MEMORY.with(|memory| {
        let memory = memory.borrow();
        memory
            .recent
            .iter()
            .chain(
                memory
                    .older
                    .iter()
                    .filter(|(k, _)| !memory.recent.contains_key(*k)),
            )
            .filter(|(made, _)| text.contains(made.as_str()))
            .map(|(made, how)| (made.clone(), how.clone()))
            .collect()
    });
    if found.is_empty() {
        return text.to_string();
    }
    found.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        match found
            .iter()
            .find(|(made, _)| rest.starts_with(made.as_str()))
        {
            Some((made, how)) => {
                out.push_str(&in_english(how, depth));
                at += made.len();
            }
            None => {
                let c = rest.chars().next().unwrap_or_default();
                out.push(c);
                at += c.len_utf8().max(1);
            }
        }
    }
    out
}

/// A remembered message formatted in English, its text arguments in English too.
fn in_english(made: &Made, depth: usize) -> String {
    let mut args = FluentArgs::new();
    for (name, value) in &made.args {
        match value {
            FluentValue::String(text) => {
                args.set(name.clone(), english_at(text, depth + 1));
            }
            other => args.set(name.clone(), other.clone()),
        }
    }
    super::message_in(Lang::En, &made.id, Some(&args))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::set_thread_lang;
    use crate::tr;

    #[test]
    fn a_text_made_of_chinese_messages_comes_back_in_english_with_names_kept() {
        set_thread_lang(Some(Lang::ZhCn));
        let subject = tr!("backend-subject-image", name = "镜像-cirros");
        let problem = tr!("errors-problem-protected");
        let text = format!("upload failed: {subject}: {problem}");
        set_thread_lang(None);
        assert!(text.contains("镜像“镜像-cirros”"), "{text}");
        let english = english(&text);
        assert_eq!(
            english,
            "upload failed: image \"镜像-cirros\": the image is protected and cannot be \
             deleted (unprotect it first)"
        );
        // Nested: a message whose argument is another message.
        set_thread_lang(Some(Lang::ZhCn));
        let nested = tr!(
            "errors-subject-problem",
            subject = subject,
            problem = problem
        );
        set_thread_lang(None);
        assert_eq!(
            super::english(&nested),
            "image \"镜像-cirros\": the image is protected and cannot be deleted (unprotect it \
             first)"
        );
        // English, and text no message made, stay as they are.
        assert_eq!(super::english("upload failed: x"), "upload failed: x");
        assert_eq!(super::english("名字“甲乙丙”"), "名字“甲乙丙”");
    }

    #[test]
    fn memory_is_bounded_and_per_thread() {
        set_thread_lang(Some(Lang::ZhCn));
        let first = tr!("errors-problem-protected");
        for i in 0..(3 * REMEMBERED) {
            tr!("backend-subject-image", name = format!("名{i}"));
        }
        set_thread_lang(None);
        // Pushed out by newer messages: left as it was.
        assert_eq!(super::english(&first), first);
        let sizes = MEMORY.with(|m| {
            let m = m.borrow();
            (m.recent.len(), m.older.len())
        });
        assert!(sizes.0 <= REMEMBERED && sizes.1 <= REMEMBERED, "{sizes:?}");
        // Another thread has not seen this one's messages.
        set_thread_lang(Some(Lang::ZhCn));
        let text = tr!("errors-problem-protected");
        set_thread_lang(None);
        let other = std::thread::spawn(move || super::english(&text))
            .join()
            .unwrap();
        assert!(other.contains('镜'), "{other}");
    }
}
