//! The state panel: Glance's image status machine drawn as a diagram (the 9 statuses as
//! nodes, the allowed transitions from `backend::state` as edges) with the selected image's
//! status highlighted and the path it took emphasised; its transition history as a timeline;
//! and its tasks. It is redrawn from events, so an upload is seen going
//! queued -> saving -> active while it runs.

use eframe::egui::{self, Color32, Pos2, Rect, RichText, Sense, Stroke, Vec2};
use eframe::epaint::QuadraticBezierShape;

use crate::backend::state::allowed_targets;
use crate::backend::{ImageStatus, Task, Transition};
use crate::format;
use crate::ui::bridge::ImageView;
use crate::ui::theme;

/// Node positions in a 4 x 4 grid (column, row), chosen so the main paths read left to
/// right: queued -> saving -> active -> deactivated on top, the import path below.
fn grid_position(status: ImageStatus) -> (f32, f32) {
    match status {
        ImageStatus::Queued => (0.0, 1.0),
        ImageStatus::Saving => (1.0, 0.0),
        ImageStatus::Active => (2.0, 0.0),
        ImageStatus::Deactivated => (3.0, 0.0),
        ImageStatus::Killed => (1.0, 1.0),
        ImageStatus::PendingDelete => (3.0, 1.0),
        ImageStatus::Uploading => (1.0, 2.0),
        ImageStatus::Importing => (2.0, 2.0),
        ImageStatus::Deleted => (2.5, 3.0),
    }
}

const NODE_SIZE: Vec2 = Vec2::new(92.0, 22.0);

/// The diagram; `current` is highlighted and the `visited` edges are drawn strong.
pub fn diagram_ui(
    ui: &mut egui::Ui,
    current: Option<ImageStatus>,
    visited: &[(ImageStatus, ImageStatus)],
) {
    let width = (ui.available_width() - 16.0).clamp(340.0, 620.0);
    let height = 250.0;
    let (response, painter) = ui.allocate_painter(Vec2::new(width, height), Sense::hover());
    let rect = response
        .rect
        .shrink2(Vec2::new(NODE_SIZE.x / 2.0 + 2.0, NODE_SIZE.y / 2.0 + 2.0));
    let center = |status| {
        let (col, row) = grid_position(status);
        Pos2::new(
            rect.left() + rect.width() * col / 3.0,
            rect.top() + rect.height() * row / 3.0,
        )
    };
    let visuals = ui.visuals();
    let dark = visuals.dark_mode;
    let faint = visuals.weak_text_color().gamma_multiply(0.55);
    let accent = visuals.selection.bg_fill;

    for from in ImageStatus::ALL {
        for to in allowed_targets(*from) {
            let was_taken = visited.contains(&(*from, *to));
            let leaves_current = current == Some(*from);
            let (color, width) = if was_taken {
                (theme::status_color(*to, dark), 2.2)
            } else if leaves_current {
                (accent, 1.8)
            } else {
                (faint, 1.0)
            };
            edge(
                &painter,
                center(*from),
                center(*to),
                Stroke::new(width, color),
            );
        }
    }
    for status in ImageStatus::ALL {
        let node = Rect::from_center_size(center(*status), NODE_SIZE);
        let color = theme::status_color(*status, dark);
        let is_current = current == Some(*status);
        let fill = if is_current {
            color
        } else {
            visuals.extreme_bg_color
        };
        let stroke = Stroke::new(if is_current { 2.5 } else { 1.0 }, color);
        painter.rect_filled(node, 6.0, fill);
        painter.rect_stroke(node, 6.0, stroke, egui::StrokeKind::Inside);
        let text_color = if is_current { contrast(color) } else { color };
        painter.text(
            node.center(),
            egui::Align2::CENTER_CENTER,
            status.as_str(),
            egui::FontId::proportional(12.5),
            text_color,
        );
    }
    let described = match current {
        Some(status) => format!("Status diagram, current status {status}"),
        None => "Status diagram".to_string(),
    };
    response
        .on_hover_text(
            "Glance's image status machine. Highlighted: the current status; strong edges: \
         transitions this image went through; accent edges: where it may go next.",
        )
        .accessible_name(described);
}

