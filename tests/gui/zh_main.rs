//! The main window in Chinese: the catalog, the menus, the switch, notices (egui_kittest by
//! Chinese labels). The language switch applies at once and is remembered across a restart;
//! the catalog shows statuses and visibilities as their Chinese labels with Glance's value on
//! hover; a lifecycle (deactivate, reactivate, delete) is clicked through by its Chinese
//! labels; Help → About and the keyboard shortcuts speak Chinese; and at 800 × 500 and
//! 1360 × 820 nothing in the top bar, the table's header or the panels overlaps or is cut, in
//! Chinese (the top bar in English too).

use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::{ImageStatus, Visibility};
use glance_workbench::i18n::{self, Lang, labels};
use glance_workbench::ui::catalog::Column;

use super::common::{
    App, harness_in, harness_restarted, leftmost, select, settle, shown, shown_containing,
    type_into, wait_for,
};
use super::layout::assert_catalog_layout;
use super::{registry, seed};

const SIZES: [[f32; 2]; 2] = [[800.0, 500.0], [1360.0, 820.0]];

/// What `f` gives in `lang` (the catalog's labels of Glance's values, as the window shows them),
/// this thread's language left as it was.
fn labels_in<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    i18n::set_thread_lang(Some(lang));
    let out = f();
    i18n::set_thread_lang(None);
    out
}

/// The enabled node labelled `label` farthest left (a row's context menu entry rather than
/// the inspector's button of the same name).
fn leftmost_enabled<'t>(h: &'t App<'_>, label: &'t str) -> egui_kittest::Node<'t> {
    h.get_all_by_label(label)
        .filter(|n| !n.accesskit_node().is_disabled())
        .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap_or_else(|| panic!("no enabled {label:?}"))
}

fn zh(dir: &std::path::Path) -> App<'static> {
    harness_in(dir, [1400.0, 900.0], Lang::ZhCn)
}

#[test]
fn zh_the_language_switch_applies_at_once_and_is_remembered_after_a_restart() {
    let data = tempfile::tempdir().unwrap();
    seed(data.path(), "cirros", Visibility::Shared, Some(b"bytes"));
    let mut h = harness_in(data.path(), [1360.0, 820.0], Lang::En);
    // The window follows the process's language from here on, as it does outside tests.
    i18n::set_thread_lang(None);
    let before = i18n::current();
    i18n::set_lang(Lang::En);
    settle(&mut h);
    assert!(shown(&h, "Import…") && shown(&h, "active"));

    h.get_by_label("Language").click();
    wait_for(&mut h, "the language list", |h| shown(h, "简体中文"));
    h.get_by_label("简体中文").click();
    // At once: the top bar, the table and its statuses.
    let active = labels_in(Lang::ZhCn, || labels::image_status(ImageStatus::Active));
    wait_for(&mut h, "the window in Chinese", |h| {
        shown(h, "导入…") && shown(h, &active) && shown(h, "1 个镜像 · 已选 0 个")
    });
    assert!(!shown(&h, "Import…"));
    assert_eq!(h.state().view.language, Some(Lang::ZhCn));
    assert_eq!(
        h.state().view.prefs().language.as_deref(),
        Some("zh-CN"),
        "the choice is what the preferences keep"
    );

    // A restart starts in the remembered language (unless GLANCE_WORKBENCH_LANG says other).
    i18n::set_lang(Lang::En);
    let again = harness_restarted(&mut h, data.path(), [1360.0, 820.0]);
    if i18n::env_choice().is_none() {
        assert_eq!(i18n::current(), Lang::ZhCn);
        assert!(shown(&again, "导入…") && shown(&again, "帮助"));
    }
    assert_eq!(again.state().view.language, Some(Lang::ZhCn));
    drop(again);
    i18n::set_lang(before);
}

