//! clap definitions of every command and option.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

use crate::tr;

/// Glance Workbench: a local OpenStack Glance image registry, store and toolbox. With no
/// command it opens the window.
#[derive(Debug, Parser)]
#[command(name = "glance-workbench", version, about, max_term_width = 100)]
pub struct Cli {
    /// Data dir holding the registry and the image store.
    #[arg(
        long,
        global = true,
        env = "GLANCE_WORKBENCH_DATA_DIR",
        value_name = "DIR"
    )]
    pub data_dir: Option<PathBuf>,
    /// Output format (as `openstack`'s): a table, Glance's JSON, values only, YAML, CSV or
    /// shell variables.
    #[arg(short = 'f', long = "format", global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Only this column of a list or field of a record, by its name as shown (repeatable).
    #[arg(short = 'c', long = "column", global = true, value_name = "COLUMN")]
    pub columns: Vec<String>,
    /// With -f shell: put this before every variable name.
    #[arg(long, global = true, value_name = "PREFIX", default_value = "")]
    pub prefix: String,
    /// With -f csv: which fields are quoted.
    #[arg(long, global = true, value_enum, default_value_t = Quote::Nonnumeric)]
    pub quote: Quote,
    /// More detail in the log, also shown on stderr: -v debug, -vv trace (RUST_LOG overrides).
    #[arg(short = 'v', long = "verbose", global = true, action = ArgAction::Count)]
    pub verbose: u8,
    /// Everything this program logs (as -vv), also on stderr.
    #[arg(long, global = true)]
    pub debug: bool,
    /// The language of messages, help and the window: en or zh-CN (default: the system's
    /// locale, from LANGUAGE, LC_ALL, LC_MESSAGES or LANG).
    #[arg(
        long,
        global = true,
        env = "GLANCE_WORKBENCH_LANG",
        value_name = "LANG"
    )]
    pub lang: Option<String>,
    /// The command; none opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What a command prints: Glance's JSON, or its view (a list or a record), which the output
/// layer prints in the chosen [`Format`] (`cli::output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// The command's view, printed in the run's format (table, value, yaml, csv, shell).
    Table,
    /// Glance's JSON.
    Json,
}

/// `-f`: the formats `openstack` (cliff) offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable tables.
    Table,
    /// Glance's JSON (Glance's field names).
    Json,
    /// Values only: a list row's values on one line, space-separated; a record's one a line.
    Value,
    /// YAML keyed by the column names.
    Yaml,
    /// CSV with a header row.
    Csv,
    /// `name="value"` lines a shell can evaluate.
    Shell,
}

/// `--quote`: cliff's CSV quoting modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Quote {
    /// Every field.
    All,
    /// Only fields holding a comma, quote, backslash or line break.
    Minimal,
    /// Every field that is not a number (cliff's default).
    Nonnumeric,
    /// None (special characters escaped with a backslash).
    None,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Images in the local catalog.
    #[command(subcommand)]
    Image(ImageCommand),
    /// Background tasks (uploads, conversions, transfers).
    #[command(subcommand)]
    Task(TaskCommand),
    /// Catalog settings (owner project, delayed delete, scrub delay, cache cap).
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Remote clouds (clouds.yaml, secure.yaml, OS_*, and clouds added here).
    #[command(subcommand)]
    Cloud(super::remote::CloudCommand),
    /// Browse and edit a cloud's images.
    #[command(subcommand)]
    Remote(super::remote::RemoteCommand),
    /// Push a local image to a cloud (inspected, verified, members applied).
    Push(super::remote::PushArgs),
    /// Pull a remote image into the local catalog (verified, resumable).
    Pull(super::remote::PullArgs),
    /// Copy an image between two clouds, streamed and verified on both sides.
    Copy(super::remote::CopyArgs),
    /// Compare the local catalog with a cloud; --apply runs the plan.
    Sync(super::remote::SyncArgs),
    /// The workbench's local cache of pulled data (a cloud's server cache: `remote cache`).
    #[command(subcommand)]
    Cache(super::remote::CacheCommand),
    /// Shell completions and man pages from these definitions (for packagers).
    #[command(subcommand, hide = true)]
    Generate(super::generate::GenerateCommand),
}

