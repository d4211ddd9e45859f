//! Checks of the Sweep part of the job form, before any request, with the rules of
//! docs/azure-ml-rest.md §Sweeps: grid sampling takes only `choice`; Bayesian takes `choice` and
//! `uniform` (of what the form offers) and no early termination.

use super::form::{choice_values, SearchParam, SpaceValue, SweepForm, DISTRIBUTIONS, POLICIES, SAMPLINGS};
use crate::jobs::form::{count, JobForm};
use crate::jobs::validate::{is_identifier, MAX_TIMEOUT_MINUTES};

/// Most trials the form accepts in one sweep (the SDK's default `max_total_trials` cap).
pub const MAX_TRIALS: u64 = 1000;

fn number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|f| f.is_finite())
}

fn param_error(p: &SearchParam, i: usize, inputs: &[&str], sampling: &str) -> Option<String> {
    let n = p.name.trim();
    if !is_identifier(n) {
        return Some(format!("Parameter {}: pick the input it sweeps.", i + 1));
    }
    if !inputs.contains(&n) {
        return Some(format!("Parameter '{n}' is not a literal input of the command: add input '{n}' above."));
    }
    if !DISTRIBUTIONS.contains(&p.kind.as_str()) {
        return Some(format!("Parameter '{n}': pick a distribution."));
    }
    match (sampling, p.kind.as_str()) {
        ("grid", k) if k != "choice" => {
            return Some(format!("Parameter '{n}': grid sampling takes only choice (a list of values)."))
        }
        ("bayesian", "loguniform" | "randint") => {
            return Some(format!("Parameter '{n}': Bayesian sampling takes only choice and uniform."))
        }
        _ => {}
    }
    match p.kind.as_str() {
        "choice" => {
            let v = choice_values(&p.values);
            if v.is_empty() {
                return Some(format!("Parameter '{n}': give at least one value (comma separated)."));
            }
            let texts: Vec<String> = v.iter().map(SpaceValue::text).collect();
            if let Some((_, t)) = texts.iter().enumerate().find(|(i, t)| texts[..*i].contains(t)) {
                return Some(format!("Parameter '{n}': value {t} is listed twice."));
            }
        }
        "uniform" | "loguniform" => {
            let (Some(lo), Some(hi)) = (number(&p.min), number(&p.max)) else {
                return Some(format!("Parameter '{n}': give numbers for min and max."));
            };
            if lo >= hi {
                return Some(format!("Parameter '{n}': min must be less than max."));
            }
            if p.kind == "loguniform" && (lo.abs() > 700.0 || hi.abs() > 700.0) {
                return Some(format!(
                    "Parameter '{n}': loguniform takes the range of the logarithm (e.g. -6 to -1 for e⁻⁶ … e⁻¹)."
                ));
            }
            let plain = |s: &str| !matches!(SpaceValue::parse(s), SpaceValue::Text(_));
            if !plain(&p.min) || !plain(&p.max) {
                return Some(format!("Parameter '{n}': write min and max as plain decimals (e.g. 0.001)."));
            }
        }
        _ => {
            if count(&p.upper, 1, 1_000_000).is_none() {
                return Some(format!("Parameter '{n}': upper is a whole number from 1 (values 0 … upper − 1)."));
            }
        }
    }
    None
}

