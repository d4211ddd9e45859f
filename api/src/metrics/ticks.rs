//! Axis ranges and ticks: "nice" numbers (1, 2, 5 × 10ᵏ) for values and steps, decades for a
//! log scale, and clock-aligned steps (1 s … 7 d) for wall and relative time.

use super::format;

/// A tick: its value on the axis (in the axis' own units: log10 of the value on a log scale)
/// and its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub value: f64,
    pub label: String,
}

/// The nice step (1, 2 or 5 × 10ᵏ) that cuts `span` into about `count` parts.
pub fn nice_step(span: f64, count: usize) -> f64 {
    // NaN fails every comparison: only a positive, finite span gets here.
    if span.is_nan() || span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / count.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = match norm {
        n if n < 1.5 => 1.0,
        n if n < 3.5 => 2.0,
        n if n < 7.5 => 5.0,
        _ => 10.0,
    };
    nice * mag
}

/// `[lo, hi]` widened so both ends fall on a nice step, and that step. An empty span becomes
/// one around the value (a flat metric still gets an axis).
pub fn nice_range(lo: f64, hi: f64, count: usize) -> (f64, f64, f64) {
    let (lo, hi) = widen(lo, hi);
    let step = nice_step(hi - lo, count);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// A span of zero width around `v` made visible: ±10 % of the value, or ±1 around 0.
pub fn widen(lo: f64, hi: f64) -> (f64, f64) {
    if hi > lo {
        return (lo, hi);
    }
    let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
    (lo - pad, hi + pad)
}

/// Ticks at every multiple of `step` in `[lo, hi]`.
pub fn linear(lo: f64, hi: f64, step: f64) -> Vec<Tick> {
    multiples(lo, hi, step).into_iter().map(|v| Tick { value: v, label: format::tick(v, step) }).collect()
}

fn multiples(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let ordered = lo <= hi && step > 0.0 && step.is_finite();
    if !ordered || (hi - lo) / step > 1000.0 {
        return Vec::new();
    }
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// Log-scale range (in log10 units) covering `[lo, hi]` (both > 0), widened to whole decades,
/// and ticks on decades (every second or more when there are many).
pub fn log_decades(lo: f64, hi: f64) -> (f64, f64, Vec<Tick>) {
    let (a, b) = (lo.log10().floor(), hi.log10().ceil());
    let b = if b <= a { a + 1.0 } else { b };
    let every = ((b - a) / 6.0).ceil().max(1.0);
    let ticks = multiples(a, b, every)
        .into_iter()
        .map(|e| Tick { value: e, label: format::value(10f64.powi(e as i32)) })
        .collect();
    (a, b, ticks)
}

/// Clock-friendly steps for time axes, in ms.
const TIME_STEPS: [i64; 20] = [
    1_000,
    2_000,
    5_000,
    10_000,
    15_000,
    30_000,
    60_000,
    120_000,
    300_000,
    600_000,
    900_000,
    1_800_000,
    3_600_000,
    7_200_000,
    10_800_000,
    21_600_000,
    43_200_000,
    86_400_000,
    172_800_000,
    604_800_000,
];

/// The time step that cuts `span_ms` into about `count` parts (nice milliseconds below a second).
pub fn time_step(span_ms: f64, count: usize) -> f64 {
    let raw = span_ms / count.max(1) as f64;
    if raw < 1_000.0 {
        return nice_step(span_ms, count).max(1.0);
    }
    TIME_STEPS
        .iter()
        .map(|&s| s as f64)
        .find(|&s| s >= raw)
        .unwrap_or_else(|| nice_step(span_ms / 86_400_000.0, count) * 86_400_000.0)
}

/// Wall-time ticks in `[lo, hi]` (epoch ms), aligned to the local clock (`offset_min` east of UTC).
pub fn wall(lo: f64, hi: f64, count: usize, offset_min: i32) -> Vec<Tick> {
    let step = time_step(hi - lo, count);
    let shift = f64::from(offset_min) * 60_000.0;
    multiples(lo + shift, hi + shift, step)
        .into_iter()
        .map(|v| {
            let utc = v - shift;
            Tick { value: utc, label: format::clock(utc as i64, step as i64, offset_min) }
        })
        .collect()
}

/// Relative-time ticks (ms since the run started) in `[lo, hi]`.
pub fn relative(lo: f64, hi: f64, count: usize) -> Vec<Tick> {
    let step = time_step(hi - lo, count);
    multiples(lo, hi, step).into_iter().map(|v| Tick { value: v, label: format::span(v) }).collect()
}
