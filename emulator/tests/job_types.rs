//! Every job type of the 2025-12-01 spec: the official Sweep/Pipeline/AutoML/FineTuning examples
//! are seeded into ws-demo, listed with their type, readable as the examples are, cancellable;
//! PUTs of the stored-only types are accepted (and not run); Sweep bodies are checked.

mod common;
use common::*;
use serde_json::{json, Value};

fn example(rel: &str) -> Value {
    let path = format!("{}/../tests/fixtures/2025-12-01/Job/{rel}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The example body without `id`/`name` (which the seed sets) and with the placeholders kept.
fn without_names(mut body: Value) -> Value {
    let o = body.as_object_mut().unwrap();
    o.remove("id");
    o.remove("name");
    body
}

#[tokio::test]
async fn seeded_examples_are_listed_read_and_cancelled() {
    let emu = start().await;
    let cases = [
        ("example-sweep", "Sweep", "SweepJob/get.json"),
        ("example-pipeline", "Pipeline", "PipelineJob/get.json"),
        ("example-automl", "AutoML", "AutoMLJob/get.json"),
        ("example-finetuning", "FineTuning", "FineTuningJob/get.json"),
    ];
    for (name, ty, file) in cases {
        let ex = example(file)["responses"]["200"]["body"].clone();
        let got = emu.job(name).await;
        assert_eq!(got["name"], name);
        assert_eq!(got["properties"]["jobType"], ty);
        assert_shape(&without_names(ex.clone()), &got, name);
        assert_eq!(got["properties"], ex["properties"], "{name}: properties as in the example");
        // Listed, and found by the type filter.
        let pages = emu.all_pages(&format!("{}/jobs?api-version={V}&jobType={ty}", emu.demo()), false).await;
        let listed: Vec<Value> = pages.iter().flat_map(|p| p["value"].as_array().unwrap().clone()).collect();
        assert_eq!(listed.iter().map(|j| j["name"].as_str().unwrap()).collect::<Vec<_>>(), [name], "{ty}");
    }
    // Not terminal (NotStarted, or the examples' own Scheduled / Created): Cancel works.
    let (s, _, _) = emu.call("POST", &format!("{}/jobs/example-automl/cancel?api-version={V}", emu.demo()), None).await;
    assert_eq!(s, 202);
    assert_eq!(emu.job("example-automl").await["properties"]["status"], "Canceled");
    // Each has an MLflow run of its experiment, like any job.
    let path = format!("/mlflow/v1.0{}/api/2.0/mlflow/runs/get?run_id=example-pipeline", emu.demo());
    let (s, _, run) = emu.call("GET", &path, None).await;
    assert_eq!(s, 200, "{run}");
    assert_eq!(run["run"]["info"]["status"], "SCHEDULED");
}

#[tokio::test]
async fn stored_only_types_are_accepted_and_not_run() {
    let emu = start().await;
    for (name, file) in
        [("pipe-1", "PipelineJob/get.json"), ("automl-1", "AutoMLJob/get.json"), ("ft-1", "FineTuningJob/get.json")]
    {
        let mut props = example(file)["responses"]["200"]["body"]["properties"].clone();
        props.as_object_mut().unwrap().remove("status");
        let (s, body) = emu.submit(name, &json!({"properties": props})).await;
        assert_eq!(s, 201, "{name}: {body}");
        assert_eq!(body["properties"]["status"], "NotStarted");
        assert!(body["properties"]["services"]["Tracking"]["endpoint"].as_str().unwrap().contains("/mlflow/v1.0/"));
        // Same body again: 200, nothing new.
        assert_eq!(emu.submit(name, &json!({"properties": props})).await.0, 200);
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(emu.job("pipe-1").await["properties"]["status"], "NotStarted");
    assert_eq!(emu.state.runner.active_count(), 0, "stored-only jobs never start");

    let bad = [
        (
            json!({"jobType": "Spark", "entry": {"sparkJobEntryType": "SparkJobPythonEntry", "file": "a.py"}}),
            "codeId is required",
        ),
        (json!({"jobType": "AutoML"}), "taskDetails is required"),
        (json!({"jobType": "Teleport"}), "not supported"),
    ];
    for (props, want) in bad {
        let (s, body) = emu.submit("bad-type", &json!({"properties": props})).await;
        assert_eq!(s, 400, "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains(want), "{body}");
    }
}

/// A valid sweep body on cpu-cluster; tests break one part at a time.
pub fn sweep_body(emu: &Emu) -> Value {
    json!({"properties": {
        "jobType": "Sweep", "experimentName": "sweeps",
        "computeId": format!("{}/computes/cpu-cluster", emu.demo()),
        "objective": {"primaryMetric": "score", "goal": "Maximize"},
        "samplingAlgorithm": {"samplingAlgorithmType": "Grid"},
        "searchSpace": {"a": ["choice", [[1, 2]]]},
        "earlyTermination": null,
        "limits": {"jobLimitsType": "Sweep", "maxTotalTrials": 2, "timeout": "PT1H"},
        "trial": {"command": "echo ${{search_space.a}}", "environmentId": "azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest"}
    }})
}

#[tokio::test]
async fn sweep_bodies_are_checked() {
    let emu = start_with(|c| c.azurite_url = "http://127.0.0.1:9/devstoreaccount1".into()).await;
    let cases: Vec<(&str, Value, &str)> = vec![
        ("/objective", Value::Null, "objective is required"),
        ("/objective/goal", json!("Highest"), "goal"),
        ("/samplingAlgorithm/samplingAlgorithmType", json!("Annealing"), "samplingAlgorithmType"),
        ("/searchSpace/a", json!(["uniform", [0, 1]]), "Grid sampling does not support the 'uniform'"),
        ("/searchSpace/a", json!(["choice", []]), "searchSpace.a"),
        ("/searchSpace", json!({}), "searchSpace is required"),
        ("/trial/command", json!("echo ${{search_space.b}}"), "search_space.b"),
        ("/trial/environmentId", json!("azureml:nope:1"), "nope"),
        ("/limits/maxTotalTrials", json!(0), "maxTotalTrials"),
        ("/limits/timeout", json!("soon"), "limits.timeout"),
        ("/earlyTermination", json!({"policyType": "Bandit"}), "slackFactor"),
    ];
    for (pointer, value, want) in cases {
        let mut body = sweep_body(&emu);
        *body.pointer_mut(&format!("/properties{pointer}")).unwrap_or_else(|| panic!("{pointer}")) = value;
        let (s, b) = emu.submit("bad-sweep", &body).await;
        assert_eq!(s, 400, "{pointer}: {b}");
        assert!(b["error"]["message"].as_str().unwrap().contains(want), "{pointer}: {b}");
    }
    let mut bayes = sweep_body(&emu);
    bayes["properties"]["samplingAlgorithm"] = json!({"samplingAlgorithmType": "Bayesian"});
    bayes["properties"]["earlyTermination"] = json!({"policyType": "MedianStopping"});
    let (s, b) = emu.submit("bad-sweep", &bayes).await;
    assert!(s == 400 && b["error"]["message"].as_str().unwrap().contains("Bayesian"), "{b}");
    // Enum values in any case, as azure-ai-ml sends them (`"goal": "maximize"`).
    let mut good = sweep_body(&emu);
    good["properties"]["objective"]["goal"] = json!("maximize");
    good["properties"]["samplingAlgorithm"]["samplingAlgorithmType"] = json!("grid");
    good["properties"]["earlyTermination"] = json!({"policyType": "bandit", "slackAmount": 0.2});
    assert_eq!(emu.submit("good-sweep", &good).await.0, 201);
}
