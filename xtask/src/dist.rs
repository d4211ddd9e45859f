//! `cargo xtask dist [--base /sub/path/] [--config FILE] [--out DIR]`: the deployable folder.
//!
//! The split release build (release_build.rs) goes once into a staging folder; `finalize` then
//! makes the copy that ships: the page template's `{{base}}` (its `<base href>`) and `{{csp}}`
//! (a Content-Security-Policy computed from the chosen config) filled in, and that `config.json`.
//! Every URL in the page is relative to `<base href>`, the wasm reads its base from there at run
//! time, and the lazily loaded chunks are fetched relative to the loader script, so one build
//! serves any base — tests finalize the same build for `/` and `/console/` instead of compiling
//! twice.

use std::path::{Path, PathBuf};

use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};

use aml_api::cloud;

use crate::{paths, release_build, tools};

/// A demo host page that asks for a pasted token: useful in `xtask dev`, not on a real site.
const DEV_ONLY_FILES: &[&str] = &["embed-example.html"];

pub fn run(args: &[String]) -> Result<(), String> {
    let mut base = "/".to_string();
    let mut config = paths::root().join("public").join("config.json");
    let mut out = paths::root().join("dist");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--base" => base = it.next().ok_or("--base needs a path")?.clone(),
            "--config" => config = PathBuf::from(it.next().ok_or("--config needs a file")?),
            "--out" => out = PathBuf::from(it.next().ok_or("--out needs a folder")?),
            other => return Err(format!("dist: unknown argument '{other}'")),
        }
    }
    let config = std::fs::read_to_string(&config).map_err(|e| format!("{}: {e}", config.display()))?;
    tools::ensure_all()?;
    let stage = paths::target_dir().join("xtask").join("stage-dist");
    release_build::build(&stage)?;
    finalize(&stage, &out, &base, &config)?;
    println!("dist ready: {} (base {}, CSP in index.html)", out.display(), normalize_base(&base)?);
    Ok(())
}

/// `sub/path` → `/sub/path/`; rejects anything that could break out of an HTML attribute.
pub fn normalize_base(base: &str) -> Result<String, String> {
    let trimmed = base.trim_matches('/');
    if !trimmed.chars().all(|c| c.is_ascii_alphanumeric() || "-_./~".contains(c)) || trimmed.contains("..") {
        return Err(format!("--base {base:?}: use letters, digits and - _ . ~ / only"));
    }
    Ok(if trimmed.is_empty() { "/".into() } else { format!("/{trimmed}/") })
}

/// Copies the staged build to `out` for `base` and `config_json`, adding the CSP.
pub fn finalize(stage: &Path, out: &Path, base: &str, config_json: &str) -> Result<(), String> {
    let base = normalize_base(base)?;
    let cfg: Value = serde_json::from_str(config_json).map_err(|e| format!("config: {e}"))?;
    connect_sources(&cfg)?; // validates the config before anything is written
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(stage).map_err(|e| format!("{}: {e}", stage.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.file_type().map_err(|e| e.to_string())?.is_dir() || DEV_ONLY_FILES.contains(&name.as_str()) {
            continue;
        }
        std::fs::copy(entry.path(), out.join(&name)).map_err(|e| format!("{name}: {e}"))?;
    }
    std::fs::write(out.join("config.json"), config_json).map_err(|e| e.to_string())?;
    let html = std::fs::read_to_string(stage.join("index.html")).map_err(|e| format!("index.html: {e}"))?;
    // Every asset URL is relative: `<base href>` alone moves the site under `base`.
    let html = release_build::fill(&html, &[("base", &base)])?;
    let policy = csp_with_hashes(&cfg, &inline_script_hashes(&html))?;
    let html = release_build::fill(&html, &[("csp", &policy)])?;
    if html.contains("{{") {
        return Err("index.html: a placeholder of the page template was not filled".into());
    }
    std::fs::write(out.join("index.html"), html).map_err(|e| e.to_string())
}

/// sha256 of every inline `<script>` (the wasm start-up script): the CSP allows exactly these.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(gt) = after.find('>') else { break };
        let tag = &after[..gt];
        let body_and_rest = &after[gt + 1..];
        let Some(end) = body_and_rest.find("</script>") else { break };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body_and_rest.as_bytes()[..end]);
            out.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &body_and_rest[end..];
    }
    out
}

fn csp(cfg: &Value, script_hashes: &str) -> Result<String, String> {
    let connect = connect_sources(cfg)?.join(" ");
    Ok(format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{script_hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self' {connect}; object-src 'none'; base-uri 'self'; \
         form-action 'self'"
    ))
}

fn csp_with_hashes(cfg: &Value, hashes: &[String]) -> Result<String, String> {
    let h: String = hashes.iter().map(|h| format!(" {h}")).collect();
    csp(cfg, &h)
}

