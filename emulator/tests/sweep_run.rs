//! Sweeps really run against Azurite: trials `{sweep}_{n}` log their primary metric to MLflow from
//! inside the job (stdlib HTTP with the job's MLFLOW_* variables), the best trial is marked,
//! early termination stops the worst trials, the timeout cancels everything.

mod common;
use common::*;
use serde_json::{json, Value};

/// Logs `score = a * 10 + b` for `steps` steps, `pause` seconds apart, through the job's MLflow
/// variables (no MLflow package needed).
const TRAIN: &str = r#"import json, os, sys, time, urllib.request
a, b, steps, pause = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
for step in range(steps):
    body = json.dumps({"run_id": os.environ["MLFLOW_RUN_ID"], "key": "score", "value": a * 10 + b,
                       "timestamp": int(time.time() * 1000), "step": step}).encode()
    req = urllib.request.Request(os.environ["MLFLOW_TRACKING_URI"] + "/api/2.0/mlflow/runs/log-metric", data=body,
                                 headers={"Authorization": "Bearer " + os.environ["MLFLOW_TRACKING_TOKEN"],
                                          "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
    time.sleep(pause)
print("trained", a, b)
"#;

fn sweep(emu: &Emu, code: &str, command: &str, space: Value, extra: Value) -> Value {
    let mut p = json!({
        "jobType": "Sweep", "experimentName": "sweeps", "codeId": null,
        "computeId": format!("{}/computes/cpu-cluster", emu.demo()),
        "objective": {"primaryMetric": "score", "goal": "Maximize"},
        "samplingAlgorithm": {"samplingAlgorithmType": "Grid"},
        "searchSpace": space,
        "limits": {"jobLimitsType": "Sweep"},
        "trial": {"command": command, "codeId": code, "environmentId": "azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest"}
    });
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    json!({"properties": p})
}

async fn trials(emu: &Emu, parent: &str) -> Vec<Value> {
    let path = format!("/history/v1.0{}/runs/{parent}/children", emu.demo());
    let (s, _, b) = emu.call("GET", &path, None).await;
    assert_eq!(s, 200, "{b}");
    b["value"].as_array().unwrap().clone()
}

#[tokio::test]
async fn grid_sweep_runs_every_trial_and_marks_the_best() {
    let Some(az) = azurite::start().await else { return };
    let emu = azurite::emulator(&az).await;
    let code = emu.upload_code(&[("train.py", TRAIN)]).await;
    let body = sweep(
        &emu,
        &code,
        "python3 train.py ${{search_space.a}} ${{search_space.b}} 2 0",
        json!({"a": ["choice", [[1, 2, 3]]], "b": ["choice", [[0, 5]]]}),
        json!({"limits": {"jobLimitsType": "Sweep", "maxTotalTrials": 20, "maxConcurrentTrials": 3, "trialTimeout": "PT2M"}}),
    );
    let (s, b) = emu.submit("grid-sweep", &body).await;
    assert_eq!(s, 201, "{b}");
    let done = emu.wait_job("grid-sweep", 180).await;
    assert_eq!(done["properties"]["status"], "Completed", "{done}");
    // Six grid points (not maxTotalTrials), each a Completed Command job with its values.
    let kids = trials(&emu, "grid-sweep").await;
    let names: Vec<&str> = kids.iter().map(|k| k["runId"].as_str().unwrap()).collect();
    assert_eq!(names, (0..6).map(|i| format!("grid-sweep_{i}")).collect::<Vec<_>>());
    for k in &kids {
        assert_eq!(k["status"], "Completed", "{k}");
        assert_eq!(k["parentRunId"], "grid-sweep");
    }
    let last = emu.job("grid-sweep_5").await;
    assert_eq!(last["properties"]["jobType"], "Command");
    assert_eq!(last["properties"]["command"], "python3 train.py 3 5 2 0");
    assert_eq!(last["properties"]["limits"]["timeout"], "PT2M");
    let hp: Value =
        serde_json::from_str(last["properties"]["properties"]["hyperparameters"].as_str().unwrap()).unwrap();
    assert_eq!(hp, json!({"a": 3, "b": 5}));
    // a = 3, b = 5 scores 35: the best.
    let props = &done["properties"]["properties"];
    assert_eq!(props["best_child_run_id"], "grid-sweep_5", "{props}");
    assert_eq!(props["score"], "35");
    // Trials stay out of the jobs list; MLflow finds them by their parent.
    let pages = emu.all_pages(&format!("{}/jobs?api-version={V}", emu.demo()), false).await;
    assert!(pages
        .iter()
        .flat_map(|p| p["value"].as_array().unwrap())
        .all(|j| !j["name"].as_str().unwrap().starts_with("grid-sweep_")));
    let exp = emu
        .call("GET", &format!("/mlflow/v1.0{}/api/2.0/mlflow/runs/get?run_id=grid-sweep_0", emu.demo()), None)
        .await
        .2["run"]["info"]["experiment_id"]
        .clone();
    let search = json!({"experiment_ids": [exp], "filter": "tags.mlflow.parentRunId = 'grid-sweep'", "order_by": ["metrics.score DESC"]});
    let (_, _, found) =
        emu.call("POST", &format!("/mlflow/v1.0{}/api/2.0/mlflow/runs/search", emu.demo()), Some(&search)).await;
    let runs = found["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 6);
    assert_eq!(runs[0]["info"]["run_id"], "grid-sweep_5");
    assert_eq!(runs[0]["info"]["status"], "FINISHED");
}

#[tokio::test]
async fn early_termination_and_limits() {
    let Some(az) = azurite::start().await else { return };
    let emu = azurite::emulator(&az).await;
    let code = emu.upload_code(&[("train.py", TRAIN)]).await;
    // Four trials at once, twelve reports each; truncation stops the worst half as they report.
    let body = sweep(
        &emu,
        &code,
        "python3 train.py ${{search_space.a}} 0 12 0.4",
        json!({"a": ["choice", [[1, 2, 3, 4]]]}),
        json!({"earlyTermination": {"policyType": "TruncationSelection", "truncationPercentage": 50, "evaluationInterval": 1, "delayEvaluation": 2}}),
    );
    assert_eq!(emu.submit("trunc-sweep", &body).await.0, 201);
    // A random sweep capped at three trials, one at a time, with a fixed seed.
    let random = sweep(
        &emu,
        &code,
        "python3 train.py ${{search_space.a}} ${{search_space.b}} 1 0",
        json!({"a": ["randint", [100]], "b": ["uniform", [0, 1]]}),
        json!({"samplingAlgorithm": {"samplingAlgorithmType": "Random", "seed": 3},
               "limits": {"jobLimitsType": "Sweep", "maxTotalTrials": 3, "maxConcurrentTrials": 1}}),
    );
    assert_eq!(emu.submit("random-sweep", &random).await.0, 201);
    // A sweep whose trials outlive its timeout.
    let slow = sweep(
        &emu,
        &code,
        "sleep 60 # ${{search_space.a}}",
        json!({"a": ["choice", [[1, 2]]]}),
        json!({"limits": {"jobLimitsType": "Sweep", "timeout": "PT3S"}}),
    );
    assert_eq!(emu.submit("slow-sweep", &slow).await.0, 201);

    let done = emu.wait_job("trunc-sweep", 180).await;
    assert_eq!(done["properties"]["status"], "Completed");
    assert_eq!(done["properties"]["properties"]["best_child_run_id"], "trunc-sweep_3");
    let worst = emu.job("trunc-sweep_0").await;
    assert_eq!(worst["properties"]["status"], "Canceled", "a = 1 is always in the worst half");
    let why = emu.details("trunc-sweep_0").await["error"]["error"]["message"].as_str().unwrap_or_default().to_string();
    assert!(why.contains("Early termination"), "{why}");
    assert_eq!(emu.job("trunc-sweep_3").await["properties"]["status"], "Completed");

    let r = emu.wait_job("random-sweep", 120).await;
    assert_eq!(r["properties"]["status"], "Completed");
    let kids = trials(&emu, "random-sweep").await;
    assert_eq!(kids.len(), 3);
    let values: Vec<Value> = kids
        .iter()
        .map(|k| serde_json::from_str(k["properties"]["hyperparameters"].as_str().unwrap()).unwrap())
        .collect();
    for v in &values {
        assert!((0..100).contains(&v["a"].as_i64().unwrap()) && (0.0..1.0).contains(&v["b"].as_f64().unwrap()), "{v}");
    }
    // One at a time: each trial started after the previous one ended.
    for pair in kids.windows(2) {
        assert!(pair[0]["endTimeUtc"].as_str().unwrap() <= pair[1]["startTimeUtc"].as_str().unwrap(), "{pair:?}");
    }

    let s = emu.wait_job("slow-sweep", 60).await;
    assert_eq!(s["properties"]["status"], "Canceled");
    assert!(emu.details("slow-sweep").await["error"]["error"]["message"].as_str().unwrap().contains("limits.timeout"));
    for k in trials(&emu, "slow-sweep").await {
        let t = emu.wait_job(k["runId"].as_str().unwrap(), 30).await;
        assert_eq!(t["properties"]["status"], "Canceled");
    }
}
