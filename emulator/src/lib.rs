//! aml-emulator: a local stand-in for Azure Resource Manager, Entra ID v2 (sign-in) and the
//! Azure Machine Learning resource provider, for development and tests without Azure.
//! EMULATOR ONLY: tokens are signed with a dev key, users are fixed demo accounts.
//!
//! It does not use the console's `aml-api` crate, on purpose: a stand-in that shared the
//! client's models and request code would share its bugs, and the tests would agree with them.

// Handlers return `Result<_, Response>` so checks can `?`/early-return a finished ARM error;
// the large Err is fine at request scale. Seed/catalogue builders take many plain fields by design.
#![allow(clippy::result_large_err, clippy::too_many_arguments)]

pub mod app;
pub mod arm;
pub mod auth;
pub mod authz;
pub mod config;
pub mod dataplane;
pub mod faults;
pub mod hooks;
pub mod inject;
pub mod mlflow;
pub mod resources;
pub mod run_edit;
pub mod runner;
pub mod seed;
pub mod state;
pub mod storage;
pub mod store;
pub mod util;

pub use app::{app, bind, spawn, Bound};
