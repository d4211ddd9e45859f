//! Every job-side request builder: method, URL (path, api-version, query), headers and body.

mod jobs_support;

use aml_api::jobs::code_asset::CodePlan;
use aml_api::jobs::DataPlane;
use aml_api::{HttpRequest, Method};
use jobs_support::{arm, ws, ARM, WS_PATH};
use serde_json::{json, Value};

fn url(rest: &str) -> String {
    format!("{ARM}{WS_PATH}/{rest}")
}

fn body(r: &HttpRequest) -> Value {
    serde_json::from_str(r.body.as_deref().expect("a body")).unwrap()
}

/// GETs and body-less POSTs: JSON accepted, nothing sent.
fn assert_no_body(r: &HttpRequest) {
    assert_eq!(r.body, None);
    assert_eq!(r.header("Accept"), Some("application/json"));
    assert_eq!(r.header("Content-Type"), None);
}

fn assert_json_body(r: &HttpRequest) {
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    assert_eq!(r.header("Accept"), Some("application/json"));
}

#[test]
fn job_calls() {
    let (a, w) = (arm(), ws());
    let r = a.list_jobs(&w);
    assert_eq!((r.method, r.url.as_str()), (Method::Get, url("jobs?api-version=2025-12-01&listViewType=All").as_str()));
    assert_no_body(&r);

    let r = a.get_job(&w, "job 1/x");
    assert_eq!((r.method, r.url.as_str()), (Method::Get, url("jobs/job%201%2Fx?api-version=2025-12-01").as_str()));
    assert_no_body(&r);

    let b = json!({"properties": {"jobType": "Command"}});
    let r = a.put_job(&w, "quiet_lemon_1", &b);
    assert_eq!((r.method, r.url.as_str()), (Method::Put, url("jobs/quiet_lemon_1?api-version=2025-12-01").as_str()));
    assert_json_body(&r);
    assert_eq!(body(&r), b);

    let r = a.cancel_job(&w, "quiet_lemon_1");
    assert_eq!(
        (r.method, r.url.as_str()),
        (Method::Post, url("jobs/quiet_lemon_1/cancel?api-version=2025-12-01").as_str())
    );
    assert_no_body(&r);
}

#[test]
fn a_job_id_of_dots_cannot_climb_out_of_the_jobs_collection() {
    let r = arm().get_job(&ws(), "..");
    assert!(r.url.contains("/jobs/%2E%2E?"), "{}", r.url);
}

#[test]
fn code_version_calls_follow_the_sdk_sequence() {
    let (a, w) = (arm(), ws());
    let plan = CodePlan::new("5f8d2a1e-3c4b".into(), "up-42".into());
    assert_eq!(plan.version, "1");

    let r = plan.find_by_hash(&a, &w, "ab12");
    assert_eq!(r.method, Method::Get);
    assert_eq!(r.url, url("codes/5f8d2a1e-3c4b/versions?api-version=2025-12-01&hash=ab12&hashVersion=202208"));
    assert_no_body(&r);

    let r = plan.start_upload(&a, &w);
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, url("codes/5f8d2a1e-3c4b/versions/1/startPendingUpload?api-version=2025-12-01"));
    assert_json_body(&r);
    assert_eq!(body(&r), json!({"pendingUploadId": "up-42", "pendingUploadType": "TemporaryBlobReference"}));

    let r = plan.register(&a, &w, "https://acct.blob.core.windows.net/c/up-42/proj", "ab12");
    assert_eq!(r.method, Method::Put);
    assert_eq!(r.url, url("codes/5f8d2a1e-3c4b/versions/1?api-version=2025-12-01"));
    assert_json_body(&r);
    // hash_version is a JSON number, as the SDK sends it.
    assert_eq!(
        body(&r),
        json!({"properties": {"codeUri": "https://acct.blob.core.windows.net/c/up-42/proj", "isAnonymous": true,
            "properties": {"hash_sha256": "ab12", "hash_version": 202208}}})
    );
}

#[test]
fn the_hash_query_value_is_encoded() {
    let r = arm().codes_by_hash(&ws(), "n", "a&b=c");
    assert!(r.url.ends_with("&hash=a%26b%3Dc&hashVersion=202208"), "{}", r.url);
}

#[test]
fn environment_and_datastore_calls() {
    let (a, w) = (arm(), ws());
    let r = a.list_environments(&w);
    assert_eq!((r.method, r.url.as_str()), (Method::Get, url("environments?api-version=2025-12-01").as_str()));
    assert_no_body(&r);
    let r = a.list_datastores(&w);
    assert_eq!((r.method, r.url.as_str()), (Method::Get, url("datastores?api-version=2025-12-01").as_str()));
    assert_no_body(&r);
    let b = json!({"properties": {"image": "python:3.11", "isAnonymous": true}});
    let r = a.put_environment_version(&w, "CliV2AnonymousEnvironment", "abc", &b);
    assert_eq!(r.method, Method::Put);
    assert_eq!(r.url, url("environments/CliV2AnonymousEnvironment/versions/abc?api-version=2025-12-01"));
    assert_json_body(&r);
    assert_eq!(body(&r), b);
}

#[test]
fn the_api_version_comes_from_the_client() {
    let a = aml_api::ArmClient::new("http://127.0.0.1:7070/", "2026-07-01");
    let r = a.list_jobs(&ws());
    assert!(r.url.starts_with(&format!("http://127.0.0.1:7070{WS_PATH}/jobs?api-version=2026-07-01&")), "{}", r.url);
}

#[test]
fn data_plane_host_and_calls() {
    let dp = DataPlane::new("https://{region}.api.azureml.ms/", "East US 2");
    assert_eq!(dp.base(), "https://eastus2.api.azureml.ms");
    let dp_local = DataPlane::new("http://127.0.0.1:7070", "eastus");
    assert_eq!(dp_local.base(), "http://127.0.0.1:7070", "an endpoint without {{region}} is used as is");

    let w = ws();
    let history = format!("https://eastus2.api.azureml.ms/history/v1.0{WS_PATH}/runs");
    let r = dp.run_details(&w, "quiet_lemon_1");
    assert_eq!((r.method, r.url.as_str()), (Method::Get, format!("{history}/quiet_lemon_1/details").as_str()));
    assert_no_body(&r);
    // Artifacts only below an experiment (the RunHistory spec has no other route for them).
    let experiments = format!("https://eastus2.api.azureml.ms/history/v1.0{WS_PATH}/experiments");
    let r = dp.run_artifacts(&w, "train", "quiet_lemon_1", "outputs");
    assert_eq!(r.url, format!("{experiments}/train/runs/quiet_lemon_1/artifacts/path?path=outputs"));
    assert_no_body(&r);
    let r = dp.artifact_content_info(&w, "my exp", "run/1", "outputs/a b.txt");
    assert_eq!(r.url, format!("{experiments}/my%20exp/runs/run%2F1/artifacts/contentinfo?path=outputs%2Fa%20b.txt"));
    assert_eq!(r.method, Method::Get);
    assert_eq!(
        DataPlane::from_base("https://x.workspace.eastus.api.azureml.ms/").mlflow_base(&w),
        format!("https://x.workspace.eastus.api.azureml.ms/mlflow/v1.0{WS_PATH}")
    );
}
