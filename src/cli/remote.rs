//! The remote-cloud commands: `cloud`, `remote image`, `push`, `pull`, `copy`, `sync` and
//! `cache` (clap definitions and handlers). Secrets come from clouds.yaml/secure.yaml/OS_*,
//! the keyring, or a prompt on a terminal; they are never printed.

mod image;
mod jobs;

use std::path::PathBuf;

use clap::{Args, Subcommand};
use comfy_table::presets::ASCII_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use serde_json::{Value, json};

use crate::backend::remote::config::{self, AuthType, CloudConfig, CloudSource, Clouds};
use crate::backend::remote::secrets::{self, Secret};
use crate::backend::remote::{self as remote, RemoteEdit, RemoteImage, RemoteQuery, Session};
use crate::backend::{Catalog, Error, JobControl};
use crate::cli::OutputFormat;
use crate::cli::output::{human_bytes, print_json};
use crate::cli::progress::ProgressReporter;

pub use jobs::{run_cache, run_copy, run_pull, run_push, run_sync};

/// `cloud …`: the clouds the workbench knows.
#[derive(Debug, Subcommand)]
pub enum CloudCommand {
    /// List clouds from clouds.yaml, the workbench's file and OS_* (`envvars`).
    List,
    /// Add a cloud to the workbench's clouds file (its secret goes to the keyring only).
    Add(Box<CloudAddArgs>),
    /// Remove a cloud added with `cloud add` (and its keyring secret).
    Remove {
        /// Cloud name.
        name: String,
    },
    /// Authenticate and show the token, image endpoint, API version, import methods, stores.
    Test {
        /// Cloud name (else OS_CLOUD).
        name: Option<String>,
    },
}

/// `cloud add`.
#[derive(Debug, Args)]
pub struct CloudAddArgs {
    /// Cloud name.
    pub name: String,
    /// Keystone URL.
    #[arg(long)]
    pub auth_url: String,
    /// password or v3applicationcredential.
    #[arg(long, default_value = "password")]
    pub auth_type: String,
    /// User name.
    #[arg(long)]
    pub username: Option<String>,
    /// Project name.
    #[arg(long)]
    pub project_name: Option<String>,
    /// The user's domain.
    #[arg(long, default_value = "Default")]
    pub user_domain_name: String,
    /// The project's domain.
    #[arg(long, default_value = "Default")]
    pub project_domain_name: String,
    /// Application credential id.
    #[arg(long)]
    pub application_credential_id: Option<String>,
    /// Region.
    #[arg(long)]
    pub region_name: Option<String>,
    /// Endpoint interface: public, internal, admin.
    #[arg(long, default_value = "public")]
    pub interface: String,
    /// CA bundle (PEM).
    #[arg(long)]
    pub cacert: Option<PathBuf>,
    /// Do not verify TLS certificates.
    #[arg(long)]
    pub insecure: bool,
    /// Ask for the secret (or read it from stdin when not a terminal) and keep it in the keyring.
    #[arg(long)]
    pub store_secret: bool,
}

/// `remote …`.
#[derive(Debug, Subcommand)]
pub enum RemoteCommand {
    /// Images on a cloud.
    #[command(subcommand)]
    Image(RemoteImageCommand),
    /// Import methods and stores a cloud offers.
    Info(CloudArg),
}

/// The cloud to talk to.
#[derive(Debug, Args, Clone)]
pub struct CloudArg {
    /// Cloud name from clouds.yaml, the workbench's clouds, or `envvars` (else OS_CLOUD).
    #[arg(long, env = "OS_CLOUD")]
    pub cloud: Option<String>,
}

/// `remote image …`.
#[derive(Debug, Subcommand)]
pub enum RemoteImageCommand {
    /// List images (follows `next` pages).
    List(Box<RemoteListArgs>),
    /// Show an image with its members and tasks.
    Show {
        /// Remote image id.
        id: String,
        /// The cloud.
        #[command(flatten)]
        cloud: CloudArg,
    },
    /// Edit properties, tags, fields, status and members (JSON-patch).
    Set(Box<RemoteSetArgs>),
    /// Delete images.
    Delete {
        /// Remote image ids.
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
}

/// `remote image set`.
#[derive(Debug, Args)]
pub struct RemoteSetArgs {
    /// Remote image id.
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
    #[arg(long)]
    pub min_disk: Option<u64>,
    /// min_ram in MiB.
    #[arg(long)]
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

/// `push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// Local image name or id.
    pub image: String,
    /// The cloud.
    #[command(flatten)]
    pub cloud: CloudArg,
    /// upload (PUT …/file) or glance-direct (stage + import).
    #[arg(long, default_value = "upload")]
    pub method: String,
    /// Keep the remote image when the push fails (for a retry).
    #[arg(long)]
    pub keep_failed: bool,
    /// Name on the remote.
    #[arg(long)]
    pub name: Option<String>,
    /// Also share with this project (repeatable).
    #[arg(long = "member", value_name = "PROJECT")]
    pub members: Vec<String>,
}

/// `pull`.
#[derive(Debug, Args)]
pub struct PullArgs {
    /// Remote image id.
    pub remote_id: String,
    /// The cloud.
    #[command(flatten)]
    pub cloud: CloudArg,
    /// Local name (the remote's by default).
    #[arg(long)]
    pub name: Option<String>,
}

/// `copy`.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// Image id on the source cloud.
    pub remote_id: String,
    /// Source cloud.
    #[arg(long)]
    pub from: String,
    /// Target cloud.
    #[arg(long)]
    pub to: String,
    /// Keep the target image when the copy fails.
    #[arg(long)]
    pub keep_failed: bool,
}