impl SweepForm {
    /// Messages by field (`sweep_params`, `sweep_metric`, …). `inputs` are the names of the
    /// form's literal inputs.
    pub fn validate(&self, inputs: &[&str], err: &mut impl FnMut(&'static str, String)) {
        let sampling = self.sampling.as_str();
        if !SAMPLINGS.contains(&sampling) {
            err("sweep_sampling", crate::msg_str!("Pick grid, random or Bayesian sampling.").into());
        }
        if self.params.is_empty() {
            err(
                "sweep_params",
                crate::msg_str!("Add at least one search parameter (an input of the command to sweep).").into(),
            );
        }
        let names: Vec<&str> = self.params.iter().map(|p| p.name.trim()).collect();
        for (i, p) in self.params.iter().enumerate() {
            let m = match param_error(p, i, inputs, sampling) {
                None if names[..i].contains(&p.name.trim()) => {
                    Some(format!("Parameter '{}' is listed twice.", names[i]))
                }
                m => m,
            };
            if let Some(m) = m {
                err("sweep_params", m);
                break;
            }
        }
        if sampling == "random" && !self.seed.trim().is_empty() && count(&self.seed, 0, i32::MAX as u64).is_none() {
            err("sweep_seed", crate::msg_str!("A whole number, or empty for none.").into());
        }
        let metric = self.metric.trim();
        if metric.is_empty() {
            err(
                "sweep_metric",
                crate::msg_str!("Name the metric the trials log (e.g. accuracy), as mlflow.log_metric writes it.")
                    .into(),
            );
        } else if metric.len() > 250 {
            err("sweep_metric", crate::msg_str!("At most 250 characters (MLflow's limit for a metric key).").into());
        }
        if !["Maximize", "Minimize"].contains(&self.goal.as_str()) {
            err("sweep_goal", crate::msg_str!("Pick Maximize or Minimize.").into());
        }
        let total = count(&self.max_total, 1, MAX_TRIALS);
        if total.is_none() {
            err("sweep_max_total", crate::msg!("A whole number from 1 to {MAX_TRIALS}."));
        }
        if !self.max_concurrent.trim().is_empty() {
            match count(&self.max_concurrent, 1, MAX_TRIALS) {
                None => {
                    err("sweep_max_concurrent", crate::msg_str!("A whole number from 1, or empty for no limit.").into())
                }
                Some(c) if total.is_some_and(|t| c > t) => {
                    err("sweep_max_concurrent", crate::msg_str!("At most the total number of trials.").into())
                }
                _ => {}
            }
        }
        if !self.trial_timeout.trim().is_empty() && count(&self.trial_timeout, 1, MAX_TIMEOUT_MINUTES).is_none() {
            err(
                "sweep_trial_timeout",
                crate::msg_str!("Minutes, a whole number from 1 to 43200 (30 days), or empty for none.").into(),
            );
        }
        self.check_policy(sampling, err);
    }

    fn check_policy(&self, sampling: &str, err: &mut impl FnMut(&'static str, String)) {
        let policy = self.policy.as_str();
        if policy.is_empty() {
            return;
        }
        if !POLICIES.contains(&policy) {
            return err("sweep_policy", crate::msg_str!("Pick an early termination policy, or none.").into());
        }
        if sampling == "bayesian" {
            return err(
                "sweep_policy",
                crate::msg_str!("Bayesian sampling does not support early termination; pick none.").into(),
            );
        }
        // 0 is what azure-ai-ml sends when the YAML leaves the interval out.
        if count(&self.interval, 0, 1000).is_none() {
            err("sweep_interval", crate::msg_str!("A whole number of metric reports from 0.").into());
        }
        if count(&self.delay, 0, 1000).is_none() {
            err("sweep_delay", crate::msg_str!("A whole number of metric reports from 0.").into());
        }
        match policy {
            "bandit" => {
                let (f, a) = (self.slack_factor.trim(), self.slack_amount.trim());
                if f.is_empty() == a.is_empty() {
                    err(
                        "sweep_slack",
                        crate::msg_str!("Give either a slack factor or a slack amount (one of them).").into(),
                    );
                } else if number(if f.is_empty() { a } else { f }).is_none_or(|x| x <= 0.0) {
                    err("sweep_slack", crate::msg_str!("The slack is a number greater than 0 (e.g. 0.1).").into());
                }
            }
            "truncation_selection" if count(&self.truncation, 1, 99).is_none() => {
                err("sweep_truncation", crate::msg_str!("A whole percentage from 1 to 99.").into())
            }
            _ => {}
        }
    }
}

impl JobForm {
    /// The Sweep part's messages (none for a Command job).
    pub(crate) fn check_sweep(&self, err: &mut impl FnMut(&'static str, String)) {
        if !self.is_sweep() {
            return;
        }
        let literals: Vec<&str> = self.inputs.iter().filter(|i| i.kind == "literal").map(|i| i.name.trim()).collect();
        self.sweep.validate(&literals, err);
    }
}
