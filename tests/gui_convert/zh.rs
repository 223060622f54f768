//! Conversion and the tools dialogs in Chinese (issue #15): the Convert panel (qcow2 → raw),
//! Create blank image, Resize with its shrink confirmation and Check, driven by their Chinese
//! labels; the Convert panel's layout at 800×500 in both languages; and the Remotes views in
//! Chinese without a lab (the switch, the empty state, the local list, a cloud's tabs, the
//! local pull cache named apart from Glance's server cache).

use std::path::{Path, PathBuf};

use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::remote::config::{self, CloudConfig, CloudSource};
use glance_workbench::backend::{
    Catalog, ContainerFormat, DiskFormat, ImageStatus, JobControl, NewImage,
};
use glance_workbench::ui::bridge::JobOutcome;
use glance_workbench::ui::remotes::RemoteTab;

use super::common::{
    App, Lang, harness_in, leftmost, settle, shown, shown_containing, type_into, wait_for,
};
use super::{
    MIB, choose, find, has_qemu_img, images, leaky_qcow2, patterned, seed_raw, selected_label,
};

const BIG: [f32; 2] = [1400.0, 900.0];

/// The window in Chinese on `dir`.
fn harness_zh(dir: &Path) -> App<'static> {
    harness_in(dir, BIG, Lang::ZhCn)
}

/// Right-click the catalog row of `name` and pick `entry` from its (Chinese) context menu.
fn context_menu_zh(h: &mut App<'_>, name: &str, entry: &str) {
    wait_for(h, "the row", |h| shown(h, name));
    leftmost(h, name).click_secondary();
    wait_for(h, "the context menu", |h| shown(h, "创建空白镜像…"));
    leftmost(h, entry).click();
    settle(h);
}

/// Open the combo box labelled `combo` and choose `choice` in its popup: the nearest entry
/// below the box (the catalog and the Details panel may show the same word elsewhere).
fn choose_below(h: &mut App<'_>, combo: &str, choice: &str) {
    h.get_by_label(combo).click();
    settle(h);
    let anchor = h.get_by_label(combo).rect();
    h.get_all_by_label(choice)
        .filter(|n| {
            n.rect().top() >= anchor.bottom() - 1.0
                && (n.rect().left() - anchor.left()).abs() < 60.0
        })
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .unwrap()
        .click();
    settle(h);
}

/// A clean qcow2 file of `len` patterned bytes, made by qemu-img.
fn qcow2_file(dir: &Path, len: usize) -> PathBuf {
    let raw = dir.join("source.raw");
    std::fs::write(&raw, patterned(len)).unwrap();
    let path = dir.join("source.qcow2");
    let status = std::process::Command::new("qemu-img")
        .args(["convert", "-q", "-f", "raw", "-O", "qcow2"])
        .arg(&raw)
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    path
}

/// An active qcow2 image `name` with the data of `file`.
fn seed_qcow2(dir: &Path, name: &str, file: &Path) {
    let catalog = Catalog::open(dir).unwrap();
    let image = catalog
        .create_image(NewImage {
            name: Some(name.to_string()),
            disk_format: Some(DiskFormat::Qcow2),
            container_format: Some(ContainerFormat::Bare),
            ..NewImage::default()
        })
        .unwrap();
    catalog
        .upload_file(image.id, file, &JobControl::new())
        .unwrap();
}

