//! The small helpers the console, the api and the tools share: base64, percent-decoding,
//! origins, the token audience of a URL, calendar dates and JWT display claims.

use aml_api::cloud::{token_audience, Audience};
use aml_api::url::{origin, path_of, percent_decode};
use aml_api::{base64, calendar, jwt, pipeline};

#[test]
fn base64_standard_and_url_safe() {
    assert_eq!(base64::encode(b"foob"), "Zm9vYg==");
    assert_eq!(base64::decode("Zm9vYg==").unwrap(), b"foob");
    assert_eq!(base64::encode_url(b"f"), "Zg");
    assert_eq!(base64::encode_url(b"fo"), "Zm8");
    assert_eq!(base64::encode_url(b"foo"), "Zm9v");
    assert_eq!(base64::encode_url(&[0xfb, 0xff]), "-_8");
    assert_eq!(base64::encode(&[0xfb, 0xff]), "+/8=");
    assert_eq!(base64::decode_url("-_8").unwrap(), [0xfb, 0xff]);
    assert_eq!(base64::decode_url("+/8=").unwrap(), [0xfb, 0xff]);
    assert_eq!(base64::decode_url("Zm9vYg==").unwrap(), b"foob");
    assert_eq!(base64::decode_url("").unwrap(), b"");
    for bad in ["a*b", "Zm9vY", "Zm=9", "Zg==="] {
        assert!(base64::decode_url(bad).is_none(), "{bad}");
    }
    assert!(base64::decode("-_8=").is_none(), "the strict decoder takes the standard alphabet only");
    for len in 0..40u8 {
        let data: Vec<u8> = (0..len).map(|i| i.wrapping_mul(97).wrapping_add(len)).collect();
        assert_eq!(base64::decode_url(&base64::encode_url(&data)).unwrap(), data);
        assert_eq!(base64::decode_url(&base64::encode(&data)).unwrap(), data);
        if !data.is_empty() {
            assert_eq!(base64::decode(&base64::encode(&data)).unwrap(), data);
        }
    }
}

#[test]
fn percent_decoding() {
    assert_eq!(percent_decode("a%20b%2Fc").as_deref(), Some("a b/c"));
    assert_eq!(percent_decode("%E2%82%AC%2e%2E").as_deref(), Some("€.."));
    assert_eq!(percent_decode("plain+text").as_deref(), Some("plain+text"));
    for bad in ["x%2", "%zz", "%", "%FF"] {
        assert_eq!(percent_decode(bad), None, "{bad}");
    }
}

#[test]
fn origins_print_as_browsers_do() {
    let o = |u: &str| origin(u).map(|o| o.to_string());
    assert_eq!(o("HTTP://127.0.0.1:7070/subscriptions?x").as_deref(), Some("http://127.0.0.1:7070"));
    assert_eq!(o("https://Host.Example:443/a").as_deref(), Some("https://host.example"));
    assert_eq!(o("http://host.example:80").as_deref(), Some("http://host.example"));
    assert_eq!(o("https://[::1]:8443/").as_deref(), Some("https://[::1]:8443"));
    assert_eq!(o("https://{region}.api.azureml.ms").as_deref(), Some("https://{region}.api.azureml.ms"));
    for bad in ["javascript:alert(1)", "/relative", "https://user@host", "https:///x", "https://h:x"] {
        assert_eq!(o(bad), None, "{bad}");
    }
    assert_eq!(path_of("https://h:1/a/b?c=/d#e"), "/a/b");
    assert_eq!(path_of("https://h?x=/y"), "");
    assert_eq!(path_of("https://h"), "");
}

#[test]
fn tokens_go_only_to_the_configured_hosts() {
    let arm = "http://127.0.0.1:7070";
    let dp = Some("https://{region}.api.azureml.ms");
    let aud = |url: &str| token_audience(arm, dp, url);
    assert_eq!(aud("http://127.0.0.1:7070/subscriptions/x?api-version=1"), Some(Audience::Arm));
    assert_eq!(aud("HTTP://127.0.0.1:7070/Providers/x"), Some(Audience::Arm));
    assert_eq!(aud("https://eastus.api.azureml.ms/history/v1.0/x"), Some(Audience::DataPlane));
    for foreign in [
        "https://evil.com/x.api.azureml.ms",
        "https://a.b.api.azureml.ms/x",
        "https://.api.azureml.ms/x",
        "http://eastus.api.azureml.ms/x",
        "http://127.0.0.1:7071/subscriptions",
        "http://user@127.0.0.1:7070/subscriptions",
        "not a url",
    ] {
        assert_eq!(aud(foreign), None, "{foreign}");
    }
    // The emulator serves ARM and the data plane on one host: ARM paths get the ARM token,
    // everything else there the data-plane one.
    let same = |url: &str| token_audience(arm, Some(arm), url);
    assert_eq!(same("http://127.0.0.1:7070/subscriptions/s"), Some(Audience::Arm));
    assert_eq!(same("http://127.0.0.1:7070/history/v1.0/s"), Some(Audience::DataPlane));
    assert_eq!(token_audience(arm, None, "http://127.0.0.1:7070/history"), Some(Audience::Arm));
}

#[test]
fn calendar_days_both_ways() {
    assert_eq!(calendar::days_from_civil(1970, 1, 1), 0);
    assert_eq!(calendar::civil_from_days(0), (1970, 1, 1));
    assert_eq!(calendar::days_from_civil(2000, 3, 1), 11_017);
    assert_eq!(calendar::civil_from_days(-1), (1969, 12, 31));
    for days in (-800_000..800_000).step_by(997) {
        let (y, m, d) = calendar::civil_from_days(days);
        assert_eq!(calendar::days_from_civil(y, m, d), days);
    }
    assert_eq!(calendar::weekday_abbrev(0), "Thu");
    assert_eq!(calendar::weekday_abbrev(-1), "Wed");
}

#[test]
fn http_dates_written_and_read() {
    assert_eq!(pipeline::format_http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_eq!(pipeline::format_http_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
    for secs in [0u64, 784_111_777, 1_709_251_199, 4_102_444_800] {
        let text = pipeline::format_http_date(secs);
        assert_eq!(pipeline::parse_http_date_ms(&text), Some(secs * 1000), "{text}");
    }
}

#[test]
fn jwt_display_claims() {
    let token = |payload: &str| format!("e30.{}.sig", base64::encode_url(payload.as_bytes()));
    let c = jwt::decode(&token(r#"{"name":"Ada Lovelace","exp":4102444800}"#)).unwrap();
    assert_eq!((c.name.as_deref(), c.exp), (Some("Ada Lovelace"), Some(4102444800.0)));
    let c = jwt::decode(&token(r#"{"upn":"ada@contoso.example"}"#)).unwrap();
    assert_eq!((c.name.as_deref(), c.exp), (Some("ada@contoso.example"), None));
    assert!(jwt::decode("not-a-jwt").is_none());
    assert!(jwt::decode("a.!!!.c").is_none());
    let ids = jwt::user_ids(&token(r#"{"oid":"o-1","tid":"t-2"}"#));
    assert_eq!(ids, ("o-1".to_string(), "t-2".to_string()));
    assert_eq!(jwt::user_ids("opaque"), (String::new(), String::new()));
}
