//! The eframe application: wiring only. It starts the bridge, applies its replies, lays out
//! the panels (top bar; notices and jobs at the bottom, the inspector on the right, the
//! catalog in the centre), sends the commands they queue, and asks for repaints only while a
//! job runs (events and replies wake it otherwise).

use std::path::{Path, PathBuf};
use std::time::Duration;

use eframe::egui::{self, RichText};

use crate::i18n::{self, Lang};
use crate::tr;
use crate::ui::bridge::Bridge;
use crate::ui::context::Ctx;
use crate::ui::convert::{self, ConvertAction};
use crate::ui::help::{self, AboutFacts, HelpView};
use crate::ui::log_folder::LogFolder;
use crate::ui::remotes::{self, Central};
use crate::ui::view::{Leave, Tab, ViewState};
use crate::ui::{
    catalog_table, details, dialogs, import, jobs, lifecycle, sharing, state_panel, theme,
};
use crate::ui::{fonts, language};

/// Key of the preferences in eframe's storage.
const PREFS_KEY: &str = "glance-workbench-prefs";
/// Repaint interval while a job runs (progress bars, rates).
const JOB_REPAINT: Duration = Duration::from_millis(100);

/// The workbench window.
pub struct WorkbenchApp {
    bridge: Bridge,
    data_dir: PathBuf,
    /// Everything shown; public so tests and benchmarks can look.
    pub view: ViewState,
    /// The Help menu's "Open log folder" (public so tests can swap the opener).
    pub log_folder: LogFolder,
    /// The keyboard shortcuts and About windows (public so tests can look).
    pub help: HelpView,
    /// Where the inspector was drawn last frame (None when hidden): a file dropped there goes
    /// into the selected queued image instead of the import form. Public so layout tests can
    /// check it against the central area.
    pub inspector_rect: Option<egui::Rect>,
    /// Where the central area (catalog or Remotes) was drawn last frame, content included.
    pub central_rect: Option<egui::Rect>,
}

impl WorkbenchApp {
    /// The app eframe runs, with preferences restored from its storage.
    /// `lang` is `--lang` when given; otherwise `GLANCE_WORKBENCH_LANG`, the remembered choice
    /// or the system's locale chooses (`ui::language`).
    pub fn new(cc: &eframe::CreationContext<'_>, data_dir: &Path, lang: Option<Lang>) -> Self {
        let prefs = cc
            .storage
            .and_then(|storage| eframe::get_value(storage, PREFS_KEY))
            .unwrap_or_default();
        let view = ViewState::from_prefs(prefs);
        let chosen = language::startup_lang(lang, view.language);
        i18n::set_lang(chosen);
        let mut app = Self::with_view(&cc.egui_ctx, data_dir, view);
        // Without a CJK font Chinese cannot be drawn: say so once (each run while the window
        // is in Chinese), naming the package; the Chinese text of the notice carries the
        // English too, since its own characters would show as boxes.
        if fonts::cjk_font().is_none() {
            tracing::warn!(package = fonts::CJK_PACKAGE, "no CJK font installed");
            if !app.view.cjk_notice_shown || chosen == Lang::ZhCn {
                app.view
                    .jobs
                    .error(tr!("window-no-cjk-font", package = fonts::CJK_PACKAGE));
                app.view.cjk_notice_shown = true;
            }
        }
        app
    }

    /// The app on `data_dir` without stored preferences, for egui_kittest and benchmarks.
    pub fn new_for_test(ctx: &egui::Context, data_dir: &Path) -> Self {
        Self::with_view(ctx, data_dir, ViewState::default())
    }

    fn with_view(ctx: &egui::Context, data_dir: &Path, mut view: ViewState) -> Self {
        theme::install_fonts(ctx);
        // GLANCE_WORKBENCH_THEME=light|dark|system wins over the remembered choice (for a
        // desktop whose preference egui cannot read, and for scripted screenshots).
        if let Some(choice) = std::env::var("GLANCE_WORKBENCH_THEME")
            .ok()
            .and_then(|v| theme::ThemeChoice::parse(&v))
        {
            view.theme = choice;
        }
        view.theme.apply(ctx);
        Self {
            bridge: Bridge::start(data_dir, ctx),
            data_dir: data_dir.to_path_buf(),
            view,
            log_folder: LogFolder::default(),
            help: HelpView::default(),
            inspector_rect: None,
            central_rect: None,
        }
    }

