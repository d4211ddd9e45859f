//! aml-console: a light Azure Machine Learning console (Leptos CSR → WebAssembly).
//! A library so browser tests (`tests/web.rs`) can mount components in isolation.

pub mod app;
pub mod auth;
pub mod boot;
pub mod browser;
pub mod components;
pub mod config;
pub mod fetch;
pub mod http;
pub mod jobs;
pub mod ops;
pub mod pages;
pub mod routes;

/// Entry point called by `main`: theme first (no flash), then mount the root.
pub fn start() {
    // Readable panics in dev builds only: the hook's formatting costs bundle size in release.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    components::theme::init();
    leptos::mount::mount_to_body(boot::Root);
}
