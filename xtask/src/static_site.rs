//! `cargo xtask serve [--static-website] DIR PORT [--base /sub/]`: a server that behaves like an
//! Azure Storage static website, so tests see what a real deployment sees. DIR is what was
//! uploaded to `$web/<base>`. Rules, and nothing more (storage can't rewrite URLs):
//! - a file → the file, 200;
//! - a folder path (`/`, `/console/`, `/console`) → its `index.html`, 200;
//! - anything else (also paths outside the base) → the error document `<base>index.html`, **404**.
//!
//! Files come from tower-http's `ServeDir` (path checks, percent-decoding, content types, HEAD,
//! ranges); this module only maps the base path and adds `Cache-Control: no-store`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_status::SetStatus;

pub fn run_cli(args: &[String]) -> Result<(), String> {
    let args = match args.first().map(String::as_str) {
        Some("--static-website") => &args[1..],
        _ => args,
    };
    let dir = args.first().ok_or("serve: DIR missing")?;
    let port: u16 = args.get(1).ok_or("serve: PORT missing")?.parse().map_err(|_| "serve: bad PORT")?;
    let base = match args.get(2).map(String::as_str) {
        Some("--base") => args.get(3).ok_or("--base needs a path")?.clone(),
        Some(other) => return Err(format!("serve: unknown argument '{other}'")),
        None => "/".into(),
    };
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(serve(PathBuf::from(dir), port, base))
}

pub async fn serve(dir: PathBuf, port: u16, base: String) -> Result<(), String> {
    let app = router(dir.clone(), &base)?;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("bind {addr}: {e}"))?;
    let base = crate::dist::normalize_base(&base)?;
    println!("static website: {} at http://{addr}{base} (error document {base}index.html, 404)", dir.display());
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

struct Site {
    dir: PathBuf,
    base: String,
    files: ServeDir<SetStatus<ServeFile>>,
}

pub fn router(dir: PathBuf, base: &str) -> Result<Router, String> {
    let base = crate::dist::normalize_base(base)?;
    let files = ServeDir::new(&dir).not_found_service(ServeFile::new(dir.join("index.html")));
    let site = Arc::new(Site { dir, base, files });
    Ok(Router::new().fallback(respond).with_state(site).layer(axum::middleware::map_response(no_store)))
}

async fn respond(State(site): State<Arc<Site>>, mut req: Request) -> Response {
    let Some(mut inner) = below_base(&site.base, req.uri().path()) else {
        // Outside the uploaded folder: storage answers with its error document.
        let error_document = SetStatus::new(ServeFile::new(site.dir.join("index.html")), StatusCode::NOT_FOUND);
        return error_document.oneshot(req).await.into_response();
    };
    // A folder without the trailing slash is served like one with it (ServeDir would redirect,
    // to a location without the base, since it only sees the path below it).
    if !inner.ends_with('/') && is_folder(&site.dir, &inner).await {
        inner.push('/');
    }
    let path_and_query = match req.uri().query() {
        Some(q) => format!("{inner}?{q}"),
        None => inner,
    };
    match Uri::builder().path_and_query(path_and_query).build() {
        Ok(uri) => *req.uri_mut() = uri,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    }
    site.files.clone().oneshot(req).await.map(|r| r.map(Body::new)).into_response()
}

/// The request path as seen from inside the uploaded folder (`/console/a.js` → `/a.js` under
/// base `/console/`; the base itself with or without its slash → `/`); None outside it.
fn below_base(base: &str, path: &str) -> Option<String> {
    if path == base.trim_end_matches('/') {
        return Some("/".into());
    }
    path.strip_prefix(base.trim_end_matches('/')).filter(|rest| rest.starts_with('/')).map(str::to_string)
}

async fn is_folder(dir: &Path, inner: &str) -> bool {
    let Ok(rel) = percent_encoding::percent_decode_str(inner.trim_start_matches('/')).decode_utf8() else {
        return false;
    };
    let rel = Path::new(rel.as_ref());
    rel.components().all(|c| matches!(c, std::path::Component::Normal(_)))
        && tokio::fs::metadata(dir.join(rel)).await.is_ok_and(|m| m.is_dir())
}