/// `image …` commands.
#[derive(Debug, Subcommand)]
pub enum ImageCommand {
    /// Create an image; with --file, upload its data too.
    Create(CreateArgs),
    /// Upload data into a queued image.
    Upload {
        /// Image name or id.
        image: String,
        /// File to read (`-` for standard input, the way to upload a stream or a device).
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
    /// List images.
    List(ListArgs),
    /// Show one image.
    Show {
        /// Image name or id.
        image: String,
    },
    /// Change an image's fields, properties, tags, status or a member's answer.
    Set(SetArgs),
    /// Remove properties or tags.
    Unset {
        /// Image name or id.
        image: String,
        /// Property to remove (repeatable).
        #[arg(long = "property", value_name = "KEY")]
        properties: Vec<String>,
        /// Tag to remove (repeatable).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
    /// Delete images (protected ones are refused).
    Delete {
        /// Image names or ids.
        #[arg(required = true)]
        images: Vec<String>,
    },
    /// Bring an image in pending_delete back to active.
    Restore {
        /// Image name or id.
        image: String,
    },
    /// Export an image's data, verifying its checksums while reading.
    Save {
        /// Image name or id.
        image: String,
        /// Output file (stdout when omitted).
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Share with a project: `image add project IMAGE PROJECT`.
    #[command(subcommand)]
    Add(AddRemove),
    /// Stop sharing: `image remove project IMAGE PROJECT`.
    #[command(subcommand)]
    Remove(AddRemove),
    /// Members of an image: `image member list IMAGE`.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Every status transition of an image: time, from, to, cause.
    History {
        /// Image name or id.
        image: String,
    },
    /// Inspect disk files natively (format, virtual size, features, safety verdict); exits 1
    /// when any file is unsafe. With --guest, look inside files or catalog images instead:
    /// partitions, filesystems, the operating system, and the Glance properties it suggests.
    Inspect {
        /// Files to inspect (with --guest: a file when the path exists, else a catalog image
        /// name or id).
        #[arg(required = true, value_name = "FILE|IMAGE")]
        files: Vec<PathBuf>,
        /// Look inside (read-only, bounded): the OS, architecture, firmware, agents, kernels,
        /// the root filesystem, and the suggested os_distro, os_version, architecture, ….
        #[arg(long)]
        guest: bool,
    },
    /// Convert an image or file with qemu-img (inspected first, verified by compare) into a
    /// new image or, with -o, a file.
    Convert(super::convert::ConvertArgs),
    /// Create a new blank image: `image create-blank NAME --size 10G --disk-format qcow2`.
    CreateBlank {
        /// Name of the new image.
        name: String,
        /// Virtual size (e.g. 10G).
        #[arg(long)]
        size: String,
        /// Disk format: raw, qcow2, vmdk, vhd, vhdx, vdi.
        #[arg(long, value_name = "FORMAT")]
        disk_format: String,
        /// Target options.
        #[command(flatten)]
        target: super::convert::TargetArgs,
    },
    /// Make a NEW image with a resized disk (`--size 20G`, `+5G`, `-1G`); shrinking needs
    /// --shrink.
    Resize {
        /// Image name or id.
        image: String,
        /// New size, absolute or relative.
        #[arg(long, allow_hyphen_values = true)]
        size: String,
        /// Confirm a shrink (data past the new end is lost).
        #[arg(long)]
        shrink: bool,
        /// Name of the new image (default `<source>-resized`).
        #[arg(long)]
        name: Option<String>,
    },
    /// `qemu-img check` of a stored image; exits 1 on corruptions or leaks.
    Check {
        /// Image name or id.
        image: String,
    },
    /// The space a conversion to --to would need (`qemu-img measure`; raw and qcow2 targets).
    Measure {
        /// Image name or id, or a disk image file.
        source: String,
        /// Target format.
        #[arg(long = "to", value_name = "FORMAT")]
        to: String,
        /// Target options.
        #[command(flatten)]
        target: super::convert::TargetArgs,
    },
    /// qemu-img's view of an image or file beside the workbench's own inspection.
    Info {
        /// Image name or id, or a disk image file.
        source: String,
    },
    /// Read images' data in full and check it against the recorded size and hashes: a match
    /// clears a "damaged" mark (after the blob was restored), a mismatch sets it (exit 3).
    Verify {
        /// Image names or ids.
        #[arg(required = true)]
        images: Vec<String>,
    },
    /// Register image files kept in images/lost+found again (with no ID: list them). When the
    /// registry is missing or empty this starts a new one and keeps every image file there.
    Recover {
        /// The image id of a file in lost+found.
        id: Option<String>,
        /// Register every file in lost+found.
        #[arg(long, conflicts_with = "id")]
        all: bool,
        /// Name of the image (default `recovered-<id prefix>`).
        #[arg(long, conflicts_with = "all")]
        name: Option<String>,
    },
    /// Finish delayed deletes that are due (all of them with --all).
    Scrub {
        /// Scrub every pending_delete image now, whatever the delay.
        #[arg(long)]
        all: bool,
    },
}

/// `image add|remove project IMAGE PROJECT`.
#[derive(Debug, Subcommand)]
pub enum AddRemove {
    /// A member project.
    Project {
        /// Image name or id.
        image: String,
        /// Project id.
        project: String,
    },
}

/// `image member …`.
#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// List an image's members.
    List {
        /// Image name or id.
        image: String,
    },
}

/// Options shared by create and set.
#[derive(Debug, Args, Default)]
pub struct FieldArgs {
    /// Disk format (ami, ari, aki, vhd, vhdx, vmdk, raw, qcow2, vdi, iso, ploop), or `auto`
    /// (with --file) to take the format the file's content has.
    #[arg(long, value_name = "FORMAT")]
    pub disk_format: Option<String>,
    /// Container format (ami, ari, aki, bare, ovf, ova, docker, compressed).
    #[arg(long, value_name = "FORMAT")]
    pub container_format: Option<String>,
    /// Custom property KEY=VALUE (repeatable).
    #[arg(long = "property", value_name = "KEY=VALUE")]
    pub properties: Vec<String>,
    /// Tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Visibility: public, community, shared or private.
    #[arg(long, value_name = "VISIBILITY")]
    pub visibility: Option<String>,
    /// Same as --visibility public.
    #[arg(long, conflicts_with_all = ["visibility", "private", "community", "shared"])]
    pub public: bool,
    /// Same as --visibility private.
    #[arg(long, conflicts_with_all = ["visibility", "community", "shared"])]
    pub private: bool,
    /// Same as --visibility community.
    #[arg(long, conflicts_with_all = ["visibility", "shared"])]
    pub community: bool,
    /// Same as --visibility shared.
    #[arg(long, conflicts_with = "visibility")]
    pub shared: bool,
    /// Protect the image from deletion.
    #[arg(long, conflicts_with = "unprotected")]
    pub protected: bool,
    /// Allow the image to be deleted.
    #[arg(long)]
    pub unprotected: bool,
    /// Hide the image from default listings.
    #[arg(long, conflicts_with = "unhidden")]
    pub hidden: bool,
    /// Show the image in default listings.
    #[arg(long)]
    pub unhidden: bool,
    /// Minimum disk size in GiB.
    #[arg(long, value_name = "GIB", allow_negative_numbers = true, value_parser = min_disk)]
    pub min_disk: Option<u64>,
    /// Minimum RAM in MiB.
    #[arg(long, value_name = "MIB", allow_negative_numbers = true, value_parser = min_ram)]
    pub min_ram: Option<u64>,
}

/// `--min-disk`: a whole number ≥ 0. Negative numbers are let through clap's flag parsing
/// (which would take `-1` for an option and suggest `-- -1`, making it the name) to be refused
/// here with the rule.
pub(crate) fn min_disk(text: &str) -> Result<u64, String> {
    non_negative("min_disk", text)
}

/// `--min-ram`: a whole number ≥ 0 (see [`min_disk`]).
pub(crate) fn min_ram(text: &str) -> Result<u64, String> {
    non_negative("min_ram", text)
}

fn non_negative(field: &str, text: &str) -> Result<u64, String> {
    match text.trim().parse::<i128>() {
        Ok(value) if value < 0 => Err(tr!(
            "help-clap-value-negative",
            field = field,
            value = value.to_string()
        )),
        Ok(value) => u64::try_from(value).map_err(|_| {
            tr!(
                "help-clap-value-too-large",
                field = field,
                value = value.to_string()
            )
        }),
        // clap quotes the value itself.
        Err(_) => Err(tr!("help-clap-value-not-number", field = field)),
    }
}

/// `image create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Name of the new image.
    pub name: String,
    /// Choose the image id (a UUID).
    #[arg(long, value_name = "UUID")]
    pub id: Option<String>,
    /// Upload this file as the image's data (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Look inside the file first and set the properties its content suggests (os_distro,
    /// os_version, architecture, …); a --property given for the same key wins.
    #[arg(long, requires = "file")]
    pub from_inspection: bool,
    /// Fields, properties and tags.
    #[command(flatten)]
    pub fields: FieldArgs,
}

/// `image set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// Image name or id.
    pub image: String,
    /// New name.
    #[arg(long)]
    pub name: Option<String>,
    /// Fields, properties and tags.
    #[command(flatten)]
    pub fields: FieldArgs,
    /// Deactivate the image (its data can no longer be downloaded).
    #[arg(long, conflicts_with = "activate")]
    pub deactivate: bool,
    /// Reactivate a deactivated image.
    #[arg(long)]
    pub activate: bool,
    /// Accept the shared image for --project.
    #[arg(long, requires = "project", conflicts_with_all = ["reject", "pending"])]
    pub accept: bool,
    /// Reject the shared image for --project.
    #[arg(long, requires = "project", conflicts_with = "pending")]
    pub reject: bool,
    /// Reset --project's answer to pending.
    #[arg(long, requires = "project")]
    pub pending: bool,
    /// The member project whose answer --accept/--reject/--pending records.
    #[arg(long, value_name = "PROJECT")]
    pub project: Option<String>,
    /// Look inside the image and set the properties its content suggests (every new,
    /// differing or conflicting one, or those named with --suggestion); prints what changed.
    #[arg(long, conflicts_with = "from_inspection_dry_run")]
    pub from_inspection: bool,
    /// Look inside the image and print the suggestions beside its current properties (key,
    /// current, suggested, kind); changes nothing.
    #[arg(long)]
    pub from_inspection_dry_run: bool,
    /// With --from-inspection: apply only this suggested key (repeatable).
    #[arg(long = "suggestion", value_name = "KEY", requires = "from_inspection")]
    pub suggestions: Vec<String>,
}

