//! The window's cloud form beyond password and application credential (issue #13): a
//! `v3token` cloud added with its token typed like a password (tested, saved, browsed; the
//! token never on screen, in the clouds file or anywhere in the data dir, SQLite included),
//! and a cloud whose definition lists `regions:` edited through the Region picker, with a
//! client certificate and key (real PEM files made by openssl) saved with it.

use std::path::Path;

use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use glance_workbench::backend::remote::config::{self, AuthType, Clouds};

use super::common::{settle, shown, shown_containing, type_into};
use super::lab::Lab;
use super::{click, harness, screen_text, wait_for};

/// Whether any file under `dir` holds `needle`.
fn any_file_holds(dir: &Path, needle: &str) -> Option<String> {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if let Some(found) = any_file_holds(&path, needle) {
                return Some(found);
            }
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        {
            return Some(path.display().to_string());
        }
    }
    None
}

#[test]
fn a_token_cloud_is_added_in_the_form_with_its_token_kept_out_of_files() {
    let Some(lab) = Lab::get() else { return };
    // A real token of the lab's admin, scoped to project admin.
    let admin = lab.admin();
    admin.authenticate().unwrap();
    let token = admin.current_token().unwrap().expose().to_string();
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    let name = lab.unique("token");
    h.get_by_label("Remotes").click();
    settle(&mut h);
    h.get_by_label("Add cloud…").click();
    wait_for(&mut h, "the cloud form", |h| shown(h, "Cloud name"));
    type_into(&mut h, "Cloud name", &name);
    type_into(&mut h, "Auth URL", &lab.var("OS_AUTH_URL"));
    click(&mut h, "Keystone token");
    // A token names its user: no user fields, the project stays.
    assert!(!shown(&h, "User name") && !shown(&h, "User domain"));
    type_into(&mut h, "Project name", "admin");
    type_into(&mut h, "Region", "RegionOne");
    // The token field is the secret's (masked), labelled as such.
    let form = h.state().view.remotes.forms.form.as_ref().unwrap();
    assert_eq!(form.auth_type, AuthType::Token);
    type_into(&mut h, "Token", &token);
    click(&mut h, "Test connection");
    wait_for(&mut h, "the test", |h| {
        shown_containing(h, "Token valid until")
    });
    assert!(shown(&h, "Connected"));
    assert!(!screen_text(&h).contains(&token), "the token shows");
    click(&mut h, "Save cloud");
    wait_for(&mut h, "the saved cloud's listing", |h| {
        let remotes = &h.state().view.remotes;
        remotes.forms.form.is_none()
            && remotes.images.loaded_for.as_deref() == Some(name.as_str())
            && !remotes.images.loading
    });
    assert!(
        h.state().view.remotes.images.error.is_none(),
        "{:?}",
        h.state().view.remotes.images.error
    );
    assert!(h.state().view.remotes.forms.prompt.is_none());
    // Saved through cloud add's function: v3token, the project, no token anywhere on disk.
    let clouds = Clouds::load(Some(data.path())).unwrap();
    let saved = clouds.pick(Some(&name)).unwrap();
    assert_eq!(saved.auth_type, AuthType::Token);
    assert_eq!(saved.project_name.as_deref(), Some("admin"));
    assert_eq!(saved.username, None);
    assert!(saved.secret.is_none());
    let file = std::fs::read_to_string(config::workbench_clouds_file(data.path())).unwrap();
    assert!(file.contains("auth_type: v3token"), "{file}");
    assert_eq!(
        any_file_holds(data.path(), &token),
        None,
        "a file holds the token"
    );
    assert!(!screen_text(&h).contains(&token));
}

/// A self-signed client certificate and its key, made by openssl: (cert, key).
fn client_pem(dir: &Path) -> (String, String) {
    let cert = dir.join("client.pem");
    let key = dir.join("client.key");
    let out = std::process::Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=workbench-test"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    (cert.display().to_string(), key.display().to_string())
}

