//! Routes (docs/CONTRACTS.md "Console routes"). Everything except `/signin` sits under the
//! guarded `Shell`, which requires a token. Sign-in and the compute list are in the main module;
//! every other page is a lazily loaded chunk in the release build (lazy_routes.rs).
//!
//! The routes are mounted under the site's base path (`<base href>`, set by `xtask dist --base`)
//! plus `/embed` in embed mode: static hosts can't rewrite URLs, so real paths (served by the
//! error document = index.html) are the only way deep links survive a reload. See README
//! "Static hosting".

use crate::components::shell::Shell;
use crate::lazy_routes::{
    AttachRoute, ComputeDetailsRoute, JobDetailsRoute, JobsCompareRoute, JobsRoute, NewClusterRoute, NewInstanceRoute,
    SubmitRoute, WorkspacesRoute,
};
use crate::pages::{computes::ComputesPage, home::HomeRedirect, home::NotFound, signin::SignInPage};
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy};

#[component]
pub fn AppRouter() -> impl IntoView {
    if crate::embed::init_mode() {
        crate::embed::listen(&crate::config::use_config(), crate::auth::use_auth());
    }
    let base = crate::browser::app_base();
    // Built before `view!`: inside it, leptosfmt drops the braces of `{Lazy::<R>::new()}` and the
    // turbofish no longer parses as an attribute value.
    let workspaces = Lazy::<WorkspacesRoute>::new();
    let new_cluster = Lazy::<NewClusterRoute>::new();
    let new_instance = Lazy::<NewInstanceRoute>::new();
    let attach = Lazy::<AttachRoute>::new();
    let compute_details = Lazy::<ComputeDetailsRoute>::new();
    let jobs = Lazy::<JobsRoute>::new();
    let submit = Lazy::<SubmitRoute>::new();
    let jobs_compare = Lazy::<JobsCompareRoute>::new();
    let job_details = Lazy::<JobDetailsRoute>::new();
    view! {
        <Router base=base>
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=path!("/signin") view=SignInPage />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=HomeRedirect />
                    <Route path=path!("/workspaces") view=workspaces />
                    <Route path=path!("/ws/:sub/:rg/:ws/computes") view=ComputesPage />
                    // Static create/attach routes before `:name` (a compute named "attach" is not
                    // reachable by URL; the service allows it, the console lists it but cannot open it).
                    <Route path=path!("/ws/:sub/:rg/:ws/computes/new/cluster") view=new_cluster />
                    <Route path=path!("/ws/:sub/:rg/:ws/computes/new/instance") view=new_instance />
                    <Route path=path!("/ws/:sub/:rg/:ws/computes/attach") view=attach />
                    <Route path=path!("/ws/:sub/:rg/:ws/computes/:name") view=compute_details />
                    <Route path=path!("/ws/:sub/:rg/:ws/jobs") view=jobs />
                    // `new` and `compare` before `:id`, as for computes (a job named "new" opens the form).
                    <Route path=path!("/ws/:sub/:rg/:ws/jobs/new") view=submit />
                    <Route path=path!("/ws/:sub/:rg/:ws/jobs/compare") view=jobs_compare />
                    <Route path=path!("/ws/:sub/:rg/:ws/jobs/:id") view=job_details />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
