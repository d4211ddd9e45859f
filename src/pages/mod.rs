//! One file per page.
pub mod compute_attach;
pub mod compute_details;
pub mod compute_new_cluster;
pub mod compute_new_instance;
pub mod computes;
pub mod home;
pub mod jobs;
pub mod jobs_compare;
pub mod jobs_details;
pub mod signin;
pub mod submit;
pub mod submit_form;
pub mod submit_preview;
pub mod submit_progress;
pub mod submit_source;
pub mod submit_sweep;
pub mod workspaces;
