//! "Submit experiments from the browser", the web half: what needs the browser (files, blobs,
//! fetch, timers, the clock). The protocol — requests, the form and its validation, bodies,
//! YAML, ids, upload plans, log offsets, read helpers over job JSON — is `aml_api::jobs`.
//!
//! * [`files`] — the picked folder (input with `webkitdirectory`, or a dropped folder).
//! * [`hashing`] + [`hash_worker`] — the SDK-compatible content hash and per-file MD5s, in Web
//!   Workers (on the page, in slices, where no worker can start).
//! * [`blob`] + [`upload`] — Azure Blob REST with the SAS (no ARM token): copies inside storage
//!   and uploads, parallel and retried ([`join`]).
//! * [`previous`] — the comparison with a previous snapshot, and the folder manifest.
//! * [`snapshot`] — runs the code-asset sequence (reuse by hash, else compare, copy/upload,
//!   register).
//! * [`git`] — reads the `.git/` files the api crate turns into job properties.
//! * [`logs`] — sends the live log reads; [`data_plane`] — the MLflow tracking base on the
//!   workspace's data plane (resolved by `crate::dataplane`).
//! * [`mlflow`] — sends the MLflow reads of a run (metrics on details, compare).
//! * [`time`] — timestamps in the browser's time zone.

pub mod blob;
pub mod data_plane;
pub mod experiments;
pub mod feed;
pub mod files;
pub mod git;
pub mod hash_worker;
pub mod hashing;
pub mod join;
pub mod logs;
pub mod mlflow;
pub mod previous;
pub mod snapshot;
pub mod time;
pub mod upload;

/// A random lowercase id for job names, anonymous code names and upload ids (crypto random).
pub fn random_id() -> String {
    crate::browser::uuid_v4()
}

/// Selection list kept by the submit page (the snapshot's files as submitted from this browser).
pub fn snapshot_key(job_id: &str) -> String {
    format!("aml.jobsnap.{job_id}")
}
