//! Sharing: the visibility selector and the members of the selected image (pending /
//! accepted / rejected), with add, remove and status changes. Glance's rules are checked
//! before anything is sent, and a control that cannot act says why (members need visibility
//! `shared`, at most 128 members, no duplicates, project ids of 1 to 255 characters).
//! Unlike Details (one pending edit saved with "Save changes"), sharing changes apply at once,
//! and the tab says so: a member is a separate record, not a field of the image.

use eframe::egui::{self, RichText};

use crate::backend::validate::{MAX_MEMBERS, MAX_NAME_CHARS};
use crate::backend::{ImageStatus, ImageUpdate, MemberStatus, Visibility};
use crate::format;
use crate::tr;
use crate::ui::bridge::{Command, ImageView};
use crate::ui::details::subject;
use crate::ui::theme;

/// The sharing tab's state.
#[derive(Debug, Default)]
pub struct SharingView {
    /// The project id being typed.
    pub new_member: String,
}

fn visibility_help(visibility: Visibility) -> String {
    match visibility {
        Visibility::Public => tr!("sharing-help-public"),
        Visibility::Community => tr!("sharing-help-community"),
        Visibility::Shared => tr!("sharing-help-shared"),
        Visibility::Private => tr!("sharing-help-private"),
    }
}

/// A visibility as the tab shows it: the translated label with Glance's value beside it.
use crate::i18n::labels::visibility_named as visibility_text;

/// A member status as the tab shows it: the translated label with Glance's value beside it.
use crate::i18n::labels::member_status_named as member_status_text;

/// Why a member cannot be added now (Glance's rules), if it cannot.
fn add_member_problem(view: &ImageView, project: &str) -> Option<String> {
    let image = &view.image;
    let subject = subject(image);
    if image.status == ImageStatus::Deleted {
        return Some(tr!("sharing-deleted", subject = subject));
    }
    if image.visibility != Visibility::Shared {
        return Some(tr!(
            "sharing-needs-shared",
            subject = subject,
            visibility = visibility_text(image.visibility)
        ));
    }
    if view.members.len() >= MAX_MEMBERS {
        return Some(tr!(
            "sharing-too-many",
            subject = subject,
            max = MAX_MEMBERS.to_string()
        ));
    }
    let project = project.trim();
    if project.chars().count() > MAX_NAME_CHARS {
        return Some(tr!(
            "sharing-bad-project",
            subject = subject,
            max = MAX_NAME_CHARS.to_string()
        ));
    }
    if view.members.iter().any(|m| m.member_id == project) {
        return Some(tr!(
            "sharing-already-member",
            subject = subject,
            project = project
        ));
    }
    None
}

/// The visibility selector; applies the change at once.
fn visibility_ui(ui: &mut egui::Ui, view: &ImageView, out: &mut Vec<Command>) {
    theme::section_heading_ui(ui, &tr!("sharing-visibility"));
    ui.label(RichText::new(tr!("sharing-at-once")).weak().small());
    let image = &view.image;
    let mut chosen = image.visibility;
    ui.horizontal_wrapped(|ui| {
        for v in Visibility::ALL {
            ui.selectable_value(&mut chosen, *v, visibility_text(*v))
                .on_hover_text(visibility_help(*v));
        }
    });
    ui.label(RichText::new(visibility_help(image.visibility)).weak());
    if chosen != image.visibility {
        let update = ImageUpdate {
            visibility: Some(chosen),
            ..ImageUpdate::default()
        };
        out.push(Command::Update(image.id, Box::new(update)));
    }
}

