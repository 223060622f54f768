//! The state panel: Glance's image status machine drawn as a diagram (the 9 statuses as
//! nodes in layers following Glance's flow, the allowed transitions from `backend::state` as
//! arrows) with the selected image's status highlighted and the path it took emphasised; its
//! transition history as a timeline; and its tasks. It is redrawn from events, so an upload
//! is seen going queued -> saving -> active while it runs.
//!
//! The diagram's geometry is [`layout`], a pure function of the width and a text measure: the
//! layers run left to right when they fit (font, spacing and arrows scaled to the width, the
//! whole capped and centred when the panel is wide) and top to bottom when the panel is too
//! narrow for that. Nodes never overlap and arrows never cross a node: an arrow that skips a
//! layer goes through a gap between that layer's nodes.

use eframe::egui::{self, Color32, Pos2, Rect, RichText, Sense, Stroke, Vec2};
use eframe::epaint::CubicBezierShape;

use crate::backend::state::allowed_targets;
use crate::backend::{ImageStatus, Task, Transition};
use crate::format;
use crate::i18n::labels;
use crate::tr;
use crate::ui::bridge::ImageView;
use crate::ui::theme;

/// A status as the panel shows it in running text: the translated label with Glance's value
/// beside it ("可用（active）"; in English the value alone).
use crate::i18n::labels::image_status_named as status_text;

/// A diagram node's text: Glance's value, under its translated label where that differs
/// (two lines, so a node is no wider than its longer line).
pub(crate) fn node_text(status: ImageStatus) -> String {
    let label = labels::image_status(status);
    if label == status.as_str() {
        label
    } else {
        tr!("state-node", label = label, value = status.as_str())
    }
}

/// The diagram's layers in the order of Glance's flow: a new image; its data arriving (saving
/// for an upload, uploading then importing for an interoperable import); the outcome; what an
/// active image may become; the end. Within a layer, top to bottom (or left to right).
/// `uploading -> importing` stays within a layer, so those two are neighbours.
const LAYERS: [&[ImageStatus]; 5] = [
    &[ImageStatus::Queued],
    &[
        ImageStatus::Saving,
        ImageStatus::Uploading,
        ImageStatus::Importing,
    ],
    &[ImageStatus::Active, ImageStatus::Killed],
    &[ImageStatus::Deactivated, ImageStatus::PendingDelete],
    &[ImageStatus::Deleted],
];

/// How many statuses there are; per-status tables are indexed by `ImageStatus as usize`.
const STATUSES: usize = ImageStatus::ALL.len();

/// Label font sizes: the smallest a layout may choose while one fits, and the cap.
const MIN_FONT: f32 = 10.0;
const MAX_FONT: f32 = 14.0;
/// Smaller still only when not even the top-to-bottom layout fits at [`MIN_FONT`] (a space
/// under about 220 points), so the diagram shrinks rather than spilling out of its space.
const LAST_RESORT_FONT: f32 = 5.0;
/// Font sizes are tried in these steps, largest first.
const FONT_STEP: f32 = 0.5;

/// Which way the layers run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    /// Left to right; a layer's nodes stacked top to bottom.
    Across,
    /// Top to bottom; a layer's nodes side by side (narrow panels).
    Down,
}

/// The diagram's geometry, relative to the top left of its space.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// Which way the layers run.
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "the tests check which way each width lays out")
    )]
    pub flow: Flow,
    /// The space to allocate: the width given, and the height needed.
    pub size: Vec2,
    /// The label font size.
    pub font_size: f32,
    /// Every status and its box.
    pub nodes: Vec<(ImageStatus, Rect)>,
    /// One arrow per allowed transition.
    pub edges: Vec<EdgePath>,
}

/// The arrow of one transition.
#[derive(Debug, Clone)]
pub(crate) struct EdgePath {
    /// From.
    pub from: ImageStatus,
    /// To.
    pub to: ImageStatus,
    /// Cubic Bézier pieces `[start, control, control, end]`, end to end, from the source's
    /// border to the base of the arrow head.
    pub pieces: Vec<[Pos2; 4]>,
    /// The arrow head's tip, on the target's border.
    pub tip: Pos2,
}

impl EdgePath {
    /// The arrow head's base: where the last piece ends.
    fn base(&self) -> Pos2 {
        self.pieces.last().map_or(self.tip, |piece| piece[3])
    }
}

fn layer_of(status: ImageStatus) -> usize {
    LAYERS
        .iter()
        .position(|layer| layer.contains(&status))
        .unwrap_or(0)
}

/// Label sizes and paddings at one font size.
struct Metrics {
    font: f32,
    /// Label sizes, indexed by `ImageStatus as usize` (the order of `ImageStatus::ALL`).
    labels: [Vec2; STATUSES],
    node_thickness: f32,
    pad_x: f32,
    arrow: f32,
}

impl Metrics {
    fn new(font: f32, measure: &dyn Fn(&str, f32) -> Vec2) -> Self {
        let mut labels = [Vec2::ZERO; STATUSES];
        for status in ImageStatus::ALL {
            labels[*status as usize] = measure(&node_text(*status), font);
        }
        let text_height = labels.iter().map(|l| l.y).fold(0.0, f32::max);
        Self {
            font,
            labels,
            node_thickness: (text_height + 0.7 * font).round(),
            pad_x: (0.6 * font).round(),
            arrow: (0.6 * font).max(5.0),
        }
    }

