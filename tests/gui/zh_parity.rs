//! Parity in Chinese (issue #15): the same bad input through the CLI (`--lang zh-CN`) and
//! through the window in Chinese gives the same Chinese message, because both take it from
//! the library's one path (`validate`'s error, shown through `i18n::errors`), and neither
//! writes anything. Each side works on a data dir of its own holding the same image; both are
//! compared afterwards (tests/common/parity.rs).

use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::i18n::{self, Lang};

use super::common::{App, harness_in, select, settle, shown, type_into, wait_for};

// parity.rs loads the same helpers privately; a second copy keeps this file to itself.
#[allow(
    clippy::duplicate_mod,
    reason = "tests/gui/parity.rs keeps its copy of the helpers private"
)]
#[path = "../common/parity.rs"]
mod twin;

use twin::{Side, assert_same};

/// The image both sides hold (a Chinese name, kept as it is in both languages).
const NAME: &str = "镜像-cirros";

/// A catalog label in Chinese (the test thread's language is set by `harness_in` only once
/// the window exists).
fn zh(id: &str) -> String {
    i18n::message_in(Lang::ZhCn, id, None)
}

/// The CLI's line for `args` in Chinese, which must be refused: the message without its
/// "错误：".
fn cli_message(cli: &Side, args: &[&str]) -> String {
    let mut all = vec!["--lang", "zh-CN"];
    all.extend(args);
    let line = cli.refused(&all);
    line.strip_prefix("错误：")
        .unwrap_or_else(|| panic!("not a Chinese error line: {line}"))
        .to_string()
}

/// Wait until the window shows `message` as a label of its own.
fn window_shows(h: &mut App<'_>, what: &str, message: &str) {
    wait_for(h, what, |h| shown(h, message));
}

#[test]
fn zh_parity_bad_input_gets_the_clis_chinese_message_in_the_window() {
    let cli = Side::new("CLI");
    let window = Side::new("window");
    for side in [&cli, &window] {
        side.ok(&["image", "create", NAME, "--tag", "t"]);
        side.images();
    }

    // The CLI in Chinese: each bad input refused with one Chinese line.
    let long_name = "n".repeat(256);
    let long_tag = "t".repeat(256);
    let read_only = cli_message(&cli, &["image", "set", NAME, "--property", "checksum=x"]);
    let too_long = cli_message(&cli, &["image", "set", NAME, "--name", &long_name]);
    let tag_too_long = cli_message(&cli, &["image", "set", NAME, "--tag", &long_tag]);
    let reserved = cli_message(&cli, &["image", "set", NAME, "--property", "os_glance_x=1"]);
    assert_eq!(read_only, format!("镜像“{NAME}”：“checksum”是只读的"));
    assert_eq!(
        too_long,
        format!("镜像“{NAME}”：名称超过 255 个字符（256 个）")
    );
    assert_eq!(
        tag_too_long,
        format!("镜像“{NAME}”：标签超过 255 个字符（256 个）")
    );
    assert_eq!(
        reserved,
        format!("镜像“{NAME}”：属性“os_glance_x”是 Glance 保留的")
    );

    // The window in Chinese: the same input typed into Details shows the same message and
    // keeps its button disabled.
    let mut h = harness_in(window.data(), [1400.0, 900.0], Lang::ZhCn);
    select(&mut h, NAME);
    let key = zh("details-metadefs-key");
    let value = zh("details-metadefs-value");
    let add_property = zh("details-metadefs-add");
    type_into(&mut h, &key, "checksum");
    type_into(&mut h, &value, "x");
    window_shows(&mut h, "the read-only property's message", &read_only);
    assert!(h.get_by_label(&add_property).accesskit_node().is_disabled());
    type_into(&mut h, &key, "os_glance_x");
    type_into(&mut h, &value, "1");
    window_shows(&mut h, "the reserved property's message", &reserved);
    assert!(h.get_by_label(&add_property).accesskit_node().is_disabled());
    type_into(&mut h, &key, "");
    type_into(&mut h, &value, "");

    type_into(&mut h, &zh("details-new-tag"), &long_tag);
    window_shows(&mut h, "the long tag's message", &tag_too_long);
    assert!(
        h.get_by_label(&zh("details-add-tag"))
            .accesskit_node()
            .is_disabled()
    );
    type_into(&mut h, &zh("details-new-tag"), "");

    type_into(&mut h, &zh("details-image-name"), &long_name);
    window_shows(&mut h, "the long name's message", &too_long);
    assert!(
        h.get_by_label(&zh("details-save-changes"))
            .accesskit_node()
            .is_disabled()
    );
    // Nothing was sent: no notice, nothing written on either side.
    settle(&mut h);
    assert!(h.state().view.jobs.notices.is_empty());
    drop(h);
    i18n::set_thread_lang(None);
    assert_same("bad input in Chinese", &cli, &window);
}
