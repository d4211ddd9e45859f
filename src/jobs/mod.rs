//! "Submit experiments from the browser": everything the jobs pages need that is not a page.
//!
//! * [`requests`] — ARM / data-plane request builders for codes, environments, datastores, jobs
//!   and run details (the api crate has compute builders only; these follow the same style).
//! * [`files`] — the picked folder (input with `webkitdirectory`, or a dropped folder).
//! * [`hashing`] — the SDK-compatible content hash, read chunk by chunk without freezing the UI.
//! * [`blob`] + [`upload`] — Azure Blob REST with the SAS (no ARM token), parallel and retried.
//! * [`snapshot`] — the code-asset sequence the SDK uses (reuse by hash, else upload + register).
//! * [`form`] + [`yaml`] — the job form, its validation, the REST body and the az ml YAML.
//! * [`git`] — `mlflow.source.git.*` properties from the picked `.git/` files.
//! * [`logs`] — live log tail with ranged reads.
//! * [`model`] — small read helpers over job JSON for the list and details pages.

pub mod blob;
pub mod files;
pub mod form;
pub mod git;
pub mod hashing;
pub mod logs;
pub mod model;
pub mod requests;
pub mod snapshot;
pub mod upload;
pub mod yaml;

/// `12.3 MB` style sizes (10^6-byte megabytes, the unit the SDK's 100 MB warning uses).
pub fn fmt_bytes(n: u64) -> String {
    match n {
        n if n >= 1_000_000_000 => format!("{:.2} GB", n as f64 / 1e9),
        n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n if n >= 1_000 => format!("{:.1} kB", n as f64 / 1e3),
        n => format!("{n} B"),
    }
}

/// A random lowercase id for job names, anonymous code names and block ids (crypto random).
pub fn random_id() -> String {
    crate::browser::uuid_v4()
}
