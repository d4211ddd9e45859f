//! Runtime configuration, fetched once from `config.json` next to `index.html`.
//!
//! Endpoints come only from this file (deployed with the site), never from the address bar:
//! a link must not be able to point the console, and the user's token, at another server.
//!
//! `cloud` picks a set of defaults (see [`CloudDefaults`]); any endpoint given explicitly wins.

use aml_api::url::origin;
use serde_json::Value;

pub use aml_api::cloud::{cloud_defaults, CloudDefaults, CLOUDS};

/// `config.json` (shape in docs/CONTRACTS.md), with the cloud's defaults filled in. Read through
/// `serde_json::Value` rather than a derived `Deserialize`: the Value parser is in the bundle
/// anyway, a derive would add to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub cloud: Option<String>,
    pub arm_endpoint: String,
    pub arm_scope: String,
    pub authority_host: String,
    pub tenant: String,
    pub client_id: String,
    pub redirect_uri: Option<String>,
    pub api_version: String,
    /// `dataPlaneEndpoint`: an override of the workspace's own data plane (which the console
    /// otherwise reads from its discovery document, docs/azure-ml-rest.md §Discovery).
    pub data_plane_override: Option<String>,
    /// The cloud's `{region}` template: trusted with the data-plane token (with its domain's
    /// private-link names), and used for a workspace that has no discovery URL.
    pub data_plane_default: Option<String>,
    /// `dataPlaneOrigins`: more data-plane hosts a discovery document may name (private DNS, the
    /// emulator's second host name).
    pub data_plane_origins: Vec<String>,
    /// `dataPlaneProxy`: a path on the console's own origin (e.g. `/api/{region}`) that forwards
    /// to the data plane (README "Running against a real tenant").
    pub data_plane_proxy: Option<String>,
    /// Scope of the data-plane token, used only when the data plane refuses the ARM token.
    pub data_plane_scope: String,
    /// `lroPolling`: `"fast"` (1 s → 10 s between status checks) or `"default"` (5 s → 30 s, what
    /// docs/azure-ml-rest.md §2.4 uses for real ARM). Absent: fast for the emulator, default otherwise. A
    /// `Retry-After` from the service always wins.
    pub lro_polling: Option<String>,
    /// `testHooks: true` (only the emulator/test config sets it) exposes test-only entry points
    /// such as `window.__amlTestPanic()`. Never read from the URL.
    pub test_hooks: bool,
    /// `embedOrigins`: origins (`https://host[:port]`) whose pages may embed the console and
    /// hand it a token by postMessage (see embed.rs). Empty: nobody.
    pub embed_origins: Vec<String>,
    /// `storageOrigins`: blob endpoints outside the cloud's `*.blob.…` domain (Azurite) that may
    /// get the user's storage token (job logs without the data plane); also in the CSP.
    pub storage_origins: Vec<String>,
    /// The cloud's blob endpoint pattern (`https://*.blob.core.windows.net`).
    pub storage_default: Option<String>,
}

