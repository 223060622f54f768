//! The inspector in Chinese (issue #15), driven by its Chinese labels: edit a field and add a
//! property in Details and save; change the visibility and add a member in Sharing; the State
//! tab's diagram, history and tasks with the translated statuses beside Glance's values;
//! import a small file through the form; look inside an Ubuntu disk and apply the
//! suggestions; and the inspector's layout at 800×500 in Chinese.
//!
//! The tabs and the toolbar belong to the main window (its own Chinese tests); here the tab
//! and the import form are opened through the view's state, so these tests exercise only
//! what the inspector itself draws.

use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::MemberStatus;
use glance_workbench::backend::{
    Catalog, ContainerFormat, DiskFormat, ImageStatus, JobControl, NewImage, Visibility,
};
use glance_workbench::i18n::labels;
use glance_workbench::ui::view::Tab;

use super::common::{
    App, Lang, harness_in, select, settle, shown, shown_containing, type_into, wait_for,
};
use super::{registry, seed, small_file};

// inside.rs loads the same fixture privately; a second copy keeps this file to itself.
use crate::guest_disk;

/// The app on `dir` in Chinese in a window of `size`.
fn zh(dir: &std::path::Path, size: [f32; 2]) -> App<'static> {
    harness_in(dir, size, Lang::ZhCn)
}

/// Show the inspector tab `tab` (the tab row is the main window's).
fn tab(h: &mut App<'_>, tab: Tab) {
    h.state_mut().view.tab = tab;
    settle(h);
}

/// A status as the window shows it in Chinese: the catalog's label with Glance's value
/// (call on the test thread, which runs in Chinese).
fn status(s: ImageStatus) -> String {
    labels::with_value(&labels::image_status(s), s.as_str())
}

fn visibility(v: Visibility) -> String {
    labels::with_value(&labels::visibility(v), v.as_str())
}

fn member(m: MemberStatus) -> String {
    labels::with_value(&labels::member_status(m), m.as_str())
}

fn click(h: &mut App<'_>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    settle(h);
    h.get_by_label(label).click();
    settle(h);
}

fn disabled(h: &App<'_>, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().is_disabled()
}

#[test]
fn zh_details_edit_a_field_add_a_property_and_save() {
    let data = tempfile::tempdir().unwrap();
    let image = seed(data.path(), "cirros", Visibility::Shared, None);
    let mut h = zh(data.path(), [1400.0, 900.0]);
    select(&mut h, "cirros");
    assert!(shown(&h, "没有未保存的更改"));
    assert!(shown(&h, "可编辑字段") && shown(&h, "定制属性"));
    // Glance's field names stay as they are, with a Chinese caption where there is one.
    assert!(shown(&h, "最小磁盘 min_disk (GiB)"));
    assert!(
        shown(&h, "disk_format"),
        "the read-only field names stay as they are"
    );

    type_into(&mut h, "镜像名称", "cirros-新名称");
    type_into(&mut h, "最小磁盘 min_disk (GiB)", "2");
    type_into(&mut h, "键", "os_distro");
    // A well-known key offers its title (Glance's catalog text, as given) and examples.
    assert!(shown(&h, "OS Distro — 来自 OS::OperatingSystem"));
    assert!(shown(&h, "示例："));
    type_into(&mut h, "值", "cirros");
    click(&mut h, "添加属性");
    wait_for(&mut h, "the unsaved marker", |h| {
        shown(h, "● 有未保存的更改")
    });
    assert!(shown_containing(
        &h,
        "名称、min_disk、属性（设置 1 个，删除 0 个）"
    ));
    assert!(shown(&h, "编辑 os_distro") && shown(&h, "删除 os_distro"));

    click(&mut h, "保存更改");
    wait_for(&mut h, "the edit in the registry", |_| {
        let stored = registry(data.path(), &image);
        stored.name.as_deref() == Some("cirros-新名称")
            && stored.min_disk_gib == 2
            && stored.properties.get("os_distro").map(String::as_str) == Some("cirros")
    });
    wait_for(&mut h, "the saved state", |h| shown(h, "没有未保存的更改"));

    // A bad value says why in Chinese and keeps Save disabled.
    type_into(&mut h, "最小磁盘 min_disk (GiB)", "-1");
    assert!(shown_containing(
        &h,
        "min_disk 必须是 0 或更大的整数（输入的是“-1”）"
    ));
    assert!(disabled(&h, "保存更改"));
    click(&mut h, "还原");
    wait_for(&mut h, "the revert", |h| shown(h, "没有未保存的更改"));
    h.run();
}

