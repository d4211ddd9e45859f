//! Idle shutdown of compute instances.
//!
//! - At creation: `properties.properties.idleTimeBeforeShutdown` (ISO-8601 duration), which
//!   azure-ai-ml sends as `PT{minutes}M` with api-version 2023-08-01-preview. The stable
//!   2025-12-01 spec does not define the field on `ComputeInstanceProperties`; the emulator
//!   stores it whatever the version (docs/azure-ml-rest.md §Instance-access).
//! - Later: `POST …/computes/{name}/updateIdleShutdownSetting` with `{"idleTimeBeforeShutdown":
//!   "PT30M"}` → 200 with no body (`Compute_UpdateIdleShutdownSetting`). The operation exists in
//!   the **preview** api-versions only (2023-08-01-preview … 2025-01-01-preview); a stable
//!   api-version gets the 404 ARM gives for a path the version does not have.
//!
//! Limits: the spec says "Minimum is 15 min, maximum is 3 days"; the error wording is ours.

use super::validate::{bad_request, check_idle};
use super::{not_found, Target};
use crate::arm::errors::arm_error;
use crate::arm::request::ArmRequest;
use crate::arm::scope::NamePath;
use crate::state::AppState;
use crate::store::Workspace;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// Whether an api-version has `updateIdleShutdownSetting` (the preview ones do).
fn has_operation(version: &str) -> bool {
    version.ends_with("-preview")
}

/// `POST …/computes/{name}/updateIdleShutdownSetting`.
pub async fn update(
    State(st): State<AppState>,
    ws: Workspace,
    Path(p): Path<NamePath>,
    ctx: ArmRequest,
    body: Bytes,
) -> Response {
    let t = Target::new(&ws, &p.name);
    if !has_operation(&ctx.api_version) {
        return arm_error(
            StatusCode::NOT_FOUND,
            "NotFound",
            &format!(
                "The requested path '{}' was not found for api-version '{}': updateIdleShutdownSetting is a preview operation.",
                ctx.path, ctx.api_version
            ),
        );
    }
    let given: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return bad_request(
                "InvalidRequestContent",
                &format!("The request content was invalid and could not be deserialized: {e}."),
                t.loc,
            )
        }
    };
    let Some(value) = given.get("idleTimeBeforeShutdown").filter(|v| !v.is_null()).cloned() else {
        return bad_request("BadArgument", "The request must contain 'idleTimeBeforeShutdown'.", t.loc);
    };
    if let Err(r) = check_idle(&value, t.loc) {
        return r;
    }
    st.mutate(|s| {
        let Some(mut c) = s.compute(t.ws_id, t.name).cloned() else {
            return not_found(t.ws, t.name, t.loc);
        };
        let ty = c["properties"]["computeType"].as_str().unwrap_or_default().to_string();
        if ty != "ComputeInstance" {
            return bad_request(
                "BadArgument",
                &format!("The idle shutdown setting applies to compute instances only; '{}' is of type {ty}.", t.name),
                t.loc,
            );
        }
        c["properties"]["properties"]["idleTimeBeforeShutdown"] = value;
        c["properties"]["modifiedOn"] = json!(crate::util::iso(super::lifecycle::now() / 1000));
        s.add_compute(c);
        StatusCode::OK.into_response()
    })
}
