//! MLflow's error body, `{"error_code", "message"}`, with the HTTP status MLflow gives the code.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An MLflow error: its `error_code` and the HTTP status MLflow gives that code.
#[derive(Debug)]
pub struct MlflowError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl MlflowError {
    pub fn invalid(message: impl Into<String>) -> MlflowError {
        MlflowError { status: StatusCode::BAD_REQUEST, code: "INVALID_PARAMETER_VALUE", message: message.into() }
    }
    pub fn not_found(message: impl Into<String>) -> MlflowError {
        MlflowError { status: StatusCode::NOT_FOUND, code: "RESOURCE_DOES_NOT_EXIST", message: message.into() }
    }
    pub fn exists(message: impl Into<String>) -> MlflowError {
        MlflowError { status: StatusCode::BAD_REQUEST, code: "RESOURCE_ALREADY_EXISTS", message: message.into() }
    }
}

impl IntoResponse for MlflowError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(json!({"error_code": self.code, "message": self.message}))).into_response()
    }
}
