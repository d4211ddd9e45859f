//! Azure Resource Manager in front of the ML resource provider: the route table, the path case
//! normalisation, the front door (token, api-version), scope resolution, error bodies, CORS and
//! paging.

pub mod api_version;
pub mod case;
pub mod cors;
pub mod errors;
pub mod fallback;
pub mod front_door;
pub mod paging;
pub mod request;
pub mod routes;
pub mod scope;
pub mod token_check;
