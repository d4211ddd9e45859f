//! # aml-api
//!
//! The Azure Machine Learning (ARM) protocol for the aml-console, **sans-IO**: it builds
//! [`HttpRequest`]s and reads [`HttpResponse`]s, and the console's transport does the actual
//! `fetch` (adding the bearer token and a client request id). Nothing here touches the network,
//! clocks, threads or the filesystem, so it compiles for `wasm32-unknown-unknown` and is tested
//! natively.
//!
//! * [`models`] — wire models (subscriptions, workspaces, computes of every type, nodes, VM
//!   sizes, usages, ARM errors, pages). Parsing then serializing gives back the same JSON:
//!   unknown members, explicit `null`s and unknown `computeType`s are kept.
//! * [`ArmClient`] — request builders, including a `nextLink` follower that refuses other hosts.
//! * [`ApiError`] / [`parse_json`] — one error type for ARM errors, odd bodies and transport
//!   failures.
//! * [`view`] — pure display helpers for the compute list and details pages.
//! * Compute lifecycle: [`lifecycle`] (PUT/PATCH/DELETE/POST builders), [`lro`] (sans-IO
//!   long-running-operation poller), [`validate`] + [`forms`] (form input → checked PUT body),
//!   [`yaml`] ("view as YAML" in az ml v2 form, or the REST request for types az ml lacks),
//!   [`duration`] (ISO-8601 durations exactly as the SDK writes them).
//! * [`jobs`] — the job side in the same shape: form → validation → `CommandJob` body and az ml
//!   YAML, code-asset and environment steps, blob uploads, live-log offsets, job cancel through
//!   [`lro`], and read helpers over job JSON.
//! * [`mlflow`] — MLflow tracking as Azure ML serves it (runs, metric histories read page by
//!   page and re-read while a run grows); [`metrics`] — charts' geometry (downsampling that keeps
//!   spikes, smoothing, ticks), min/max/last, CSV, and the runs and params of a comparison.
//! * [`i18n`] — English and Turkish: the language a browser gets, the Turkish catalog (lookup
//!   with English fallback, this crate's messages by template), Turkish-aware filters and
//!   sorting, the units of sizes and durations.
//! * [`rbac`] — the caller's permissions on a workspace (wildcards and `notActions` as Azure
//!   evaluates them), the action each request needs, and what a 403 says is missing.
//! * [`dataplane`] — a workspace's data plane: its discovery document, the override and proxy
//!   settings, which hosts get the data-plane token, the "data plane does not answer" text.
//! * [`snapshot`] — which files a job's code snapshot holds and their content hash (as the SDK).
//! * Small shared helpers, one copy each for the console, the api and the tools: [`url`]
//!   (percent-encoding, origins), [`base64`], [`calendar`], [`jwt`] (display claims),
//!   [`keyboard`] (the tabs pattern's keys, a dialog's focus trap),
//!   [`console_paths`] (the console's own page paths), [`cloud::token_audience`].

// `ApiError` is ~150 bytes; errors are rare and shown to the user, so keeping it unboxed makes
// the console's matching simpler at no real cost.
#![allow(clippy::result_large_err)]

pub mod arm;
pub mod base64;
pub mod calendar;
pub mod cloud;
pub mod console_paths;
pub mod dataplane;
pub mod duration;
pub mod error;
pub mod forms;
pub mod i18n;
pub mod jobs;
pub mod jwt;
pub mod keyboard;
pub mod lifecycle;
pub mod lro;
pub mod metrics;
pub mod mlflow;
pub mod models;
pub mod pipeline;
pub mod rbac;
pub mod request;
pub mod snapshot;
pub mod timezone;
pub mod url;
pub mod validate;
pub mod view;
pub mod yaml;

pub use arm::{ArmClient, WorkspaceRef, SUBSCRIPTIONS_API_VERSION};
pub use duration::{iso8601_to_seconds, seconds_to_iso8601};
pub use error::{expect_success, parse_json, ApiError};
pub use lifecycle::UnderlyingResourceAction;
pub use lro::{LroConfig, LroKind, LroOutcome, LroPoller, LroStatus, LroStep, LroStrategy};
pub use models::*;
pub use pipeline::{BearerToken, Pipeline, PipelineRun, RetryClass, RetryOptions, TransportOutcome};
pub use request::{HttpRequest, HttpResponse, Method};
pub use validate::FieldError;
pub use view::{type_label_for, NodeSummary, PropertyGroup};