#[test]
fn zh_the_catalog_shows_chinese_labels_with_glances_values_on_hover() {
    let data = tempfile::tempdir().unwrap();
    seed(
        data.path(),
        "alpha",
        Visibility::Shared,
        Some(b"alpha bytes"),
    );
    seed(data.path(), "beta", Visibility::Private, None);
    let mut h = zh(data.path());
    wait_for(&mut h, "the rows", |h| {
        shown(h, "alpha") && shown(h, "beta") && !h.state().is_busy()
    });
    assert!(shown(&h, "2 个镜像 · 已选 0 个"));
    for header in ["名称", "大小", "可见性", "受保护的", "标签"] {
        assert!(shown(&h, header), "the header {header}");
    }
    assert!(shown(&h, "更新于 ▼"), "sorted by Updated, newest first");
    // Statuses and visibilities as their labels; Glance's values are not shown in the cells.
    let active = labels::image_status(ImageStatus::Active);
    let cells = [
        active.clone(),
        labels::image_status(ImageStatus::Queued),
        labels::visibility(Visibility::Shared),
        labels::visibility(Visibility::Private),
        "否".to_string(),
    ];
    for label in &cells {
        assert!(shown(&h, label), "the cell {label}");
    }
    assert!(!shown(&h, "active") && !shown(&h, "queued"));
    // On hover, the label with Glance's value: "可用（active）".
    h.get_by_label(&active).hover();
    let with_value = labels::with_value(&active, "active");
    assert!(with_value.contains("active") && with_value.contains(&active));
    wait_for(&mut h, "the status's value", |h| shown(h, &with_value));

    // Search by the Chinese field name, and the plural-free count.
    type_into(&mut h, "搜索", "alp");
    wait_for(&mut h, "the search", |h| {
        shown(h, "1 个镜像 · 已选 0 个") && !h.state().is_busy()
    });
    assert!(!shown(&h, "beta"));
    type_into(&mut h, "搜索", "zzz");
    wait_for(&mut h, "no match", |h| {
        shown(h, "没有符合这些筛选条件的镜像。")
    });
    let clear = h
        .get_all_by_label("清除筛选")
        .find(|n| !n.accesskit_node().is_disabled())
        .unwrap();
    clear.click();
    wait_for(&mut h, "every row again", |h| {
        shown(h, "2 个镜像 · 已选 0 个") && !h.state().is_busy()
    });

    // A click on a Chinese header sorts by it.
    h.get_by_label("名称").click();
    wait_for(&mut h, "sorted by name", |h| {
        shown(h, "名称 ▲") && !h.state().is_busy()
    });
    // The column chooser lists the Chinese titles.
    h.get_by_label("列").click();
    wait_for(&mut h, "the column chooser", |h| shown(h, "重置列宽"));
    assert!(shown(&h, "虚拟大小") && shown(&h, "容器格式"));
    h.run();
}

#[test]
fn zh_deactivate_reactivate_and_delete_by_their_chinese_labels() {
    let data = tempfile::tempdir().unwrap();
    let image = seed(
        data.path(),
        "to-cycle",
        Visibility::Shared,
        Some(b"0123456789abcdef"),
    );
    let mut h = zh(data.path());
    select(&mut h, "to-cycle");
    let (active, deactivated) = (
        labels::image_status(ImageStatus::Active),
        labels::image_status(ImageStatus::Deactivated),
    );
    // Reactivate is refused while the image is active.
    assert!(h.get_by_label("重新激活").accesskit_node().is_disabled());
    h.get_by_label("取消激活").click();
    wait_for(&mut h, "the deactivation", |_| {
        registry(data.path(), &image).status == ImageStatus::Deactivated
    });
    wait_for(&mut h, "the row's new status", |h| {
        shown(h, &deactivated) && !h.get_by_label("重新激活").accesskit_node().is_disabled()
    });
    // Save as… is refused while deactivated.
    assert!(h.get_by_label("另存为…").accesskit_node().is_disabled());

    // Through the row's context menu this time.
    leftmost(&h, "to-cycle").click_secondary();
    wait_for(&mut h, "the context menu", |h| shown(h, "复制 ID"));
    leftmost_enabled(&h, "重新激活").click();
    wait_for(&mut h, "the reactivation", |_| {
        registry(data.path(), &image).status == ImageStatus::Active
    });
    wait_for(&mut h, "the row active again", |h| {
        shown(h, &active) && !h.state().is_busy()
    });

    h.get_by_label("删除…").click();
    wait_for(&mut h, "the confirmation", |h| {
        shown(h, "删除镜像“to-cycle”？")
    });
    assert!(shown_containing(&h, "其数据将被移除"));
    // Cancel first: nothing happens.
    h.get_by_label("取消").click();
    settle(&mut h);
    assert!(!shown(&h, "删除镜像“to-cycle”？"));
    assert_eq!(registry(data.path(), &image).status, ImageStatus::Active);
    h.get_by_label("删除…").click();
    wait_for(&mut h, "the confirmation again", |h| shown(h, "删除"));
    h.get_by_label("删除").click();
    wait_for(&mut h, "the deletion", |_| {
        registry(data.path(), &image).status == ImageStatus::Deleted
    });
    // A deleted image leaves the default list: the catalog says it is empty.
    wait_for(&mut h, "the empty catalog", |h| {
        shown(h, "镜像目录是空的。")
    });
    assert!(shown(&h, "导入文件…") && shown(&h, "添加云…"));
}

