//! A cloud's metadata definitions (issue #13): the lab loads Glance's default catalog, so
//! the image catalog is non-empty and carries the prefixes images use; a namespace the test
//! adds (a cloud-only enum value) shows in a new session's catalog (a session reads the
//! catalog once), in `remote metadef list` and `remote metadef show` (JSON and table).

use glance_workbench::backend::metadefs::{CatalogOrigin, PropertyCatalog};
use serde_json::Value;

use super::lab::{Lab, add_namespace, remove_namespace};

fn cli_json(lab: &Lab, args: &[&str]) -> Value {
    let out = lab.cli(args, &[]).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_cloud_catalog_is_read_once_per_session_and_listed_and_shown() {
    let Some(lab) = Lab::get() else { return };
    let admin = lab.admin();
    let metadefs = admin.image_metadefs().unwrap();
    assert!(
        !metadefs.namespaces.is_empty(),
        "the lab loads Glance's default metadefs"
    );
    let catalog = metadefs.property_catalog();
    assert_eq!(catalog.origin, CatalogOrigin::Cloud("envvars".into()));
    // OS::Compute::Watchdog's watchdog_action, with the hw_ prefix images use.
    let watchdog = catalog.known("hw_watchdog_action").unwrap();
    assert!(
        watchdog.allowed.iter().any(|v| v == "poweroff"),
        "{watchdog:?}"
    );
    // A cloud-only key: the built-in table does not have it.
    assert!(catalog.known("hw_cpu_policy").is_some());
    assert!(PropertyCatalog::builtin().known("hw_cpu_policy").is_none());

    let (namespace, key, value) = add_namespace(&admin, &lab.unique("metadef"));
    // The first session keeps what it read; a new one sees the namespace.
    assert!(
        admin
            .image_metadefs()
            .unwrap()
            .property_catalog()
            .known(&key)
            .is_none()
    );
    let fresh = lab.admin().image_metadefs().unwrap().property_catalog();
    assert_eq!(fresh.value_choices(&key), [value.as_str(), "silver"]);
    let warning = fresh.value_warning(&key, "bronze").unwrap();
    assert!(
        warning.contains("cloud envvars's metadata definitions"),
        "{warning}"
    );

    let listed = cli_json(
        lab,
        &[
            "-f",
            "json",
            "remote",
            "metadef",
            "list",
            "--resource-type",
            "OS::Glance::Image",
            "--cloud",
            "envvars",
        ],
    );
    let entry = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["namespace"] == namespace.as_str())
        .unwrap();
    assert_eq!(entry["resource_type_associations"][0]["prefix"], "wb_");
    let shown = cli_json(
        lab,
        &[
            "-f", "json", "remote", "metadef", "show", &namespace, "--cloud", "envvars",
        ],
    );
    assert_eq!(shown["properties"][0]["image_key"], key.as_str());
    assert_eq!(shown["properties"][0]["enum"][0], value.as_str());
    let table = lab
        .cli(
            &[
                "remote", "metadef", "show", &namespace, "--cloud", "envvars",
            ],
            &[],
        )
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains(&key) && text.contains(&value), "{text}");
    remove_namespace(&admin, &namespace);
}
