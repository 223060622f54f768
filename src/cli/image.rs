//! Handlers of the `image`, `task` and `config` commands.

use std::io::Write;

use serde_json::{Value, json};

use crate::backend::inspection;
use crate::backend::model::{ContainerFormat, DiskFormat, ImageStatus, MemberStatus, Visibility};
use crate::backend::query::{ListQuery, VisibilityFilter, parse_sort};
use crate::backend::validate::split_property;
use crate::backend::{Catalog, Error, ErrorKind, Image, ImageUpdate, NewImage, Result};
use crate::cli::args::{
    AddRemove, ConfigCommand, CreateArgs, FieldArgs, ImageCommand, ListArgs, MemberCommand,
    OutputFormat, SetArgs, TaskCommand,
};
use crate::cli::convert;
use crate::cli::output::{self, print_json};
use crate::cli::progress;
use crate::display::escape;
use crate::tr;

fn print_image(image: &Image, format: OutputFormat) {
    match format {
        OutputFormat::Json => print_json(&image_json(image)),
        OutputFormat::Table => println!("{}", output::image_table(image)),
    }
}

/// Glance's JSON of an image, plus `damaged` (why its stored data failed its check) when it
/// did: a local mark, never sent to a cloud.
fn image_json(image: &Image) -> Value {
    let mut value = image.to_glance_json();
    if let (Some(reason), Some(object)) = (&image.damaged, value.as_object_mut()) {
        object.insert("damaged".into(), Value::String(reason.clone()));
    }
    value
}

fn visibility_of(fields: &FieldArgs) -> Result<Option<Visibility>> {
    Ok(if fields.public {
        Some(Visibility::Public)
    } else if fields.private {
        Some(Visibility::Private)
    } else if fields.community {
        Some(Visibility::Community)
    } else if fields.shared {
        Some(Visibility::Shared)
    } else {
        fields.visibility.as_deref().map(str::parse).transpose()?
    })
}

fn flag_pair(on: bool, off: bool) -> Option<bool> {
    match (on, off) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    }
}

fn parse_properties(items: &[String]) -> Result<Vec<(String, String)>> {
    items.iter().map(|p| split_property(p)).collect()
}

