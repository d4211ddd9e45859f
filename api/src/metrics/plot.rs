//! A line chart's geometry, computed without the browser: from metric histories to the SVG
//! path of each series (downsampled per pixel column, see [`super::downsample`]), the axes'
//! ticks in pixels, and what lies under the pointer. The chart component only draws these.

use std::fmt::Write;

use super::downsample::m4;
use super::smooth::ema;
use super::ticks::{self, Tick};
use super::{format, Point};

/// What the x axis shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum XAxis {
    #[default]
    Step,
    /// Epoch time of each value, shown in the browser's zone.
    WallTime,
    /// Time since the run started.
    Relative,
}

impl XAxis {
    pub const ALL: [XAxis; 3] = [XAxis::Step, XAxis::WallTime, XAxis::Relative];

    /// The id used in the page's controls (and the address).
    pub fn id(self) -> &'static str {
        match self {
            XAxis::Step => "step",
            XAxis::WallTime => "wall",
            XAxis::Relative => "relative",
        }
    }

    pub fn from_id(id: &str) -> XAxis {
        XAxis::ALL.into_iter().find(|a| a.id() == id).unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            XAxis::Step => crate::msg_str!("Step"),
            XAxis::WallTime => crate::msg_str!("Wall time"),
            XAxis::Relative => crate::msg_str!("Relative time"),
        }
    }

    fn x_of(self, p: &Point, origin_ms: i64) -> f64 {
        match self {
            XAxis::Step => p.step as f64,
            XAxis::WallTime => p.timestamp as f64,
            XAxis::Relative => (p.timestamp - origin_ms) as f64,
        }
    }

    /// The x of one point for a readout: `step 12`, a wall time with its zone, or a span.
    pub fn readout(self, p: &Point, origin_ms: i64, tz_offset_min: i32) -> String {
        match self {
            XAxis::Step => crate::msg!("step {}", p.step),
            XAxis::WallTime => format::wall_time(p.timestamp, tz_offset_min),
            XAxis::Relative => format::span((p.timestamp - origin_ms) as f64),
        }
    }
}

/// One series to draw: its points (logged order) and, for relative time, when its run started.
#[derive(Clone, Copy, Debug)]
pub struct SeriesInput<'a> {
    pub points: &'a [Point],
    pub origin_ms: i64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotOptions {
    pub width: f64,
    pub height: f64,
    pub x_axis: XAxis,
    pub log_y: bool,
    /// 0 = none, up to 0.99.
    pub smoothing: f64,
    /// The browser's offset from UTC in minutes (east positive), for wall-time ticks.
    pub tz_offset_min: i32,
}

/// The plotting area inside the SVG, in pixels (room around it for the tick labels).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

/// A tick placed on its axis: pixel position and label.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedTick {
    pub px: f64,
    pub label: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlotSeries {
    /// SVG path of the values (faded under the smoothed line when smoothing).
    pub line: String,
    pub smoothed: Option<String>,
    /// Points in `line` after downsampling, and points of the history.
    pub drawn: usize,
    pub total: usize,
    /// Values that cannot be drawn: NaN, ±∞, and on a log scale zero or negative.
    pub hidden: usize,
    xs: Vec<f64>,
    ys: Vec<f64>,
    source: Vec<u32>,
    smooth_values: Option<Vec<f64>>,
}

/// A drawable point under the pointer (or the keyboard cursor).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HoverPoint {
    /// Index into the series' points (logged order).
    pub source: usize,
    pub x_px: f64,
    /// Where the shown line (smoothed when smoothing) passes.
    pub y_px: f64,
    pub smoothed: Option<f64>,
}

impl PlotSeries {
    /// Drawable points, in x order.
    pub fn len(&self) -> usize {
        self.xs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.xs.is_empty()
    }

    /// The position (in x order) of the drawable point nearest to `x_px`.
    pub fn nearest(&self, x_px: f64) -> Option<usize> {
        if self.xs.is_empty() || !x_px.is_finite() {
            return None;
        }
        let i = self.xs.partition_point(|&x| x < x_px);
        match i {
            0 => Some(0),
            i if i >= self.xs.len() => Some(self.xs.len() - 1),
            i => Some(if x_px - self.xs[i - 1] <= self.xs[i] - x_px { i - 1 } else { i }),
        }
    }