#[test]
fn zh_sharing_change_visibility_and_add_a_member() {
    let data = tempfile::tempdir().unwrap();
    let image = seed(data.path(), "to-share", Visibility::Private, None);
    let mut h = zh(data.path(), [1400.0, 900.0]);
    select(&mut h, "to-share");
    tab(&mut h, Tab::Sharing);
    assert!(shown(&h, "共享的更改立即生效（无需保存）。"));
    assert!(shown(&h, "成员（0）"));
    // Members need visibility shared: the field is disabled and says why.
    assert!(shown_containing(&h, "的镜像才能有成员"));
    let private = visibility(Visibility::Private);
    assert!(private.ends_with("（private）"), "{private}");
    assert!(shown_containing(&h, &format!("当前为 {private}")));

    click(&mut h, &visibility(Visibility::Shared));
    wait_for(&mut h, "shared in the registry", |_| {
        registry(data.path(), &image).visibility == Visibility::Shared
    });
    wait_for(&mut h, "the member field enabled", |h| {
        !disabled(h, "项目 ID")
    });
    type_into(&mut h, "项目 ID", "proj-zh");
    click(&mut h, "添加成员");
    let catalog = Catalog::open(data.path()).unwrap();
    wait_for(&mut h, "the member in the registry", |_| {
        catalog
            .members(image.id)
            .unwrap()
            .iter()
            .any(|m| m.member_id == "proj-zh")
    });
    wait_for(&mut h, "the member row", |h| shown(h, "成员（1）"));
    assert!(shown(&h, "proj-zh"));
    assert!(shown(&h, "答复"));
    // The member's status: the translated label with Glance's value, and the answers.
    assert!(h.query_all_by_label(&member(MemberStatus::Pending)).count() >= 2);
    assert!(shown(&h, &member(MemberStatus::Accepted)));
    assert!(shown(&h, &member(MemberStatus::Rejected)));
    h.run();
}

#[test]
fn zh_state_tab_shows_the_diagram_history_and_tasks_in_chinese() {
    let data = tempfile::tempdir().unwrap();
    seed(
        data.path(),
        "uploaded",
        Visibility::Shared,
        Some(b"some bytes"),
    );
    let mut h = zh(data.path(), [1400.0, 900.0]);
    select(&mut h, "uploaded");
    tab(&mut h, Tab::State);
    let active = status(ImageStatus::Active);
    assert!(active.ends_with("（active）"), "{active}");
    wait_for(&mut h, "the current status", |h| {
        shown(h, &format!("当前状态：{active}"))
    });
    // The diagram is one image to assistive technology, named with the current status.
    let name = format!("状态图，当前状态 {active}");
    let diagram = h.get_by_label(&name);
    let inspector = h.state().inspector_rect.unwrap();
    assert!(
        inspector.expand(1.0).contains_rect(diagram.rect()),
        "the diagram {:?} leaves the inspector {inspector:?}",
        diagram.rect()
    );
    assert!(shown(&h, "状态转换历史（3）"));
    assert!(shown(&h, "（新建）"));
    assert!(shown(&h, &status(ImageStatus::Queued)));
    assert!(shown(&h, &status(ImageStatus::Saving)));
    assert!(shown_containing(&h, "任务（"));
    h.run();
}

#[test]
fn zh_import_a_small_file_through_the_form() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let file = small_file(files.path(), "小磁盘.img", 200_000);
    let mut h = zh(data.path(), [1400.0, 900.0]);
    h.state_mut().view.import.show();
    wait_for(&mut h, "the import window", |h| shown(h, "导入镜像"));
    assert!(shown(&h, "也可以将文件拖放到窗口上。"));
    type_into(&mut h, "文件路径", &file.display().to_string());
    h.get_by_label("添加文件").click();
    wait_for(&mut h, "the header to be read", |h| {
        shown_containing(h, "检测到 raw")
    });
    assert!(shown(&h, "结论：安全"));
    assert_eq!(
        h.get_by_label("新镜像名称").value().as_deref(),
        Some("小磁盘")
    );
    assert!(shown(&h, "标签和属性"));
    h.get_by_label("导入").click();
    wait_for(&mut h, "the import to select its image", |h| {
        h.state().view.selected.is_some()
    });
    wait_for(&mut h, "the job to end", |h| {
        !h.state().view.jobs.any_running()
    });
    let image = h.state().view.selected.clone().unwrap().image;
    wait_for(&mut h, "active in the registry", |_| {
        registry(data.path(), &image).status == ImageStatus::Active
    });
    let stored = registry(data.path(), &image);
    assert_eq!(stored.name.as_deref(), Some("小磁盘"));
    assert_eq!(stored.size_bytes, Some(200_000));
    h.run();
}

/// An image holding a real Ubuntu 24.04 disk whose os_distro says centos.
fn seed_noble(data: &std::path::Path, files: &std::path::Path) -> glance_workbench::backend::Image {
    let disk = guest_disk::ubuntu_raw(files, "ubuntu.raw");
    let catalog = Catalog::open(data).unwrap();
    let new = NewImage {
        name: Some("noble".into()),
        disk_format: Some(DiskFormat::Raw),
        container_format: Some(ContainerFormat::Bare),
        properties: vec![("os_distro".into(), "centos".into())],
        ..NewImage::default()
    };
    catalog
        .import_file(new, &disk, false, &JobControl::new(), &mut |_| {})
        .unwrap()
}