#[test]
fn zh_help_about_and_the_keyboard_shortcuts_speak_chinese() {
    let data = tempfile::tempdir().unwrap();
    let mut h = zh(data.path());
    h.key_press(egui::Key::F1);
    wait_for(&mut h, "the shortcuts", |h| shown(h, "显示这些键盘快捷键"));
    assert!(shown(&h, "Ctrl+I") && shown(&h, "导入磁盘镜像文件"));
    h.get_by_label("关闭").click();
    settle(&mut h);
    assert!(!h.state().help.shortcuts);

    h.get_by_label("帮助").click();
    wait_for(&mut h, "the Help menu", |h| {
        shown(h, "关于 Glance Workbench")
    });
    assert!(shown_containing(&h, "键盘快捷键") && shown(&h, "打开日志文件夹"));
    h.get_by_label("关于 Glance Workbench").click();
    wait_for(&mut h, "the About window", |h| shown(h, "许可证"));
    let version = env!("CARGO_PKG_VERSION");
    assert!(shown(&h, &format!("Glance Workbench {version}")));
    assert!(shown(
        &h,
        "OpenStack Glance 磁盘镜像的桌面工作台：本地注册表、存储、转换与同步"
    ));
    for field in ["版本", "数据目录", "日志文件夹", "构建于"] {
        assert!(shown(&h, field), "{field}");
    }
    assert!(shown(&h, &data.path().display().to_string()));
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(!h.state().help.about);
}

/// The rect of the top bar's widget labelled `label` (the first, topmost one).
fn top_rect(h: &App<'_>, label: &str) -> egui::Rect {
    h.get_all_by_label(label)
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .unwrap_or_else(|| panic!("no {label:?} in the top bar"))
        .rect()
}

/// The labelled widgets of the top bar (the nodes in its first 28 points), outermost ones
/// only: (label, rect).
fn top_bar_widgets(node: egui_kittest::Node<'_>, found: &mut Vec<(String, egui::Rect)>) {
    let access = node.accesskit_node();
    if let Some(b) = access.bounding_box()
        && let Some(label) = access.label()
        && let rect = egui::Rect::from_min_max(
            egui::pos2(b.x0 as f32, b.y0 as f32),
            egui::pos2(b.x1 as f32, b.y1 as f32),
        )
        && rect.bottom() <= 28.0
        && rect.width() > 0.0
        && !found.iter().any(|(_, r)| r.contains_rect(rect))
    {
        found.push((label.to_string(), rect));
        return;
    }
    for child in node.children() {
        top_bar_widgets(child, found);
    }
}

/// Every widget of the top bar is inside the window and none overlaps another; `labels` are
/// among them.
fn assert_top_bar_fits(h: &App<'_>, size: [f32; 2], labels: &[&str]) {
    let mut widgets = Vec::new();
    top_bar_widgets(h.root(), &mut widgets);
    for label in labels {
        assert!(
            widgets.iter().any(|(l, _)| l == label),
            "{size:?}: no {label:?} in the top bar: {widgets:?}"
        );
    }
    for (label, rect) in &widgets {
        assert!(
            rect.left() >= -0.5 && rect.right() <= size[0] + 0.5,
            "{size:?}: {label:?} is outside the window: {rect:?}"
        );
    }
    widgets.sort_by(|a, b| a.1.left().total_cmp(&b.1.left()));
    for pair in widgets.windows(2) {
        assert!(
            pair[0].1.right() <= pair[1].1.left() + 0.5,
            "{size:?}: {:?} {:?} and {:?} {:?} overlap in the top bar",
            pair[0].0,
            pair[0].1,
            pair[1].0,
            pair[1].1
        );
    }
}

