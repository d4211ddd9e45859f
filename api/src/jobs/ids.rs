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