    /// The length of the widest label of `layer` plus padding: the boxes of a layer share it.
    fn layer_length(&self, layer: &[ImageStatus]) -> f32 {
        let widest = layer
            .iter()
            .map(|s| self.labels[*s as usize].x)
            .fold(0.0, f32::max);
        (widest + 2.0 * self.pad_x).ceil()
    }
}

/// The diagram laid out in layer coordinates: `u` runs along the flow (x across, y down),
/// `v` across it.
struct Grid {
    flow: Flow,
    /// Each layer's `u` range; its boxes fill it.
    bands: [(f32, f32); 5],
    /// Each status's `v` range, indexed by `ImageStatus as usize`.
    spans: [(f32, f32); STATUSES],
    /// The `v` range arrows may use.
    v_range: (f32, f32),
    size: Vec2,
}

impl Grid {
    fn point(&self, u: f32, v: f32) -> Pos2 {
        match self.flow {
            Flow::Across => Pos2::new(u, v),
            Flow::Down => Pos2::new(v, u),
        }
    }

    fn rect(&self, status: ImageStatus) -> Rect {
        let (u0, u1) = self.bands[layer_of(status)];
        let (v0, v1) = self.spans[status as usize];
        Rect::from_two_pos(self.point(u0, v0), self.point(u1, v1))
    }
}

/// Left to right, if it fits `width` at `m`'s font. Channels between layers and gaps
/// between boxes grow with the width up to a cap; the diagram is centred.
fn across(width: f32, m: &Metrics) -> Option<Grid> {
    let lengths = LAYERS.map(|layer| m.layer_length(layer));
    let total: f32 = lengths.iter().sum();
    let channels = (LAYERS.len() - 1) as f32;
    let min_channel = 2.8 * m.font;
    if total + channels * min_channel > width {
        return None;
    }
    let channel = ((width - total) / channels).min(6.0 * m.font);
    let mut u = ((width - total - channels * channel) / 2.0).round();
    let mut bands = [(0.0, 0.0); 5];
    for (band, length) in bands.iter_mut().zip(lengths) {
        *band = (u, u + length);
        u += length + channel;
    }
    let thickness = m.node_thickness;
    let gap = (0.45 * channel).clamp(thickness, 1.6 * thickness).round();
    // Room above and below the tallest layer for arrows passing it.
    let margin = (0.8 * thickness).round();
    let most = LAYERS.iter().map(|l| l.len()).max().unwrap_or(1) as f32;
    let height = most * thickness + (most - 1.0) * gap + 2.0 * margin;
    Some(Grid {
        flow: Flow::Across,
        bands,
        spans: stack(|_| thickness, gap, height),
        v_range: (2.0, height - 2.0),
        size: Vec2::new(width, height),
    })
}

/// The spacing of the top-to-bottom layout at `m`'s font: a box's length (each as wide as
/// its own label: this is the layout for narrow spaces), the margin left and right, the least
/// gap between boxes, and a layer's width with a given gap.
struct DownSpacing<'m> {
    m: &'m Metrics,
    margin: f32,
    min_gap: f32,
}

impl DownSpacing<'_> {
    fn new(m: &Metrics) -> DownSpacing<'_> {
        DownSpacing {
            m,
            margin: (0.8 * m.font).round(),
            // Room for the arrow from uploading to importing.
            min_gap: 1.8 * m.font,
        }
    }

    fn length(&self, status: ImageStatus) -> f32 {
        (self.m.labels[status as usize].x + 2.0 * self.m.pad_x).ceil()
    }

    /// The widest layer's width with `gap` between boxes.
    fn row(&self, gap: f32) -> f32 {
        LAYERS
            .iter()
            .map(|layer| {
                layer.iter().map(|s| self.length(*s)).sum::<f32>() + (layer.len() - 1) as f32 * gap
            })
            .fold(0.0, f32::max)
    }

    /// The least width the layout needs.
    fn min_width(&self) -> f32 {
        self.row(self.min_gap) + 2.0 * self.margin
    }
}

/// Top to bottom, if it fits `width` at `m`'s font (a layer's boxes side by side).
fn down(width: f32, m: &Metrics) -> Option<Grid> {
    let spacing = DownSpacing::new(m);
    (spacing.min_width() <= width).then(|| down_at(width, &spacing))
}

/// Top to bottom in `width`, which should be at least `spacing.min_width()`.
fn down_at(width: f32, spacing: &DownSpacing<'_>) -> Grid {
    let m = spacing.m;
    let (margin, min_gap) = (spacing.margin, spacing.min_gap);
    // The widest layer's gaps take a share of the spare width, up to a cap.
    let most = LAYERS.iter().map(|l| l.len()).max().unwrap_or(1) as f32;
    let spare = (width - spacing.min_width()).max(0.0);
    let gap = (min_gap + 0.5 * spare / (most - 1.0).max(1.0))
        .min(4.0 * m.font)
        .round();
    let extent = spacing.row(gap) + 2.0 * margin;
    let offset = ((width - extent) / 2.0).round();
    let channel = (3.0 * m.font).round();
    let thickness = m.node_thickness;
    let mut bands = [(0.0, 0.0); 5];
    let mut u = 2.0;
    for band in &mut bands {
        *band = (u, u + thickness);
        u += thickness + channel;
    }
    let height = u - channel + 2.0;
    let mut spans = stack(|status| spacing.length(status), gap, extent);
    for span in &mut spans {
        span.0 += offset;
        span.1 += offset;
    }
    Grid {
        flow: Flow::Down,
        bands,
        spans,
        v_range: (offset + 2.0, offset + extent - 2.0),
        size: Vec2::new(width, height),
    }
}

