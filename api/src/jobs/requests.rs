//! Request builders for the job-side ARM calls (code versions, environments, datastores, jobs)
//! and the RunHistory data plane (run details, artifacts), in the same sans-IO style as the
//! compute builders (`docs/azure-ml-rest.md` §Jobs, §Codes, §Logs).

use serde_json::{json, Value};

use crate::arm::{request, ArmClient, WorkspaceRef};
use crate::request::{HttpRequest, Method};
use crate::snapshot::HASH_VERSION;
use crate::url::{encode_query_value, encode_segment};

fn with_query(mut req: HttpRequest, pairs: &[(&str, &str)]) -> HttpRequest {
    for (k, v) in pairs {
        req.url.push_str(&format!("&{k}={}", encode_query_value(v)));
    }
    req
}

fn with_json(req: HttpRequest, body: &Value) -> HttpRequest {
    crate::lifecycle::with_json(req, serde_json::to_string(body))
}

fn ws_path(ws: &WorkspaceRef, rest: &str) -> String {
    format!("{}/{rest}", ws.arm_path())
}

fn code_version_path(ws: &WorkspaceRef, name: &str, version: &str) -> String {
    ws_path(ws, &format!("codes/{}/versions/{}", encode_segment(name), encode_segment(version)))
}

fn job_path(ws: &WorkspaceRef, id: &str) -> String {
    ws_path(ws, &format!("jobs/{}", encode_segment(id)))
}

impl ArmClient {
    /// GET code versions with the same content hash, under any name (the SDK's reuse check:
    /// `name` only fills the path).
    pub fn codes_by_hash(&self, ws: &WorkspaceRef, name: &str, hash: &str) -> HttpRequest {
        let req = self.ml(Method::Get, &ws_path(ws, &format!("codes/{}/versions", encode_segment(name))));
        with_query(req, &[("hash", hash), ("hashVersion", &HASH_VERSION.to_string())])
    }

    /// POST `startPendingUpload` for a temporary blob reference. `upload_id` stays the same
    /// across retries, so a retry writes under the same prefix.
    pub fn start_pending_upload(&self, ws: &WorkspaceRef, name: &str, version: &str, upload_id: &str) -> HttpRequest {
        let path = format!("{}/startPendingUpload", code_version_path(ws, name, version));
        let body = json!({"pendingUploadId": upload_id, "pendingUploadType": "TemporaryBlobReference"});
        with_json(self.ml(Method::Post, &path), &body)
    }

    /// GET one code version: its `codeUri` is where the previous snapshot's blobs are.
    pub fn get_code_version(&self, ws: &WorkspaceRef, name: &str, version: &str) -> HttpRequest {
        self.ml(Method::Get, &code_version_path(ws, name, version))
    }

    /// PUT an anonymous code version (the SDK's body; `hash_version` is a JSON number).
    pub fn put_code_version(
        &self,
        ws: &WorkspaceRef,
        name: &str,
        version: &str,
        code_uri: &str,
        hash: &str,
    ) -> HttpRequest {
        let body = json!({"properties": {
            "codeUri": code_uri, "isAnonymous": true,
            "properties": {"hash_sha256": hash, "hash_version": HASH_VERSION}
        }});
        with_json(self.ml(Method::Put, &code_version_path(ws, name, version)), &body)
    }

    /// GET environment containers (paged).
    pub fn list_environments(&self, ws: &WorkspaceRef) -> HttpRequest {
        self.ml(Method::Get, &ws_path(ws, "environments"))
    }

    /// PUT an environment version (synchronous 200/201).
    pub fn put_environment_version(&self, ws: &WorkspaceRef, name: &str, version: &str, body: &Value) -> HttpRequest {
        let path = ws_path(ws, &format!("environments/{}/versions/{}", encode_segment(name), encode_segment(version)));
        with_json(self.ml(Method::Put, &path), body)
    }

    /// GET datastores (paged).
    pub fn list_datastores(&self, ws: &WorkspaceRef) -> HttpRequest {
        self.ml(Method::Get, &ws_path(ws, "datastores"))
    }

    /// GET jobs (paged), archived ones included (`listViewType=All`).
    pub fn list_jobs(&self, ws: &WorkspaceRef) -> HttpRequest {
        self.list_jobs_view(ws, true)
    }

    /// GET jobs (paged): active ones (`listViewType=ActiveOnly`, the service's default), or with
    /// the archived ones too (`All`).
    pub fn list_jobs_view(&self, ws: &WorkspaceRef, include_archived: bool) -> HttpRequest {
        let view = if include_archived { "All" } else { "ActiveOnly" };
        with_query(self.ml(Method::Get, &ws_path(ws, "jobs")), &[("listViewType", view)])
    }

    /// GET the first page of jobs with `Jobs_List` parameters (`JobFilter::server_query`); the
    /// next pages come from its `nextLink`, which keeps them.
    pub fn list_jobs_with(&self, ws: &WorkspaceRef, params: &[(&str, String)]) -> HttpRequest {
        let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        with_query(self.ml(Method::Get, &ws_path(ws, "jobs")), &pairs)
    }

