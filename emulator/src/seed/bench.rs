//! The benchmark workspace `rg-ml-dev/ws-bench` (`--bench-computes N`, `--bench-jobs N`): many
//! clusters and many jobs, for paging, rendering and filtering at scale (docs/CONTRACTS.md
//! "Seeded demo state").
//!
//! Jobs are generated, not run: deterministic names, display names (every 97th several hundred
//! characters long), experiments, statuses, types, tags, properties and archive flags, from a
//! hash of the index; creation times fall back from the seeding time, one every 27 minutes, so
//! the newest jobs (the only ones still running or queued) have plausible durations. Job `i`
//! is older than job `i - 1`, so the list's newest-first order is the index order.

use super::computes::bench_cluster;
use super::workspaces::{workspace_json, WorkspaceSeed, SUB_DEV};
use crate::config::Config;
use crate::store::{workspace_id, Store};
use crate::util::{iso, now_secs};
use serde_json::{json, Value};

pub const BENCH_WS: &str = "ws-bench";
const LOCATION: &str = "westus2";
/// Seconds between two consecutive jobs' creation times (20,000 jobs span about a year).
const SPACING_SECS: u64 = 27 * 60;
/// Jobs this new (by index) may still be in a non-terminal status.
const LIVE_JOBS: usize = 40;

const EXPERIMENTS: [&str; 12] = [
    "resnet-sweeps",
    "bert-finetune",
    "churn-tabular",
    "forecast-daily",
    "speech-asr",
    "vision-detect",
    "llm-eval",
    "recsys-ranking",
    "fraud-gbm",
    "segmentation",
    "Default",
    "nightly-retrain",
];
const ADJECTIVES: [&str; 16] = [
    "amber", "brave", "calm", "dusty", "eager", "frosty", "gentle", "happy", "icy", "jolly", "keen", "lucid", "mellow",
    "nimble", "olive", "quiet",
];
const NOUNS: [&str; 16] = [
    "apple", "bridge", "cactus", "dolphin", "engine", "falcon", "garden", "harbor", "island", "jacket", "kettle",
    "lemon", "meadow", "needle", "orchid", "pepper",
];
const TEAMS: [&str; 4] = ["vision", "nlp", "speech", "tabular"];
const USERS: [&str; 5] = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson", "Edsger Dijkstra"];
/// (status, weight in 100) of old jobs; the newest `LIVE_JOBS` draw from `LIVE` instead.
const DONE: [(&str, u64); 3] = [("Completed", 72), ("Failed", 18), ("Canceled", 10)];
const LIVE: [&str; 6] = ["Running", "Queued", "Preparing", "NotStarted", "Finalizing", "Running"];
/// (jobType, weight in 100).
const TYPES: [(&str, u64); 5] = [("Command", 70), ("Sweep", 12), ("Pipeline", 10), ("AutoML", 5), ("Spark", 3)];

/// splitmix64: a well-mixed, repeatable value per (index, purpose).
fn mix(i: usize, salt: u64) -> u64 {
    let mut z = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(salt.wrapping_mul(0xBF58_476D_1CE4_E5B9));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn pick<T: Copy>(xs: &[T], i: usize, salt: u64) -> T {
    xs[(mix(i, salt) % xs.len() as u64) as usize]
}

fn weighted<'a>(xs: &[(&'a str, u64)], i: usize, salt: u64) -> &'a str {
    let mut r = mix(i, salt) % 100;
    for (x, w) in xs {
        if r < *w {
            return x;
        }
        r -= w;
    }
    xs[0].0
}

/// `amber_falcon_3k9x2q`-style names, as the service generates for jobs without one. The tail
/// is `i` times a number prime to 36^6, modulo 36^6: a bijection, so names never repeat.
pub fn bench_job_name(i: usize) -> String {
    const SPACE: u64 = 36u64.pow(6);
    let mut n = (i as u64 % SPACE).wrapping_mul(2_654_435_761) % SPACE;
    let mut tail = [b'0'; 6];
    for slot in tail.iter_mut().rev() {
        *slot = char::from_digit((n % 36) as u32, 36).unwrap() as u8;
        n /= 36;
    }
    format!("{}_{}_{}", pick(&ADJECTIVES, i, 1), pick(&NOUNS, i, 2), String::from_utf8_lossy(&tail))
}

