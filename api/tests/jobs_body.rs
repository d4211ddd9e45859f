//! The job PUT body and the anonymous environment body: shapes checked against the official
//! `Job/CommandJob/createOrUpdate.json` example (tests/fixtures) and the spec's enums, values
//! checked against what the form says.

mod jobs_support;

use std::collections::BTreeMap;

use aml_api::jobs::environment::{anonymous_version, EnvironmentPlan, ANON_ENV};
use aml_api::jobs::{InputRow, JobForm, JobRefs, OutputRow};
use jobs_support::{
    arm, minimal_form, refs, serverless_tf_form, tricky_cluster_form, workspace_env_mpi_form, ws, JOB_NAME, WS_PATH,
};
use serde_json::{json, Value};

fn example_request() -> Value {
    let p = format!("{}/../tests/fixtures/2025-12-01/Job/CommandJob/createOrUpdate.json", env!("CARGO_MANIFEST_DIR"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    v["parameters"]["body"].clone()
}

/// Every member we send must exist in the example at the same place with the same JSON type;
/// maps keyed by user names (inputs, outputs, tags, …) are compared entry-wise against the
/// example's single `"string"` entry.
fn assert_shape(ours: &Value, example: &Value, path: &str) {
    const USER_KEYED: [&str; 5] = ["inputs", "outputs", "tags", "environmentVariables", "properties"];
    match (ours, example) {
        (Value::Object(o), Value::Object(e)) => {
            let keyed = USER_KEYED.iter().any(|k| path == format!("$.properties.{k}"));
            for (k, v) in o {
                let ex = if keyed { e.get("string") } else { e.get(k) };
                let ex = ex.unwrap_or_else(|| panic!("{path}.{k} is not in the official example"));
                assert_shape(v, ex, &format!("{path}.{k}"));
            }
        }
        (o, e) => {
            assert_eq!(std::mem::discriminant(o), std::mem::discriminant(e), "{path}: we send {o}, the example has {e}")
        }
    }
}

fn props(f: &JobForm) -> Value {
    f.job_body(JOB_NAME, &refs(f))["properties"].clone()
}

#[test]
fn bodies_have_the_shape_of_the_official_example() {
    let example = example_request();
    // The example's distribution is TensorFlow (PyTorch/Mpi are checked in `distributions`),
    // its inputs literal (data inputs are checked against the spec's AssetJobInput below).
    for f in [minimal_form(), tricky_cluster_form(), workspace_env_mpi_form()] {
        let mut body = f.job_body(JOB_NAME, &refs(&f));
        body["properties"].as_object_mut().unwrap().remove("distribution");
        assert_shape(&body, &example, "$");
    }
    let mut tf = serverless_tf_form();
    tf.inputs.clear();
    assert_shape(&tf.job_body(JOB_NAME, &refs(&tf)), &example, "$");
}

#[test]
fn a_minimal_job() {
    let f = minimal_form();
    let body = f.job_body(JOB_NAME, &refs(&f));
    assert_eq!(
        body,
        json!({"properties": {
            "jobType": "Command",
            "experimentName": "Default",
            "displayName": JOB_NAME,
            "command": "python train.py",
            "codeId": format!("{WS_PATH}/codes/5f8d2a1e-3c4b-4e6f-9a7b-1c2d3e4f5a6b/versions/1"),
            "environmentId": "azureml://registries/azureml/environments/AzureML-minimal-ubuntu22.04-py39-cpu/labels/latest",
            "environmentVariables": {},
            "inputs": {},
            "outputs": {},
            "resources": {"instanceCount": 1},
            "tags": {},
            "properties": {"mlflow.source.git.commit": "0123456789abcdef0123456789abcdef01234567"},
            "computeId": format!("{WS_PATH}/computes/cpu-cluster"),
        }})
    );
}

#[test]
fn inputs_outputs_and_their_modes() {
    let p = props(&serverless_tf_form());
    // Data inputs: the SDK's datastore URI, the leading '/' of the path dropped, the spec's
    // default mode written out; an explicit mode kept.
    assert_eq!(
        p["inputs"],
        json!({
            "data": {"jobInputType": "uri_folder", "uri": "azureml://datastores/workspaceblobstore/paths/datasets/iris/", "mode": "ReadOnlyMount"},
            "one": {"jobInputType": "uri_file", "uri": "azureml://datastores/workspaceblobstore/paths/datasets/iris/iris.csv", "mode": "Download"},
        })
    );
    assert_eq!(
        p["outputs"],
        json!({"out": {"jobOutputType": "uri_folder", "mode": "Upload"}, "metrics": {"jobOutputType": "uri_file", "mode": "ReadWriteMount"}})
    );
    // The spec's enums.
    let input_modes = ["ReadOnlyMount", "ReadWriteMount", "Download", "Direct", "EvalMount", "EvalDownload"];
    for i in p["inputs"].as_object().unwrap().values() {
        assert!(input_modes.contains(&i["mode"].as_str().unwrap()));
    }
    for o in p["outputs"].as_object().unwrap().values() {
        assert!(["ReadWriteMount", "Upload", "Direct"].contains(&o["mode"].as_str().unwrap()));
    }
}

#[test]
fn without_a_display_name_the_job_name_is_shown_as_the_sdk_does() {
    let f = JobForm { display_name: "   ".into(), ..minimal_form() };
    assert_eq!(f.job_body("quiet_lemon_1", &refs(&f))["properties"]["displayName"], "quiet_lemon_1");
}

#[test]
fn literal_values_are_sent_exactly_as_typed() {
    let f = JobForm {
        inputs: vec![InputRow {
            name: " lr ".into(),
            kind: "literal".into(),
            value: " 0.05 ".into(),
            ..Default::default()
        }],
        ..minimal_form()
    };
    assert_eq!(props(&f)["inputs"], json!({"lr": {"jobInputType": "literal", "value": " 0.05 "}}));
}

#[test]
fn serverless_distribution_and_limits() {
    let p = props(&serverless_tf_form());
    assert_eq!(p.get("computeId"), None, "serverless: no computeId");
    assert_eq!(p["resources"], json!({"instanceCount": 3, "instanceType": "Standard_D4s_v3"}));
    assert_eq!(
        p["distribution"],
        json!({"distributionType": "TensorFlow", "workerCount": 3, "parameterServerCount": 1})
    );
    assert_eq!(p["limits"], json!({"jobLimitsType": "Command", "timeout": "PT2H"}));
    assert_eq!(p["experimentName"], "serverless.tf");
    assert_eq!(p["displayName"], "tf on serverless");
    assert_eq!(p.get("description"), None, "empty optional text is left out");
}

#[test]
fn distributions() {
    let p = props(&tricky_cluster_form());
    assert_eq!(p["distribution"], json!({"distributionType": "PyTorch", "processCountPerInstance": 2}));
    assert_eq!(p["resources"], json!({"instanceCount": 2}));
    assert_eq!(p["limits"]["timeout"], "PT30M");
    let p = props(&workspace_env_mpi_form());
    assert_eq!(p["distribution"], json!({"distributionType": "Mpi", "processCountPerInstance": 4}));
    let none = JobForm { distribution: String::new(), processes: "8".into(), ..minimal_form() };
    assert_eq!(props(&none).get("distribution"), None);
}

#[test]
fn text_fields_are_trimmed_and_maps_parsed() {
    let f = JobForm {
        experiment: " exp ".into(),
        display_name: "  shown  ".into(),
        description: " about ".into(),
        command: "\n python a.py \n".into(),
        tags: "team = ml\nempty=".into(),
        env_vars: "A=1\nB= two words ".into(),
        ..minimal_form()
    };
    let p = props(&f);
    assert_eq!(
        (&p["experimentName"], &p["displayName"], &p["description"]),
        (&json!("exp"), &json!("shown"), &json!("about"))
    );
    assert_eq!(p["command"], "python a.py");
    assert_eq!(p["tags"], json!({"team": "ml", "empty": ""}));
    assert_eq!(p["environmentVariables"], json!({"A": "1", "B": "two words"}));
}

#[test]
fn a_numberless_count_falls_back_like_the_yaml() {
    // Validation refuses these; the body shown before that uses the spec's defaults.
    let f = JobForm {
        instance_count: "many".into(),
        distribution: "TensorFlow".into(),
        workers: "".into(),
        ps: "x".into(),
        ..minimal_form()
    };
    let p = props(&f);
    assert_eq!(p["resources"]["instanceCount"], 1);
    assert_eq!(
        p["distribution"],
        json!({"distributionType": "TensorFlow", "workerCount": 1, "parameterServerCount": 0})
    );
}

#[test]
fn refs_go_where_they_belong() {
    let refs = JobRefs {
        code_id: "C".into(),
        environment_id: "E".into(),
        compute_id: Some("K".into()),
        properties: BTreeMap::from([("k".to_string(), "v".to_string())]),
    };
    let p = minimal_form().job_body(JOB_NAME, &refs)["properties"].clone();
    assert_eq!((&p["codeId"], &p["environmentId"], &p["computeId"]), (&json!("C"), &json!("E"), &json!("K")));
    assert_eq!(p["properties"], json!({"k": "v"}));
}

#[test]
fn environments() {
    let w = ws();
    let curated = minimal_form();
    assert_eq!(
        EnvironmentPlan::for_form(&curated, &w),
        EnvironmentPlan::Use(
            "azureml://registries/azureml/environments/AzureML-minimal-ubuntu22.04-py39-cpu/labels/latest".into()
        )
    );
    assert_eq!(curated.environment_body(), None);
    assert_eq!(EnvironmentPlan::for_form(&curated, &w).request(&arm(), &w), None, "nothing to register");

    let wsenv = workspace_env_mpi_form();
    assert_eq!(
        EnvironmentPlan::for_form(&wsenv, &w),
        EnvironmentPlan::Use(format!("{WS_PATH}/environments/my-env/versions/3"))
    );
    let no_version = JobForm { env_ref: "my-env".into(), ..wsenv };
    assert_eq!(
        EnvironmentPlan::for_form(&no_version, &w),
        EnvironmentPlan::Use(format!("{WS_PATH}/environments/my-env/versions/1"))
    );

    let image = JobForm { env_kind: "image".into(), image: " python:3.11 ".into(), ..minimal_form() };
    assert_eq!(
        image.environment_body(),
        Some(json!({"properties": {"image": "python:3.11", "isAnonymous": true, "osType": "Linux"}}))
    );
    let conda = JobForm { env_kind: "conda".into(), conda: "dependencies:\n  - python=3.11\n".into(), ..image.clone() };
    let body = conda.environment_body().unwrap();
    assert_eq!(body["properties"]["condaFile"], "dependencies:\n  - python=3.11\n", "the conda text as is");

    let plan = EnvironmentPlan::for_form(&conda, &w);
    let EnvironmentPlan::Register { name, version, body: planned } = &plan else { panic!("{plan:?}") };
    assert_eq!((name.as_str(), planned), (ANON_ENV, &body));
    assert_eq!(version.len(), 32);
    assert!(version.chars().all(|c| c.is_ascii_hexdigit()));
    // Same content, same version (a retry registers nothing new); other content, another one.
    assert_eq!(version, &anonymous_version(&conda.environment_body().unwrap()));
    assert_ne!(version, &anonymous_version(&image.environment_body().unwrap()));

    let put = plan.request(&arm(), &w).expect("a PUT first");
    assert_eq!(
        put.url,
        format!(
            "https://management.azure.com{WS_PATH}/environments/{ANON_ENV}/versions/{version}?api-version=2025-12-01"
        )
    );
    assert_eq!(serde_json::from_str::<Value>(put.body.as_deref().unwrap()).unwrap(), body);
    // The id the service answered with wins; without one, the id by construction.
    assert_eq!(
        plan.environment_id(&w, Some(&json!({"id": "/x/environments/e/versions/9"}))),
        "/x/environments/e/versions/9"
    );
    assert_eq!(
        plan.environment_id(&w, Some(&json!({"id": ""}))),
        format!("{WS_PATH}/environments/{ANON_ENV}/versions/{version}")
    );
    assert_eq!(plan.environment_id(&w, None), format!("{WS_PATH}/environments/{ANON_ENV}/versions/{version}"));
}

#[test]
fn outputs_keep_an_explicit_direct_mode() {
    let f = JobForm {
        outputs: vec![OutputRow { name: "o".into(), kind: "uri_file".into(), mode: "Direct".into() }],
        ..minimal_form()
    };
    assert_eq!(props(&f)["outputs"], json!({"o": {"jobOutputType": "uri_file", "mode": "Direct"}}));
}
