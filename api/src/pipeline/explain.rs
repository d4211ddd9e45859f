//! Wording of the pipeline's final errors: what was tried, then the service's last answer.

use crate::error::ApiError;

/// A retryable failure, kept to explain a give-up.
#[derive(Clone)]
pub(super) enum Failure {
    Status(u16, ApiError),
    Connection(String),
}

impl Failure {
    pub(super) fn same_kind(&self, other: &Failure) -> bool {
        match (self, other) {
            (Failure::Status(a, _), Failure::Status(b, _)) => a == b,
            (Failure::Connection(_), Failure::Connection(_)) => true,
            _ => false,
        }
    }
}

/// The final error: the last answer's status, code, ids and details, message prefixed by what
/// the pipeline tried.
pub(super) fn with_summary(failure: Failure, summary: String) -> ApiError {
    match failure {
        Failure::Status(_, mut err) => {
            err.message = format!("{summary} Last answer: {}", err.message);
            err
        }
        Failure::Connection(_) => ApiError::network(summary),
    }
}

pub(super) fn renewal_failed(auth_error: Option<ApiError>, renew: ApiError) -> ApiError {
    // Keep the 401 (or an auth code) so `is_auth_failure()` sends the console to sign-in.
    let mut err = auth_error.unwrap_or_else(|| ApiError::new("AuthenticationFailed", "No access token is available."));
    err.message = format!("{} Renewing the sign-in silently failed: {}", err.message, renew.message);
    err
}

/// `12.4 s`.
pub(super) fn secs(ms: u64) -> String {
    format!("{:.1} s", ms as f64 / 1000.0)
}
