//! aml-console: a light Azure Machine Learning console (Leptos CSR → WebAssembly).
//! A library so browser tests (`tests/web.rs`) can mount components in isolation.

pub mod app;
pub mod auth;
pub mod boot;
pub mod browser;
pub mod components;
pub mod config;
pub mod connection;
pub mod dataplane;
pub mod download;
pub mod embed;
pub mod error;
pub mod fetch;
pub mod focus;
pub mod http;
pub mod i18n;
pub mod jobs;
pub mod lazy_routes;
pub mod ops;
pub mod pages;
pub mod panic;
pub mod permissions;
pub mod prefetch;
pub mod routes;
pub mod theme;

/// Entry point called by `main`: theme and language first (no flash), then mount the root.
pub fn start() {
    // First, so even a panic while starting shows the recoverable error panel (panic.rs).
    panic::install();
    theme::init();
    i18n::init();
    leptos::mount::mount_to_body(boot::Root);
}