    /// Whether a fetch, load or job is still on its way.
    pub fn is_busy(&self) -> bool {
        self.view.is_busy()
    }

    /// The selected image when it is queued and shown in the inspector: a file dropped on the
    /// inspector uploads into it (its id, label and the inspector's rect).
    fn upload_target(&self) -> Option<(crate::backend::ImageId, String, egui::Rect)> {
        let rect = self.inspector_rect?;
        let image = &self.view.selected.as_ref()?.image;
        (image.status == crate::backend::ImageStatus::Queued)
            .then(|| (image.id, image.label(), rect))
    }

    /// Files dropped onto the window go to the import form, except one file dropped on the
    /// inspector of a queued image, which opens "Upload data" for it; hovering shows where a
    /// drop goes.
    fn dropped_files_ui(&mut self, ctx: &egui::Context) {
        let (dropped, hovering, pointer) = ctx.input(|i| {
            let paths: Vec<PathBuf> = i
                .raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect();
            (
                paths,
                !i.raw.hovered_files.is_empty(),
                i.pointer.latest_pos(),
            )
        });
        let target = self.upload_target();
        let on_target = |target: &Option<(_, _, egui::Rect)>| matches!((target, pointer), (Some((_, _, rect)), Some(pos)) if rect.contains(pos));
        if dropped.len() == 1 && on_target(&target) {
            if let (Some((image_id, label, _)), Some(path)) = (&target, dropped.first()) {
                let path = path.display().to_string();
                self.view.lifecycle.ask_upload_path(*image_id, label, path);
            }
        } else {
            for path in dropped {
                self.view.import.add_file(path, &mut self.view.outbox);
            }
        }
        if hovering {
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop-hint"),
            ));
            let rect = ctx.content_rect();
            let shade = egui::Color32::from_black_alpha(160);
            let font = egui::FontId::proportional(22.0);
            // With a queued image in the inspector there are two targets: say both, and
            // light the one under the pointer.
            let import_rect = match &target {
                Some((_, label, inspector)) => {
                    let left = egui::Rect::from_min_max(
                        rect.min,
                        egui::pos2(inspector.left(), rect.bottom()),
                    );
                    let fill = if on_target(&target) {
                        egui::Color32::from_rgba_unmultiplied(40, 110, 200, 170)
                    } else {
                        shade
                    };
                    painter.rect_filled(*inspector, 0.0, fill);
                    let text = tr!("window-drop-upload", label = label);
                    drop_hint(&painter, *inspector, text, font.clone());
                    left
                }
                None => rect,
            };
            painter.rect_filled(import_rect, 0.0, shade);
            let text = tr!("window-drop-import");
            drop_hint(&painter, import_rect, text, font);
        }
    }

    fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("top-bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                // The name goes first where the bar has room for it beside every control
                // (their widths as last drawn); in a narrow window, or where a language's
                // labels are longer, the controls keep their room and the name (which the
                // window's title shows anyway) gives way.
                let widths_id = egui::Id::unique("top-bar-widths");
                let (controls, right): (f32, f32) =
                    ui.data(|d| d.get_temp(widths_id)).unwrap_or_default();
                let title = RichText::new("Glance Workbench").strong().size(16.0);
                let title_width =
                    theme::text_width(ui, title.clone()) + ui.spacing().item_spacing.x;
                let bar_width = ui.available_width();
                let show_title = controls + right + title_width <= bar_width;
                if show_title {
                    ui.label(title);
                }
                let controls_start = ui.cursor().min.x;
                if ui
                    .button(tr!("window-import"))
                    .on_hover_text(tr!("window-import-hint"))
                    .clicked()
                {
                    self.view.import.show();
                }
                if ui
                    .button(tr!("window-new-blank"))
                    .on_hover_text(tr!("window-new-blank-hint"))
                    .clicked()
                {
                    let view = &mut self.view;
                    view.convert
                        .open(ConvertAction::CreateBlank, &mut view.outbox);
                }
                remotes::central_switch_ui(ui, &mut self.view.remotes);
                let controls = ui.cursor().min.x - controls_start;
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    help::help_menu_ui(ui, &mut self.help, &self.log_folder);
                    theme::theme_switch_ui(ui, &mut self.view.theme);
                    language::language_switch_ui(ui, &mut self.view.language);
                    let right = ui.min_rect().width() + ui.spacing().item_spacing.x;
                    ui.data_mut(|d| d.insert_temp(widths_id, (controls, right)));
                    if show_title && controls + right + title_width > bar_width {
                        // The name no longer fits (the first frame, another language): lay
                        // the bar out again without it.
                        ui.ctx().request_repaint();
                    }
                    // The data dir takes what room is left and is cut (full path on hover),
                    // so a long path never pushes the window wider than the screen.
                    let dir = self.data_dir.display().to_string();
                    ui.add(
                        egui::Label::new(RichText::new(&dir).weak().monospace())
                            .truncate()
                            .show_tooltip_when_elided(false),
                    )
                    .on_hover_text(tr!("window-data-dir-hint", dir = dir));
                });
            });
            if let Some(fatal) = &self.view.fatal {
                ui.label(theme::error_text(
                    ui,
                    tr!("window-open-failed", error = fatal),
                ));
                if self.view.recoverable && ui.button(tr!("window-start-new-registry")).clicked() {
                    self.view.recoverable = false;
                    self.view
                        .outbox
                        .push(crate::ui::bridge::Command::StartRecovery);
                }
            }
            if self.view.lost_found > 0 && self.view.fatal.is_none() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(theme::warn_text(
                        ui,
                        tr!("window-lost-found", count = self.view.lost_found),
                    ));
                    if ui.button(tr!("window-register-again")).clicked() {
                        let (job_id, control) =
                            self.view
                                .jobs
                                .start(jobs::JobKind::Import, "lost+found".into(), None);
                        self.view
                            .outbox
                            .push(crate::ui::bridge::Command::RecoverLost(job_id, control));
                        self.view.lost_found = 0;
                    }
                });
            }
        });
    }

    /// Ctrl+1 / Ctrl+2 switch between the Catalog and the Remotes, Alt+1..3 between the
    /// inspector's tabs (the same switches as the buttons, so the unsaved-edit guard sees
    /// them the same way).
    fn view_keys_ui(&mut self, ctx: &egui::Context) {
        let key = |modifiers, key| egui::KeyboardShortcut::new(modifiers, key);
        let pressed = |shortcut| ctx.input_mut(|i| i.consume_shortcut(&shortcut));
        use egui::{Key, Modifiers};
        if pressed(key(Modifiers::COMMAND, Key::Num1)) {
            self.view.remotes.central = Central::Catalog;
        }
        if pressed(key(Modifiers::COMMAND, Key::Num2)) {
            self.view.remotes.central = Central::Remotes;
        }
        for (digit, tab) in [
            (Key::Num1, Tab::Details),
            (Key::Num2, Tab::Sharing),
            (Key::Num3, Tab::State),
        ] {
            if pressed(key(Modifiers::ALT, digit)) {
                self.view.tab = tab;
            }
        }
    }

    /// F1, and the keyboard shortcuts and About windows.
    fn help_windows_ui(&mut self, ctx: &egui::Context) {
        help::keys(ctx, &mut self.help);
        help::shortcuts_window_ui(ctx, &mut self.help);
        if self.help.about {
            let qemu_img = self.view.convert.qemu_img_version(&mut self.view.outbox);
            let facts = AboutFacts {
                data_dir: &self.data_dir,
                log_dir: self.log_folder.dir.as_deref(),
                qemu_img,
            };
            help::about_window_ui(ctx, &mut self.help, facts);
        }
    }

    fn inspector_ui(&mut self, ui: &mut egui::Ui) {
        let (range, default) = inspector_widths(ui.available_width());
        let panel = egui::Panel::right("inspector")
            .resizable(true)
            .default_size(default)
            .size_range(range)
            .show(ui, |ui| {
                let view = &mut self.view;
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut view.tab, Tab::Details, tr!("window-tab-details"));
                    ui.selectable_value(&mut view.tab, Tab::Sharing, tr!("window-tab-sharing"));
                    ui.selectable_value(&mut view.tab, Tab::State, tr!("window-tab-state"));
                });
                ui.separator();
                let Some(selected) = &view.selected else {
                    let text = if view.catalog.primary.is_some() {
                        tr!("window-loading")
                    } else {
                        tr!("window-select-hint")
                    };
                    ui.label(RichText::new(text).weak());
                    return;
                };
                if view.catalog.selected.len() > 1 {
                    ui.label(
                        RichText::new(tr!(
                            "window-selected-showing-one",
                            count = view.catalog.selected.len()
                        ))
                        .weak(),
                    );
                }
                ui.label(RichText::new(theme::shown(&selected.image.label())).heading());
                egui::ScrollArea::vertical()
                    .id_salt("inspector-scroll")
                    .show(ui, |ui| match view.tab {
                        Tab::Details => {
                            details::integrity_ui(
                                ui,
                                &selected.image,
                                &mut view.jobs,
                                &mut view.outbox,
                            );
                            lifecycle::actions_ui(
                                ui,
                                &selected.image,
                                &mut view.lifecycle,
                                &mut view.outbox,
                            );
                            convert::actions_ui(
                                ui,
                                &selected.image,
                                &mut view.convert,
                                &mut view.outbox,
                            );
                            details::details_ui(
                                ui,
                                &selected.image,
                                &mut view.details,
                                &mut view.jobs,
                                &mut view.outbox,
                            );
                        }
                        Tab::Sharing => {
                            sharing::sharing_ui(ui, selected, &mut view.sharing, &mut view.outbox)
                        }
                        Tab::State => state_panel::state_panel_ui(ui, selected),
                    });
            });
        self.inspector_rect = Some(panel.response.rect);
    }
}