/// Each layer's boxes stacked along `v` with `gap` between them, centred in `0..extent`.
fn stack(length: impl Fn(ImageStatus) -> f32, gap: f32, extent: f32) -> [(f32, f32); STATUSES] {
    let mut spans = [(0.0, 0.0); STATUSES];
    for layer in LAYERS {
        let total: f32 =
            layer.iter().map(|s| length(*s)).sum::<f32>() + (layer.len() - 1) as f32 * gap;
        let mut v = ((extent - total) / 2.0).round();
        for status in layer {
            spans[*status as usize] = (v, v + length(*status));
            v += length(*status) + gap;
        }
    }
    spans
}

/// Where an arrow meets a box: the side facing the next layer (`Far`) or the previous one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Near,
    Far,
}

/// Which side of `from` an arrow leaves by and which side of `to` it enters by; `None` for
/// an arrow within a layer.
fn sides(from: ImageStatus, to: ImageStatus) -> Option<(Side, Side)> {
    match layer_of(to).cmp(&layer_of(from)) {
        std::cmp::Ordering::Greater => Some((Side::Far, Side::Near)),
        std::cmp::Ordering::Less => Some((Side::Near, Side::Far)),
        std::cmp::Ordering::Equal => None,
    }
}

/// Every allowed transition, in `ImageStatus::ALL` order.
fn transitions() -> impl Iterator<Item = (ImageStatus, ImageStatus)> {
    ImageStatus::ALL
        .iter()
        .flat_map(|from| allowed_targets(*from).iter().map(move |to| (*from, *to)))
}

/// The `v` where arrows leave (`out`) or enter a box's side. A side used both ways puts the
/// two a little apart, so the two arrows of a pair such as queued <-> saving run side by side
/// instead of on top of each other; all arrows entering one side share one head.
fn anchor(grid: &Grid, status: ImageStatus, side: Side, out: bool) -> f32 {
    let (v0, v1) = grid.spans[status as usize];
    // Whether the side is also used the other way.
    let both = transitions().any(|(from, to)| match sides(from, to) {
        Some((_, enter)) if out => to == status && enter == side,
        Some((leave, _)) => from == status && leave == side,
        None => false,
    });
    if !both {
        return (v0 + v1) / 2.0;
    }
    let offset = 0.22 * (v1 - v0);
    // Out first on the far side and last on the near side keeps the pair parallel.
    let first = (out && side == Side::Far) || (!out && side == Side::Near);
    (v0 + v1) / 2.0 + if first { -offset } else { offset }
}

/// A cubic from `a` to `b` in layer coordinates that leaves and arrives along `u`.
fn s_curve(a: (f32, f32), b: (f32, f32)) -> [(f32, f32); 4] {
    let half = (b.0 - a.0) / 2.0;
    [a, (a.0 + half, a.1), (b.0 - half, b.1), b]
}

fn straight(a: (f32, f32), b: (f32, f32)) -> [(f32, f32); 4] {
    let third = ((b.0 - a.0) / 3.0, (b.1 - a.1) / 3.0);
    [
        a,
        (a.0 + third.0, a.1 + third.1),
        (b.0 - third.0, b.1 - third.1),
        b,
    ]
}

/// One arrow's route before lanes are assigned: its ends, and the layers it passes.
struct Route {
    from: ImageStatus,
    to: ImageStatus,
    start: (f32, f32),
    end: (f32, f32),
    /// (layer, gap index, the `v` a straight line would have there).
    passes: Vec<(usize, usize, f32)>,
}

/// The gaps of `layer` along `v`: before its first box, between boxes, after its last.
fn gaps(grid: &Grid, layer: &[ImageStatus]) -> Vec<(f32, f32)> {
    let mut edges = vec![grid.v_range.0];
    for status in layer {
        let (v0, v1) = grid.spans[*status as usize];
        edges.extend([v0, v1]);
    }
    edges.push(grid.v_range.1);
    edges.chunks(2).map(|pair| (pair[0], pair[1])).collect()
}

