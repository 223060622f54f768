//! Multi-store commands: `remote store list [--detail]`, and `remote image import-url`,
//! `copy-to-store` and `delete-from-store` (handlers calling [`crate::app::remote::stores`],
//! as the window does). JSON keeps Glance's field names.

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::{CloudArg, connect_to, print_image, table, with_progress};
use crate::app::remote::stores as app_stores;
use crate::backend::remote::stores::{ImportUrl, StoreChoice, StoresOutcome};
use crate::backend::{Catalog, Error};
use crate::cli::OutputFormat;
use crate::cli::output::print_json;
use crate::display::escape;
use crate::tr;

/// `remote store …`.
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// The cloud's stores (multi-store clouds): id, description, default, read-only;
    /// `--detail` (admins) adds type, properties and weight.
    List {
        /// The cloud.
        #[command(flatten)]
        cloud: CloudArg,
        /// Ask for `/v2/info/stores/detail` (admins only).
        #[arg(long)]
        detail: bool,
    },
}

/// Where an import goes: `--store S` (repeatable), `--all-stores`, `--allow-failure`.
#[derive(Debug, Args, Clone, Default)]
pub struct StoreArgs {
    /// Import into this store (repeatable; see `remote store list`).
    #[arg(long = "store", value_name = "STORE", conflicts_with = "all_stores")]
    pub stores: Vec<String>,
    /// Import into every store of the cloud.
    #[arg(long)]
    pub all_stores: bool,
    /// Go on when some store fails (all_stores_must_succeed=false); the failed stores are
    /// reported.
    #[arg(long)]
    pub allow_failure: bool,
}

impl StoreArgs {
    /// The choice as the library takes it.
    pub fn choice(&self) -> StoreChoice {
        StoreChoice {
            stores: self.stores.clone(),
            all_stores: self.all_stores,
            allow_failure: self.allow_failure,
        }
    }
}

/// `remote image import-url`.
#[derive(Debug, Args)]
pub struct ImportUrlArgs {
    /// The new remote image's name.
    pub name: String,
    /// The URL the cloud fetches the data from (web-download).
    #[arg(long)]
    pub url: String,
    /// The cloud.
    #[command(flatten)]
    pub cloud: CloudArg,
    /// Disk format of the data.
    #[arg(long, default_value = "raw")]
    pub disk_format: String,
    /// Container format.
    #[arg(long, default_value = "bare")]
    pub container_format: String,
    /// Visibility (the cloud's default otherwise).
    #[arg(long)]
    pub visibility: Option<String>,
    /// The stores.
    #[command(flatten)]
    pub stores: StoreArgs,
}

/// `remote image copy-to-store`.
#[derive(Debug, Args)]
pub struct CopyToStoreArgs {
    /// Remote image id, or its name when unique.
    pub image: String,
    /// The cloud.
    #[command(flatten)]
    pub cloud: CloudArg,
    /// The stores.
    #[command(flatten)]
    pub stores: StoreArgs,
}

/// `remote image delete-from-store`.
#[derive(Debug, Args)]
pub struct DeleteFromStoreArgs {
    /// Remote image id, or its name when unique.
    pub image: String,
    /// The store to delete the data from.
    #[arg(long)]
    pub store: String,
    /// The cloud.
    #[command(flatten)]
    pub cloud: CloudArg,
}

/// `remote store list`.
pub fn run(catalog: &Catalog, command: StoreCommand, format: OutputFormat) -> Result<(), Error> {
    let StoreCommand::List { cloud, detail } = command;
    let session = connect_to(catalog, &cloud)?;
    let view = app_stores::view(&session, detail)?;
    if let Some(note) = &view.note {
        eprintln!("{}", tr!("remote-note", note = escape(note)));
    }
    if format == OutputFormat::Json {
        print_json(&Value::Array(
            view.stores.iter().map(|s| s.to_json()).collect(),
        ));
        return Ok(());
    }
    let mut t = if view.detail {
        table(&[
            ("ID", tr!("remote-col-id")),
            ("Description", tr!("remote-col-description")),
            ("Default", tr!("remote-col-default")),
            ("Read-only", tr!("remote-col-read-only")),
            ("Type", tr!("remote-col-type")),
            ("Properties", tr!("remote-col-properties")),
        ])
    } else {
        table(&[
            ("ID", tr!("remote-col-id")),
            ("Description", tr!("remote-col-description")),
            ("Default", tr!("remote-col-default")),
            ("Read-only", tr!("remote-col-read-only")),
        ])
    };
    for s in &view.stores {
        let mut row = vec![
            s.id().to_string(),
            s.description().to_string(),
            s.is_default().to_string(),
            s.read_only().to_string(),
        ];
        if view.detail {
            row.push(s.store_type().unwrap_or_default().to_string());
            row.push(
                s.0.get("properties")
                    .map(Value::to_string)
                    .unwrap_or_default(),
            );
        }
        t.add_row(row);
    }
    println!("{t}");
    Ok(())
}

/// `remote image import-url NAME --url U --cloud C`.
pub fn import_url(
    catalog: &Catalog,
    args: ImportUrlArgs,
    format: OutputFormat,
) -> Result<(), Error> {
    let session = connect_to(catalog, &args.cloud)?;
    let request = ImportUrl {
        name: args.name.clone(),
        url: args.url.clone(),
        disk_format: args.disk_format,
        container_format: args.container_format,
        visibility: args.visibility,
        stores: args.stores.choice(),
    };
    let label = tr!("remote-progress-import-url", name = args.name);
    let (outcome, summary) = with_progress(&label, |job| {
        app_stores::import_url(catalog, &session, &request, job)
    })?;
    print_import(&outcome, &summary, format);
    Ok(())
}

/// `remote image copy-to-store IMAGE --store S… --cloud C`.
pub fn copy_to_store(
    catalog: &Catalog,
    args: CopyToStoreArgs,
    format: OutputFormat,
) -> Result<(), Error> {
    let session = connect_to(catalog, &args.cloud)?;
    let choice = args.stores.choice();
    let label = tr!("remote-progress-copy-to-store", image = args.image);
    let (outcome, summary) = with_progress(&label, |job| {
        app_stores::copy_to_stores(catalog, &session, &args.image, &choice, job)
    })?;
    print_import(&outcome, &summary, format);
    Ok(())
}

/// `remote image delete-from-store IMAGE --store S --cloud C`.
pub fn delete_from_store(
    catalog: &Catalog,
    args: DeleteFromStoreArgs,
    format: OutputFormat,
) -> Result<(), Error> {
    let session = connect_to(catalog, &args.cloud)?;
    let (image, summary) = app_stores::delete_from_store(&session, &args.image, &args.store)?;
    eprintln!("{}", escape(&summary));
    print_image(&image, json!({}), format);
    Ok(())
}

/// An import's summary on stderr, then the image with the stores it failed in.
fn print_import(outcome: &StoresOutcome, summary: &str, format: OutputFormat) {
    eprintln!("{}", escape(summary));
    print_image(
        &outcome.remote,
        json!({"failed_stores": outcome.failed}),
        format,
    );
}
