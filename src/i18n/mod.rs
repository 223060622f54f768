//! The message catalog: every user-visible string of the window and the CLI, in English and
//! Simplified Chinese, from Project Fluent files (`i18n/<lang>/*.ftl`) compiled into the
//! binary. Plurals and placeholders live in the catalog (`tr!("id", count = n)`), never in
//! string concatenation. What is Glance's API (JSON, field names, status values in `-f json`,
//! property keys) is never translated.
//!
//! The language is one process-wide choice ([`set_lang`]), made from `--lang`,
//! `GLANCE_WORKBENCH_LANG`, the window's remembered choice or the system's locale variables
//! ([`system_lang`]). A thread may override it ([`set_thread_lang`]), which lets tests in one
//! process run in both languages side by side.
//!
//! Stored texts (history causes, task messages) are data and stay English: [`english`] gives
//! a text made from this thread's messages again in English (`stored.rs`).
//!
//! `fluent-bundle` rather than `i18n-embed`/`rust-i18n`: Fluent's selectors give real plural
//! rules per language, and loading several files per language (one per area of the program)
//! needs only `FluentBundle::add_resource`; `i18n-embed` insists on one file per domain and
//! `rust-i18n` has no plural rules.

use std::borrow::Cow;
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::FluentResource;
use fluent_bundle::concurrent::FluentBundle;
pub use fluent_bundle::{FluentArgs, FluentValue};
use unic_langid::LanguageIdentifier;

pub mod errors;
pub mod labels;
mod stored;

pub use stored::english;
#[cfg(test)]
mod tests;

/// A language the catalog holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English (the fallback for any message a catalog lacks).
    En,
    /// Simplified Chinese.
    ZhCn,
}

impl Lang {
    /// Every language, in the order menus list them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The code `--lang` and `GLANCE_WORKBENCH_LANG` take and the window remembers.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language's name in itself, as a language menu shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }

    /// A language from a code or a locale name: `en`, `en_US.UTF-8`, `zh`, `zh-CN`,
    /// `zh_CN.UTF-8`, `zh_Hans`, `zh_SG`; `C` and `POSIX` are English. `None` for a language
    /// the catalog does not hold (Traditional Chinese among them).
    pub fn parse(text: &str) -> Option<Lang> {
        // Drop the encoding and modifier: zh_CN.UTF-8@pinyin -> zh_CN.
        let base = text.trim().split(['.', '@']).next().unwrap_or("");
        if base.is_empty() {
            return None;
        }
        if base == "C" || base == "POSIX" {
            return Some(Lang::En);
        }
        let mut parts = base.split(['_', '-']).map(|p| p.to_ascii_lowercase());
        match parts.next().as_deref() {
            Some("en") => Some(Lang::En),
            Some("zh") => {
                let rest: Vec<String> = parts.collect();
                let traditional = rest
                    .iter()
                    .any(|p| matches!(p.as_str(), "hant" | "tw" | "hk" | "mo"));
                (!traditional).then_some(Lang::ZhCn)
            }
            _ => None,
        }
    }

    fn index(self) -> u8 {
        match self {
            Lang::En => 0,
            Lang::ZhCn => 1,
        }
    }

    fn from_index(index: u8) -> Lang {
        if index == 1 { Lang::ZhCn } else { Lang::En }
    }

