//! The remote-cloud commands: `cloud` (with `cloud cleanup`), `remote image`, `push`, `pull`,
//! `copy`, `sync`, `cache` (the local cache of pulled data), `remote cache` (a cloud's
//! server cache), `remote store` (a multi-store cloud's stores), `remote usage` (quota
//! usage) and `remote metadef` (the metadata definitions catalog) (clap definitions and
//! handlers). Every command that connects to
//! a cloud first retries the cleanups still pending there (best-effort). Sessions come from
//! the application's [`SessionPool`]: the secret from clouds.yaml/secure.yaml/OS_*, the
//! keyring, or a prompt on a terminal ([`TerminalAsker`]); secrets are never printed.

mod cleanup;
mod image;
mod jobs;
mod metadefs;
mod quotas;
mod server_cache;
mod stores;

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use crate::app::sessions::{SecretOrigin, SessionPool};
use crate::backend::remote::config::{self, AuthType, CloudConfig, CloudSource, Clouds};
use crate::backend::remote::{RemoteImage, Session};
use crate::backend::{Catalog, Error, JobControl};
use crate::cli::OutputFormat;
use crate::cli::asker::{self, TerminalAsker};
use crate::cli::output::{self, SafeTable, human_bytes, print_json};
use crate::display::escape;
use crate::tr;

pub use cleanup::CleanupCommand;
pub use image::RemoteImageCommand;
pub use jobs::{
    CacheCommand, CopyArgs, PullArgs, PushArgs, SyncArgs, run_cache, run_copy, run_pull, run_push,
    run_sync,
};
pub use metadefs::MetadefCommand;
pub use server_cache::ServerCacheCommand;
pub use stores::{StoreArgs, StoreCommand};

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
        /// The cloud, as other commands name it.
        #[arg(long = "cloud", visible_alias = "os-cloud", conflicts_with = "name")]
        cloud: Option<String>,
        /// Region: one of the cloud's `regions:`.
        #[arg(long, visible_alias = "os-region-name")]
        region: Option<String>,
    },
    /// Remote cleanups still owed (half-made images of failed pushes and copies).
    #[command(subcommand)]
    Cleanup(CleanupCommand),
}

/// `cloud add`.
#[derive(Debug, Args)]
pub struct CloudAddArgs {
    /// Cloud name.
    pub name: String,
    /// Keystone URL.
    #[arg(long)]
    pub auth_url: String,
    /// password, v3applicationcredential or v3totp (user + a passcode asked each time).
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
    /// Client certificate (PEM) for TLS client authentication.
    #[arg(long)]
    pub cert: Option<PathBuf>,
    /// The client certificate's key (PEM), when not in the certificate's file.
    #[arg(long)]
    pub key: Option<PathBuf>,
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
    /// The cloud's server cache: Glance's image cache on its API nodes (image API 2.14+;
    /// not the workbench's local cache of pulled data, `cache …`).
    #[command(subcommand)]
    Cache(ServerCacheCommand),
    /// The cloud's stores (multi-store clouds: Glance's enabled_backends).
    #[command(subcommand)]
    Store(StoreCommand),
    /// The project's quota usage against the cloud's limits (image count, total size,
    /// staging, uploading; image API 2.13).
    Usage(CloudArg),
    /// The cloud's metadata definitions catalog (namespaces, properties, objects).
    #[command(subcommand)]
    Metadef(MetadefCommand),
}

/// The cloud to talk to.
#[derive(Debug, Args, Clone)]
pub struct CloudArg {
    /// Cloud name from clouds.yaml, the workbench's clouds, or `envvars` (else OS_CLOUD).
    #[arg(long, visible_alias = "os-cloud", env = "OS_CLOUD")]
    pub cloud: Option<String>,
    /// Region: one of the cloud's `regions:` (else its region_name, else its first region).
    #[arg(long, visible_alias = "os-region-name")]
    pub region: Option<String>,
}

/// A table in the CLI's style; cells are escaped (remote names are the cloud's to choose).
/// Each column is its English name (what `-c` and the value, yaml, csv and shell formats
/// use) and its header in the current language (what `-f table` shows).
pub(crate) fn table(columns: &[(&str, String)]) -> SafeTable {
    // The labels show in `-f table` only; scripts see the English names.
    SafeTable::labelled(columns)
}

