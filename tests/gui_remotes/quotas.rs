//! Quotas and metadefs in the Remotes view against the real lab (issue #13). The Images tab
//! shows the project's usage against its limits as bars (the lab's `quota-gui` project:
//! count 3, size 8 MiB), read again after a push; a push over the size limit fails as a
//! job with the limit named, and nothing reaches the cloud. The remote property editor
//! offers a value only the cloud's metadata definitions know (a namespace the test adds),
//! fills the field with it, and warns about a value outside them.

use std::path::Path;

use egui_kittest::kittest::Queryable;
use glance_workbench::backend::Catalog;
use glance_workbench::backend::remote::config::{self, CloudConfig, CloudSource};
use glance_workbench::backend::remote::usage::{IMAGE_COUNT_TOTAL, Usage};
use glance_workbench::ui::bridge::JobOutcome;

use super::common::{App, leftmost, settle, shown, shown_containing, type_into, wait_push_dialog};
use super::lab::{Lab, add_namespace, local_image, pattern, remove_namespace, seed_of};
use super::{click, drag, harness, open_cloud, save_cloud, type_and_enter, wait_for};

/// A workbench cloud for the quota user in project `quota-gui`.
fn save_quota_cloud(lab: &Lab, dir: &Path, name: &str) {
    let mut cloud = CloudConfig::new_password(
        name,
        &lab.var("OS_AUTH_URL"),
        &lab.var("LAB_QUOTA_USERNAME"),
        &lab.var("LAB_QUOTA_GUI_PROJECT_NAME"),
    );
    cloud.region_name = Some("RegionOne".into());
    cloud.source = CloudSource::Workbench(config::workbench_clouds_file(dir));
    config::save_workbench_cloud(dir, &cloud).unwrap();
}

fn usage(h: &App<'_>) -> Option<Usage> {
    let view = &h.state().view.remotes.usage;
    match (&view.usage, view.loading) {
        (Some(Ok(u)), false) => Some(u.clone()),
        _ => None,
    }
}

fn images_used(h: &App<'_>) -> Option<i64> {
    usage(h).and_then(|u| u.get(IMAGE_COUNT_TOTAL).map(|q| q.usage))
}

/// Drag the local row `name` onto the cloud's entry and start the push.
fn push(h: &mut App<'_>, name: &str, cloud: &str) {
    let from = leftmost(h, name).rect().center();
    let to = h.get_by_label(cloud).rect().center();
    drag(h, from, to);
    wait_push_dialog(h);
    h.get_by_label("Start push").click();
    settle(h);
}

/// Wait for every job to end; the outcome of the last one.
fn last_outcome(h: &mut App<'_>, what: &str) -> JobOutcome {
    wait_for(h, what, |h| {
        let jobs = &h.state().view.jobs;
        !jobs.jobs.is_empty() && !jobs.any_running()
    });
    let job = h.state().view.jobs.jobs.last().unwrap();
    job.finished.as_ref().map(|(_, o)| o.clone()).unwrap()
}