impl Config {
    pub fn from_json(text: &str) -> Result<Config, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("config.json is not valid JSON: {e}"))?;
        if !v.is_object() {
            return Err("config.json must be a JSON object".into());
        }
        let opt = |k: &str| -> Result<Option<String>, String> {
            match v.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
                Some(_) => Err(format!("config.json: \"{k}\" must be a string")),
            }
        };
        // Absent `cloud` keeps older configs working: they list every endpoint explicitly, so
        // the public-cloud defaults only fill what they leave out.
        let cloud = opt("cloud")?;
        let name = cloud.as_deref().unwrap_or("AzureCloud");
        if !CLOUDS.contains(&name) {
            return Err(format!("config.json: \"cloud\" must be one of {}, got {name:?}", CLOUDS.join(", ")));
        }
        let d = cloud_defaults(name);
        let pick = |k: &str, default: Option<&'static str>| -> Result<String, String> {
            match (opt(k)?, default) {
                (Some(s), _) => Ok(s),
                (None, Some(s)) => Ok(s.to_string()),
                (None, None) => Err(format!("config.json: \"{k}\" is required when \"cloud\" is {name:?}")),
            }
        };
        let test_hooks = match v.get("testHooks") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err("config.json: \"testHooks\" must be true or false".into()),
        };
        let embed_origins = match v.get("embedOrigins") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(list)) => list
                .iter()
                .map(|o| match o.as_str() {
                    // Serialized like a `MessageEvent.origin` (lower case, no default port), so
                    // the listed origin compares equal to what the browser reports.
                    Some(o) => {
                        check_url("embedOrigins", o).map(|()| origin(o).map(|o| o.to_string()).unwrap_or_default())
                    }
                    None => Err("config.json: \"embedOrigins\" must list strings".to_string()),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err("config.json: \"embedOrigins\" must be a list of origins".into()),
        };
        let origin_list = |k: &str| -> Result<Vec<String>, String> {
            match v.get(k) {
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(Value::Array(list)) => list
                    .iter()
                    .map(|o| match o.as_str() {
                        Some(o) => check_url(k, o).map(|()| origin(o).map(|o| o.to_string()).unwrap_or_default()),
                        None => Err(format!("config.json: \"{k}\" must list strings")),
                    })
                    .collect(),
                Some(_) => Err(format!("config.json: \"{k}\" must be a list of origins")),
            }
        };
        Ok(Config {
            data_plane_origins: origin_list("dataPlaneOrigins")?,
            data_plane_proxy: opt("dataPlaneProxy")?,
            storage_origins: origin_list("storageOrigins")?,
            storage_default: d.as_ref().map(|d| d.blob_origin.to_string()),
            embed_origins,
            arm_endpoint: pick("armEndpoint", d.as_ref().map(|d| d.arm_endpoint))?,
            arm_scope: pick("armScope", d.as_ref().map(|d| d.arm_scope))?,
            authority_host: pick("authorityHost", d.as_ref().map(|d| d.authority_host))?,
            tenant: pick("tenant", None)?,
            client_id: pick("clientId", None)?,
            redirect_uri: opt("redirectUri")?,
            api_version: pick("apiVersion", Some("2025-12-01"))?,
            data_plane_override: opt("dataPlaneEndpoint")?,
            data_plane_default: d.as_ref().map(|d| d.data_plane_endpoint.to_string()),
            data_plane_scope: pick(
                "dataPlaneScope",
                Some(d.as_ref().map(|d| d.data_plane_scope).unwrap_or("https://ml.azure.com/.default")),
            )?,
            lro_polling: opt("lroPolling")?,
            test_hooks,
            cloud,
        })
    }

    pub fn is_emulator(&self) -> bool {
        self.cloud.as_deref() == Some("Emulator")
    }

    /// Polling limits for long-running operations (see `lro_polling`).
    pub fn lro_config(&self) -> aml_api::LroConfig {
        let fast = match self.lro_polling.as_deref() {
            Some(p) => p.eq_ignore_ascii_case("fast"),
            None => self.is_emulator(),
        };
        if fast {
            aml_api::LroConfig::fast()
        } else {
            aml_api::LroConfig::default()
        }
    }

    /// `{authorityHost}/{tenant}` without a doubled slash.
    pub fn authority(&self) -> String {
        format!("{}/{}", self.authority_host.trim_end_matches('/'), self.tenant)
    }

    /// `redirectUri: null` means "this site's root" (origin + the base path it is served under,
    /// e.g. `https://x.web.core.windows.net/console/`), which is what an SPA registration lists.
    pub fn redirect_uri(&self) -> String {
        match &self.redirect_uri {
            Some(u) if !u.is_empty() => u.clone(),
            _ => format!("{}{}", crate::browser::origin(), crate::browser::site_base()),
        }
    }

    /// Checks everything that would otherwise fail later in a confusing way, and refuses
    /// plain-http endpoints except on loopback (where the emulator lives): a bearer token
    /// must never travel unencrypted over a network.
    pub fn validate(&self) -> Result<(), String> {
        check_url("armEndpoint", &self.arm_endpoint)?;
        check_url("authorityHost", &self.authority_host)?;
        if let Some(dp) = &self.data_plane_override {
            check_url("dataPlaneEndpoint", dp)?;
        }
        if let Some(p) = &self.data_plane_proxy {
            check_proxy_path(p)?;
        }
        if let Some(r) = &self.redirect_uri {
            check_url("redirectUri", r)?;
        }
        check_tenant(&self.tenant)?;
        if !is_guid(&self.client_id) {
            return Err(format!(
                "clientId must be the application (client) id of the app registration, a GUID like \
                 5e3c7a5b-2f8e-4d61-9b0a-3c1f6e2d4a90; got {:?}",
                self.client_id
            ));
        }
        for (name, scope) in [("armScope", &self.arm_scope), ("dataPlaneScope", &self.data_plane_scope)] {
            if scope.split_whitespace().count() != 1 || !scope.contains("://") {
                return Err(format!("{name} must be one scope URI such as https://management.azure.com/user_impersonation; got {scope:?}"));
            }
        }
        if self.api_version.trim().is_empty() {
            return Err("apiVersion is empty".into());
        }
        if let Some(p) = &self.lro_polling {
            if !p.eq_ignore_ascii_case("fast") && !p.eq_ignore_ascii_case("default") {
                return Err(format!("lroPolling must be \"fast\" or \"default\"; got {p:?}"));
            }
        }
        Ok(())
    }
}