#[test]
fn a_cloud_with_regions_is_edited_through_the_region_picker_with_a_client_cert() {
    let Some(lab) = Lab::get() else { return };
    let data = tempfile::tempdir().unwrap();
    let name = lab.unique("regions");
    // As an admin writes it: two regions, none chosen (the first is used).
    let file = config::workbench_clouds_file(data.path());
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(
        &file,
        format!(
            "clouds:\n  {name}:\n    auth:\n      auth_url: {}\n      username: admin\n      \
             project_name: admin\n      user_domain_name: Default\n      \
             project_domain_name: Default\n    regions: [RegionTwo, RegionOne]\n",
            lab.var("OS_AUTH_URL")
        ),
    )
    .unwrap();
    let (cert, key) = client_pem(data.path());
    let mut h = harness(data.path());
    h.get_by_label("Remotes").click();
    wait_for(&mut h, "the clouds", |h| shown(h, &name));
    h.get_by_label(&name).click();
    settle(&mut h);
    // No secret known: the prompt; decline it and edit the cloud instead.
    wait_for(&mut h, "the secret prompt", |h| {
        h.state().view.remotes.forms.prompt.is_some()
    });
    h.get_by_label("Cancel").click();
    settle(&mut h);
    h.get_by_label("Edit…").click();
    wait_for(&mut h, "the edit form", |h| shown(h, "Edit cloud"));
    // The regions are listed, and the Region is a picker showing the first as the default.
    // Read without a choice, the definition is in its first region: the picker shows it.
    let form = h.state().view.remotes.forms.form.as_ref().unwrap();
    assert_eq!(form.regions, "RegionTwo, RegionOne");
    assert_eq!(form.region, "RegionTwo");
    let picker = h
        .query_all_by_label("Region")
        .find(|n| n.accesskit_node().role() == egui::Role::ComboBox)
        .expect("the Region picker");
    let node = picker.accesskit_node();
    let shows = [node.label(), node.value()]
        .into_iter()
        .flatten()
        .any(|t| t.contains("RegionTwo"))
        || screen_text(&h).contains("RegionTwo");
    assert!(shows, "the picker shows the region");
    assert_eq!(
        h.get_all_by_label("Browse…").count(),
        3,
        "a picker per path"
    );
    h.query_all_by_label("Region")
        .find(|n| n.accesskit_node().role() == egui::Role::ComboBox)
        .expect("the Region picker")
        .click();
    settle(&mut h);
    click(&mut h, "RegionOne");
    assert_eq!(
        h.state().view.remotes.forms.form.as_ref().unwrap().region,
        "RegionOne"
    );
    type_into(&mut h, "Client certificate", &cert);
    type_into(&mut h, "Client key", &key);
    type_into(&mut h, "Password", &lab.var("OS_PASSWORD"));
    click(&mut h, "Test connection");
    wait_for(&mut h, "the test", |h| {
        shown_containing(h, "Token valid until")
    });
    click(&mut h, "Save cloud");
    wait_for(&mut h, "the saved cloud's listing", |h| {
        let remotes = &h.state().view.remotes;
        remotes.forms.form.is_none()
            && remotes.images.loaded_for.as_deref() == Some(name.as_str())
            && !remotes.images.loading
    });
    assert!(
        h.state().view.remotes.images.error.is_none(),
        "{:?}",
        h.state().view.remotes.images.error
    );
    let saved = Clouds::load(Some(data.path()))
        .unwrap()
        .pick(Some(&name))
        .unwrap();
    assert_eq!(saved.regions, vec!["RegionTwo", "RegionOne"]);
    assert_eq!(saved.region_name.as_deref(), Some("RegionOne"));
    assert_eq!(saved.cert.as_deref(), Some(Path::new(&cert)));
    assert_eq!(saved.key.as_deref(), Some(Path::new(&key)));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains(&lab.var("OS_PASSWORD")), "{text}");
}
