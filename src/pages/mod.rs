//! One file per page.
pub mod compute_details;
pub mod computes;
pub mod home;
pub mod signin;
pub mod workspaces;
