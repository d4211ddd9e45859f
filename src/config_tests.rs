use super::*;

const APP: &str = "5e3c7a5b-2f8e-4d61-9b0a-3c1f6e2d4a90";

fn parse(extra: &str) -> Result<Config, String> {
    let c = Config::from_json(&format!("{{\"tenant\":\"organizations\",\"clientId\":\"{APP}\"{extra}}}"))?;
    c.validate()?;
    Ok(c)
}

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

#[test]
fn clouds_fill_defaults_and_explicit_fields_win() {
    let c = parse("").unwrap();
    assert_eq!(c.arm_endpoint, "https://management.azure.com");
    assert_eq!(c.authority_host, "https://login.microsoftonline.com");
    assert_eq!(c.data_plane_default.as_deref(), Some("https://{region}.api.azureml.ms"));
    let c = parse(",\"cloud\":\"AzureChinaCloud\"").unwrap();
    assert_eq!(c.arm_endpoint, "https://management.chinacloudapi.cn");
    assert_eq!(c.authority_host, "https://login.chinacloudapi.cn");
    assert_eq!(c.data_plane_default.as_deref(), Some("https://{region}.api.ml.azure.cn"));
    let c = parse(",\"cloud\":\"AzureUSGovernment\",\"armEndpoint\":\"https://arm.example\"").unwrap();
    assert_eq!(c.arm_endpoint, "https://arm.example");
    assert_eq!(c.authority_host, "https://login.microsoftonline.us");
    assert_eq!(c.data_plane_default.as_deref(), Some("https://{region}.api.ml.azure.us"));
    assert!(!c.test_hooks);
    assert_eq!(c.data_plane_override, None, "the cloud's template is no override: discovery comes first");
}

#[test]
fn data_plane_override_origins_and_proxy() {
    let c = parse(",\"dataPlaneEndpoint\":\"http://127.0.0.1:7070\",\"dataPlaneOrigins\":[\"http://127.0.0.2:7070/\"]")
        .unwrap();
    assert_eq!(c.data_plane_override.as_deref(), Some("http://127.0.0.1:7070"));
    assert_eq!(c.data_plane_origins, ["http://127.0.0.2:7070"]);
    let t = c.data_plane_trust("https://console.contoso.com");
    assert!(t.trusts("http://127.0.0.2:7070/history/v1.0/x") && t.trusts("https://eastus.api.azureml.ms/x"));
    assert!(!t.trusts("https://console.contoso.com/api/eastus/x"), "no proxy configured");
    assert!(parse(",\"dataPlaneOrigins\":[\"http://evil.example\"]").unwrap_err().contains("https"));
    assert!(parse(",\"dataPlaneOrigins\":\"x\"").unwrap_err().contains("list"));

    let c = parse(",\"dataPlaneProxy\":\"/api/{region}\"").unwrap();
    assert!(c.data_plane_trust("https://c.contoso.com").trusts("https://c.contoso.com/api/eastus/history/v1.0"));
    assert_eq!(
        c.data_plane_settings("https://c.contoso.com").proxy.as_deref(),
        Some("https://c.contoso.com/api/{region}")
    );
    for bad in ["api/{region}", "/{region}", "/", "//evil.example/api", "/api/../{region}", "/api?x={region}"] {
        let e = parse(&format!(",\"dataPlaneProxy\":\"{bad}\"")).unwrap_err();
        assert!(e.contains("dataPlaneProxy"), "{bad}: {e}");
    }
}

#[test]
fn custom_needs_every_endpoint_and_bad_values_are_named() {
    let e = parse(",\"cloud\":\"Custom\"").unwrap_err();
    assert!(e.contains("armEndpoint") && e.contains("Custom"), "{e}");
    assert!(parse(",\"cloud\":\"Azure\"").unwrap_err().contains("must be one of"));
    assert!(Config::from_json(&format!("{{\"tenant\":\"consumers\",\"clientId\":\"{APP}\"}}"))
        .unwrap()
        .validate()
        .unwrap_err()
        .contains("consumers"));
    assert!(Config::from_json("{\"tenant\":\"common\",\"clientId\":\"my-app\"}")
        .unwrap()
        .validate()
        .unwrap_err()
        .contains("GUID"));
    assert!(parse(",\"redirectUri\":\"http://example.com/\"").unwrap_err().contains("redirectUri"));
    assert!(parse(",\"testHooks\":\"yes\"").unwrap_err().contains("testHooks"));
    assert!(parse(",\"armEndpoint\":5").unwrap_err().contains("must be a string"));
    assert!(parse(",\"testHooks\":true").unwrap().test_hooks);
    assert!(check_tenant("contoso.onmicrosoft.com").is_ok());
    assert!(check_tenant("3f2b6c1d-8e4a-4b7f-9c2d-5a6e7f8b9c0d").is_ok());
    assert!(check_tenant("bad tenant").is_err());
}