/// The arrows of `grid`.
fn route(grid: &Grid, m: &Metrics) -> Vec<EdgePath> {
    let mut routes = Vec::new();
    let mut within = Vec::new();
    let blocked = within_gaps(grid);
    for (from, to) in transitions() {
        let Some((leave, enter)) = sides(from, to) else {
            within.push((from, to));
            continue;
        };
        let (a, b) = (layer_of(from), layer_of(to));
        let u_of = |layer: usize, side: Side| match side {
            Side::Near => grid.bands[layer].0,
            Side::Far => grid.bands[layer].1,
        };
        let start = (u_of(a, leave), anchor(grid, from, leave, true));
        let end = (u_of(b, enter), anchor(grid, to, enter, false));
        let between: Vec<usize> = if a < b {
            (a + 1..b).collect()
        } else {
            (b + 1..a).rev().collect()
        };
        let passes = between
            .into_iter()
            .map(|layer| {
                let (u0, u1) = grid.bands[layer];
                let t = ((u0 + u1) / 2.0 - start.0) / (end.0 - start.0);
                let wanted = start.1 + t * (end.1 - start.1);
                (layer, nearest_gap(grid, layer, wanted, &blocked), wanted)
            })
            .collect();
        routes.push(Route {
            from,
            to,
            start,
            end,
            passes,
        });
    }
    let lanes = assign_lanes(grid, &routes);
    let mut edges: Vec<EdgePath> = routes
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let forward = r.end.0 > r.start.0;
            let sign = if forward { 1.0 } else { -1.0 };
            let mut points = vec![r.start];
            for (j, (layer, _, _)) in r.passes.iter().enumerate() {
                let (u0, u1) = grid.bands[*layer];
                let (enter, exit) = if forward { (u0, u1) } else { (u1, u0) };
                points.extend([(enter, lanes[i][j]), (exit, lanes[i][j])]);
            }
            let base = (r.end.0 - sign * m.arrow, r.end.1);
            points.push(base);
            // Curves in the channels, straight through the gaps.
            let pieces = points
                .windows(2)
                .enumerate()
                .map(|(k, w)| {
                    let piece = if k % 2 == 0 {
                        s_curve(w[0], w[1])
                    } else {
                        straight(w[0], w[1])
                    };
                    piece.map(|(u, v)| grid.point(u, v))
                })
                .collect();
            EdgePath {
                from: r.from,
                to: r.to,
                pieces,
                tip: grid.point(r.end.0, r.end.1),
            }
        })
        .collect();
    // Within a layer (uploading -> importing): neighbours, so a short straight arrow across
    // the gap between them.
    for (from, to) in within {
        let (u0, u1) = grid.bands[layer_of(from)];
        let u = (u0 + u1) / 2.0;
        let (f, t) = (grid.spans[from as usize], grid.spans[to as usize]);
        let (start, tip, base) = if f.0 < t.0 {
            (f.1, t.0, t.0 - m.arrow)
        } else {
            (f.0, t.1, t.1 + m.arrow)
        };
        edges.push(EdgePath {
            from,
            to,
            pieces: vec![straight((u, start), (u, base)).map(|(u, v)| grid.point(u, v))],
            tip: grid.point(u, tip),
        });
    }
    edges
}

/// The gaps an arrow within a layer crosses, as (layer, gap index): kept free of passing
/// arrows.
fn within_gaps(grid: &Grid) -> Vec<(usize, usize)> {
    transitions()
        .filter(|(from, to)| sides(*from, *to).is_none())
        .map(|(from, to)| {
            let layer = layer_of(from);
            let first = grid.spans[from as usize].0.min(grid.spans[to as usize].0);
            let index = LAYERS[layer]
                .iter()
                .filter(|s| grid.spans[**s as usize].0 <= first)
                .count();
            (layer, index)
        })
        .collect()
}

/// The gap of `layer` an arrow wanting to pass at `wanted` goes through: the nearest one
/// that is not taken by an arrow within the layer.
fn nearest_gap(grid: &Grid, layer: usize, wanted: f32, blocked: &[(usize, usize)]) -> usize {
    gaps(grid, LAYERS[layer])
        .iter()
        .enumerate()
        .filter(|(i, _)| !blocked.contains(&(layer, *i)))
        .map(|(i, (g0, g1))| (i, (wanted.max(*g0).min(*g1) - wanted).abs()))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(0, |(i, _)| i)
}

/// The `v` of each route's pass through each layer: the arrows sharing a gap spread evenly
/// across it, in the order they would cross it in a straight line.
fn assign_lanes(grid: &Grid, routes: &[Route]) -> Vec<Vec<f32>> {
    let mut lanes: Vec<Vec<f32>> = routes.iter().map(|r| vec![0.0; r.passes.len()]).collect();
    for (layer, statuses) in LAYERS.iter().enumerate() {
        for (index, (g0, g1)) in gaps(grid, statuses).into_iter().enumerate() {
            let mut sharing: Vec<(usize, usize, f32, f32)> = routes
                .iter()
                .enumerate()
                .flat_map(|(i, r)| {
                    r.passes
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.0 == layer && p.1 == index)
                        .map(move |(j, p)| (i, j, p.2, r.start.1 + r.end.1))
                })
                .collect();
            sharing.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.3.total_cmp(&b.3)));
            let step = (g1 - g0) / (sharing.len() + 1) as f32;
            for (k, (i, j, _, _)) in sharing.into_iter().enumerate() {
                lanes[i][j] = g0 + step * (k + 1) as f32;
            }
        }
    }
    lanes
}

