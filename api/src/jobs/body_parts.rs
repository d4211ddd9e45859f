//! Parts of a job's REST body shared by the Command body (`body`) and the Sweep body
//! (`sweep::body`): the ARM ids a job refers to, inputs, outputs and string maps.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::form::{pairs, InputRow, JobForm, OutputRow};

/// The spec's default modes, written out as the SDK does.
pub const DEFAULT_INPUT_MODE: &str = "ReadOnlyMount";

pub const DEFAULT_OUTPUT_MODE: &str = "ReadWriteMount";

/// What a job refers to by ARM id (or, for a curated environment, its registry id).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobRefs {
    pub code_id: String,
    pub environment_id: String,
    /// `None` = serverless.
    pub compute_id: Option<String>,
    /// Job properties (the git keys).
    pub properties: BTreeMap<String, String>,
}

pub(crate) fn input_json(r: &InputRow) -> Value {
    if r.kind == "literal" {
        // The value exactly as typed: the SDK sends literal values as strings, untrimmed.
        return json!({"jobInputType": "literal", "value": r.value});
    }
    let mode = if r.mode.is_empty() { DEFAULT_INPUT_MODE } else { &r.mode };
    json!({"jobInputType": r.kind, "uri": JobForm::input_uri(r), "mode": mode})
}

pub(crate) fn output_json(r: &OutputRow) -> Value {
    let mode = if r.mode.is_empty() { DEFAULT_OUTPUT_MODE } else { &r.mode };
    json!({"jobOutputType": r.kind, "mode": mode})
}

pub(crate) fn string_map(text: &str) -> Map<String, Value> {
    pairs(text).into_iter().map(|(k, v)| (k, Value::String(v))).collect()
}