    fn langid(self) -> LanguageIdentifier {
        let parsed = match self {
            Lang::En => "en".parse(),
            Lang::ZhCn => "zh-CN".parse(),
        };
        parsed.unwrap_or_default()
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The environment variable that chooses the language over the system's locale.
pub const LANG_ENV: &str = "GLANCE_WORKBENCH_LANG";

/// A language code that names no language the catalog holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language \"{0}\": choose en or zh-CN")]
pub struct UnknownLang(pub String);

/// The language a `--lang` value or `GLANCE_WORKBENCH_LANG` names.
pub fn parse_choice(text: &str) -> Result<Lang, UnknownLang> {
    Lang::parse(text).ok_or_else(|| UnknownLang(text.to_string()))
}

/// The system's language, as gettext reads it: the first language of `LANGUAGE` the catalog
/// holds, else the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set (one it does not hold
/// means English).
pub fn system_lang() -> Lang {
    system_lang_from(|name| std::env::var(name).ok())
}

/// [`system_lang`] over any source of variables (tests pass a table).
pub fn system_lang_from(var: impl Fn(&str) -> Option<String>) -> Lang {
    let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(&set);
    // gettext ignores LANGUAGE when the locale is C: a C program stays untranslated.
    let c_locale = locale
        .as_deref()
        .is_some_and(|l| matches!(l.split('.').next(), Some("C" | "POSIX")));
    if !c_locale
        && let Some(list) = set("LANGUAGE")
        && let Some(lang) = list.split(':').find_map(Lang::parse)
    {
        return lang;
    }
    locale.and_then(|l| Lang::parse(&l)).unwrap_or(Lang::En)
}

/// The language an explicit choice (`--lang`), else `GLANCE_WORKBENCH_LANG`, else the
/// system names. An unknown explicit value is an error; an unknown variable falls through.
pub fn resolve(explicit: Option<&str>) -> Result<Lang, UnknownLang> {
    if let Some(text) = explicit {
        return parse_choice(text);
    }
    if let Ok(text) = std::env::var(LANG_ENV)
        && !text.trim().is_empty()
    {
        return parse_choice(&text);
    }
    Ok(system_lang())
}

/// The language chosen by `GLANCE_WORKBENCH_LANG`, when it names one.
pub fn env_choice() -> Option<Lang> {
    std::env::var(LANG_ENV).ok().and_then(|t| Lang::parse(&t))
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

thread_local! {
    static THREAD_LANG: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Make `lang` the process's language (every thread without an override of its own).
pub fn set_lang(lang: Lang) {
    CURRENT.store(lang.index(), Ordering::Relaxed);
}

/// Override the language on this thread only (`None` returns it to the process's).
pub fn set_thread_lang(lang: Option<Lang>) {
    THREAD_LANG.with(|cell| cell.set(lang));
}

/// The language messages are given in on this thread.
pub fn current() -> Lang {
    THREAD_LANG
        .with(Cell::get)
        .unwrap_or_else(|| Lang::from_index(CURRENT.load(Ordering::Relaxed)))
}

/// The catalog's files, listed once: [`FILES`] and both languages' sources, in the same
/// order (`tests.rs` checks each pair).
macro_rules! catalog_files {
    ($($file:literal),* $(,)?) => {
        /// The catalog's files, in the same set for every language.
        pub(crate) const FILES: &[&str] = &[$($file),*];

        /// The catalog's sources for `lang`, in [`FILES`] order.
        pub(crate) fn sources(lang: Lang) -> [&'static str; FILES.len()] {
            match lang {
                Lang::En => [$(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/i18n/en/", $file))),*],
                Lang::ZhCn => {
                    [$(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/i18n/zh-CN/", $file))),*]
                }
            }
        }
    };
}

catalog_files!(
    "common.ftl",
    "cli-help.ftl",
    "cli.ftl",
    "cli-remote.ftl",
    "errors.ftl",
    "window.ftl",
    "window-details.ftl",
    "window-convert.ftl",
    "window-remotes.ftl",
    "window-remotes-views.ftl",
    "app.ftl",
    "backend.ftl",
    "remote-lib.ftl",
    "window-copy.ftl",
    "inspect.ftl",
    "package.ftl",
);

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
    // Unicode isolation marks would show as boxes in egui and break tests matching text.
    bundle.set_use_isolating(false);
    for (file, source) in FILES.iter().zip(sources(lang)) {
        let resource = match FluentResource::try_new(source.to_string()) {
            Ok(resource) => resource,
            Err((resource, errors)) => {
                tracing::warn!(lang = lang.code(), file, ?errors, "catalog file has errors");
                resource
            }
        };
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::warn!(lang = lang.code(), file, ?errors, "catalog ids repeated");
        }
    }
    bundle
}

fn bundles() -> &'static [FluentBundle<FluentResource>; 2] {
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| [bundle(Lang::En), bundle(Lang::ZhCn)])
}

fn format_in(lang: Lang, id: &str, args: Option<&FluentArgs>) -> Option<String> {
    let bundle = &bundles()[usize::from(lang.index())];
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::debug!(
            id,
            lang = lang.code(),
            ?errors,
            "message formatted with errors"
        );
    }
    Some(text.into_owned())
}

/// The message `id` in the current language with `args`: English where the current
/// language's catalog lacks it, the id itself where both do (the catalog tests make that a
/// failure).
pub fn message(id: &str, args: Option<&FluentArgs>) -> String {
    message_in(current(), id, args)
}

/// The message `id` in `lang` (see [`message`]).
pub fn message_in(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    let text = format_in(lang, id, args)
        .or_else(|| {
            (lang != Lang::En)
                .then(|| format_in(Lang::En, id, args))
                .flatten()
        })
        .unwrap_or_else(|| id.to_string());
    if lang != Lang::En {
        // So a stored text made from it can be given in English (`english`).
        stored::remember(&text, id, args);
    }
    text
}

/// Whether the catalog holds `id` (for ids made at run time, such as the CLI's help keys).
pub fn has_message(id: &str) -> bool {
    bundles()[0].has_message(id)
}

/// A value a message's placeholder takes: text, a path or a number (numbers choose plural
/// forms).
pub trait TrArg {
    /// The value as Fluent takes it.
    fn to_arg(&self) -> FluentValue<'static>;
}

impl TrArg for str {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}
impl TrArg for String {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}
impl TrArg for Cow<'_, str> {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}
impl TrArg for Path {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.display().to_string())
    }
}
impl TrArg for PathBuf {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.display().to_string())
    }
}
impl<T: TrArg + ?Sized> TrArg for &T {
    fn to_arg(&self) -> FluentValue<'static> {
        (**self).to_arg()
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl TrArg for $t {
            fn to_arg(&self) -> FluentValue<'static> {
                FluentValue::from(*self)
            }
        }
    )*};
}
number_arg!(i32, i64, u8, u16, u32, u64, usize, f64);

/// Look a message up in the catalog: `tr!("id")`, or `tr!("id", name = value, count = n)`
/// where each name is one of the message's placeholders (`{ $name }`). Returns a `String`.
#[macro_export]
macro_rules! tr {
    ($id:literal) => {
        $crate::i18n::message($id, None)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::FluentArgs::new();
        $( args.set(stringify!($name), $crate::i18n::TrArg::to_arg(&$value)); )+
        $crate::i18n::message($id, Some(&args))
    }};
}