/// The diagram for a space `width` wide. `measure` gives the size of a label at a font size
/// (the painter's in the UI, a fixed one in tests). The largest font up to a size that grows
/// with the width is chosen at which the layers fit left to right, or else top to bottom.
pub(crate) fn layout(width: f32, measure: &dyn Fn(&str, f32) -> Vec2) -> Layout {
    let width = width.max(1.0);
    let preferred = (8.0 + width / 90.0).clamp(MIN_FONT, MAX_FONT);
    let sizes = |low: f32| {
        let steps = ((preferred - low) / FONT_STEP).floor().max(0.0) as usize;
        (0..=steps).map(move |i| preferred - i as f32 * FONT_STEP)
    };
    let fitting = sizes(MIN_FONT)
        .find_map(|font| {
            let m = Metrics::new(font, measure);
            across(width, &m).map(|grid| (grid, m))
        })
        .or_else(|| {
            sizes(LAST_RESORT_FONT).find_map(|font| {
                let m = Metrics::new(font, measure);
                down(width, &m).map(|grid| (grid, m))
            })
        });
    let (grid, m) = fitting.unwrap_or_else(|| {
        // Narrower than any sensible space (under about 110 points): the smallest
        // top-to-bottom layout, laid out in the width it needs and clipped to the one given.
        let m = Metrics::new(LAST_RESORT_FONT, measure);
        let spacing = DownSpacing::new(&m);
        let mut grid = down_at(spacing.min_width(), &spacing);
        grid.size.x = width;
        (grid, m)
    });
    Layout {
        flow: grid.flow,
        size: grid.size,
        font_size: m.font,
        nodes: ImageStatus::ALL
            .iter()
            .map(|s| (*s, grid.rect(*s)))
            .collect(),
        edges: route(&grid, &m),
    }
}

/// The diagram; `current` is highlighted and the `visited` edges are drawn strong.
pub fn diagram_ui(
    ui: &mut egui::Ui,
    current: Option<ImageStatus>,
    visited: &[(ImageStatus, ImageStatus)],
) {
    let measure = |text: &str, size: f32| {
        ui.painter()
            .layout_no_wrap(
                text.to_owned(),
                egui::FontId::proportional(size),
                Color32::WHITE,
            )
            .size()
    };
    let layout = layout(ui.available_width().floor(), &measure);
    let (response, painter) = ui.allocate_painter(layout.size, Sense::hover());
    let offset = response.rect.min.to_vec2();
    let visuals = ui.visuals();
    let dark = visuals.dark_mode;
    let faint = visuals.weak_text_color().gamma_multiply(0.55);
    let accent = visuals.selection.bg_fill;
    // Faint arrows first, the image's own on top.
    let mut arrows: Vec<(u8, &EdgePath, Stroke)> = layout
        .edges
        .iter()
        .map(|edge| {
            let taken = visited.contains(&(edge.from, edge.to));
            if taken {
                (
                    2,
                    edge,
                    Stroke::new(2.2, theme::status_color(edge.to, dark)),
                )
            } else if current == Some(edge.from) {
                (1, edge, Stroke::new(1.8, accent))
            } else {
                (0, edge, Stroke::new(1.0, faint))
            }
        })
        .collect();
    arrows.sort_by_key(|(rank, _, _)| *rank);
    for (_, edge, stroke) in arrows {
        arrow(&painter, edge, offset, stroke, layout.font_size);
    }
    for (status, node) in &layout.nodes {
        let node = node.translate(offset);
        let color = theme::status_color(*status, dark);
        let is_current = current == Some(*status);
        let fill = if is_current {
            color
        } else {
            visuals.extreme_bg_color
        };
        let stroke = Stroke::new(if is_current { 2.5 } else { 1.0 }, color);
        let rounding = (layout.font_size * 0.45).round();
        painter.rect_filled(node, rounding, fill);
        painter.rect_stroke(node, rounding, stroke, egui::StrokeKind::Inside);
        let text_color = if is_current { contrast(color) } else { color };
        // Each line centred on its own (a translated label over Glance's value).
        let galleys: Vec<_> = node_text(*status)
            .lines()
            .map(|line| {
                painter.layout_no_wrap(
                    line.to_owned(),
                    egui::FontId::proportional(layout.font_size),
                    text_color,
                )
            })
            .collect();
        let height: f32 = galleys.iter().map(|g| g.size().y).sum();
        let mut top = node.center().y - height / 2.0;
        for galley in galleys {
            let at = Pos2::new(node.center().x - galley.size().x / 2.0, top);
            top += galley.size().y;
            painter.galley(at, galley, text_color);
        }
    }
    let described = match current {
        Some(status) => tr!("state-diagram-current", status = status_text(status)),
        None => tr!("state-diagram"),
    };
    let hovered = response.hover_pos().and_then(|pos| {
        layout
            .nodes
            .iter()
            .find(|(_, node)| node.translate(offset).contains(pos))
            .map(|(status, _)| *status)
    });
    let tip = match hovered {
        Some(status) => {
            let targets: Vec<String> = allowed_targets(status)
                .iter()
                .map(|s| status_text(*s))
                .collect();
            if targets.is_empty() {
                tr!("state-final", status = status_text(status))
            } else {
                tr!(
                    "state-may-go",
                    status = status_text(status),
                    targets = targets.join(&tr!("state-targets-separator"))
                )
            }
        }
        None => tr!("state-diagram-tip"),
    };
    // An image to assistive technology (and to tests), with its bounds and a name.
    let enabled = ui.is_enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, enabled, &described));
    response.on_hover_text(tip);
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

