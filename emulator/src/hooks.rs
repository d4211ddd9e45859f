//! `/_emulator/*`: health (always) and the test hooks (only with `--test-hooks`).

use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

pub async fn health() -> &'static str {
    "ok"
}

fn hooks_disabled() -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({"error": {"code": "NotFound", "message": "Test hooks are off. Start the emulator with --test-hooks."}})),
    )
        .into_response()
}

fn settings_json(st: &AppState) -> Value {
    let s = st.settings();
    json!({
        "tokenLifetimeSeconds": s.token_lifetime,
        "computePageSize": s.page_size,
        "jobsPageSize": s.jobs_page_size.unwrap_or(s.page_size),
        "operationSeconds": s.operation_ms as f64 / 1000.0,
        "dataPlaneCors": s.data_plane_cors,
        "storageDataRole": s.storage_data_role,
    })
}

/// `{"tokenLifetimeSeconds": n?, "computePageSize": n?, "jobsPageSize": n?, "operationSeconds": x?, "dataPlaneCors": b?, "storageDataRole": b?}`; answers with the settings now in force.
pub async fn settings(State(st): State<AppState>, body: Bytes) -> Response {
    if !st.config.test_hooks {
        return hooks_disabled();
    }
    let parsed: Result<Value, _> = if body.is_empty() { Ok(json!({})) } else { serde_json::from_slice(&body) };
    let Ok(Value::Object(req)) = parsed else {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": {"code": "BadRequest", "message": "Expected a JSON object."}})),
        )
            .into_response();
    };
    {
        let mut s = st.settings.write().unwrap();
        if let Some(v) = req.get("tokenLifetimeSeconds").and_then(Value::as_u64) {
            s.token_lifetime = v;
        }
        if let Some(v) = req.get("computePageSize").and_then(Value::as_u64) {
            s.page_size = (v as usize).max(1);
        }
        if let Some(v) = req.get("jobsPageSize").and_then(Value::as_u64) {
            s.jobs_page_size = Some((v as usize).max(1));
        }
        // Fractions are allowed so tests can run whole lifecycles in well under a second.
        if let Some(v) = req.get("operationSeconds").and_then(Value::as_f64).filter(|v| *v >= 0.0) {
            s.operation_ms = (v * 1000.0).round() as u64;
        }
        if let Some(v) = req.get("dataPlaneCors").and_then(Value::as_bool) {
            s.data_plane_cors = v;
        }
        if let Some(v) = req.get("storageDataRole").and_then(Value::as_bool) {
            s.storage_data_role = v;
        }
    }
    (StatusCode::OK, axum::Json(settings_json(&st))).into_response()
}

/// Restores the seeded resources and the start-up settings, so every test starts from the same
/// place. Sign-in sessions are left alone: a test's browser may still be signed in.
pub async fn reset(State(st): State<AppState>) -> Response {
    if !st.config.test_hooks {
        return hooks_disabled();
    }
    let fresh = crate::seed::seeded_store(&st.config);
    st.mutate(|store| *store = fresh);
    {
        let mut s = st.settings.write().unwrap();
        s.token_lifetime = st.config.token_lifetime;
        s.page_size = st.config.page_size.max(1);
        s.jobs_page_size = st.config.jobs_page_size;
        s.operation_ms = crate::state::DEFAULT_OPERATION_MS;
        s.data_plane_cors = st.config.data_plane_cors;
        s.storage_data_role = true;
    }
    // Faults go back to the start-up rules (none unless --faults was given).
    {
        let mut f = st.faults.lock().unwrap();
        let startup = f.startup.clone();
        f.install(startup);
    }
    (StatusCode::OK, axum::Json(json!({"status": "reset"}))).into_response()
}

fn bad_request(msg: &str) -> Response {
    (StatusCode::BAD_REQUEST, axum::Json(json!({"error": {"code": "BadRequest", "message": msg}}))).into_response()
}

/// `POST /_emulator/bench {"jobs": n, "computes": m?}`: `ws-bench` with `n` generated jobs
/// (replacing those generated before) and at least `m` clusters, as `--bench-jobs` and
/// `--bench-computes` seed it; `reset` returns to the command line's counts.
pub async fn bench(State(st): State<AppState>, body: Bytes) -> Response {
    if !st.config.test_hooks {
        return hooks_disabled();
    }
    let Ok(req) = serde_json::from_slice::<Value>(&body) else { return bad_request("Expected a JSON object.") };
    let count = |k: &str| req.get(k).and_then(Value::as_u64).map(|n| n as usize);
    let Some(jobs) = count("jobs") else { return bad_request("'jobs' (a number) is required.") };
    let computes = count("computes").unwrap_or(0);
    st.mutate(|s| crate::seed::bench::seed_counts(s, computes, jobs));
    (StatusCode::OK, axum::Json(json!({"workspace": crate::seed::bench::BENCH_WS, "jobs": jobs}))).into_response()
}

/// `GET /_emulator/faults`: the rules in force and the faults injected since they were set.
pub async fn faults_get(State(st): State<AppState>) -> Response {
    if !st.config.test_hooks {
        return hooks_disabled();
    }
    let f = st.faults.lock().unwrap();
    let body = json!({"seed": f.active.seed, "rules": f.active.rules.len(), "injected": f.log});
    (StatusCode::OK, axum::Json(body)).into_response()
}

/// `POST /_emulator/faults {"seed": n, "rules": [...]}` replaces the rules and restarts the
/// deterministic sequences (see `faults`).
pub async fn faults_post(State(st): State<AppState>, body: Bytes) -> Response {
    if !st.config.test_hooks {
        return hooks_disabled();
    }
    match crate::faults::FaultConfig::parse(&body) {
        Ok(config) => {
            let n = config.rules.len();
            st.faults.lock().unwrap().install(config);
            (StatusCode::OK, axum::Json(json!({"rules": n}))).into_response()
        }
        Err(e) => bad_request(&format!("Invalid fault configuration: {e}")),
    }
}

/// `DELETE /_emulator/faults`: no faults at all (not even the start-up ones).
pub async fn faults_delete(State(st): State<AppState>) -> Response {
    if !st.config.test_hooks {
        return hooks_disabled();
    }
    st.faults.lock().unwrap().install(crate::faults::FaultConfig::default());
    (StatusCode::OK, axum::Json(json!({"rules": 0}))).into_response()
}

/// `POST /_emulator/inject {"kind", "workspace", "name"?, "body"}` (see `inject`).
pub async fn inject(State(st): State<AppState>, body: Bytes) -> Response {
    if !st.config.test_hooks {
        return hooks_disabled();
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(req @ Value::Object(_)) => crate::inject::inject(&st, &req),
        _ => bad_request("Expected a JSON object."),
    }
}
