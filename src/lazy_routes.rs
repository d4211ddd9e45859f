//! The pages that are not needed to paint the compute list, as lazily loaded routes.
//!
//! With the `split` feature (the release pipeline of `cargo xtask dist|test|bench`), each page's
//! view is a `#[lazy_route]`: `wasm_split_cli_support` moves its code (and whatever only it uses:
//! forms, validation, YAML, snapshot hashing, …) into a separate .wasm chunk that is fetched on
//! the first navigation to the page. Without the feature (`trunk serve`, wasm tests) the same
//! routes render the page directly: the split macros leave imports that only the splitter can
//! resolve, so an unsplit build must not contain them.

use leptos::prelude::*;
use leptos_router::LazyRoute;

/// `lazy_page!(Route, Page)` defines the route type `Route` whose view is `<Page/>`.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident, $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[cfg(feature = "split")]
        #[leptos_router::lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }

        #[cfg(not(feature = "split"))]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            async fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    };
}

lazy_page!(
    /// `/workspaces` (the picker; a deep link to a workspace's computes never needs it).
    WorkspacesRoute,
    crate::pages::workspaces::WorkspacesPage
);
lazy_page!(
    /// `/ws/…/computes/new/cluster`.
    NewClusterRoute,
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
    JobsRoute,
    crate::pages::jobs::JobsPage
);
lazy_page!(
    /// `/ws/…/jobs/new` (the submit form, snapshot hashing and upload).
    SubmitRoute,
    crate::pages::submit::SubmitPage
);
lazy_page!(
    /// `/ws/…/jobs/:id`.
    JobDetailsRoute,
    crate::pages::jobs_details::JobDetailsPage
);
