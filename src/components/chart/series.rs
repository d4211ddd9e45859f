//! What a chart draws and where its cursor is: the series (one per run), the keyboard track,
//! and the series swatch legends and readouts share.

use aml_api::metrics::{Plot, Point, SERIES_COLORS};
use leptos::prelude::*;
use std::sync::Arc;

/// One line of a chart.
#[derive(Clone, Debug)]
pub struct ChartSeries {
    /// The run it belongs to (legend, readout).
    pub label: String,
    /// Colour index (`--series-{n}`), kept per run across the charts of a page.
    pub color: usize,
    pub points: Arc<Vec<Point>>,
    /// When its run started (epoch ms), for relative time.
    pub origin_ms: i64,
}

/// Same line when it is the same history (pointer equality: a re-read makes a new `Arc`).
impl PartialEq for ChartSeries {
    fn eq(&self, o: &Self) -> bool {
        Arc::ptr_eq(&self.points, &o.points)
            && self.label == o.label
            && self.color == o.color
            && self.origin_ms == o.origin_ms
    }
}

/// Where the cursor is: under the pointer (x in pixels), or on a point chosen with the keyboard
/// (its position, in x order, on the longest series).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Cursor {
    Pointer(f64),
    Key(usize),
}

/// The browser's offset from UTC in minutes, east positive (wall times show their zone).
pub fn tz_offset_min() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// The series the keyboard cursor walks: the one with most drawable points.
pub(crate) fn track(plot: &Plot) -> Option<usize> {
    (0..plot.series.len()).max_by_key(|&i| plot.series[i].len()).filter(|&i| !plot.series[i].is_empty())
}

/// A short line in a series' colour and dash (legends, readouts).
pub fn swatch(color: usize) -> impl IntoView {
    view! {
        <svg class="swatch" width="22" height="10" viewBox="0 0 22 10" aria-hidden="true" focusable="false">
            <line class=format!("line s{}", color % SERIES_COLORS) x1="1" y1="5" x2="21" y2="5"></line>
        </svg>
    }
}
