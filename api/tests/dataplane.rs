//! A workspace's data plane: the route from config + workspace, the discovery document, and which
//! hosts get the data-plane token.

use aml_api::dataplane::{blocked, from_discovery, plan, DataPlaneSettings, DataPlaneTrust, Route, DISCOVERY_KEYS};
use aml_api::jobs::DataPlane;

fn public_cloud() -> DataPlaneTrust {
    DataPlaneTrust { templates: vec!["https://{region}.api.azureml.ms".into()], ..Default::default() }
}

#[test]
fn the_cloud_template_covers_regional_and_private_link_hosts_only() {
    let t = public_cloud();
    assert!(t.trusts("https://eastus.api.azureml.ms/history/v1.0/x"));
    assert!(t.trusts("https://0b1f6471-1bf0.workspace.eastus.api.azureml.ms/mlflow/v1.0/x"));
    for bad in [
        "http://eastus.api.azureml.ms/x",              // plain http
        "https://eastus.api.azureml.ms:8443/x",        // another port
        "https://api.azureml.ms/x",                    // no region label
        "https://eastus.api.azureml.ms.evil.example/", // suffix trick
        "https://evil.example/eastus.api.azureml.ms",  // host in the path
        "https://eastus_api.azureml.ms/",
        "https://management.azure.com/subscriptions",
        "not a url",
    ] {
        assert!(!t.trusts(bad), "{bad}");
    }
}

#[test]
fn templates_without_region_listed_origins_and_the_proxy_are_exact() {
    let t = DataPlaneTrust {
        templates: vec!["http://127.0.0.1:7070".into()],
        origins: vec!["http://127.0.0.2:7070".into()],
        proxy: Some("https://console.contoso.com/api/{region}".into()),
    };
    assert!(t.trusts("http://127.0.0.1:7070/history/v1.0/x"));
    assert!(t.trusts("http://127.0.0.2:7070/history/v1.0/x"));
    assert!(!t.trusts("http://127.0.0.2:7071/history"));
    assert!(!t.trusts("http://127.0.0.3:7070/history"));
    assert!(t.trusts("https://console.contoso.com/api/eastus/history/v1.0/x"));
    assert!(!t.trusts("https://console.contoso.com/config.json"), "only below the proxy path");
    assert!(!t.trusts("https://other.contoso.com/api/eastus/history"));
    // A proxy at the site root would hand the token to every path of the site: never trusted.
    let root = DataPlaneTrust { proxy: Some("https://console.contoso.com/{region}".into()), ..Default::default() };
    assert!(!root.trusts("https://console.contoso.com/eastus/history"));
}

#[test]
fn the_route_prefers_proxy_then_override_then_discovery_then_template() {
    let mut s = DataPlaneSettings {
        endpoint_override: Some("http://127.0.0.1:7070".into()),
        proxy: Some("https://c.contoso.com/api/{region}".into()),
        default_template: Some("https://{region}.api.azureml.ms".into()),
    };
    let disc_url = "https://eastus.api.azureml.ms/discovery";
    let disc = Some(disc_url);
    let ready = |base: &str| Ok(Route::Ready(DataPlane::from_base(base)));
    assert_eq!(plan(&s, "East US", disc), ready("https://c.contoso.com/api/eastus"));
    s.proxy = None;
    assert_eq!(plan(&s, "eastus", disc), ready("http://127.0.0.1:7070"));
    s.endpoint_override = None;
    assert_eq!(plan(&s, "eastus", disc), Ok(Route::Discover(disc_url.into())));
    assert_eq!(plan(&s, "West Europe", None), ready("https://westeurope.api.azureml.ms"));
    assert_eq!(plan(&s, "westeurope", Some("  ")), ready("https://westeurope.api.azureml.ms"));
    assert!(plan(&s, "eastus", Some("/relative")).unwrap_err().contains("not an absolute"));
    s.default_template = None;
    assert!(plan(&s, "eastus", None).unwrap_err().contains("no discoveryUrl"));
}

