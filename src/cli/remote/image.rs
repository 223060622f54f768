//! `remote image list|show|set|delete` (and the multi-store `import-url`, `copy-to-store`,
//! `delete-from-store`, in `stores.rs`): browse and edit a cloud's images.

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::{CloudArg, connect_to, print_image, print_images, split_pair};
use crate::backend::remote::{RemoteEdit, RemoteImage, RemoteQuery, Session};
use crate::backend::{Catalog, Error};
use crate::cli::OutputFormat;
use crate::display::escape;
use crate::i18n::labels;
use crate::model::MemberStatus;
use crate::tr;

/// `remote image …`.
#[derive(Debug, Subcommand)]
pub enum RemoteImageCommand {
    /// List images (follows `next` pages).
    List(Box<RemoteListArgs>),
    /// Show an image with its members and tasks.
    Show {
        /// Remote image id, or its name when unique.
        id: String,
        /// The cloud.
        #[command(flatten)]
        cloud: CloudArg,
    },
    /// Edit properties, tags, fields, status and members (JSON-patch).
    Set(Box<RemoteSetArgs>),
    /// Create an image whose data the cloud fetches from a URL (web-download), followed to
    /// active.
    ImportUrl(Box<super::stores::ImportUrlArgs>),
    /// Copy an active image into more stores (copy-image).
    CopyToStore(Box<super::stores::CopyToStoreArgs>),
    /// Delete an image's data from one store.
    DeleteFromStore(Box<super::stores::DeleteFromStoreArgs>),
    /// Delete images.
    Delete {
        /// Remote image ids (or names, each unique).
        #[arg(required = true)]
        ids: Vec<String>,
        /// The cloud.
        #[command(flatten)]
        cloud: CloudArg,
    },
}

/// `remote image list`.
#[derive(Debug, Args)]
pub struct RemoteListArgs {
    /// The cloud.
    #[command(flatten)]
    pub cloud: CloudArg,
    /// Filter KEY=VALUE as Glance spells it (repeatable): status=active, name=x, tag=t,
    /// visibility=shared, member_status=pending, owner=…, os_distro=…, status=in:a,b.
    #[arg(long = "filter", value_name = "KEY=VALUE")]
    pub filters: Vec<String>,
    /// Only this tag (repeatable, all must match).
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Only this visibility (public, private, shared, community, all).
    #[arg(long)]
    pub visibility: Option<String>,
    /// Only images changed after this time (updated_at=gt:…).
    #[arg(long, value_name = "ISO8601")]
    pub since: Option<String>,
    /// Sort: name:asc,updated_at:desc.
    #[arg(long)]
    pub sort: Option<String>,
    /// Page size.
    #[arg(long, default_value_t = 200)]
    pub page_size: u32,
    /// At most this many images.
    #[arg(long)]
    pub limit: Option<usize>,
    /// More columns.
    #[arg(long)]
    pub long: bool,
    /// Only images other projects shared with mine (visibility=shared, another owner),
    /// by default those still waiting for an answer (accept with `remote image set --accept`).
    #[arg(long)]
    pub shared_with_me: bool,
    /// With --shared-with-me: pending (default), accepted, rejected or all.
    #[arg(long, requires = "shared_with_me", value_parser = ["pending", "accepted", "rejected", "all"])]
    pub member_status: Option<String>,
}

/// `remote image set`.
#[derive(Debug, Args)]
pub struct RemoteSetArgs {
    /// Remote image id, or its name when unique.
    pub id: String,
    /// The cloud.
    #[command(flatten)]
    pub cloud: CloudArg,
    /// New name.
    #[arg(long)]
    pub name: Option<String>,
    /// Property KEY=VALUE to add or replace (repeatable).
    #[arg(long = "property", value_name = "KEY=VALUE")]
    pub properties: Vec<String>,
    /// Property to remove (repeatable).
    #[arg(long = "unset-property", value_name = "KEY")]
    pub unset_properties: Vec<String>,
    /// Tag to add (repeatable).
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Tag to remove (repeatable).
    #[arg(long = "unset-tag")]
    pub unset_tags: Vec<String>,
    /// Visibility.
    #[arg(long)]
    pub visibility: Option<String>,
    /// Protect from deletion.
    #[arg(long, conflicts_with = "unprotected")]
    pub protected: bool,
    /// Allow deletion.
    #[arg(long)]
    pub unprotected: bool,
    /// min_disk in GiB.
    #[arg(long, allow_negative_numbers = true, value_parser = crate::cli::args::min_disk)]
    pub min_disk: Option<u64>,
    /// min_ram in MiB.
    #[arg(long, allow_negative_numbers = true, value_parser = crate::cli::args::min_ram)]
    pub min_ram: Option<u64>,
    /// Deactivate.
    #[arg(long, conflicts_with = "reactivate")]
    pub deactivate: bool,
    /// Reactivate.
    #[arg(long)]
    pub reactivate: bool,
    /// Share with a project (repeatable).
    #[arg(long = "add-member", value_name = "PROJECT")]
    pub add_members: Vec<String>,
    /// Stop sharing with a project (repeatable).
    #[arg(long = "remove-member", value_name = "PROJECT")]
    pub remove_members: Vec<String>,
    /// As the receiving project: accept the shared image.
    #[arg(long, conflicts_with = "reject")]
    pub accept: bool,
    /// As the receiving project: reject the shared image.
    #[arg(long)]
    pub reject: bool,
}

