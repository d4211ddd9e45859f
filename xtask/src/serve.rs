//! A static file server standing in for a static web host: files from a folder, index.html for
//! paths that are not files (so deep links load the app), and optionally a config.json from
//! elsewhere — the way a deployment swaps config.json without rebuilding.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

pub fn run_cli(args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) == Some("--static-website") {
        return static_website_cli(&args[1..]);
    }
    let dir = args.first().ok_or("serve: DIR missing")?;
    let port: u16 = args.get(1).ok_or("serve: PORT missing")?.parse().map_err(|_| "serve: bad PORT")?;
    let mut config = None;
    if args.get(2).map(String::as_str) == Some("--config") {
        config = Some(PathBuf::from(args.get(3).ok_or("--config needs a file")?));
    }
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(serve(PathBuf::from(dir), port, config))
}

/// `--static-website DIR PORT [--base /sub/]` (see static_site.rs).
fn static_website_cli(args: &[String]) -> Result<(), String> {
    let dir = args.first().ok_or("serve --static-website: DIR missing")?;
    let port: u16 = args.get(1).ok_or("serve: PORT missing")?.parse().map_err(|_| "serve: bad PORT")?;
    let base = match args.get(2).map(String::as_str) {
        Some("--base") => args.get(3).ok_or("--base needs a path")?.clone(),
        Some(other) => return Err(format!("serve: unknown argument '{other}'")),
        None => "/".into(),
    };
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(crate::static_site::serve(PathBuf::from(dir), port, base))
}

pub async fn serve(dir: PathBuf, port: u16, config: Option<PathBuf>) -> Result<(), String> {
    let app = router(&dir, config);
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("bind {addr}: {e}"))?;
    println!("serving {} on http://{addr}/", dir.display());
    axum::serve(listener, app).await.map_err(|e| e.to_string())
}

fn router(dir: &Path, config: Option<PathBuf>) -> Router {
    let files = ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")));
    let mut app = Router::new();
    if let Some(cfg) = config {
        app = app.route(
            "/config.json",
            get(move || {
                let cfg = cfg.clone();
                async move {
                    match tokio::fs::read(&cfg).await {
                        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
                        Err(_) => axum::http::StatusCode::NOT_FOUND.into_response(),
                    }
                }
            }),
        );
    }
    app.fallback_service(files).layer(axum::middleware::map_response(no_store))
}

/// Tests rebuild dist/ between runs; never let the browser keep an old bundle or config.
async fn no_store(mut res: axum::response::Response) -> axum::response::Response {
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
