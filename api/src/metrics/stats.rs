//! The figures shown beside a chart: lowest, highest and last value, and how many values there
//! are (and how many are NaN or infinite).

use super::Point;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Summary {
    /// Lowest and highest finite value (`None` when there is none).
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The latest point in MLflow's sense (highest step, then latest time): what `runs/get`
    /// reports as the metric's value.
    pub last: Option<Point>,
    pub count: usize,
    /// Values that are NaN or ±∞.
    pub non_finite: usize,
}

pub fn summarize(points: &[Point]) -> Summary {
    let mut s = Summary { count: points.len(), ..Default::default() };
    for p in points {
        if p.value.is_finite() {
            s.min = Some(s.min.map_or(p.value, |m| m.min(p.value)));
            s.max = Some(s.max.map_or(p.value, |m| m.max(p.value)));
        } else {
            s.non_finite += 1;
        }
        if s.last.is_none_or(|l| p.later_than(&l)) {
            s.last = Some(*p);
        }
    }
    s
}
