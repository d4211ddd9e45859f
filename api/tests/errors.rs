//! ARM error parsing and `parse_json`.

use aml_api::{expect_success, parse_json, ApiError, ComputeResource, HttpResponse};
use serde_json::json;

#[test]
fn arm_error_with_nested_details_and_request_ids() {
    let body = json!({"error": {
        "code": "BadRequest", "message": "Compute name is invalid", "target": "computeName",
        "details": [{"code": "InvalidName", "message": "must start with a letter",
                     "details": [{"code": "Pattern", "message": "^[a-zA-Z]"}]}]
    }});
    let resp = HttpResponse::new(400, body.to_string())
        .with_header("X-MS-Request-Id", "req-123")
        .with_header("x-ms-correlation-request-id", "corr-9");
    let err = parse_json::<ComputeResource>(&resp).unwrap_err();
    assert_eq!(err.status, Some(400));
    assert_eq!(err.code, "BadRequest");
    assert_eq!(err.message, "Compute name is invalid");
    assert_eq!(err.target.as_deref(), Some("computeName"));
    assert_eq!(err.details.len(), 1);
    assert_eq!(err.details[0].details()[0].code.as_deref(), Some("Pattern"));
    assert_eq!(err.request_id.as_deref(), Some("req-123"));
    assert_eq!(err.correlation_id.as_deref(), Some("corr-9"));
    assert!(!err.is_auth_failure());
    let shown = err.to_string();
    assert!(shown.contains("BadRequest") && shown.contains("HTTP 400") && shown.contains("req-123"), "{shown}");
}

#[test]
fn bare_code_message_body_is_understood() {
    let resp = HttpResponse::new(404, r#"{"code":"ResourceNotFound","message":"gone"}"#);
    let err = ApiError::from_response(&resp);
    assert_eq!((err.code.as_str(), err.message.as_str()), ("ResourceNotFound", "gone"));
    assert!(err.is_not_found());
}

#[test]
fn html_body_is_sanitized() {
    let html = format!(
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{{color:red}}</style>\
         <script>alert('x')</script></head><body><h1>Bad   Gateway</h1>\n<p>nginx &amp; friends</p>\u{7}{}</body></html>",
        "z".repeat(500)
    );
    let err = ApiError::from_response(&HttpResponse::new(502, html).with_header("x-ms-request-id", "r1"));
    assert_eq!(err.code, "HttpStatus502");
    assert_eq!(err.request_id.as_deref(), Some("r1"));
    let m = &err.message;
    assert!(m.starts_with("HTTP 502 Bad Gateway: "), "{m}");
    assert!(m.contains("Bad Gateway nginx & friends"), "{m}");
    for bad in ["<", ">", "alert", "color:red", "\u{7}", "  "] {
        assert!(!m.contains(bad), "message contains {bad:?}: {m}");
    }
    assert!(m.chars().count() < 260, "excerpt not capped: {} chars", m.chars().count());
    assert!(m.ends_with('…'));
}

#[test]
fn empty_and_non_arm_json_bodies() {
    let err = ApiError::from_response(&HttpResponse::new(503, ""));
    assert_eq!(err.code, "HttpStatus503");
    assert_eq!(err.message, "HTTP 503 Service Unavailable");
    let err = ApiError::from_response(&HttpResponse::new(500, r#"{"oops": true}"#));
    assert_eq!(err.code, "HttpStatus500");
    assert!(err.message.contains("oops"), "{}", err.message);
    // An error object without code keeps the message and gets the status code.
    let err = ApiError::from_response(&HttpResponse::new(409, r#"{"error":{"message":"busy"}}"#));
    assert_eq!((err.code.as_str(), err.message.as_str()), ("HttpStatus409", "busy"));
}

#[test]
fn auth_failures() {
    assert!(ApiError::from_response(&HttpResponse::new(401, "")).is_auth_failure());
    for code in [
        "InvalidAuthenticationToken",
        "ExpiredAuthenticationToken",
        "AuthenticationFailed",
        "InvalidAuthenticationTokenAudience",
    ] {
        let body = json!({"error": {"code": code, "message": "m"}}).to_string();
        assert!(ApiError::from_response(&HttpResponse::new(400, body)).is_auth_failure(), "{code}");
    }
    let body = json!({"error": {"code": "AuthorizationFailed", "message": "no role"}}).to_string();
    assert!(!ApiError::from_response(&HttpResponse::new(403, body)).is_auth_failure());
    assert!(!ApiError::network("offline").is_auth_failure());
}

#[test]
fn decode_failure_is_invalid_response() {
    let resp = HttpResponse::new(200, "<html>sign in</html>").with_header("x-ms-request-id", "r2");
    let err = parse_json::<ComputeResource>(&resp).unwrap_err();
    assert_eq!(err.code, "InvalidResponse");
    assert_eq!(err.status, Some(200));
    assert_eq!(err.request_id.as_deref(), Some("r2"));
}

#[test]
fn success_parses_and_network_errors_have_no_status() {
    let c: ComputeResource = parse_json(&HttpResponse::new(200, r#"{"name":"n"}"#)).unwrap();
    assert_eq!(c.name(), "n");
    assert!(expect_success(&HttpResponse::new(204, "")).is_ok());
    assert!(expect_success(&HttpResponse::new(409, "")).is_err());
    let e = ApiError::network("Failed to fetch");
    assert_eq!((e.code.as_str(), e.status), ("NetworkError", None));
    assert_eq!(e.to_string(), "NetworkError: Failed to fetch");
}
