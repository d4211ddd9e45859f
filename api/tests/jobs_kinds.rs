//! Every job type readable: the type of each official `Jobs_Get` example, which actions apply,
//! each type's facts, unknown types as a summary + raw JSON; a sweep's trials (RunHistory
//! children joined with MLflow runs), the best trial, sorting, the parallel view; a pipeline's
//! steps with their child runs.

use aml_api::jobs::kinds::{humanize_key, raw_json, type_sections, JobKind, Section};
use aml_api::jobs::pipeline::{child_runs, steps};
use aml_api::jobs::sweep::parallel::parallel;
use aml_api::jobs::sweep::trials::{best_trial, metric_text, sort_trials, trials, Trial, TrialSort};
use aml_api::jobs::sweep::view::{objective, space_text};
use aml_api::jobs::sweep::Goal;
use serde_json::{json, Value};

fn example(kind: &str) -> Value {
    let p = format!("{}/../tests/fixtures/2025-12-01/Job/{kind}/get.json", env!("CARGO_MANIFEST_DIR"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    v["responses"]["200"]["body"].clone()
}

fn section<'a>(s: &'a [Section], key: &str) -> &'a Section {
    s.iter().find(|x| x.key == key).unwrap_or_else(|| panic!("no section {key} in {s:#?}"))
}

fn value<'a>(s: &'a Section, label: &str) -> &'a str {
    s.facts
        .iter()
        .find(|f| f.label == label)
        .map(|f| f.value.as_str())
        .unwrap_or_else(|| panic!("no {label} in {s:#?}"))
}

#[test]
fn each_official_example_has_its_type_and_only_its_actions() {
    for (fixture, kind, label, clone) in [
        ("CommandJob", JobKind::Command, "Command", true),
        ("SweepJob", JobKind::Sweep, "Sweep", true),
        ("PipelineJob", JobKind::Pipeline, "Pipeline", false),
        ("AutoMLJob", JobKind::AutoMl, "AutoML", false),
        ("FineTuningJob", JobKind::FineTuning, "FineTuning", false),
    ] {
        let job = example(fixture);
        assert_eq!(JobKind::of_job(&job), kind, "{fixture}");
        assert_eq!(kind.label(), label);
        assert_eq!(kind.can_clone(), clone, "{fixture}");
        assert!(kind.is_known());
    }
    assert_eq!(JobKind::of("sweep"), JobKind::Sweep, "known types in any case");
    let odd = JobKind::of("Quantum");
    assert_eq!((odd.label(), odd.can_clone(), odd.is_known()), ("Quantum".to_string(), false, false));
    assert_eq!(JobKind::of("").label(), "Unknown");
    assert_eq!(JobKind::of_job(&json!({"properties": {"jobType": 7}})).label(), "Unknown");
}

#[test]
fn sweep_example_reads_objective_sampling_limits_policy_space_and_trial() {
    let s = type_sections(&example("SweepJob"));
    assert_eq!(value(section(&s, "objective"), "Primary metric"), "string");
    assert_eq!(value(section(&s, "objective"), "Goal"), "Minimize");
    assert_eq!(value(section(&s, "objective"), "Sampling"), "Grid");
    let limits = section(&s, "limits");
    assert_eq!(value(limits, "Max total trials"), "1");
    assert_eq!(value(limits, "Max concurrent trials"), "1");
    assert_eq!(value(limits, "Trial timeout"), "PT1S (1s)");
    assert_eq!(value(limits, "Timeout"), "none");
    assert_eq!(value(section(&s, "early-termination"), "Policy"), "MedianStopping");
    assert_eq!(value(section(&s, "early-termination"), "Delay evaluation"), "1");
    assert_eq!(value(section(&s, "search-space"), "string"), "{}", "a placeholder shape stays readable");
    let trial = section(&s, "trial");
    assert_eq!(value(trial, "Distribution"), "Mpi");
    assert_eq!(value(trial, "Compute"), "string");
    assert_eq!(objective(&example("SweepJob")["properties"]), ("string".to_string(), Goal::Minimize));
}

