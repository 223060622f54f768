//! The state of the Remotes view's dialogs, and the context its panels open them through.
//! The dialogs: the cloud form (add / edit: auth URL, password, application credential,
//! token or TOTP, project, domains, regions (a picker when the definition lists `regions:`,
//! else a Region field), interface, CA file, client certificate and key (typed or picked),
//! TLS verification; the secret typed in its masked field — a token too — is wiped when the
//! form closes and goes only to the keyring or memory), the prompt for a secret that is needed and
//! not known, the push dialog (the clouds ticked, method upload / glance-direct, stores on a
//! multi-store cloud), "Import from URL…" and "Copy to stores…" (with each cloud's stores as
//! last heard), "Copy to cloud…" (a remote image to another cloud), the same-data question
//! (link or copy), and the confirmations for removing a
//! cloud, deleting a remote image and deleting it from one store. They are drawn by
//! `dialogs.rs`. A leaf of
//! the Remotes view: the panels take a [`RemoteCtx`] (commands, jobs, listing generations,
//! these dialogs) instead of the whole view.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::app::protocol::remote::{CloudEntry, RemoteOp, TestInfo};
use crate::app::remote::stores::StoresView;
use crate::backend::ImageId;
use crate::backend::remote::config::{AuthType, CloudConfig, CloudSource};
use crate::backend::remote::push::PushMethod;
use crate::backend::remote::secrets::Secret;
use crate::backend::remote::server_cache::ClearTarget;
use crate::backend::remote::stores::StoreChoice;
use crate::tr;
use crate::ui::bridge::Command;
use crate::ui::context::Ctx;
use crate::ui::dialogs::PendingDialog;
use crate::ui::jobs::Jobs;

/// What a panel of the Remotes view may touch besides its own state, for one frame.
pub struct RemoteCtx<'a> {
    /// Commands queued this frame.
    pub outbox: &'a mut Vec<Command>,
    /// Jobs, notices, status line.
    pub jobs: &'a mut Jobs,
    /// Listing generations (unique across the view's listings and plans).
    pub generations: &'a mut u64,
    /// The dialogs a panel may open.
    pub forms: &'a mut Forms,
}

impl<'a> RemoteCtx<'a> {
    /// The window's context with the Remotes view's generations and dialogs.
    pub fn new(cx: &'a mut Ctx<'_>, generations: &'a mut u64, forms: &'a mut Forms) -> Self {
        Self {
            outbox: cx.outbox,
            jobs: cx.jobs,
            generations,
            forms,
        }
    }

    /// The window's context alone, for helpers shared with other views.
    pub fn cx(&mut self) -> Ctx<'_> {
        Ctx::new(self.outbox, self.jobs)
    }

    /// Queue a remote op.
    pub fn send(&mut self, op: RemoteOp) {
        self.outbox.push(Command::Remote(op));
    }
}

/// Local images about to be pushed.
#[derive(Debug)]
pub struct PushDialog {
    /// The cloud the images were dropped on (or chosen for); ticked at first.
    pub cloud: String,
    /// Every cloud with its tick: each image is pushed to all ticked clouds in one job (the
    /// data read once).
    pub targets: Vec<(String, bool)>,
    /// The images (id, name).
    pub images: Vec<(ImageId, String)>,
    /// Upload or glance-direct.
    pub method: PushMethod,
    /// Keep the remote image when the push fails.
    pub keep_failed: bool,
    /// The stores ticked (a multi-store cloud; none: its default store).
    pub stores: StoreTicks,
    /// Whether the images' metadata was asked to be checked against their content.
    pub conflicts_asked: bool,
    /// Each image's conflicts between its metadata and its content, as they arrive (shown
    /// before Start push; the push still goes, it is the user's call).
    pub conflicts: Vec<(ImageId, Vec<String>)>,
}

/// Stores ticked in a dialog, as a [`StoreChoice`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreTicks {
    /// The store ids ticked.
    pub ticked: BTreeSet<String>,
    /// "All stores" (Glance's `all_stores`).
    pub all: bool,
    /// Go on when a store fails (`all_stores_must_succeed: false`).
    pub allow_failure: bool,
}