#[test]
fn the_images_tab_shows_usage_against_limits_and_a_push_over_one_is_refused() {
    let Some(lab) = Lab::get() else { return };
    let Some(q) = lab.quota_session(&lab.var("LAB_QUOTA_GUI_PROJECT_NAME")) else {
        eprintln!("the lab runs without quotas (LAB_QUOTAS=0): nothing to check");
        return;
    };
    lab.empty_project(&q);
    let data = tempfile::tempdir().unwrap();
    let small = lab.unique("qsmall");
    let big = lab.unique("qbig");
    let catalog = Catalog::open(data.path()).unwrap();
    local_image(&catalog, &small, &pattern(3 << 19, seed_of(&small)), &small);
    local_image(&catalog, &big, &pattern(9 << 20, seed_of(&big)), &big);
    let cloud = lab.unique("quota");
    save_quota_cloud(lab, data.path(), &cloud);
    let mut h = harness(data.path());
    open_cloud(&mut h, &cloud, Some(&lab.var("LAB_QUOTA_PASSWORD")));
    wait_for(&mut h, "the usage", |h| images_used(h).is_some());
    assert_eq!(images_used(&h), Some(0));
    assert!(shown(&h, "Images 0 of 3"), "the count bar");
    assert!(shown(&h, "Size 0 MiB of 8 MiB"), "the size bar");
    assert!(shown(&h, "Staging 0 MiB of 8 MiB") && shown(&h, "Uploading 0 of 2"));

    // A push of 1.5 MiB: the bars are read again afterwards.
    wait_for(&mut h, "the local list", |h| shown(h, &small));
    push(&mut h, &small, &cloud);
    let outcome = last_outcome(&mut h, "the push");
    assert!(matches!(outcome, JobOutcome::Succeeded(_)), "{outcome:?}");
    wait_for(&mut h, "the usage after the push", |h| {
        images_used(h) == Some(1)
    });
    assert!(shown(&h, "Images 1 of 3") && shown(&h, "Size 1 MiB of 8 MiB"));

    // 9 MiB is over the size limit: the job fails naming it; nothing reaches the cloud.
    push(&mut h, &big, &cloud);
    let outcome = last_outcome(&mut h, "the refused push");
    let JobOutcome::Failed(message) = outcome else {
        panic!("{outcome:?}")
    };
    assert!(
        message.contains("refused before sending any data")
            && message.contains("image_size_total (total image size) is limited to 8 MiB"),
        "{message}"
    );
    assert!(shown_containing(
        &h,
        "image_size_total (total image size) is limited to 8 MiB"
    ));
    assert_eq!(lab.project_images(&q).len(), 1);

    // Refresh reads it again.
    click(&mut h, "Refresh usage");
    wait_for(&mut h, "the usage read again", |h| {
        images_used(h) == Some(1)
    });
    lab.empty_project(&q);
}

#[test]
fn the_remote_property_editor_offers_the_clouds_own_values() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("metadef-gui");
    let (namespace, key, value) = add_namespace(&admin, &tag);
    let id = lab.remote_image(&admin, &tag, &pattern(16 << 10, seed_of(&tag)));
    let data = tempfile::tempdir().unwrap();
    let cloud = lab.unique("lab");
    save_cloud(lab, data.path(), &cloud, "admin");
    let mut h = harness(data.path());
    open_cloud(&mut h, &cloud, Some(&lab.var("OS_PASSWORD")));
    type_and_enter(&mut h, "Remote tag filter", &tag);
    wait_for(&mut h, "the remote image", |h| shown(h, &tag));
    leftmost(&h, &tag).click();
    wait_for(&mut h, "its details and the cloud's catalog", |h| {
        shown(h, "Set property")
            && shown_containing(
                h,
                &format!("Suggestions from cloud {cloud}'s metadata definitions"),
            )
    });

    // The typed key's values are the cloud's: one the built-in table cannot know.
    type_into(&mut h, "New remote property", &format!("{key}="));
    wait_for(&mut h, "the cloud-only value", |h| shown(h, &value));
    assert!(shown_containing(&h, &format!("Tier — from {namespace}")));
    click(&mut h, &value);
    assert_eq!(
        h.state().view.remotes.detail.new_property,
        format!("{key}={value}")
    );
    click(&mut h, "Set property");
    wait_for(&mut h, "the property on the cloud", |_| {
        admin.show_image(&id).unwrap().properties().get(&key) == Some(&value)
    });

    // A value outside the cloud's list is warned about (Glance accepts it).
    type_into(&mut h, "New remote property", &format!("{key}=bronze"));
    settle(&mut h);
    assert!(shown_containing(
        &h,
        &format!("\"bronze\" is not one of the values cloud {cloud}'s metadata definitions list")
    ));
    admin.delete_image(&id).unwrap();
    remove_namespace(&admin, &namespace);
}
