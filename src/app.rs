//! Routes (docs/CONTRACTS.md "Console routes"). Everything except `/signin` sits under the
//! guarded `Shell`, which requires a token.

use crate::components::shell::Shell;
use crate::pages::{
    compute_details::ComputeDetailsPage, computes::ComputesPage, home::HomeRedirect, home::NotFound,
    signin::SignInPage, workspaces::WorkspacesPage,
};
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn AppRouter() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/signin") view=SignInPage/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=HomeRedirect/>
                    <Route path=path!("/workspaces") view=WorkspacesPage/>
                    <Route path=path!("/ws/:sub/:rg/:ws/computes") view=ComputesPage/>
                    <Route path=path!("/ws/:sub/:rg/:ws/computes/:name") view=ComputeDetailsPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
