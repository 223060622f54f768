//! The egui workbench window (feature `gui`). It renders view state and sends commands to the
//! application service ([`crate::app`]) through [`bridge`]; nothing here blocks the UI thread.
//!
//! - [`app`]: the eframe app, wiring panels together.
//! - [`bridge`]: the window's end of the service (commands out, events in).
//! - [`view`]: view state, events applied, preferences.
//! - [`context`]: what a panel may touch besides its own state (commands, jobs).
//! - panels: [`catalog`] + [`catalog_table`], [`details`] (with [`metadefs`], [`inside`]), [`sharing`],
//!   [`import`] (with [`dialogs`]), [`lifecycle`], [`state_panel`], [`jobs`],
//!   [`convert`] (Convert panel, Create blank / Resize / Check), [`help`] (Help menu, F1
//!   keyboard shortcuts, About) with [`log_folder`] (Help → Open log folder).
//! - [`dialogs`]: what every dialog window shares (place, Esc and Enter), native file dialogs.
//! - [`remotes`]: the Remotes view (clouds, a cloud's catalog, sync, cache).
//! - [`theme`]: look, fonts, colours.
//!
//! Imports point from the window down to the panels and from the panels to small leaves
//! ([`context`], state modules): a panel never imports the view that holds it, so no import
//! circle spans more than two files (a test below checks it).

pub mod app;
pub mod bridge;
pub mod catalog;
pub mod catalog_table;
pub mod context;
pub mod convert;
pub mod details;
pub mod dialogs;
pub mod fonts;
pub mod help;
pub mod import;
pub mod inside;
pub mod jobs;
pub mod language;
pub mod lifecycle;
pub mod log_folder;
pub mod metadefs;
pub mod remotes;
pub mod sharing;
pub mod state_panel;
pub mod theme;
pub mod view;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui;

pub use app::WorkbenchApp;

/// The window's application id (matches the .desktop file and the AppStream metainfo).
pub const APP_ID: &str = "org.openstack.GlanceWorkbench";

/// The app icon (assets/glance-workbench.png).
const ICON_PNG: &[u8] = include_bytes!("../../assets/glance-workbench.png");

/// Why the window could not run.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    /// eframe could not create the window or its renderer (its error, as text: eframe's
    /// error type is neither `Send` nor `Sync`).
    #[error("{}", cannot_open(.0))]
    Window(String),
}

/// "cannot open the window: …" in the current language.
fn cannot_open(error: &str) -> String {
    crate::tr!("window-cannot-open", error = error)
}

/// Where eframe keeps window size, layout and preferences (not in the data dir, so one
/// window setup serves every data dir).
fn persistence_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "OpenStack", "glance-workbench")
        .map(|dirs| dirs.config_dir().to_path_buf())
}

/// Open the workbench window on `data_dir` and run until it is closed.
pub fn run(data_dir: &Path, lang: Option<crate::i18n::Lang>) -> Result<(), UiError> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Glance Workbench")
        .with_app_id(APP_ID)
        .with_inner_size([1360.0, 820.0])
        .with_min_inner_size([800.0, 500.0])
        .with_drag_and_drop(true);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport,
        persist_window: true,
        persistence_path: persistence_dir(),
        ..eframe::NativeOptions::default()
    };
    let data_dir = data_dir.to_path_buf();
    eframe::run_native(
        "glance-workbench",
        options,
        Box::new(move |cc| {
            close_on_termination(&cc.egui_ctx);
            Ok(Box::new(WorkbenchApp::new(cc, &data_dir, lang)))
        }),
    )
    .map_err(|e| UiError::Window(e.to_string()))
}

/// SIGTERM, SIGHUP and Ctrl-C in the terminal close the window the way its close button does:
/// running jobs are cancelled and given a moment to leave nothing half-written (see
/// [`WorkbenchApp`]'s `on_exit`). A second signal ends the process at once.
#[allow(
    clippy::exit,
    reason = "a second SIGTERM or Ctrl-C ends the window at once (exit 130), as in the CLI"
)]
fn close_on_termination(ctx: &egui::Context) {
    use std::sync::atomic::{AtomicBool, Ordering};
    let ctx = ctx.clone();
    let signalled = AtomicBool::new(false);
    // Installing fails only when a handler exists already (a second window in one process):
    // that one serves.
    let _ = ctrlc::set_handler(move || {
        if signalled.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        ctx.request_repaint();
    });
}

