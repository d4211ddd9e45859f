//! MLflow tracking on the emulator's data plane: every route's happy path, MLflow's error bodies
//! and statuses, search filters and ordering, paging, and a job's run following its job.

mod common;
use common::*;
use serde_json::{json, Value};

impl Emu {
    fn mlflow_base(&self) -> String {
        format!("/mlflow/v1.0{}", self.demo())
    }

    /// `(status, body)` of an MLflow call: GET with a query string, POST with a JSON body.
    async fn ml(&self, method: &str, op: &str, arg: Value) -> (u16, Value) {
        let path = format!("{}/api/2.0/mlflow/{op}", self.mlflow_base());
        if method == "GET" {
            let q: Vec<String> = arg
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{k}={}",
                        aml_emulator::util::url_encode(
                            v.as_str().map(str::to_string).unwrap_or(v.to_string()).as_str()
                        )
                    )
                })
                .collect();
            let (s, _, b) = self.call("GET", &format!("{path}?{}", q.join("&")), None).await;
            (s, b)
        } else {
            let (s, _, b) = self.call(method, &path, Some(&arg)).await;
            (s, b)
        }
    }

    async fn ok(&self, method: &str, op: &str, arg: Value) -> Value {
        let (s, b) = self.ml(method, op, arg.clone()).await;
        assert_eq!(s, 200, "{op} {arg}: {b}");
        b
    }

    async fn new_run(&self, exp: &str, name: &str) -> String {
        let b =
            self.ok("POST", "runs/create", json!({"experiment_id": exp, "run_name": name, "start_time": 1000})).await;
        b["run"]["info"]["run_id"].as_str().unwrap().to_string()
    }
}

fn assert_error(status: u16, body: &Value, want_status: u16, code: &str) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["error_code"], code, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
}

