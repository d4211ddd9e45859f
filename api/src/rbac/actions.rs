//! Which RBAC action an ARM request needs. Azure names an operation after the resource type it
//! acts on: `{namespace}/{type}/{child type…}/read|write|delete` for GET, PUT/PATCH and DELETE,
//! and `…/{operation}/action` for a POST to `{resource}/{operation}` (docs/azure-ml-rest.md
//! §13). The console uses it to name what a disabled button needs, the emulator (its own copy,
//! written from the same rule) to decide what to refuse.

use crate::request::Method;
use crate::url::{path_of, percent_decode};

const ML: &str = "Microsoft.MachineLearningServices/workspaces";

/// Create or update a compute (PUT/PATCH `computes/{name}`), attach included.
pub const COMPUTE_WRITE: &str = "Microsoft.MachineLearningServices/workspaces/computes/write";
/// Delete or detach a compute.
pub const COMPUTE_DELETE: &str = "Microsoft.MachineLearningServices/workspaces/computes/delete";
pub const COMPUTE_START: &str = "Microsoft.MachineLearningServices/workspaces/computes/start/action";
pub const COMPUTE_STOP: &str = "Microsoft.MachineLearningServices/workspaces/computes/stop/action";
pub const COMPUTE_RESTART: &str = "Microsoft.MachineLearningServices/workspaces/computes/restart/action";
pub const COMPUTE_LIST_KEYS: &str = "Microsoft.MachineLearningServices/workspaces/computes/listKeys/action";
pub const COMPUTE_LIST_NODES: &str = "Microsoft.MachineLearningServices/workspaces/computes/listNodes/action";
pub const JOB_WRITE: &str = "Microsoft.MachineLearningServices/workspaces/jobs/write";
pub const JOB_CANCEL: &str = "Microsoft.MachineLearningServices/workspaces/jobs/cancel/action";
pub const CODE_VERSION_WRITE: &str = "Microsoft.MachineLearningServices/workspaces/codes/versions/write";
pub const CODE_PENDING_UPLOAD: &str =
    "Microsoft.MachineLearningServices/workspaces/codes/versions/startPendingUpload/action";
pub const ENVIRONMENT_VERSION_WRITE: &str = "Microsoft.MachineLearningServices/workspaces/environments/versions/write";

/// What submitting a job may write: the code version (and its upload location), an anonymous
/// environment version, the job. All are needed for the submit button to be useful.
pub const SUBMIT_JOB: [&str; 4] = [JOB_WRITE, CODE_VERSION_WRITE, CODE_PENDING_UPLOAD, ENVIRONMENT_VERSION_WRITE];

/// The action of an ARM request, from its method and URL (or path): `None` for a path that
/// names no resource provider type (e.g. `/subscriptions`).
///
/// The path is read as `…/providers/{namespace}/{type}/{name}/{type}/{name}…`, after the last
/// `providers` segment; an odd segment at the end of a POST is the operation's name.
pub fn action_for(method: Method, url: &str) -> Option<String> {
    let path = path_of(url).split('?').next().unwrap_or_default();
    let segs: Vec<String> =
        path.split('/').filter(|s| !s.is_empty()).map(|s| percent_decode(s).unwrap_or_else(|| s.to_string())).collect();
    let p = segs.iter().rposition(|s| s.eq_ignore_ascii_case("providers"))?;
    let namespace = segs.get(p + 1)?;
    let rest = &segs[p + 2..];
    if rest.is_empty() {
        return None;
    }
    let types: Vec<&str> = rest.iter().step_by(2).map(String::as_str).collect();
    let named = rest.len().is_multiple_of(2);
    let verb = match method {
        Method::Get => "read",
        Method::Put | Method::Patch => "write",
        Method::Delete => "delete",
        Method::Post if !named => {
            // `…/{type}/{name}/{operation}`: the operation's name is the last "type".
            return Some(format!("{namespace}/{}/action", types.join("/")));
        }
        Method::Post => "action",
    };
    Some(format!("{namespace}/{}/{verb}", types.join("/")))
}

/// The resource an action is checked against (the `scope` of ARM's answer): the path without
/// the trailing operation of a POST, and without its query.
pub fn scope_for(method: Method, url: &str) -> String {
    let path = path_of(url).split('?').next().unwrap_or_default().trim_end_matches('/');
    // Segments after `providers/{namespace}`: type, name, type, name, … and an operation.
    let below = path.rsplit_once("/providers/").map_or(0, |(_, a)| a.split('/').filter(|s| !s.is_empty()).count());
    match method {
        Method::Post if below > 1 && below.is_multiple_of(2) => {
            path.rsplit_once('/').map_or(path, |(a, _)| a).to_string()
        }
        _ => path.to_string(),
    }
}

/// A shorter label for an action in the console's hints: the part after `workspaces/`.
pub fn short_label(action: &str) -> &str {
    action.strip_prefix(ML).map(|r| r.trim_start_matches('/')).filter(|r| !r.is_empty()).unwrap_or(action)
}
