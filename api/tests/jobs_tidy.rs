//! Job edits, archive/restore and delete: the requests azure-ai-ml 1.35.2 would send.

use aml_api::forms::TagPair;
use aml_api::jobs::tidy::{archive_fallback, confirms_delete, delete_operation, is_archived, JobEditForm};
use aml_api::jobs::DataPlane;
use aml_api::{ArmClient, LroKind, Method, WorkspaceRef};
use serde_json::{json, Value};

const HISTORY: &str = "http://dp.example/history/v1.0/subscriptions/s1/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w1";

fn ws() -> WorkspaceRef {
    WorkspaceRef::new("s1", "rg", "w1")
}

fn job() -> Value {
    json!({"name": "job-1", "properties": {"jobType": "Command", "displayName": "first", "description": "old",
           "experimentName": "exp 1", "tags": {"a": "1", "b": "2"}, "isArchived": false}})
}

fn body(r: &aml_api::HttpRequest) -> Value {
    serde_json::from_str(r.body.as_deref().expect("a body")).unwrap()
}

#[test]
fn an_edit_sends_only_what_changed() {
    let j = job();
    let mut f = JobEditForm::from_job(&j);
    assert_eq!((f.display_name.as_str(), f.description.as_str(), f.tags.len()), ("first", "old", 2));
    assert!(f.changes(&j).is_empty(), "nothing typed, nothing sent");

    f.display_name = "  renamed ".into();
    f.tags.retain(|t| t.key != "b");
    f.tags.push(TagPair { key: "c".into(), value: "3".into() });
    f.tags[0].value = "one".into();
    let edit = f.changes(&j);
    assert_eq!(edit.patch, Some(json!({"displayName": "renamed", "tags": {"a": "one", "c": "3"}})));
    assert_eq!(edit.removed_tags, vec!["b".to_string()]);

    let dp = DataPlane::new("http://dp.example", "East US");
    let r = dp.patch_run(&ws(), "exp 1", "job-1", edit.patch.as_ref().unwrap());
    assert_eq!(
        (r.method, r.url.as_str()),
        (Method::Patch, format!("{HISTORY}/experiments/exp%201/runs/job-1").as_str())
    );
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    let r = dp.delete_run_tags(&ws(), "exp 1", "job-1", &edit.removed_tags);
    assert_eq!(
        (r.method, r.url.as_str()),
        (Method::Delete, format!("{HISTORY}/experiments/exp%201/runs/job-1/tags").as_str())
    );
    assert_eq!(body(&r), json!(["b"]));
}

#[test]
fn an_empty_description_is_sent_to_clear_it() {
    let mut f = JobEditForm::from_job(&job());
    f.description.clear();
    assert_eq!(f.changes(&job()).patch, Some(json!({"description": ""})));
}

#[test]
fn edits_are_checked_before_any_request() {
    let mut f = JobEditForm::from_job(&job());
    f.display_name = "   ".into();
    f.tags.push(TagPair { key: "".into(), value: "orphan".into() });
    let fields: Vec<String> = f.validate().into_iter().map(|e| e.field.to_string()).collect();
    assert!(fields.contains(&"display_name".to_string()) && fields.contains(&"tags".to_string()), "{fields:?}");
    f.display_name = "x".repeat(256);
    assert!(f.validate().iter().any(|e| e.field == "display_name"));
}

#[test]
fn archive_and_restore_patch_hidden_with_an_arm_fallback() {
    let dp = DataPlane::new("http://dp.example/", "eastus");
    let r = dp.set_archived(&ws(), &job(), true);
    assert_eq!(r.method, Method::Patch);
    assert!(r.url.ends_with("/experiments/exp%201/runs/job-1"), "{}", r.url);
    assert_eq!(body(&r), json!({"hidden": true}));
    assert_eq!(body(&dp.set_archived(&ws(), &job(), false)), json!({"hidden": false}));

    let arm = ArmClient::new("http://arm.example", "2025-12-01");
    let r = archive_fallback(&arm, &ws(), &job(), true);
    assert_eq!(r.method, Method::Put);
    assert!(r.url.ends_with("/workspaces/w1/jobs/job-1?api-version=2025-12-01"), "{}", r.url);
    let b = body(&r);
    assert_eq!(b["properties"]["isArchived"], true);
    assert_eq!(b["properties"]["displayName"], "first", "the rest of the job as fetched");
    assert!(!is_archived(&job()));
    assert!(is_archived(&json!({"properties": {"isArchived": true}})));
}

#[test]
fn delete_is_a_long_running_operation_behind_a_typed_confirmation() {
    let arm = ArmClient::new("http://arm.example", "2025-12-01");
    let op = delete_operation(&arm, &ws(), "job-1");
    assert_eq!(op.kind, LroKind::Delete);
    assert_eq!(op.request.method, Method::Delete);
    assert!(op.request.url.ends_with("/jobs/job-1?api-version=2025-12-01"));
    assert!(op.request.body.is_none());
    assert_eq!(op.resource_url, arm.get_job(&ws(), "job-1").url);

    assert!(confirms_delete(" job-1 ", "job-1"));
    assert!(!confirms_delete("job-", "job-1"));
    assert!(!confirms_delete("JOB-1", "job-1"), "exactly the name");
    assert!(!confirms_delete("", ""));
}

#[test]
fn the_list_hides_archived_jobs_unless_asked() {
    let arm = ArmClient::new("http://arm.example", "2025-12-01");
    assert!(arm.list_jobs_view(&ws(), false).url.ends_with("/jobs?api-version=2025-12-01&listViewType=ActiveOnly"));
    assert!(arm.list_jobs_view(&ws(), true).url.ends_with("/jobs?api-version=2025-12-01&listViewType=All"));
}