/// Run an `image …` command.
pub fn run(catalog: &Catalog, command: ImageCommand, format: OutputFormat) -> Result<()> {
    match command {
        ImageCommand::Create(args) => create(catalog, args, format),
        ImageCommand::Upload { image, file } => {
            let image = catalog.resolve(&image)?;
            let uploaded = if file.as_os_str() == "-" {
                upload_stdin(catalog, &image)
            } else {
                progress::job_shown(
                    &format!("uploading {}", image.label()),
                    &tr!("cli-progress-uploading", name = image.label()),
                    |job| catalog.upload_file(image.id, &file, job),
                )
            };
            print_image(&uploaded?, format);
            Ok(())
        }
        ImageCommand::List(args) => list(catalog, args, format),
        ImageCommand::Show { image } => {
            print_image(&catalog.resolve(&image)?, format);
            Ok(())
        }
        ImageCommand::Set(args) => set(catalog, args, format),
        ImageCommand::Unset {
            image,
            properties,
            tags,
        } => {
            let image = catalog.resolve(&image)?;
            let update = ImageUpdate {
                remove_properties: properties,
                remove_tags: tags,
                ..Default::default()
            };
            if update.is_empty() {
                return Err(Error::invalid("image unset", tr!("cli-unset-nothing")));
            }
            catalog.update_image(image.id, &update)?;
            Ok(())
        }
        ImageCommand::Delete { images } => delete(catalog, &images),
        ImageCommand::Restore { image } => {
            let image = catalog.resolve(&image)?;
            print_image(&catalog.restore(image.id)?, format);
            Ok(())
        }
        ImageCommand::Save { image, file } => {
            let image = catalog.resolve(&image)?;
            let log = format!("saving {}", image.label());
            let shown = tr!("cli-progress-saving", name = image.label());
            progress::job_shown(&log, &shown, |job| match &file {
                Some(path) => catalog.save_to_file(image.id, path, job),
                None => {
                    let stdout = std::io::stdout();
                    let mut lock = stdout.lock();
                    catalog.save(image.id, &mut lock, job).and_then(|d| {
                        lock.flush()
                            .map_err(|e| Error::io("cannot write", "stdout", e))?;
                        Ok(d)
                    })
                }
            })?;
            Ok(())
        }
        ImageCommand::Add(AddRemove::Project { image, project }) => {
            let image = catalog.resolve(&image)?;
            let member = catalog.add_member(image.id, &project)?;
            match format {
                OutputFormat::Json => print_json(&member.to_glance_json()),
                OutputFormat::Table => println!("{}", output::member_table(&[member])),
            }
            Ok(())
        }
        ImageCommand::Remove(AddRemove::Project { image, project }) => {
            let image = catalog.resolve(&image)?;
            catalog.remove_member(image.id, &project)
        }
        ImageCommand::Member(MemberCommand::List { image }) => {
            let image = catalog.resolve(&image)?;
            let members = catalog.members(image.id)?;
            match format {
                OutputFormat::Json => print_json(&Value::Array(
                    members.iter().map(|m| m.to_glance_json()).collect(),
                )),
                OutputFormat::Table => println!("{}", output::member_table(&members)),
            }
            Ok(())
        }
        ImageCommand::History { image } => {
            let image = catalog.resolve(&image)?;
            let history = catalog.history(image.id)?;
            match format {
                OutputFormat::Json => {
                    print_json(&Value::Array(history.iter().map(|t| t.to_json()).collect()))
                }
                OutputFormat::Table => println!("{}", output::history_table(&history)),
            }
            Ok(())
        }
        ImageCommand::Inspect { files, guest } if guest => {
            crate::cli::guest::inspect(catalog, &files, format)
        }
        ImageCommand::Inspect { files, .. } => inspect(catalog, &files, format),
        ImageCommand::Convert(args) => convert::convert(catalog, args, format),
        ImageCommand::CreateBlank {
            name,
            size,
            disk_format,
            target,
        } => convert::create_blank(catalog, &name, &size, &disk_format, &target, format),
        ImageCommand::Resize {
            image,
            size,
            shrink,
            name,
        } => convert::resize(catalog, &image, &size, shrink, name, format),
        ImageCommand::Check { image } => convert::check(catalog, &image, format),
        ImageCommand::Measure { source, to, target } => {
            convert::measure(catalog, &source, &to, &target, format)
        }
        ImageCommand::Info { source } => convert::info(catalog, &source, format),
        ImageCommand::Verify { images } => verify(catalog, &images, format),
        ImageCommand::Recover { id, all, name } => recover(catalog, id, all, name, format),
        ImageCommand::Scrub { all } => {
            let scrubbed = catalog.scrub(all)?;
            match format {
                OutputFormat::Json => print_json(&json!({ "scrubbed": scrubbed })),
                OutputFormat::Table => {
                    println!("{}", tr!("cli-scrubbed", count = scrubbed.len()));
                }
            }
            Ok(())
        }
    }
}

fn verify(catalog: &Catalog, images: &[String], format: OutputFormat) -> Result<()> {
    let mut results = Vec::new();
    for name in images {
        let image = catalog.resolve(name)?;
        let report = progress::job_shown(
            &format!("verifying {}", image.label()),
            &tr!("cli-progress-verifying", name = image.label()),
            |job| catalog.verify_image(image.id, job),
        )?;
        if format == OutputFormat::Table {
            let name = escape(&image.label()).into_owned();
            let size = report.size_bytes.to_string();
            let line = if report.was_damaged {
                tr!("cli-verified-cleared", name = name, size = size)
            } else {
                tr!("cli-verified", name = name, size = size)
            };
            println!("{line}");
        }
        results.push(json!({"id": image.id, "size": report.size_bytes, "verified": true}));
    }
    if format == OutputFormat::Json {
        print_json(&Value::Array(results));
    }
    Ok(())
}

