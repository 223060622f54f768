//! A `v3totp` cloud in the window (issue #13): it shows as such, its passcode is asked for
//! through the secret prompt each time the cloud is connected, and the cloud opens with it.

use egui_kittest::kittest::Queryable;
use glance_workbench::backend::remote::config::{self, AuthType, CloudConfig, CloudSource};
use glance_workbench::backend::remote::session::CallBody;
use reqwest::Method;
use serde_json::json;

use super::common::{settle, shown};
use super::lab::Lab;
use super::{harness, open_cloud, wait_for};

/// A user in project demo with a TOTP credential at the lab's Keystone: (name, base32 secret).
fn totp_user(lab: &Lab) -> (String, String) {
    let admin = lab.admin();
    let call = |method: Method, path: &str, body: Option<serde_json::Value>| {
        let url = format!("{}{path}", lab.var("OS_AUTH_URL"));
        admin
            .call(method, &url, &[], body.map(CallBody::Json), false)
            .unwrap()
            .json
    };
    let name = lab.unique("gui-totp");
    let user = call(
        Method::POST,
        "/users",
        Some(json!({"user": {"name": name, "domain_id": "default"}})),
    );
    let id = user["user"]["id"].as_str().unwrap().to_string();
    let role = call(Method::GET, "/roles?name=member", None)["roles"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let grant = format!("/projects/{}/users/{id}/roles/{role}", lab.demo_project_id);
    call(Method::PUT, &grant, None);
    // 32 base32 characters: 20 random bytes.
    let secret: String = uuid::Uuid::new_v4()
        .simple()
        .to_string()
        .chars()
        .chain(uuid::Uuid::new_v4().simple().to_string().chars())
        .take(32)
        .map(|c| match c {
            '0'..='9' => (b'2' + (c as u8 - b'0') % 6) as char,
            _ => c.to_ascii_uppercase(),
        })
        .collect();
    call(
        Method::POST,
        "/credentials",
        Some(json!({"credential": {"type": "totp", "user_id": id, "blob": secret}})),
    );
    (name, secret)
}

/// The current passcode (RFC 6238), computed by the lab's Python.
fn passcode(lab: &Lab, secret: &str) -> String {
    let python = std::path::Path::new(&lab.var("LAB_VENV")).join("bin/python");
    let script = "import base64,hmac,hashlib,struct,sys,time\n\
        k=base64.b32decode(sys.argv[1])\n\
        d=hmac.new(k,struct.pack('>Q',int(time.time())//30),hashlib.sha1).digest(); o=d[-1]&15\n\
        print('%06d'%((struct.unpack('>I',d[o:o+4])[0]&0x7fffffff)%1000000))";
    let out = std::process::Command::new(python)
        .args(["-c", script, secret])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn a_totp_cloud_is_shown_and_its_passcode_asked_for_each_connection() {
    let Some(lab) = Lab::get() else { return };
    let Some(url) = lab.env.get("LAB_TOTP_AUTH_URL").cloned() else {
        assert!(
            std::env::var("GLANCE_LAB_REQUIRED").is_err(),
            "the lab has no TOTP Keystone (LAB_TOTP_AUTH_URL)"
        );
        return;
    };
    let (user, secret) = totp_user(lab);
    let data = tempfile::tempdir().unwrap();
    let name = lab.unique("mfa");
    let mut cloud = CloudConfig::new_password(&name, &url, &user, "demo");
    cloud.auth_type = AuthType::Totp;
    cloud.region_name = Some("RegionOne".into());
    cloud.source = CloudSource::Workbench(config::workbench_clouds_file(data.path()));
    config::save_workbench_cloud(data.path(), &cloud).unwrap();
    for round in 0..2 {
        // A fresh window each round: nothing of the last passcode is left to use.
        let mut h = harness(data.path());
        open_cloud(&mut h, &name, None);
        wait_for(&mut h, "the passcode prompt", |h| {
            h.state().view.remotes.forms.prompt.is_some()
        });
        assert!(
            shown(
                &h,
                &format!("TOTP passcode for cloud \"{name}\" (used once to connect, never kept):")
            ),
            "round {round}"
        );
        super::common::type_into(&mut h, "Secret", &passcode(lab, &secret));
        h.get_by_label("Connect").click();
        settle(&mut h);
        wait_for(&mut h, "the cloud's listing", |h| {
            let remotes = &h.state().view.remotes;
            remotes.images.loaded_for.as_deref() == Some(name.as_str()) && !remotes.images.loading
        });
        assert!(
            h.state().view.remotes.images.error.is_none(),
            "{:?}",
            h.state().view.remotes.images.error
        );
        assert!(h.state().view.remotes.forms.prompt.is_none());
        assert!(
            shown(&h, &format!("v3totp · {user}")),
            "the auth type and user"
        );
        assert!(shown(
            &h,
            "TOTP passcode: asked for each connection, never kept"
        ));
    }
}
