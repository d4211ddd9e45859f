//! Smoothing: an exponential moving average, corrected for its start (the average starts at 0,
//! so the first values are divided by `1 - weight^n`, as TensorBoard's smoothing does). A weight
//! of 0 leaves the values as they are; 0.99 follows the trend of about the last hundred points.

/// The smoothed values of `ys` (in their order) with `weight` in `[0, 1)`. Non-finite values do
/// not enter the average; at their place the average so far is repeated (NaN before the first
/// finite value).
pub fn ema(ys: &[f64], weight: f64) -> Vec<f64> {
    let w = if weight.is_finite() { weight.clamp(0.0, 0.999) } else { 0.0 };
    let mut out = Vec::with_capacity(ys.len());
    let (mut acc, mut n) = (0.0f64, 0i32);
    let mut last = f64::NAN;
    for &y in ys {
        if y.is_finite() {
            acc = acc * w + (1.0 - w) * y;
            n += 1;
            let debias = 1.0 - w.powi(n);
            last = if debias > 0.0 { acc / debias } else { y };
        }
        out.push(last);
    }
    out
}