/// Everything the console fetches: ARM, the authority's token endpoint, the data plane
/// (`{region}` → `*`), and the storage accounts SAS URLs point at — `storageOrigins` from the
/// config when given (private endpoints, Azurite), else the blob endpoints of the cloud. An
/// endpoint the config leaves out is the cloud's default, exactly as the console fills it in
/// (`aml_api::cloud`, shared), so the CSP allows what the console will really call.
pub fn connect_sources(cfg: &Value) -> Result<Vec<String>, String> {
    let s = |k: &str| cfg.get(k).and_then(Value::as_str).map(str::trim).filter(|v| !v.is_empty());
    let cloud = s("cloud").unwrap_or("AzureCloud");
    if !cloud::CLOUDS.contains(&cloud) {
        return Err(format!("config: \"cloud\" must be one of {}, got {cloud:?}", cloud::CLOUDS.join(", ")));
    }
    let defaults = cloud::cloud_defaults(cloud);
    let mut out: Vec<String> = Vec::new();
    let mut add = |o: String| {
        if !out.contains(&o) {
            out.push(o);
        }
    };
    // Behind a same-origin proxy (`dataPlaneProxy`) the console calls no data-plane host at all:
    // `'self'` covers it, and the CSP names none.
    let proxied = s("dataPlaneProxy").is_some();
    let keys: &[&str] = if proxied {
        &["armEndpoint", "authorityHost"]
    } else {
        &["armEndpoint", "authorityHost", "dataPlaneEndpoint"]
    };
    for &key in keys {
        let default = defaults.as_ref().map(|d| match key {
            "armEndpoint" => d.arm_endpoint,
            "authorityHost" => d.authority_host,
            _ => d.data_plane_endpoint,
        });
        match s(key).or(default) {
            Some(url) => {
                add(origin_of(&url.replace("{region}", "*"))
                    .ok_or(format!("config {key}: not an absolute URL: {url}"))?)
            }
            None if key == "dataPlaneEndpoint" => {}
            None => return Err(format!("config: \"{key}\" is required when \"cloud\" is {cloud:?}")),
        }
    }
    // Data-plane hosts a discovery document may name beyond the cloud's domain (private DNS,
    // the emulator's second host name); the console trusts the same list with its token.
    if let (false, Some(list)) = (proxied, cfg.get("dataPlaneOrigins").and_then(Value::as_array)) {
        for o in list {
            let o = o.as_str().ok_or("config dataPlaneOrigins: strings only")?;
            add(origin_of(o).ok_or(format!("config dataPlaneOrigins: not an origin: {o}"))?);
        }
    }
    match cfg.get("storageOrigins").and_then(Value::as_array) {
        Some(list) => {
            for o in list {
                let o = o.as_str().ok_or("config storageOrigins: strings only")?;
                add(origin_of(o).ok_or(format!("config storageOrigins: not an origin: {o}"))?);
            }
        }
        None => match defaults {
            Some(d) => add(d.blob_origin.to_string()),
            None => return Err(format!("config: list \"storageOrigins\" when \"cloud\" is {cloud:?}")),
        },
    }
    Ok(out)
}