#[test]
fn zh_convert_a_qcow2_image_to_raw_through_the_panel() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    seed_qcow2(data.path(), "disk-q", &qcow2_file(files.path(), 4 * MIB));
    let mut h = harness_zh(data.path());

    context_menu_zh(&mut h, "disk-q", "转换…");
    wait_for(&mut h, "the source facts", |h| shown(h, "源镜像：“disk-q”"));
    assert!(shown(&h, "转换镜像"), "the window's Chinese title");
    assert!(shown_containing(&h, "虚拟大小 4.00 MiB（4194304 字节）"));
    // A qcow2 source defaults to raw; choosing it again keeps it.
    choose_below(&mut h, "目标格式", "raw");
    // raw has preallocation only: none of qcow2's options.
    assert!(shown(&h, "预分配（preallocation）"));
    // (Not "压缩" itself: the selected qcow2's Details show a data-inspection field of that
    // name beside the dialog.)
    assert!(!shown(&h, "簇大小（cluster_size）"));
    assert!(shown(&h, "稀疏大小（-S）"));
    wait_for(&mut h, "the measured size", |h| {
        shown_containing(h, "所需空间：")
            && !shown_containing(h, "正在测量")
            && !shown_containing(h, "正在更新")
    });
    assert!(shown_containing(&h, "（完全分配时 4.00 MiB）"));
    assert_eq!(
        h.get_by_label("新镜像名称").value().as_deref(),
        Some("disk-q-raw")
    );
    // qcow2 shows its own options, with qemu-img's option names beside the captions.
    choose_below(&mut h, "目标格式", "qcow2");
    assert!(shown(&h, "压缩") && shown(&h, "兼容版本（compat）"));
    assert!(shown(&h, "簇大小（cluster_size）"));
    choose_below(&mut h, "目标格式", "raw");
    assert!(
        h.get_by_label("用 qemu-img compare 校验")
            .accesskit_node()
            .toggled()
            == Some(egui::accesskit::Toggled::True),
        "verify is on by default"
    );

    h.get_by_label("转换").click();
    wait_for(&mut h, "the conversion job", |h| {
        let jobs = &h.state().view.jobs.jobs;
        jobs.len() == 1 && !jobs[0].is_running()
    });
    let job = h.state().view.jobs.jobs[0].clone();
    assert!(
        matches!(&job.finished, Some((_, JobOutcome::Succeeded(_)))),
        "{:?}",
        job.finished
    );
    wait_for(&mut h, "the verification result", |h| {
        shown(h, "已校验：与源镜像一致（qemu-img compare）")
    });
    assert!(shown_containing(&h, "已转换为“disk-q-raw”"));
    h.get_by_label("在目录中显示“disk-q-raw”").click();
    wait_for(&mut h, "the new image selected", |h| {
        selected_label(h).as_deref() == Some("disk-q-raw")
    });
    let converted = find(data.path(), "disk-q-raw").expect("the new image");
    assert_eq!(converted.status, ImageStatus::Active);
    assert_eq!(converted.disk_format, Some(DiskFormat::Raw));
    assert_eq!(converted.virtual_size_bytes, Some(4 * MIB as u64));
    settle(&mut h);
}

#[test]
fn zh_create_a_blank_image() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    seed_raw(data.path(), "existing", 64 * 1024);
    let mut h = harness_zh(data.path());

    context_menu_zh(&mut h, "existing", "创建空白镜像…");
    wait_for(&mut h, "the form", |h| shown(h, "虚拟磁盘大小"));
    assert!(shown(&h, "创建空白镜像"), "the window's Chinese title");
    type_into(&mut h, "新镜像名称", "blank-zh");
    assert!(shown(&h, "请输入虚拟大小，例如 10G"));
    assert!(h.get_by_label("创建").accesskit_node().is_disabled());
    type_into(&mut h, "虚拟磁盘大小", "12M");
    choose(&mut h, "目标格式", "vhdx");
    assert!(shown(&h, "子格式（subformat）"));
    h.get_by_label("创建").click();
    wait_for(&mut h, "the new image selected", |h| {
        selected_label(h).as_deref() == Some("blank-zh")
    });
    let blank = find(data.path(), "blank-zh").expect("the blank image");
    assert_eq!(blank.status, ImageStatus::Active);
    assert_eq!(blank.disk_format, Some(DiskFormat::Vhdx));
    assert_eq!(blank.virtual_size_bytes, Some(12 * MIB as u64));
    assert!(
        !shown(&h, "虚拟磁盘大小"),
        "the form turned into its result"
    );
    assert!(shown(&h, "已创建空白镜像“blank-zh”。"));
    assert!(shown(&h, "在目录中显示“blank-zh”"));
    h.get_by_label("关闭").click();
    settle(&mut h);
    assert!(!shown(&h, "已创建空白镜像“blank-zh”。"));
}

