//! The window's push to several clouds: the push dialog lists every cloud with a tick (the one
//! dropped on ticked); ticking a second one makes one job that pushes to both, verified each.

use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::Catalog;
use glance_workbench::ui::bridge::JobOutcome;

use super::common::{leftmost, settle, shown, shown_containing, type_into, wait_push_dialog};
use super::lab::{Lab, local_image, pattern};
use super::{drag, harness, open_cloud, save_cloud, seed_of, wait_for};

#[test]
fn ticking_two_clouds_in_the_push_dialog_pushes_to_both_in_one_job() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let demo = lab.demo();
    let data = tempfile::tempdir().unwrap();
    let name = lab.unique("fan-gui");
    let image = local_image(
        &Catalog::open(data.path()).unwrap(),
        &name,
        &pattern(2 << 20, seed_of(&name) + 41),
        &name,
    );
    let first = lab.unique("lab");
    let second = lab.unique("demo");
    save_cloud(lab, data.path(), &first, "admin");
    save_cloud(lab, data.path(), &second, "demo");
    let mut h = harness(data.path());
    open_cloud(&mut h, &first, Some(&lab.var("OS_PASSWORD")));
    wait_for(&mut h, "the local list", |h| shown(h, &name));

    let from = leftmost(&h, &name).rect().center();
    let to = h.get_by_label(&first).rect().center();
    drag(&mut h, from, to);
    wait_push_dialog(&mut h);
    assert!(shown_containing(
        &h,
        &format!("Push 1 local image to cloud \"{first}\"")
    ));
    // Every cloud has its tick; the one dropped on is ticked.
    let tick = |h: &super::App<'_>, cloud: &str| {
        h.get_by_role_and_label(eframe::egui::accesskit::Role::CheckBox, cloud)
            .accesskit_node()
            .toggled()
    };
    assert_eq!(
        tick(&h, &first),
        Some(eframe::egui::accesskit::Toggled::True)
    );
    assert_eq!(
        tick(&h, &second),
        Some(eframe::egui::accesskit::Toggled::False)
    );
    h.get_by_role_and_label(eframe::egui::accesskit::Role::CheckBox, &second)
        .click();
    settle(&mut h);
    assert!(shown_containing(&h, "Push 1 local image to 2 clouds"));
    h.get_by_label("Start push").click();
    settle(&mut h);
    // The second cloud's secret is asked once; the job then runs.
    wait_for(&mut h, "the secret prompt", |h| shown(h, "Secret"));
    type_into(&mut h, "Secret", &lab.var("LAB_DEMO_PASSWORD"));
    h.get_by_label("Connect").click();
    settle(&mut h);
    wait_for(&mut h, "the push", |h| {
        let jobs = &h.state().view.jobs;
        !jobs.jobs.is_empty() && !jobs.any_running()
    });
    let jobs = &h.state().view.jobs.jobs;
    assert_eq!(jobs.len(), 1, "one job for both clouds");
    let outcome = jobs[0].finished.as_ref().map(|(_, o)| o.clone());
    let Some(JobOutcome::Succeeded(summary)) = outcome else {
        panic!("the job ended {outcome:?}");
    };
    assert!(
        summary.contains(&first) && summary.contains(&second),
        "{summary}"
    );

    let query = lab.query(&[("name", name.as_str())]);
    let on_admin: Vec<_> = admin
        .list_images(&query)
        .unwrap()
        .into_iter()
        .filter(|i| i.owner() != Some(lab.demo_project_id.as_str()))
        .collect();
    let on_demo: Vec<_> = demo
        .list_images(&query)
        .unwrap()
        .into_iter()
        .filter(|i| i.owner() == Some(lab.demo_project_id.as_str()))
        .collect();
    assert_eq!(on_admin.len(), 1, "{on_admin:?}");
    assert_eq!(on_demo.len(), 1, "{on_demo:?}");
    for remote in [&on_admin[0], &on_demo[0]] {
        assert_eq!(remote.status(), "active");
        assert_eq!(remote.os_hash_value(), image.os_hash_value.as_deref());
    }
    admin.delete_image(on_admin[0].id()).unwrap();
    demo.delete_image(on_demo[0].id()).unwrap();
}
