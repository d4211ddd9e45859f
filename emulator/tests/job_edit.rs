//! Job edits through RunHistory (as azure-ai-ml 1.35.2 sends them), archive and the list's
//! `listViewType`, and the compute instance's idle shutdown (create, preview update) and the
//! refused instance update.

mod common;

use common::{start, DEV, V};
use serde_json::{json, Value};

const JOB: &str = "example-pipeline";

fn ws(emu: &common::Emu) -> String {
    emu.ws_path(DEV, "rg-ml-dev", "ws-demo")
}

fn history(emu: &common::Emu, exp: &str, tail: &str) -> String {
    format!("/history/v1.0{}/experiments/{exp}/runs/{JOB}{tail}", ws(emu))
}

async fn job(emu: &common::Emu) -> Value {
    let (s, j) = emu.get_json(&format!("{}/jobs/{JOB}?api-version={V}", ws(emu))).await;
    assert_eq!(s, 200);
    j
}

#[tokio::test]
async fn run_history_patch_edits_the_job() {
    let emu = start().await;
    let before = job(&emu).await;
    let exp = before["properties"]["experimentName"].as_str().unwrap().to_string();
    let old_tags = before["properties"]["tags"].as_object().cloned().unwrap_or_default();

    let body = json!({"displayName": "Renamed", "description": "Why it ran", "tags": {"team": "vision"}});
    let (s, _, run) = emu.call("PATCH", &history(&emu, &exp, ""), Some(&body)).await;
    assert_eq!(s, 200, "{run}");
    assert_eq!(run["displayName"], "Renamed");
    let after = job(&emu).await;
    assert_eq!(after["properties"]["displayName"], "Renamed");
    assert_eq!(after["properties"]["description"], "Why it ran");
    // Tags merge: the old ones stay, the new one is added.
    assert_eq!(after["properties"]["tags"]["team"], "vision");
    for (k, v) in &old_tags {
        assert_eq!(&after["properties"]["tags"][k], v, "tag {k} kept");
    }

    // Removing a tag is its own call.
    let (s, _, run) = emu.call("DELETE", &history(&emu, &exp, "/tags"), Some(&json!(["team"]))).await;
    assert_eq!(s, 200);
    assert!(run["tags"].get("team").is_none(), "{run}");
    assert!(job(&emu).await["properties"]["tags"].get("team").is_none());

    // Only the editable members: anything else is refused and nothing changes.
    let (s, _, e) = emu.call("PATCH", &history(&emu, &exp, ""), Some(&json!({"status": "Completed"}))).await;
    assert_eq!((s, e["error"]["code"].as_str()), (400, Some("UserError")), "{e}");
    assert_eq!(job(&emu).await["properties"]["status"], before["properties"]["status"]);

    // Properties are add-only.
    let (s, _, _) = emu.call("PATCH", &history(&emu, &exp, ""), Some(&json!({"properties": {"note": "a"}}))).await;
    assert_eq!(s, 200);
    let (s, _, e) = emu.call("PATCH", &history(&emu, &exp, ""), Some(&json!({"properties": {"note": "b"}}))).await;
    assert_eq!(s, 400, "{e}");
    assert_eq!(job(&emu).await["properties"]["properties"]["note"], "a");

    // The run must be in the experiment the path names.
    let (s, _, _) = emu.call("PATCH", &history(&emu, "other-experiment", ""), Some(&body)).await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn hidden_archives_and_the_list_filters_by_view_type() {
    let emu = start().await;
    let exp = job(&emu).await["properties"]["experimentName"].as_str().unwrap().to_string();
    let names = |list: &Value| -> Vec<String> {
        list["value"].as_array().unwrap().iter().map(|j| j["name"].as_str().unwrap().to_string()).collect()
    };
    let emu = &emu;
    let list = |view: &'static str| {
        let url = format!("{}/jobs?api-version={V}{view}", ws(emu));
        async move { emu.get_json(&url).await.1 }
    };
    assert!(names(&list("").await).contains(&JOB.to_string()));

    let (s, _, _) = emu.call("PATCH", &history(emu, &exp, ""), Some(&json!({"hidden": true}))).await;
    assert_eq!(s, 200);
    assert_eq!(job(emu).await["properties"]["isArchived"], true);
    assert!(!names(&list("").await).contains(&JOB.to_string()), "archived jobs are not active");
    assert!(names(&list("&listViewType=All").await).contains(&JOB.to_string()));
    assert_eq!(names(&list("&listViewType=ArchivedOnly").await), vec![JOB.to_string()]);

    let (s, _, _) = emu.call("PATCH", &history(emu, &exp, ""), Some(&json!({"hidden": false}))).await;
    assert_eq!(s, 200);
    assert!(names(&list("").await).contains(&JOB.to_string()));
}