/// `scheme://host[:port]` of a URL; `None` if it has no scheme or host. Rejects characters that
/// would end the CSP directive or the attribute.
fn origin_of(url: &str) -> Option<String> {
    let o = aml_api::url::origin(url)?;
    let ok = o.host.chars().all(|c| c.is_ascii_alphanumeric() || "-.:*[]".contains(c));
    ok.then(|| o.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_is_normalized() {
        assert_eq!(normalize_base("/").unwrap(), "/");
        assert_eq!(normalize_base("console").unwrap(), "/console/");
        assert_eq!(normalize_base("/a/b/").unwrap(), "/a/b/");
        assert!(normalize_base("/a\"b/").is_err());
        assert!(normalize_base("/../x/").is_err());
    }

    #[test]
    fn data_plane_origins_are_allowed_and_a_proxy_needs_none() {
        let cfg: Value = serde_json::from_str(
            r#"{"cloud":"Emulator","dataPlaneOrigins":["http://127.0.0.2:7070"],"storageOrigins":["http://127.0.0.1:10000"]}"#,
        )
        .unwrap();
        assert_eq!(
            connect_sources(&cfg).unwrap(),
            ["http://127.0.0.1:7070", "http://127.0.0.2:7070", "http://127.0.0.1:10000"]
        );
        let proxied: Value = serde_json::from_str(
            r#"{"cloud":"AzureCloud","dataPlaneProxy":"/api/{region}","dataPlaneOrigins":["https://x.example"]}"#,
        )
        .unwrap();
        let src = connect_sources(&proxied).unwrap();
        assert_eq!(
            src,
            ["https://management.azure.com", "https://login.microsoftonline.com", "https://*.blob.core.windows.net"]
        );
        let bad: Value = serde_json::from_str(r#"{"cloud":"AzureCloud","dataPlaneOrigins":["nope"]}"#).unwrap();
        assert!(connect_sources(&bad).unwrap_err().contains("dataPlaneOrigins"));
    }

    #[test]
    fn connect_src_per_cloud() {
        let cfg: Value = serde_json::from_str(
            r#"{"cloud":"AzureCloud","armEndpoint":"https://management.azure.com","authorityHost":"https://login.microsoftonline.com/","dataPlaneEndpoint":"https://{region}.api.azureml.ms"}"#,
        )
        .unwrap();
        assert_eq!(
            connect_sources(&cfg).unwrap(),
            [
                "https://management.azure.com",
                "https://login.microsoftonline.com",
                "https://*.api.azureml.ms",
                "https://*.blob.core.windows.net"
            ]
        );
        let emu: Value = serde_json::from_str(
            r#"{"cloud":"Emulator","armEndpoint":"http://127.0.0.1:7070","authorityHost":"http://127.0.0.1:7070","storageOrigins":["http://127.0.0.1:20000/devstoreaccount1"]}"#,
        )
        .unwrap();
        assert_eq!(connect_sources(&emu).unwrap(), ["http://127.0.0.1:7070", "http://127.0.0.1:20000"]);
        // Endpoints a config leaves out are the cloud's defaults, as the console fills them in.
        let china: Value = serde_json::from_str(r#"{"cloud":"AzureChinaCloud","tenant":"t","clientId":"c"}"#).unwrap();
        assert_eq!(
            connect_sources(&china).unwrap(),
            [
                "https://management.chinacloudapi.cn",
                "https://login.chinacloudapi.cn",
                "https://*.api.ml.azure.cn",
                "https://*.blob.core.chinacloudapi.cn"
            ]
        );
        let no_cloud: Value = serde_json::from_str(r#"{"tenant":"t","clientId":"c"}"#).unwrap();
        assert_eq!(connect_sources(&no_cloud).unwrap()[0], "https://management.azure.com");
        let custom: Value =
            serde_json::from_str(r#"{"cloud":"Custom","authorityHost":"https://login.example"}"#).unwrap();
        assert!(connect_sources(&custom).unwrap_err().contains("armEndpoint"));
        let custom: Value = serde_json::from_str(
            r#"{"cloud":"Custom","armEndpoint":"https://arm.example","authorityHost":"https://login.example"}"#,
        )
        .unwrap();
        assert!(connect_sources(&custom).unwrap_err().contains("storageOrigins"));
        let typo: Value = serde_json::from_str(r#"{"cloud":"azurecloud"}"#).unwrap();
        assert!(connect_sources(&typo).unwrap_err().contains("must be one of"));
    }

    #[test]
    fn finalize_fills_base_and_a_csp_with_the_loader_s_hash() {
        let tmp = std::env::temp_dir().join(format!("xtask-dist-{}", std::process::id()));
        let (stage, out) = (tmp.join("stage"), tmp.join("out"));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&stage).unwrap();
        let page = release_build::fill(
            release_build::TEMPLATE,
            &[("glue", "a-1.js"), ("wasm", "a-1_bg.wasm"), ("loader", "a-1-loader.js"), ("stylesheet", "s-2.css")],
        )
        .unwrap();
        std::fs::write(stage.join("index.html"), &page).unwrap();
        for f in ["a-1.js", "embed-example.html"] {
            std::fs::write(stage.join(f), "x").unwrap();
        }
        let cfg = r#"{"cloud":"Emulator","armEndpoint":"http://127.0.0.1:7070","authorityHost":"http://127.0.0.1:7070","storageOrigins":["http://127.0.0.1:10000"]}"#;
        finalize(&stage, &out, "console", cfg).unwrap();
        let html = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert!(html.contains("<base href=\"/console/\">"));
        // Nothing but the base changed: the asset URLs are the relative ones of the template.
        assert_eq!(html.matches("/console/").count(), 1);
        assert!(html.contains("import init from './a-1.js'"));
        let script = html.split("<script type=\"module\">").nth(1).unwrap().split("</script>").next().unwrap();
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
        let csp = html.split("Content-Security-Policy\" content=\"").nth(1).unwrap().split('"').next().unwrap();
        assert!(csp.contains(&format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}';")), "{csp}");
        assert!(csp.contains("connect-src 'self' http://127.0.0.1:7070 http://127.0.0.1:10000;"), "{csp}");
        assert!(!csp.contains("'unsafe-inline'") && !csp.contains(" 'unsafe-eval'"));
        // The policy governs what follows it: right after the charset, before any script.
        assert!(html.find("Content-Security-Policy").unwrap() < html.find("<script").unwrap());
        assert!(
            html.starts_with("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv")
        );
        assert!(out.join("a-1.js").is_file() && !out.join("embed-example.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("config.json")).unwrap(), cfg);
        assert!(finalize(&stage, &out, "/a\"b/", cfg).is_err());
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
