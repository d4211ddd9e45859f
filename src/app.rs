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
    view! {
        <Router base=base>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/signin") view=SignInPage/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=HomeRedirect/>
                    <Route path=path!("/workspaces") view={Lazy::<WorkspacesRoute>::new()}/>
                    <Route path=path!("/ws/:sub/:rg/:ws/computes") view=ComputesPage/>
                    // Static create/attach routes before `:name` (a compute named "attach" is not
                    // reachable by URL; the service allows it, the console lists it but cannot open it).
                    <Route path=path!("/ws/:sub/:rg/:ws/computes/new/cluster") view={Lazy::<NewClusterRoute>::new()}/>
                    <Route path=path!("/ws/:sub/:rg/:ws/computes/new/instance") view={Lazy::<NewInstanceRoute>::new()}/>
                    <Route path=path!("/ws/:sub/:rg/:ws/computes/attach") view={Lazy::<AttachRoute>::new()}/>
                    <Route path=path!("/ws/:sub/:rg/:ws/computes/:name") view={Lazy::<ComputeDetailsRoute>::new()}/>
                    <Route path=path!("/ws/:sub/:rg/:ws/jobs") view={Lazy::<JobsRoute>::new()}/>
                    // `new` and `compare` before `:id`, as for computes (a job named "new" opens the form).
                    <Route path=path!("/ws/:sub/:rg/:ws/jobs/new") view={Lazy::<SubmitRoute>::new()}/>
                    <Route path=path!("/ws/:sub/:rg/:ws/jobs/compare") view={Lazy::<JobsCompareRoute>::new()}/>
                    <Route path=path!("/ws/:sub/:rg/:ws/jobs/:id") view={Lazy::<JobDetailsRoute>::new()}/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