    pub fn at(&self, pos: usize) -> Option<HoverPoint> {
        Some(HoverPoint {
            source: *self.source.get(pos)? as usize,
            x_px: self.xs[pos],
            y_px: self.ys[pos],
            smoothed: self.smooth_values.as_ref().map(|v| v[pos]),
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plot {
    pub width: f64,
    pub height: f64,
    pub area: Option<Area>,
    pub x_ticks: Vec<PlacedTick>,
    pub y_ticks: Vec<PlacedTick>,
    /// `Step`, `Wall time (UTC+01:00)`, `Relative time`.
    pub x_title: String,
    pub series: Vec<PlotSeries>,
}

impl Plot {
    /// True when no series has a value to draw.
    pub fn is_empty(&self) -> bool {
        self.series.iter().all(PlotSeries::is_empty)
    }
}

const MARGIN_LEFT: f64 = 56.0;
const MARGIN_RIGHT: f64 = 14.0;
const MARGIN_TOP: f64 = 10.0;
const MARGIN_BOTTOM: f64 = 24.0;

/// One series before it is placed: drawable points in x order.
struct Prepared {
    xs: Vec<f64>,
    ys: Vec<f64>,
    smooth: Option<Vec<f64>>,
    source: Vec<u32>,
    total: usize,
}

fn prepare(input: &SeriesInput, o: &PlotOptions) -> Prepared {
    let mut rows: Vec<(f64, f64, u32)> = Vec::with_capacity(input.points.len());
    for (i, p) in input.points.iter().enumerate() {
        let x = o.x_axis.x_of(p, input.origin_ms);
        if x.is_finite() && p.value.is_finite() && (!o.log_y || p.value > 0.0) {
            rows.push((x, p.value, i as u32));
        }
    }
    // Histories come in logged order, which is x order for steps and times as a rule.
    if !rows.windows(2).all(|w| w[0].0 <= w[1].0) {
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    let xs: Vec<f64> = rows.iter().map(|r| r.0).collect();
    let ys: Vec<f64> = rows.iter().map(|r| r.1).collect();
    let source = rows.iter().map(|r| r.2).collect();
    let smooth = (o.smoothing > 0.0).then(|| ema(&ys, o.smoothing));
    Prepared { xs, ys, smooth, source, total: input.points.len() }
}

/// Lays out every series on shared axes.
pub fn build(inputs: &[SeriesInput], o: &PlotOptions) -> Plot {
    let prepared: Vec<Prepared> = inputs.iter().map(|s| prepare(s, o)).collect();
    let ty = |y: f64| if o.log_y { y.log10() } else { y };
    let (mut x_lo, mut x_hi, mut y_lo, mut y_hi) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for p in &prepared {
        if let (Some(&a), Some(&b)) = (p.xs.first(), p.xs.last()) {
            x_lo = x_lo.min(a);
            x_hi = x_hi.max(b);
        }
        for &y in &p.ys {
            y_lo = y_lo.min(y);
            y_hi = y_hi.max(y);
        }
    }
    let area = Area {
        left: MARGIN_LEFT,
        top: MARGIN_TOP,
        right: (o.width - MARGIN_RIGHT).max(MARGIN_LEFT + 10.0),
        bottom: (o.height - MARGIN_BOTTOM).max(MARGIN_TOP + 10.0),
    };
    let x_title = match o.x_axis {
        XAxis::WallTime => crate::msg!("Wall time ({})", format::zone(o.tz_offset_min)),
        a => a.label().to_string(),
    };
    if !x_lo.is_finite() || !y_lo.is_finite() {
        let series = prepared.iter().map(|p| PlotSeries { total: p.total, hidden: p.total, ..Default::default() });
        return Plot {
            width: o.width,
            height: o.height,
            area: Some(area),
            x_title,
            series: series.collect(),
            ..Default::default()
        };
    }
    // One x only: a step either side, or a second either side on a time axis.
    let (x0, x1) = match (x_hi > x_lo, o.x_axis) {
        (true, _) => (x_lo, x_hi),
        (false, XAxis::Step) => (x_lo - 1.0, x_hi + 1.0),
        (false, _) => (x_lo - 1_000.0, x_hi + 1_000.0),
    };
    let count = ((area.right - area.left) / 90.0).clamp(2.0, 8.0) as usize;
    let x_ticks = match o.x_axis {
        XAxis::Step => ticks::linear(x0, x1, ticks::nice_step(x1 - x0, count).max(1.0)),
        XAxis::WallTime => ticks::wall(x0, x1, count, o.tz_offset_min),
        XAxis::Relative => ticks::relative(x0, x1, count),
    };
    let (y0, y1, y_ticks) = match o.log_y {
        true => ticks::log_decades(y_lo, y_hi),
        false => {
            let (a, b, step) = ticks::nice_range(y_lo, y_hi, 5);
            (a, b, ticks::linear(a, b, step))
        }
    };
    let px_x = |x: f64| area.left + (x - x0) / (x1 - x0) * (area.right - area.left);
    let px_y = |t: f64| area.bottom - (t - y0) / (y1 - y0) * (area.bottom - area.top);
    let place = |t: Vec<Tick>, f: &dyn Fn(f64) -> f64| -> Vec<PlacedTick> {
        t.into_iter().map(|t| PlacedTick { px: f(t.value), label: t.label }).collect()
    };
    let columns = (area.right - area.left).ceil().max(1.0) as usize;
    let series = prepared
        .into_iter()
        .map(|p| {
            let xs: Vec<f64> = p.xs.iter().map(|&x| px_x(x)).collect();
            let raw: Vec<f64> = p.ys.iter().map(|&y| px_y(ty(y))).collect();
            let smooth_px: Option<Vec<f64>> = p.smooth.as_ref().map(|s| s.iter().map(|&y| px_y(ty(y))).collect());
            let keep = m4(&xs, &raw, columns);
            let line = path(&xs, &raw, &keep);
            let smoothed = smooth_px.as_ref().map(|s| path(&xs, s, &m4(&xs, s, columns)));
            PlotSeries {
                line,
                smoothed,
                drawn: keep.len(),
                total: p.total,
                hidden: p.total - p.xs.len(),
                ys: smooth_px.unwrap_or(raw),
                xs,
                source: p.source,
                smooth_values: p.smooth,
            }
        })
        .collect();
    Plot {
        width: o.width,
        height: o.height,
        area: Some(area),
        x_ticks: place(x_ticks, &px_x),
        y_ticks: place(y_ticks, &px_y),
        x_title,
        series,
    }
}

/// `M x,y L x,y …` through the kept points, one decimal (a tenth of a pixel is invisible). A
/// single point becomes a zero-length segment, drawn as a dot by round line caps.
fn path(xs: &[f64], ys: &[f64], keep: &[usize]) -> String {
    let mut d = String::with_capacity(keep.len() * 14 + 8);
    for (n, &i) in keep.iter().enumerate() {
        let _ = write!(d, "{}{:.1},{:.1}", if n == 0 { 'M' } else { 'L' }, xs[i], ys[i]);
    }
    if keep.len() == 1 {
        d.push_str("h0.01");
    }
    d
}
