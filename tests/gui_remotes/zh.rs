//! The Remotes view in Chinese (issue #15): the window run with the Chinese catalog, driven by
//! its Chinese labels. Most flows need no lab: the cloud form (a cloud added by its Chinese
//! field names, what is missing said in Chinese, the secret never on screen nor in the file),
//! the secret prompt of a cloud that cannot be reached, the push dialog at 800 × 500, the
//! confirmations. A push to the lab, its Server cache tab (服务器镜像缓存, never the local
//! pull cache's name) and the quota strip need the lab and are skipped without it, as the
//! other tests of this binary are.

use std::path::Path;

use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::remote::config::{self, CloudConfig, CloudSource};
use glance_workbench::backend::remote::push::PushMethod;
use glance_workbench::backend::{Catalog, ImageStatus};
use glance_workbench::i18n::labels;
use glance_workbench::ui::remotes::{Central, RemoteTab};

use super::common::{App, Lang, harness_in, leftmost, settle, shown, shown_containing, type_into};
use super::lab::{Lab, local_image, pattern};
use super::{save_cloud, screen_text, wait_for, wait_jobs};

/// The app in Chinese on `data_dir`, in a window of `size`, showing the Remotes view.
fn harness_zh(data_dir: &Path, size: [f32; 2]) -> App<'static> {
    let mut h = harness_in(data_dir, size, Lang::ZhCn);
    h.state_mut().view.remotes.central = Central::Remotes;
    settle(&mut h);
    h
}

/// Scroll the widget labelled `label` into view, then click it.
fn click(h: &mut App<'_>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    settle(h);
    h.get_by_label(label).click();
    settle(h);
}

/// A workbench cloud whose Keystone refuses connections (no secret in the file).
fn unreachable_cloud(dir: &Path, name: &str) {
    let mut cloud = CloudConfig::new_password(name, "http://127.0.0.1:9/v3", "u", "p");
    cloud.source = CloudSource::Workbench(config::workbench_clouds_file(dir));
    config::save_workbench_cloud(dir, &cloud).unwrap();
}

/// Select `cloud` in the clouds list; when asked, type `secret` in the Chinese prompt.
fn open_cloud_zh(h: &mut App<'_>, cloud: &str, secret: Option<&str>) {
    wait_for(h, "the clouds", |h| shown(h, cloud));
    h.get_by_label(cloud).click();
    settle(h);
    if let Some(secret) = secret {
        wait_for(h, "the secret prompt", |h| shown(h, "密钥"));
        type_into(h, "密钥", secret);
        h.get_by_label("连接").click();
        settle(h);
    }
}

/// `rect` lies inside a window of `size`.
fn inside(rect: egui::Rect, size: [f32; 2]) -> bool {
    egui::Rect::from_min_size(egui::Pos2::ZERO, size.into())
        .expand(1.0)
        .contains_rect(rect)
}

/// The rectangle of the widget labelled `label`.
fn rect_of(h: &App<'_>, label: &str) -> egui::Rect {
    h.get_by_label(label).rect()
}

