//! The inspectors' words, kept as catalog messages until they are shown.
//!
//! A finding, a note or a description is made once, while the file is read, and shown later,
//! possibly many times and in another language than the one the process had then (the
//! window's language switch, a report stored while the CLI ran in Chinese). So each one keeps
//! a [`Msg`] — a catalog id with its arguments, unrendered — and is rendered where it is
//! shown: [`Msg::shown`] in the current language for people, [`Msg::english`] for what is
//! data (`-f json`, refusal causes written into stored history, the `detail` strings the
//! report serializes). Both come from the same catalog entry (`i18n/*/inspect.ftl`), so the
//! English text is the one the inspector always wrote, and the Chinese one cannot drift from
//! what the finding says. Arguments that are themselves words (the finding of a disk inside
//! an archive, the description of a compressed file's content) are nested messages and are
//! rendered in the same language as the message around them.
//!
//! Numbers are passed as text (a u64 offset must print exactly, which Fluent's `f64`
//! numbers do not promise), except [`Arg::Count`], which chooses plural forms.

use crate::i18n::{self, FluentArgs, FluentValue, Lang};

/// A catalog message with its arguments, rendered in any language when it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    /// The catalog id (`inspect-…`).
    pub id: &'static str,
    /// The placeholders' values, by name.
    pub args: Vec<(&'static str, Arg)>,
}

/// The value of one placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text shown as it is: names, format names, numbers, quoted file names.
    Text(String),
    /// A small count that chooses a plural form.
    Count(u64),
    /// Words of their own, rendered in the language of the message around them.
    Msg(Box<Msg>),
    /// Several messages, rendered in the same language and joined with the language's list
    /// separator (`inspect-list-separator`).
    List(Vec<Msg>),
}

impl Msg {
    /// Text that is the same in every language (a format name, `qcow2 v3 (compat 1.1)`).
    pub fn text(text: impl Into<String>) -> Msg {
        Msg {
            id: "inspect-text",
            args: vec![("text", Arg::Text(text.into()))],
        }
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut args = FluentArgs::new();
        for (name, arg) in &self.args {
            let value = match arg {
                Arg::Text(text) => FluentValue::from(text.clone()),
                Arg::Count(count) => FluentValue::from(*count),
                Arg::Msg(msg) => FluentValue::from(msg.render(lang)),
                Arg::List(items) => {
                    let separator = i18n::message_in(lang, "inspect-list-separator", None);
                    let items: Vec<String> = items.iter().map(|m| m.render(lang)).collect();
                    FluentValue::from(items.join(&separator))
                }
            };
            args.set(*name, value);
        }
        i18n::message_in(lang, self.id, Some(&args))
    }

    /// The message in the current language, for people.
    pub fn shown(&self) -> String {
        self.render(i18n::current())
    }

    /// The message in English: what JSON and stored text carry.
    pub fn english(&self) -> String {
        self.render(Lang::En)
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Arg::Text(text.clone())
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_string())
    }
}

impl From<Msg> for Arg {
    fn from(msg: Msg) -> Self {
        Arg::Msg(Box::new(msg))
    }
}

impl From<Vec<Msg>> for Arg {
    fn from(items: Vec<Msg>) -> Self {
        Arg::List(items)
    }
}

macro_rules! text_number {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(number: $t) -> Self {
                Arg::Text(number.to_string())
            }
        }
    )*};
}
text_number!(u8, u16, u32, u64, usize, i64);

