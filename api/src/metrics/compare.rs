//! Comparing runs: which jobs the address names (`?ids=a,b,c`), and their params side by side
//! with the rows whose values differ marked.

use std::collections::BTreeSet;

use crate::mlflow::KeyValue;

/// The fewest and most runs a comparison shows (more lines than ten are no longer told apart).
pub const MIN_RUNS: usize = 2;
pub const MAX_RUNS: usize = 10;

/// Run ids are job names: letters, digits, `-` and `_`, under 256 characters
/// (docs/azure-ml-rest.md §Logs).
fn valid_run_id(id: &str) -> bool {
    !id.is_empty() && id.len() < 256 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The job names of an `ids` query value (already percent-decoded): comma separated, blanks and
/// repeats dropped (first one kept). The message says what is wrong with the selection.
pub fn parse_ids(ids: Option<&str>) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids.unwrap_or_default().split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !valid_run_id(id) {
            return Err(crate::msg!(
                "“{id}” is not a job name: job names have only letters, digits, - and _ (at most 255)."
            ));
        }
        if !out.iter().any(|o| o == id) {
            out.push(id.to_string());
        }
    }
    match out.len() {
        0 => {
            Err(crate::msg_str!("No jobs to compare. Select 2 to 10 jobs in the jobs list and choose Compare.").into())
        }
        1 => Err(crate::msg!("Only one job ({}) is selected: compare needs 2 to 10 jobs.", out[0])),
        n if n > MAX_RUNS => Err(format!("{n} jobs are selected: compare shows at most {MAX_RUNS}.")),
        _ => Ok(out),
    }
}

/// One param across the compared runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamRow {
    pub key: String,
    /// One per run, in the runs' order; `None` where the run has no such param.
    pub values: Vec<Option<String>>,
    /// Not every run has the same value (a missing value differs from any value).
    pub differs: bool,
}

/// Every param key of any run, in name order, with each run's value.
pub fn param_rows(runs: &[Vec<KeyValue>]) -> Vec<ParamRow> {
    let keys: BTreeSet<&str> = runs.iter().flatten().map(|kv| kv.key.as_str()).collect();
    keys.into_iter()
        .map(|key| {
            let values: Vec<Option<String>> =
                runs.iter().map(|r| r.iter().find(|kv| kv.key == key).map(|kv| kv.value.clone())).collect();
            let differs = values.windows(2).any(|w| w[0] != w[1]);
            ParamRow { key: key.to_string(), values, differs }
        })
        .collect()
}