impl Config {
    /// The data-plane hosts this console sends its token to (`aml_api::dataplane`). `site_origin`
    /// is `location.origin`, for the same-origin proxy.
    pub fn data_plane_trust(&self, site_origin: &str) -> aml_api::dataplane::DataPlaneTrust {
        aml_api::dataplane::DataPlaneTrust {
            templates: self.data_plane_override.iter().chain(&self.data_plane_default).cloned().collect(),
            origins: self.data_plane_origins.clone(),
            proxy: self.data_plane_proxy.as_ref().map(|p| format!("{site_origin}{p}")),
        }
    }

    /// How a workspace's data plane is found (override, proxy, discovery, template).
    pub fn data_plane_settings(&self, site_origin: &str) -> aml_api::dataplane::DataPlaneSettings {
        aml_api::dataplane::DataPlaneSettings {
            endpoint_override: self.data_plane_override.clone(),
            proxy: self.data_plane_proxy.as_ref().map(|p| format!("{site_origin}{p}")),
            default_template: self.data_plane_default.clone(),
        }
    }
}

/// `dataPlaneProxy` is a path below the site's origin with at least one segment before
/// `{region}` (`/api/{region}`), never the site root: the token goes to every path below it.
pub fn check_proxy_path(p: &str) -> Result<(), String> {
    let before = p.split("{region}").next().unwrap_or("");
    let ok = p.starts_with('/')
        && !p.starts_with("//")
        && !before.trim_matches('/').is_empty()
        && !p.contains(['?', '#', '\\', ' '])
        && !p.split('/').any(|s| s == "..");
    if ok {
        Ok(())
    } else {
        Err(format!(
            "dataPlaneProxy must be a path on this site such as /api/{{region}} (not the site root); got {p:?}"
        ))
    }
}

fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Entra accepts a tenant id, `organizations`, `common` or a verified domain. `consumers`
/// (personal Microsoft accounts only) can never get an ARM token, so it is refused here.
pub fn check_tenant(t: &str) -> Result<(), String> {
    let lower = t.to_ascii_lowercase();
    if is_guid(t) || lower == "organizations" || lower == "common" {
        return Ok(());
    }
    if lower == "consumers" {
        return Err("tenant \"consumers\" only signs in personal Microsoft accounts, which cannot use Azure Resource Manager; use your tenant id, \"organizations\" or \"common\"".into());
    }
    let domain = t.contains('.')
        && !t.starts_with('.')
        && !t.ends_with('.')
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if domain {
        Ok(())
    } else {
        Err(format!(
            "tenant must be your directory (tenant) id (a GUID), \"organizations\", \"common\" or a verified domain such as contoso.onmicrosoft.com; got {t:?}"
        ))
    }
}

/// An absolute http(s) URL whose host the token may travel to: https, or plain http on
/// loopback only. Parsed by `aml_api::url::origin` (the one URL parser), which also accepts the
/// `{region}` placeholder of the data-plane endpoint as part of a host.
pub fn check_url(name: &str, url: &str) -> Result<(), String> {
    let Some(o) = origin(url) else {
        return Err(format!("{name} is not an absolute https URL with a valid host: {url:?}"));
    };
    match o.scheme.as_str() {
        "https" => Ok(()),
        _ if is_loopback(&o.host) => Ok(()),
        _ => Err(format!("{name} must use https (plain http is only allowed for 127.0.0.0/8/localhost): {url:?}")),
    }
}

/// `localhost`, `[::1]` or any address of 127.0.0.0/8 (the emulator's data plane answers on a
/// second one, 127.0.0.2).
fn is_loopback(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    matches!(h.as_str(), "localhost" | "[::1]") || h.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// Fetches and validates `config.json`. The relative URL resolves against `<base href>`,
/// so deep links like `/ws/.../computes` still load the root file.
pub async fn load() -> Result<Config, String> {
    let resp = gloo_net::http::Request::get("config.json")
        .send()
        .await
        .map_err(|e| format!("could not fetch config.json: {e}"))?;
    if !resp.ok() {
        return Err(format!("config.json: HTTP {}", resp.status()));
    }
    let text = resp.text().await.map_err(|e| format!("config.json: {e}"))?;
    let cfg = Config::from_json(&text)?;
    cfg.validate()?;
    Ok(cfg)
}

/// The validated config, provided at the root once it has loaded.
pub fn use_config() -> std::sync::Arc<Config> {
    leptos::prelude::use_context::<std::sync::Arc<Config>>().expect("Config is provided at the root")
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
