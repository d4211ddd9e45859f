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
            err.message = crate::msg!("{summary} Last answer: {}", err.message);
            err
        }
        Failure::Connection(_) => ApiError::network(summary),
    }
}

pub(super) fn renewal_failed(auth_error: Option<ApiError>, renew: ApiError) -> ApiError {
    // Keep the 401 (or an auth code) so `is_auth_failure()` sends the console to sign-in.
    let mut err = auth_error
        .unwrap_or_else(|| ApiError::new("AuthenticationFailed", crate::msg_str!("No access token is available.")));
    err.message = crate::msg!("{} Renewing the sign-in silently failed: {}", err.message, renew.message);
    err
}

/// `12.4 s` (tenths rounded half up). Integer arithmetic: formatting an f64 would pull core's
/// float printing (~3 KB of brotli'd wasm) into the console's first load for this one label.
pub(super) fn secs(ms: u64) -> String {
    let tenths = ms.saturating_add(50) / 100;
    format!("{}.{} s", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    #[test]
    fn secs_rounds_tenths_half_up() {
        assert_eq!(super::secs(0), "0.0 s");
        assert_eq!(super::secs(49), "0.0 s");
        assert_eq!(super::secs(50), "0.1 s");
        assert_eq!(super::secs(2_349), "2.3 s");
        assert_eq!(super::secs(600_000), "600.0 s");
        assert_eq!(super::secs(u64::MAX), format!("{}.{} s", u64::MAX / 1000, (u64::MAX / 100) % 10));
    }
}