/// A [`Msg`]: `msg!("inspect-…", name = value, …)`, each name one of the message's
/// placeholders, each value text, a number (as text), a nested [`Msg`] or an [`Arg`].
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::convert::inspect::Msg {
            id: $id,
            args: vec![$((stringify!($name), $crate::convert::inspect::Arg::from($value))),*],
        }
    };
}
pub(crate) use msg;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::inspect::{InspectOptions, UnsafeReason, inspect_bytes};

    #[test]
    fn nested_messages_render_in_the_language_of_the_message_around_them() {
        let inner = msg!("inspect-describe-compressed-data", compression = "gzip");
        let outer = msg!(
            "inspect-propagated",
            format = "gzip",
            detail = inner.clone()
        );
        assert_eq!(inner.english(), "gzip-compressed data");
        assert_eq!(outer.english(), "inside the gzip: gzip-compressed data");
        let zh = outer.render(Lang::ZhCn);
        assert!(zh.contains(&inner.render(Lang::ZhCn)), "{zh}");
        assert!(!zh.contains("inside"), "{zh}");
        // Numbers pass as text, exactly.
        let big = msg!("inspect-text", text = u64::MAX);
        assert_eq!(big.english(), u64::MAX.to_string());
    }

    /// Each message's English rendering is the text the inspector wrote before its words
    /// moved to the catalog (the `format!` each call site had), so `-f json` and stored
    /// text are unchanged: a sample across every format's findings and notes, with awkward
    /// arguments (quotes, the largest numbers, nested findings).
    #[test]
    fn english_renderings_are_the_old_details() {
        let name = "dir/b\"ase\n.img";
        let (off, size, len) = (u64::MAX, 4096u64, 1u64 << 40);
        let inner = msg!("inspect-backing-file", name = format!("{name:?}"));
        let old_inner = format!("image has a backing file {name:?}; it is not opened");
        let cases: Vec<(Msg, String)> = vec![
            (inner.clone(), old_inner.clone()),
            (
                msg!("inspect-qcow2-header-short", bytes = 71usize),
                format!("qcow2 header is cut short ({} bytes)", 71),
            ),
            (
                msg!("inspect-qcow2-cluster-bits", bits = 30u32),
                format!("cluster_bits {} outside qemu's range 9..=21", 30),
            ),
            (
                msg!(
                    "inspect-qcow2-data-file",
                    name = msg!("inspect-qcow2-data-file-unnamed")
                ),
                format!(
                    "guest data lives in external data file {:?} (incompatible bit 2); it is \
                     not opened",
                    "(name not recorded in the image)"
                ),
            ),
            (
                msg!("inspect-qcow2-unknown-bits", bits = "5, 63"),
                format!("unknown incompatible feature bit(s) {}", "5, 63"),
            ),
            (
                msg!(
                    "inspect-qcow2-extension-overrun",
                    extension = format!("{:#x}", 0xe279_2acau32)
                ),
                format!(
                    "header extension {:#x} overruns the first cluster",
                    0xe279_2acau32
                ),
            ),
            (
                msg!(
                    "inspect-qcow2-beyond",
                    what = msg!("inspect-qcow2-luks-header"),
                    offset = off,
                    size = size,
                    len = len
                ),
                format!(
                    "LUKS encryption header at offset {off} ({size} bytes) extends beyond the \
                     end of the file ({len} bytes)"
                ),
            ),
            (
                msg!("inspect-qcow2-note-clusters-beyond", count = 17u64),
                format!("{} sampled clusters lie beyond the end of the file", 17),
            ),
            (
                msg!(
                    "inspect-propagated",
                    format = "qcow2",
                    detail = inner.clone()
                ),
                format!("inside the {}: {}", "qcow2", old_inner),
            ),
            (
                msg!(
                    "inspect-in-member",
                    name = format!("{:?}", "disk2.qcow2"),
                    format = "gzip",
                    detail = msg!("inspect-propagated", format = "qcow2", detail = inner)
                ),
                format!(
                    "in member {:?} ({}): inside the qcow2: {}",
                    "disk2.qcow2", "gzip", old_inner
                ),
            ),
            (
                msg!(
                    "inspect-stream-incomplete",
                    what = msg!(
                        "inspect-stream-does-not-decode",
                        kind = "gzip",
                        taken = 100u64,
                        bytes = 5usize,
                        error = "unexpected end of file"
                    )
                ),
                format!(
                    "the {} stream does not decode to its end: all {} compressed bytes were \
                     read and gave {} bytes ({}): the data is incomplete",
                    "gzip", 100, 5, "unexpected end of file"
                ),
            ),
            (
                msg!(
                    "inspect-note-stream-complete",
                    kind = "xz",
                    how = msg!("inspect-xz-complete", streams = 2usize, blocks = 9u64)
                ),
                format!(
                    "the xz stream is complete: {} stream(s) of {} block(s) end at the end of \
                     the file (footers and indexes checked)",
                    2, 9
                ),
            ),
            (
                msg!(
                    "inspect-note-stream-unverified",
                    kind = "gzip",
                    why = msg!("inspect-gzip-no-index", cap = 5u64 << 20)
                ),
                format!(
                    "completeness of the gzip stream was not verified: gzip has no index, so a \
                     stream longer than the {} bytes read is only proven complete by \
                     decompressing it all (InspectOptions::verify_whole_streams)",
                    5u64 << 20
                ),
            ),
            (
                msg!("inspect-zstd-in-block", block = 3u64, len = len, end = off),
                format!(
                    "the zstd stream ends inside block 3 ({len} bytes in the file, the block \
                     ends at {off})"
                ),
            ),
            (
                msg!("inspect-polyglot", formats = "qcow2, iso"),
                format!("the file matches several formats: {}", "qcow2, iso"),
            ),
            (
                msg!(
                    "inspect-virtual-size-over-limit",
                    size = off,
                    limit = 64u64 << 40
                ),
                format!(
                    "virtual size {off} bytes exceeds the limit of {} bytes",
                    64u64 << 40
                ),
            ),
            (
                msg!(
                    "inspect-iso-note-volume",
                    label = format!("{:?}", "CDROM"),
                    bytes = 2048u64
                ),
                format!("volume {:?}, {} bytes declared", "CDROM", 2048),
            ),
            (
                msg!("inspect-luks-version", version = 2u16),
                "LUKS version 2 is not supported by qemu nor accepted by Glance".to_string(),
            ),
            (
                msg!(
                    "inspect-note-partitions",
                    table = "mbr",
                    partitions = vec![
                        msg!(
                            "inspect-mbr-partition",
                            number = 1usize,
                            kind = format!("{:#04x}", 0x83),
                            start = 2048u32,
                            sectors = 2048u32
                        ),
                        msg!(
                            "inspect-mbr-partition",
                            number = 2usize,
                            kind = format!("{:#04x}", 0x7),
                            start = 4096u32,
                            sectors = 1u32
                        ),
                    ]
                ),
                format!(
                    "{} partitions: {}",
                    "mbr",
                    [
                        "1:type 0x83 start 2048 sectors 2048",
                        "2:type 0x07 start 4096 sectors 1"
                    ]
                    .join(", ")
                ),
            ),
            (
                msg!("inspect-gpt-protective-lba", entry = 0usize, lba = 63u32),
                format!("GPT protective MBR entry {} starts at LBA {}, not 1", 0, 63),
            ),
            (
                msg!(
                    "inspect-tar-escape",
                    name = format!("{:?}", "../x.img"),
                    why = msg!("inspect-tar-dotdot")
                ),
                format!(
                    "member {:?} {}: extracting it writes outside the folder",
                    "../x.img", "has a \"..\" component"
                ),
            ),
            (
                msg!(
                    "inspect-tar-symlink",
                    name = format!("{:?}", "l"),
                    target = format!("{:?}", "/etc/passwd")
                ),
                format!(
                    "member {:?} is {} link to {:?}",
                    "l", "a symbolic", "/etc/passwd"
                ),
            ),
            (
                msg!(
                    "inspect-tar-no-disk-prefix",
                    what = msg!("inspect-tar-word-tar")
                ),
                format!(
                    "the {} holds no disk image{}: there is nothing to inspect",
                    "tar archive", " in the inspected prefix"
                ),
            ),
            (
                msg!(
                    "inspect-tar-note-member",
                    name = format!("{:?}", "a.vmdk"),
                    bytes = size
                ),
                format!("inspected member {:?} ({} bytes)", "a.vmdk", size),
            ),
            (
                msg!(
                    "inspect-vdi-version",
                    version = format!("{:#x}", 0x0001_0000u32)
                ),
                format!("VDI version {:#x} is not 1.1", 0x0001_0000u32),
            ),
            (
                msg!("inspect-vhd-fixed-short", exposed = len, held = size),
                format!("fixed VHD exposes {len} bytes but holds only {size}"),
            ),
            (
                msg!("inspect-vhdx-parent", paths = "relative_path=\"p.vhdx\""),
                format!(
                    "differencing VHDX names parent {}; it is not opened",
                    "relative_path=\"p.vhdx\""
                ),
            ),
            (
                msg!(
                    "inspect-vmdk-extent-slash",
                    why = msg!("inspect-vmdk-capacity-zero"),
                    kind = "FLAT",
                    file = format!("{:?}", "/etc/shadow")
                ),
                format!(
                    "{}: extent {} {:?}{} is a separate host file qemu would open",
                    "sparse header with capacity 0 makes qemu follow its embedded descriptor",
                    "FLAT",
                    "/etc/shadow",
                    ", a path containing '/'"
                ),
            ),
            (
                msg!(
                    "inspect-vmdk-extent",
                    why = msg!("inspect-vmdk-text-descriptor"),
                    kind = "SPARSE",
                    file = format!("{:?}", "")
                ),
                format!(
                    "text descriptor: extent SPARSE {:?} is a separate host file qemu would open",
                    ""
                ),
            ),
            (
                msg!(
                    "inspect-vmdk-gd-beyond",
                    what = msg!("inspect-vmdk-rgd"),
                    sector = 1u64,
                    size = size,
                    len = len
                ),
                format!(
                    "redundant grain directory at sector 1 ({size} bytes) extends beyond the end \
                     of the file ({len} bytes)"
                ),
            ),
            (
                msg!("inspect-guest-budget", bytes = 64u64 << 20),
                format!(
                    "the read limit ({} bytes) was reached; the report holds what was found \
                     before",
                    64u64 << 20
                ),
            ),
            (
                msg!(
                    "inspect-guest-not-read",
                    number = 3u32,
                    holds = msg!("inspect-guest-fs-lvm")
                ),
                "partition 3 holds an LVM physical volume, which is named but not read".to_string(),
            ),
            (
                msg!(
                    "inspect-guest-past-end",
                    number = 5u32,
                    start = 512u64,
                    size = len,
                    disk = size
                ),
                format!("partition 5 (512+{len} bytes) extends past the disk's end ({size} bytes)"),
            ),
        ];
        for (message, old) in cases {
            assert_eq!(message.english(), old, "{}", message.id);
            // And the Chinese one is a translation, not the English text or an id.
            let zh = message.render(Lang::ZhCn);
            assert!(
                zh != old && !zh.contains("inspect-"),
                "{}: {zh}",
                message.id
            );
        }
    }

    /// The plural forms and the descriptions of wrappers, and the whole findings as both
    /// front ends show them: in English exactly the Display text.
    #[test]
    fn descriptions_and_shown_findings_keep_their_english() {
        let more = |n: u64| {
            msg!(
                "inspect-describe-ova-more",
                inner = Msg::text("vmdk (streamOptimized)"),
                more = Arg::Count(n)
            )
            .english()
        };
        assert_eq!(
            more(1),
            "OVA containing vmdk (streamOptimized) and 1 more disk"
        );
        assert_eq!(
            more(3),
            "OVA containing vmdk (streamOptimized) and 3 more disks"
        );
        let qcow2 = b"QFI\xfb\0\0\0\x03";
        let i = inspect_bytes(qcow2, &InspectOptions::default());
        assert!(i.has_reason(UnsafeReason::Truncated), "{i:#?}");
        i18n::set_thread_lang(Some(Lang::En));
        for finding in i.reasons() {
            assert_eq!(finding.shown(), finding.to_string());
        }
        assert_eq!(i.described(), i.describe());
        assert_eq!(i.notes_shown(), i.notes);
        i18n::set_thread_lang(Some(Lang::ZhCn));
        let shown = i.reasons()[0].shown();
        assert!(shown.starts_with("已截断（truncated）："), "{shown}");
        i18n::set_thread_lang(None);
        let mismatch = i.check_declared("raw").expect("a qcow2 is not raw");
        assert_eq!(mismatch.message().english(), mismatch.to_string());
        assert!(
            mismatch
                .message()
                .render(Lang::ZhCn)
                .contains("disk_format")
        );
    }
}
