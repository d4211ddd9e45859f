//! ARM ids (without host) of the workspace children a job refers to. A job's `codeId`,
//! `environmentId` and `computeId` are such ids; every segment is percent-encoded the same way
//! the request builders encode URL paths.

use crate::arm::WorkspaceRef;
use crate::url::encode_segment;

/// `{workspace id}/{rest}`; `rest` is used as given (already encoded).
pub fn ws_child_id(ws: &WorkspaceRef, rest: &str) -> String {
    format!("{}/{rest}", ws.arm_path())
}

/// `{ws}/codes/{name}/versions/{version}`.
pub fn code_version_id(ws: &WorkspaceRef, name: &str, version: &str) -> String {
    ws_child_id(ws, &format!("codes/{}/versions/{}", encode_segment(name), encode_segment(version)))
}

/// `{ws}/environments/{name}/versions/{version}`.
pub fn environment_version_id(ws: &WorkspaceRef, name: &str, version: &str) -> String {
    ws_child_id(ws, &format!("environments/{}/versions/{}", encode_segment(name), encode_segment(version)))
}

/// `{ws}/computes/{name}` (the name trimmed).
pub fn compute_id(ws: &WorkspaceRef, name: &str) -> String {
    ws_child_id(ws, &format!("computes/{}", encode_segment(name.trim())))
}

/// The last path segment of an id (`…/computes/cpu-cluster` → `cpu-cluster`); a trailing `/`
/// is ignored.
pub fn last_segment(id: &str) -> &str {
    let t = id.trim_end_matches('/');
    t.rsplit('/').next().unwrap_or(t)
}

/// `name:version` of a code version id, as the submit page reports the snapshot it used
/// (`…/codes/abc/versions/1` → `abc:1`). Anything else is returned unchanged.
pub fn code_label(code_id: &str) -> String {
    let tail = code_id.rsplit_once("/codes/").map_or(code_id, |(_, t)| t);
    tail.replace("/versions/", ":")
}

/// Longest job id the service accepts.
pub const MAX_JOB_ID_LEN: usize = 255;

/// The spec's job id pattern `^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$` (docs/azure-ml-rest.md
/// §Names): 1–255 ASCII letters, digits, `-` and `_`, starting with a letter or digit.
pub fn is_valid_job_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_JOB_ID_LEN
        && b[0].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
}

/// Why `id` cannot be a job id, `None` when it can.
pub fn job_id_error(id: &str) -> Option<String> {
    if is_valid_job_id(id) {
        return None;
    }
    Some(if id.is_empty() {
        crate::msg_str!("A job id cannot be empty.").to_string()
    } else if id.len() > MAX_JOB_ID_LEN {
        format!("A job id has at most {MAX_JOB_ID_LEN} characters; this one has {}.", id.len())
    } else {
        crate::msg_str!("A job id uses only letters, digits, '-' and '_', and starts with a letter or digit.")
            .to_string()
    })
}
