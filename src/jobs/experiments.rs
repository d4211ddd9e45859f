//! The submit form's experiment suggestions, without listing every job: the workspace's MLflow
//! experiments (`experiments/search` on the data plane, 1,000 a request). Azure ML keeps one
//! MLflow experiment per job experiment, so this is the same list, at a cost that grows with
//! the experiments rather than the jobs. Where the data plane is not configured or refuses,
//! the first page of `Jobs_List` (newest jobs) gives the recent experiments instead.

use crate::http::Api;
use aml_api::jobs::choices::experiment_page;
use aml_api::jobs::model::experiment;
use aml_api::jobs::DataPlane;
use aml_api::WorkspaceRef;
use serde_json::Value;

/// Pages of experiments read at most (a workspace with more than 10,000 experiments gets the
/// newest-created ones first, MLflow's default order).
const MAX_PAGES: usize = 10;

/// The experiment names to suggest for `ws`; `data_plane` is its RunHistory/MLflow host.
pub async fn experiment_names(api: &Api, data_plane: Option<DataPlane>, ws: &WorkspaceRef) -> Vec<String> {
    if let Some(dp) = data_plane {
        if let Some(names) = from_mlflow(api, &dp, ws).await {
            return names;
        }
    }
    let first = api.arm().list_jobs_with(ws, &[("listViewType", "All".to_string())]);
    match api.fetch_page::<Value>(first, 0).await {
        Ok((page, _)) => page.items.iter().map(experiment).collect(),
        Err(_) => Vec::new(),
    }
}

async fn from_mlflow(api: &Api, dp: &DataPlane, ws: &WorkspaceRef) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let answer: Value = api.json(dp.search_experiments(ws, token.as_deref())).await.ok()?;
        let (page, next) = experiment_page(&answer);
        names.extend(page);
        match next {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    Some(names)
}