fn display_name(i: usize, experiment: &str) -> Value {
    match i % 97 {
        // A very long display name (a pasted description), to keep columns honest.
        13 => json!(format!(
            "{experiment} run {i}: {}",
            "retrain with the full history, new tokenizer, mixed precision, gradient checkpointing and a much longer warm-up schedule; "
                .repeat(3)
        )),
        // No display name: lists fall back to the job name.
        41 => Value::Null,
        _ => json!(format!("{experiment}-{:04} lr={}", i % 10_000, pick(&["0.1", "0.01", "0.003", "0.001"], i, 3))),
    }
}

/// The type-specific part of a job body (enough of each type's required fields to be read back).
fn type_body(job_type: &str, compute_id: &Value) -> Value {
    let env = "azureml://registries/azureml/environments/AzureML-sklearn-1.5/versions/21";
    match job_type {
        "Sweep" => json!({
            "objective": {"goal": "Maximize", "primaryMetric": "accuracy"},
            "samplingAlgorithm": {"samplingAlgorithmType": "Random"},
            "searchSpace": {"lr": ["uniform", [0.001, 0.1]]},
            "limits": {"jobLimitsType": "Sweep", "maxTotalTrials": 8, "maxConcurrentTrials": 2},
            "trial": {"command": "python train.py --lr ${{search_space.lr}}", "environmentId": env},
        }),
        "Pipeline" => json!({"jobs": {}, "settings": {"default_compute": compute_id}, "inputs": {}, "outputs": {}}),
        "AutoML" => json!({"taskDetails": {"taskType": "Classification", "targetColumnName": "label",
            "trainingData": {"jobInputType": "mltable", "uri": "azureml://datastores/workspaceblobstore/paths/train/"}}}),
        "Spark" => json!({"codeId": null, "entry": {"sparkJobEntryType": "SparkJobPythonEntry", "file": "main.py"},
            "conf": {"spark.driver.cores": "1"}}),
        _ => json!({"command": "python train.py", "environmentId": env, "environmentVariables": {},
            "inputs": {}, "outputs": {}, "resources": {"instanceCount": 1}}),
    }
}

/// Job `i` of the bench workspace, created `now - (i + 1) * SPACING_SECS`.
pub fn bench_job(ws_id: &str, i: usize, computes: usize, now: u64) -> Value {
    let name = bench_job_name(i);
    let experiment = pick(&EXPERIMENTS, i, 4);
    let job_type = weighted(&TYPES, i, 5);
    let status = if i < LIVE_JOBS { pick(&LIVE, i, 6) } else { weighted(&DONE, i, 6) };
    let created = now.saturating_sub((i as u64 + 1) * SPACING_SECS);
    let ran = 30 + mix(i, 7) % (5 * 3600);
    let modified = if i < LIVE_JOBS { created + 5 } else { created + ran };
    // Most jobs run on one of the bench clusters; every fifth one is serverless.
    let (compute_id, resources) = if computes == 0 || i.is_multiple_of(5) {
        (Value::Null, json!({"instanceCount": 1, "instanceType": "Standard_DS3_v2"}))
    } else {
        let c = 1 + (mix(i, 8) % computes.min(50) as u64) as usize;
        (json!(format!("{ws_id}/computes/bench-{c:03}")), json!({"instanceCount": 1 + (i % 3)}))
    };
    let mut tags = json!({"team": pick(&TEAMS, i, 9)});
    if i.is_multiple_of(7) {
        tags["priority"] = json!("high");
    }
    if i.is_multiple_of(11) {
        tags["release"] = json!(format!("v{}", 1 + i % 4));
    }
    let stage = if i.is_multiple_of(3) { "prod" } else { "dev" };
    let mut p = type_body(job_type, &compute_id);
    let who = pick(&USERS, i, 10);
    for (k, v) in [
        ("jobType", json!(job_type)),
        ("displayName", display_name(i, experiment)),
        ("description", Value::Null),
        ("experimentName", json!(experiment)),
        ("status", json!(status)),
        ("computeId", compute_id),
        ("tags", tags),
        ("properties", json!({"stage": stage, "azureml.benchIndex": i.to_string()})),
        ("isArchived", json!(i % 20 == 19)),
        ("services", json!({})),
    ] {
        p[k] = v;
    }
    if job_type == "Command" {
        p["resources"] = resources;
    }
    json!({
        "id": format!("{ws_id}/jobs/{name}"), "name": name, "type": "Microsoft.MachineLearningServices/workspaces/jobs",
        "properties": p,
        "systemData": {"createdAt": iso(created), "createdBy": who, "createdByType": "User",
                       "lastModifiedAt": iso(modified), "lastModifiedBy": who, "lastModifiedByType": "User"}
    })
}

