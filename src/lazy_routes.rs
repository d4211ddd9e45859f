//! The pages that are not needed to paint the compute list, as lazily loaded routes.
//!
//! With the `split` feature (the release pipeline of `cargo xtask dist|test|bench`), each page's
//! view is a `#[lazy_route]`: `wasm_split_cli_support` moves its code (and whatever only it uses:
//! forms, validation, YAML, snapshot hashing, …) into a separate .wasm chunk that is fetched on
//! the first navigation to the page. Without the feature (`trunk serve`, wasm tests) the same
//! routes render the page directly: the split macros leave imports that only the splitter can
//! resolve, so an unsplit build must not contain them.
//!
//! A route's `data()` runs in the main module when the navigation starts, before the chunk is
//! fetched (leptos_router calls it in the route's owner, with its params): the create-cluster
//! and jobs pages start their requests there, so the data loads while the chunk downloads, and
//! the page takes the started fetches. The code `data()` calls stays in the main module.

use crate::components::vm_size_picker::{start_vm_catalog, VmCatalog};
use crate::components::ws_facts::{use_ws_info, WsInfo};
use crate::pages::jobs::start_jobs_list;
use crate::prefetch::Prefetch;
use crate::routes::use_ws;
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// `lazy_page!(Route, Page)` defines the route type `Route` whose view is `<Page/>`;
/// `lazy_page!(Route(Data) = start, Page)` one whose `data()` calls `start()` and hands the
/// result to the page as `started`.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident, $page:path) => {
        $(#[$doc])*
        pub struct $route;
        lazy_page!(@impl $route, $route, _this => view! { <$page/> });
    };
    ($(#[$doc:meta])* $route:ident($data:ty) = $start:expr, $page:path) => {
        $(#[$doc])*
        pub struct $route($data);
        lazy_page!(@impl $route, $route($start()), this => view! { <$page started=this.0/> });
    };
    (@impl $route:ident, $make:expr, $this:ident => $view:expr) => {
        #[cfg(feature = "split")]
        #[leptos_router::lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $make
            }
            fn view($this: Self) -> AnyView {
                $view.into_any()
            }
        }

        #[cfg(not(feature = "split"))]
        impl LazyRoute for $route {
            fn data() -> Self {
                $make
            }
            async fn view($this: Self) -> AnyView {
                $view.into_any()
            }
        }
    };
}

/// The workspace facts (location, compute names) and, once the location is known, the VM sizes
/// and quota of its region.
fn start_new_cluster() -> (WsInfo, VmCatalog) {
    let info = use_ws_info();
    (info, start_vm_catalog(info))
}

/// The first page of jobs of the route's workspace (the rest loads as the list scrolls).
fn start_jobs() -> (Memo<WorkspaceRef>, Prefetch) {
    let ws = use_ws();
    (ws, start_jobs_list(ws))
}

lazy_page!(
    /// `/workspaces` (the picker; a deep link to a workspace's computes never needs it).
    WorkspacesRoute,
    crate::pages::workspaces::WorkspacesPage
);
lazy_page!(
    /// `/ws/…/computes/new/cluster`.
    NewClusterRoute((WsInfo, VmCatalog)) = start_new_cluster,
    crate::pages::compute_new_cluster::NewClusterPage
);
lazy_page!(
    /// `/ws/…/computes/new/instance`.
    NewInstanceRoute,
    crate::pages::compute_new_instance::NewInstancePage
);
lazy_page!(
    /// `/ws/…/computes/attach`.
    AttachRoute,
    crate::pages::compute_attach::AttachPage
);
lazy_page!(
    /// `/ws/…/computes/:name` (details and the manage actions).
    ComputeDetailsRoute,
    crate::pages::compute_details::ComputeDetailsPage
);
lazy_page!(
    /// `/ws/…/jobs`.
    JobsRoute((Memo<WorkspaceRef>, Prefetch)) = start_jobs,
    crate::pages::jobs::JobsPage
);
lazy_page!(
    /// `/ws/…/jobs/new` (the submit form, snapshot hashing and upload).
    SubmitRoute,
    crate::pages::submit::SubmitPage
);
lazy_page!(
    /// `/ws/…/jobs/compare?ids=a,b,c` (runs overlaid per metric, params side by side).
    JobsCompareRoute,
    crate::pages::jobs_compare::JobsComparePage
);
lazy_page!(
    /// `/ws/…/jobs/:id`.
    JobDetailsRoute,
    crate::pages::jobs_details::JobDetailsPage
);
