//! `GET {scope}/providers/Microsoft.Authorization/permissions` (`Permissions_ListForResource` /
//! `Permissions_ListForResourceGroup`): one `{actions, notActions, dataActions, notDataActions}`
//! entry per role the caller holds at the scope or above it. Not paged here (one page, no
//! `nextLink`).

use crate::arm::errors::arm_error;
use crate::arm::request::ArmRequest;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// api-versions of Microsoft.Authorization's permissions API the emulator answers.
pub const API_VERSIONS: &[&str] = &["2015-07-01", "2018-01-01-preview", "2022-04-01", "2022-05-01-preview"];

pub async fn list(ctx: ArmRequest) -> Response {
    if !API_VERSIONS.contains(&ctx.api_version.as_str()) {
        return arm_error(
            StatusCode::BAD_REQUEST,
            "NoRegisteredProviderFound",
            &format!(
                "No registered resource provider found for location 'global' and API version '{}' for type \
                 'permissions'. The supported api-versions are '{}'.",
                ctx.api_version,
                API_VERSIONS.join(", ")
            ),
        );
    }
    // The path as sent, up to `/providers/Microsoft.Authorization` in whatever case it came.
    let lower = ctx.path.to_ascii_lowercase();
    let scope = lower.rfind("/providers/microsoft.authorization/").map_or("", |i| &ctx.path[..i]);
    let oid = ctx.caller["oid"].as_str().unwrap_or_default();
    let value: Vec<_> = super::roles_at(oid, scope).iter().map(|r| r.permission_json()).collect();
    axum::Json(json!({ "value": value })).into_response()
}
