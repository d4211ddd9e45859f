//! Metrics as the console draws them, without the browser: everything here is pure and tested
//! natively (api/tests/metrics_*.rs); the chart component only renders what [`plot::build`]
//! returns.
//!
//! * [`Point`] — one logged value (step, wall time, value), read tolerantly.
//! * [`downsample`] — per pixel column keep first, lowest, highest and last (spikes survive).
//! * [`smooth`] — debiased exponential moving average; [`stats`] — min, max, last.
//! * [`ticks`] + [`format`] — axis ranges and ticks, numbers and times with their zone.
//! * [`plot`] — paths, ticks and hover lookup of a chart; [`csv`] — a history as CSV.
//! * [`compare`] — the runs a comparison names and their params side by side.

pub mod compare;
pub mod csv;
pub mod downsample;
pub mod format;
pub mod plot;
pub mod point;
pub mod smooth;
pub mod stats;
pub mod ticks;

pub use plot::{build, Plot, PlotOptions, PlotSeries, SeriesInput, XAxis};
pub use point::Point;
pub use stats::{summarize, Summary};

/// How many series colours the charts have (`--series-0` … in style/charts.css): one per run of
/// the largest comparison.
pub const SERIES_COLORS: usize = compare::MAX_RUNS;