/// Tests rebuild between runs; never let the browser keep an old bundle or config.
async fn no_store(mut res: Response) -> Response {
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_the_base() {
        assert_eq!(below_base("/", "/a.js").as_deref(), Some("/a.js"));
        assert_eq!(below_base("/", "/").as_deref(), Some("/"));
        assert_eq!(below_base("/console/", "/console").as_deref(), Some("/"));
        assert_eq!(below_base("/console/", "/console/").as_deref(), Some("/"));
        assert_eq!(below_base("/console/", "/console/ws/x").as_deref(), Some("/ws/x"));
        assert_eq!(below_base("/console/", "/consolex/a.js"), None);
        assert_eq!(below_base("/console/", "/a.js"), None);
    }

    /// A folder like an upload: index.html, a script, a sub-folder with its own index, and a
    /// secret beside the folder that must stay out of reach.
    fn site(name: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("xtask-static-site-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let dir = root.join("site");
        std::fs::create_dir_all(dir.join("docs")).unwrap();
        std::fs::write(dir.join("index.html"), "<p>app</p>").unwrap();
        std::fs::write(dir.join("app 1.js"), "export {}").unwrap();
        std::fs::write(dir.join("docs").join("index.html"), "<p>docs</p>").unwrap();
        std::fs::write(root.join("secret.txt"), "secret").unwrap();
        dir
    }

    async fn get(app: &Router, path: &str) -> (StatusCode, String, String) {
        let req = axum::http::Request::builder().uri(path).body(Body::empty()).unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let ct = res.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
        (status, ct, String::from_utf8_lossy(&bytes).into_owned())
    }

    #[tokio::test]
    async fn storage_website_rules_at_root() {
        let app = router(site("root"), "/").unwrap();
        let (s, ct, body) = get(&app, "/app%201.js").await;
        assert_eq!((s, body.as_str()), (StatusCode::OK, "export {}"));
        assert!(ct.contains("javascript"), "{ct}");
        assert_eq!(get(&app, "/").await.2, "<p>app</p>");
        assert_eq!(get(&app, "/").await.0, StatusCode::OK);
        assert_eq!(get(&app, "/docs").await, (StatusCode::OK, "text/html".into(), "<p>docs</p>".into()));
        assert_eq!(get(&app, "/docs/").await.2, "<p>docs</p>");
        // Deep links and anything missing: the error document, 404.
        let (s, _, body) = get(&app, "/ws/a/b/c/computes?x=1").await;
        assert_eq!((s, body.as_str()), (StatusCode::NOT_FOUND, "<p>app</p>"));
        for escape in ["/../secret.txt", "/%2e%2e/secret.txt", "/docs/..%2F..%2Fsecret.txt"] {
            let (s, _, body) = get(&app, escape).await;
            assert_eq!((s, body.as_str()), (StatusCode::NOT_FOUND, "<p>app</p>"), "{escape}");
        }
    }

    #[tokio::test]
    async fn storage_website_rules_under_a_sub_path() {
        let app = router(site("sub"), "/console/").unwrap();
        assert_eq!(get(&app, "/console/app%201.js").await.0, StatusCode::OK);
        assert_eq!(get(&app, "/console").await, (StatusCode::OK, "text/html".into(), "<p>app</p>".into()));
        assert_eq!(get(&app, "/console/docs").await.2, "<p>docs</p>");
        assert_eq!(get(&app, "/console/ws/x").await.0, StatusCode::NOT_FOUND);
        // Outside the base: the error document too (storage has one per account).
        let (s, _, body) = get(&app, "/app%201.js").await;
        assert_eq!((s, body.as_str()), (StatusCode::NOT_FOUND, "<p>app</p>"));
        let req = axum::http::Request::builder().method("POST").uri("/console/").body(Body::empty()).unwrap();
        assert_eq!(app.clone().oneshot(req).await.unwrap().status(), StatusCode::METHOD_NOT_ALLOWED);
    }
}