/// Build a listing query from the CLI's filters.
pub(crate) fn list_query(args: &RemoteListArgs) -> Result<RemoteQuery, Error> {
    let mut query = RemoteQuery {
        sort: args.sort.clone(),
        page_size: Some(args.page_size),
        max_images: args.limit,
        ..Default::default()
    };
    for f in &args.filters {
        query.filters.push(split_pair(f)?);
    }
    for tag in &args.tags {
        query.filters.push(("tag".into(), tag.clone()));
    }
    if let Some(v) = &args.visibility {
        query.filters.push(("visibility".into(), v.clone()));
    }
    if let Some(since) = &args.since {
        query
            .filters
            .push(("updated_at".into(), format!("gt:{since}")));
    }
    if args.shared_with_me {
        let status = args.member_status.as_deref().unwrap_or("pending");
        query.filters.retain(|(k, _)| k != "visibility");
        query.filters.push(("visibility".into(), "shared".into()));
        query.filters.push(("member_status".into(), status.into()));
    }
    Ok(query)
}

/// Images shared with `session`'s project by other projects (Glance's `visibility=shared`
/// also lists the project's own shared images).
fn shared_with_me(session: &Session, images: Vec<RemoteImage>) -> Vec<RemoteImage> {
    let mine = session.project_id();
    images
        .into_iter()
        .filter(|i| mine.is_none() || i.owner() != mine.as_deref())
        .collect()
}

/// A note on stderr when images shared with this project wait for an answer (the default
/// listing leaves them out, as Glance does).
fn mention_pending(session: &Session) {
    let query = RemoteQuery {
        filters: vec![
            ("visibility".into(), "shared".into()),
            ("member_status".into(), "pending".into()),
        ],
        page_size: Some(100),
        max_images: Some(100),
        ..Default::default()
    };
    // Best-effort: the listing itself already succeeded.
    let Ok(pending) = session.list_images(&query) else {
        return;
    };
    let count = shared_with_me(session, pending).len();
    if count > 0 {
        eprintln!("{}", tr!("remote-pending-shares", count = count));
    }
}

/// Whether a listing asks for nothing but the default (where the pending note belongs).
fn is_default_list(args: &RemoteListArgs) -> bool {
    args.filters.is_empty()
        && args.tags.is_empty()
        && args.visibility.is_none()
        && args.since.is_none()
        && !args.shared_with_me
}

/// The edit a `remote image set` asks for.
pub(crate) fn edit_from(args: &RemoteSetArgs) -> Result<RemoteEdit, Error> {
    let mut edit = RemoteEdit {
        name: args.name.clone(),
        visibility: args.visibility.clone(),
        protected: if args.protected {
            Some(true)
        } else if args.unprotected {
            Some(false)
        } else {
            None
        },
        min_disk_gib: args.min_disk,
        min_ram_mib: args.min_ram,
        remove_properties: args.unset_properties.clone(),
        add_tags: args.tags.clone(),
        remove_tags: args.unset_tags.clone(),
        ..Default::default()
    };
    for p in &args.properties {
        let (k, v) = split_pair(p)?;
        edit.set_properties.insert(k, v);
    }
    Ok(edit)
}

/// Run a `remote image` command.
pub fn run(
    catalog: &Catalog,
    command: RemoteImageCommand,
    format: OutputFormat,
) -> Result<(), Error> {
    match command {
        RemoteImageCommand::ImportUrl(args) => super::stores::import_url(catalog, *args, format),
        RemoteImageCommand::CopyToStore(args) => {
            super::stores::copy_to_store(catalog, *args, format)
        }
        RemoteImageCommand::DeleteFromStore(args) => {
            super::stores::delete_from_store(catalog, *args, format)
        }
        RemoteImageCommand::List(args) => {
            let session = connect_to(catalog, &args.cloud)?;
            let mut images = session.list_images(&list_query(&args)?)?;
            if args.shared_with_me {
                images = shared_with_me(&session, images);
            }
            print_images(&images, args.long, format);
            if is_default_list(&args) {
                mention_pending(&session);
            }
            Ok(())
        }
        RemoteImageCommand::Show { id, cloud } => {
            let session = connect_to(catalog, &cloud)?;
            let image = session.resolve_image(&id)?;
            let id = image.id().to_string();
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
            let session = connect_to(catalog, &cloud)?;
            for given in ids {
                let id = session.resolve_image(&given)?.id().to_string();
                session.delete_image(&id)?;
                eprintln!("{}", tr!("remote-image-deleted", id = escape(&id)));
            }
            Ok(())
        }
    }
}

fn set(catalog: &Catalog, args: RemoteSetArgs, format: OutputFormat) -> Result<(), Error> {
    let session = connect_to(catalog, &args.cloud)?;
    let id = session.resolve_image(&args.id)?.id().to_string();
    if args.accept || args.reject {
        let project = session
            .project_id()
            .ok_or_else(|| Error::invalid("--accept/--reject", tr!("remote-error-no-project")))?;
        let status = if args.accept {
            MemberStatus::Accepted
        } else {
            MemberStatus::Rejected
        };
        session.set_member_status(&id, &project, status.as_str())?;
        eprintln!(
            "{}",
            tr!(
                "remote-member-now",
                id = escape(&id),
                project = escape(&project),
                status = labels::member_status_named(status)
            )
        );
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