#[test]
fn zh_shrinking_needs_an_explicit_confirmation() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    seed_raw(data.path(), "disk-c", 4 * MIB);
    let mut h = harness_zh(data.path());

    context_menu_zh(&mut h, "disk-c", "调整大小…");
    wait_for(&mut h, "the current size", |h| {
        shown_containing(h, "虚拟大小 4.00 MiB（4194304 字节）")
    });
    assert!(shown(&h, "调整镜像大小"), "the window's Chinese title");
    assert_eq!(
        h.get_by_label("新镜像名称").value().as_deref(),
        Some("disk-c-resized")
    );
    type_into(&mut h, "新大小", "+2M");
    assert!(shown(&h, "扩大 2.00 MiB，达到 6.00 MiB"));
    type_into(&mut h, "新大小", "-2M");
    assert!(shown_containing(
        &h,
        "缩小 2.00 MiB：新末尾之后的数据将丢失"
    ));
    h.get_by_label("调整大小").click();
    wait_for(&mut h, "the confirmation", |h| shown(h, "缩小“disk-c”？"));
    assert!(shown_containing(&h, "这可能会破坏数据"));
    assert!(shown(&h, "原镜像保持不变。"));
    h.get_by_label("不缩小").click();
    settle(&mut h);
    assert!(!shown(&h, "缩小“disk-c”？"));
    assert_eq!(images(data.path()).len(), 1, "declined: nothing created");

    h.get_by_label("调整大小").click();
    wait_for(&mut h, "the confirmation again", |h| {
        shown(h, "缩小“disk-c”？")
    });
    h.get_by_label("缩小").click();
    wait_for(&mut h, "the resized image selected", |h| {
        selected_label(h).as_deref() == Some("disk-c-resized")
    });
    let resized = find(data.path(), "disk-c-resized").expect("the resized image");
    assert_eq!(resized.virtual_size_bytes, Some(2 * MIB as u64));
    wait_for(&mut h, "the result", |h| {
        shown(h, "已调整大小，新镜像为“disk-c-resized”。")
    });
    settle(&mut h);
}

#[test]
fn zh_check_shows_qemu_img_s_summary() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    seed_qcow2(data.path(), "leaky", &leaky_qcow2(files.path()));
    let mut h = harness_zh(data.path());

    context_menu_zh(&mut h, "leaky", "检查");
    wait_for(&mut h, "the check summary", |h| {
        shown(h, "qemu-img check 发现了损坏、泄漏或错误")
    });
    assert!(shown(&h, "“leaky”（qcow2）"));
    assert!(shown(&h, "泄漏只浪费空间，数据完好。"));
    let on_row = |h: &App<'_>, field: &str, value: &str| {
        let row = h.get_by_label(field).rect();
        h.get_all_by_label(value).any(|n| {
            (n.rect().center().y - row.center().y).abs() < 2.0 && n.rect().left() > row.right()
        })
    };
    for field in ["损坏", "泄漏", "检查错误", "已分配簇", "簇总数"] {
        assert!(shown(&h, field), "{field}");
    }
    assert!(on_row(&h, "泄漏", "1"));
    assert!(on_row(&h, "损坏", "0"));
    settle(&mut h);
}

/// The Convert panel at 800×500: the window stays on screen, every label of its form is inside
/// the window, and no two of its labels or fields overlap.
fn assert_convert_panel_layout(lang: Lang, words: &ConvertWords) {
    let size = [800.0, 500.0];
    let data = tempfile::tempdir().unwrap();
    seed_raw(data.path(), "disk-l", MIB);
    let mut h = harness_in(data.path(), size, lang);
    wait_for(&mut h, "the row", |h| shown(h, "disk-l"));
    leftmost(&h, "disk-l").click_secondary();
    wait_for(&mut h, "the context menu", |h| shown(h, words.menu_blank));
    leftmost(&h, words.menu_convert).click();
    settle(&mut h);
    wait_for(&mut h, "the source facts", |h| {
        shown(h, words.source) && !h.state().is_busy()
    });
    // qcow2 (the default for a raw source) has the most rows.
    wait_for(&mut h, "the measured size", |h| {
        shown_containing(h, words.required) && !shown_containing(h, words.measuring)
    });
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, size.into());
    // The window (the node its title names); its frame's outer margin may reach a few points
    // past its content.
    let window = h
        .get_all_by_label(words.title)
        .map(|n| n.rect())
        .max_by(|a, b| a.area().total_cmp(&b.area()))
        .unwrap();
    assert!(
        screen.expand(4.0).contains_rect(window),
        "{lang} at 800×500: the window {window:?} leaves the screen"
    );
    let button = h.get_by_label(words.convert).rect();
    assert!(
        screen.expand(1.0).contains_rect(button),
        "{lang} at 800×500: the Convert button {button:?} leaves the screen"
    );
    assert!(
        window.contains_rect(button),
        "{lang} at 800×500: the Convert button {button:?} is outside the window {window:?}"
    );
    // The long lines (the source's facts, the required size) wrap inside the window.
    for text in [words.source, words.required] {
        for node in h.query_all_by_label_contains(text) {
            let rect = node.rect();
            assert!(
                screen.expand(1.0).contains_rect(rect),
                "{lang} at 800×500: \"{text}\" {rect:?} leaves the window"
            );
        }
    }
    let mut rows = Vec::new();
    for label in words.form {
        let node = h.get_by_label(label);
        let rect = node.rect();
        assert!(
            screen.expand(1.0).contains_rect(rect),
            "{lang} at 800×500: \"{label}\" {rect:?} leaves the window"
        );
        rows.push((label.to_string(), rect));
    }
    // The form's rows (captions and their fields) never overlap one another.
    for (i, (a, ra)) in rows.iter().enumerate() {
        for (b, rb) in &rows[i + 1..] {
            assert!(
                !ra.shrink(1.0).intersects(rb.shrink(1.0)),
                "{lang} at 800×500: \"{a}\" {ra:?} overlaps \"{b}\" {rb:?}"
            );
        }
    }
    // The form's rows are inside the window, above its button.
    assert!(
        rows.iter()
            .all(|(_, r)| window.contains_rect(*r) && r.bottom() <= button.top() + 1.0),
        "{lang} at 800×500: a form row is outside the window: {rows:?} (window {window:?}, button {button:?})"
    );
    settle(&mut h);
}