impl StoreTicks {
    /// The choice to send.
    pub fn choice(&self) -> StoreChoice {
        StoreChoice {
            stores: if self.all {
                Vec::new()
            } else {
                self.ticked.iter().cloned().collect()
            },
            all_stores: self.all,
            allow_failure: self.allow_failure,
        }
    }
}

/// A cloud's stores and import methods as the window last heard them.
#[derive(Debug, Default)]
pub struct CloudStores {
    /// Asked for (once per cloud until a refresh).
    pub requested: bool,
    /// The answer.
    pub view: Option<Result<StoresView, String>>,
}

/// "Import from URL…": a new remote image the cloud fetches (web-download).
#[derive(Debug, Clone, Default)]
pub struct ImportUrlDialog {
    /// The cloud.
    pub cloud: String,
    /// The new image's name.
    pub name: String,
    /// The URL.
    pub url: String,
    /// Its disk format.
    pub disk_format: String,
    /// The stores.
    pub stores: StoreTicks,
}

/// "Copy to stores…": an active remote image into more stores (copy-image).
#[derive(Debug, Clone, Default)]
pub struct CopyStoresDialog {
    /// The cloud.
    pub cloud: String,
    /// The remote image id.
    pub id: String,
    /// Its name (or id).
    pub label: String,
    /// The stores holding it now.
    pub holding: Vec<String>,
    /// The stores to copy into.
    pub stores: StoreTicks,
}

/// "Copy to cloud…": remote images of one cloud to copy to another (one job each).
#[derive(Debug, Clone, Default)]
pub struct CopyCloudDialog {
    /// The source cloud.
    pub from: String,
    /// The images (id, name).
    pub images: Vec<(String, String)>,
    /// The other clouds, the targets offered.
    pub targets: Vec<String>,
    /// The target chosen (none yet: Start waits for one).
    pub target: Option<String>,
    /// Keep the target image when the copy fails.
    pub keep_failed: bool,
}

/// Something to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Remove a workbench cloud (and its keyring secret).
    RemoveCloud(String),
    /// Delete a remote image: cloud, id, name.
    DeleteRemote(String, String, String),
    /// Empty a cloud's server cache or its prefetch queue.
    ClearServerCache(String, ClearTarget),
    /// Delete a remote image's data from one store: cloud, id, name, store.
    DeleteFromStore(String, String, String, String),
}

/// The cloud form's fields.
#[derive(Debug, Clone)]
pub struct CloudForm {
    /// The name the cloud had when the edit began (`None`: a new cloud).
    pub editing: Option<String>,
    /// Cloud name.
    pub name: String,
    /// Keystone URL.
    pub auth_url: String,
    /// Password or application credential.
    pub auth_type: AuthType,
    /// User name.
    pub username: String,
    /// Application credential id.
    pub app_credential_id: String,
    /// Project name.
    pub project_name: String,
    /// Project id.
    pub project_id: String,
    /// The user's domain.
    pub user_domain: String,
    /// The project's domain.
    pub project_domain: String,
    /// Region.
    pub region: String,
    /// public, internal or admin.
    pub interface: String,
    /// CA bundle path.
    pub cacert: String,
    /// Client certificate path (PEM).
    pub cert: String,
    /// The client certificate's key path (PEM), when not in the certificate's file.
    pub key: String,
    /// The regions the definition lists (`regions:`), comma-separated; empty: none.
    pub regions: String,
    /// Verify TLS certificates.
    pub verify: bool,
    /// The secret being typed (masked; dropped when the form closes).
    pub secret: String,
    /// Why the last save failed.
    pub problem: Option<String>,
    /// The last test's outcome.
    pub test: Option<Result<TestInfo, String>>,
    /// A test is on its way.
    pub testing: bool,
    /// A save is on its way.
    pub saving: bool,
    /// The person has changed a field: what is missing is said only from then on.
    pub touched: bool,
}

impl CloudForm {
    /// The fields a person types, as one value to notice a change.
    pub fn typed(&self) -> [&str; 11] {
        [
            &self.name,
            &self.auth_url,
            &self.username,
            &self.project_name,
            &self.project_id,
            &self.app_credential_id,
            &self.region,
            &self.regions,
            &self.cacert,
            &self.cert,
            &self.key,
        ]
    }

