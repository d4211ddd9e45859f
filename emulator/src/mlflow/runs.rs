//! `runs/*`: create, get, update, delete, restore and search. A job's run (`Run::job`) keeps the
//! status and times of its job (`job_runs`): a client's `runs/update` may rename it but not end it,
//! since the job, not the script, decides when it is over.

use super::error::MlflowError;
use super::experiments::{self, in_view, view_type};
use super::handler::{read, tracking_uri, write, Answer, Ctx};
use super::model::{run_info_json, run_json, Run, Tracking, ACTIVE, DELETED};
use super::request::{page, Req};
use super::search::{self, SortKey};
use crate::state::AppState;
use crate::util::now_ms;
use serde_json::json;

pub const STATUSES: &[&str] = &["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];
pub const RUN_NAME_TAG: &str = "mlflow.runName";

pub fn not_found(id: &str) -> MlflowError {
    MlflowError::not_found(format!("Run with id={id} not found"))
}

/// A run that may be written to: it exists and is not deleted.
pub fn active_run<'a>(t: &'a mut Tracking, id: &str) -> Result<&'a mut Run, MlflowError> {
    let r = t.run_mut(id).ok_or_else(|| not_found(id))?;
    if r.lifecycle_stage != ACTIVE {
        return Err(MlflowError::invalid(format!(
            "The run {id} must be in the 'active' state. Current state is {}.",
            r.lifecycle_stage
        )));
    }
    Ok(r)
}

/// An MLflow-style generated name (adjective-noun-number) for a run created without one.
fn generated_name() -> String {
    const ADJ: &[&str] = &["brave", "calm", "eager", "gentle", "lucky", "quick", "quiet", "sharp", "warm", "wise"];
    const NOUN: &[&str] = &["ant", "bee", "crab", "deer", "fox", "hawk", "lynx", "owl", "seal", "wolf"];
    let b = uuid::Uuid::new_v4().into_bytes();
    format!(
        "{}-{}-{}",
        ADJ[b[0] as usize % ADJ.len()],
        NOUN[b[1] as usize % NOUN.len()],
        u16::from_le_bytes([b[2], b[3]]) % 1000
    )
}

pub fn artifact_uri(ctx: &Ctx, experiment_id: &str, run_id: &str) -> String {
    format!("{}/experiments/{experiment_id}/runs/{run_id}/artifacts", tracking_uri(&ctx.public_url, &ctx.ws_id))
}

pub fn create(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let requested = req.opt_string("experiment_id")?.unwrap_or_else(|| "0".into());
    let tags = req.objects("tags")?;
    let start = req.opt_i64("start_time")?.unwrap_or(now_ms() as i64);
    let user = req.opt_string("user_id")?.filter(|u| !u.is_empty()).unwrap_or_else(|| ctx.user());
    let name_param = req.opt_string("run_name")?.filter(|n| !n.is_empty());
    write(st, ctx, |t| {
        // "0" is MLflow's default experiment; here it is the workspace's `Default`, as on Azure ML.
        let exp_id = match t.experiment(&requested) {
            Some(e) if e.lifecycle_stage != ACTIVE => {
                return Err(MlflowError::invalid(format!(
                    "The experiment {requested} must be in the 'active' state. Current state is {}.",
                    e.lifecycle_stage
                )))
            }
            Some(e) => e.id.clone(),
            None if requested == "0" => experiments::ensure(t, "Default"),
            None => return Err(MlflowError::not_found(format!("No Experiment with id={requested} exists"))),
        };
        let mut tag_map = std::collections::BTreeMap::new();
        for tag in tags {
            let key = tag.get("key").and_then(|k| k.as_str()).unwrap_or_default();
            super::request::check_key("tag", key)?;
            tag_map.insert(key.to_string(), tag.get("value").and_then(|v| v.as_str()).unwrap_or("").to_string());
        }
        let name = name_param.or_else(|| tag_map.get(RUN_NAME_TAG).cloned()).unwrap_or_else(generated_name);
        tag_map.insert(RUN_NAME_TAG.into(), name.clone());
        let id = uuid::Uuid::new_v4().simple().to_string();
        let run = Run {
            artifact_uri: artifact_uri(ctx, &exp_id, &id),
            id,
            experiment_id: exp_id,
            name,
            user_id: user,
            status: "RUNNING".into(),
            start_time: Some(start),
            end_time: None,
            lifecycle_stage: ACTIVE.into(),
            params: Default::default(),
            tags: tag_map,
            metrics: Default::default(),
            inputs: vec![],
            job: None,
        };
        let body = json!({"run": run_json(&run)});
        t.runs.push(run);
        Ok(body)
    })
}