#[test]
fn a_discovery_document_names_the_api_base() {
    let url = "https://eastus.api.azureml.ms/discovery";
    // Every key azure-ai-ml knows; only `api` is used.
    let mut doc = serde_json::Map::new();
    for k in DISCOVERY_KEYS {
        doc.insert(k.into(), format!("https://{k}.example").into());
    }
    doc.insert("api".into(), "https://a1b2.workspace.eastus.api.azureml.ms/".into());
    let body = serde_json::Value::Object(doc).to_string();
    let dp = from_discovery(&body, url, &public_cloud()).unwrap();
    assert_eq!(dp.base(), "https://a1b2.workspace.eastus.api.azureml.ms");

    // Keys compare case-insensitively (the SDK's enum is case-insensitive too).
    let dp = from_discovery(r#"{"API": "https://eastus.api.azureml.ms"}"#, url, &public_cloud()).unwrap();
    assert_eq!(dp.base(), "https://eastus.api.azureml.ms");

    let err = from_discovery(r#"{"api": "https://collector.evil.example"}"#, url, &public_cloud()).unwrap_err();
    assert!(err.contains("https://collector.evil.example") && err.contains("dataPlaneOrigins"), "{err}");
    assert!(from_discovery("<html>", url, &public_cloud()).unwrap_err().contains("not JSON"));
    assert!(from_discovery(r#"{"history": "https://eastus.api.azureml.ms"}"#, url, &public_cloud())
        .unwrap_err()
        .contains("no \"api\""));
    assert!(from_discovery(r#"{"api": 5}"#, url, &public_cloud()).is_err());
    assert!(from_discovery(r#"{"api": "eastus.api.azureml.ms"}"#, url, &public_cloud())
        .unwrap_err()
        .contains("not an absolute URL"));
}

#[test]
fn the_blocked_explanation_names_the_host_the_origin_and_both_ways_out() {
    let b = blocked("https://eastus.api.azureml.ms", "https://console.contoso.com");
    assert!(b.summary.contains("https://eastus.api.azureml.ms") && b.summary.contains("https://console.contoso.com"));
    assert!(b.ways_out[0].contains("https://console.contoso.com"));
    assert!(b.ways_out[1].contains("dataPlaneProxy") && b.ways_out[1].contains("/api/{region}/"));
}

#[test]
fn the_token_follows_the_trust_and_never_leaves_it() {
    use aml_api::cloud::{token_audience_with, Audience};
    let arm = "https://management.azure.com";
    let t = public_cloud();
    let aud = |u: &str| token_audience_with(arm, &t, u);
    assert_eq!(aud("https://management.azure.com/subscriptions?api-version=1"), Some(Audience::Arm));
    assert_eq!(aud("https://x.workspace.westus2.api.azureml.ms/history/v1.0/a"), Some(Audience::DataPlane));
    assert_eq!(aud("https://evil.example/history/v1.0/a"), None);
    // The emulator: ARM and the data plane on one origin, ARM paths keep the ARM token.
    let emu = DataPlaneTrust {
        templates: vec!["http://127.0.0.1:7070".into()],
        origins: vec!["http://127.0.0.2:7070".into()],
        proxy: None,
    };
    let arm = "http://127.0.0.1:7070";
    assert_eq!(token_audience_with(arm, &emu, "http://127.0.0.1:7070/subscriptions/x"), Some(Audience::Arm));
    assert_eq!(token_audience_with(arm, &emu, "http://127.0.0.1:7070/history/v1.0/x"), Some(Audience::DataPlane));
    assert_eq!(token_audience_with(arm, &emu, "http://127.0.0.2:7070/history/v1.0/x"), Some(Audience::DataPlane));
    assert_eq!(token_audience_with(arm, &emu, "http://127.0.0.3:7070/history/v1.0/x"), None);
}
