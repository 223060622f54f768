//! Showing user- and cloud-controlled text (names, tags, properties, messages) on a terminal
//! or in the window without letting control characters act: [`escape`] spells them out.
//!
//! Glance lets names, tags and property values hold any character, and they arrive from
//! remote clouds, so printing them raw lets an ESC sequence recolour the terminal or set its
//! title. [`escape`] shows every control character (C0, DEL and C1, i.e. Unicode category
//! `Cc`) as text: `\e` (ESC), `\t`, `\n`, `\r`, and `\xHH` for the others (HH is the code
//! point, so U+009B CSI shows as `\x9b`). Everything else, including non-ASCII letters,
//! passes through.
//!
//! A literal backslash is doubled only where it could be misread: when the next character is
//! itself escaped or is one of `\ e t n r x` (so `C:\Users` stays as it is, while `a\eb`
//! becomes `a\\eb` and cannot be mistaken for `a` ESC `b`). Reading the output back, `\\` is
//! one backslash and any other backslash stands for itself. Text with nothing to escape is
//! returned borrowed, unchanged. JSON output never goes through here: it stays exact.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is shown escaped (C0 controls, DEL, C1 controls).
pub fn is_escaped(c: char) -> bool {
    c.is_control()
}

/// Whether a backslash followed by `next` must be doubled to stay unambiguous.
fn backslash_needs_doubling(next: Option<char>) -> bool {
    match next {
        Some(c) => is_escaped(c) || matches!(c, '\\' | 'e' | 't' | 'n' | 'r' | 'x'),
        None => false,
    }
}

/// Whether [`escape`] would change `text`.
pub fn needs_escape(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_escaped(c) || (c == '\\' && backslash_needs_doubling(chars.peek().copied())) {
            return true;
        }
    }
    false
}

/// `text` with control characters spelled out (see the module docs); borrowed when nothing
/// needed escaping.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !needs_escape(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => out.push_str("\\e"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' if backslash_needs_doubling(chars.peek().copied()) => out.push_str("\\\\"),
            c if is_escaped(c) => {
                // Every control character is at most U+009F: two hex digits suffice.
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`escape`] as an owned `String` (for table cells and labels).
pub fn escaped(text: &str) -> String {
    escape(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Undo [`escape`]: the reading the module docs promise.
    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.peek().copied() {
                Some('\\') => out.push('\\'),
                Some('e') => out.push('\x1b'),
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('x') => {
                    chars.next();
                    let hex: String = chars.by_ref().take(2).collect();
                    let code = u32::from_str_radix(&hex, 16).unwrap();
                    out.push(char::from_u32(code).unwrap());
                    continue;
                }
                _ => {
                    out.push('\\');
                    continue;
                }
            }
            chars.next();
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_back_without_a_control_character(
            text in "(\\PC|[\\\\\\x00-\\x1f\\x7f-\\u{9f}etnrx])*"
        ) {
            let shown = escape(&text);
            proptest::prop_assert!(!shown.chars().any(is_escaped));
            proptest::prop_assert_eq!(unescape(&shown), text);
        }
    }

    #[test]
    fn control_characters_are_spelled_out() {
        assert_eq!(escape("x\x1b]0;pwned\x07"), "x\\e]0;pwned\\x07");
        assert_eq!(escape("a\tb\nc\rd"), "a\\tb\\nc\\rd");
        assert_eq!(escape("nul\0del\x7f"), "nul\\x00del\\x7f");
        assert_eq!(escape("csi\u{9b}31m"), "csi\\x9b31m");
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        for text in [
            "cirros-0.6.2",
            "镜像 ü",
            "C:\\Users\\me",
            "a\\b",
            "end\\",
            "",
        ] {
            assert!(
                matches!(escape(text), Cow::Borrowed(t) if t == text),
                "{text}"
            );
            assert!(!needs_escape(text));
        }
        // Bidi and zero-width characters are not control characters (category Cf).
        assert_eq!(escape("a\u{202e}b\u{200b}"), "a\u{202e}b\u{200b}");
    }

    #[test]
    fn a_backslash_is_doubled_only_where_it_could_be_misread() {
        assert_eq!(escape("a\\eb"), "a\\\\eb");
        assert_eq!(escape("C:\\temp"), "C:\\\\temp");
        assert_eq!(escape("a\\\\b"), "a\\\\\\b");
        assert_eq!(escape("\\\x1b"), "\\\\\\e");
        assert_eq!(escape("x\\x07"), "x\\\\x07");
    }

    #[test]
    fn the_output_reads_back_exactly() {
        let samples = [
            "x\x1b]0;pwned\x07",
            "a\\eb",
            "a\\\\b",
            "\\\x1b[31m",
            "C:\\Users\\n\\x",
            "tail\\",
            "mixed \\ \t \\t \u{85} \\x85",
        ];
        for text in samples {
            let shown = escape(text);
            assert!(!shown.chars().any(is_escaped), "{shown}");
            assert_eq!(unescape(&shown), text, "{shown}");
        }
        for c in (0..=0x200_u32).filter_map(char::from_u32) {
            let text = format!("\\{c}\\");
            assert_eq!(unescape(&escape(&text)), text, "U+{:04X}", u32::from(c));
        }
    }
}