impl WorkbenchApp {
    /// The close guard: a close request (the title bar, Alt+F4, SIGTERM) while Details holds
    /// unsaved edits is cancelled and the Save / Discard / Cancel prompt asked instead; the
    /// same prompt answers a held selection change or view switch; Esc left over by the
    /// dialogs reverts the edits.
    fn unsaved_guard_ui(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && self.view.has_unsaved_edits() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.view.leaving.get_or_insert(Leave::Close);
        }
        if self.view.leaving.is_none() && self.view.has_unsaved_edits() {
            details::escape_ui(ctx, &mut self.view.details);
        }
        let (Some(leave), Some(selected)) = (self.view.leaving, &self.view.selected) else {
            self.view.leaving = None;
            return;
        };
        let label = selected.image.label();
        if let Some(answer) = details::unsaved_prompt_ui(ctx, &self.view.details, &label, leave)
            && self.view.resolve_leave(answer)
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// `text` centred in `rect`, wrapped to its width (a long image name must not run off it).
fn drop_hint(painter: &egui::Painter, rect: egui::Rect, text: String, font: egui::FontId) {
    let wrap = (rect.width() - 40.0).max(80.0);
    let galley = painter.layout(text, font, egui::Color32::WHITE, wrap);
    let pos = rect.center() - galley.size() / 2.0;
    painter.galley(pos, galley, egui::Color32::WHITE);
}

/// The inspector's width range and default for a window whose content is `width` wide: never
/// narrower than its controls need, never so wide the catalog beside it is squeezed out
/// (it used to grow with its content until the table lost its columns), and a default that
/// leaves the catalog the larger share at every window size.
pub fn inspector_widths(width: f32) -> (egui::Rangef, f32) {
    let min = 300.0_f32.min(width * 0.4);
    let max = (width - CENTRE_MIN).max(min);
    let default = (width * 0.3).clamp(min, 560.0_f32.min(max));
    (egui::Rangef::new(min, max), default)
}

/// The narrowest the central area gets beside the inspector.
const CENTRE_MIN: f32 = 440.0;

/// How long closing the window waits for cancelled jobs to clean up.
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

impl eframe::App for WorkbenchApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        for reply in self.bridge.drain() {
            self.view.apply(reply);
        }
        self.log_folder.poll(&mut self.view.jobs);
        if self.view.jobs.any_running() {
            ctx.request_repaint_after(JOB_REPAINT);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let import_shortcut = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::I);
        if ctx.input_mut(|i| i.consume_shortcut(&import_shortcut)) {
            self.view.import.show();
        }
        self.view_keys_ui(&ctx);
        self.dropped_files_ui(&ctx);
        self.top_bar_ui(ui);
        egui::Panel::bottom("jobs-panel")
            .resizable(true)
            .default_size(110.0)
            .show(ui, |ui| {
                if let Some(image_id) = jobs::jobs_ui(ui, &mut self.view.jobs) {
                    self.view.select(image_id);
                }
            });
        // Notices sit above the jobs, not under the top bar: one arriving no longer moves
        // the tabs and filters a person is about to click.
        if !self.view.jobs.notices.is_empty() {
            egui::Panel::bottom("notices").show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("notices-scroll")
                    .max_height(150.0)
                    .show(ui, |ui| jobs::notices_ui(ui, &mut self.view.jobs));
            });
        }
        // The Remotes view needs its width for three panes; the local inspector is there
        // only when asked for.
        self.inspector_rect = None;
        if self.view.remotes.central == Central::Catalog || self.view.remotes.local_details {
            self.inspector_ui(ui);
        }
        let central =
            egui::CentralPanel::default().show(ui, |ui| match self.view.remotes.central {
                Central::Catalog => {
                    catalog_table::filter_bar_ui(ui, &mut self.view.catalog);
                    dialogs::set_dialog_area_below(ui);
                    let actions =
                        catalog_table::table_ui(ui, &mut self.view.catalog, &mut self.view.outbox);
                    for action in actions {
                        self.view.catalog_action(action);
                    }
                    remotes::catalog_drop_ui(ui, &mut self.view.remotes);
                }
                Central::Remotes => {
                    dialogs::set_dialog_area_below(ui);
                    let view = &mut self.view;
                    let mut cx = Ctx::new(&mut view.outbox, &mut view.jobs);
                    remotes::remotes_ui(ui, &mut view.remotes, &mut view.catalog, &mut cx);
                }
            });
        self.central_rect = Some(central.response.rect);
        import::import_window_ui(
            &ctx,
            &mut self.view.import,
            &mut self.view.jobs,
            &mut self.view.outbox,
        );
        lifecycle::dialogs_ui(
            &ctx,
            &mut self.view.lifecycle,
            &mut self.view.jobs,
            &mut self.view.outbox,
        );
        if let Some(image_id) = convert::windows_ui(
            &ctx,
            &mut self.view.convert,
            &mut self.view.jobs,
            &mut self.view.outbox,
        ) {
            self.view.select(image_id);
        }
        let view = &mut self.view;
        let mut cx = Ctx::new(&mut view.outbox, &mut view.jobs);
        remotes::windows_ui(&ctx, &mut view.remotes, &mut cx);
        self.help_windows_ui(&ctx);
        self.unsaved_guard_ui(&ctx);
        self.view.follow_selection();
        self.view.flush(&self.bridge);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.view.prefs());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Cancelled jobs put their images back and remove their part files; wait a little for
        // that (reconcile repairs whatever is still running when the process ends).
        self.view.jobs.cancel_all();
        let deadline = std::time::Instant::now() + EXIT_GRACE;
        // A save sent from the close prompt is waited for too.
        while (self.view.jobs.any_running() || self.view.details.is_saving())
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(50));
            for reply in self.bridge.drain() {
                self.view.apply(reply);
            }
        }
    }
}
