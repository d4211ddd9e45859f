//! Jobs over ARM beyond the examples: validation like the service, idempotent PUTs (one run),
//! list filters, and the data plane's token check and CORS.

mod common;
use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn job_validation_like_the_service() {
    let emu = start().await;
    let ok = emu.command_job("echo hi", None);
    let cases: Vec<(&str, Value)> = vec![
        ("Command is required", json!({"command": ""})),
        ("EnvironmentId", json!({"environmentId": null})),
        ("Environment 'azureml:nope:1'", json!({"environmentId": "azureml:nope:1"})),
        ("Code", json!({"codeId": format!("{}/codes/nope/versions/1", emu.demo())})),
        ("computes/nope' was not found", json!({"computeId": format!("{}/computes/nope", emu.demo())})),
        ("cannot run command jobs", json!({"computeId": format!("{}/computes/hdi-spark", emu.demo())})),
        ("serverless", json!({"computeId": null})),
        ("Instance type", json!({"computeId": null, "resources": {"instanceType": "Standard_Nope"}})),
        ("input 'x'", json!({"command": "echo ${{inputs.x}}"})),
        ("jobInputType", json!({"inputs": {"a": {"jobInputType": "weird"}}})),
        ("needs a 'uri'", json!({"inputs": {"a": {"jobInputType": "uri_folder"}}})),
        ("limits.timeout", json!({"limits": {"jobLimitsType": "Command", "timeout": "5 minutes"}})),
        ("Distribution type", json!({"distribution": {"distributionType": "Ray"}})),
        ("not supported", json!({"jobType": "Teleport"})),
    ];
    for (i, (needle, patch)) in cases.into_iter().enumerate() {
        let mut body = ok.clone();
        for (k, v) in patch.as_object().unwrap() {
            body["properties"][k] = v.clone();
        }
        let (s, b) = emu.submit(&format!("bad-{i}"), &body).await;
        let msg = b["error"]["message"].as_str().unwrap_or_default();
        assert_eq!(s, 400, "{needle}: {b}");
        assert!(msg.contains(needle), "expected '{needle}' in '{msg}'");
    }
    let (s, _) = emu.get_json(&format!("{}/jobs/bad-0?api-version={V}", emu.demo())).await;
    assert_eq!(s, 404, "a refused job must not exist");
    // Job ids outside the spec's pattern are refused before anything else is read.
    let long = "x".repeat(256);
    for bad in ["-lead", "_lead", "dot.ted", "sp%20ace", "%C3%BC", long.as_str()] {
        let (s, b) = emu.submit(bad, &ok).await;
        assert_eq!(s, 400, "{bad}: {b}");
        assert_eq!(b["error"]["code"], "UserError", "{b}");
        assert!(b["error"]["message"].as_str().unwrap_or_default().contains("is not valid"), "{b}");
    }
}

#[tokio::test]
async fn same_put_twice_is_one_run_and_list_filters() {
    // A real Azurite: the run must stay active (downloading the snapshot needs storage), so the
    // check that only one process was started means something.
    let Some(az) = azurite::start().await else { return };
    let emu = azurite::emulator(&az).await;
    let mut body = emu.command_job("sleep 30", None);
    body["properties"]["tags"] = json!({"team": "vision"});
    body["properties"]["properties"] = json!({"p1": "a", "p2": "b"});
    let (s1, _) = emu.submit("twice", &body).await;
    let (s2, b2) = emu.submit("twice", &body).await;
    assert_eq!((s1, s2), (201, 200), "{b2}");
    assert_eq!(emu.state.store.read().unwrap().runs.len(), 1);
    assert_eq!(emu.state.runner.active_count(), 1);
    // Tags may change; the command may not.
    let mut tagged = body.clone();
    tagged["properties"]["tags"] = json!({"team": "nlp"});
    let (s, b) = emu.submit("twice", &tagged).await;
    assert_eq!((s, &b["properties"]["tags"]["team"]), (200, &json!("nlp")));
    let mut changed = body.clone();
    changed["properties"]["command"] = json!("echo other");
    let (s, b) = emu.submit("twice", &changed).await;
    assert_eq!(s, 400, "{b}");
    // Echoing back a GET (read-only fields included) is accepted, e.g. to archive.
    let mut got = emu.job("twice").await;
    got["properties"]["isArchived"] = json!(true);
    let (s, b) = emu.submit("twice", &json!({"properties": got["properties"]})).await;
    assert_eq!((s, &b["properties"]["isArchived"]), (200, &json!(true)), "{b}");

    let (s, _) = emu.submit("other", &emu.command_job("echo x", None)).await;
    assert_eq!(s, 201);
    // The seeded example jobs of every type (seed::jobs) are listed too; these checks are about the rest.
    let seeded: Vec<&str> = aml_emulator::seed::jobs::example_names().collect();
    emu.set_page_size(50).await;
    let names = |b: &Value| {
        b["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j["name"].as_str().unwrap().to_string())
            .filter(|n| !seeded.contains(&n.as_str()))
            .collect::<Vec<_>>()
    };
    let ws = emu.demo();
    let (_, b) = emu.get_json(&format!("{ws}/jobs?api-version={V}")).await;
    assert_eq!(names(&b), ["other"], "archived jobs are hidden by default");
    let (_, b) = emu.get_json(&format!("{ws}/jobs?api-version={V}&listViewType=ArchivedOnly")).await;
    assert_eq!(names(&b), ["twice"]);
    let (_, b) = emu.get_json(&format!("{ws}/jobs?api-version={V}&listViewType=All&tag=team")).await;
    assert_eq!(names(&b), ["twice"]);
    let (_, b) = emu.get_json(&format!("{ws}/jobs?api-version={V}&listViewType=All&properties=p1,p2=b")).await;
    assert_eq!(names(&b), ["twice"]);
    let (_, b) = emu.get_json(&format!("{ws}/jobs?api-version={V}&listViewType=All&properties=p2=c")).await;
    assert!(names(&b).is_empty());
    let (_, b) = emu.get_json(&format!("{ws}/jobs?api-version={V}&listViewType=All&jobType=Sweep")).await;
    assert!(names(&b).is_empty());
    for n in ["twice", "other"] {
        emu.call("POST", &format!("{ws}/jobs/{n}/cancel?api-version={V}"), None).await;
    }
}

#[tokio::test]
async fn data_plane_token_and_cors() {
    let emu = start().await;
    assert_eq!(emu.submit("dp", &emu.command_job("echo hi", None)).await.0, 201);
    let url = format!("{}/history/v1.0{}/runs/dp/details", emu.base, emu.demo());
    let r = emu.http.get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let tok = emu.token_for("https://ml.azure.com", 600);
    let r = emu.http.get(&url).bearer_auth(tok).header("Origin", "http://127.0.0.1:8080").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["access-control-allow-origin"], "http://127.0.0.1:8080");
    let d: Value = r.json().await.unwrap();
    assert_eq!(d["runId"], "dp");
    assert!(d["logFiles"].is_object());
    let r = emu.http.get(url.replace("/runs/dp/", "/runs/nope/")).bearer_auth(emu.token()).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404);
    let pre = emu.http.request(reqwest::Method::OPTIONS, &url).header("Origin", "http://x").send().await.unwrap();
    assert_eq!(pre.status().as_u16(), 200);
    emu.call("POST", &format!("{}/jobs/dp/cancel?api-version={V}", emu.demo()), None).await;
}
