//! Jobs ("submit experiments from the browser"), the protocol half: everything the jobs pages
//! need that needs no web type, tested natively like the compute forms.
//!
//! * [`form`] + [`validate`] + [`body`] — the job form as typed, its checks (messages per
//!   field), and the `CommandJob` PUT body; [`yaml`] — the same form as az ml job YAML, through
//!   the crate's one YAML emitter.
//! * [`requests`] — ARM builders (code versions, environments, datastores, jobs) and the
//!   RunHistory data plane ([`requests::DataPlane`]).
//! * [`ids`], [`environment`], [`code_asset`] — the ids a job refers to, the anonymous
//!   environment, and the SDK's code-asset sequence (reuse by hash, else upload + register).
//! * [`storage`] — Blob REST with a SAS: URLs, blocks, the upload indicator, the CORS rule.
//! * [`incremental`] — re-submits that copy unchanged files inside storage and upload the rest.
//! * [`source`] — git files and properties, and the texts of the snapshot preview.
//! * [`model`], [`time`], [`list`], [`clone`], [`choices`] — read helpers over job JSON,
//!   durations, the list filters, "Clone and edit", and the pickers' lists; [`rows`] — the
//!   list's rows at scale: sort keys, local filtering, the compare selection.
//! * [`logs`] — live-log offsets and tabs; [`cancel`] — cancel as a long-running operation.
//! * [`kinds`] — job types and what the details page shows for each; [`sweep`] — the Sweep
//!   mode of the form, a sweep's facts, trials and parallel view; [`pipeline`] — a pipeline's
//!   steps with their child runs.

pub mod body;
pub mod body_parts;
pub mod cancel;
pub mod choices;
pub mod clone;
pub mod code_asset;
pub mod environment;
pub mod facts;
pub mod form;
pub mod ids;
pub mod incremental;
pub mod kinds;
pub mod list;
pub mod list_view;
pub mod log_blobs;
pub mod log_search;
pub mod logs;
pub mod model;
pub mod pipeline;
pub mod preview_list;
pub mod registry;
pub mod requests;
pub mod rows;
pub mod source;
pub mod storage;
pub mod sweep;
pub mod tidy;
pub mod time;
pub mod validate;
pub mod yaml;
pub mod yaml_parts;

pub use body::JobRefs;
pub use choices::Choices;
pub use code_asset::{CodeOutcome, CodePlan, PendingUpload};
pub use environment::{EnvironmentPlan, ANON_ENV};
pub use form::{InputRow, JobForm, OutputRow};
pub use requests::DataPlane;
pub use validate::{Known, SourceState};

/// `12.3 MB` style sizes (10^6-byte megabytes, the unit of the SDK's 100 MB warning).
pub fn fmt_bytes(n: u64) -> String {
    match n {
        n if n >= 1_000_000_000 => format!("{:.2} GB", n as f64 / 1e9),
        n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n if n >= 1_000 => format!("{:.1} kB", n as f64 / 1e3),
        n => format!("{n} B"),
    }
}

/// `20,000` (English digit groups, as the preview's counts are written).
pub fn group_digits(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