#[cfg(test)]
mod tests {
    //! The window's import graph, file by file: a file depends on another when it names it by
    //! `crate::ui::…`, `super::…` or `self::…` (groups `{a, b}` expanded), or, in a module with
    //! children, by a `use child::…` line. Comments and `#[cfg(test)] mod tests` (to the end of
    //! the file) are left out. A circle of more than two files means a panel imports the view
    //! that holds it: give the panel its own state and a context from a leaf instead.

    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// Module path ("ui::remotes::sync") → source, for every `.rs` file under `dir`.
    fn sources(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).unwrap().with_extension("");
                let mut parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if parts.last().is_some_and(|p| p == "mod") {
                    parts.pop();
                }
                out.insert(parts.join("::"), std::fs::read_to_string(&path).unwrap());
            }
        }
    }

    fn is_ident(c: char) -> bool {
        c.is_alphanumeric() || c == '_'
    }

    /// `source` without its test module, comments, and string and char literals.
    fn strip(source: &str) -> String {
        let mut source = source;
        let mut from = 0;
        while let Some(at) = source[from..].find("#[cfg(test)]") {
            let at = from + at;
            let after = source[at + "#[cfg(test)]".len()..].trim_start();
            if after.starts_with("mod tests") {
                source = &source[..at];
                break;
            }
            from = at + 1;
        }
        let chars: Vec<char> = source.chars().collect();
        let mut out = String::with_capacity(source.len());
        let mut i = 0;
        while i < chars.len() {
            let next = chars.get(i + 1).copied();
            match chars[i] {
                '/' if next == Some('/') => {
                    while i < chars.len() && chars[i] != '\n' {
                        i += 1;
                    }
                }
                '/' if next == Some('*') => {
                    let mut depth = 0;
                    while i < chars.len() {
                        if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                            depth += 1;
                            i += 2;
                        } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                            depth -= 1;
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        } else {
                            i += 1;
                        }
                    }
                }
                '"' => {
                    i += 1;
                    while i < chars.len() && chars[i] != '"' {
                        i += if chars[i] == '\\' { 2 } else { 1 };
                    }
                    i += 1;
                    out.push_str("\"\"");
                }
                'r' if (i == 0 || !is_ident(chars[i - 1])) && matches!(next, Some('#' | '"')) => {
                    let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
                    if chars.get(i + 1 + hashes) != Some(&'"') {
                        out.push('r');
                        i += 1;
                        continue;
                    }
                    let close: String = std::iter::once('"')
                        .chain(std::iter::repeat_n('#', hashes))
                        .collect();
                    let rest: String = chars[i + 2 + hashes..].iter().collect();
                    let len = rest.find(&close).map_or(rest.len(), |n| n + close.len());
                    i += 2 + hashes + rest[..len].chars().count();
                    out.push_str("\"\"");
                }
                '\'' if next == Some('\\') => {
                    i += 2;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                }
                '\'' if chars.get(i + 2) == Some(&'\'') => i += 3,
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        out
    }

    /// The path that starts at `text` (`a::b::{self, c, d::{e, f}}`): every path it names,
    /// group items expanded (nested groups down to their prefix: `a::b`, `a::b::c`,
    /// `a::b::d`).
    fn paths(text: &str) -> Vec<String> {
        let mut base = String::new();
        let mut rest = text;
        loop {
            let ident: String = rest.chars().take_while(|c| is_ident(*c)).collect();
            if ident.is_empty() {
                break;
            }
            if !base.is_empty() {
                base.push_str("::");
            }
            base.push_str(&ident);
            rest = &rest[ident.len()..];
            match rest.strip_prefix("::") {
                Some(after) => rest = after.trim_start(),
                None => break,
            }
        }
        // A group names its items, not the module it is in (unless one item is `self`).
        let mut found = Vec::new();
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(format!("{base}::{}", item.trim()));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            found.push(format!("{base}::{}", item.trim()));
        } else {
            found.push(base);
        }
        found
            .into_iter()
            .map(|p| {
                let p = p.split(" as ").next().unwrap_or_default();
                let p = p.trim_end_matches(':').trim();
                p.strip_suffix("::self").unwrap_or(p).to_string()
            })
            .collect()
    }

    /// The longest prefix of `path` that is a file's module.
    fn resolve<'a>(files: &'a BTreeMap<String, String>, path: &str) -> Option<&'a String> {
        let mut parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        while !parts.is_empty() {
            if let Some((name, _)) = files.get_key_value(&parts.join("::")) {
                return Some(name);
            }
            parts.pop();
        }
        None
    }

    /// Every file's dependencies among `files` (module path → source).
    fn imports(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
        let mut graph = BTreeMap::new();
        for (module, source) in files {
            let text = strip(source);
            let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
            let mut named = Vec::new();
            for (keyword, prefix) in [
                ("crate::", String::new()),
                ("super::", format!("{parent}::")),
                ("self::", format!("{module}::")),
            ] {
                for (at, _) in text.match_indices(keyword) {
                    if text[..at].chars().next_back().is_some_and(is_ident) {
                        continue;
                    }
                    let after = &text[at + keyword.len()..];
                    named.extend(paths(after).into_iter().map(|p| format!("{prefix}{p}")));
                }
            }
            for line in text.lines() {
                let line = line.trim_start();
                let line = line.strip_prefix("pub ").unwrap_or(line);
                if let Some(used) = line.strip_prefix("use ") {
                    for path in paths(used) {
                        let child = format!("{module}::{path}");
                        if resolve(files, &child).is_some_and(|r| r != module) {
                            named.push(child);
                        }
                    }
                }
            }
            let targets: BTreeSet<String> = named
                .iter()
                .filter_map(|p| resolve(files, p))
                .filter(|r| *r != module)
                .cloned()
                .collect();
            graph.insert(module.clone(), targets);
        }
        graph
    }

    /// Tarjan's strongly connected components with more than one file.
    fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
        struct Walk<'a> {
            graph: &'a BTreeMap<String, BTreeSet<String>>,
            index: BTreeMap<&'a str, usize>,
            low: BTreeMap<&'a str, usize>,
            stack: Vec<&'a str>,
            found: Vec<Vec<String>>,
        }
        impl<'a> Walk<'a> {
            fn visit(&mut self, v: &'a str) {
                let n = self.index.len();
                self.index.insert(v, n);
                self.low.insert(v, n);
                self.stack.push(v);
                for w in self.graph.get(v).into_iter().flatten() {
                    let w = w.as_str();
                    if !self.index.contains_key(w) {
                        self.visit(w);
                        let low = self.low[v].min(self.low[w]);
                        self.low.insert(v, low);
                    } else if self.stack.contains(&w) {
                        let low = self.low[v].min(self.index[w]);
                        self.low.insert(v, low);
                    }
                }
                if self.low[v] == self.index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = self.stack.pop() {
                        component.push(w.to_string());
                        if w == v {
                            break;
                        }
                    }
                    if component.len() > 1 {
                        component.sort();
                        self.found.push(component);
                    }
                }
            }
        }
        let mut walk = Walk {
            graph,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            found: Vec::new(),
        };
        for v in graph.keys() {
            if !walk.index.contains_key(v.as_str()) {
                walk.visit(v);
            }
        }
        walk.found
    }

    #[test]
    fn no_import_circle_in_the_window_spans_more_than_two_files() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = BTreeMap::new();
        sources(&root, &root.join("ui"), &mut files);
        assert!(files.len() > 20 && files.contains_key("ui::remotes::sync"));
        let graph = imports(&files);
        assert!(graph["ui::app"].contains("ui::view"));
        let big: Vec<String> = circles(&graph)
            .into_iter()
            .filter(|c| c.len() > 2)
            .map(|c| {
                let edges: Vec<String> = c
                    .iter()
                    .map(|a| {
                        let to: Vec<&str> = graph[a]
                            .iter()
                            .filter(|b| c.contains(b))
                            .map(String::as_str)
                            .collect();
                        format!("  {a} -> {}", to.join(", "))
                    })
                    .collect();
                format!("{} files: {c:?}\n{}", c.len(), edges.join("\n"))
            })
            .collect();
        assert!(
            big.is_empty(),
            "import circles in src/ui (a panel imports the view that holds it?):\n{}",
            big.join("\n")
        );
    }

    #[test]
    fn the_check_finds_circles_through_every_kind_of_import() {
        let file = |name: &str, text: &str| (name.to_string(), text.to_string());
        let files: BTreeMap<String, String> = [
            file("ui::a", "use crate::ui::b::{self, Thing as T};\n"),
            file(
                "ui::b",
                "// crate::ui::d in a comment\nlet s = \"crate::ui::d\";\nfn f() { super::c::run(); }",
            ),
            file("ui::c", "use crate::ui::{\n    a,\n    d::{X, Y},\n};"),
            file("ui::d", "use e::E;\n#[cfg(test)]\nmod tests {\n    use crate::ui::a;\n}"),
            file("ui::d::e", "pub struct E; const Q: char = '\"'; use crate::ui::d;"),
        ]
        .into_iter()
        .collect();
        let graph = imports(&files);
        assert_eq!(graph["ui::b"], BTreeSet::from(["ui::c".to_string()]));
        assert_eq!(graph["ui::d"], BTreeSet::from(["ui::d::e".to_string()]));
        assert_eq!(
            circles(&graph),
            [
                vec!["ui::d".to_string(), "ui::d::e".to_string()],
                vec![
                    "ui::a".to_string(),
                    "ui::b".to_string(),
                    "ui::c".to_string()
                ],
            ]
        );
    }
}
