//! Header names the pipeline sets on every attempt.

pub const CLIENT_REQUEST_ID: &str = "x-ms-client-request-id";
pub const RETURN_CLIENT_REQUEST_ID: &str = "x-ms-return-client-request-id";
pub const AUTHORIZATION: &str = "Authorization";
