//! The catalog's own checks: both languages hold the same ids with the same placeholders,
//! every `tr!` in the sources names an id that exists with exactly the arguments its message
//! uses, and no id is left unused.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_bundle::FluentResource;
use fluent_syntax::ast;

use super::{FILES, Lang, message_in, sources, system_lang_from};

/// Per message id: its placeholders (variables) and its attributes.
type Shape = BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>;

fn expression_vars(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for variant in variants {
                pattern_vars(&variant.value, out);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, out),
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for arg in &arguments.positional {
                inline_vars(arg, out);
            }
            for arg in &arguments.named {
                inline_vars(&arg.value, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

fn pattern_vars(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, out);
        }
    }
}

fn shape(source: &str, lang: Lang, file: &str) -> Shape {
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(resource) => resource,
        Err((_, errors)) => panic!("{lang} {file} does not parse: {errors:?}"),
    };
    let mut shape = Shape::new();
    for entry in resource.entries() {
        if let ast::Entry::Message(message) = entry {
            let mut vars = BTreeSet::new();
            if let Some(value) = &message.value {
                pattern_vars(value, &mut vars);
            }
            let mut attributes = BTreeSet::new();
            for attribute in &message.attributes {
                pattern_vars(&attribute.value, &mut vars);
                attributes.insert(attribute.id.name.to_string());
            }
            let id = message.id.name.to_string();
            assert!(
                message.value.is_some(),
                "{lang} {file}: message {id} has no value"
            );
            let previous = shape.insert(id.clone(), (vars, attributes));
            assert!(previous.is_none(), "{lang} {file}: {id} is defined twice");
        }
    }
    shape
}

/// Every file's ids and placeholders, per language.
fn catalog_shapes() -> BTreeMap<Lang, Vec<Shape>> {
    Lang::ALL
        .into_iter()
        .map(|lang| {
            let shapes = FILES
                .iter()
                .zip(sources(lang))
                .map(|(file, source)| shape(source, lang, file))
                .collect();
            (lang, shapes)
        })
        .collect()
}