#[test]
fn zh_a_cloud_is_added_in_the_form_by_its_chinese_labels() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness_zh(data.path(), [1500.0, 950.0]);
    let secret = "zh-secret-Q8v-typed";

    click(&mut h, "添加云…");
    wait_for(&mut h, "the cloud form", |h| shown(h, "云名称"));
    assert!(shown(&h, "添加云"), "the form's title");
    for label in [
        "认证 URL",
        "认证方式",
        "用户名",
        "项目名称",
        "项目 ID",
        "用户域",
        "项目域",
    ] {
        assert!(shown(&h, label), "{label}");
    }
    // Nothing is said missing before anything is typed; then what is missing is, in Chinese.
    assert!(!shown(&h, "云需要一个名称"));
    type_into(&mut h, "认证 URL", "http://");
    assert!(shown(&h, "云需要一个名称"), "the missing name in Chinese");
    type_into(&mut h, "云名称", "zh-cloud");
    type_into(&mut h, "认证 URL", "http://127.0.0.1:9/v3");
    type_into(&mut h, "用户名", "admin");
    type_into(&mut h, "项目名称", "admin");
    // A key without its certificate is refused, in Chinese.
    type_into(&mut h, "客户端私钥", "/tmp/client.key");
    assert!(shown(&h, "客户端私钥需要配套的客户端证书"));
    type_into(&mut h, "客户端私钥", "");
    // Regions listed: the Region becomes a picker showing the first as the default; a region
    // outside them is refused.
    type_into(&mut h, "区域列表", "RegionOne, RegionTwo");
    assert_eq!(
        h.get_by_label("区域").accesskit_node().value().as_deref(),
        Some("RegionOne（第一个）"),
        "the picker's default"
    );
    h.state_mut()
        .view
        .remotes
        .forms
        .form
        .as_mut()
        .unwrap()
        .region = "RegionThree".into();
    settle(&mut h);
    assert!(shown(
        &h,
        "区域“RegionThree”不在其区域列表（RegionOne, RegionTwo）中"
    ));
    h.state_mut()
        .view
        .remotes
        .forms
        .form
        .as_mut()
        .unwrap()
        .region = "RegionTwo".into();
    settle(&mut h);
    assert!(!shown_containing(&h, "不在其区域列表"));
    // The secret's field is masked and labelled by its kind; what is typed never shows.
    type_into(&mut h, "密码", secret);
    assert!(!screen_text(&h).contains(secret), "the typed secret shows");

    // Test connection: the cloud is unreachable, said in Chinese ("未连接：<cause>").
    click(&mut h, "测试连接");
    wait_for(&mut h, "the refused test", |h| {
        shown_containing(h, "未连接")
    });
    assert!(!screen_text(&h).contains(secret));

    click(&mut h, "保存云");
    wait_for(&mut h, "the saved cloud", |h| {
        h.state().view.remotes.forms.form.is_none()
            && h.state().view.remotes.cloud.as_deref() == Some("zh-cloud")
    });
    let file = std::fs::read_to_string(config::workbench_clouds_file(data.path())).unwrap();
    assert!(
        file.contains("zh-cloud") && file.contains("RegionTwo"),
        "{file}"
    );
    assert!(!file.contains(secret), "the clouds file holds the secret");
    // The list's summary of the cloud, in Chinese; the secret's whereabouts, never itself.
    wait_for(&mut h, "the cloud's summary", |h| {
        shown(h, "项目 admin") && shown_containing(h, "区域 RegionTwo · public")
    });
    assert!(shown(&h, "工作台文件"), "where the cloud is defined");
    assert!(shown_containing(&h, "密码："));
    assert!(!screen_text(&h).contains(secret));

    // Edit it: the title says so; Cancel closes.
    click(&mut h, "编辑…");
    wait_for(&mut h, "the edit form", |h| shown(h, "编辑云"));
    assert_eq!(
        h.state()
            .view
            .remotes
            .forms
            .form
            .as_ref()
            .unwrap()
            .editing
            .as_deref(),
        Some("zh-cloud")
    );
    click(&mut h, "取消");
    assert!(h.state().view.remotes.forms.form.is_none());

    // Remove it, confirmed in Chinese.
    click(&mut h, "移除…");
    wait_for(&mut h, "the confirmation", |h| {
        shown(h, "移除云“zh-cloud”？")
    });
    assert!(shown_containing(&h, "其密钥也会从密钥环中删除"));
    click(&mut h, "移除云");
    wait_for(&mut h, "the cloud to go", |h| {
        h.state()
            .view
            .remotes
            .clouds
            .iter()
            .all(|c| c.config.name != "zh-cloud")
    });
}

#[test]
fn zh_the_secret_prompt_asks_in_chinese_and_an_unreachable_cloud_says_so() {
    let data = tempfile::tempdir().unwrap();
    unreachable_cloud(data.path(), "nowhere");
    let mut h = harness_zh(data.path(), [1500.0, 950.0]);
    wait_for(&mut h, "the clouds", |h| shown(h, "nowhere"));
    h.get_by_label("nowhere").click();
    settle(&mut h);
    wait_for(&mut h, "the secret prompt", |h| shown(h, "密钥"));
    assert!(shown(&h, "云“nowhere”的密钥"), "the prompt's heading");
    assert!(shown(
        &h,
        "云“nowhere”的密码（仅在本次会话中保存在内存里）："
    ));
    // Connect waits for something typed.
    assert!(h.get_by_label("连接").accesskit_node().is_disabled());
    type_into(&mut h, "密钥", "typed-secret-zh-41");
    h.get_by_label("连接").click();
    settle(&mut h);
    wait_for(&mut h, "the error", |h| {
        !h.state().view.jobs.notices.is_empty()
    });
    assert!(!screen_text(&h).contains("typed-secret-zh-41"));
    // The cloud's state and the pane's error, in Chinese with the library's cause.
    wait_for(&mut h, "the cloud's state", |h| {
        shown_containing(h, "起无法连接")
    });
    assert!(shown(&h, "无法列出：Connection refused (os error 111)"));
    assert!(shown(&h, "第 1 页 · 0 个镜像"));

    // A TOTP cloud's prompt says the passcode is used once; Cancel (取消) declines it.
    unreachable_cloud(data.path(), "elsewhere");
    h.state_mut().view.remotes.forms.ask_secret(
        "elsewhere".into(),
        config::AuthType::Totp,
        glance_workbench::app::protocol::remote::RemoteOp::Usage("elsewhere".into()),
        None,
    );
    settle(&mut h);
    assert!(shown(
        &h,
        "云“elsewhere”的TOTP 验证码（只用于这一次连接，从不保存）："
    ));
    click(&mut h, "取消");
    assert!(h.state().view.remotes.forms.prompt.is_none());
}

