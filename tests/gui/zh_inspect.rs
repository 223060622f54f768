//! The disk inspector's findings in Chinese in the window (issue #15): an unsafe file in the
//! import form shows its verdict, each finding with the reason's label beside its code and
//! the detail in Chinese, and why the form will not import it; a compressed file shows its
//! description and notes in Chinese.

use std::sync::Arc;

use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::i18n::message_in;

use super::common::{App, Lang, harness_in, shown, shown_containing, wait_for};
use super::{Dropped, qemu_img_create, small_file};

/// The app on `dir` in Chinese.
fn zh(dir: &std::path::Path) -> App<'static> {
    harness_in(dir, [1400.0, 900.0], Lang::ZhCn)
}

#[test]
fn zh_an_unsafe_file_in_the_import_form_shows_its_findings_in_chinese() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let base = small_file(files.path(), "base.raw", 65536);
    let overlay = files.path().join("overlay.qcow2");
    let backing = base.display().to_string();
    if !qemu_img_create(&overlay, "64K", &["-b", &backing, "-F", "raw"]) {
        eprintln!("qemu-img not found: skipping");
        return;
    }
    let mut h = zh(data.path());
    h.input_mut().dropped_files.push(Arc::new(Dropped(overlay)));
    wait_for(&mut h, "the inspection", |h| shown(h, "结论：不安全"));
    assert!(shown_containing(&h, "检测到 qcow2 v3 (compat 1.1)"));
    // The finding: the reason's label with its code, then the detail in Chinese; the file's
    // name as it is.
    let label = message_in(Lang::ZhCn, "inspect-reason-backing-file", None);
    let finding = format!("{label}（backing_file）：镜像有后备文件 {backing:?}；未打开该文件");
    assert!(
        shown(&h, &format!("  • {finding}")),
        "the finding in Chinese"
    );
    assert!(!shown_containing(&h, "image has a backing file"));
    // Why the form will not import it, in the same words.
    assert!(shown_containing(
        &h,
        &format!("Glance 会拒绝此文件：{finding}")
    ));
    assert!(h.get_by_label("导入").accesskit_node().is_disabled());
    h.get_by_label("放弃").click();
    h.run();

    // A gzip-compressed overlay: its description, its notes and the finding inside it.
    let data_gz = {
        use std::io::Write as _;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&std::fs::read(files.path().join("overlay.qcow2")).unwrap())
            .unwrap();
        gz.finish().unwrap()
    };
    let gzipped = files.path().join("overlay.qcow2.gz");
    std::fs::write(&gzipped, data_gz).unwrap();
    h.input_mut().dropped_files.push(Arc::new(Dropped(gzipped)));
    wait_for(&mut h, "the inspection", |h| {
        shown_containing(h, "检测到 gzip 压缩的 qcow2；")
    });
    assert!(
        shown_containing(&h, "已检查整个数据流"),
        "a note in Chinese"
    );
    assert!(shown_containing(
        &h,
        &format!("在 qcow2 内部：镜像有后备文件 {backing:?}")
    ));
    assert!(!shown_containing(&h, "inside the qcow2"));
    h.run();
}
