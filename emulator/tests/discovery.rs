//! The workspace's own data plane: the discovery document (anonymous, the keys azure-ai-ml
//! reads), the second loopback host it can name, the data plane without CORS, and artifact
//! routes only in the spec's experiment form.

mod common;

use common::*;
use serde_json::Value;

#[tokio::test]
async fn workspaces_name_a_discovery_document_that_names_the_data_plane() {
    let emu = start_with(|c| c.data_plane_url = "http://127.0.0.2:0".into()).await;
    let (_, ws) = emu.get_json(&format!("{}?api-version={V}", emu.demo())).await;
    let discovery = ws["properties"]["discoveryUrl"].as_str().unwrap().to_string();
    assert_eq!(discovery, format!("{}/discovery", emu.base));
    // Anonymous, like the service's (the SDKs send no token).
    let r = emu.http.get(&discovery).header("Origin", "http://127.0.0.1:8080").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["access-control-allow-origin"], "http://127.0.0.1:8080");
    let doc: Value = r.json().await.unwrap();
    for k in [
        "api",
        "catalog",
        "experimentation",
        "gallery",
        "history",
        "hyperdrive",
        "labeling",
        "modelmanagement",
        "pipelines",
        "studio",
    ] {
        assert!(doc[k].is_string(), "{k} in {doc}");
    }
    // The data plane is named on the second loopback address, on the emulator's own port, and
    // really answers there.
    let api = doc["api"].as_str().unwrap();
    assert_eq!(api, format!("http://127.0.0.2:{}", emu.addr.port()));
    let details = format!("{api}/history/v1.0{}/runs/none/details", emu.demo());
    let r = emu.http.get(&details).bearer_auth(emu.token()).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404, "run-history's own 404 for an unknown run");
    assert_eq!(r.json::<Value>().await.unwrap()["componentName"], "run-history");
}

#[tokio::test]
async fn without_data_plane_cors_only_arm_answers_the_browser() {
    let emu = start().await;
    let origin = "http://127.0.0.1:8080";
    let (s, _, b) = emu.call("POST", "/_emulator/settings", Some(&serde_json::json!({"dataPlaneCors": false}))).await;
    assert_eq!((s, b["dataPlaneCors"].as_bool()), (200, Some(false)));
    let details = format!("{}/history/v1.0{}/runs/x/details", emu.base, emu.demo());
    let mlflow = format!("{}/mlflow/v1.0{}/api/2.0/mlflow/experiments/search", emu.base, emu.demo());
    for url in [details.as_str(), mlflow.as_str(), &format!("{}/discovery", emu.base)] {
        let r = emu.http.get(url).bearer_auth(emu.token()).header("Origin", origin).send().await.unwrap();
        assert!(r.headers().get("access-control-allow-origin").is_none(), "{url}");
        let pre = emu
            .http
            .request(reqwest::Method::OPTIONS, url)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "GET")
            .send()
            .await
            .unwrap();
        assert!(pre.headers().get("access-control-allow-origin").is_none(), "preflight {url}");
        assert!(pre.headers().get("access-control-allow-headers").is_none(), "preflight {url}");
    }
    // ARM keeps answering the browser.
    let r = emu
        .http
        .get(format!("{}{}?api-version={V}", emu.base, emu.demo()))
        .bearer_auth(emu.token())
        .header("Origin", origin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["access-control-allow-origin"], origin);
    // Reset brings the start-up setting back.
    emu.call("POST", "/_emulator/reset", None).await;
    let r = emu.http.get(&details).bearer_auth(emu.token()).header("Origin", origin).send().await.unwrap();
    assert_eq!(r.headers()["access-control-allow-origin"], origin);
}

#[tokio::test]
async fn artifacts_only_below_the_runs_experiment() {
    let emu = start().await;
    assert_eq!(emu.submit("art", &emu.command_job("echo hi", None)).await.0, 201);
    let ws = format!("{}/history/v1.0{}", emu.base, emu.demo());
    let get = |url: String| {
        let (http, tok) = (emu.http.clone(), emu.token());
        async move { http.get(url).bearer_auth(tok).send().await.unwrap() }
    };
    for rest in ["artifacts/path?path=outputs", "artifacts/contentinfo?path=outputs/a.txt"] {
        // Not in the spec: the data plane's 404 for an unknown path.
        let r = get(format!("{ws}/runs/art/{rest}")).await;
        assert_eq!(r.status().as_u16(), 404, "{rest}");
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "NotFound");
        // Another experiment: the run is not there.
        let r = get(format!("{ws}/experiments/other/runs/art/{rest}")).await;
        assert_eq!(r.status().as_u16(), 404, "{rest}");
        assert_eq!(r.json::<Value>().await.unwrap()["componentName"], "run-history");
        // The job's experiment: found (its listing needs Azurite, the content info does not).
        let r = get(format!("{ws}/experiments/tests/runs/art/{rest}")).await;
        assert_ne!(r.status().as_u16(), 404, "{rest}");
    }
    emu.call("POST", &format!("{}/jobs/art/cancel?api-version={V}", emu.demo()), None).await;
}