/// A record's Field | Value columns.
pub(crate) fn record_columns() -> [(&'static str, String); 2] {
    [
        ("Field", tr!("remote-col-field")),
        ("Value", tr!("remote-col-value")),
    ]
}

/// Connect to `cloud` (asking for the secret on a terminal if needed), then retry the
/// cleanups still pending on it (best-effort: notes on stderr, never an error).
pub(crate) fn connect(catalog: &Catalog, cloud: Option<&str>) -> Result<Arc<Session>, Error> {
    let session = connect_only(catalog, cloud)?;
    cleanup::retry_quietly(catalog, &session);
    Ok(session)
}

/// [`connect`] to the cloud and region `--cloud`/`--region` name.
pub(crate) fn connect_to(catalog: &Catalog, cloud: &CloudArg) -> Result<Arc<Session>, Error> {
    let session = pool(catalog).session_in(cloud.cloud.as_deref(), cloud.region.as_deref())?;
    cleanup::retry_quietly(catalog, &session);
    Ok(session)
}

/// Connect to `cloud` without retrying its pending cleanups.
pub(crate) fn connect_only(catalog: &Catalog, cloud: Option<&str>) -> Result<Arc<Session>, Error> {
    Ok(pool(catalog).session(cloud)?)
}

/// The process's sessions with the CLI's way of asking for a secret. One command rarely
/// needs more than one cloud, so each connection makes its own pool.
fn pool(catalog: &Catalog) -> SessionPool {
    SessionPool::new(catalog.data_dir(), Arc::new(TerminalAsker))
}

pub(crate) fn split_pair(text: &str) -> Result<(String, String), Error> {
    text.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| Error::invalid(format!("\"{text}\""), tr!("remote-error-expected-pair")))
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
            // What the file search found (in JSON too through each cloud's source).
            if format != OutputFormat::Json
                && let Some(vendor) = &clouds.vendor_file
            {
                eprintln!(
                    "{}",
                    tr!(
                        "remote-profiles-from",
                        path = escape(&vendor.display().to_string())
                    )
                );
            }
            if format == OutputFormat::Json {
                print_json(&Value::Array(rows));
                return Ok(());
            }
            let mut t = table(&[
                ("Name", tr!("remote-col-name")),
                ("Auth", tr!("remote-col-auth")),
                ("Auth URL", tr!("remote-col-auth-url")),
                ("User", tr!("remote-col-user")),
                ("Project", tr!("remote-col-project")),
                ("Region", tr!("remote-col-region")),
                ("Interface", tr!("remote-col-interface")),
                ("Secret", tr!("remote-col-secret")),
                ("Source", tr!("remote-col-source")),
            ]);
            for c in clouds.clouds.values() {
                let secret = if c.secret.is_some() {
                    tr!("remote-secret-in-config")
                } else if c.auth_type.keeps_secret() {
                    tr!("remote-secret-keyring-or-prompt")
                } else {
                    tr!("remote-secret-prompt-each-time")
                };
                let region = match (&c.region_name, c.regions.len()) {
                    (Some(region), n) if n > 1 => {
                        tr!(
                            "remote-region-of",
                            region = region,
                            regions = c.regions.join(", ")
                        )
                    }
                    (region, _) => region.clone().unwrap_or_default(),
                };
                t.add_row(vec![
                    c.name.clone(),
                    c.auth_type.as_str().into(),
                    c.auth_url.clone(),
                    c.user_label(),
                    c.project_label(),
                    region,
                    c.interface.clone(),
                    secret,
                    c.source.to_string(),
                ]);
            }
            println!("{t}");
            Ok(())
        }
        CloudCommand::Add(args) => cloud_add(catalog, *args),
        CloudCommand::Remove { name } => {
            crate::app::remote::clouds::remove(&pool(catalog), catalog.data_dir(), &name)?;
            eprintln!("{}", tr!("remote-cloud-removed", name = escape(&name)));
            Ok(())
        }
        CloudCommand::Cleanup(command) => cleanup::run(catalog, command, format),
        CloudCommand::Test {
            name,
            cloud,
            region,
        } => {
            let session = connect_to(
                catalog,
                &CloudArg {
                    cloud: name.or(cloud),
                    region,
                },
            )?;
            // The same facts as the window's Test (crate::app::remote::clouds::test).
            let tested = crate::app::remote::clouds::test(&session)?;
            let info = json!({
                "cloud": session.cloud().name,
                "project_id": tested.project_id,
                "user": tested.user,
                "project_name": tested.project_name,
                "region": session.cloud().region_name,
                "token_issued_at": tested.issued_at.map(|t| t.to_rfc3339()),
                "token_expires_at": tested.expires_at.map(|t| t.to_rfc3339()),
                "image_endpoint": tested.endpoint,
                "image_api_version": tested.version,
                "import_methods": tested.import_methods,
                "stores": tested.stores,
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
        "user": c.user_label(), "project": c.project_label(),
        "application_credential_id": c.application_credential_id,
        "application_credential_name": c.application_credential_name,
        "regions": c.regions, "profile": c.profile,
        "cacert": c.cacert, "cert": c.cert, "key": c.key,
        "interface": c.interface, "verify": c.verify, "secret_in_config": c.secret.is_some(),
        "source": c.source.to_string(),
    })
}