    /// The regions listed in the Regions field, in order.
    pub fn region_list(&self) -> Vec<String> {
        self.regions
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The path field `which`, to fill from a file picker.
    pub fn path_mut(&mut self, which: PathField) -> &mut String {
        match which {
            PathField::CaCert => &mut self.cacert,
            PathField::Cert => &mut self.cert,
            PathField::Key => &mut self.key,
        }
    }

    fn new(entry: Option<&CloudEntry>) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let c = entry.map(|e| e.config.clone());
        CloudForm {
            editing: c.as_ref().map(|c| c.name.clone()),
            name: c.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
            auth_url: c.as_ref().map(|c| c.auth_url.clone()).unwrap_or_default(),
            auth_type: c.as_ref().map_or(AuthType::Password, |c| c.auth_type),
            username: c.as_ref().map(|c| text(&c.username)).unwrap_or_default(),
            app_credential_id: c
                .as_ref()
                .map(|c| text(&c.application_credential_id))
                .unwrap_or_default(),
            project_name: c
                .as_ref()
                .map(|c| text(&c.project_name))
                .unwrap_or_default(),
            project_id: c.as_ref().map(|c| text(&c.project_id)).unwrap_or_default(),
            user_domain: c
                .as_ref()
                .map_or("Default".into(), |c| text(&c.user_domain_name)),
            project_domain: c
                .as_ref()
                .map_or("Default".into(), |c| text(&c.project_domain_name)),
            region: c.as_ref().map(|c| text(&c.region_name)).unwrap_or_default(),
            interface: c.as_ref().map_or("public".into(), |c| c.interface.clone()),
            cacert: path_text(c.as_ref().and_then(|c| c.cacert.as_ref())),
            cert: path_text(c.as_ref().and_then(|c| c.cert.as_ref())),
            key: path_text(c.as_ref().and_then(|c| c.key.as_ref())),
            regions: c.as_ref().map(|c| c.regions.join(", ")).unwrap_or_default(),
            verify: c.as_ref().is_none_or(|c| c.verify),
            secret: String::new(),
            problem: None,
            test: None,
            testing: false,
            saving: false,
            touched: false,
        }
    }

    /// The definition the form describes, or what is missing.
    pub fn to_config(&self) -> Result<CloudConfig, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(tr!("remotes-form-needs-name"));
        }
        let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let mut cloud = CloudConfig::new_password(name, self.auth_url.trim(), "", "");
        cloud.auth_type = self.auth_type;
        cloud.username = some(&self.username);
        cloud.project_name = some(&self.project_name);
        cloud.project_id = some(&self.project_id);
        cloud.user_domain_name = some(&self.user_domain);
        cloud.project_domain_name = some(&self.project_domain);
        cloud.application_credential_id = some(&self.app_credential_id);
        match self.auth_type {
            AuthType::ApplicationCredential => {
                cloud.project_name = None;
                cloud.project_id = None;
                cloud.project_domain_name = None;
            }
            // A token names its user already: only the project to scope to.
            AuthType::Token => {
                cloud.username = None;
                cloud.user_domain_name = None;
                cloud.application_credential_id = None;
            }
            AuthType::Password | AuthType::Totp => cloud.application_credential_id = None,
        }
        cloud.regions = self.region_list();
        cloud.region_name = some(&self.region);
        if let Some(region) = &cloud.region_name
            && !cloud.regions.is_empty()
            && !cloud.regions.contains(region)
        {
            return Err(tr!(
                "remotes-form-region-not-listed",
                region = region,
                regions = cloud.regions.join(", ")
            ));
        }
        cloud.interface = self.interface.trim().to_string();
        cloud.cacert = some(&self.cacert).map(PathBuf::from);
        cloud.cert = some(&self.cert).map(PathBuf::from);
        cloud.key = some(&self.key).map(PathBuf::from);
        if cloud.key.is_some() && cloud.cert.is_none() {
            return Err(tr!("remotes-form-key-needs-cert"));
        }
        cloud.verify = self.verify;
        cloud.source = CloudSource::Workbench(PathBuf::new());
        cloud.check().map_err(|e| e.to_string())?;
        Ok(cloud)
    }

    /// The secret typed in the form, if any.
    pub fn typed_secret(&self) -> Option<Secret> {
        (!self.secret.is_empty()).then(|| Secret::new(self.secret.clone()))
    }
}

