//! The official 2025-12-01 `Jobs_Get` examples of the job types the emulator stores but does
//! not run (and of Sweep), seeded into `ws-demo` under clear names so the console can open every
//! job type (docs/CONTRACTS.md "Seeded demo state"). Each body is the example's response unchanged
//! except `id` and `name`, which place it in the workspace; placeholders such as
//! `"computeId": "string"` and statuses outside the spec's enum (`Scheduled`, `Created`) stay.

use serde_json::{json, Value};

/// (seeded name, example file).
const EXAMPLES: &[(&str, &str)] = &[
    ("example-sweep", include_str!("../../../tests/fixtures/2025-12-01/Job/SweepJob/get.json")),
    ("example-pipeline", include_str!("../../../tests/fixtures/2025-12-01/Job/PipelineJob/get.json")),
    ("example-automl", include_str!("../../../tests/fixtures/2025-12-01/Job/AutoMLJob/get.json")),
    ("example-finetuning", include_str!("../../../tests/fixtures/2025-12-01/Job/FineTuningJob/get.json")),
];

/// Names of the seeded example jobs.
pub fn example_names() -> impl Iterator<Item = &'static str> {
    EXAMPLES.iter().map(|(n, _)| *n)
}

pub fn example_jobs(ws_id: &str) -> Vec<Value> {
    EXAMPLES
        .iter()
        .map(|(name, text)| {
            let doc: Value = serde_json::from_str(text).expect("fixture is JSON");
            let mut body = doc["responses"]["200"]["body"].clone();
            body["id"] = json!(format!("{ws_id}/jobs/{name}"));
            body["name"] = json!(name);
            body
        })
        .collect()
}