#[tokio::test]
async fn idle_shutdown_at_creation_and_by_the_preview_operation() {
    let emu = start().await;
    emu.set_operation_ms(50);
    let base = ws(&emu);
    let create = |idle: &str| {
        json!({"location": "eastus", "properties": {"computeType": "ComputeInstance",
               "properties": {"vmSize": "STANDARD_DS3_V2", "idleTimeBeforeShutdown": idle}}})
    };
    let url = format!("{base}/computes/ci-idle?api-version=2023-08-01-preview");
    let (s, _, e) = emu.call("PUT", &url, Some(&create("PT5M"))).await;
    assert_eq!(s, 400, "below 15 minutes: {e}");
    let (s, _, e) = emu.call("PUT", &url, Some(&create("soon"))).await;
    assert_eq!(s, 400, "not a duration: {e}");
    let (s, _, c) = emu.call("PUT", &url, Some(&create("PT30M"))).await;
    assert_eq!(s, 201, "{c}");
    let get = format!("{base}/computes/ci-idle?api-version={V}");
    let c = emu.wait_for(&get, |c| c["properties"]["provisioningState"] == "Succeeded").await;
    assert_eq!(c["properties"]["properties"]["idleTimeBeforeShutdown"], "PT30M");

    let op = |version: &str| format!("{base}/computes/ci-idle/updateIdleShutdownSetting?api-version={version}");
    let body = json!({"idleTimeBeforeShutdown": "PT120M"});
    let (s, _, _) = emu.call("POST", &op(V), Some(&body)).await;
    assert_eq!(s, 404, "a preview operation: the stable version does not have it");
    let (s, _, e) = emu.call("POST", &op("2023-08-01-preview"), Some(&json!({"idleTimeBeforeShutdown": "P4D"}))).await;
    assert_eq!(s, 400, "over 3 days: {e}");
    let (s, _, _) = emu.call("POST", &op("2023-08-01-preview"), Some(&body)).await;
    assert_eq!(s, 200);
    assert_eq!(emu.get_json(&get).await.1["properties"]["properties"]["idleTimeBeforeShutdown"], "PT120M");

    // Clusters have no idle shutdown.
    let cluster = format!("{base}/computes/cpu-cluster/updateIdleShutdownSetting?api-version=2023-08-01-preview");
    assert_eq!(emu.call("POST", &cluster, Some(&body)).await.0, 400);
}

#[tokio::test]
async fn an_existing_instance_is_not_updated_by_put() {
    let emu = start().await;
    let url = format!("{}/computes/ci-ada?api-version={V}", ws(&emu));
    let (_, mut c) = emu.get_json(&url).await;
    // The same body again is no change (a retried create): 200.
    let (s, _, _) = emu.call("PUT", &url, Some(&c)).await;
    assert_eq!(s, 200);
    c["properties"]["properties"]["schedules"] = json!({"computeStartStop": [{"status": "Enabled", "action": "Stop",
        "triggerType": "Cron", "cron": {"expression": "0 18 * * *", "timeZone": "UTC"}}]});
    let (s, _, e) = emu.call("PUT", &url, Some(&c)).await;
    assert_eq!((s, e["error"]["innerError"]["code"].as_str()), (400, Some("BadArgument")), "{e}");
    assert_eq!(emu.get_json(&url).await.1["properties"]["properties"]["schedules"]["computeStartStop"], json!([]));
}