#[test]
fn search_space_entries_as_text() {
    assert_eq!(space_text(&json!(["choice", [[16, 32, "adam"]]])), "choice(16, 32, adam)");
    assert_eq!(space_text(&json!(["uniform", [0.1, 0.5]])), "uniform(0.1, 0.5)");
    assert_eq!(space_text(&json!(["randint", [5]])), "randint(5)");
    assert_eq!(space_text(&json!(["quniform", [1, 9, 2]])), "quniform(1, 9, 2)");
    assert_eq!(space_text(&json!({"type": "choice"})), r#"{"type":"choice"}"#);
    assert_eq!(space_text(&json!("x")), "x");
}

#[test]
fn automl_and_finetuning_read_task_metric_limits_inputs() {
    let s = type_sections(&example("AutoMLJob"));
    assert_eq!(value(section(&s, "task"), "Task type"), "ImageClassification");
    assert_eq!(value(section(&s, "task"), "Primary metric"), "(the task's default)");
    assert_eq!(value(section(&s, "task"), "Target column"), "string");
    assert_eq!(value(section(&s, "limits"), "Max trials"), "2");
    assert_eq!(value(section(&s, "inputs"), "Training data"), "string (mltable)");

    let s = type_sections(&example("FineTuningJob"));
    assert_eq!(value(section(&s, "task"), "Task type"), "TextCompletion");
    assert_eq!(value(section(&s, "task"), "Model provider"), "Custom");
    assert_eq!(value(section(&s, "limits"), "Instance types"), "Standard_NC6");
    assert_eq!(value(section(&s, "limits"), "Job tier"), "Standard");
    assert_eq!(
        value(section(&s, "inputs"), "Model"),
        "azureml://registries/azureml-meta/models/Llama-2-7b/versions/11 (mlflow_model, ReadOnlyMount)"
    );
    assert!(value(section(&s, "inputs"), "Training data").ends_with("small_train.jsonl (uri_file, ReadOnlyMount)"));

    // A metric set by the task (a table vertical) is shown as sent.
    let job = json!({"properties": {"jobType": "AutoML", "taskDetails": {"taskType": "Classification", "primaryMetric": "AUCWeighted",
        "limitSettings": {"maxTrials": 10, "timeout": "PT1H"}}}});
    let s = type_sections(&job);
    assert_eq!(value(section(&s, "task"), "Primary metric"), "AUCWeighted");
    assert_eq!(value(section(&s, "limits"), "Timeout"), "PT1H (1h 00m)");
    assert_eq!(value(section(&s, "task"), "Compute"), "serverless");
}

#[test]
fn hostile_shapes_stay_readable() {
    for job in [
        json!(null),
        json!({"properties": null}),
        json!({"properties": {"jobType": "Sweep", "objective": "x", "limits": [1], "searchSpace": 3, "trial": null}}),
        json!({"properties": {"jobType": "AutoML", "taskDetails": [1, 2]}}),
        json!({"properties": {"jobType": "FineTuning", "fineTuningDetails": "no", "resources": {"instanceTypes": [1, null]}}}),
        json!({"properties": {"jobType": "Pipeline", "settings": "x", "jobs": [1]}}),
        json!({"properties": {"jobType": "Spark", "conf": 5}}),
    ] {
        let _ = type_sections(&job);
        let _ = steps(&job, &json!({"value": "x"}));
    }
}

#[test]
fn unknown_types_get_a_summary_of_their_scalars_and_the_raw_json() {
    let job = json!({"name": "q1", "properties": {"jobType": "Quantum", "qubits": 5, "displayName": "<b>bold</b>",
        "nested": {"a": 1}, "list": [1], "none": null, "isArchived": false}});
    let s = type_sections(&job);
    let summary = section(&s, "summary");
    let labels: Vec<&str> = summary.facts.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["Job type", "Qubits", "Display name", "Is archived"], "in the order sent");
    assert_eq!(value(summary, "Display name"), "<b>bold</b>", "text, never markup");
    let raw = raw_json(&job);
    assert!(raw.contains("\"nested\": {") && raw.contains("\"qubits\": 5"), "{raw}");
    assert_eq!(humanize_key("maxConcurrentTrials"), "Max concurrent trials");
    assert_eq!(humanize_key("trial_timeout"), "Trial timeout");
    assert_eq!(humanize_key("taskType"), "Task type");
}