fn recover(
    catalog: &Catalog,
    id: Option<String>,
    all: bool,
    name: Option<String>,
    format: OutputFormat,
) -> Result<()> {
    let lost = catalog.lost_files()?;
    let ids: Vec<crate::backend::ImageId> = match (&id, all) {
        (Some(id), _) => vec![id.parse().map_err(|_| {
            Error::invalid(tr!("cli-subject-image-id", id = id), tr!("cli-not-a-uuid"))
        })?],
        (None, true) => lost.iter().filter_map(|f| f.image_id).collect(),
        (None, false) => {
            match format {
                OutputFormat::Json => print_json(&Value::Array(
                    lost.iter()
                        .map(|f| {
                            json!({
                                "id": f.image_id,
                                "path": f.path.display().to_string(),
                                "size": f.size_bytes,
                            })
                        })
                        .collect(),
                )),
                OutputFormat::Table if lost.is_empty() => println!(
                    "{}",
                    tr!(
                        "cli-recover-nothing",
                        path = catalog.blob_store().lost_found_dir()
                    )
                ),
                OutputFormat::Table => {
                    for file in &lost {
                        match file.image_id {
                            Some(id) => println!(
                                "{}",
                                tr!(
                                    "cli-recover-lost-file",
                                    id = id.to_string(),
                                    size = file.size_bytes.to_string()
                                )
                            ),
                            None => println!(
                                "{}",
                                tr!(
                                    "cli-recover-lost-file-no-id",
                                    path = escape(&file.path.display().to_string()).into_owned(),
                                    size = file.size_bytes.to_string()
                                )
                            ),
                        }
                    }
                }
            }
            return Ok(());
        }
    };
    let mut recovered = Vec::new();
    for image_id in ids {
        let image = progress::job_shown(
            &format!("recovering {image_id}"),
            &tr!("cli-progress-recovering", id = image_id.to_string()),
            |job| catalog.recover_lost(image_id, name.clone(), job),
        )?;
        recovered.push(image);
    }
    match format {
        OutputFormat::Json => print_json(&Value::Array(recovered.iter().map(image_json).collect())),
        OutputFormat::Table => {
            for image in &recovered {
                println!(
                    "{}",
                    tr!(
                        "cli-recovered",
                        id = image.id.to_string(),
                        name = escape(&image.label()).into_owned(),
                        format = image.disk_format.map(|f| f.as_str()).unwrap_or("?"),
                        size = image.size_bytes.unwrap_or(0).to_string()
                    )
                );
            }
        }
    }
    Ok(())
}

/// `image delete IMAGE...`: one image's failure is returned as it is (main prints it once);
/// with several images each failure is printed as it happens and a count is returned.
fn delete(catalog: &Catalog, images: &[String]) -> Result<()> {
    let delete_one = |name: &String| {
        catalog
            .resolve(name)
            .and_then(|i| catalog.delete(i.id))
            .map(drop)
    };
    if let [only] = images {
        return delete_one(only);
    }
    let (mut failed, mut internal) = (0, false);
    for name in images {
        if let Err(e) = delete_one(name) {
            eprintln!("{}", crate::cli::error_line(&e));
            failed += 1;
            internal |= e.kind() == ErrorKind::Internal;
        }
    }
    if failed == 0 {
        return Ok(());
    }
    let problem = tr!(
        "cli-delete-failed",
        failed = failed.to_string(),
        count = images.len()
    );
    // The exit code follows the worst failure: an internal one is not the user's to fix.
    Err(if internal {
        Error::Internal(format!("image delete: {problem}"))
    } else {
        Error::invalid("image delete", problem)
    })
}

fn inspect(catalog: &Catalog, files: &[std::path::PathBuf], format: OutputFormat) -> Result<()> {
    let opts = catalog.inspect_options();
    let mut reports = Vec::new();
    let mut unsafe_files = 0;
    for file in files {
        let inspection = inspection::inspect_file(file, &opts)?;
        unsafe_files += usize::from(!inspection.is_safe());
        reports.push((file.display().to_string(), inspection));
    }
    match format {
        OutputFormat::Json => {
            let values: Vec<Value> = reports
                .iter()
                .map(|(file, inspection)| {
                    let mut value = serde_json::to_value(inspection).unwrap_or(Value::Null);
                    if let Value::Object(map) = &mut value {
                        map.insert("file".into(), Value::String(file.clone()));
                        map.insert("safe".into(), Value::Bool(inspection.is_safe()));
                        map.insert("description".into(), Value::String(inspection.describe()));
                    }
                    value
                })
                .collect();
            print_json(&Value::Array(values));
        }
        OutputFormat::Table => {
            for (file, inspection) in &reports {
                println!("{}", output::inspection_table(file, inspection));
            }
        }
    }
    if unsafe_files > 0 {
        return Err(Error::forbidden(
            "image inspect",
            tr!(
                "cli-inspect-unsafe-count",
                unsafe_count = unsafe_files.to_string(),
                count = files.len()
            ),
        ));
    }
    Ok(())
}

