//! Downsampling that keeps what the eye must see: the x range is cut into buckets (one per
//! pixel column of the plot) and each bucket keeps its first, lowest, highest and last point
//! (the "M4" rule). A spike is a bucket's extreme, so it is never dropped; the first and last
//! points keep the line between buckets where it was. At most four points per bucket remain,
//! whatever the length of the history.

/// Indices (ascending) of the points of `xs`/`ys` to draw. `xs` must be sorted ascending and
/// finite, `ys` finite, both of the same length; `buckets` columns span `[xs[0], xs[last]]`.
/// Short series (at most four points per bucket) come back whole.
pub fn m4(xs: &[f64], ys: &[f64], buckets: usize) -> Vec<usize> {
    let n = xs.len().min(ys.len());
    let buckets = buckets.max(1);
    if n <= buckets.saturating_mul(4) {
        return (0..n).collect();
    }
    let (x0, x1) = (xs[0], xs[n - 1]);
    let span = x1 - x0;
    if span <= 0.0 || !span.is_finite() {
        // Every point at one x: a single bucket.
        return extremes(ys, 0, n);
    }
    let scale = buckets as f64 / span;
    let mut keep = Vec::with_capacity(buckets * 4);
    let mut start = 0;
    while start < n {
        let bucket = bucket_of(xs[start], x0, scale, buckets);
        let mut end = start + 1;
        while end < n && bucket_of(xs[end], x0, scale, buckets) == bucket {
            end += 1;
        }
        keep.extend(extremes(ys, start, end));
        start = end;
    }
    keep
}

fn bucket_of(x: f64, x0: f64, scale: f64, buckets: usize) -> usize {
    (((x - x0) * scale) as usize).min(buckets - 1)
}

/// First, min, max and last of `ys[start..end]`, in index order, each once.
fn extremes(ys: &[f64], start: usize, end: usize) -> Vec<usize> {
    let (mut lo, mut hi) = (start, start);
    for i in start..end {
        if ys[i] < ys[lo] {
            lo = i;
        }
        if ys[i] > ys[hi] {
            hi = i;
        }
    }
    let mut out = vec![start, lo, hi, end - 1];
    out.sort_unstable();
    out.dedup();
    out
}