fn children() -> Value {
    json!({"value": [
        {"runId": "sw_0", "status": "Completed", "properties": {"hyperparameters": "{\"lr\": 0.1, \"opt\": \"adam\"}"}},
        {"runId": "sw_1", "status": "Completed", "properties": {"hyperparameters": "{\"lr\": 0.3, \"opt\": \"sgd\"}"}},
        {"runId": "sw_2", "status": "Running", "properties": {"hyperparameters": "{\"lr\": 0.2, \"opt\": \"adam\"}"}},
        {"runId": "sw_10", "status": "Canceled", "properties": {}},
        {"status": "Completed"}
    ]})
}

fn mlflow() -> Value {
    let run = |id: &str, status: &str, metric: Option<f64>, params: Value| {
        let metrics =
            metric.map(|m| json!([{"key": "loss", "value": 9.0, "step": 0}, {"key": "acc", "value": m, "step": 3}]));
        json!({"info": {"run_id": id, "status": status}, "data": {"metrics": metrics.unwrap_or(json!([])), "params": params}})
    };
    json!({"runs": [
        run("sw_0", "FINISHED", Some(0.8), json!([])),
        run("sw_1", "FINISHED", Some(0.9), json!([])),
        run("sw_2", "RUNNING", Some(0.95), json!([])),
        run("sw_10", "KILLED", None, json!([{"key": "lr", "value": "0.5"}])),
        run("sw_11", "SCHEDULED", None, json!([{"key": "lr", "value": "0.4"}]))
    ]})
}

#[test]
fn trials_join_children_and_mlflow_runs() {
    let t = trials(&children(), &mlflow(), "acc");
    let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["sw_0", "sw_1", "sw_2", "sw_10", "sw_11"], "children first, then MLflow-only runs");
    assert_eq!(t[0].params, [("lr".to_string(), "0.1".to_string()), ("opt".to_string(), "adam".to_string())]);
    assert_eq!(t[1].metric, Some(0.9));
    assert_eq!(t[3].params, [("lr".to_string(), "0.5".to_string())], "MLflow params when the property is absent");
    assert_eq!((t[4].status.as_str(), t[4].metric), ("Queued", None));
    // Either side missing still lists what the other knows.
    assert_eq!(trials(&children(), &Value::Null, "acc").len(), 4);
    assert_eq!(trials(&Value::Null, &mlflow(), "acc").len(), 5);
    assert!(trials(&Value::Null, &mlflow(), "nope").iter().all(|t| t.metric.is_none()));
}

#[test]
fn the_best_trial_is_the_services_else_the_best_completed() {
    let t = trials(&children(), &mlflow(), "acc");
    // sw_2 scores higher but is still running: not the best.
    assert_eq!(best_trial(&json!({}), &t, Goal::Maximize).as_deref(), Some("sw_1"));
    assert_eq!(best_trial(&json!({}), &t, Goal::Minimize).as_deref(), Some("sw_0"));
    let marked = json!({"properties": {"properties": {"best_child_run_id": "sw_0"}}});
    assert_eq!(best_trial(&marked, &t, Goal::Maximize).as_deref(), Some("sw_0"));
    assert_eq!(best_trial(&json!({}), &[], Goal::Maximize), None);
}