/// One arrow: its curve, and a filled head whose tip touches the target's border.
fn arrow(painter: &egui::Painter, edge: &EdgePath, offset: Vec2, stroke: Stroke, font: f32) {
    for piece in &edge.pieces {
        painter.add(CubicBezierShape::from_points_stroke(
            piece.map(|p| p + offset),
            false,
            Color32::TRANSPARENT,
            stroke,
        ));
    }
    let tip = edge.tip + offset;
    let base = edge.base() + offset;
    let along = tip - base;
    // Wider for a stronger stroke, so the head reads as one with its line.
    let half = along.length() * 0.42 + stroke.width * 0.5 + font * 0.02;
    let across = along.normalized().rot90() * half;
    painter.add(egui::Shape::convex_polygon(
        vec![tip, base + across, base - across],
        stroke.color,
        Stroke::NONE,
    ));
}

/// The transition history, oldest first: when (to the second; the full time on hover), from
/// -> to, and the cause. Side by side when the panel is wide enough, the cause under the
/// transition otherwise; the cause wraps within the panel either way.
pub fn timeline_ui(ui: &mut egui::Ui, history: &[Transition]) {
    theme::section_heading_ui(ui, &tr!("state-history", count = history.len().to_string()));
    if history.is_empty() {
        ui.label(RichText::new(tr!("state-no-history")).weak());
        return;
    }
    let dark = ui.visuals().dark_mode;
    let measure = |ui: &egui::Ui, text: RichText| theme::text_width(ui, text);
    let spacing = ui.spacing().item_spacing.x;
    let time_width = history
        .iter()
        .map(|t| measure(ui, time_text(t)))
        .fold(0.0, f32::max);
    let arrow_width = measure(ui, RichText::new("→"));
    let move_width = history
        .iter()
        .map(|t| {
            let from = t.from.map_or_else(|| tr!("state-new"), status_text);
            measure(ui, RichText::new(from))
                + measure(ui, RichText::new(status_text(t.to)).strong())
        })
        .fold(0.0, f32::max)
        + arrow_width
        + 2.0 * MOVE_SPACING;
    // Side by side only when the cause still gets a useful width.
    let wide = ui.available_width() >= time_width + move_width + 2.0 * spacing + 220.0;
    for (i, transition) in history.iter().enumerate() {
        let fill = if i % 2 == 1 {
            ui.visuals().faint_bg_color
        } else {
            Color32::TRANSPARENT
        };
        egui::Frame::new()
            .fill(fill)
            .inner_margin(egui::Margin::symmetric(4, 2))
            .show(ui, |ui| {
                ui.set_min_width(ui.available_width());
                if wide {
                    ui.horizontal_top(|ui| {
                        column(ui, time_width, |ui| time_ui(ui, transition));
                        column(ui, move_width, |ui| move_ui(ui, transition, dark));
                        ui.add(egui::Label::new(theme::shown(&transition.cause)).wrap());
                    });
                } else {
                    ui.horizontal_wrapped(|ui| {
                        time_ui(ui, transition);
                        move_ui(ui, transition, dark);
                    });
                    ui.horizontal_top(|ui| {
                        ui.add_space(12.0);
                        ui.add(egui::Label::new(theme::shown(&transition.cause)).wrap());
                    });
                }
            });
    }
}

/// A column of `width` in a horizontal row.
fn column(ui: &mut egui::Ui, width: f32, add: impl FnOnce(&mut egui::Ui)) {
    ui.allocate_ui_with_layout(
        Vec2::new(width, 0.0),
        egui::Layout::left_to_right(egui::Align::Min),
        |ui| {
            ui.set_min_width(width);
            add(ui);
        },
    );
}

fn time_text(transition: &Transition) -> RichText {
    RichText::new(format::local_time(&transition.at)).monospace()
}

/// The time to the second, with the full local time and the UTC instant on hover.
fn time_ui(ui: &mut egui::Ui, transition: &Transition) {
    ui.label(time_text(transition)).on_hover_text(tr!(
        "state-time-tip",
        local = format::local_time_precise(&transition.at),
        utc = transition
            .at
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    ));
}

/// The space between the parts of `from → to`.
const MOVE_SPACING: f32 = 4.0;

/// `from → to` (`(new) → queued` for the creation).
fn move_ui(ui: &mut egui::Ui, transition: &Transition, dark: bool) {
    ui.spacing_mut().item_spacing.x = MOVE_SPACING;
    let shown = |status: ImageStatus| {
        RichText::new(status_text(status)).color(theme::status_color(status, dark))
    };
    match transition.from {
        Some(from) => {
            ui.label(shown(from));
        }
        None => {
            ui.label(RichText::new(tr!("state-new")).weak());
        }
    }
    ui.label("→");
    ui.label(shown(transition.to).strong());
}