/// The width `text` needs on one line in the body font (the table's).
fn text_width(h: &App<'_>, text: &str) -> f32 {
    let font = egui::TextStyle::Body.resolve(&h.ctx.global_style());
    h.ctx.fonts_mut(|f| {
        f.layout_no_wrap(text.to_string(), font, egui::Color32::WHITE)
            .size()
            .x
    })
}

#[test]
fn zh_the_top_bar_and_the_language_switch_fit_at_800x500_in_both_languages() {
    let data = tempfile::tempdir().unwrap();
    seed(data.path(), "cirros", Visibility::Shared, None);
    for lang in [Lang::En, Lang::ZhCn] {
        for size in SIZES {
            let mut h = harness_in(data.path(), size, lang);
            settle(&mut h);
            let labels: &[&str] = match lang {
                Lang::En => &["Import…", "New blank image…", "Help", "Theme", "Language"],
                Lang::ZhCn => &["导入…", "新建空白镜像…", "帮助", "主题", "语言"],
            };
            assert_top_bar_fits(&h, size, labels);
        }
    }
}

#[test]
fn zh_layout_holds_in_chinese_at_800x500_and_1360x820() {
    let data = tempfile::tempdir().unwrap();
    let long = format!("debian-12-genericcloud-amd64-{}", "2026120112".repeat(6));
    seed(data.path(), &long, Visibility::Shared, Some(b"some bytes"));
    seed(data.path(), "cirros", Visibility::Private, None);
    for size in SIZES {
        let mut h = harness_in(data.path(), size, Lang::ZhCn);
        select(&mut h, &long);
        for tab in ["详情", "共享", "状态"] {
            // The inspector's tab (the rightmost of the name: a visibility cell may share it).
            h.get_all_by_label(tab)
                .max_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
                .unwrap()
                .click();
            settle(&mut h);
            assert_catalog_layout(&h, size, tab);
        }
        h.get_by_label("详情").click();
        settle(&mut h);

        // The table's Chinese headers are whole and never overlap.
        let sort = h.state().view.catalog.sort;
        let header_y = h.get_by_label("名称").rect().center().y;
        let mut cells: Vec<(String, egui::Rect)> = Column::ALL
            .into_iter()
            .map(|c| {
                let title = c.title();
                if c.sort_key().is_some() && sort.column == c {
                    format!("{title} {}", if sort.descending { "▼" } else { "▲" })
                } else {
                    title
                }
            })
            .map(|label| {
                // The header row's cell (the filter bar and the inspector's tabs may share a
                // name with a header: 状态).
                let rect = h
                    .query_all_by_label(&label)
                    .find(|n| {
                        matches!(
                            n.accesskit_node().role(),
                            egui::Role::Button | egui::Role::Label
                        ) && (n.rect().center().y - header_y).abs() < 2.0
                    })
                    .unwrap_or_else(|| panic!("{size:?}: no header {label:?}"))
                    .rect();
                (label, rect)
            })
            .collect();
        for (label, rect) in &cells {
            assert!(
                rect.width() + 0.5 >= text_width(&h, label),
                "{size:?}: header {label:?} is cut ({} < {})",
                rect.width(),
                text_width(&h, label)
            );
        }
        cells.sort_by(|a, b| a.1.left().total_cmp(&b.1.left()));
        for pair in cells.windows(2) {
            assert!(
                pair[0].1.right() <= pair[1].1.left() + 0.5,
                "{size:?}: headers {:?} and {:?} overlap",
                pair[0].0,
                pair[1].0
            );
        }
        // The filter bar's Chinese texts and the count stay inside the central area.
        let central = h.state().central_rect.expect("the central area");
        for label in ["搜索", "清除筛选", "列", "2 个镜像 · 已选 1 个"] {
            let rect = top_rect(&h, label);
            assert!(
                rect.left() >= central.left() - 0.5 && rect.right() <= central.right() + 0.5,
                "{size:?}: {label:?} {rect:?} leaves the central area {central:?}"
            );
        }
    }
}
