//! The sweep page's parallel view, as geometry: one vertical axis per hyperparameter and one for
//! the primary metric, one line per trial through its values. Positions are fractions (0 = the
//! axis's bottom, 1 = its top); the console only scales them into its SVG.

use super::trials::{metric_text, Trial};

/// One axis: its name and the labels to print along it.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub name: String,
    /// (position 0..=1, label), bottom to top.
    pub ticks: Vec<(f64, String)>,
    /// The primary metric's axis (drawn last, emphasised).
    pub is_metric: bool,
}

/// One trial's line: a position per axis, `None` where the trial has no value.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub trial: String,
    pub points: Vec<Option<f64>>,
    pub best: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parallel {
    pub axes: Vec<Axis>,
    pub lines: Vec<Line>,
}

/// How one axis maps values to positions.
enum Scale {
    Numeric {
        min: f64,
        max: f64,
    },
    /// Distinct values, in sorted order (numbers by value where all are numbers).
    Categories(Vec<String>),
}

impl Scale {
    fn of(values: &[&str]) -> Scale {
        let nums: Vec<f64> = values.iter().filter_map(|v| v.trim().parse::<f64>().ok()).collect();
        if !values.is_empty() && nums.len() == values.len() && nums.iter().all(|n| n.is_finite()) {
            let min = nums.iter().copied().fold(f64::INFINITY, f64::min);
            let max = nums.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            return Scale::Numeric { min, max };
        }
        let mut cats: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        cats.sort();
        cats.dedup();
        Scale::Categories(cats)
    }

    fn position(&self, value: &str) -> Option<f64> {
        match self {
            Scale::Numeric { min, max } => {
                let v = value.trim().parse::<f64>().ok()?;
                Some(if max > min { (v - min) / (max - min) } else { 0.5 })
            }
            Scale::Categories(c) => {
                let i = c.iter().position(|x| x == value)?;
                Some(if c.len() > 1 { i as f64 / (c.len() - 1) as f64 } else { 0.5 })
            }
        }
    }

    fn ticks(&self, text: impl Fn(f64) -> String) -> Vec<(f64, String)> {
        match self {
            Scale::Numeric { min, max } if max > min => vec![(0.0, text(*min)), (1.0, text(*max))],
            Scale::Numeric { min, .. } => vec![(0.5, text(*min))],
            Scale::Categories(c) => c.iter().filter_map(|v| Some((self.position(v)?, v.clone()))).collect(),
        }
    }
}

/// The parallel view of `trials`: hyperparameters in first-seen order, then `metric`.
pub fn parallel(trials: &[Trial], metric: &str, best: Option<&str>) -> Parallel {
    let mut names: Vec<&str> = vec![];
    for t in trials {
        for (k, _) in &t.params {
            if !names.contains(&k.as_str()) {
                names.push(k);
            }
        }
    }
    let value = |t: &Trial, name: &str| t.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let mut scales = vec![];
    let mut axes = vec![];
    for name in &names {
        let values: Vec<String> = trials.iter().filter_map(|t| value(t, name)).collect();
        let scale = Scale::of(&values.iter().map(String::as_str).collect::<Vec<_>>());
        axes.push(Axis { name: name.to_string(), ticks: scale.ticks(|v| metric_text(Some(v))), is_metric: false });
        scales.push(scale);
    }
    let metric_values: Vec<String> = trials.iter().filter_map(|t| t.metric.map(|m| m.to_string())).collect();
    let metric_scale = Scale::of(&metric_values.iter().map(String::as_str).collect::<Vec<_>>());
    axes.push(Axis { name: metric.to_string(), ticks: metric_scale.ticks(|v| metric_text(Some(v))), is_metric: true });
    let lines = trials
        .iter()
        .map(|t| {
            let mut points: Vec<Option<f64>> =
                names.iter().zip(&scales).map(|(n, s)| value(t, n).and_then(|v| s.position(&v))).collect();
            points.push(t.metric.and_then(|m| metric_scale.position(&m.to_string())));
            Line { trial: t.name.clone(), points, best: Some(t.name.as_str()) == best }
        })
        .collect();
    Parallel { axes, lines }
}