pub fn get(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let id = req.run_id()?;
    read(st, ctx, |t| t.run(&id).map(|r| json!({"run": run_json(r)}))).ok_or_else(|| not_found(&id))
}

pub fn update(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let id = req.run_id()?;
    let status = req.opt_string("status")?;
    if let Some(s) = status.as_deref().filter(|s| !STATUSES.contains(s)) {
        return Err(MlflowError::invalid(format!(
            "Invalid value '{s}' for parameter 'status'. Expected one of {STATUSES:?}."
        )));
    }
    let end_time = req.opt_i64("end_time")?;
    let name = req.opt_string("run_name")?.filter(|n| !n.is_empty());
    write(st, ctx, |t| {
        let r = active_run(t, &id)?;
        if r.job.is_none() {
            if let Some(s) = status {
                r.status = s;
            }
            if end_time.is_some() {
                r.end_time = end_time;
            }
        }
        if let Some(n) = name {
            r.tags.insert(RUN_NAME_TAG.into(), n.clone());
            r.name = n;
        }
        Ok(json!({"run_info": run_info_json(r)}))
    })
}

fn set_stage(st: &AppState, ctx: &Ctx, req: &Req, to: &str) -> Answer {
    let id = req.run_id()?;
    write(st, ctx, |t| {
        let r = t.run_mut(&id).ok_or_else(|| not_found(&id))?;
        r.lifecycle_stage = to.into();
        Ok(json!({}))
    })
}

pub fn delete(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    set_stage(st, ctx, req, DELETED)
}

pub fn restore(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    set_stage(st, ctx, req, ACTIVE)
}

pub fn search(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let experiment_ids = req.strings("experiment_ids")?;
    let view = view_type(req, "run_view_type")?;
    let size = req.max_results(1000, 50000)?;
    let offset = req.offset()?;
    let clauses = search::parse(&req.opt_string("filter")?.unwrap_or_default()).map_err(MlflowError::invalid)?;
    let mut order = req.strings("order_by")?;
    order.extend(["attributes.start_time DESC".to_string(), "attributes.run_id ASC".to_string()]);
    let terms = search::order_terms(&order).map_err(MlflowError::invalid)?;
    let mut found: Vec<(Vec<SortKey>, serde_json::Value)> = Vec::new();
    read(st, ctx, |t| -> Result<(), MlflowError> {
        for r in
            t.runs.iter().filter(|r| experiment_ids.contains(&r.experiment_id) && in_view(&r.lifecycle_stage, view))
        {
            if search::run_matches(r, &clauses).map_err(MlflowError::invalid)? {
                let keys = terms
                    .iter()
                    .map(|o| search::run_sort_key(r, o))
                    .collect::<Result<_, _>>()
                    .map_err(MlflowError::invalid)?;
                found.push((keys, run_json(r)));
            }
        }
        Ok(())
    })?;
    found.sort_by(|a, b| search::compare_keys(&a.0, &b.0, &terms));
    let all: Vec<_> = found.into_iter().map(|(_, r)| r).collect();
    let (items, next) = page(&all, offset, size);
    let mut body = json!({});
    if !items.is_empty() {
        body["runs"] = json!(items);
    }
    if let Some(n) = next {
        body["next_page_token"] = json!(n);
    }
    Ok(body)
}
