//! Windowing for long lists: which rows of a fixed-row-height list a scroll position shows, so
//! only those (plus a margin) are in the DOM however many rows the list holds.

use std::ops::Range;

/// Rows to render for a viewport `viewport_px` high scrolled to `scroll_top_px`, rows
/// `row_px` high, `total` rows, with `overscan` extra rows above and below (so a fast scroll
/// does not show blank space before the next frame). Always within `0..total`.
pub fn visible_rows(scroll_top_px: f64, viewport_px: f64, row_px: f64, total: usize, overscan: usize) -> Range<usize> {
    if total == 0 || row_px <= 0.0 || !row_px.is_finite() {
        return 0..0;
    }
    let top = if scroll_top_px.is_finite() { scroll_top_px.max(0.0) } else { 0.0 };
    let height = if viewport_px.is_finite() { viewport_px.max(0.0) } else { 0.0 };
    let first = ((top / row_px).floor() as usize).min(total.saturating_sub(1));
    let shown = (height / row_px).ceil() as usize + 1;
    let start = first.saturating_sub(overscan);
    let end = (first + shown + overscan).min(total);
    start..end
}

/// Whether the rendered window comes within `margin` rows of the end of the loaded rows: time to
/// load the next page.
pub fn near_end(window: &Range<usize>, total: usize, margin: usize) -> bool {
    window.end + margin >= total
}
