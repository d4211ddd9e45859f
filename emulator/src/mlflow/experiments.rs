//! `experiments/*`: get-by-name, get, create, search, update (rename), delete, restore and
//! set-experiment-tag. Experiment ids are GUIDs, as Azure ML gives them; names are unique in a
//! workspace.

use super::error::MlflowError;
use super::handler::{read, write, Answer, Ctx};
use super::model::{experiment_json, Experiment, Tracking, ACTIVE, DELETED};
use super::request::{page, Req};
use super::search::{self, OrderTerm, SortKey};
use crate::state::AppState;
use crate::util::now_ms;
use serde_json::json;

/// MLflow's limit on experiment names.
const MAX_NAME: usize = 500;

/// The experiment a job's runs go to, created on first use (jobs name it; `Default` otherwise).
pub fn ensure(t: &mut Tracking, name: &str) -> String {
    if let Some(e) = t.experiment_by_name(name) {
        return e.id.clone();
    }
    let now = now_ms() as i64;
    let id = uuid::Uuid::new_v4().to_string();
    t.experiments.push(Experiment {
        id: id.clone(),
        name: name.to_string(),
        artifact_location: String::new(),
        lifecycle_stage: ACTIVE.into(),
        creation_time: now,
        last_update_time: now,
        tags: Default::default(),
    });
    id
}

fn not_found(id: &str) -> MlflowError {
    MlflowError::not_found(format!("No Experiment with id={id} exists"))
}

pub fn get(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let id = req.string("experiment_id")?;
    read(st, ctx, |t| t.experiment(&id).map(|e| json!({"experiment": experiment_json(e)})))
        .ok_or_else(|| not_found(&id))
}

pub fn get_by_name(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let name = req.string("experiment_name")?;
    read(st, ctx, |t| t.experiment_by_name(&name).map(|e| json!({"experiment": experiment_json(e)})))
        .ok_or_else(|| MlflowError::not_found(format!("Could not find experiment with name '{name}'")))
}

fn check_name(name: &str) -> Result<(), MlflowError> {
    if name.chars().count() > MAX_NAME {
        return Err(MlflowError::invalid(format!("'name' exceeds the maximum length of {MAX_NAME} characters")));
    }
    Ok(())
}

pub fn create(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let name = req.string("name")?;
    check_name(&name)?;
    let tags = req.objects("tags")?;
    let location = req.opt_string("artifact_location")?.unwrap_or_default();
    write(st, ctx, |t| {
        if t.experiment_by_name(&name).is_some() {
            return Err(MlflowError::exists(format!("Experiment '{name}' already exists.")));
        }
        let id = ensure(t, &name);
        let e = t.experiment_mut(&id).expect("just created");
        e.artifact_location = location;
        for tag in tags {
            if let Some(k) = tag.get("key").and_then(|k| k.as_str()) {
                e.tags.insert(k.to_string(), tag.get("value").and_then(|v| v.as_str()).unwrap_or("").to_string());
            }
        }
        Ok(json!({"experiment_id": id}))
    })
}

/// `view_type`: ACTIVE_ONLY (1, default), DELETED_ONLY (2), ALL (3), by name or number.
pub fn view_type(req: &Req, key: &str) -> Result<u8, MlflowError> {
    match req.opt_string(key)?.as_deref() {
        None | Some("ACTIVE_ONLY") | Some("1") => Ok(1),
        Some("DELETED_ONLY") | Some("2") => Ok(2),
        Some("ALL") | Some("3") => Ok(3),
        Some(other) => Err(MlflowError::invalid(format!("Invalid value '{other}' for parameter '{key}'."))),
    }
}

pub fn in_view(stage: &str, view: u8) -> bool {
    match view {
        1 => stage == ACTIVE,
        2 => stage == DELETED,
        _ => true,
    }
}

fn sort_key(e: &Experiment, t: &OrderTerm) -> Result<SortKey, String> {
    Ok(match t.key.as_str() {
        "name" => SortKey::Text(e.name.clone()),
        "experiment_id" => SortKey::Text(e.id.clone()),
        "creation_time" => SortKey::Number(e.creation_time as f64),
        "last_update_time" => SortKey::Number(e.last_update_time as f64),
        other => return Err(format!("Invalid order_by key '{other}' for experiments.")),
    })
}

pub fn search(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let size = req.max_results(1000, 50000)?;
    let offset = req.offset()?;
    let view = view_type(req, "view_type")?;
    let clauses = search::parse(&req.opt_string("filter")?.unwrap_or_default()).map_err(MlflowError::invalid)?;
    let mut order = req.strings("order_by")?;
    order.extend(["creation_time DESC".to_string(), "experiment_id ASC".to_string()]);
    let terms = search::order_terms(&order).map_err(MlflowError::invalid)?;
    let mut found: Vec<(Vec<SortKey>, Experiment)> = Vec::new();
    read(st, ctx, |t| -> Result<(), MlflowError> {
        for e in t.experiments.iter().filter(|e| in_view(&e.lifecycle_stage, view)) {
            if search::experiment_matches(e, &clauses).map_err(MlflowError::invalid)? {
                let keys =
                    terms.iter().map(|t| sort_key(e, t)).collect::<Result<_, _>>().map_err(MlflowError::invalid)?;
                found.push((keys, e.clone()));
            }
        }
        Ok(())
    })?;
    found.sort_by(|a, b| search::compare_keys(&a.0, &b.0, &terms));
    let all: Vec<_> = found.into_iter().map(|(_, e)| experiment_json(&e)).collect();
    let (items, next) = page(&all, offset, size);
    let mut body = json!({});
    if !items.is_empty() {
        body["experiments"] = json!(items);
    }
    if let Some(n) = next {
        body["next_page_token"] = json!(n);
    }
    Ok(body)
}

fn change(st: &AppState, ctx: &Ctx, id: &str, f: impl FnOnce(&mut Experiment) -> Answer) -> Answer {
    write(st, ctx, |t| {
        let e = t.experiment_mut(id).ok_or_else(|| not_found(id))?;
        let out = f(e)?;
        e.last_update_time = now_ms() as i64;
        Ok(out)
    })
}

pub fn update(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let id = req.string("experiment_id")?;
    let Some(name) = req.opt_string("new_name")?.filter(|n| !n.is_empty()) else { return Ok(json!({})) };
    check_name(&name)?;
    let taken = read(st, ctx, |t| t.experiment_by_name(&name).is_some_and(|e| e.id != id));
    if taken {
        return Err(MlflowError::exists(format!("Experiment '{name}' already exists.")));
    }
    change(st, ctx, &id, |e| {
        e.name = name;
        Ok(json!({}))
    })
}

fn set_stage(st: &AppState, ctx: &Ctx, req: &Req, from: &str, to: &str) -> Answer {
    let id = req.string("experiment_id")?;
    change(st, ctx, &id, |e| {
        if e.lifecycle_stage != from {
            return Err(MlflowError::invalid(format!(
                "Cannot change the experiment '{}': it must be in the '{from}' state, it is '{}'.",
                e.id, e.lifecycle_stage
            )));
        }
        e.lifecycle_stage = to.into();
        Ok(json!({}))
    })
}

pub fn delete(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    set_stage(st, ctx, req, ACTIVE, DELETED)
}

pub fn restore(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    set_stage(st, ctx, req, DELETED, ACTIVE)
}

pub fn set_tag(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let id = req.string("experiment_id")?;
    let key = req.string("key")?;
    let value = req.opt_string("value")?.unwrap_or_default();
    change(st, ctx, &id, |e| {
        e.tags.insert(key, value);
        Ok(json!({}))
    })
}