/// With `--disk-format auto`, the formats the file's content has (refusing unsafe files).
fn auto_formats(
    catalog: &Catalog,
    args: &CreateArgs,
) -> Result<(Option<DiskFormat>, Option<ContainerFormat>)> {
    let fields = &args.fields;
    let declared_container = fields
        .container_format
        .as_deref()
        .map(str::parse::<ContainerFormat>)
        .transpose()?;
    if fields.disk_format.as_deref() != Some("auto") {
        let disk = fields
            .disk_format
            .as_deref()
            .map(str::parse::<DiskFormat>)
            .transpose()?;
        return Ok((disk, declared_container));
    }
    let subject = format!("image \"{}\"", args.name);
    let Some(path) = args.file.as_ref().filter(|p| p.as_os_str() != "-") else {
        return Err(Error::invalid(
            tr!("cli-subject-image", name = args.name.as_str()),
            tr!("cli-auto-needs-file"),
        ));
    };
    let (found, disk, container) =
        inspection::detect_formats(&subject, path, &catalog.inspect_options())?;
    eprintln!(
        "{}",
        tr!(
            "cli-detected-formats",
            found = found.described(),
            disk_format = disk.as_str(),
            container_format = declared_container.unwrap_or(container).as_str()
        )
    );
    Ok((Some(disk), Some(declared_container.unwrap_or(container))))
}

fn create(catalog: &Catalog, args: CreateArgs, format: OutputFormat) -> Result<()> {
    let (disk_format, container_format) = auto_formats(catalog, &args)?;
    let fields = &args.fields;
    if fields.unprotected && fields.protected {
        return Err(Error::invalid(
            "image create",
            tr!("cli-protected-conflict"),
        ));
    }
    let new = NewImage {
        id: args
            .id
            .as_deref()
            .map(|id| {
                id.parse().map_err(|_| {
                    Error::invalid(tr!("cli-subject-image-id", id = id), tr!("cli-not-a-uuid"))
                })
            })
            .transpose()?,
        name: Some(args.name.clone()),
        disk_format,
        container_format,
        visibility: visibility_of(fields)?,
        protected: fields.protected,
        os_hidden: fields.hidden,
        min_disk_gib: fields.min_disk.unwrap_or(0),
        min_ram_mib: fields.min_ram.unwrap_or(0),
        tags: fields.tags.clone(),
        properties: parse_properties(&fields.properties)?,
        owner: None,
    };
    let image = match &args.file {
        Some(path) if path.as_os_str() == "-" => {
            if args.from_inspection {
                return Err(Error::invalid(
                    tr!("cli-subject-image", name = args.name.as_str()),
                    tr!("cli-from-inspection-needs-file"),
                ));
            }
            if new.disk_format.is_none() || new.container_format.is_none() {
                return Err(Error::invalid(
                    tr!("cli-subject-image", name = args.name.as_str()),
                    tr!("cli-formats-needed"),
                ));
            }
            let image = catalog.create_image(new)?;
            upload_stdin(catalog, &image)?
        }
        Some(path) => {
            // The library checks and inspects the file before it creates anything, so a
            // refused source leaves no image behind.
            progress::job_shown(
                &format!("uploading {}", args.name),
                &tr!("cli-progress-uploading", name = args.name.as_str()),
                |job| catalog.import_file(new, path, args.from_inspection, job, &mut |_| {}),
            )?
        }
        None => catalog.create_image(new)?,
    };
    print_image(&image, format);
    Ok(())
}

/// `--file -`: upload standard input as a stream (the one way to upload from a device or a
/// program), stopped at the catalog's image_size_cap_bytes.
fn upload_stdin(catalog: &Catalog, image: &Image) -> Result<Image> {
    progress::job_shown(
        &format!("uploading {}", image.label()),
        &tr!("cli-progress-uploading", name = image.label()),
        |job| {
            let stdin = std::io::stdin();
            catalog.upload(image.id, &mut stdin.lock(), "standard input", job)
        },
    )
}

fn set(catalog: &Catalog, args: SetArgs, format: OutputFormat) -> Result<()> {
    let image = catalog.resolve(&args.image)?;
    let fields = &args.fields;
    let update = ImageUpdate {
        name: args.name.clone(),
        visibility: visibility_of(fields)?,
        protected: flag_pair(fields.protected, fields.unprotected),
        os_hidden: flag_pair(fields.hidden, fields.unhidden),
        min_disk_gib: fields.min_disk,
        min_ram_mib: fields.min_ram,
        disk_format: fields.disk_format.as_deref().map(str::parse).transpose()?,
        container_format: fields
            .container_format
            .as_deref()
            .map(str::parse)
            .transpose()?,
        set_properties: parse_properties(&fields.properties)?,
        add_tags: fields.tags.clone(),
        ..Default::default()
    };
    let member_status = if args.accept {
        Some(MemberStatus::Accepted)
    } else if args.reject {
        Some(MemberStatus::Rejected)
    } else if args.pending {
        Some(MemberStatus::Pending)
    } else {
        None
    };
    let lifecycle = args.deactivate || args.activate;
    if args.from_inspection_dry_run {
        if !update.is_empty() || member_status.is_some() || lifecycle {
            return Err(Error::invalid(
                tr!("cli-subject-image", name = image.label()),
                tr!("cli-dry-run-alone"),
            ));
        }
        return crate::cli::guest::dry_run(catalog, &image, format);
    }
    if update.is_empty() && member_status.is_none() && !lifecycle && !args.from_inspection {
        return Err(Error::invalid(
            tr!("cli-subject-image", name = image.label()),
            tr!("cli-set-nothing"),
        ));
    }
    if !update.is_empty() {
        catalog.update_image(image.id, &update)?;
    }
    if args.deactivate {
        catalog.deactivate(image.id)?;
    }
    if args.activate {
        catalog.reactivate(image.id)?;
    }
    if args.from_inspection {
        crate::cli::guest::apply(catalog, &image, &args.suggestions, format)?;
    }
    if let (Some(status), Some(project)) = (member_status, &args.project) {
        let member = catalog.set_member_status(image.id, project, status)?;
        if format == OutputFormat::Json {
            print_json(&member.to_glance_json());
        }
    }
    Ok(())
}

