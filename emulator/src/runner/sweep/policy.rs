//! Early termination of a sweep's trials, as Azure ML describes its three policies. An
//! "interval" is one report of the primary metric: a trial's i-th logged value is its value at
//! interval i. The policy is applied at intervals `delay, delay + every, …` (`delayEvaluation`,
//! `evaluationInterval`; the first at interval 1 without a delay), and compares the trial at
//! that interval with every trial that reached it:
//! - Bandit: stop when the trial is worse than the best by more than `slackFactor` (ratio) or
//!   `slackAmount` (absolute).
//! - MedianStopping: stop when the trial's best value so far is worse than the median of the
//!   trials' running averages up to that interval.
//! - TruncationSelection: stop the trial when it is in the worst `truncationPercentage` percent.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum Policy {
    Bandit { slack_factor: f64, slack_amount: f64 },
    MedianStopping,
    Truncation { percentage: f64 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct EarlyTermination {
    pub policy: Policy,
    pub delay: usize,
    pub every: usize,
}

impl EarlyTermination {
    /// `earlyTermination` of the job (None when absent or null).
    pub fn from_json(v: &Value) -> Result<Option<EarlyTermination>, String> {
        if v.is_null() {
            return Ok(None);
        }
        let num = |k: &str| v[k].as_f64().unwrap_or(0.0);
        let int = |k: &str| -> Result<usize, String> {
            match &v[k] {
                Value::Null => Ok(0),
                x => x
                    .as_u64()
                    .map(|n| n as usize)
                    .ok_or_else(|| format!("earlyTermination.{k} must be a non-negative integer.")),
            }
        };
        let policy = match v["policyType"].as_str().unwrap_or_default().to_ascii_lowercase().as_str() {
            "bandit" => {
                let (slack_factor, slack_amount) = (num("slackFactor"), num("slackAmount"));
                if slack_factor < 0.0 || slack_amount < 0.0 || (slack_factor == 0.0 && slack_amount == 0.0) {
                    return Err("A Bandit policy needs a positive slackFactor or slackAmount.".into());
                }
                Policy::Bandit { slack_factor, slack_amount }
            }
            "medianstopping" => Policy::MedianStopping,
            "truncationselection" => {
                let p = num("truncationPercentage");
                if !(1.0..=99.0).contains(&p) {
                    return Err("truncationPercentage must be between 1 and 99.".into());
                }
                Policy::Truncation { percentage: p }
            }
            _ => {
                return Err(format!(
                    "earlyTermination.policyType '{}' is not one of Bandit, MedianStopping, TruncationSelection.",
                    v["policyType"].as_str().unwrap_or_default()
                ))
            }
        };
        Ok(Some(EarlyTermination { policy, delay: int("delayEvaluation")?, every: int("evaluationInterval")?.max(1) }))
    }

    /// Whether interval `i` (1-based) is one the policy is applied at.
    pub fn evaluates_at(&self, i: usize) -> bool {
        let first = self.delay.max(1);
        i >= first && (i - first).is_multiple_of(self.every)
    }

    /// Whether the trial with `series` (its primary metric values so far) stops at interval `i`.
    /// `all` holds every trial's series, the trial's own included.
    pub fn stops(&self, maximize: bool, series: &[f64], all: &[&[f64]], i: usize) -> bool {
        let Some(&mine) = series.get(i - 1) else { return false };
        let better = |a: f64, b: f64| if maximize { a > b } else { a < b };
        let at_i: Vec<f64> = all.iter().filter_map(|s| s.get(i - 1).copied()).filter(|v| !v.is_nan()).collect();
        if mine.is_nan() || at_i.is_empty() {
            return false;
        }
        match &self.policy {
            Policy::Bandit { slack_factor, slack_amount } => {
                let best = at_i.iter().copied().fold(at_i[0], |b, v| if better(v, b) { v } else { b });
                let allowed = if *slack_amount > 0.0 {
                    if maximize {
                        best - slack_amount
                    } else {
                        best + slack_amount
                    }
                } else if maximize {
                    best / (1.0 + slack_factor)
                } else {
                    best * (1.0 + slack_factor)
                };
                better(allowed, mine)
            }
            Policy::MedianStopping => {
                let mut averages: Vec<f64> = all
                    .iter()
                    .filter(|s| s.len() >= i)
                    .map(|s| s[..i].iter().sum::<f64>() / i as f64)
                    .filter(|v| !v.is_nan())
                    .collect();
                if averages.len() < 2 {
                    return false;
                }
                averages.sort_by(f64::total_cmp);
                let n = averages.len();
                let median = if n % 2 == 1 { averages[n / 2] } else { (averages[n / 2 - 1] + averages[n / 2]) / 2.0 };
                let best_so_far = series[..i].iter().copied().fold(mine, |b, v| if better(v, b) { v } else { b });
                better(median, best_so_far)
            }
            Policy::Truncation { percentage } => {
                let n = at_i.len();
                let cut = ((n as f64) * percentage / 100.0).floor() as usize;
                if n < 2 || cut == 0 {
                    return false;
                }
                // Rank from worst: the trial stops if fewer than `cut` trials are worse than it.
                let worse = at_i.iter().filter(|v| better(mine, **v)).count();
                worse < cut
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn et(v: Value) -> EarlyTermination {
        EarlyTermination::from_json(&v).unwrap().unwrap()
    }

    #[test]
    fn schedule_follows_delay_and_interval() {
        let p = et(json!({"policyType": "MedianStopping", "delayEvaluation": 3, "evaluationInterval": 2}));
        let at: Vec<usize> = (1..10).filter(|i| p.evaluates_at(*i)).collect();
        assert_eq!(at, [3, 5, 7, 9]);
        let p = et(json!({"policyType": "MedianStopping"}));
        assert!((1..5).all(|i| p.evaluates_at(i)));
    }

    #[test]
    fn bandit_stops_trials_outside_the_slack() {
        let p = et(json!({"policyType": "Bandit", "slackFactor": 0.1}));
        let (best, close, far) = ([0.9], [0.85], [0.7]);
        let all: Vec<&[f64]> = vec![&best, &close, &far];
        assert!(!p.stops(true, &close, &all, 1), "0.85 >= 0.9/1.1");
        assert!(p.stops(true, &far, &all, 1));
        assert!(!p.stops(true, &best, &all, 1));
        let p = et(json!({"policyType": "Bandit", "slackAmount": 0.05}));
        let (best, close, far) = ([1.0], [1.04], [1.2]);
        let all: Vec<&[f64]> = vec![&best, &close, &far];
        assert!(!p.stops(false, &close, &all, 1) && p.stops(false, &far, &all, 1));
    }

    #[test]
    fn median_stopping_compares_best_with_median_of_averages() {
        let p = et(json!({"policyType": "MedianStopping"}));
        let (a, b, c) = ([0.8, 0.9], [0.7, 0.8], [0.1, 0.2]);
        let all: Vec<&[f64]> = vec![&a, &b, &c];
        assert!(p.stops(true, &c, &all, 2));
        assert!(!p.stops(true, &a, &all, 2) && !p.stops(true, &b, &all, 2));
    }

    #[test]
    fn truncation_stops_the_worst_share() {
        let p = et(json!({"policyType": "TruncationSelection", "truncationPercentage": 50}));
        let s: Vec<[f64; 1]> = vec![[0.1], [0.2], [0.3], [0.4]];
        let all: Vec<&[f64]> = s.iter().map(|x| &x[..]).collect();
        let stopped: Vec<bool> = s.iter().map(|x| p.stops(true, x, &all, 1)).collect();
        assert_eq!(stopped, [true, true, false, false]);
        // Minimizing, the largest are the worst.
        let stopped: Vec<bool> = s.iter().map(|x| p.stops(false, x, &all, 1)).collect();
        assert_eq!(stopped, [false, false, true, true]);
    }

    #[test]
    fn bad_policies() {
        for v in [
            json!({"policyType": "Bandit"}),
            json!({"policyType": "TruncationSelection", "truncationPercentage": 0}),
            json!({"policyType": "Coin"}),
        ] {
            assert!(EarlyTermination::from_json(&v).is_err(), "{v}");
        }
        assert!(EarlyTermination::from_json(&Value::Null).unwrap().is_none());
    }
}