    /// GET one job.
    pub fn get_job(&self, ws: &WorkspaceRef, id: &str) -> HttpRequest {
        self.ml(Method::Get, &job_path(ws, id))
    }

    /// PUT a job (synchronous 200/201). The id is the client's, chosen once per submission.
    pub fn put_job(&self, ws: &WorkspaceRef, id: &str, body: &Value) -> HttpRequest {
        with_json(self.ml(Method::Put, &job_path(ws, id)), body)
    }

    /// POST cancel, no body: 200, or 202 + `Location` (a long-running operation; see
    /// [`super::cancel`]).
    pub fn cancel_job(&self, ws: &WorkspaceRef, id: &str) -> HttpRequest {
        self.ml(Method::Post, &format!("{}/cancel", job_path(ws, id)))
    }
}

/// The data-plane base of one workspace (RunHistory, MLflow): the `api` URL of its discovery
/// document, or a configured endpoint with `{region}` filled in (see [`crate::dataplane`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataPlane {
    base: String,
}

impl DataPlane {
    /// A base URL used as is (the `api` of a discovery document); a trailing `/` is dropped.
    pub fn from_base(base: &str) -> DataPlane {
        DataPlane { base: base.trim().trim_end_matches('/').to_string() }
    }

    /// `endpoint` with `{region}` replaced by the workspace location in lower case without
    /// spaces (`East US` → `eastus`); a trailing `/` is dropped.
    pub fn new(endpoint: &str, location: &str) -> DataPlane {
        let region: String = location.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        DataPlane { base: endpoint.replace("{region}", &region).trim_end_matches('/').to_string() }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    fn history(&self, ws: &WorkspaceRef, run_id: &str, rest: &str) -> String {
        format!("{}/history/v1.0{}/runs/{}/{rest}", self.base, ws.arm_path(), encode_segment(run_id))
    }

    /// Artifact routes exist only below an experiment (docs/azure-ml-rest.md §Artifacts).
    fn experiment_run(&self, ws: &WorkspaceRef, experiment: &str, run_id: &str, rest: &str) -> String {
        format!(
            "{}/history/v1.0{}/experiments/{}/runs/{}/{rest}",
            self.base,
            ws.arm_path(),
            encode_segment(experiment),
            encode_segment(run_id)
        )
    }

    /// The workspace's MLflow REST base (`{base}/mlflow/v1.0{workspace}`, docs/azure-ml-rest.md
    /// §MLflow); MLflow's own routes (`/api/2.0/mlflow/…`) follow it.
    pub fn mlflow_base(&self, ws: &WorkspaceRef) -> String {
        format!("{}/mlflow/v1.0{}", self.base, ws.arm_path())
    }

    /// GET RunDetails (status, times, `logFiles` SAS URLs). The run id is the job name.
    pub fn run_details(&self, ws: &WorkspaceRef, run_id: &str) -> HttpRequest {
        request(Method::Get, self.history(ws, run_id, "details"))
    }

    /// GET the run's child runs (a sweep's trials, a pipeline's steps), `PaginatedRunList`
    /// (docs/azure-ml-rest.md §Children).
    pub fn run_children(&self, ws: &WorkspaceRef, run_id: &str) -> HttpRequest {
        request(Method::Get, self.history(ws, run_id, "children"))
    }

    /// GET the run's artifacts under `path` (e.g. `outputs`); `experiment` is the job's
    /// `experimentName`.
    pub fn run_artifacts(&self, ws: &WorkspaceRef, experiment: &str, run_id: &str, path: &str) -> HttpRequest {
        let rest = format!("artifacts/path?path={}", encode_query_value(path));
        request(Method::Get, self.experiment_run(ws, experiment, run_id, &rest))
    }

    /// GET the workspace's active MLflow experiments (`experiments/search`, up to 1,000 a page;
    /// `page_token` from the previous answer's `next_page_token`). Azure ML serves MLflow's REST
    /// API on this host under `/mlflow/v1.0{workspace}` (docs/azure-ml-rest.md §MLflow).
    pub fn search_experiments(&self, ws: &WorkspaceRef, page_token: Option<&str>) -> HttpRequest {
        let mut url = format!(
            "{}/mlflow/v1.0{}/api/2.0/mlflow/experiments/search?max_results=1000&view_type=ACTIVE_ONLY",
            self.base,
            ws.arm_path()
        );
        if let Some(t) = page_token.filter(|t| !t.is_empty()) {
            url.push_str(&format!("&page_token={}", encode_query_value(t)));
        }
        request(Method::Get, url)
    }

    /// GET a read SAS URL (`contentUri`) for one artifact.
    pub fn artifact_content_info(&self, ws: &WorkspaceRef, experiment: &str, run_id: &str, path: &str) -> HttpRequest {
        let rest = format!("artifacts/contentinfo?path={}", encode_query_value(path));
        request(Method::Get, self.experiment_run(ws, experiment, run_id, &rest))
    }
}
