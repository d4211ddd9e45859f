//! Routes (docs/CONTRACTS.md "Console routes"). Everything except `/signin` sits under the
//! guarded `Shell`, which requires a token.
//!
//! The routes are mounted under the site's base path (`<base href>`, set by `xtask dist --base`)
//! plus `/embed` in embed mode: static hosts can't rewrite URLs, so real paths (served by the
//! error document = index.html) are the only way deep links survive a reload. See README
//! "Static hosting".

use crate::components::shell::Shell;
use crate::pages::{
    compute_attach::AttachPage, compute_new_cluster::NewClusterPage, compute_new_instance::NewInstancePage,
    compute_details::ComputeDetailsPage, computes::ComputesPage, home::HomeRedirect, home::NotFound,
    signin::SignInPage, workspaces::WorkspacesPage,
};
use crate::pages::{jobs::JobsPage, jobs_details::JobDetailsPage, submit::SubmitPage};
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn AppRouter() -> impl IntoView {
    if crate::embed::init_mode() {
        crate::embed::listen(&crate::config::use_config(), crate::auth::use_auth());
    }
    let base = crate::browser::app_base();
    view! {
        <Router base=base>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/signin") view=SignInPage/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=HomeRedirect/>
                    <Route path=path!("/workspaces") view=WorkspacesPage/>
                    <Route path=path!("/ws/:sub/:rg/:ws/computes") view=ComputesPage/>
                    // Static create/attach routes before `:name` (a compute named "attach" is not
                    // reachable by URL; the service allows it, the console lists it but cannot open it).
                    <Route path=path!("/ws/:sub/:rg/:ws/computes/new/cluster") view=NewClusterPage/>
                    <Route path=path!("/ws/:sub/:rg/:ws/computes/new/instance") view=NewInstancePage/>
                    <Route path=path!("/ws/:sub/:rg/:ws/computes/attach") view=AttachPage/>
                    <Route path=path!("/ws/:sub/:rg/:ws/computes/:name") view=ComputeDetailsPage/>
                    <Route path=path!("/ws/:sub/:rg/:ws/jobs") view=JobsPage/>
                    // `new` before `:id`, as for computes (a job named "new" opens the form).
                    <Route path=path!("/ws/:sub/:rg/:ws/jobs/new") view=SubmitPage/>
                    <Route path=path!("/ws/:sub/:rg/:ws/jobs/:id") view=JobDetailsPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
