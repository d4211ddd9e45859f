//! Read helpers over job JSON (official examples and odd shapes), timestamps and durations, the
//! list filters, "Clone and edit" and the pickers' lists.

mod jobs_support;

use aml_api::jobs::choices::Choices;
use aml_api::jobs::clone::form_from_job;
use aml_api::jobs::list::{distinct, tag_matches, JobFilter};
use aml_api::jobs::model::{self, IoRow};
use aml_api::jobs::time::{format_duration_ms, job_duration, parse_timestamp_ms};
use aml_api::jobs::{JobForm, Known};
use aml_api::ComputeResource;
use jobs_support::{
    minimal_form, refs, serverless_tf_form, tricky_cluster_form, workspace_env_mpi_form, JOB_NAME, WS_PATH,
};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let p = format!("{}/../tests/fixtures/2025-12-01/Job/CommandJob/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    v["responses"]["200"]["body"].clone()
}

#[test]
fn the_official_get_example() {
    let job = fixture("get");
    assert_eq!(model::name(&job), "string");
    assert_eq!(model::status(&job), "NotStarted");
    assert_eq!(model::experiment(&job), "string");
    assert_eq!(model::display_name(&job), "string");
    assert_eq!(model::compute(&job), "string", "a computeId without slashes is its own name");
    assert_eq!(model::created(&job), "2020-01-01T12:34:56.999Z");
    assert_eq!(model::created_by(&job), "string");
    assert_eq!(model::tags(&job), [("string".to_string(), "string".to_string())]);
    assert_eq!(model::job_properties(&job), [("string".to_string(), "string".to_string())]);
    assert_eq!(model::distribution_type(&job), "TensorFlow");
    assert_eq!(model::instance_count(&job), 1);
    assert_eq!(model::property_text(&job, "command"), "string");
    assert_eq!(
        model::io_rows(&job, "inputs"),
        [IoRow { name: "string".into(), kind: "literal".into(), value: "string".into() }]
    );
    assert_eq!(
        model::io_rows(&job, "outputs"),
        [IoRow { name: "string".into(), kind: "uri_file".into(), value: "string".into() }]
    );
    assert!(!model::is_terminal(&model::status(&job)));
    // Same instant at both ends: no time passed, whatever "now" is.
    assert_eq!(job_duration(&job, 0), "0s", "NotStarted counts to now; now before start clamps to 0");
    let list = fixture("list");
    let items = list["value"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!((model::name(&items[0]), model::experiment(&items[0])), ("string".to_string(), "string".to_string()));
}

#[test]
fn odd_shapes_give_defaults_not_panics() {
    for job in [json!(null), json!({}), json!({"properties": null}), json!({"properties": 5, "name": 7}), json!([1, 2])]
    {
        assert_eq!(model::name(&job), "");
        assert_eq!(model::status(&job), "");
        assert_eq!(model::experiment(&job), "Default");
        assert_eq!(model::display_name(&job), "");
        assert_eq!(model::compute(&job), "serverless");
        assert_eq!(model::tags(&job), vec![]);
        assert_eq!(model::io_rows(&job, "inputs"), vec![]);
        assert_eq!(model::distribution_type(&job), "none");
        assert_eq!(model::instance_count(&job), 1);
        assert_eq!(job_duration(&job, 1_000), "");
        assert_eq!(model::status_tone(&model::status(&job)), "progress");
        form_from_job(&job);
    }
}

#[test]
fn compute_names_and_serverless() {
    let id = format!("{WS_PATH}/computes/gpu-cluster/");
    assert_eq!(model::compute(&json!({"properties": {"computeId": id}})), "gpu-cluster");
    let sl = json!({"properties": {"resources": {"instanceType": "Standard_D4s_v3"}}});
    assert_eq!(model::compute(&sl), "serverless (Standard_D4s_v3)");
    assert_eq!(model::display_name(&json!({"name": "n", "properties": {"displayName": ""}})), "n");
}

#[test]
fn maps_with_non_string_values_and_io_without_uri() {
    let job = json!({"properties": {
        "tags": {"n": 5, "b": true, "s": "x"},
        "inputs": {"lit": {"jobInputType": "literal", "value": 3}},
        "outputs": {"o": {"jobOutputType": "uri_folder", "mode": "Upload"}, "weird": {}},
    }});
    assert_eq!(model::tags(&job), [("n".into(), "5".into()), ("b".into(), "true".into()), ("s".into(), "x".into())]);
    assert_eq!(model::io_rows(&job, "inputs")[0].value, "3");
    let outs = model::io_rows(&job, "outputs");
    assert_eq!(outs[0], IoRow { name: "o".into(), kind: "uri_folder".into(), value: "(default location)".into() });
    assert_eq!(outs[1].kind, "");
}

#[test]
fn status_tones_and_terminal_states() {
    let cases = [
        ("Completed", "success", true),
        ("Failed", "error", true),
        ("NotResponding", "error", false),
        ("Canceled", "neutral", true),
        ("CancelRequested", "neutral", false),
        ("Paused", "neutral", false),
        ("Unknown", "neutral", false),
        ("Running", "progress", false),
        ("SomethingNew", "progress", false),
        ("completed", "progress", false),
    ];
    for (s, tone, terminal) in cases {
        assert_eq!(model::status_tone(s), tone, "{s}");
        assert_eq!(model::is_terminal(s), terminal, "{s}");
    }
}

#[test]
fn artifacts() {
    let listing =
        json!({"value": [{"path": "outputs/model.txt"}, {"path": ""}, {"nope": 1}, {"path": "outputs/b c.bin"}]});
    assert_eq!(model::artifact_paths(&listing), ["outputs/model.txt", "outputs/b c.bin"]);
    assert_eq!(model::artifact_paths(&json!({"value": null})), Vec::<String>::new());
    assert_eq!(model::content_uri(&json!({"contentUri": "https://a/b?sas"})), "https://a/b?sas");
    assert_eq!(model::content_uri(&json!({})), "");
}

#[test]
fn timestamps() {
    assert_eq!(parse_timestamp_ms("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(parse_timestamp_ms("2020-01-01T12:34:56.999Z"), Some(1_577_882_096_999));
    assert_eq!(parse_timestamp_ms("2020-01-01T12:34:56.9991234+00:00"), Some(1_577_882_096_999), "7 digits truncated");
    assert_eq!(parse_timestamp_ms("2020-01-01T14:34:56.5+02:00"), Some(1_577_882_096_500));
    assert_eq!(parse_timestamp_ms("2020-01-01T12:34:56-0130"), Some(1_577_882_096_000 + 90 * 60_000));
    assert_eq!(parse_timestamp_ms("2020-01-01 12:34:56"), Some(1_577_882_096_000), "no offset: UTC");
    assert_eq!(parse_timestamp_ms("2024-02-29T00:00:00Z"), Some(1_709_164_800_000), "leap day");
    assert_eq!(parse_timestamp_ms("1969-12-31T23:59:59Z"), Some(-1_000));
    for bad in [
        "",
        "2020-01-01",
        "2020-13-01T00:00:00Z",
        "2020-01-01T24:00:00Z",
        "2020-01-01T00:00:00.Z",
        "2020-01-01T00:00:00+2",
        "x020-01-01T00:00:00Z",
        "2020-01-01T00:00:00Q",
        "2020-01-01T00:00:00é",
    ] {
        assert_eq!(parse_timestamp_ms(bad), None, "{bad}");
    }
}

#[test]
fn durations() {
    assert_eq!(format_duration_ms(-5), "0s");
    assert_eq!(format_duration_ms(12_999), "12s");
    assert_eq!(format_duration_ms(185_000), "3m 05s");
    assert_eq!(format_duration_ms(3_720_000), "1h 02m");
    let job = |status: &str, modified: Option<&str>| {
        let mut sd = json!({"createdAt": "2026-11-27T10:00:00Z"});
        if let Some(m) = modified {
            sd["lastModifiedAt"] = json!(m);
        }
        json!({"properties": {"status": status}, "systemData": sd})
    };
    let start = parse_timestamp_ms("2026-11-27T10:00:00Z").unwrap();
    assert_eq!(
        job_duration(&job("Running", Some("2026-11-27T10:00:05Z")), start + 65_000),
        "1m 05s",
        "running: until now"
    );
    assert_eq!(
        job_duration(&job("Completed", Some("2026-11-27T11:02:00Z")), start + 1),
        "1h 02m",
        "ended: until the last change"
    );
    assert_eq!(job_duration(&job("Failed", None), start + 99_000), "0s", "ended, no end time: nothing to measure");
}

fn jobs() -> Vec<Value> {
    vec![
        json!({"name": "a", "properties": {"status": "Completed", "experimentName": "e1", "computeId": "/x/computes/cpu", "tags": {"team": "ml", "run": "1"}}}),
        json!({"name": "b", "properties": {"status": "Failed", "experimentName": "e2", "resources": {"instanceType": "D4"}, "tags": {"team": "cv"}}}),
        json!({"name": "c", "properties": {"status": "Completed", "tags": {"note": "a=b"}}}),
    ]
}

fn names(f: &JobFilter) -> Vec<String> {
    jobs().iter().filter(|j| f.matches(j)).map(model::name).collect()
}

#[test]
fn list_filters() {
    assert_eq!(names(&JobFilter::default()), ["a", "b", "c"]);
    assert_eq!(names(&JobFilter { status: "Completed".into(), ..Default::default() }), ["a", "c"]);
    assert_eq!(names(&JobFilter { experiment: "Default".into(), ..Default::default() }), ["c"]);
    assert_eq!(names(&JobFilter { compute: "serverless (D4)".into(), ..Default::default() }), ["b"]);
    assert_eq!(names(&JobFilter { tag: "team".into(), ..Default::default() }), ["a", "b"]);
    assert_eq!(names(&JobFilter { tag: " team = ml ".into(), ..Default::default() }), ["a"]);
    assert_eq!(names(&JobFilter { tag: "note=a=b".into(), ..Default::default() }), ["c"]);
    assert_eq!(names(&JobFilter { status: "Completed".into(), tag: "team".into(), ..Default::default() }), ["a"]);
    assert!(tag_matches(&json!({}), "  "));
    assert!(!tag_matches(&json!({}), "team"));
    assert_eq!(distinct(&jobs(), model::status), ["Completed", "Failed"]);
    assert_eq!(distinct(&jobs(), model::compute), ["cpu", "serverless", "serverless (D4)"]);
}

#[test]
fn list_filters_in_the_query_string() {
    assert_eq!(JobFilter::default().query(), "");
    let f = JobFilter {
        status: "Failed".into(),
        experiment: String::new(),
        compute: "a b".into(),
        tag: "team=ml&x".into(),
        ..Default::default()
    };
    assert_eq!(f.query(), "status=Failed&compute=a%20b&tag=team%3Dml%26x");
    let q = |k: &str| match k {
        "status" => Some("Failed".to_string()),
        "tag" => Some("team=ml&x".to_string()),
        "compute" => Some("a b".to_string()),
        _ => None,
    };
    assert_eq!(JobFilter::from_query(q), f);
}

/// Form → body (as the service stores it) → form again gives the same form, for everything
/// the form can say.
#[test]
fn clone_and_edit_reads_back_what_was_submitted() {
    for f in [minimal_form(), tricky_cluster_form(), serverless_tf_form(), workspace_env_mpi_form()] {
        let mut stored = f.job_body(JOB_NAME, &refs(&f));
        stored["name"] = json!(JOB_NAME);
        let back = form_from_job(&stored);
        let mut expected = JobForm { display_name: f.display_name.trim().into(), ..f.clone() };
        // Normalised the way the body writes them: default modes, trimmed paths and pairs.
        for i in expected.inputs.iter_mut().filter(|i| i.kind != "literal") {
            i.path = i.path.trim_start_matches('/').to_string();
            if i.mode.is_empty() {
                i.mode = "ReadOnlyMount".into();
            }
        }
        for o in expected.outputs.iter_mut().filter(|o| o.mode.is_empty()) {
            o.mode = "ReadWriteMount".into();
        }
        let pairs = |t: &str| {
            aml_api::jobs::form::pairs(t).into_iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("\n")
        };
        expected.tags = pairs(&f.tags);
        expected.env_vars = pairs(&f.env_vars);
        if expected.distribution.is_empty() {
            (expected.processes, expected.workers, expected.ps) = ("1".into(), "1".into(), "0".into());
        }
        if f.is_serverless() {
            expected.compute = String::new();
        } else {
            expected.instance_type = String::new();
        }
        assert_eq!(back, expected, "{}", f.experiment);
    }
}

#[test]
fn clone_keeps_a_display_name_of_its_own_only() {
    let f = form_from_job(&json!({"name": "job-1", "properties": {"displayName": "job-1"}}));
    assert_eq!(f.display_name, "", "the SDK's default (the name) is not copied");
    let f = form_from_job(&json!({"name": "job-1", "properties": {"displayName": "training run"}}));
    assert_eq!(f.display_name, "training run");
}

#[test]
fn clone_maps_environment_ids_back_to_the_pickers() {
    let env = |id: &str| {
        let f = form_from_job(&json!({"properties": {"environmentId": id}}));
        (f.env_kind, f.env_ref)
    };
    let curated = |id: &str| ("curated".to_string(), id.to_string());
    let latest = "azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest";
    // The old workspace spelling of a curated environment becomes its registry id.
    assert_eq!(env("azureml:AzureML-sklearn-1.5@latest"), curated(latest));
    assert_eq!(env("AzureML-sklearn-1.5@latest"), curated(latest));
    // Registry ids stay exactly as the job had them (a pinned version stays pinned).
    let pinned = "azureml://registries/azureml/environments/AzureML-sklearn-1.5/versions/21";
    assert_eq!(env(pinned), curated(pinned));
    assert_eq!(env(latest), curated(latest));
    let other = "azureml://registries/contoso/environments/team-env/versions/2";
    assert_eq!(env(other), curated(other));
    assert_eq!(env(&format!("{WS_PATH}/environments/my-env/versions/3")), ("workspace".into(), "my-env:3".into()));
    let default = (JobForm::default().env_kind, String::new());
    assert_eq!(
        env(&format!("{WS_PATH}/environments/CliV2AnonymousEnvironment/versions/ab12")),
        default,
        "an anonymous environment cannot be picked"
    );
    assert_eq!(env("something-else"), default);
    assert_eq!(env("azureml:my-env@latest"), default, "a workspace label is not a form choice");
}

#[test]
fn clone_rounds_a_timeout_up_to_whole_minutes() {
    let f = form_from_job(&json!({"properties": {"limits": {"timeout": "PT1H30S"}}}));
    assert_eq!(f.timeout, "61");
    let f = form_from_job(&json!({"properties": {"limits": {"timeout": "P1Y"}}}));
    assert_eq!(f.timeout, "", "a duration without a fixed length is left out");
}

fn compute(name: &str, ty: &str) -> ComputeResource {
    serde_json::from_value(json!({"name": name, "properties": {"computeType": ty}})).unwrap()
}

#[test]
fn choices_from_the_service_lists() {
    let computes = [
        compute("cpu", "AmlCompute"),
        compute("ci", "ComputeInstance"),
        compute("k8s", "Kubernetes"),
        compute("vm", "VirtualMachine"),
        compute("aks", "AKS"),
        compute("dbx", "Databricks"),
        compute("batch", "Batch"),
        serde_json::from_value(json!({"name": "bare"})).unwrap(),
    ];
    let envs = [
        json!({"name": "AzureML-sklearn-1.5", "properties": {"latestVersion": "21"}}),
        json!({"name": "my-env", "properties": {"latestVersion": "3"}}),
        json!({"name": "old-env"}),
        json!({"name": "CliV2AnonymousEnvironment", "properties": {"latestVersion": "x"}}),
        json!({"nameless": true}),
    ];
    let stores = [json!({"name": "workspaceblobstore"}), json!({"name": "workspaceartifactstore"})];
    let jobs = [
        json!({"properties": {"experimentName": "b"}}),
        json!({"properties": {"experimentName": "a"}}),
        json!({}),
        json!({"properties": {"experimentName": "b"}}),
    ];
    let sizes = json!({"value": [{"name": "Standard_D4s_v3"}, {"name": "Standard_NC6s_v3"}]});
    let c = Choices::from_service(&computes, &envs, &stores, &jobs, &sizes);
    assert_eq!(
        c.computes,
        [("cpu", "AmlCompute"), ("ci", "ComputeInstance"), ("k8s", "Kubernetes"), ("vm", "VirtualMachine")]
            .map(|(n, t)| (n.to_string(), t.to_string()))
    );
    // Workspaces hold no curated environments: a listed AzureML-* container is not offered as
    // the workspace's own, and the curated choices are the built-in registry ids.
    assert_eq!(c.curated, aml_api::jobs::registry::well_known_ids());
    assert!(c.curated_note.contains("any registry id can be typed"), "{}", c.curated_note);
    assert_eq!(c.workspace_envs, ["my-env:3", "old-env:1"]);
    assert_eq!(c.datastores, ["workspaceblobstore", "workspaceartifactstore"]);
    assert_eq!(c.experiments, ["Default", "a", "b"]);
    assert_eq!(c.instance_types, ["Standard_D4s_v3", "Standard_NC6s_v3"]);
    assert_eq!(
        c.known(),
        Known {
            computes: vec!["cpu".into(), "ci".into(), "k8s".into(), "vm".into()],
            workspace_envs: c.workspace_envs.clone(),
            datastores: c.datastores.clone(),
        }
    );
    let empty = Choices::from_service(&[], &[], &[], &[], &json!(null));
    let built_in = Choices { curated: c.curated.clone(), curated_note: c.curated_note.clone(), ..Choices::default() };
    assert_eq!(empty, built_in, "nothing listed: only the built-in curated list");
    // The registry's own list replaces the built-in one and says so; an empty one does not.
    let mut listed = empty.clone();
    listed.set_registry_list(vec![]);
    assert_eq!(listed, built_in);
    let reg = vec!["azureml://registries/azureml/environments/AzureML-lightgbm-3.3/labels/latest".to_string()];
    listed.set_registry_list(reg.clone());
    assert_eq!((listed.curated, listed.curated_note.as_str()), (reg, "Listed from the azureml registry."));
    let mut unread = empty;
    unread.registry_unreadable("HTTP 403.");
    assert_eq!(unread.curated, c.curated);
    assert!(
        unread.curated_note.ends_with("The azureml registry's list could not be read: HTTP 403."),
        "{}",
        unread.curated_note
    );
}