/// `image list`.
#[derive(Debug, Args, Default)]
pub struct ListArgs {
    /// Only images in this status (repeatable; or `in:a,b`). Without it every status but
    /// deleted, pending_delete and killed is listed.
    #[arg(long = "status", value_name = "STATUS")]
    pub statuses: Vec<String>,
    /// Only images with this exact name.
    #[arg(long)]
    pub name: Option<String>,
    /// Only images with this tag (repeatable: all must match).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Only images with this property value (repeatable).
    #[arg(long = "property", value_name = "KEY=VALUE")]
    pub properties: Vec<String>,
    /// Only this visibility (or `all`).
    #[arg(long, value_name = "VISIBILITY")]
    pub visibility: Option<String>,
    /// Only images of this owner project.
    #[arg(long)]
    pub owner: Option<String>,
    /// Only this disk format.
    #[arg(long, value_name = "FORMAT")]
    pub disk_format: Option<String>,
    /// Only this container format.
    #[arg(long, value_name = "FORMAT")]
    pub container_format: Option<String>,
    /// List hidden images instead of visible ones.
    #[arg(long)]
    pub hidden: bool,
    /// Only protected images.
    #[arg(long, conflicts_with = "unprotected")]
    pub protected: bool,
    /// Only unprotected images.
    #[arg(long)]
    pub unprotected: bool,
    /// Sort keys: `name:asc,size:desc` (keys: name, status, container_format, disk_format,
    /// size, id, created_at, updated_at).
    #[arg(long, value_name = "KEY[:DIR],…")]
    pub sort: Option<String>,
    /// At most this many images.
    #[arg(long)]
    pub limit: Option<u32>,
    /// Start after this image id.
    #[arg(long, value_name = "ID")]
    pub marker: Option<String>,
    /// More columns.
    #[arg(long)]
    pub long: bool,
}

/// `task …`.
#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// List tasks, newest first.
    List {
        /// Only tasks in this status (pending, processing, success, failure).
        #[arg(long)]
        status: Option<String>,
        /// Only tasks of this image (name or id).
        #[arg(long)]
        image: Option<String>,
        /// At most this many tasks.
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Show one task.
    Show {
        /// Task id.
        id: String,
    },
}

/// `config …`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Show every setting.
    Show,
    /// Change a setting: owner, delayed_delete, scrub_delay_secs, task_ttl_hours.
    Set {
        /// Setting name.
        key: String,
        /// New value.
        value: String,
    },
}
