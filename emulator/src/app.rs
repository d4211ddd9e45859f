//! The assembly: builds the shared state from the configuration, puts the routes together
//! (emulator hooks, Entra ID, the data plane, ARM) under the fault and CORS layers, and serves
//! them behind ARM's case normalisation. Nothing imports this module back.

use crate::arm::case::CaseTable;
use crate::arm::cors;
use crate::auth::sessions::AuthState;
use crate::config::Config;
use crate::faults::{self, Engine};
use crate::runner::control::Runner;
use crate::state::{AppState, Inner, Settings, DEFAULT_OPERATION_MS};
use crate::storage::Storage;
use crate::store::Store;
use crate::{arm, auth, dataplane, hooks, mlflow, resources, run_edit, seed};
use axum::extract::Request;
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Router, ServiceExt};
use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, RwLock};
use tower::Service;

/// The state of a new instance: the state file if it exists, else the seeded demo state.
pub fn new_state(config: Config) -> std::io::Result<AppState> {
    let store: Store = match &config.state_file {
        Some(path) if path.exists() => {
            let text = std::fs::read_to_string(path)?;
            serde_json::from_str(&text)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {e}", path.display())))?
        }
        _ => seed::seeded_store(&config),
    };
    let settings = Settings {
        token_lifetime: config.token_lifetime,
        page_size: config.page_size.max(1),
        jobs_page_size: config.jobs_page_size,
        operation_ms: DEFAULT_OPERATION_MS,
        data_plane_cors: config.data_plane_cors,
        storage_data_role: true,
    };
    let state = AppState(Arc::new(Inner {
        storage: Storage::new(
            &config.azurite_url,
            &config.azurite_account,
            &config.azurite_key,
            config.azurite_ca.as_deref(),
        ),
        runner: Runner::new(config.max_jobs),
        faults: Mutex::new(Engine::new(config.faults.clone())),
        config,
        settings: RwLock::new(settings),
        store: RwLock::new(store),
        auth: Mutex::new(AuthState::default()),
        list_memo: Mutex::default(),
    }));
    state.persist();
    Ok(state)
}

/// The whole service. ARM's literal path segments are matched case-insensitively, so the URI is
/// rewritten before the router sees it (a `Router::layer` would run after routing).
pub fn app(
    state: AppState,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send + 'static> + Clone + Send + 'static {
    let arm = arm::routes::table(&state);
    let data_plane = dataplane::routes(&state);
    let run_edits = run_edit::routes(&state);
    let tracking = mlflow::routes(&state);
    let registry = resources::registry::routes(&state);
    let case = Arc::new(CaseTable::new(
        arm.templates
            .iter()
            .chain(&data_plane.templates)
            .chain(&run_edits.templates)
            .chain(&tracking.templates)
            .chain(&registry.templates),
    ));
    let router = Router::new()
        .route("/_emulator/health", get(hooks::health))
        .route("/_emulator/settings", post(hooks::settings))
        .route("/_emulator/reset", post(hooks::reset))
        .route("/_emulator/bench", post(hooks::bench))
        .route("/_emulator/faults", get(hooks::faults_get).post(hooks::faults_post).delete(hooks::faults_delete))
        .route("/_emulator/inject", post(hooks::inject))
        .route("/discovery", get(dataplane::discovery))
        .route(
            "/{tenant}/oauth2/v2.0/authorize",
            get(auth::authorize::authorize_get).post(auth::authorize::authorize_post),
        )
        .route("/{tenant}/oauth2/v2.0/token", post(auth::token::token))
        .route("/{tenant}/oauth2/v2.0/logout", get(auth::authorize::logout))
        .merge(data_plane.router)
        .merge(run_edits.router)
        .merge(tracking.router)
        .merge(registry.router)
        // ARM last in spirit: its fallback answers every path no route serves.
        .merge(arm.router)
        // Faults sit inside CORS so a faulted answer still carries CORS and request-id headers.
        .layer(from_fn_with_state(state.clone(), faults::middleware::middleware))
        .layer(from_fn_with_state(state.clone(), cors::middleware))
        .with_state(state);
    tower::ServiceExt::map_request(router, move |req: Request| case.normalise(req))
}

/// A bound, not yet serving emulator.
pub struct Bound {
    pub listener: tokio::net::TcpListener,
    /// The second loopback address the data plane is named at (`--data-plane-url`), if any.
    pub data_plane_listener: Option<tokio::net::TcpListener>,
    pub state: AppState,
    pub addr: SocketAddr,
}

/// `--data-plane-url http://127.0.0.2:…`: another loopback address to listen on (never a
/// non-loopback one, and not 127.0.0.1, which is bound already). Port 0 or none: the main port.
fn second_loopback(url: &str, main_port: u16) -> Option<SocketAddr> {
    let authority = url.strip_prefix("http://")?.split('/').next()?;
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().ok()?),
        None => (authority, 0),
    };
    let ip: Ipv4Addr = host.parse().ok()?;
    let port = if port == 0 { main_port } else { port };
    (ip.is_loopback() && ip != Ipv4Addr::LOCALHOST).then(|| SocketAddr::from((ip, port)))
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
    let mut data_plane_listener = None;
    if let Some(second) = second_loopback(&config.data_plane_url, addr.port()) {
        let l = tokio::net::TcpListener::bind(second).await?;
        // The document names the address really bound (port 0 in tests = the main port).
        config.data_plane_url = format!("http://{}", l.local_addr()?);
        data_plane_listener = Some(l);
    }
    let state = new_state(config)?;
    Ok(Bound { listener, data_plane_listener, state, addr })
}

impl Bound {
    pub async fn serve(self) -> std::io::Result<()> {
        let service = app(self.state).into_make_service();
        if let Some(second) = self.data_plane_listener {
            let service = service.clone();
            tokio::spawn(async move {
                let _ = axum::serve(second, service).await;
            });
        }
        axum::serve(self.listener, service).with_graceful_shutdown(shutdown()).await
    }
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}

/// Starts an emulator in the background (for tests): returns its address and state.
pub async fn spawn(config: Config) -> std::io::Result<(SocketAddr, AppState)> {
    let bound = bind(config).await?;
    let (addr, state) = (bound.addr, bound.state.clone());
    let service = app(bound.state).into_make_service();
    if let Some(second) = bound.data_plane_listener {
        let service = service.clone();
        tokio::spawn(async move {
            let _ = axum::serve(second, service).await;
        });
    }
    tokio::spawn(async move {
        let _ = axum::serve(bound.listener, service).await;
    });
    Ok((addr, state))
}