/// Black or white, whichever reads better on `background`.
fn contrast(background: Color32) -> Color32 {
    let [r, g, b, _] = background.to_array();
    let luma = 0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b);
    if luma > 140.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// A slightly curved arrow from node `a` to node `b`, clipped to the node boxes. Curving to
/// the right of the direction keeps the two directions of a pair apart.
fn edge(painter: &egui::Painter, a: Pos2, b: Pos2, stroke: Stroke) {
    let direction = (b - a).normalized();
    let normal = Vec2::new(-direction.y, direction.x);
    let clip = |p: Pos2, toward: Vec2| {
        let half = NODE_SIZE / 2.0 + Vec2::splat(3.0);
        let scale = (half.x / toward.x.abs().max(1e-3)).min(half.y / toward.y.abs().max(1e-3));
        p + toward * scale
    };
    let start = clip(a, direction);
    let end = clip(b, -direction);
    let bend = (end - start).length() * 0.12;
    let control = start + (end - start) / 2.0 + normal * bend;
    painter.add(QuadraticBezierShape::from_points_stroke(
        [start, control, end],
        false,
        Color32::TRANSPARENT,
        stroke,
    ));
    let tip_direction = (end - control).normalized();
    let tip_normal = Vec2::new(-tip_direction.y, tip_direction.x);
    let size = 7.0;
    let back = end - tip_direction * size;
    painter.line_segment([end, back + tip_normal * size * 0.45], stroke);
    painter.line_segment([end, back - tip_normal * size * 0.45], stroke);
}

/// The transition history, oldest first.
pub fn timeline_ui(ui: &mut egui::Ui, history: &[Transition]) {
    theme::section_heading_ui(ui, &format!("Transition history ({})", history.len()));
    if history.is_empty() {
        ui.label(RichText::new("no transitions recorded").weak());
        return;
    }
    let dark = ui.visuals().dark_mode;
    egui::Grid::new("timeline-grid")
        .num_columns(3)
        .striped(true)
        .spacing([10.0, 3.0])
        .show(ui, |ui| {
            for transition in history {
                ui.label(
                    RichText::new(format::local_time_precise(&transition.at))
                        .monospace()
                        .small(),
                );
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = 4.0;
                    match transition.from {
                        Some(from) => {
                            ui.label(theme::status_text(from, dark));
                        }
                        None => {
                            ui.label(RichText::new("(new)").weak());
                        }
                    }
                    ui.label("→");
                    ui.label(theme::status_text(transition.to, dark).strong());
                });
                ui.add(egui::Label::new(theme::shown(&transition.cause)).wrap());
                ui.end_row();
            }
        });
}

/// The image's tasks, newest first.
pub fn tasks_ui(ui: &mut egui::Ui, tasks: &[Task]) {
    theme::section_heading_ui(ui, &format!("Tasks ({})", tasks.len()));
    if tasks.is_empty() {
        ui.label(RichText::new("no tasks").weak());
        return;
    }
    let dark = ui.visuals().dark_mode;
    egui::Grid::new("tasks-grid")
        .num_columns(4)
        .striped(true)
        .spacing([10.0, 3.0])
        .show(ui, |ui| {
            for task in tasks {
                ui.label(&task.task_type);
                ui.label(
                    RichText::new(task.status.as_str()).color(theme::task_color(task.status, dark)),
                );
                ui.label(
                    RichText::new(format::local_time(&task.updated_at))
                        .weak()
                        .small(),
                );
                let message = if task.message.is_empty() {
                    "—".to_owned()
                } else {
                    theme::shown(&task.message)
                };
                ui.add(egui::Label::new(message).wrap());
                ui.end_row();
            }
        });
}

/// The whole state tab for one image.
pub fn state_panel_ui(ui: &mut egui::Ui, view: &ImageView) {
    let visited: Vec<(ImageStatus, ImageStatus)> = view
        .history
        .iter()
        .filter_map(|t| t.from.map(|from| (from, t.to)))
        .collect();
    let status = view.image.status;
    let color = theme::status_color(status, ui.visuals().dark_mode);
    ui.label(
        RichText::new(format!("Current status: {status}"))
            .color(color)
            .strong()
            .size(16.0),
    );
    diagram_ui(ui, Some(view.image.status), &visited);
    timeline_ui(ui, &view.history);
    tasks_ui(ui, &view.tasks);
}