/// The labels the layout check finds the Convert panel by, in one language.
struct ConvertWords {
    menu_blank: &'static str,
    menu_convert: &'static str,
    title: &'static str,
    source: &'static str,
    required: &'static str,
    measuring: &'static str,
    convert: &'static str,
    form: &'static [&'static str],
}

#[test]
fn zh_convert_panel_layout_holds_at_800x500_in_both_languages() {
    if !has_qemu_img() {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    assert_convert_panel_layout(
        Lang::ZhCn,
        &ConvertWords {
            menu_blank: "创建空白镜像…",
            menu_convert: "转换…",
            title: "转换镜像",
            source: "源镜像：“disk-l”",
            required: "所需空间：",
            measuring: "正在测量",
            convert: "转换",
            form: &[
                "目标格式",
                "压缩",
                "兼容版本（compat）",
                "簇大小（cluster_size）",
                "预分配（preallocation）",
                "稀疏大小（-S）",
                "新镜像名称",
                "用 qemu-img compare 校验",
            ],
        },
    );
    assert_convert_panel_layout(
        Lang::En,
        &ConvertWords {
            menu_blank: "Create blank image…",
            menu_convert: "Convert…",
            title: "Convert image",
            source: "Source: \"disk-l\"",
            required: "Required size:",
            measuring: "measuring",
            convert: "Convert",
            form: &[
                "Target format",
                "Compression",
                "Compat",
                "Cluster size",
                "Preallocation",
                "Sparse size (-S)",
                "New image name",
                "Verify with qemu-img compare",
            ],
        },
    );
}

/// Needs no lab: the Remotes view in Chinese. The switch, the empty state, the local list
/// with its translated statuses, a cloud's tabs (the local pull cache and Glance's server
/// cache under different names) and the local pull cache view.
#[test]
fn zh_remotes_views_without_a_lab() {
    let data = tempfile::tempdir().unwrap();
    seed_raw(data.path(), "local-zh", 64 * 1024);
    let mut cloud = CloudConfig::new_password("zh-cloud", "http://127.0.0.1:9/v3", "u", "p");
    cloud.source = CloudSource::Workbench(config::workbench_clouds_file(data.path()));
    config::save_workbench_cloud(data.path(), &cloud).unwrap();
    let mut h = harness_in(data.path(), [1360.0, 820.0], Lang::ZhCn);

    // The top bar's switch, by its Chinese label.
    assert!(shown(&h, "目录"));
    h.get_by_label("远程").click();
    wait_for(&mut h, "the clouds", |h| shown(h, "zh-cloud"));
    assert!(shown(&h, "请选择一个云，或添加一个云。"));
    assert!(shown(&h, "将本地镜像拖到云上即可推送。"));
    // The local list: its title, count, columns and the status's Chinese label.
    assert!(shown(&h, "本地目录"));
    assert!(shown(&h, "1 个镜像"));
    assert!(shown(&h, "推送所选 ▸"));
    assert!(shown(&h, "名称") && shown(&h, "状态"));
    wait_for(&mut h, "the local row", |h| shown(h, "local-zh"));
    // The status as its Chinese label (common.ftl's), not Glance's value.
    let active = glance_workbench::i18n::labels::image_status(ImageStatus::Active);
    assert_ne!(active, "active");
    assert!(shown(&h, &active), "active as {active}");

    // A cloud's pane, opened on its local cache tab (the Images tab would ask the unreachable
    // cloud for its secret): its heading and tabs.
    h.state_mut().view.remotes.tab = RemoteTab::Cache;
    h.get_by_label("zh-cloud").click();
    settle(&mut h);
    wait_for(&mut h, "the cloud's tabs", |h| shown(h, "云 zh-cloud"));
    for tab in [
        "镜像",
        "共享给我的",
        "同步",
        "本地拉取缓存",
        "服务器镜像缓存",
        "元数据定义",
    ] {
        assert!(shown(&h, tab), "tab {tab}");
    }
    // The local pull cache, named apart from Glance's image cache on the API nodes.
    wait_for(&mut h, "the cache listing", |h| {
        shown_containing(h, "本地拉取缓存：") && !h.state().view.remotes.cache.loading
    });
    assert!(shown_containing(&h, "· 0 个条目"));
    for label in [
        "刷新",
        "修剪",
        "清理",
        "上限 (GiB)",
        "设置上限",
        "云",
        "上次使用",
        "远程 ID",
    ] {
        assert!(shown(&h, label), "{label}");
    }
    assert!(shown_containing(&h, "“预取到本地拉取缓存”"));

    // Back to the catalog by the switch.
    h.get_by_label("目录").click();
    settle(&mut h);
    assert!(!shown(&h, "本地目录"));
}

/// Needs no lab: the Remotes view in Chinese at 800×500. The three panes stay side by side and
/// the cloud pane's Chinese tabs and cache view stay inside it.
#[test]
fn zh_remotes_layout_holds_at_800x500() {
    let size = [800.0, 500.0];
    let data = tempfile::tempdir().unwrap();
    seed_raw(data.path(), "local-zh", 64 * 1024);
    let mut cloud = CloudConfig::new_password("zh-cloud", "http://127.0.0.1:9/v3", "u", "p");
    cloud.source = CloudSource::Workbench(config::workbench_clouds_file(data.path()));
    config::save_workbench_cloud(data.path(), &cloud).unwrap();
    let mut h = harness_in(data.path(), size, Lang::ZhCn);
    h.get_by_label("远程").click();
    wait_for(&mut h, "the clouds", |h| shown(h, "zh-cloud"));
    h.state_mut().view.remotes.tab = RemoteTab::Cache;
    h.get_by_label("zh-cloud").click();
    wait_for(&mut h, "the cache listing", |h| {
        shown_containing(h, "本地拉取缓存：") && !h.state().view.remotes.cache.loading
    });
    let panes = h.state().view.remotes.pane_rects.clone();
    assert_eq!(panes.len(), 3, "clouds, local list, cloud pane");
    for pair in panes.windows(2) {
        assert!(
            pair[0].right() <= pair[1].left() + 1.0,
            "panes overlap: {pair:?}"
        );
    }
    let pane = panes[2];
    if pane.right() > size[0] + 1.0 {
        fn wide(node: egui_kittest::Node<'_>, x: f32, out: &mut Vec<String>) {
            let access = node.accesskit_node();
            if let (Some(label), Some(b)) = (access.label(), access.bounding_box())
                && b.x1 > f64::from(x)
            {
                out.push(format!("{:?} {label:?} {b:?}", access.role()));
            }
            for child in node.children() {
                wide(child, x, out);
            }
        }
        let mut found = Vec::new();
        wide(h.root(), size[0], &mut found);
        eprintln!("widgets past the window's edge: {found:#?}");
    }
    assert!(
        pane.width() >= 300.0 && pane.right() <= size[0] + 1.0,
        "the cloud pane is {pane:?}"
    );
    for label in [
        "云 zh-cloud",
        "镜像",
        "共享给我的",
        "同步",
        "本地拉取缓存",
        "服务器镜像缓存",
        "元数据定义",
        "刷新",
        "修剪",
        "清理",
        "设置上限",
    ] {
        let rect = h.get_by_label(label).rect();
        assert!(
            pane.expand(1.0).contains_rect(rect),
            "\"{label}\" {rect:?} is outside the cloud pane {pane:?}"
        );
    }
    // The local list's title and push button stay in their pane.
    for label in ["本地目录", "推送所选 ▸"] {
        let rect = h.get_by_label(label).rect();
        assert!(
            panes[1].expand(1.0).contains_rect(rect),
            "\"{label}\" {rect:?} is outside the local list {:?}",
            panes[1]
        );
    }
}
