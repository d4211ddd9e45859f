//! What ARM checks on every request before it looks at the path: the bearer token (even for
//! paths it will not find), then that an api-version is given. It is also the moment compute
//! operations that became due are applied, so every answer sees them.

use super::request::ArmRequest;
use super::{api_version, token_check};
use crate::authz;
use crate::resources::compute::lifecycle;
use crate::state::AppState;
use axum::extract::{OriginalUri, Query, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;

pub async fn check(
    State(st): State<AppState>,
    OriginalUri(sent): OriginalUri,
    mut req: Request,
    next: Next,
) -> Response {
    let caller = match token_check::check(&st, req.headers()) {
        Ok(claims) => claims,
        Err(resp) => return resp,
    };
    lifecycle::tick(&st);
    let query: BTreeMap<String, String> = Query::try_from_uri(req.uri()).map(|Query(q)| q).unwrap_or_default();
    let Some(api_version) = query.get("api-version").cloned() else {
        return api_version::missing();
    };
    // RBAC before the resource provider sees a write (docs/azure-ml-rest.md §13.3).
    if let Some(denied) = authz::check(&caller, req.method(), req.uri().path(), sent.path()) {
        return denied;
    }
    let arm = ArmRequest {
        api_version,
        query,
        path: sent.path().to_string(),
        public_url: st.config.public_url.clone(),
        caller,
    };
    req.extensions_mut().insert(arm);
    next.run(req).await
}
