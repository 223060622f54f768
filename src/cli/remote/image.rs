//! `remote image list|show|set|delete`: browse and edit a cloud's images.

use serde_json::{Value, json};

use super::{
    RemoteImageCommand, RemoteSetArgs, connect, edit_from, list_query, print_image, print_images,
};
use crate::backend::{Catalog, Error};
use crate::cli::OutputFormat;

/// Run a `remote image` command.
pub fn run(
    catalog: &Catalog,
    command: RemoteImageCommand,
    format: OutputFormat,
) -> Result<(), Error> {
    match command {
        RemoteImageCommand::List(args) => {
            let session = connect(catalog, args.cloud.cloud.as_deref())?;
            let images = session.list_images(&list_query(&args)?)?;
            print_images(&images, args.long, format);
            Ok(())
        }
        RemoteImageCommand::Show { id, cloud } => {
            let session = connect(catalog, cloud.cloud.as_deref())?;
            let image = session.show_image(&id)?;
            let members: Vec<String> = session
                .members(&id)
                .unwrap_or_default()
                .iter()
                .map(|m| {
                    format!(
                        "{} ({})",
                        m.get("member_id").and_then(Value::as_str).unwrap_or("?"),
                        m.get("status").and_then(Value::as_str).unwrap_or("?")
                    )
                })
                .collect();
            let tasks: Vec<String> = session
                .image_tasks(&id)
                .unwrap_or_default()
                .iter()
                .map(|t| {
                    format!(
                        "{} {} {}",
                        t.get("type").and_then(Value::as_str).unwrap_or("?"),
                        t.get("status").and_then(Value::as_str).unwrap_or("?"),
                        t.get("message").and_then(Value::as_str).unwrap_or("")
                    )
                })
                .collect();
            let extra = if format == OutputFormat::Json {
                json!({"members": session.members(&id).unwrap_or_default(),
                       "image_tasks": session.image_tasks(&id).unwrap_or_default()})
            } else {
                json!({"members": members.join("; "), "image_tasks": tasks.join("; ")})
            };
            print_image(&image, extra, format);
            Ok(())
        }
        RemoteImageCommand::Set(args) => set(catalog, *args, format),
        RemoteImageCommand::Delete { ids, cloud } => {
            let session = connect(catalog, cloud.cloud.as_deref())?;
            for id in ids {
                session.delete_image(&id)?;
                eprintln!("deleted remote image {id}");
            }
            Ok(())
        }
    }
}

fn set(catalog: &Catalog, args: RemoteSetArgs, format: OutputFormat) -> Result<(), Error> {
    let session = connect(catalog, args.cloud.cloud.as_deref())?;
    let id = args.id.clone();
    if args.accept || args.reject {
        let project = session
            .project_id()
            .ok_or_else(|| Error::invalid("--accept/--reject", "the token has no project"))?;
        let status = if args.accept { "accepted" } else { "rejected" };
        session.set_member_status(&id, &project, status)?;
        eprintln!("image {id}: member {project} is now {status}");
        if !has_edit(&args) {
            return Ok(());
        }
    }
    let edit = edit_from(&args)?;
    session.edit_image(&id, &edit)?;
    if args.deactivate {
        session.image_action(&id, "deactivate")?;
    }
    if args.reactivate {
        session.image_action(&id, "reactivate")?;
    }
    for member in &args.add_members {
        session.add_member(&id, member)?;
    }
    for member in &args.remove_members {
        session.remove_member(&id, member)?;
    }
    print_image(&session.show_image(&id)?, json!({}), format);
    Ok(())
}

fn has_edit(args: &RemoteSetArgs) -> bool {
    args.name.is_some()
        || !args.properties.is_empty()
        || !args.unset_properties.is_empty()
        || !args.tags.is_empty()
        || !args.unset_tags.is_empty()
        || args.visibility.is_some()
        || args.protected
        || args.unprotected
        || args.min_disk.is_some()
        || args.min_ram.is_some()
        || args.deactivate
        || args.reactivate
        || !args.add_members.is_empty()
        || !args.remove_members.is_empty()
}