/// The members list with status controls and Remove buttons.
fn members_ui(ui: &mut egui::Ui, view: &ImageView, out: &mut Vec<Command>) {
    theme::section_heading_ui(
        ui,
        &tr!("sharing-members", count = view.members.len().to_string()),
    );
    let image = &view.image;
    let dark = ui.visuals().dark_mode;
    if view.members.is_empty() {
        ui.label(RichText::new(tr!("sharing-no-members")).weak());
    } else if image.visibility != Visibility::Shared {
        ui.label(theme::warn_text(
            ui,
            tr!(
                "sharing-members-cannot-see",
                visibility = visibility_text(image.visibility)
            ),
        ));
    }
    // One block per member, wrapping: a grid of id, status, three answer buttons and Remove
    // was wider than a narrow inspector and pushed it off the window.
    for (row, member) in view.members.iter().enumerate() {
        let fill = if row % 2 == 0 {
            ui.visuals().faint_bg_color
        } else {
            egui::Color32::TRANSPARENT
        };
        egui::Frame::new()
            .fill(fill)
            .inner_margin(egui::Margin::symmetric(4, 3))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui
                            .button(tr!("sharing-remove"))
                            .on_hover_text(tr!(
                                "sharing-remove-tip",
                                project = theme::shown(&member.member_id)
                            ))
                            .clicked()
                        {
                            out.push(Command::RemoveMember(image.id, member.member_id.clone()));
                        }
                        let color = theme::member_color(member.status, dark);
                        ui.label(RichText::new(member_status_text(member.status)).color(color));
                        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                            let id = RichText::new(theme::shown(&member.member_id)).monospace();
                            ui.add(egui::Label::new(id).truncate());
                        });
                    });
                });
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(tr!("sharing-answer")).weak().small());
                    for status in MemberStatus::ALL {
                        let current = member.status == *status;
                        let button = ui
                            .selectable_label(current, member_status_text(*status))
                            .on_hover_text(tr!(
                                "sharing-answer-tip",
                                project = theme::shown(&member.member_id),
                                status = member_status_text(*status)
                            ));
                        if button.clicked() && !current {
                            out.push(Command::SetMemberStatus(
                                image.id,
                                member.member_id.clone(),
                                *status,
                            ));
                        }
                    }
                    let since = tr!(
                        "sharing-since",
                        time = format::local_time(&member.created_at)
                    );
                    ui.label(RichText::new(since).weak().small());
                });
            });
    }
}

/// The add-member row; disabled with the reason when Glance would refuse.
fn add_member_ui(
    ui: &mut egui::Ui,
    view: &ImageView,
    state: &mut SharingView,
    out: &mut Vec<Command>,
) {
    ui.add_space(6.0);
    let problem = add_member_problem(view, &state.new_member);
    let blocked_by_rule = add_member_problem(view, "").is_some();
    let project = state.new_member.trim().to_string();
    ui.horizontal_wrapped(|ui| {
        let width = (ui.available_width() - 110.0).clamp(120.0, 320.0);
        let field = ui.add_enabled(
            !blocked_by_rule,
            egui::TextEdit::singleline(&mut state.new_member)
                .hint_text(tr!("sharing-project-hint"))
                .desired_width(width),
        );
        let field = field.accessible_name(tr!("sharing-project-id"));
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let can_add = problem.is_none() && !project.is_empty();
        let add = ui
            .add_enabled(can_add, egui::Button::new(tr!("sharing-add-member")))
            .on_disabled_hover_text(
                problem
                    .clone()
                    .unwrap_or_else(|| tr!("sharing-type-project-first")),
            );
        if can_add && (add.clicked() || enter) {
            out.push(Command::AddMember(view.image.id, project.clone()));
            state.new_member.clear();
        }
    });
    if let Some(problem) = problem {
        ui.label(theme::error_text(ui, problem));
    }
}

/// The whole sharing tab for one image.
pub fn sharing_ui(
    ui: &mut egui::Ui,
    view: &ImageView,
    state: &mut SharingView,
    out: &mut Vec<Command>,
) {
    visibility_ui(ui, view, out);
    members_ui(ui, view, out);
    add_member_ui(ui, view, state, out);
    ui.add_space(8.0);
    ui.label(RichText::new(tr!("sharing-footer")).weak().small());
}
