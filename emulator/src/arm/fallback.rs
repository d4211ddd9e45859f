//! ARM's answers for requests no route serves: a path ARM does not know (`NotFound`), a resource
//! type the provider does not have (`InvalidResourceType`) and a method a route does not take
//! (`MethodNotAllowed`). They run behind the front door like every ARM route.

use super::api_version;
use super::errors::{arm_error, subscription_not_found};
use super::request::ArmRequest;
use super::scope::ML_NS;
use crate::state::AppState;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;

pub async fn method_not_allowed(method: Method) -> Response {
    arm_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "MethodNotAllowed",
        &format!("The requested resource does not support http method '{method}'."),
    )
}

pub async fn path_not_found(OriginalUri(sent): OriginalUri) -> Response {
    arm_error(StatusCode::NOT_FOUND, "NotFound", &format!("The requested path '{}' was not found.", sent.path()))
}

/// `…/providers/Microsoft.MachineLearningServices/{*rest}` that no route serves.
#[derive(Deserialize)]
pub struct UnknownTypePath {
    sub: String,
    rg: Option<String>,
    rest: String,
}

/// ARM looks the type up once the subscription exists and the api-version is checked (at the
/// resource group's region, if it has one); the type is every other segment of the path's rest.
pub async fn unknown_type(
    State(st): State<AppState>,
    Path(p): Path<UnknownTypePath>,
    ctx: ArmRequest,
) -> Result<Response, Response> {
    let rg_location = {
        let store = st.store.read().unwrap();
        if store.subscription(&p.sub).is_none() {
            return Err(subscription_not_found(&p.sub));
        }
        let rg_json = p.rg.as_deref().and_then(|rg| store.resource_group(&p.sub, rg));
        rg_json.and_then(|r| r.get("location")).and_then(Value::as_str).map(str::to_string)
    };
    let type_name = p.rest.split('/').step_by(2).collect::<Vec<_>>().join("/");
    api_version::check_ml(&ctx.api_version, &type_name, rg_location.as_deref().unwrap_or("global"))?;
    Err(arm_error(
        StatusCode::NOT_FOUND,
        "InvalidResourceType",
        &format!(
            "The resource type '{type_name}' could not be found in the namespace '{ML_NS}' for api version '{}'.",
            ctx.api_version
        ),
    ))
}