#[test]
fn zh_the_push_dialog_fits_800_by_500_in_chinese() {
    let data = tempfile::tempdir().unwrap();
    let image = local_image(
        &Catalog::open(data.path()).unwrap(),
        "zh-push-image",
        &pattern(64 << 10, 3),
        "zh",
    );
    unreachable_cloud(data.path(), "zh-target");
    unreachable_cloud(data.path(), "zh-second");
    let size = [800.0, 500.0];
    let mut h = harness_zh(data.path(), size);
    wait_for(&mut h, "the clouds", |h| {
        h.state().view.remotes.forms.cloud_names.len() == 2
    });
    // What a drop of the row on the cloud does (tests/gui_remotes.rs drags it there).
    h.state_mut()
        .view
        .remotes
        .forms
        .ask_push("zh-target", vec![(image.id, "zh-push-image".to_string())]);
    wait_for(&mut h, "the push dialog", |h| shown(h, "开始推送"));
    assert!(shown(&h, "推送到云 zh-target"), "the dialog's title");
    assert!(shown(&h, "将 1 个本地镜像推送到云“zh-target”："));
    assert!(shown(&h, "• zh-push-image"));
    assert!(shown(&h, "推送失败时保留远程镜像"));
    assert!(shown(&h, "方式"));
    // The methods: Glance's names, explained in Chinese beside them.
    assert!(shown(&h, "上传（upload）"));
    h.get_by_label("直接上传（glance-direct）").click();
    settle(&mut h);
    assert_eq!(
        h.state().view.remotes.forms.push.as_ref().unwrap().method,
        PushMethod::GlanceDirect
    );
    // Everything of the dialog is inside the window, and its rows do not overlap.
    let rows = [
        "将 1 个本地镜像推送到云“zh-target”：",
        "推送到勾选的云（数据只读取一次，同时发送到所有云）：",
        "方式",
        "推送失败时保留远程镜像",
        "开始推送",
    ];
    let rects: Vec<egui::Rect> = rows.iter().map(|r| rect_of(&h, r)).collect();
    for (row, rect) in rows.iter().zip(&rects) {
        assert!(
            inside(*rect, size),
            "{row} at {rect:?} leaves the 800×500 window"
        );
    }
    for pair in rects.windows(2) {
        assert!(
            pair[0].bottom() <= pair[1].top() + 1.0,
            "rows overlap: {pair:?}"
        );
    }
    assert!(inside(rect_of(&h, "取消"), size));
    // Ticking a second cloud: the title counts them, in Chinese.
    h.get_all_by_label("zh-second")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::CheckBox)
        .expect("the second cloud's tick")
        .click();
    settle(&mut h);
    assert!(shown(&h, "推送到 2 个云"));
    assert!(shown(&h, "将 1 个本地镜像推送到 2 个云："));
    click(&mut h, "取消");
    assert!(h.state().view.remotes.forms.push.is_none());
    assert!(h.state().view.jobs.jobs.is_empty(), "nothing was started");
}

