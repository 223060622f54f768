//! The window's same-data question: ◂ Pull of a remote image whose data a local image already
//! holds asks first ("Link to the existing image" / "Pull a second copy" / Cancel), and each
//! answer makes the records the CLI's `--link` / `--copy-anyway` make.

use egui_kittest::kittest::Queryable;
use glance_workbench::backend::Catalog;
use glance_workbench::backend::remote::local::{ORIGIN_CLOUD, ORIGIN_ID};
use glance_workbench::backend::remote::same_data::ORIGIN_LINKED;
use glance_workbench::ui::bridge::JobOutcome;

use super::common::{leftmost, settle, shown, shown_containing};
use super::lab::{Lab, local_image, pattern};
use super::{harness, open_cloud, save_cloud, seed_of, type_and_enter, wait_for};

/// Select the remote row `name`, press ◂ Pull, and wait for the question.
fn pull_and_wait_for_question(h: &mut super::App<'_>, name: &str) {
    leftmost(h, name).click();
    settle(h);
    h.get_by_label("◂ Pull").click();
    wait_for(h, "the same-data question", |h| {
        shown(h, "Same data already in the local catalog")
    });
}

/// Wait until every job ended, and return their outcomes.
fn outcomes(h: &mut super::App<'_>) -> Vec<Option<JobOutcome>> {
    wait_for(h, "the jobs", |h| {
        let jobs = &h.state().view.jobs;
        !jobs.jobs.is_empty() && !jobs.any_running()
    });
    h.state()
        .view
        .jobs
        .jobs
        .iter()
        .map(|j| j.finished.as_ref().map(|(_, o)| o.clone()))
        .collect()
}

#[test]
fn a_pull_of_data_already_local_asks_to_link_or_copy() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let tag = lab.unique("same-gui");
    let data = pattern(256 << 10, seed_of(&tag) + 1);
    let first = format!("{tag}-a");
    let second = format!("{tag}-b");
    let first_id = lab.remote_image_named(&admin, &first, &tag, &data);
    let second_id = lab.remote_image_named(&admin, &second, &tag, &data);
    let dir = tempfile::tempdir().unwrap();
    let original = {
        let catalog = Catalog::open(dir.path()).unwrap();
        local_image(&catalog, &format!("{tag}-local"), &data, &tag)
    };
    let cloud = lab.unique("lab");
    save_cloud(lab, dir.path(), &cloud, "admin");
    let mut h = harness(dir.path());
    open_cloud(&mut h, &cloud, Some(&lab.var("OS_PASSWORD")));
    type_and_enter(&mut h, "Remote tag filter", &tag);
    wait_for(&mut h, "the remote images", |h| {
        shown(h, &first) && shown(h, &second)
    });

    // Cancel: nothing pulled, nothing linked, the job given up.
    pull_and_wait_for_question(&mut h, &first);
    assert!(shown_containing(&h, &original.id.to_string()));
    // The dialog's Cancel: the running job's row has one too, drawn before the modal.
    h.query_all_by_label("Cancel").last().unwrap().click();
    settle(&mut h);
    assert_eq!(outcomes(&mut h), vec![Some(JobOutcome::Cancelled)]);
    assert!(!shown(&h, "Same data already in the local catalog"));
    let catalog = Catalog::open(dir.path()).unwrap();
    assert_eq!(catalog.list(&Default::default()).unwrap().len(), 1);
    assert!(
        !catalog
            .image(original.id)
            .unwrap()
            .properties
            .contains_key(ORIGIN_ID)
    );

    // Link: the origin recorded on the existing image, as `pull --link` records it.
    pull_and_wait_for_question(&mut h, &first);
    h.get_by_label("Link to the existing image").click();
    settle(&mut h);
    let ended = outcomes(&mut h);
    assert!(
        matches!(ended.last(), Some(Some(JobOutcome::Succeeded(s))) if s.contains("linked")),
        "{ended:?}"
    );
    let linked = catalog.image(original.id).unwrap();
    assert_eq!(catalog.list(&Default::default()).unwrap().len(), 1);
    assert_eq!(linked.properties.get(ORIGIN_CLOUD), Some(&cloud));
    assert_eq!(linked.properties.get(ORIGIN_ID), Some(&first_id));
    assert_eq!(
        linked.properties.get(ORIGIN_LINKED).map(String::as_str),
        Some("pull")
    );

    // Pull a second copy: another local image, with the second remote image as its origin.
    pull_and_wait_for_question(&mut h, &second);
    h.get_by_label("Pull a second copy").click();
    settle(&mut h);
    let ended = outcomes(&mut h);
    assert!(
        matches!(ended.last(), Some(Some(JobOutcome::Succeeded(s))) if s.contains("pulled")),
        "{ended:?}"
    );
    let copy = glance_workbench::backend::remote::local::find_origin(&catalog, &cloud, &second_id)
        .unwrap()
        .expect("the second copy");
    assert_ne!(copy.id, original.id);
    assert_eq!(copy.os_hash_value, original.os_hash_value);
    assert!(!copy.properties.contains_key(ORIGIN_LINKED));
    assert_eq!(catalog.list(&Default::default()).unwrap().len(), 2);
    for id in [first_id, second_id] {
        admin.delete_image(&id).unwrap();
    }
}