/// `sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The cloud.
    #[command(flatten)]
    pub cloud: CloudArg,
    /// Only show the plan.
    #[arg(long, conflicts_with = "apply")]
    pub dry_run: bool,
    /// Run the plan's push, pull and update actions.
    #[arg(long)]
    pub apply: bool,
    /// Only images with this name.
    #[arg(long)]
    pub name: Option<String>,
    /// Only images with this tag (repeatable).
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Only remote images changed since this time (updated_at=gt:…).
    #[arg(long, value_name = "ISO8601")]
    pub since: Option<String>,
}

/// `cache …`.
#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Entries: cloud, remote id, name, size, complete, last use.
    List,
    /// Drop least recently used entries above the size cap.
    Prune {
        /// The cap in bytes (default GLANCE_WORKBENCH_CACHE_MAX_BYTES or 20 GiB).
        #[arg(long)]
        max_bytes: Option<u64>,
    },
    /// Remove partial and invalid entries.
    Clean,
    /// Prefetch remote images into the cache.
    Queue {
        /// Remote image ids.
        #[arg(required = true)]
        ids: Vec<String>,
        /// The cloud.
        #[command(flatten)]
        cloud: CloudArg,
    },
}

pub(crate) fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(ASCII_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().copied());
    table
}

/// Connect to `cloud` (asking for the secret on a terminal if needed).
pub(crate) fn connect(catalog: &Catalog, cloud: Option<&str>) -> Result<Session, Error> {
    let clouds = Clouds::load(Some(catalog.data_dir()))?;
    let config = clouds.pick(cloud)?;
    let secret = remote::resolve_secret(&config, true)?;
    Ok(Session::connect(config, secret)?)
}

fn split_pair(text: &str) -> Result<(String, String), Error> {
    text.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| Error::invalid(format!("\"{text}\""), "expected KEY=VALUE"))
}

/// `cloud …`.
pub fn run_cloud(
    catalog: &Catalog,
    command: CloudCommand,
    format: OutputFormat,
) -> Result<(), Error> {
    match command {
        CloudCommand::List => {
            let clouds = Clouds::load(Some(catalog.data_dir()))?;
            let rows: Vec<Value> = clouds.clouds.values().map(cloud_json).collect();
            if format == OutputFormat::Json {
                print_json(&Value::Array(rows));
                return Ok(());
            }
            let mut t = table(&[
                "Name",
                "Auth",
                "Auth URL",
                "User",
                "Project",
                "Region",
                "Interface",
                "Secret",
                "Source",
            ]);
            for c in clouds.clouds.values() {
                let secret = if c.secret.is_some() {
                    "in file/env"
                } else {
                    "keyring or prompt"
                };
                t.add_row(vec![
                    c.name.clone(),
                    c.auth_type.as_str().into(),
                    c.auth_url.clone(),
                    c.username
                        .clone()
                        .or(c.application_credential_id.clone())
                        .unwrap_or_default(),
                    c.project_name
                        .clone()
                        .or(c.project_id.clone())
                        .unwrap_or_default(),
                    c.region_name.clone().unwrap_or_default(),
                    c.interface.clone(),
                    secret.into(),
                    c.source.to_string(),
                ]);
            }
            println!("{t}");
            Ok(())
        }
        CloudCommand::Add(args) => cloud_add(catalog, *args),
        CloudCommand::Remove { name } => {
            if !config::remove_workbench_cloud(catalog.data_dir(), &name)? {
                return Err(Error::NotFound(format!(
                    "cloud \"{name}\" is not in the workbench's clouds file (clouds.yaml entries are edited there)"
                )));
            }
            secrets::forget_keyring_secret(&name);
            eprintln!("removed cloud {name}");
            Ok(())
        }
        CloudCommand::Test { name } => {
            let session = connect(catalog, name.as_deref())?;
            let (url, version) = session.image_service()?;
            let (issued, expires) = session.token_times().unwrap_or_default();
            let info = json!({
                "cloud": session.cloud().name,
                "project_id": session.project_id(),
                "token_issued_at": issued.to_rfc3339(),
                "token_expires_at": expires.to_rfc3339(),
                "image_endpoint": url,
                "image_api_version": version,
                "import_methods": session.import_methods()?,
                "stores": session.stores().unwrap_or_default(),
            });
            print_info(&info, format);
            Ok(())
        }
    }
}