fn print_info(info: &Value, format: OutputFormat) {
    if format == OutputFormat::Json {
        print_json(info);
        return;
    }
    let mut t = table(&record_columns());
    if let Some(map) = info.as_object() {
        for (k, v) in map {
            t.add_row([output::Cell::from(k), output::Cell::from_json(v)]);
        }
    }
    println!("{t}");
}

fn cloud_add(catalog: &Catalog, args: CloudAddArgs) -> Result<(), Error> {
    // A token expires within hours: a cloud kept for later holds a way to get one instead.
    let auth_type = AuthType::parse(&args.auth_type)
        .filter(|t| *t != AuthType::Token)
        .ok_or_else(|| {
            Error::invalid(
                format!("--auth-type {}", args.auth_type),
                tr!("remote-error-auth-type"),
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
    cloud.cert = args.cert;
    cloud.key = args.key;
    cloud.verify = !args.insecure;
    cloud.source = CloudSource::Workbench(config::workbench_clouds_file(catalog.data_dir()));
    cloud.check()?;
    // Asked before anything is written, so a refused prompt leaves nothing half-done.
    let secret =
        if args.store_secret {
            if !auth_type.keeps_secret() {
                return Err(Error::invalid(
                    "--store-secret",
                    tr!("remote-error-totp-not-stored"),
                ));
            }
            Some(asker::secret_to_keep().ok_or_else(|| {
                Error::invalid("--store-secret", tr!("remote-error-no-secret-given"))
            })?)
        } else {
            None
        };
    // The same save as the window's cloud form (crate::app::remote::clouds).
    let replaces = Some(cloud.name.clone());
    let saved = crate::app::remote::clouds::save(
        &pool(catalog),
        catalog.data_dir(),
        &cloud,
        secret,
        replaces.as_deref(),
    )?;
    eprintln!(
        "{}",
        tr!(
            "remote-cloud-saved",
            name = escape(&cloud.name),
            path = escape(&saved.path.display().to_string())
        )
    );
    match saved.secret {
        Some(SecretOrigin::Keyring) => eprintln!("{}", tr!("remote-secret-in-keyring")),
        // Kept in this process's memory only, which ends with the command: what was asked
        // for did not happen, so the command fails (the cloud itself is saved).
        Some(_) => {
            return Err(Error::invalid(
                tr!("remote-error-cloud-subject", name = cloud.name),
                tr!("remote-error-secret-not-stored"),
            ));
        }
        None => {}
    }
    Ok(())
}

/// Image list as a table.
fn remote_list_table(images: &[RemoteImage], long: bool) -> String {
    let mut t = if long {
        table(&[
            ("ID", tr!("remote-col-id")),
            ("Name", tr!("remote-col-name")),
            ("Status", tr!("remote-col-status")),
            ("Disk", tr!("remote-col-disk")),
            ("Container", tr!("remote-col-container")),
            ("Size", tr!("remote-col-size")),
            ("Visibility", tr!("remote-col-visibility")),
            ("Protected", tr!("remote-col-protected")),
            ("Owner", tr!("remote-col-owner")),
            ("Tags", tr!("remote-col-tags")),
            ("Updated", tr!("remote-col-updated")),
        ])
    } else {
        table(&[
            ("ID", tr!("remote-col-id")),
            ("Name", tr!("remote-col-name")),
            ("Status", tr!("remote-col-status")),
        ])
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
            let session = connect_to(catalog, &cloud)?;
            let info =
                json!({"import_methods": session.import_methods()?, "stores": session.stores()?});
            print_info(&info, format);
            Ok(())
        }
        RemoteCommand::Image(command) => image::run(catalog, command, format),
        RemoteCommand::Cache(command) => server_cache::run(catalog, command, format),
        RemoteCommand::Store(command) => stores::run(catalog, command, format),
        RemoteCommand::Usage(cloud) => quotas::run(catalog, &cloud, format),
        RemoteCommand::Metadef(command) => metadefs::run(catalog, command, format),
    }
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
        output::print(remote_list_table(images, long));
    }
}

/// Run a job through the service's runner with progress on stderr and Ctrl-C cancelling it.
pub(crate) fn with_progress<T, E: crate::app::jobs::JobError>(
    label: &str,
    f: impl FnOnce(&JobControl) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    crate::cli::progress::job(label, f)
}