fn list(catalog: &Catalog, args: ListArgs, format: OutputFormat) -> Result<()> {
    let mut statuses = Vec::new();
    for status in &args.statuses {
        let list = status.strip_prefix("in:").unwrap_or(status);
        for one in list.split(',').filter(|s| !s.is_empty()) {
            statuses.push(one.parse::<ImageStatus>()?);
        }
    }
    let query = ListQuery {
        name: args.name,
        statuses,
        visibility: args
            .visibility
            .as_deref()
            .map(str::parse::<VisibilityFilter>)
            .transpose()?
            .unwrap_or_default(),
        tags: args.tags,
        properties: parse_properties(&args.properties)?,
        owner: args.owner,
        disk_format: args.disk_format.as_deref().map(str::parse).transpose()?,
        container_format: args
            .container_format
            .as_deref()
            .map(str::parse)
            .transpose()?,
        os_hidden: Some(args.hidden),
        protected: flag_pair(args.protected, args.unprotected),
        sort: args
            .sort
            .as_deref()
            .map(parse_sort)
            .transpose()?
            .unwrap_or_default(),
        limit: args.limit,
        marker: args
            .marker
            .as_deref()
            .map(|m| {
                m.parse().map_err(|_| {
                    Error::invalid(
                        tr!("cli-subject-marker", marker = m),
                        tr!("cli-not-an-image-id"),
                    )
                })
            })
            .transpose()?,
        ..Default::default()
    };
    let images = catalog.list(&query)?;
    match format {
        OutputFormat::Json => print_json(&Value::Array(images.iter().map(image_json).collect())),
        OutputFormat::Table => output::print(output::image_list_table(&images, args.long)),
    }
    Ok(())
}

/// Run a `task …` command.
pub fn run_task(catalog: &Catalog, command: TaskCommand, format: OutputFormat) -> Result<()> {
    match command {
        TaskCommand::List {
            status,
            image,
            limit,
        } => {
            let status = status.as_deref().map(str::parse).transpose()?;
            let image_id = match image {
                Some(image) => Some(catalog.resolve(&image)?.id),
                None => None,
            };
            let tasks = catalog.tasks(status, image_id, limit)?;
            match format {
                OutputFormat::Json => print_json(&Value::Array(
                    tasks.iter().map(|t| t.to_glance_json()).collect(),
                )),
                OutputFormat::Table => println!("{}", output::task_list_table(&tasks)),
            }
            Ok(())
        }
        TaskCommand::Show { id } => {
            let task_id = id.parse().map_err(|_| {
                Error::invalid(
                    tr!("cli-subject-task-id", id = id.as_str()),
                    tr!("cli-not-a-uuid"),
                )
            })?;
            let task = catalog.task(task_id)?;
            match format {
                OutputFormat::Json => print_json(&task.to_glance_json()),
                OutputFormat::Table => println!("{}", output::task_table(&task)),
            }
            Ok(())
        }
    }
}

/// Run a `config …` command.
pub fn run_config(
    mut catalog: Catalog,
    command: ConfigCommand,
    format: OutputFormat,
) -> Result<()> {
    if let ConfigCommand::Set { key, value } = &command {
        catalog.set_setting(key, value)?;
    }
    let pairs = catalog.settings().pairs();
    match format {
        OutputFormat::Json => print_json(&Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), Value::String(v.clone())))
                .collect(),
        )),
        OutputFormat::Table => println!("{}", output::pairs_table(&pairs)),
    }
    Ok(())
}