#[test]
fn both_catalogs_hold_the_same_ids_with_the_same_placeholders() {
    let shapes = catalog_shapes();
    let english = &shapes[&Lang::En];
    let mut problems = Vec::new();
    let mut seen = BTreeMap::new();
    for (index, file) in FILES.iter().enumerate() {
        for id in english[index].keys() {
            if let Some(other) = seen.insert(id.clone(), *file) {
                problems.push(format!("{id} is in both {other} and {file}"));
            }
        }
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            let other = &shapes[&lang][index];
            for (id, (vars, attributes)) in &english[index] {
                match other.get(id) {
                    None => problems.push(format!("{lang} {file}: {id} is missing")),
                    Some((other_vars, other_attributes)) => {
                        if other_vars != vars {
                            problems.push(format!(
                                "{lang} {file}: {id} uses {other_vars:?}, English uses {vars:?}"
                            ));
                        }
                        if other_attributes != attributes {
                            problems.push(format!(
                                "{lang} {file}: {id} has attributes {other_attributes:?}, English {attributes:?}"
                            ));
                        }
                    }
                }
            }
            for id in other.keys().filter(|id| !english[index].contains_key(*id)) {
                problems.push(format!("{lang} {file}: {id} is extra (not in English)"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "catalog problems:\n{}",
        problems.join("\n")
    );
}

/// The `tr!` calls of one source file: (id, argument names, line).
fn tr_calls(text: &str) -> Vec<(String, BTreeSet<String>, usize)> {
    let mut calls = macro_calls(text, "tr!(");
    // A remote job's steps (`step!("id", …)` or `step!(|lang| "id", …)`) take the same shape.
    calls.extend(macro_calls(text, "step!("));
    // So do the disk inspector's messages (`msg!("inspect-…", …)`, rendered when shown).
    calls.extend(macro_calls(text, "msg!("));
    calls
}

/// The calls of the macro `needle` (its name and opening parenthesis) in one source file.
fn macro_calls(text: &str, needle: &str) -> Vec<(String, BTreeSet<String>, usize)> {
    let mut calls = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text[from..].find(needle) {
        let start = from + found + needle.len();
        from = start;
        // `tr!` inside an identifier (`attr!(`) is not ours.
        let before = start - needle.len();
        if before > 0 && (bytes[before - 1].is_ascii_alphanumeric() || bytes[before - 1] == b'_') {
            continue;
        }
        // Nor one in a comment (docs show the macro's shape).
        let line_start = text[..before].rfind('\n').map_or(0, |i| i + 1);
        if text[line_start..before].trim_start().starts_with("//") {
            continue;
        }
        // Split the call's text at its top-level commas, skipping strings and chars.
        let mut depth = 0usize;
        let mut parts = vec![String::new()];
        let mut chars = text[start..].chars().peekable();
        let mut in_string = false;
        while let Some(c) = chars.next() {
            if in_string {
                if c == '\\' {
                    chars.next();
                } else if c == '"' {
                    in_string = false;
                }
                if let Some(part) = parts.last_mut() {
                    part.push(c);
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => break,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(String::new());
                    continue;
                }
                _ => {}
            }
            if let Some(part) = parts.last_mut() {
                part.push(c);
            }
        }
        let mut first = parts[0].trim();
        // `step!(|lang| "id", …)`: the closure's parameter comes first.
        if let Some(rest) = first.strip_prefix('|')
            && let Some((_, after)) = rest.split_once('|')
        {
            first = after.trim();
        }
        let Some(id) = first.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else {
            continue; // the macro's own definition and docs
        };
        let names = parts[1..]
            .iter()
            .filter_map(|part| {
                let part = part.trim();
                let (name, _) = part.split_once('=')?;
                Some(name.trim().to_string())
            })
            .filter(|name| !name.is_empty())
            .collect();
        let line = text[..start].lines().count();
        calls.push((id.to_string(), names, line));
    }
    calls
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_tr_call_names_an_existing_id_with_its_placeholders_and_every_id_is_used() {
    let shapes = catalog_shapes();
    let mut english: BTreeMap<String, (BTreeSet<String>, &str)> = BTreeMap::new();
    for (index, file) in FILES.iter().enumerate() {
        for (id, (vars, _)) in &shapes[&Lang::En][index] {
            english.insert(id.clone(), (vars.clone(), file));
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut problems = Vec::new();
    let mut all_text = String::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for (id, names, line) in tr_calls(&text) {
            let at = format!(
                "{}:{line}",
                path.strip_prefix(root).unwrap_or(path).display()
            );
            match english.get(&id) {
                None => problems.push(format!("{at}: tr!(\"{id}\") is not in the catalog")),
                Some((vars, _)) if *vars != names => problems.push(format!(
                    "{at}: tr!(\"{id}\") passes {names:?}, the message uses {vars:?}"
                )),
                Some(_) => {}
            }
        }
        all_text.push_str(&text);
    }
    // An id counts as used where it appears as a string literal anywhere in the sources
    // (tables of ids included). The CLI's help keys are made from clap's tree and have a
    // test of their own (cli::help).
    for (id, (_, file)) in &english {
        if *file == "cli-help.ftl" {
            continue;
        }
        if !all_text.contains(&format!("\"{id}\"")) {
            problems.push(format!("{file}: {id} is never used"));
        }
    }
    assert!(
        problems.is_empty(),
        "catalog use problems:\n{}",
        problems.join("\n")
    );
}

#[test]
fn locale_variables_choose_the_language_as_gettext_does() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_string())
        }
    };
    assert_eq!(system_lang_from(env(&[])), Lang::En);
    assert_eq!(
        system_lang_from(env(&[("LANG", "zh_CN.UTF-8")])),
        Lang::ZhCn
    );
    assert_eq!(system_lang_from(env(&[("LANG", "zh_TW.UTF-8")])), Lang::En);
    assert_eq!(
        system_lang_from(env(&[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "en_US.UTF-8")])),
        Lang::En
    );
    assert_eq!(
        system_lang_from(env(&[
            ("LANG", "en_US.UTF-8"),
            ("LC_MESSAGES", "zh_CN.UTF-8")
        ])),
        Lang::ZhCn
    );
    assert_eq!(
        system_lang_from(env(&[("LANG", "en_US.UTF-8"), ("LANGUAGE", "fr:zh_CN:en")])),
        Lang::ZhCn
    );
    // LANGUAGE is ignored under the C locale, as gettext does.
    assert_eq!(
        system_lang_from(env(&[("LANG", "C.UTF-8"), ("LANGUAGE", "zh_CN")])),
        Lang::En
    );
    assert_eq!(Lang::parse("zh-Hans"), Some(Lang::ZhCn));
    assert_eq!(Lang::parse("zh_Hant_TW"), None);
    assert_eq!(Lang::parse("de_DE.UTF-8"), None);
}

#[test]
fn messages_format_with_plurals_and_fall_back_to_english() {
    assert_eq!(message_in(Lang::En, "no-such-id", None), "no-such-id");
    let mut args = super::FluentArgs::new();
    args.set("count", 1);
    assert_eq!(
        message_in(Lang::En, "common-images-count", Some(&args)),
        "1 image"
    );
    args.set("count", 3);
    assert_eq!(
        message_in(Lang::En, "common-images-count", Some(&args)),
        "3 images"
    );
    assert_eq!(
        message_in(Lang::ZhCn, "common-images-count", Some(&args)),
        "3 个镜像"
    );
    super::set_thread_lang(Some(Lang::ZhCn));
    assert_eq!(
        crate::tr!("common-images-count", count = 2usize),
        "2 个镜像"
    );
    super::set_thread_lang(Some(Lang::En));
    assert_eq!(
        crate::tr!("common-images-count", count = 2usize),
        "2 images"
    );
    super::set_thread_lang(None);
}
