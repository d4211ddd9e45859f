//! aml-emulator: a local stand-in for Azure Resource Manager, Entra ID v2 (sign-in) and the
//! Azure Machine Learning resource provider, for development and tests without Azure.
//! EMULATOR ONLY: tokens are signed with a dev key, users are fixed demo accounts.

// Handlers return `Result<_, Response>` so checks can `?`/early-return a finished ARM error;
// the large Err is fine at request scale. Seed/catalogue builders take many plain fields by design.
#![allow(clippy::result_large_err, clippy::too_many_arguments)]

pub mod arm;
pub mod auth;
pub mod config;
pub mod dataplane;
pub mod faults;
pub mod hooks;
pub mod inject;
pub mod resources;
pub mod runner;
pub mod seed;
pub mod state;
pub mod storage;
pub mod util;

use axum::routing::{get, post};
use axum::Router;
use config::Config;
use state::AppState;
use std::net::{Ipv4Addr, SocketAddr};

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/_emulator/health", get(hooks::health))
        .route("/_emulator/settings", post(hooks::settings))
        .route("/_emulator/reset", post(hooks::reset))
        .route("/_emulator/faults", get(hooks::faults_get).post(hooks::faults_post).delete(hooks::faults_delete))
        .route("/_emulator/inject", post(hooks::inject))
        .route(
            "/{tenant}/oauth2/v2.0/authorize",
            get(auth::authorize::authorize_get).post(auth::authorize::authorize_post),
        )
        .route("/{tenant}/oauth2/v2.0/token", post(auth::token::token))
        .route("/{tenant}/oauth2/v2.0/logout", get(auth::authorize::logout))
        .route("/history/v1.0/{*rest}", get(dataplane::history))
        .fallback(arm::router::dispatch)
        // Faults sit inside CORS so a faulted answer still carries CORS and request-id headers.
        .layer(axum::middleware::from_fn_with_state(state.clone(), faults::middleware))
        .layer(axum::middleware::from_fn(arm::cors::middleware))
        .with_state(state)
}

/// A bound, not yet serving emulator.
pub struct Bound {
    pub listener: tokio::net::TcpListener,
    pub state: AppState,
    pub addr: SocketAddr,
}

/// Binds 127.0.0.1 only (never all interfaces: the emulator accepts any demo sign-in).
/// With port 0 an ephemeral port is used; an empty `public_url` becomes `http://127.0.0.1:<port>`.
pub async fn bind(mut config: Config) -> std::io::Result<Bound> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let addr = listener.local_addr()?;
    if config.public_url.is_empty() {
        config.public_url = format!("http://127.0.0.1:{}", addr.port());
    }
    config.public_url = config.public_url.trim_end_matches('/').to_string();
    let state = AppState::new(config)?;
    Ok(Bound { listener, state, addr })
}

impl Bound {
    pub async fn serve(self) -> std::io::Result<()> {
        axum::serve(self.listener, app(self.state)).with_graceful_shutdown(shutdown()).await
    }
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}

/// Starts an emulator in the background (for tests): returns its address and state.
pub async fn spawn(config: Config) -> std::io::Result<(SocketAddr, AppState)> {
    let bound = bind(config).await?;
    let (addr, state) = (bound.addr, bound.state.clone());
    let app = app(bound.state);
    tokio::spawn(async move {
        let _ = axum::serve(bound.listener, app).await;
    });
    Ok((addr, state))
}