#[test]
fn zh_the_cloud_form_fits_800_by_500_in_chinese() {
    let data = tempfile::tempdir().unwrap();
    let size = [800.0, 500.0];
    let mut h = harness_zh(data.path(), size);
    click(&mut h, "添加云…");
    wait_for(&mut h, "the cloud form", |h| shown(h, "云名称"));
    for label in [
        "云名称",
        "认证 URL",
        "用户名",
        "密码",
        "测试连接",
        "保存云",
        "取消",
    ] {
        h.get_by_label(label).scroll_to_me();
        settle(&mut h);
        let rect = rect_of(&h, label);
        assert!(
            inside(rect, size),
            "{label} at {rect:?} leaves the 800×500 window"
        );
    }
    let name = rect_of(&h, "云名称");
    let url = rect_of(&h, "认证 URL");
    assert!(
        name.bottom() <= url.top() + 1.0,
        "{name:?} overlaps {url:?}"
    );
    click(&mut h, "取消");
    assert!(h.state().view.remotes.forms.form.is_none());
}

/// With the lab: a local image pushed to the lab's cloud from the Chinese push dialog, the
/// remote image's details in Chinese (status and visibility labels with Glance's values), the
/// quota strip, and the Server cache tab named and described as the server's image cache,
/// never as the local pull cache.
#[test]
fn zh_a_push_to_the_lab_and_its_details_usage_and_server_cache_in_chinese() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("zh");
    let data = tempfile::tempdir().unwrap();
    let catalog = Catalog::open(data.path()).unwrap();
    let name = format!("{tag}-image");
    let image = local_image(&catalog, &name, &pattern(256 << 10, 11), &tag);
    drop(catalog);
    let cloud = lab.unique("lab");
    save_cloud(lab, data.path(), &cloud, "admin");
    let mut h = harness_zh(data.path(), [1500.0, 950.0]);
    open_cloud_zh(&mut h, &cloud, Some(&lab.var("OS_PASSWORD")));
    wait_for(&mut h, "the listing", |h| {
        let images = &h.state().view.remotes.images;
        images.loaded_for.as_deref() == Some(cloud.as_str()) && !images.loading
    });
    assert!(!screen_text(&h).contains(&lab.var("OS_PASSWORD")));

    // The quota strip, in Chinese.
    wait_for(&mut h, "the usage", |h| {
        h.state().view.remotes.usage.usage.is_some()
    });
    assert!(shown(&h, "配额"));
    assert!(shown(&h, "刷新使用量"));

    // Push from the Chinese dialog.
    h.state_mut()
        .view
        .remotes
        .forms
        .ask_push(&cloud, vec![(image.id, name.clone())]);
    wait_for(&mut h, "the push dialog", |h| shown(h, "开始推送"));
    click(&mut h, "开始推送");
    wait_jobs(&mut h, "the push");
    let pushed = admin
        .list_images(&lab.query(&[("name", name.as_str())]))
        .unwrap();
    assert_eq!(pushed.len(), 1);
    let remote_id = pushed[0].id().to_string();

    // Its details: the status as 运行中（active）, the visibility with its value.
    type_into(&mut h, "远程标签筛选", &tag);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    wait_for(&mut h, "the remote image", |h| shown(h, &name));
    leftmost(&h, &name).click();
    wait_for(&mut h, "its details", |h| shown(h, "添加标签"));
    // The status label is the catalog's (common-status-active), with Glance's value beside.
    let active = labels::with_value(&labels::image_status(ImageStatus::Active), "active");
    assert!(active.ends_with("（active）"), "{active}");
    assert!(shown(&h, &active));
    assert!(shown_containing(&h, "（private）") || shown_containing(&h, "（shared）"));
    for field in [
        "虚拟大小",
        "校验和（md5）",
        "创建于",
        "受保护 / 隐藏",
        "在云上编辑",
    ] {
        assert!(shown(&h, field), "{field}");
    }

    // The Server cache tab: Glance's cache on the API nodes, named apart from the local pull
    // cache.
    h.state_mut().view.remotes.tab = RemoteTab::ServerCache;
    settle(&mut h);
    wait_for(&mut h, "the server cache", |h| {
        let tab = &h.state().view.remotes.server_cache;
        !tab.loading && (tab.view.is_some() || tab.error.is_some())
    });
    assert!(shown(
        &h,
        "Glance 在该云 API 节点上的服务器镜像缓存（不是本工作台的本地拉取缓存）。"
    ));
    assert!(shown(&h, "刷新"));
    assert!(shown(&h, "清空缓存…") && shown(&h, "清空队列…"));
    if h.state().view.remotes.server_cache.error.is_none() {
        assert!(shown_containing(&h, "已缓存的镜像："));
        assert!(shown_containing(&h, "排队中的镜像："));
    }
    admin.delete_image(&remote_id).unwrap();
}