/// A path as the form shows it.
fn path_text(path: Option<&PathBuf>) -> String {
    path.map(|p| p.display().to_string()).unwrap_or_default()
}

/// The cloud form's path fields a file picker can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathField {
    /// The CA bundle.
    CaCert,
    /// The client certificate.
    Cert,
    /// The client certificate's key.
    Key,
}

impl Drop for CloudForm {
    fn drop(&mut self) {
        // A Secret overwrites its bytes when dropped: hand it the typed text's buffer.
        drop(Secret::new(std::mem::take(&mut self.secret)));
    }
}

/// A prompt for a secret that is needed now.
#[derive(Debug)]
pub struct SecretPrompt {
    /// The cloud.
    pub cloud: String,
    /// Password or application credential.
    pub auth_type: AuthType,
    /// The secret being typed (masked).
    pub typed: String,
    /// Why the last one was refused.
    pub problem: Option<String>,
    /// What runs once it is given.
    pub retry: Vec<RemoteOp>,
}

impl Drop for SecretPrompt {
    fn drop(&mut self) {
        drop(Secret::new(std::mem::take(&mut self.typed)));
    }
}

/// The open dialogs.
#[derive(Debug, Default)]
pub struct Forms {
    /// The cloud form.
    pub form: Option<CloudForm>,
    /// A file picker open for one of the cloud form's path fields.
    pub form_picker: Option<(PathField, PendingDialog)>,
    /// The secret prompt.
    pub prompt: Option<SecretPrompt>,
    /// The push dialog.
    pub push: Option<PushDialog>,
    /// The clouds' names, as last listed (the push dialog's choices).
    pub cloud_names: Vec<String>,
    /// A confirmation.
    pub confirm: Option<Confirm>,
    /// Pulls and pushes that found their data on the other side, asked one at a time.
    pub same_data: Vec<SameDataQuestion>,
    /// Each cloud's stores and import methods (for the push dialog's ticks, "Copy to
    /// stores…" and "Import from URL…").
    pub stores: BTreeMap<String, CloudStores>,
    /// The "Import from URL…" dialog.
    pub import_url: Option<ImportUrlDialog>,
    /// The "Copy to stores…" dialog.
    pub copy_stores: Option<CopyStoresDialog>,
    /// The "Copy to cloud…" dialog.
    pub copy_cloud: Option<CopyCloudDialog>,
}

/// A pull or push that found its data already on the other side and waits for a choice:
/// link to that image, copy anyway, or cancel.
#[derive(Debug)]
pub struct SameDataQuestion {
    /// The cloud.
    pub cloud: String,
    /// What was refused and why (the library's message).
    pub message: String,
    /// The image holding the same data: its id and label.
    pub found: (String, String),
    /// The refused op, run again with the choice.
    pub retry: Box<RemoteOp>,
}

impl Forms {
    /// Open the form for a new cloud or to edit `entry`.
    pub fn open_form(&mut self, entry: Option<&CloudEntry>) {
        self.form = Some(CloudForm::new(entry));
    }

    /// Ask for the secret of `cloud`, then run `retry`.
    pub fn ask_secret(
        &mut self,
        cloud: String,
        auth_type: AuthType,
        retry: RemoteOp,
        problem: Option<String>,
    ) {
        match &mut self.prompt {
            Some(prompt) if prompt.cloud == cloud => {
                prompt.retry.push(retry);
                if problem.is_some() {
                    prompt.problem = problem;
                }
            }
            _ => {
                self.prompt = Some(SecretPrompt {
                    cloud,
                    auth_type,
                    typed: String::new(),
                    problem,
                    retry: vec![retry],
                });
            }
        }
    }

    /// Ask to push `images` to `cloud`.
    pub fn ask_push(&mut self, cloud: &str, images: Vec<(ImageId, String)>) {
        if !images.is_empty() {
            let mut targets: Vec<(String, bool)> = self
                .cloud_names
                .iter()
                .map(|name| (name.clone(), name == cloud))
                .collect();
            if !targets.iter().any(|(name, _)| name == cloud) {
                targets.insert(0, (cloud.to_string(), true));
            }
            self.push = Some(PushDialog {
                cloud: cloud.to_string(),
                targets,
                images,
                method: PushMethod::Upload,
                keep_failed: false,
                stores: StoreTicks::default(),
                conflicts_asked: false,
                conflicts: Vec::new(),
            });
        }
    }

