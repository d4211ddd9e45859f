//! "Submit experiments from the browser", the web half: what needs the browser (files, blobs,
//! fetch, timers, the clock). The protocol — requests, the form and its validation, bodies,
//! YAML, ids, upload plans, log offsets, read helpers over job JSON — is `aml_api::jobs`.
//!
//! * [`files`] — the picked folder (input with `webkitdirectory`, or a dropped folder).
//! * [`hashing`] — the SDK-compatible content hash, read slice by slice without freezing the UI.
//! * [`blob`] + [`upload`] — Azure Blob REST with the SAS (no ARM token), parallel and retried.
//! * [`snapshot`] — runs the code-asset sequence (reuse by hash, else upload + register).
//! * [`git`] — reads the `.git/` files the api crate turns into job properties.
//! * [`logs`] — sends the live log reads.
//! * [`time`] — timestamps in the browser's time zone.

pub mod blob;
pub mod experiments;
pub mod feed;
pub mod files;
pub mod git;
pub mod hashing;
pub mod logs;
pub mod snapshot;
pub mod time;
pub mod upload;

/// A random lowercase id for job names, anonymous code names and upload ids (crypto random).
pub fn random_id() -> String {
    crate::browser::uuid_v4()
}
