//! Azure Resource Manager front door: errors, CORS, api-version checks, paging, token check
//! and routing to the resource modules.

pub mod api_version;
pub mod cors;
pub mod errors;
pub mod paging;
pub mod router;
pub mod token_check;
pub mod ws_router;
