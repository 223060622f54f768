//! The shared vocabulary, a leaf every layer may use: ids and the image model, list queries, job
//! control, and the library's error type with the error types of the inspector and the qemu-img
//! driver it wraps.
//!
//! Arrows only point down: `ui`/`cli` → `backend` (Glance's rules) → `store`, `convert` →
//! `model`. Nothing here imports from `backend`, `store`, `convert`, `app`, `ui` or `cli`, and
//! `store` and `convert` import nothing from `backend`, `app`, `ui` or `cli`; the test at the
//! end of this file reads the sources and fails on such an import. The old paths
//! (`backend::Error`, `backend::model::ImageId`, `backend::jobs::JobControl`,
//! `convert::qemu_img::QemuImgError`, …) are re-exports of these.
//!
//! Why the tools' error types live here. [`Error`] has a variant for each tool's failure,
//! [`Error::Inspect`] and [`Error::QemuImg`], and callers match through them to the tool's own
//! variants (the CLI turns `Error::QemuImg(QemuImgError::ShrinkRefused { .. })` into "pass
//! --shrink", the convert service keeps a `-o` file only after an `Error::QemuImg`, and
//! [`Error::kind`] maps qemu-img's variants to exit codes). For a leaf `Error` to keep those
//! variants, their payload types must be defined in the leaf or below it. The alternatives were
//! worse: a `From` impl in `convert` turning its errors into a boxed or text variant would lose
//! the typed variants code matches on; keeping `Error` in `backend` and giving `store` and
//! `query` their own error type would mean a second enum mirroring some fifteen variants and a
//! one-to-one conversion between them. [`inspect::InspectError`] is plain I/O vocabulary (a path
//! and an OS error). [`qemu_img::QemuImgError`] brings the two plain values its variants carry,
//! [`qemu_img::QemuFormat`] (qemu-img's format names and their Glance `disk_format` mapping)
//! and [`qemu_img::QemuVersion`] (a release number and the minimum the driver accepts); neither
//! runs anything. The driver itself stays in `convert`.

pub mod error;
pub mod image;
pub mod inspect;
pub mod jobs;
pub mod qemu_img;
pub mod query;

pub use error::{Error, ErrorKind, Result};
pub use image::{
    ContainerFormat, DiskFormat, Image, ImageId, ImageStatus, Member, MemberStatus, Task, TaskId,
    TaskStatus, Transition, UnknownValue, Visibility,
};
pub use jobs::JobControl;
pub use query::{ListQuery, SortDir, SortKey, VisibilityFilter};

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// The layers above `store` and `convert` (the leaf must not use `store` and `convert` either).
    const ABOVE_STORE: [&str; 4] = ["backend", "app", "ui", "cli"];

    /// Every `.rs` file under `src/<dir>`, recursively.
    fn sources(dir: &str) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
                .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
                .map(|entry| entry.unwrap().path())
                .collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|ext| ext == "rs") {
                    out.push(path);
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
        let mut out = Vec::new();
        walk(&root, &mut out);
        assert!(!out.is_empty(), "no sources under {}", root.display());
        out
    }

    /// The code of a file without its `//` comments: docs may name the layers above (who calls
    /// a function), code may not use them.
    fn code(text: &str) -> String {
        text.lines()
            .map(|line| line.split_once("//").map_or(line, |(code, _)| code))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The crate-level module each `crate::…` path starts with, grouped imports
    /// (`crate::{a::b, c}`) included.
    fn crate_roots(code: &str) -> Vec<String> {
        fn ident(text: &str) -> String {
            text.trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        }
        let mut roots = Vec::new();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let part_of_a_name = rest[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
            rest = &rest[at + "crate::".len()..];
            if part_of_a_name {
                continue;
            }
            let Some(group) = rest.trim_start().strip_prefix('{') else {
                roots.push(ident(rest));
                continue;
            };
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && !c.is_whitespace() => {
                        roots.push(ident(&group[i..]));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        }
        roots
    }

    /// `(file, module)` for every `crate::module` path in `dir` that names one of `forbidden`.
    fn upward_imports(dir: &str, forbidden: &[&str]) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for path in sources(dir) {
            let text = std::fs::read_to_string(&path).unwrap();
            for root in crate_roots(&code(&text)) {
                if forbidden.contains(&root.as_str()) {
                    found.push((path.display().to_string(), root));
                }
            }
        }
        found
    }

    #[test]
    fn the_scanner_sees_plain_and_grouped_paths_and_skips_comments() {
        // Built with `{c}` so that this file's own scan does not see the sample's paths.
        let text = format!(
            "use {c}backend::x;\nuse {c}{{store::a, model::{{b, c}}}};\n\
             // {c}ui in a comment\nmy_{c}app::f();\nfn f() -> {c}convert::Y {{}}",
            c = "crate::"
        );
        assert_eq!(
            crate_roots(&code(&text)),
            ["backend", "store", "model", "convert"]
        );
    }

    #[test]
    fn the_leaf_imports_nothing_from_the_layers_above_it() {
        let mut forbidden = ABOVE_STORE.to_vec();
        forbidden.extend(["store", "convert"]);
        assert_eq!(upward_imports("model", &forbidden), []);
    }

    #[test]
    fn store_and_convert_import_only_the_leaf_and_each_other() {
        for dir in ["store", "convert"] {
            assert_eq!(upward_imports(dir, &ABOVE_STORE), [], "src/{dir}");
        }
    }
}