fn cloud_json(c: &CloudConfig) -> Value {
    json!({
        "name": c.name, "auth_type": c.auth_type.as_str(), "auth_url": c.auth_url,
        "username": c.username, "project_name": c.project_name, "region_name": c.region_name,
        "interface": c.interface, "verify": c.verify, "secret_in_config": c.secret.is_some(),
        "source": c.source.to_string(),
    })
}

fn print_info(info: &Value, format: OutputFormat) {
    if format == OutputFormat::Json {
        print_json(info);
        return;
    }
    let mut t = table(&["Field", "Value"]);
    if let Some(map) = info.as_object() {
        for (k, v) in map {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            t.add_row(vec![k.clone(), text]);
        }
    }
    println!("{t}");
}

fn cloud_add(catalog: &Catalog, args: CloudAddArgs) -> Result<(), Error> {
    let auth_type = AuthType::parse(&args.auth_type).ok_or_else(|| {
        Error::invalid(
            "--auth-type",
            "expected password or v3applicationcredential",
        )
    })?;
    let mut cloud = CloudConfig::new_password(&args.name, &args.auth_url, "", "");
    cloud.auth_type = auth_type;
    cloud.username = args.username;
    cloud.project_name = args.project_name;
    cloud.user_domain_name = Some(args.user_domain_name);
    cloud.project_domain_name = Some(args.project_domain_name);
    cloud.application_credential_id = args.application_credential_id;
    cloud.region_name = args.region_name;
    cloud.interface = args.interface;
    cloud.cacert = args.cacert;
    cloud.verify = !args.insecure;
    cloud.source = CloudSource::Workbench(config::workbench_clouds_file(catalog.data_dir()));
    cloud.check()?;
    let path = config::save_workbench_cloud(catalog.data_dir(), &cloud)?;
    eprintln!(
        "cloud {} saved in {} (no secret in it)",
        cloud.name,
        path.display()
    );
    if args.store_secret {
        let secret = secrets::prompt_secret("secret to keep in the keyring: ").or_else(|| {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).ok()?;
            let line = line.trim_end_matches(['\n', '\r']).to_string();
            (!line.is_empty()).then(|| Secret::new(line))
        });
        match secret {
            Some(secret) if secrets::store_in_keyring(&cloud.name, &secret) => {
                eprintln!("the secret is in the keyring")
            }
            Some(_) => eprintln!(
                "warning: no keyring service is running: the secret was NOT stored; it will be asked \
                 for when needed (or put it in secure.yaml / OS_PASSWORD)"
            ),
            None => eprintln!("warning: no secret given"),
        }
    }
    Ok(())
}

/// Image list as a table.
fn remote_list_table(images: &[RemoteImage], long: bool) -> String {
    let mut t = if long {
        table(&[
            "ID",
            "Name",
            "Status",
            "Disk",
            "Container",
            "Size",
            "Visibility",
            "Protected",
            "Owner",
            "Tags",
            "Updated",
        ])
    } else {
        table(&["ID", "Name", "Status"])
    };
    for i in images {
        let mut row = vec![
            i.id().to_string(),
            i.name().unwrap_or_default().to_string(),
            i.status().to_string(),
        ];
        if long {
            row.extend([
                i.disk_format().unwrap_or_default().to_string(),
                i.container_format().unwrap_or_default().to_string(),
                human_bytes(i.size_bytes()),
                i.visibility().to_string(),
                i.protected().to_string(),
                i.owner().unwrap_or_default().to_string(),
                i.tags().into_iter().collect::<Vec<_>>().join(", "),
                i.updated_at().unwrap_or_default().to_string(),
            ]);
        }
        t.add_row(row);
    }
    t.to_string()
}

/// `remote …`.
pub fn run_remote(
    catalog: &Catalog,
    command: RemoteCommand,
    format: OutputFormat,
) -> Result<(), Error> {
    match command {
        RemoteCommand::Info(cloud) => {
            let session = connect(catalog, cloud.cloud.as_deref())?;
            let info =
                json!({"import_methods": session.import_methods()?, "stores": session.stores()?});
            print_info(&info, format);
            Ok(())
        }
        RemoteCommand::Image(command) => image::run(catalog, command, format),
    }
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
    Ok(query)
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

/// Print one remote image.
pub(crate) fn print_image(image: &RemoteImage, extra: Value, format: OutputFormat) {
    let mut value = image.to_json();
    if let (Value::Object(map), Value::Object(more)) = (&mut value, extra) {
        map.extend(more);
    }
    print_info(&value, format);
}

/// `--format json` or a table for a listing.
pub(crate) fn print_images(images: &[RemoteImage], long: bool, format: OutputFormat) {
    if format == OutputFormat::Json {
        print_json(&Value::Array(
            images.iter().map(RemoteImage::to_json).collect(),
        ));
    } else {
        println!("{}", remote_list_table(images, long));
    }
}

/// Run a job with progress on stderr and Ctrl-C cancelling it.
pub(crate) fn with_progress<T>(label: &str, f: impl FnOnce(&JobControl) -> T) -> T {
    let job = JobControl::new();
    let reporter = ProgressReporter::start(&job, label);
    let out = f(&job);
    drop(reporter);
    out
}
