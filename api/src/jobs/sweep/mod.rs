//! Sweep jobs (docs/azure-ml-rest.md §Sweeps), the protocol half.
//!
//! * [`form`] + [`validate`] + [`body`] + [`yaml`] — the job form's Sweep mode: search
//!   parameters over the command's literal inputs, sampling, objective, limits, early
//!   termination; its checks, the `SweepJob` PUT body, and the az ml sweep YAML.
//! * [`view`] — a sweep job's facts for the details page; [`trials`] — its trials (RunHistory
//!   children joined with their MLflow runs), sorting and the best one; [`parallel`] — the
//!   parallel view's geometry; [`requests`] — the reads the sweep page sends.

pub mod body;
pub mod clone;
pub mod form;
pub mod parallel;
pub mod requests;
pub mod trials;
pub mod validate;
pub mod view;
pub mod yaml;

pub use form::{SearchParam, SweepForm};
pub use view::Goal;