/// The image's tasks, newest first.
pub fn tasks_ui(ui: &mut egui::Ui, tasks: &[Task]) {
    theme::section_heading_ui(ui, &tr!("state-tasks", count = tasks.len().to_string()));
    if tasks.is_empty() {
        ui.label(RichText::new(tr!("state-no-tasks")).weak());
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
                // The label alone, Glance's value on hover: the grid must fit a narrow
                // inspector.
                let label = labels::task_status(task.status);
                let value = task.status.as_str();
                let shown = ui.label(
                    RichText::new(label.as_str()).color(theme::task_color(task.status, dark)),
                );
                if label != value {
                    shown.on_hover_text(value);
                }
                ui.label(RichText::new(format::local_time(&task.updated_at)).monospace());
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
        RichText::new(tr!("state-current", status = status_text(status)))
            .color(color)
            .strong()
            .size(16.0),
    );
    diagram_ui(ui, Some(view.image.status), &visited);
    timeline_ui(ui, &view.history);
    tasks_ui(ui, &view.tasks);
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Panel widths from the narrowest inspector to a very wide one.
    const WIDTHS: [f32; 8] = [240.0, 300.0, 360.0, 440.0, 600.0, 900.0, 1400.0, 2500.0];

    /// The least space between two boxes.
    const MIN_GAP: f32 = 6.0;

    /// A stand-in for the font: every character 0.6 em wide (wider than egui's default
    /// font for these lower-case labels; a CJK character 1 em), lines 1.3 em high.
    fn fixed(text: &str, size: f32) -> Vec2 {
        let width = |line: &str| {
            line.chars()
                .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
                .sum::<f32>()
        };
        let widest = text.lines().map(width).fold(0.0, f32::max);
        let lines = text.lines().count().max(1) as f32;
        Vec2::new(widest * size, 1.3 * size * lines)
    }

    fn sample(piece: &[Pos2; 4], t: f32) -> Pos2 {
        let s = 1.0 - t;
        let [a, b, c, d] = piece.map(|p| p.to_vec2());
        (a * s * s * s + b * 3.0 * s * s * t + c * 3.0 * s * t * t + d * t * t * t).to_pos2()
    }

    fn on_border(rect: Rect, p: Pos2) -> bool {
        rect.expand(0.5).contains(p) && !rect.shrink(0.5).contains(p)
    }

    /// The layout at `width`, checked: inside its space, boxes apart and big enough for
    /// their labels, one arrow per allowed transition, from border to border, through no box.
    fn checked(width: f32, measure: &dyn Fn(&str, f32) -> Vec2) -> Layout {
        let layout = layout(width, measure);
        let at = format!("at {width}");
        let space = Rect::from_min_size(Pos2::ZERO, layout.size);
        assert_eq!(layout.size.x, width, "{at}: the width given");
        assert!(
            layout.font_size >= MIN_FONT,
            "{at}: font {}",
            layout.font_size
        );
        let statuses: BTreeSet<ImageStatus> = layout.nodes.iter().map(|(s, _)| *s).collect();
        assert_eq!(
            statuses.len(),
            ImageStatus::ALL.len(),
            "{at}: every status once"
        );
        assert_eq!(layout.nodes.len(), ImageStatus::ALL.len());
        for (status, node) in &layout.nodes {
            assert!(
                space.contains_rect(*node),
                "{at}: {status} {node:?} outside {space:?}"
            );
            let label = measure(&node_text(*status), layout.font_size);
            assert!(
                label.x + 4.0 <= node.width() && label.y + 2.0 <= node.height(),
                "{at}: the label of {status} ({label:?}) does not fit {node:?}"
            );
        }
        for (i, (a, ra)) in layout.nodes.iter().enumerate() {
            for (b, rb) in &layout.nodes[i + 1..] {
                assert!(
                    !ra.expand(MIN_GAP / 2.0)
                        .intersects(rb.expand(MIN_GAP / 2.0)),
                    "{at}: {a} {ra:?} and {b} {rb:?} are closer than {MIN_GAP}"
                );
            }
        }
        let drawn: Vec<(ImageStatus, ImageStatus)> =
            layout.edges.iter().map(|e| (e.from, e.to)).collect();
        let allowed: Vec<(ImageStatus, ImageStatus)> = transitions().collect();
        assert_eq!(drawn.len(), allowed.len(), "{at}: one arrow per transition");
        for pair in &allowed {
            assert!(drawn.contains(pair), "{at}: no arrow for {pair:?}");
        }
        for edge in &layout.edges {
            let name = format!("{at}: {} -> {}", edge.from, edge.to);
            let (from, to) = (
                node(&layout, edge.from).unwrap(),
                node(&layout, edge.to).unwrap(),
            );
            let start = edge.pieces.first().unwrap()[0];
            assert!(on_border(from, start), "{name} starts off its box");
            assert!(on_border(to, edge.tip), "{name}: the head is off its box");
            assert!(
                (edge.tip - edge.base()).length() >= 5.0,
                "{name}: a head too small to read"
            );
            for pair in edge.pieces.windows(2) {
                assert_eq!(pair[0][3], pair[1][0], "{name}: a broken line");
            }
            for piece in &edge.pieces {
                for step in 0..=40 {
                    let p = sample(piece, step as f32 / 40.0);
                    assert!(
                        space.expand(0.01).contains(p),
                        "{name} leaves the space at {p:?}"
                    );
                    for (status, node) in &layout.nodes {
                        assert!(
                            !node.shrink(0.5).contains(p),
                            "{name} passes through {status} at {p:?}"
                        );
                    }
                }
            }
        }
        layout
    }

    fn node(layout: &Layout, status: ImageStatus) -> Option<Rect> {
        layout
            .nodes
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, r)| *r)
    }

    /// Where the boxes are, left to right.
    fn extent(layout: &Layout) -> (f32, f32) {
        let left = layout
            .nodes
            .iter()
            .map(|(_, r)| r.left())
            .fold(f32::MAX, f32::min);
        let right = layout
            .nodes
            .iter()
            .map(|(_, r)| r.right())
            .fold(0.0, f32::max);
        (left, right)
    }

    #[test]
    fn every_width_fits_without_overlap() {
        for width in WIDTHS {
            checked(width, &fixed);
        }
        // And every width in between, so no threshold hides a bad case.
        for width in (240..=2600).step_by(7) {
            checked(width as f32, &fixed);
        }
    }

    #[test]
    fn with_egui_s_own_font() {
        let ctx = egui::Context::default();
        let mut checked_widths = 0;
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let measure = |text: &str, size: f32| {
                ui.painter()
                    .layout_no_wrap(
                        text.to_owned(),
                        egui::FontId::proportional(size),
                        Color32::WHITE,
                    )
                    .size()
            };
            for width in WIDTHS {
                checked(width, &measure);
                checked_widths += 1;
            }
        });
        // The font atlas was never uploaded anywhere; that is expected here.
        output.textures_delta.clear();
        assert_eq!(checked_widths, WIDTHS.len());
    }

    #[test]
    fn every_width_fits_in_chinese_with_the_label_over_the_value() {
        crate::i18n::set_thread_lang(Some(crate::i18n::Lang::ZhCn));
        let label = crate::i18n::labels::image_status(ImageStatus::Active);
        assert_eq!(node_text(ImageStatus::Active), format!("{label}\nactive"));
        for width in (240..=2600).step_by(11) {
            checked(width as f32, &fixed);
        }
        crate::i18n::set_thread_lang(None);
    }

    #[test]
    fn narrow_panels_run_down_wider_ones_across() {
        for width in [240.0, 300.0] {
            assert_eq!(layout(width, &fixed).flow, Flow::Down, "at {width}");
        }
        for width in [600.0, 900.0, 1400.0, 2500.0] {
            assert_eq!(layout(width, &fixed).flow, Flow::Across, "at {width}");
        }
    }

    #[test]
    fn layers_follow_glance_s_flow() {
        for width in [300.0, 900.0] {
            let layout = layout(width, &fixed);
            let along = |status| {
                let r = node(&layout, status).unwrap();
                match layout.flow {
                    Flow::Across => r.center().x,
                    Flow::Down => r.center().y,
                }
            };
            let flow = [
                ImageStatus::Queued,
                ImageStatus::Saving,
                ImageStatus::Active,
                ImageStatus::Deactivated,
                ImageStatus::Deleted,
            ];
            for pair in flow.windows(2) {
                assert!(along(pair[0]) < along(pair[1]), "at {width}: {pair:?}");
            }
            assert_eq!(along(ImageStatus::Uploading), along(ImageStatus::Importing));
            assert_eq!(along(ImageStatus::Active), along(ImageStatus::Killed));
        }
        // Every status in exactly one layer; the transition within a layer joins neighbours.
        for status in ImageStatus::ALL {
            let count = LAYERS.iter().filter(|l| l.contains(status)).count();
            assert_eq!(count, 1, "{status}");
        }
        for (from, to) in transitions().filter(|(f, t)| sides(*f, *t).is_none()) {
            let layer = LAYERS[layer_of(from)];
            let i = layer.iter().position(|s| *s == from).unwrap();
            let j = layer.iter().position(|s| *s == to).unwrap();
            assert_eq!(i.abs_diff(j), 1, "{from} -> {to}");
        }
    }

    #[test]
    fn the_font_scales_with_the_space_up_to_a_cap() {
        let fonts: Vec<f32> = WIDTHS
            .iter()
            .map(|w| layout(*w, &fixed).font_size)
            .collect();
        assert!(
            fonts.iter().all(|f| (MIN_FONT..=MAX_FONT).contains(f)),
            "{fonts:?}"
        );
        assert_eq!(fonts.last(), Some(&MAX_FONT), "{fonts:?}");
        let across: Vec<f32> = WIDTHS
            .iter()
            .map(|w| layout(*w, &fixed))
            .filter(|l| l.flow == Flow::Across)
            .map(|l| l.font_size)
            .collect();
        assert!(across.windows(2).all(|p| p[0] <= p[1]), "{across:?}");
    }

    #[test]
    fn a_wide_panel_spreads_the_diagram_up_to_a_cap_and_centres_it() {
        let span = |width: f32| {
            let (left, right) = extent(&layout(width, &fixed));
            (left, right, width - right)
        };
        let (l600, r600, _) = span(600.0);
        let (l900, r900, _) = span(900.0);
        assert!(r900 - l900 > r600 - l600, "spacing grows with the width");
        let (l1400, r1400, _) = span(1400.0);
        let (l2500, r2500, right_margin) = span(2500.0);
        assert!(
            ((r2500 - l2500) - (r1400 - l1400)).abs() < 1.0,
            "capped: {} at 1400, {} at 2500",
            r1400 - l1400,
            r2500 - l2500
        );
        assert!(r2500 - l2500 < 1000.0, "not spread thin: {}", r2500 - l2500);
        assert!(
            (l2500 - right_margin).abs() <= 1.0,
            "centred: {l2500} | {right_margin}"
        );
    }

    #[test]
    fn a_tiny_space_still_gets_no_wider_layout() {
        for width in [0.0, 50.0, 120.0, 200.0] {
            let layout = layout(width, &fixed);
            assert!(layout.size.x <= width.max(1.0), "at {width}");
        }
    }
}
