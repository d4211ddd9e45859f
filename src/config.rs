//! Runtime configuration, fetched once from `config.json` next to `index.html`.
//!
//! Endpoints come only from this file (deployed with the site), never from the address bar:
//! a link must not be able to point the console, and the user's token, at another server.

use serde_json::Value;

/// `config.json` (shape in docs/CONTRACTS.md). Read through `serde_json::Value` rather than a
/// derived `Deserialize`: the Value parser is in the bundle anyway, a derive would add to it.
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
    pub data_plane_endpoint: Option<String>,
    /// `lroPolling`: `"fast"` (1 s → 10 s between status checks) or `"default"` (5 s → 30 s, what
    /// NOTES.md suggests for real ARM). Absent: fast for the emulator, default otherwise. A
    /// `Retry-After` from the service always wins.
    pub lro_polling: Option<String>,
}

impl Config {
    pub fn from_json(text: &str) -> Result<Config, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("config.json is not valid JSON: {e}"))?;
        let opt = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let req = |k: &str| opt(k).ok_or_else(|| format!("config.json: \"{k}\" is missing or not a string"));
        Ok(Config {
            cloud: opt("cloud"),
            arm_endpoint: req("armEndpoint")?,
            arm_scope: req("armScope")?,
            authority_host: req("authorityHost")?,
            tenant: req("tenant")?,
            client_id: req("clientId")?,
            redirect_uri: opt("redirectUri"),
            api_version: req("apiVersion")?,
            data_plane_endpoint: opt("dataPlaneEndpoint"),
            lro_polling: opt("lroPolling"),
        })
    }

    /// Polling limits for long-running operations (see `lro_polling`).
    pub fn lro_config(&self) -> aml_api::LroConfig {
        let fast = match self.lro_polling.as_deref() {
            Some(p) => p.eq_ignore_ascii_case("fast"),
            None => self.cloud.as_deref() == Some("Emulator"),
        };
        if fast { aml_api::LroConfig::fast() } else { aml_api::LroConfig::default() }
    }

    /// `{authorityHost}/{tenant}` without a doubled slash.
    pub fn authority(&self) -> String {
        format!("{}/{}", self.authority_host.trim_end_matches('/'), self.tenant)
    }

    /// `redirectUri: null` means "this site's root", which is what an SPA registration lists.
    pub fn redirect_uri(&self) -> String {
        match &self.redirect_uri {
            Some(u) if !u.is_empty() => u.clone(),
            _ => format!("{}/", crate::browser::origin()),
        }
    }

    /// Checks everything that would otherwise fail later in a confusing way, and refuses
    /// plain-http endpoints except on loopback (where the emulator lives): a bearer token
    /// must never travel unencrypted over a network.
    pub fn validate(&self) -> Result<(), String> {
        check_url("armEndpoint", &self.arm_endpoint)?;
        check_url("authorityHost", &self.authority_host)?;
        if let Some(dp) = &self.data_plane_endpoint {
            check_url("dataPlaneEndpoint", dp)?;
        }
        if let Some(r) = &self.redirect_uri {
            if !r.is_empty() {
                check_url("redirectUri", r)?;
            }
        }
        for (name, v) in [("tenant", &self.tenant), ("clientId", &self.client_id)] {
            let ok = !v.is_empty()
                && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            if !ok {
                return Err(format!("{name} must be a non-empty id or domain, got {v:?}"));
            }
        }
        if self.arm_scope.trim().is_empty() {
            return Err("armScope is empty".into());
        }
        if self.api_version.trim().is_empty() {
            return Err("apiVersion is empty".into());
        }
        Ok(())
    }
}

/// Scheme + host check done by hand: `{region}` placeholders aren't valid hosts for `new URL()`.
pub fn check_url(name: &str, url: &str) -> Result<(), String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(format!("{name} is not an absolute URL: {url:?}"));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return Err(format!("{name} has no valid host: {url:?}"));
    }
    let host = if authority.starts_with('[') {
        authority.split(']').next().map(|h| format!("{h}]")).unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or("").to_string()
    };
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(()),
        "http" if is_loopback(&host) => Ok(()),
        "http" => Err(format!("{name} must use https (plain http is only allowed for 127.0.0.1/localhost): {url:?}")),
        _ => Err(format!("{name} must be an https URL: {url:?}")),
    }
}

fn is_loopback(host: &str) -> bool {
    matches!(host.to_ascii_lowercase().as_str(), "127.0.0.1" | "localhost" | "[::1]")
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

#[cfg(test)]
mod tests {
    use super::check_url;

    #[test]
    fn https_required_off_loopback() {
        assert!(check_url("x", "https://management.azure.com").is_ok());
        assert!(check_url("x", "https://{region}.api.azureml.ms").is_ok());
        assert!(check_url("x", "http://127.0.0.1:7070").is_ok());
        assert!(check_url("x", "http://localhost:7070/").is_ok());
        assert!(check_url("x", "http://example.com").is_err());
        assert!(check_url("x", "http://127.0.0.1.evil.com").is_err());
        assert!(check_url("x", "http://user@127.0.0.1").is_err());
        assert!(check_url("x", "javascript:alert(1)").is_err());
    }
}

/// The validated config, provided at the root once it has loaded.
pub fn use_config() -> std::sync::Arc<Config> {
    leptos::prelude::use_context::<std::sync::Arc<Config>>().expect("Config is provided at the root")
}