#[test]
fn sorting_by_metric_keeps_unscored_trials_last() {
    let mut t = trials(&children(), &mlflow(), "acc");
    sort_trials(&mut t, TrialSort::Metric { best_first: true }, Goal::Maximize);
    let names = |t: &[Trial]| t.iter().map(|x| x.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&t), ["sw_2", "sw_1", "sw_0", "sw_10", "sw_11"]);
    sort_trials(&mut t, TrialSort::Metric { best_first: false }, Goal::Maximize);
    assert_eq!(names(&t), ["sw_0", "sw_1", "sw_2", "sw_10", "sw_11"]);
    sort_trials(&mut t, TrialSort::Metric { best_first: true }, Goal::Minimize);
    assert_eq!(names(&t)[0], "sw_0");
    sort_trials(&mut t, TrialSort::Name, Goal::Minimize);
    assert_eq!(names(&t), ["sw_0", "sw_1", "sw_2", "sw_10", "sw_11"], "trial numbers, not text order");
}

#[test]
fn metric_values_print_short() {
    assert_eq!(metric_text(Some(0.912345678)), "0.912346");
    assert_eq!(metric_text(Some(36.0)), "36");
    assert_eq!(metric_text(Some(0.0)), "0");
    assert_eq!(metric_text(Some(-1234.5)), "-1234.5");
    assert_eq!(metric_text(Some(1.5e-7)), "1.50000e-7");
    assert_eq!(metric_text(None), "");
}

#[test]
fn parallel_view_places_each_trial_on_every_axis() {
    let t = trials(&children(), &mlflow(), "acc");
    let p = parallel(&t, "acc", Some("sw_1"));
    let names: Vec<&str> = p.axes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["lr", "opt", "acc"]);
    assert!(p.axes[2].is_metric && !p.axes[0].is_metric);
    assert_eq!(p.axes[0].ticks, [(0.0, "0.1".to_string()), (1.0, "0.5".to_string())], "numeric: min and max");
    assert_eq!(p.axes[1].ticks, [(0.0, "adam".to_string()), (1.0, "sgd".to_string())], "categories in order");
    let line = |n: &str| p.lines.iter().find(|l| l.trial == n).unwrap();
    assert_eq!(line("sw_0").points, [Some(0.0), Some(0.0), Some(0.0)]);
    assert_eq!(line("sw_2").points[2], Some(1.0));
    let mid = line("sw_1").points[2].unwrap();
    assert!((mid - (0.9 - 0.8) / (0.95 - 0.8)).abs() < 1e-9, "{mid}");
    assert_eq!(line("sw_10").points, [Some(1.0), None, None], "missing values are gaps");
    assert!(line("sw_1").best && !line("sw_0").best);
    // One value only: the middle of the axis.
    let one = parallel(&t[..1], "acc", None);
    assert_eq!(one.lines[0].points, [Some(0.5), Some(0.5), Some(0.5)]);
    assert_eq!(parallel(&[], "acc", None).axes.len(), 1);
}

#[test]
fn pipeline_steps_with_their_child_runs() {
    let job = json!({"properties": {"jobType": "Pipeline", "jobs": {
        "prep": {"type": "command", "component": "azureml:prep_data:3"},
        "train": {"type": "sweep", "componentId": "/subscriptions/s/.../components/train/versions/1"},
        "score": {"jobType": "Command", "component": {"name": "inline-score"}}
    }}});
    let listing = json!({"value": [
        {"runId": "run-a", "displayName": "prep", "status": "Completed"},
        {"runId": "run-b", "displayName": "something", "status": "Running", "properties": {"azureml.nodeid": "train"}},
        {"runId": "run-c", "displayName": "extra", "status": "Failed"},
        {"displayName": "no id"}
    ]});
    assert_eq!(child_runs(&listing).len(), 3);
    let s = steps(&job, &listing);
    let row = |n: &str| s.iter().find(|x| x.name == n).unwrap();
    assert_eq!((row("prep").kind.as_str(), row("prep").component.as_str()), ("command", "azureml:prep_data:3"));
    assert_eq!(row("prep").run.as_ref().unwrap().run_id, "run-a");
    assert_eq!(row("train").component, "1");
    assert_eq!(row("train").run.as_ref().unwrap().status, "Running", "matched by node id");
    assert_eq!(row("score").component, "inline-score");
    assert!(row("score").run.is_none(), "not started yet");
    assert_eq!(row("extra").run.as_ref().unwrap().run_id, "run-c", "unmatched children are listed too");
    assert_eq!(s.len(), 4);
    // The official example lists no steps.
    assert!(steps(&example("PipelineJob"), &Value::Null).is_empty());
    assert_eq!(value(section(&type_sections(&example("PipelineJob")), "settings"), "Compute"), "string");
}

