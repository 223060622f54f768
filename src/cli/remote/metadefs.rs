//! `remote metadef list [--resource-type R] | show NAMESPACE --cloud C`: a cloud's metadata
//! definitions catalog (`/v2/metadefs`), the one the window's remote property editor takes
//! its suggestions from.

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::{CloudArg, connect_to, table};
use crate::backend::metadefs::PropertyDef;
use crate::backend::remote::metadefs::{IMAGE_RESOURCE_TYPE, Namespace};
use crate::backend::{Catalog, Error};
use crate::cli::OutputFormat;
use crate::cli::output::print_json;
use crate::tr;

/// `remote metadef …`.
#[derive(Debug, Subcommand)]
pub enum MetadefCommand {
    /// Namespaces (all, or those for one resource type such as OS::Glance::Image).
    List(ListArgs),
    /// One namespace: its resource types, properties (type, allowed values) and objects.
    Show(ShowArgs),
}

/// `remote metadef list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only namespaces that apply to this resource type (OS::Glance::Image, OS::Nova::Flavor, …).
    #[arg(long)]
    pub resource_type: Option<String>,
    /// The cloud.
    #[command(flatten)]
    pub cloud: CloudArg,
}

/// `remote metadef show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The namespace (OS::Compute::Libvirt, …).
    pub namespace: String,
    /// Property names with this resource type's prefix (as Glance applies it).
    #[arg(long)]
    pub resource_type: Option<String>,
    /// The cloud.
    #[command(flatten)]
    pub cloud: CloudArg,
}

fn associations_json(ns: &Namespace) -> Value {
    Value::Array(
        ns.resource_types
            .iter()
            .map(|a| json!({"name": a.name, "prefix": a.prefix, "properties_target": a.properties_target}))
            .collect(),
    )
}

fn property_json(p: &PropertyDef, image_key: Option<String>) -> Value {
    json!({
        "name": p.key, "image_key": image_key, "type": p.kind, "title": p.title,
        "description": p.description, "enum": p.allowed,
    })
}

/// A namespace as JSON (properties and objects only when read in full).
pub fn namespace_json(ns: &Namespace, full: bool) -> Value {
    let mut value = json!({
        "namespace": ns.namespace, "display_name": ns.display_name,
        "description": ns.description, "visibility": ns.visibility,
        "protected": ns.protected, "owner": ns.owner,
        "resource_type_associations": associations_json(ns),
    });
    if full && let Value::Object(map) = &mut value {
        let prefix = ns.image_prefix();
        map.insert(
            "properties".into(),
            Value::Array(
                ns.properties
                    .iter()
                    .map(|p| property_json(p, prefix.map(|x| format!("{x}{}", p.key))))
                    .collect(),
            ),
        );
        map.insert(
            "objects".into(),
            Value::Array(
                ns.objects
                    .iter()
                    .map(|o| {
                        json!({
                            "name": o.name, "description": o.description, "required": o.required,
                            "properties": o.properties.iter().map(|p| property_json(p, None)).collect::<Vec<_>>(),
                        })
                    })
                    .collect(),
            ),
        );
    }
    value
}

fn resource_types(ns: &Namespace) -> String {
    ns.resource_types
        .iter()
        .map(|a| match &a.prefix {
            Some(prefix) if !prefix.is_empty() => format!("{} ({prefix})", a.name),
            _ => a.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Run `remote metadef …`.
pub fn run(catalog: &Catalog, command: MetadefCommand, format: OutputFormat) -> Result<(), Error> {
    match command {
        MetadefCommand::List(args) => {
            let session = connect_to(catalog, &args.cloud)?;
            let found = session.metadef_namespaces(args.resource_type.as_deref())?;
            if format == OutputFormat::Json {
                print_json(&Value::Array(
                    found.iter().map(|n| namespace_json(n, false)).collect(),
                ));
                return Ok(());
            }
            let mut t = table(&[
                ("Namespace", tr!("remote-col-namespace")),
                ("Display name", tr!("remote-col-display-name")),
                ("Resource types (prefix)", tr!("remote-col-resource-types")),
                ("Visibility", tr!("remote-col-visibility")),
            ]);
            for ns in &found {
                t.add_row(vec![
                    ns.namespace.clone(),
                    ns.display_name.clone(),
                    resource_types(ns),
                    ns.visibility.clone(),
                ]);
            }
            println!("{t}");
            if found.is_empty() {
                let none = match &args.resource_type {
                    Some(rt) => tr!("remote-metadef-none-for", resource_type = rt),
                    None => tr!("remote-metadef-none"),
                };
                eprintln!("{none}");
            }
            Ok(())
        }
        MetadefCommand::Show(args) => {
            let session = connect_to(catalog, &args.cloud)?;
            let ns = session.metadef_namespace(&args.namespace, args.resource_type.as_deref())?;
            if format == OutputFormat::Json {
                print_json(&namespace_json(&ns, true));
                return Ok(());
            }
            let mut fields = table(&super::record_columns());
            for (k, v) in [
                ("namespace", ns.namespace.clone()),
                ("display_name", ns.display_name.clone()),
                ("description", ns.description.clone()),
                ("visibility", ns.visibility.clone()),
                ("protected", ns.protected.to_string()),
                ("owner", ns.owner.clone()),
                ("resource_types", resource_types(&ns)),
            ] {
                fields.add_row(vec![k.to_string(), v]);
            }
            println!("{fields}");
            // Keys as images carry them, unless the names were read with a prefix already.
            let prefix = ns.image_prefix().filter(|_| args.resource_type.is_none());
            let mut props = table(&[
                ("Property", tr!("remote-col-property")),
                ("On images as", tr!("remote-col-on-images-as")),
                ("Type", tr!("remote-col-type")),
                ("Title", tr!("remote-col-title")),
                ("Allowed values", tr!("remote-col-allowed-values")),
            ]);
            for p in &ns.properties {
                props.add_row(vec![
                    p.key.clone(),
                    prefix.map_or_else(String::new, |x| format!("{x}{}", p.key)),
                    p.kind.clone(),
                    p.title.clone(),
                    p.allowed.join(", "),
                ]);
            }
            println!(
                "{}\n{props}",
                tr!(
                    "remote-metadef-properties-heading",
                    count = ns.properties.len()
                )
            );
            if !ns.objects.is_empty() {
                let mut objects = table(&[
                    ("Object", tr!("remote-col-object")),
                    ("Properties", tr!("remote-col-properties")),
                    ("Required", tr!("remote-col-required")),
                ]);
                for o in &ns.objects {
                    objects.add_row(vec![
                        o.name.clone(),
                        o.properties
                            .iter()
                            .map(|p| p.key.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        o.required.join(", "),
                    ]);
                }
                println!(
                    "{}\n{objects}",
                    tr!("remote-metadef-objects-heading", count = ns.objects.len())
                );
            }
            if ns.image_prefix().is_none() {
                eprintln!(
                    "{}",
                    tr!(
                        "remote-metadef-not-for-images",
                        resource_type = IMAGE_RESOURCE_TYPE
                    )
                );
            }
            Ok(())
        }
    }
}
