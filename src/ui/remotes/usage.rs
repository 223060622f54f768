//! The project's quota usage on the selected cloud, above its Images tab: one bar per Glance
//! limit (images, total size, staged data, images uploading) with "used of limit", read
//! through the service ([`RemoteOp::Usage`], `/v2/info/usage`) when the cloud is shown, again
//! after a push or a delete, and on Refresh. A cloud without the usage API or without
//! limits says so in one line.

use eframe::egui::{self, RichText};

use crate::app::protocol::remote::RemoteOp;
use crate::backend::remote::usage::{self, Usage};
use crate::tr;
use crate::ui::remotes::forms::RemoteCtx;
use crate::ui::theme;

/// The usage strip's state, for the selected cloud.
#[derive(Debug, Default)]
pub struct UsageView {
    /// The cloud the usage was read from.
    pub cloud: Option<String>,
    /// The usage as last read, or why it could not be read.
    pub usage: Option<Result<Usage, String>>,
    /// A read is on its way.
    pub loading: bool,
    /// Read again when next shown (a push or delete changed it).
    pub stale: bool,
}

impl UsageView {
    /// A reply arrived for `cloud` (one for another cloud is dropped).
    pub fn arrived(&mut self, cloud: &str, result: Result<Usage, String>) {
        if self.cloud.as_deref() != Some(cloud) {
            return;
        }
        self.loading = false;
        self.usage = Some(result);
    }

    /// `cloud`'s usage changed (a push, a delete): read it again when shown.
    pub fn outdated(&mut self, cloud: &str) {
        if self.cloud.as_deref() == Some(cloud) {
            self.stale = true;
        }
    }
}

/// The strip: a bar per limit, Refresh. The first read waits for `connected` (the cloud's
/// listing answered); Refresh does not.
pub fn usage_ui(
    ui: &mut egui::Ui,
    view: &mut UsageView,
    cloud: &str,
    connected: bool,
    rcx: &mut RemoteCtx<'_>,
) {
    if view.cloud.as_deref() != Some(cloud) {
        *view = UsageView {
            cloud: Some(cloud.to_string()),
            ..Default::default()
        };
    }
    let mut read = (view.usage.is_none() || view.stale) && !view.loading && connected;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr!("remotes-usage-quota")).weak())
            .on_hover_text(tr!("remotes-usage-quota-hover"));
        match &view.usage {
            None => {
                ui.spinner();
            }
            Some(Err(message)) => {
                theme::brief_error_ui(ui, &tr!("remotes-usage-unreadable"), message);
            }
            Some(Ok(u)) => match &u.unavailable {
                Some(reason) => {
                    ui.label(RichText::new(tr!("remotes-usage-not-shown", reason = reason)).weak());
                }
                None => {
                    for q in &u.quotas {
                        quota_ui(ui, q);
                    }
                }
            },
        }
        if view.loading && view.usage.is_some() {
            ui.spinner();
        }
        read |= ui
            .add_enabled(!view.loading, egui::Button::new("↻").small())
            .on_hover_text(tr!("remotes-usage-refresh-hover"))
            .accessible_name(tr!("remotes-usage-refresh"))
            .clicked();
    });
    if read {
        view.loading = true;
        view.stale = false;
        rcx.send(RemoteOp::Usage(cloud.to_string()));
    }
}

/// "3 MiB of 8 MiB" / "2 (no limit)" ([`usage::Quota::summary`], translated).
fn summary(q: &usage::Quota) -> String {
    let used = usage::amount(&q.resource, q.usage);
    if q.limited() {
        tr!(
            "remotes-usage-of",
            used = used,
            limit = usage::amount(&q.resource, q.limit)
        )
    } else {
        tr!("remotes-usage-no-limit", used = used)
    }
}

fn quota_ui(ui: &mut egui::Ui, q: &usage::Quota) {
    let title = match q.resource.as_str() {
        usage::IMAGE_COUNT_TOTAL => tr!("remotes-usage-images"),
        usage::IMAGE_SIZE_TOTAL => tr!("remotes-usage-size"),
        usage::IMAGE_STAGE_TOTAL => tr!("remotes-usage-staging"),
        usage::IMAGE_COUNT_UPLOADING => tr!("remotes-usage-uploading"),
        other => other.to_string(),
    };
    let summary = summary(q);
    let text = tr!("remotes-usage-bar", title = title, summary = summary);
    let fraction = q.fraction().clamp(0.0, 1.0);
    // As wide as its text needs ("Staging 0 MiB of 1048576 MiB" ran past a fixed width).
    let font = egui::TextStyle::Small.resolve(ui.style());
    let text_width = ui
        .painter()
        .layout_no_wrap(text.clone(), font, egui::Color32::WHITE)
        .size()
        .x;
    let mut bar = egui::ProgressBar::new(fraction)
        .desired_width((text_width + 16.0).max(130.0))
        .text(RichText::new(text.clone()).small());
    if q.limited() && q.usage >= q.limit {
        bar = bar.fill(ui.visuals().warn_fg_color);
    }
    ui.add(bar)
        .on_hover_text(tr!(
            "remotes-usage-bar-hover",
            resource = q.resource,
            what = usage::describe(&q.resource),
            summary = summary
        ))
        .accessible_name(text);
}
