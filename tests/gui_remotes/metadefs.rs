//! The Metadefs tab (issue #13): a cloud's metadata definitions namespaces listed in the
//! window with display name and resource types (prefix), and a namespace added at the lab's
//! Glance shown in full once selected: its property with the key images carry, its type and
//! allowed values, and its object with the object's properties.

use egui_kittest::kittest::Queryable;
use glance_workbench::backend::remote::session::CallBody;
use reqwest::Method;
use serde_json::json;

use super::common::{settle, shown, shown_containing};
use super::lab::{Lab, remove_namespace};
use super::{click, harness, open_cloud, save_cloud, wait_for};

#[test]
fn a_clouds_metadata_definitions_are_browsed_in_the_metadefs_tab() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let unique = lab.unique("mdtab");
    let u = unique.rsplit('-').next().unwrap().to_string();
    let namespace = format!("WB::Tab::{u}");
    let display = format!("Workbench tab {u}");
    admin
        .call(
            Method::POST,
            "metadefs/namespaces",
            &[],
            Some(CallBody::Json(json!({
                "namespace": namespace, "display_name": display, "visibility": "public",
                "description": "made by the window's metadefs test",
                "resource_type_associations": [{"name": "OS::Glance::Image", "prefix": "wb_"}],
                "properties": {format!("tier_{u}"): {"type": "string", "title": "Tier",
                    "description": "How fast", "enum": [format!("gold-{u}"), "silver"]}},
                "objects": [{"name": format!("Object {u}"), "description": "an object",
                    "required": [format!("size_{u}")],
                    "properties": {format!("size_{u}"): {"type": "integer", "title": "Size"}}}],
            }))),
            false,
        )
        .unwrap();
    let data = tempfile::tempdir().unwrap();
    let cloud = lab.unique("md");
    save_cloud(lab, data.path(), &cloud, "admin");
    let mut h = harness(data.path());
    open_cloud(&mut h, &cloud, Some(&lab.var("OS_PASSWORD")));
    wait_for(&mut h, "the cloud's listing", |h| {
        let remotes = &h.state().view.remotes;
        remotes.images.loaded_for.as_deref() == Some(cloud.as_str()) && !remotes.images.loading
    });
    h.get_by_label("Metadefs").click();
    settle(&mut h);
    wait_for(&mut h, "the namespaces", |h| shown(h, &display));
    // Glance's own catalog is there too (the lab loads its metadefs), with resource types.
    let listed = match &h.state().view.remotes.metadefs.namespaces {
        Some(Ok(list)) => list.clone(),
        other => panic!("{other:?}"),
    };
    assert!(listed.len() > 1, "{listed:?}");
    assert!(shown(&h, &namespace));
    assert!(shown_containing(&h, "OS::Glance::Image (wb_)"));

    click(&mut h, &display);
    wait_for(&mut h, "the namespace in full", |h| {
        shown_containing(h, &format!("(on images: wb_tier_{u})"))
    });
    assert!(
        shown(&h, &format!("gold-{u}, silver")),
        "the allowed values"
    );
    assert!(shown(&h, "Tier: How fast"));
    assert!(shown(&h, "Objects (1)"));
    click(&mut h, &format!("Object {u}"));
    wait_for(&mut h, "the object's properties", |h| {
        shown(h, &format!("size_{u}")) && shown(h, "integer")
    });
    assert!(shown(&h, &format!("Required: size_{u}")));
    remove_namespace(&admin, &namespace);
}
