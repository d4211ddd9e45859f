//! `cargo xtask serve --static-website DIR PORT [--base /sub/]`: behaves like an Azure Storage
//! static website, so tests see what a real deployment sees. DIR is what was uploaded to
//! `$web/<base>`. Rules, and nothing more (storage can't rewrite URLs):
//! - a file → the file, 200;
//! - a folder path (`/`, `/console/`, `/console`) → its `index.html` if present, 200;
//! - anything else → the error document `<base>index.html` with status **404**.

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};

pub async fn serve(dir: PathBuf, port: u16, base: String) -> Result<(), String> {
    let base = crate::dist::normalize_base(&base)?;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("bind {addr}: {e}"))?;
    println!("static website: {} at http://{addr}{base} (error document {base}index.html, 404)", dir.display());
    let site = Arc::new((dir, base));
    let app = axum::Router::new().fallback(move |req: Request<Body>| {
        let site = site.clone();
        async move { respond(&site.0, &site.1, req).await }
    });
    axum::serve(listener, app).await.map_err(|e| e.to_string())
}

/// Runs the server on its own thread (tests and the stack start several side by side).
pub fn spawn_static_website(dir: PathBuf, port: u16, base: &str) -> Result<(), String> {
    let base = base.to_string();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
        if let Err(e) = rt.block_on(serve(dir, port, base)) {
            eprintln!("static website on {port}: {e}");
        }
    });
    let start = std::time::Instant::now();
    while crate::proc::http_status(port, "/").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(10) {
            return Err(format!("static website on port {port} did not start"));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Ok(())
}

async fn respond(dir: &Path, base: &str, req: Request<Body>) -> Response<Body> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    }
    let path = req.uri().path();
    let rel = if path == base.trim_end_matches('/') { Some("") } else { path.strip_prefix(base) };
    let file = rel.and_then(|r| resolve(dir, r));
    let found = match file {
        Some(p) if p.is_dir() => Some(p.join("index.html")).filter(|i| i.is_file()),
        Some(p) if p.is_file() => Some(p),
        _ => None,
    };
    match found {
        Some(p) => file_response(&p, StatusCode::OK).await,
        None => match tokio::fs::metadata(dir.join("index.html")).await {
            Ok(_) => file_response(&dir.join("index.html"), StatusCode::NOT_FOUND).await,
            Err(_) => plain(StatusCode::NOT_FOUND, "The requested content does not exist."),
        },
    }
}

/// Maps a URL path below the base to a path inside `dir`; `None` for anything that would
/// leave it (`..`, absolute parts) or isn't valid percent-encoding.
fn resolve(dir: &Path, rel: &str) -> Option<PathBuf> {
    let decoded = aml_api::url::percent_decode(rel)?;
    let p = Path::new(&decoded);
    if p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(dir.join(p))
}

async fn file_response(p: &Path, status: StatusCode) -> Response<Body> {
    let Ok(bytes) = tokio::fs::read(p).await else { return plain(StatusCode::NOT_FOUND, "not found") };
    let mut res = Response::new(Body::from(bytes));
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(p)));
    // Tests rebuild between runs; never let the browser keep an old bundle or config.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn plain(status: StatusCode, msg: &'static str) -> Response<Body> {
    let mut res = Response::new(Body::from(msg));
    *res.status_mut() = status;
    res
}

/// The content types storage gets from `az storage blob upload-batch` (it guesses by extension).
fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        let d = Path::new("/srv");
        assert_eq!(resolve(d, "a/b.js"), Some(PathBuf::from("/srv/a/b.js")));
        assert_eq!(resolve(d, "a%2Fb"), Some(PathBuf::from("/srv/a/b")));
        assert_eq!(resolve(d, "../etc/passwd"), None);
        assert_eq!(resolve(d, "a/%2e%2e/%2e%2e/x"), None);
        assert_eq!(resolve(d, "%zz"), None);
    }
}