#[tokio::test]
async fn experiments_create_get_search_and_errors() {
    let emu = start().await;
    // The demo workspace's seeded jobs (official examples) come with experiments of their own.
    let seeded = emu.ok("POST", "experiments/search", json!({})).await;
    let mut expected: Vec<String> = seeded["experiments"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["name"].as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    expected.extend(["exp-a", "exp-b", "other"].map(String::from));
    expected.sort();
    let id = emu
        .ok("POST", "experiments/create", json!({"name": "exp-a", "tags": [{"key": "team", "value": "vision"}]}))
        .await["experiment_id"]
        .as_str()
        .unwrap()
        .to_string();
    let e = emu.ok("GET", "experiments/get", json!({"experiment_id": id})).await;
    assert_eq!(
        (e["experiment"]["name"].as_str(), e["experiment"]["lifecycle_stage"].as_str()),
        (Some("exp-a"), Some("active"))
    );
    assert_eq!(e["experiment"]["tags"], json!([{"key": "team", "value": "vision"}]));
    let by_name = emu.ok("GET", "experiments/get-by-name", json!({"experiment_name": "exp-a"})).await;
    assert_eq!(by_name["experiment"]["experiment_id"], id.as_str());

    let (s, b) = emu.ml("POST", "experiments/create", json!({"name": "exp-a"})).await;
    assert_error(s, &b, 400, "RESOURCE_ALREADY_EXISTS");
    let (s, b) = emu.ml("POST", "experiments/create", json!({})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");
    let (s, b) = emu.ml("GET", "experiments/get", json!({"experiment_id": "nope"})).await;
    assert_error(s, &b, 404, "RESOURCE_DOES_NOT_EXIST");
    let (s, b) = emu.ml("GET", "experiments/get-by-name", json!({"experiment_name": "nope"})).await;
    assert_error(s, &b, 404, "RESOURCE_DOES_NOT_EXIST");

    for n in ["exp-b", "other"] {
        emu.ok("POST", "experiments/create", json!({"name": n})).await;
    }
    let found =
        emu.ok("POST", "experiments/search", json!({"filter": "name LIKE 'exp-%'", "order_by": ["name DESC"]})).await;
    let names: Vec<&str> =
        found["experiments"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["exp-b", "exp-a"]);
    // Paging: one per page, the token leads through all three.
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut q = json!({"max_results": 1});
        if let Some(t) = &token {
            q["page_token"] = json!(t);
        }
        let page = emu.ok("POST", "experiments/search", q).await;
        seen.push(page["experiments"][0]["name"].as_str().unwrap().to_string());
        match page["next_page_token"].as_str() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    seen.sort();
    assert_eq!(seen, expected);
    let (s, b) = emu.ml("POST", "experiments/search", json!({"page_token": "not-a-token"})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");
    let (s, b) = emu.ml("POST", "experiments/search", json!({"filter": "name = 'a' OR name = 'b'"})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");

    emu.ok("POST", "experiments/delete", json!({"experiment_id": id})).await;
    let active = emu.ok("POST", "experiments/search", json!({"filter": "name = 'exp-a'"})).await;
    assert!(active.get("experiments").is_none(), "{active}");
    let deleted = emu.ok("POST", "experiments/search", json!({"view_type": "DELETED_ONLY"})).await;
    assert_eq!(deleted["experiments"][0]["name"], "exp-a");
    let (s, b) = emu.ml("POST", "runs/create", json!({"experiment_id": id})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");
    emu.ok("POST", "experiments/restore", json!({"experiment_id": id})).await;
    emu.ok("POST", "experiments/update", json!({"experiment_id": id, "new_name": "exp-renamed"})).await;
    emu.ok("GET", "experiments/get-by-name", json!({"experiment_name": "exp-renamed"})).await;
}

#[tokio::test]
async fn runs_log_read_update_delete_restore() {
    let emu = start().await;
    let exp = emu.ok("POST", "experiments/create", json!({"name": "runs"})).await["experiment_id"]
        .as_str()
        .unwrap()
        .to_string();
    let run = emu.new_run(&exp, "first").await;
    for (step, v) in [(0, 1.0), (1, 0.5), (2, 0.25)] {
        emu.ok(
            "POST",
            "runs/log-metric",
            json!({"run_id": run, "key": "loss", "value": v, "timestamp": 2000 + step, "step": step}),
        )
        .await;
    }
    emu.ok("POST", "runs/log-parameter", json!({"run_id": run, "key": "lr", "value": "0.01"})).await;
    // The same value again is fine; another value is not.
    emu.ok("POST", "runs/log-parameter", json!({"run_id": run, "key": "lr", "value": "0.01"})).await;
    let (s, b) = emu.ml("POST", "runs/log-parameter", json!({"run_id": run, "key": "lr", "value": "0.1"})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");
    assert!(b["message"].as_str().unwrap().contains("Changing param values is not allowed"));
    emu.ok("POST", "runs/set-tag", json!({"run_id": run, "key": "stage", "value": "dev"})).await;
    emu.ok(
        "POST",
        "runs/log-batch",
        json!({"run_id": run, "metrics": [{"key": "acc", "value": 0.9, "timestamp": 3000, "step": 2}, {"key": "acc", "value": "NaN", "timestamp": 2999, "step": 1}],
               "params": [{"key": "batch", "value": "32"}], "tags": [{"key": "mlflow.runName", "value": "renamed"}]}),
    )
    .await;
    emu.ok("POST", "runs/log-inputs", json!({"run_id": run, "datasets": [{"dataset": {"name": "d", "digest": "x", "source_type": "local", "source": "{}"}}]})).await;

    let got = emu.ok("GET", "runs/get", json!({"run_id": run})).await["run"].clone();
    assert_eq!(got["info"]["run_name"], "renamed");
    assert_eq!(got["info"]["experiment_id"], exp.as_str());
    assert_eq!(got["info"]["start_time"], 1000);
    let metric = |k: &str| got["data"]["metrics"].as_array().unwrap().iter().find(|m| m["key"] == k).cloned().unwrap();
    assert_eq!((metric("loss")["value"].as_f64(), metric("loss")["step"].as_i64()), (Some(0.25), Some(2)));
    assert_eq!(metric("acc")["value"], 0.9);
    let params = &got["data"]["params"];
    assert_eq!(*params, json!([{"key": "batch", "value": "32"}, {"key": "lr", "value": "0.01"}]));
    assert!(got["data"]["tags"].as_array().unwrap().contains(&json!({"key": "stage", "value": "dev"})));
    assert_eq!(got["inputs"]["dataset_inputs"][0]["dataset"]["name"], "d");

    let info = emu.ok("POST", "runs/update", json!({"run_id": run, "status": "FINISHED", "end_time": 5000})).await;
    assert_eq!(
        (info["run_info"]["status"].as_str(), info["run_info"]["end_time"].as_i64()),
        (Some("FINISHED"), Some(5000))
    );
    let (s, b) = emu.ml("POST", "runs/update", json!({"run_id": run, "status": "DONE"})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");
    emu.ok("POST", "runs/delete-tag", json!({"run_id": run, "key": "stage"})).await;
    let (s, b) = emu.ml("POST", "runs/delete-tag", json!({"run_id": run, "key": "stage"})).await;
    assert_error(s, &b, 404, "RESOURCE_DOES_NOT_EXIST");

    emu.ok("POST", "runs/delete", json!({"run_id": run})).await;
    assert_eq!(emu.ok("GET", "runs/get", json!({"run_id": run})).await["run"]["info"]["lifecycle_stage"], "deleted");
    let (s, b) =
        emu.ml("POST", "runs/log-metric", json!({"run_id": run, "key": "loss", "value": 1, "timestamp": 1})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");
    let active = emu.ok("POST", "runs/search", json!({"experiment_ids": [exp]})).await;
    assert!(active.get("runs").is_none(), "{active}");
    let deleted =
        emu.ok("POST", "runs/search", json!({"experiment_ids": [exp], "run_view_type": "DELETED_ONLY"})).await;
    assert_eq!(deleted["runs"][0]["info"]["run_id"], run.as_str());
    emu.ok("POST", "runs/restore", json!({"run_id": run})).await;
    assert_eq!(emu.ok("GET", "runs/get", json!({"run_id": run})).await["run"]["info"]["lifecycle_stage"], "active");

    let (s, b) = emu.ml("GET", "runs/get", json!({"run_id": "missing"})).await;
    assert_error(s, &b, 404, "RESOURCE_DOES_NOT_EXIST");
    let (s, b) =
        emu.ml("POST", "runs/log-metric", json!({"run_id": run, "key": "bad!key", "value": 1, "timestamp": 1})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");
    let (s, b) =
        emu.ml("POST", "runs/log-metric", json!({"run_id": run, "key": "loss", "value": "high", "timestamp": 1})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");
    let (s, b) = emu.ml("POST", "runs/create", json!({"experiment_id": "no-such-experiment"})).await;
    assert_error(s, &b, 404, "RESOURCE_DOES_NOT_EXIST");
    let too_many: Vec<Value> = (0..101).map(|i| json!({"key": format!("p{i}"), "value": "v"})).collect();
    let (s, b) = emu.ml("POST", "runs/log-batch", json!({"run_id": run, "params": too_many})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");
    // A rejected batch changed nothing.
    assert!(
        emu.ok("GET", "runs/get", json!({"run_id": run})).await["run"]["data"]["params"].as_array().unwrap().len() == 2
    );
}

#[tokio::test]
async fn search_filters_order_and_pages() {
    let emu = start().await;
    let exp = emu.ok("POST", "experiments/create", json!({"name": "sweep"})).await["experiment_id"]
        .as_str()
        .unwrap()
        .to_string();
    for (i, acc) in [0.7, 0.9, 0.8, 0.6].iter().enumerate() {
        let run = emu.new_run(&exp, &format!("trial-{i}")).await;
        let parent = if i < 3 { "sw1" } else { "other" };
        emu.ok(
            "POST",
            "runs/log-batch",
            json!({"run_id": run, "metrics": [{"key": "acc", "value": acc, "timestamp": 1}],
                   "params": [{"key": "lr", "value": format!("0.{i}")}], "tags": [{"key": "mlflow.parentRunId", "value": parent}]}),
        )
        .await;
    }
    let names = |b: &Value| -> Vec<String> {
        b["runs"]
            .as_array()
            .map(|a| a.iter().map(|r| r["info"]["run_name"].as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    let q =
        json!({"experiment_ids": [exp], "filter": "tags.mlflow.parentRunId = 'sw1'", "order_by": ["metrics.acc DESC"]});
    assert_eq!(names(&emu.ok("POST", "runs/search", q).await), ["trial-1", "trial-2", "trial-0"]);
    let q = json!({"experiment_ids": [exp], "filter": "metrics.acc >= 0.8 AND params.lr != '0.1'"});
    assert_eq!(names(&emu.ok("POST", "runs/search", q).await), ["trial-2"]);
    let q = json!({"experiment_ids": [exp], "filter": "attributes.run_name IN ('trial-3', 'trial-0')", "order_by": ["attributes.run_name"]});
    assert_eq!(names(&emu.ok("POST", "runs/search", q).await), ["trial-0", "trial-3"]);
    let q = json!({"experiment_ids": [exp], "filter": "run_name LIKE 'trial-%' AND attributes.status = 'RUNNING'", "order_by": ["params.lr DESC"], "max_results": 3});
    let first = emu.ok("POST", "runs/search", q.clone()).await;
    assert_eq!(names(&first), ["trial-3", "trial-2", "trial-1"]);
    let mut next = q;
    next["page_token"] = first["next_page_token"].clone();
    let second = emu.ok("POST", "runs/search", next).await;
    assert_eq!(names(&second), ["trial-0"]);
    assert!(second.get("next_page_token").is_none());
    // Unknown experiment ids find nothing; a bad filter or order is MLflow's 400.
    assert!(emu.ok("POST", "runs/search", json!({"experiment_ids": ["nope"]})).await.get("runs").is_none());
    let (s, b) =
        emu.ml("POST", "runs/search", json!({"experiment_ids": [exp], "filter": "metrics.acc > 'high'"})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");
    let (s, b) =
        emu.ml("POST", "runs/search", json!({"experiment_ids": [exp], "order_by": ["attributes.colour"]})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");
    let (s, b) = emu.ml("POST", "runs/search", json!({"experiment_ids": [exp], "max_results": 50001})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");
}

#[tokio::test]
async fn metric_history_pages() {
    let emu = start().await;
    let exp =
        emu.ok("POST", "experiments/create", json!({"name": "h"})).await["experiment_id"].as_str().unwrap().to_string();
    let run = emu.new_run(&exp, "r").await;
    let metrics: Vec<Value> =
        (0..25).map(|i| json!({"key": "loss", "value": 100 - i, "timestamp": 10 + i, "step": i})).collect();
    emu.ok("POST", "runs/log-batch", json!({"run_id": run, "metrics": metrics})).await;
    let all = emu.ok("GET", "metrics/get-history", json!({"run_id": run, "metric_key": "loss"})).await;
    assert_eq!(all["metrics"].as_array().unwrap().len(), 25);
    assert!(all.get("next_page_token").is_none());
    let mut steps = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut q = json!({"run_id": run, "metric_key": "loss", "max_results": "10"});
        if let Some(t) = &token {
            q["page_token"] = json!(t);
        }
        let page = emu.ok("GET", "metrics/get-history", q).await;
        pages += 1;
        for m in page["metrics"].as_array().unwrap() {
            assert_eq!(m["key"], "loss");
            assert_eq!(m["value"].as_f64().unwrap(), 100.0 - m["step"].as_f64().unwrap());
            steps.push(m["step"].as_i64().unwrap());
        }
        match page["next_page_token"].as_str() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(steps, (0..25).collect::<Vec<i64>>());
    let none = emu.ok("GET", "metrics/get-history", json!({"run_id": run, "metric_key": "absent"})).await;
    assert_eq!(none, json!({}));
    let (s, b) = emu.ml("GET", "metrics/get-history", json!({"run_id": "missing", "metric_key": "loss"})).await;
    assert_error(s, &b, 404, "RESOURCE_DOES_NOT_EXIST");
    let (s, b) = emu.ml("GET", "metrics/get-history", json!({"run_id": run})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");
    let (s, b) =
        emu.ml("GET", "metrics/get-history", json!({"run_id": run, "metric_key": "loss", "max_results": "0"})).await;
    assert_error(s, &b, 400, "INVALID_PARAMETER_VALUE");
}

#[tokio::test]
async fn tokens_cors_and_unknown_routes() {
    let emu = start().await;
    let url = format!("{}{}/api/2.0/mlflow/experiments/search", emu.base, emu.mlflow_base());
    let r = emu.http.post(&url).json(&json!({})).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers().contains_key("www-authenticate"));
    // The data plane's own audience works, like an ARM token.
    let ml_token = emu.token_for("https://ml.azure.com", 600);
    let r = emu
        .http
        .post(&url)
        .bearer_auth(&ml_token)
        .header("origin", "http://127.0.0.1:8080")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["access-control-allow-origin"], "http://127.0.0.1:8080");
    let pre = emu
        .http
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", "http://127.0.0.1:8080")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization,content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(pre.status(), 200);
    assert!(pre.headers()["access-control-allow-methods"].to_str().unwrap().contains("POST"));
    let wrong = emu.token_for("https://storage.azure.com", 600);
    assert_eq!(emu.http.post(&url).bearer_auth(wrong).json(&json!({})).send().await.unwrap().status(), 401);

    let (s, b) = emu.ml("POST", "models/teleport", json!({})).await;
    assert_error(s, &b, 404, "ENDPOINT_NOT_FOUND");
    let (s, b) = emu.ml("POST", "runs/get", json!({"run_id": "x"})).await;
    assert_eq!(s, 405, "{b}");
    let other =
        format!("/mlflow/v1.0{}/api/2.0/mlflow/experiments/search", emu.ws_path(DEV, "rg-ml-dev", "ws-nowhere"));
    let (s, _, b) = emu.call("POST", &other, Some(&json!({}))).await;
    assert_error(s, &b, 404, "RESOURCE_DOES_NOT_EXIST");
    // The prefix's literal segments match in any case, like ARM's.
    let upper =
        format!("{}/api/2.0/mlflow/experiments/search", emu.mlflow_base().replace("resourceGroups", "RESOURCEGROUPS"));
    assert_eq!(emu.call("POST", &upper, Some(&json!({}))).await.0, 200);
    // Workspaces keep their tracking data apart.
    let (_, b) = emu.ml("POST", "experiments/create", json!({"name": "only-in-demo"})).await;
    assert!(b["experiment_id"].is_string());
    let vision = format!(
        "/mlflow/v1.0{}/api/2.0/mlflow/experiments/get-by-name?experiment_name=only-in-demo",
        emu.ws_path(DEV, "rg-ml-dev", "ws-vision")
    );
    assert_eq!(emu.call("GET", &vision, None).await.0, 404);
}

#[tokio::test]
async fn a_job_is_a_run_of_its_experiment() {
    // Storage on a port nothing listens on: the job fails at preparation, whatever runs here.
    let emu = start_with(|c| c.azurite_url = "http://127.0.0.1:9/devstoreaccount1".into()).await;
    let mut body = emu.command_job("echo hi", None);
    body["properties"]["displayName"] = json!("Nice name");
    body["properties"]["tags"] = json!({"team": "nlp"});
    let (s, job) = emu.submit("mlflow-job-1", &body).await;
    assert_eq!(s, 201, "{job}");
    let tracking = job["properties"]["services"]["Tracking"]["endpoint"].as_str().unwrap();
    assert_eq!(tracking, format!("{}{}", emu.base, emu.mlflow_base()));
    let run = emu.ok("GET", "runs/get", json!({"run_id": "mlflow-job-1"})).await["run"].clone();
    assert_eq!(run["info"]["run_name"], "Nice name");
    let exp = emu.ok("GET", "experiments/get", json!({"experiment_id": run["info"]["experiment_id"]})).await;
    assert_eq!(exp["experiment"]["name"], "tests");
    let tags = run["data"]["tags"].as_array().unwrap();
    for t in [json!({"key": "team", "value": "nlp"}), json!({"key": "mlflow.source.type", "value": "JOB"})] {
        assert!(tags.contains(&t), "{tags:?}");
    }
    // The run says the job failed; a client cannot end it otherwise.
    let j = emu.wait_job("mlflow-job-1", 30).await;
    assert_eq!(j["properties"]["status"], "Failed");
    let info = emu.ok("POST", "runs/update", json!({"run_id": "mlflow-job-1", "status": "FINISHED"})).await["run_info"]
        .clone();
    assert_eq!(info["status"], "FAILED");
    assert!(info["end_time"].as_i64().unwrap() >= info["start_time"].as_i64().unwrap());
    // The second job of the experiment joins the same experiment.
    emu.submit("mlflow-job-2", &emu.command_job("echo hi", None)).await;
    let runs = emu
        .ok(
            "POST",
            "runs/search",
            json!({"experiment_ids": [run["info"]["experiment_id"]], "order_by": ["attributes.run_id"]}),
        )
        .await;
    let ids: Vec<&str> =
        runs["runs"].as_array().unwrap().iter().map(|r| r["info"]["run_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["mlflow-job-1", "mlflow-job-2"]);
}