/// Click 查看内部 once Details above it has settled, again if a redraw swallowed the click,
/// until its job has started; then wait for the OS line and the job's end.
fn look_inside(h: &mut App<'_>) {
    wait_for(h, "the data inspection above", |h| shown(h, "结论：安全"));
    wait_for(h, "the Look inside job", |h| {
        if !disabled(h, "查看内部") {
            click(h, "查看内部");
        }
        h.state()
            .view
            .jobs
            .jobs
            .iter()
            .any(|j| j.kind == glance_workbench::ui::jobs::JobKind::LookInside)
    });
    wait_for(h, "the OS line", |h| {
        shown_containing(h, "Ubuntu 24.04 LTS (noble)")
    });
    wait_for(h, "the job to end", |h| !h.state().view.jobs.any_running());
}

#[test]
fn zh_look_inside_shows_the_report_and_applies_the_suggestions() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let image = seed_noble(data.path(), files.path());
    let mut h = zh(data.path(), [1400.0, 2600.0]);
    select(&mut h, "noble");
    wait_for(&mut h, "the Inside section", |h| shown(h, "查看内部"));
    assert!(shown(&h, "本次会话中尚未查看内部。"));
    look_inside(&mut h);
    // The report's rows in Chinese, the values as found.
    for row in [
        "操作系统",
        "架构",
        "固件",
        "QEMU 客户机代理",
        "分区表",
        "根文件系统",
    ] {
        assert!(shown(&h, row), "the row {row}");
    }
    assert!(shown(&h, "x86_64") && shown(&h, "GPT"));
    assert!(shown(&h, "建议的属性") && shown(&h, "分区"));
    assert!(shown_containing(&h, "⚠ 冲突"));

    let catalog = Catalog::open(data.path()).unwrap();
    let mut clicks = 0;
    wait_for(&mut h, "the properties in the catalog", |h| {
        let applied = catalog.image(image.id).unwrap().properties.get("os_distro")
            == Some(&"ubuntu".to_string());
        if !applied && clicks < 20 && !disabled(h, "应用建议") {
            click(h, "应用建议");
            clicks += 1;
        }
        applied
    });
    assert_eq!(
        catalog.image(image.id).unwrap().properties["os_version"],
        "24.04"
    );
    wait_for(&mut h, "the conflict to be gone", |h| {
        !shown_containing(h, "⚠ 冲突")
    });
    assert!(shown_containing(&h, "= 相同"));
    h.run();
}

#[test]
fn zh_the_inspector_fits_800_by_500_in_chinese() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    seed_noble(data.path(), files.path());
    let size = [800.0, 500.0];
    let mut h = zh(data.path(), size);
    select(&mut h, "noble");
    wait_for(&mut h, "the Inside section", |h| shown(h, "查看内部"));
    look_inside(&mut h);
    let inspector = h.state().inspector_rect.unwrap();
    // Details, scrolled through its sections: the panels keep their room and the long
    // Chinese lines wrap inside the inspector.
    for label in [
        "保存更改",
        "添加属性",
        "数据检查",
        "应用建议",
        "架构",
        "只读（由 Glance 设置）",
    ] {
        h.get_all_by_label(label).next().unwrap().scroll_to_me();
        settle(&mut h);
        super::layout::assert_catalog_layout(&h, size, label);
        let node = h.get_all_by_label(label).next().unwrap().rect();
        assert!(
            node.right() <= inspector.right() + 1.0,
            "{label} {node:?} runs past the inspector {inspector:?}"
        );
    }
    for node in h.get_all_by_label_contains("os_distro=centos") {
        assert!(
            node.rect().right() <= inspector.right() + 1.0,
            "the conflict line runs past the inspector: {:?} vs {inspector:?}",
            node.rect()
        );
    }
    let current = format!("当前状态：{}", status(ImageStatus::Active));
    for (which, label) in [(Tab::Sharing, "添加成员"), (Tab::State, current.as_str())] {
        tab(&mut h, which);
        h.get_by_label(label).scroll_to_me();
        settle(&mut h);
        super::layout::assert_catalog_layout(&h, size, label);
        let inspector = h.state().inspector_rect.unwrap();
        let node = h.get_by_label(label).rect();
        assert!(
            node.right() <= inspector.right() + 1.0,
            "{label} {node:?} runs past the inspector {inspector:?}"
        );
    }
    let diagram = h
        .get_by_label(&format!("状态图，当前状态 {}", status(ImageStatus::Active)))
        .rect();
    let inspector = h.state().inspector_rect.unwrap();
    assert!(
        diagram.right() <= inspector.right() + 1.0 && diagram.left() >= inspector.left() - 1.0,
        "the diagram {diagram:?} vs the inspector {inspector:?}"
    );
    h.run();
}
