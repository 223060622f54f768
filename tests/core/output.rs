//! The output formats of `openstack` (cliff) on `image list` and `image show` (issue #15):
//! `-f table|json|value|yaml|csv|shell`, `-c COLUMN`, `--prefix`, `--quote`, through the real
//! binary on a real data dir.

use super::*;

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A data dir with `cirros` (active, 4096 bytes, tags, a property with shell syntax) and
/// `empty,one` (queued, no data); returns cirros' id.
fn two_images(dir: &Path) -> (PathBuf, String) {
    let data = dir.join("data");
    let file = write_file(dir, "cirros.raw", &pattern(4096));
    let out = cli(
        &data,
        &[
            "image",
            "create",
            "cirros",
            "--disk-format",
            "raw",
            "--container-format",
            "bare",
            "--tag",
            "a",
            "--tag",
            "b\"c",
            "--property",
            "k=v$(id)",
            "--file",
            file.to_str().unwrap(),
            "-f",
            "value",
            "-c",
            "id",
        ],
    );
    let id = stdout(&out).trim().to_string();
    assert_eq!(id.len(), 36, "{id}");
    stdout(&cli(&data, &["image", "create", "empty,one"]));
    (data, id)
}

#[test]
fn image_list_in_every_format_and_with_columns() {
    let dir = tempfile::tempdir().unwrap();
    let (data, id) = two_images(dir.path());
    let list = |args: &[&str]| {
        let mut all = vec!["image", "list", "--sort", "name:asc"];
        all.extend_from_slice(args);
        stdout(&cli(&data, &all))
    };
    let empty_id = list(&["-f", "value", "-c", "ID"])
        .lines()
        .nth(1)
        .unwrap()
        .to_string();

    let table = list(&[]);
    assert!(
        table.contains("| ID ") && table.contains("| cirros "),
        "{table}"
    );

    // value: a row's values space-separated, one row a line.
    assert_eq!(
        list(&["-f", "value"]),
        format!("{id} cirros active\n{empty_id} empty,one queued\n")
    );
    // -c keeps the view's column order, whatever order it is given in.
    assert_eq!(
        list(&["-f", "value", "-c", "Status", "-c", "Name"]),
        "cirros active\nempty,one queued\n"
    );

    // csv: a header row; strings quoted, numbers and booleans not; `"` doubled.
    assert_eq!(
        list(&["-f", "csv"]),
        format!(
            "\"ID\",\"Name\",\"Status\"\n\"{id}\",\"cirros\",\"active\"\n\
             \"{empty_id}\",\"empty,one\",\"queued\"\n"
        )
    );
    let long = list(&[
        "--long",
        "-f",
        "csv",
        "-c",
        "Name",
        "-c",
        "Size",
        "-c",
        "Protected",
        "-c",
        "Tags",
    ]);
    assert_eq!(
        long,
        "\"Name\",\"Size\",\"Protected\",\"Tags\"\n\"cirros\",4096,false,\"a, b\"\"c\"\n\
         \"empty,one\",\"\",false,\"\"\n"
    );
    assert_eq!(
        list(&["-f", "csv", "--quote", "minimal", "-c", "Name"]),
        "Name\ncirros\n\"empty,one\"\n"
    );

    // yaml: a list of mappings keyed by the column names, keys sorted.
    let yaml = list(&[
        "--long", "-f", "yaml", "-c", "Name", "-c", "Size", "-c", "Tags",
    ]);
    assert_eq!(
        yaml,
        "- Name: cirros\n  Size: 4096\n  Tags:\n  - a\n  - b\"c\n- Name: empty,one\n  Size: null\n  Tags: []\n"
    );

    // shell of a list: one line of assignments per row.
    assert_eq!(
        list(&[
            "-f", "shell", "-c", "Name", "-c", "Status", "--prefix", "img_"
        ]),
        "img_name=\"cirros\" img_status=\"active\"\nimg_name=\"empty,one\" img_status=\"queued\"\n"
    );

    // json keeps Glance's field names; -c picks them by the shown or the Glance name.
    let json: serde_json::Value =
        serde_json::from_str(&list(&["-f", "json", "-c", "ID", "-c", "disk_format"])).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{"id": id, "disk_format": "raw"}, {"id": empty_id, "disk_format": null}])
    );

    // Unknown columns are ignored unless none is known: then cliff's error, exit 1.
    assert_eq!(
        list(&["-f", "value", "-c", "Name", "-c", "Nope"]),
        "cirros\nempty,one\n"
    );
    let out = cli(&data, &["image", "list", "-c", "Nope"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("No recognized column names in ['Nope']. Recognized columns are ['ID', 'Name', 'Status']."),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    // An empty list prints nothing in the line formats, the header in csv, [] in yaml.
    let none = |format: &str| {
        stdout(&cli(
            &data,
            &["image", "list", "--name", "nothing", "-f", format],
        ))
    };
    assert_eq!(none("value"), "");
    assert_eq!(none("shell"), "");
    assert_eq!(none("csv"), "\"ID\",\"Name\",\"Status\"\n");
    assert_eq!(none("yaml"), "[]\n");
}

#[test]
fn image_show_in_every_format_and_with_columns() {
    let dir = tempfile::tempdir().unwrap();
    let (data, id) = two_images(dir.path());
    let show = |args: &[&str]| {
        let mut all = vec!["image", "show", "cirros"];
        all.extend_from_slice(args);
        stdout(&cli(&data, &all))
    };
    let table = show(&["-c", "name", "-c", "size"]);
    assert!(
        table.contains("| Field ") && table.contains("| size  | 4096"),
        "{table}"
    );
    assert!(!table.contains("checksum"), "{table}");

    // value: one value a line, in field order.
    assert_eq!(
        show(&["-f", "value", "-c", "size", "-c", "id", "-c", "name"]),
        format!("{id}\ncirros\n4096\n")
    );
    let every = show(&["-f", "value"]);
    assert_eq!(every.lines().count(), 20, "{every}");

    // yaml: a mapping in field order, typed values.
    assert_eq!(
        show(&[
            "-f",
            "yaml",
            "-c",
            "name",
            "-c",
            "protected",
            "-c",
            "size",
            "-c",
            "tags",
            "-c",
            "checksum"
        ]),
        format!(
            "checksum: {}\nname: cirros\nprotected: false\nsize: 4096\ntags:\n- a\n- b\"c\n",
            md5_hex(&pattern(4096))
        )
    );

    // shell: name="value" lines with --prefix; an eval assigns the text and runs nothing.
    let shell = show(&["-f", "shell", "--prefix", "img_"]);
    assert!(shell.contains(&format!("img_id=\"{id}\"\n")), "{shell}");
    assert!(
        shell.contains("img_properties=\"k='v\\$(id)'\"\n"),
        "{shell}"
    );
    assert!(shell.contains("img_tags=\"a, b\\\"c\"\n"), "{shell}");
    let script =
        format!("{shell}\nprintf '%s|%s|%s' \"$img_properties\" \"$img_tags\" \"$img_size\"");
    let evaluated = Command::new("sh").arg("-c").arg(&script).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&evaluated.stdout),
        "k='v$(id)'|a, b\"c|4096"
    );

    // csv of a record: the field names as the header, one row.
    assert_eq!(
        show(&[
            "-f",
            "csv",
            "-c",
            "name",
            "-c",
            "min_disk",
            "-c",
            "os_hidden"
        ]),
        "\"min_disk\",\"name\",\"os_hidden\"\n0,\"cirros\",false\n"
    );

    // json: Glance's fields, exact; -c picks fields.
    let json: serde_json::Value =
        serde_json::from_str(&show(&["-f", "json", "-c", "id", "-c", "size", "-c", "k"])).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"id": id, "size": 4096, "k": "v$(id)"})
    );
    let out = cli(
        &data,
        &["image", "show", "cirros", "-f", "json", "-c", "Nope"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No recognized column names"));
}

fn md5_hex(bytes: &[u8]) -> String {
    use md5::Digest;
    hex_string(&md5::Md5::digest(bytes))
}

fn hex_string(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