    /// Ask to copy remote `images` of cloud `from` to another cloud (`target`: the one they
    /// were dropped on, else the only other cloud, else none yet).
    pub fn ask_copy(&mut self, from: &str, images: Vec<(String, String)>, target: Option<&str>) {
        let targets: Vec<String> = self
            .cloud_names
            .iter()
            .filter(|name| *name != from)
            .cloned()
            .collect();
        if images.is_empty() || targets.is_empty() {
            return;
        }
        let target = match (target, targets.as_slice()) {
            (Some(chosen), _) => targets.iter().find(|t| *t == chosen).cloned(),
            (None, [only]) => Some(only.clone()),
            (None, _) => None,
        };
        self.copy_cloud = Some(CopyCloudDialog {
            from: from.to_string(),
            images,
            targets,
            target,
            keep_failed: false,
        });
    }

    /// Whether there is a cloud besides `cloud` to copy to.
    pub fn other_cloud_than(&self, cloud: &str) -> bool {
        self.cloud_names.iter().any(|name| name != cloud)
    }

    /// An image's conflicts between its metadata and its content arrived (for the push
    /// dialog, if it still shows that image).
    pub fn push_conflicts(&mut self, image_id: ImageId, warnings: Vec<String>) {
        if let Some(dialog) = &mut self.push
            && dialog.images.iter().any(|(id, _)| *id == image_id)
        {
            dialog.conflicts.retain(|(id, _)| *id != image_id);
            dialog.conflicts.push((image_id, warnings));
        }
    }

    /// The cloud's stores and import methods, when they have arrived.
    pub fn stores_of(&self, cloud: &str) -> Option<&StoresView> {
        self.stores
            .get(cloud)
            .and_then(|s| s.view.as_ref())
            .and_then(|v| v.as_ref().ok())
    }

    /// The op asking for the cloud's stores, the first time only (`None` after).
    pub fn want_stores(&mut self, cloud: &str) -> Option<RemoteOp> {
        let state = self.stores.entry(cloud.to_string()).or_default();
        if state.requested {
            return None;
        }
        state.requested = true;
        Some(RemoteOp::Stores(cloud.to_string(), true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CloudForm {
        let mut form = CloudForm::new(None);
        form.name = "lab".into();
        form.auth_url = "http://keystone:5000/v3".into();
        form.username = "admin".into();
        form.project_name = "admin".into();
        form.secret = "hunter2".into();
        form
    }

    #[test]
    fn the_form_describes_a_cloud_without_its_secret() {
        let cloud = form().to_config().unwrap();
        assert_eq!(cloud.auth_type, AuthType::Password);
        assert_eq!(cloud.user_domain_name.as_deref(), Some("Default"));
        assert_eq!(cloud.interface, "public");
        assert!(cloud.verify && cloud.secret.is_none());
        let yaml = serde_yaml_ng::to_string(&cloud.to_yaml()).unwrap();
        assert!(!yaml.contains("hunter2"));

        let mut app = form();
        app.auth_type = AuthType::ApplicationCredential;
        app.app_credential_id = "abc".into();
        let cloud = app.to_config().unwrap();
        assert_eq!(cloud.application_credential_id.as_deref(), Some("abc"));
        assert!(cloud.project_name.is_none());
    }

    #[test]
    fn incomplete_forms_say_what_is_missing() {
        let mut nameless = form();
        nameless.name = " ".into();
        assert_eq!(nameless.to_config().unwrap_err(), "the cloud needs a name");
        let mut userless = form();
        userless.username.clear();
        let problem = userless.to_config().unwrap_err();
        assert!(problem.contains("auth.username"), "{problem}");
        let mut app = form();
        app.auth_type = AuthType::ApplicationCredential;
        assert!(
            app.to_config()
                .unwrap_err()
                .contains("application_credential_id")
        );
        let mut interface = form();
        interface.interface = "private".into();
        assert!(interface.to_config().unwrap_err().contains("interface"));
    }
}