/// Adds `ws-bench` with `config.bench_computes` clusters and `config.bench_jobs` jobs (nothing
/// when both are 0).
pub fn seed(s: &mut Store, config: &Config) {
    if config.bench_computes > 0 || config.bench_jobs > 0 {
        seed_counts(s, config.bench_computes, config.bench_jobs);
    }
}

/// Makes `ws-bench` hold `computes` clusters (more are added, none removed) and exactly `jobs`
/// generated jobs (the previous ones are replaced; jobs submitted there stay). Its own region
/// keeps the clusters' vCPU use out of ws-demo's quota.
pub fn seed_counts(s: &mut Store, computes: usize, jobs: usize) {
    let ws = workspace_id(SUB_DEV, "rg-ml-dev", BENCH_WS);
    if s.workspace(SUB_DEV, "rg-ml-dev", BENCH_WS).is_none() {
        // The same discovery document as the other seeded workspaces (seed/mod.rs names the
        // emulator's own), not the real region's host the plain seed has.
        let discovery = s
            .workspace(SUB_DEV, "rg-ml-dev", "ws-demo")
            .and_then(|w| w["properties"]["discoveryUrl"].as_str().map(str::to_string));
        let mut w = workspace_json(&WorkspaceSeed {
            sub: SUB_DEV,
            rg: "rg-ml-dev",
            name: BENCH_WS,
            location: LOCATION,
            friendly_name: "Benchmark",
            description: "Many clusters and jobs, for paging and rendering benchmarks",
            workspace_guid: "9c4f5d6e-7081-4293-9da4-c5e6f708192a",
            created: "2024-04-01T09:00:00.0000000Z",
        });
        if let Some(d) = discovery {
            w["properties"]["discoveryUrl"] = d.into();
        }
        s.add_workspace(w);
    }
    let existing: std::collections::HashSet<String> =
        s.computes_in(&ws).iter().filter_map(|c| c["name"].as_str()).map(str::to_string).collect();
    for i in 1..=computes {
        let name = format!("bench-{i:03}");
        if !existing.contains(&name) {
            s.computes.push(bench_cluster(&ws, &name, LOCATION, i));
        }
    }
    let generated = |j: &Value| j["properties"]["properties"]["azureml.benchIndex"].is_string();
    let of_ws = Store::child_indices(&s.jobs, &format!("{ws}/jobs"));
    let drop: std::collections::HashSet<usize> = of_ws.into_iter().filter(|i| generated(&s.jobs[*i])).collect();
    if !drop.is_empty() {
        let mut i = 0;
        s.jobs.retain(|_| {
            i += 1;
            !drop.contains(&(i - 1))
        });
    }
    // Pushed, not upserted: names are unique by construction and a linear upsert per job would
    // make seeding 20,000 jobs quadratic.
    let now = now_secs() / 60 * 60;
    let clusters = computes.max(s.computes_in(&ws).len());
    s.jobs.extend((0..jobs).map(|i| bench_job(&ws, i, clusters, now)));
    // Their experiments exist in MLflow tracking, as a submitted job's would (the console's
    // experiment suggestions read them there). Generated jobs get no MLflow run each: 20,000
    // runs would only slow seeding, and no bench reads them.
    if jobs > 0 {
        let t = s.mlflow.entry(ws.to_ascii_lowercase()).or_default();
        for e in EXPERIMENTS.iter().take(jobs) {
            crate::mlflow::experiments::ensure(t, e);
        }
    }
}