#[test]
fn the_sweep_page_reads_children_and_trial_runs() {
    use aml_api::jobs::sweep::requests::{run_get, trial_runs_search};
    use aml_api::jobs::DataPlane;
    use aml_api::{Method, WorkspaceRef};
    let ws = WorkspaceRef::new("s1", "rg", "ws");
    let dp = DataPlane::new("https://{region}.api.azureml.ms", "East US");
    let base = "https://eastus.api.azureml.ms";
    let wsp = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws";
    let c = dp.run_children(&ws, "sw 1");
    assert_eq!(
        (c.method, c.url.as_str()),
        (Method::Get, format!("{base}/history/v1.0{wsp}/runs/sw%201/children").as_str())
    );
    let g = run_get(&dp, &ws, "sw_1");
    assert_eq!(g.url, format!("{base}/mlflow/v1.0{wsp}/api/2.0/mlflow/runs/get?run_id=sw_1"));
    let s = trial_runs_search(&dp, &ws, "7", "sw'1");
    assert_eq!(
        (s.method, s.url.as_str()),
        (Method::Post, format!("{base}/mlflow/v1.0{wsp}/api/2.0/mlflow/runs/search").as_str())
    );
    let body: Value = serde_json::from_str(s.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"experiment_ids": ["7"], "filter": "tags.mlflow.parentRunId = 'sw1'", "max_results": 1000})
    );
}

#[test]
fn job_ids_follow_the_spec_pattern() {
    use aml_api::jobs::ids::{is_valid_job_id, job_id_error};
    for ok in ["a", "0", "0d6e1c2b-7a8f-4b3c-9d2e-1f0a9b8c7d6e", "sweep_12", "Job-A_b", &"x".repeat(255)] {
        assert!(is_valid_job_id(ok), "{ok}");
        assert_eq!(job_id_error(ok), None);
    }
    for bad in ["", "-a", "_a", "a.b", "a b", "a/b", "ü", "a'b", &"x".repeat(256)] {
        assert!(!is_valid_job_id(bad), "{bad}");
        assert!(job_id_error(bad).is_some());
    }
    assert!(job_id_error(&"x".repeat(256)).unwrap().contains("at most 255"));
    // The console names its jobs with random v4 UUIDs: every one fits the pattern.
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..2000 {
        let mut bytes = [0u8; 16];
        for b in bytes.iter_mut() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            *b = seed as u8;
        }
        let id = aml_api::pipeline::uuid_v4_from_bytes(bytes);
        assert!(is_valid_job_id(&id), "{id}");
    }
}

#[test]
fn time_zones_are_named_by_their_offset() {
    use aml_api::jobs::time::utc_offset_label;
    assert_eq!(utc_offset_label(0), "UTC");
    assert_eq!(utc_offset_label(60), "UTC+01:00");
    assert_eq!(utc_offset_label(-300), "UTC-05:00");
    assert_eq!(utc_offset_label(330), "UTC+05:30");
    assert_eq!(utc_offset_label(-570), "UTC-09:30");
}
