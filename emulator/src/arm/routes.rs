//! Every ARM route the emulator serves, as axum routes. Handlers take typed extractors: `MlScope`
//! or `Workspace` (the resolved scope, see `scope`), `Path` for the names below it, `Query` for
//! their parameters, `ArmRequest` for the api-version, query and caller. The front door (token,
//! api-version) wraps them all, including the answers for unknown paths and wrong methods.

use super::case::Routes;
use super::{fallback, front_door};
use crate::authz::permissions;
use crate::resources::codes::{self, Codes};
use crate::resources::compute::{self, actions, idle, lro, nodes, put, usages, vm_sizes};
use crate::resources::environments::Environments;
use crate::resources::versioned as v;
use crate::resources::{datastores, job_list, jobs, subscriptions, workspaces};
use crate::state::AppState;
use axum::middleware::from_fn_with_state;
use axum::routing::{any, get, post};

/// `/subscriptions/{sub}/providers/Microsoft.MachineLearningServices{tail}`
fn provider(tail: &str) -> String {
    format!("/subscriptions/{{sub}}/providers/Microsoft.MachineLearningServices{tail}")
}

/// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices{tail}`
fn rg_provider(tail: &str) -> String {
    format!("/subscriptions/{{sub}}/resourceGroups/{{rg}}/providers/Microsoft.MachineLearningServices{tail}")
}

/// A workspace's path, `{ws}` below: `rg_provider("/workspaces/{ws}{tail}")`.
fn ws(tail: &str) -> String {
    rg_provider(&format!("/workspaces/{{ws}}{tail}"))
}

pub fn table(st: &AppState) -> Routes {
    Routes::new()
        .route("/subscriptions", get(subscriptions::list))
        .route("/subscriptions/{sub}", get(subscriptions::get))
        .route(&provider("/workspaces"), get(workspaces::list))
        .route(&provider("/locations/{loc}/vmSizes"), get(vm_sizes::list))
        .route(&provider("/locations/{loc}/usages"), get(usages::list))
        .route(&provider("/locations/{loc}/computeOperationsStatus/{op}"), get(lro::status))
        .route(&provider("/locations/{loc}/computeOperationsResult/{op}"), get(lro::result))
        .route(&provider("/locations/{loc}/mfeOperationResults/{op}"), get(jobs::operation_result))
        .route(&provider("/{*rest}"), any(fallback::unknown_type))
        .route(&rg_provider("/workspaces"), get(workspaces::list))
        .route(&rg_provider("/{*rest}"), any(fallback::unknown_type))
        .route(&ws(""), get(workspaces::get))
        .route(&ws("/providers/Microsoft.Authorization/permissions"), get(permissions::list))
        .route(
            "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Authorization/permissions",
            get(permissions::list),
        )
        // Computes
        .route(&ws("/computes"), get(compute::list))
        .route(&ws("/computes/{name}"), get(compute::get).put(put::put).patch(put::patch).delete(actions::delete))
        .route(&ws("/computes/{name}/listNodes"), post(nodes::list))
        .route(&ws("/computes/{name}/listKeys"), post(actions::list_keys))
        .route(&ws("/computes/{name}/start"), post(actions::start))
        .route(&ws("/computes/{name}/stop"), post(actions::stop))
        .route(&ws("/computes/{name}/restart"), post(actions::restart))
        .route(&ws("/computes/{name}/updateIdleShutdownSetting"), post(idle::update))
        // Codes
        .route(&ws("/codes"), get(v::list_containers::<Codes>))
        .route(
            &ws("/codes/{name}"),
            get(v::get_container::<Codes>).put(v::put_container::<Codes>).delete(v::delete_container::<Codes>),
        )
        .route(&ws("/codes/{name}/versions"), get(codes::list_versions))
        .route(
            &ws("/codes/{name}/versions/{version}"),
            get(v::get_version::<Codes>).put(v::put_version::<Codes>).delete(v::delete_version::<Codes>),
        )
        .route(&ws("/codes/{name}/versions/{version}/startPendingUpload"), post(codes::start_pending_upload))
        // Environments
        .route(&ws("/environments"), get(v::list_containers::<Environments>))
        .route(
            &ws("/environments/{name}"),
            get(v::get_container::<Environments>)
                .put(v::put_container::<Environments>)
                .delete(v::delete_container::<Environments>),
        )
        .route(&ws("/environments/{name}/versions"), get(v::list_versions::<Environments>))
        .route(
            &ws("/environments/{name}/versions/{version}"),
            get(v::get_version::<Environments>)
                .put(v::put_version::<Environments>)
                .delete(v::delete_version::<Environments>),
        )
        // Datastores
        .route(&ws("/datastores"), get(datastores::list))
        .route(&ws("/datastores/{name}"), get(datastores::get).put(datastores::put).delete(datastores::delete))
        .route(&ws("/datastores/{name}/listSecrets"), post(datastores::list_secrets))
        // Jobs
        .route(&ws("/jobs"), get(job_list::list))
        .route(&ws("/jobs/{name}"), get(jobs::get).put(jobs::put).delete(jobs::delete))
        .route(&ws("/jobs/{name}/cancel"), post(jobs::cancel))
        .map_router(|router| {
            router
                .method_not_allowed_fallback(fallback::method_not_allowed)
                .fallback(fallback::path_not_found)
                .layer(from_fn_with_state(st.clone(), front_door::check))
        })
}
