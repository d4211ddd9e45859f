//! The MLflow tracking base of a workspace, on the data plane that `crate::dataplane` resolves
//! (config.json override or proxy, else the workspace's discovery document, else the cloud's
//! `{region}` template; docs/azure-ml-rest.md §MLflow).

use crate::error::UiError;
use crate::http::Api;
use aml_api::mlflow::Tracking;
use aml_api::WorkspaceRef;

/// The MLflow tracking base of `ws`.
pub async fn tracking_for(api: &Api, ws: &WorkspaceRef) -> Result<Tracking, UiError> {
    Ok(Tracking::new(&crate::dataplane::data_plane_for(api, ws).await?, ws))
}
