//! Helpers for the job tests: upload a code snapshot to Azurite, submit a Command job to
//! `ws-demo`, wait for it, and read its run details and logs through the data plane.

use super::{Emu, DEV, V};
use serde_json::{json, Value};

pub const WS_GUID: &str = "6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7";

impl Emu {
    pub fn demo(&self) -> String {
        self.ws_path(DEV, "rg-ml-dev", "ws-demo")
    }

    /// Uploads `files` under a fresh prefix of the workspace blob container and registers a code
    /// version pointing at it. Returns the version's ARM id.
    pub async fn upload_code(&self, files: &[(&str, &str)]) -> String {
        let st = &self.state;
        let container = format!("azureml-blobstore-{WS_GUID}");
        st.storage.ensure_container(&container).await.unwrap();
        let prefix = format!("snap-{}", uuid::Uuid::new_v4());
        for (name, text) in files {
            st.storage.put_blob(&container, &format!("{prefix}/{name}"), text.as_bytes().to_vec()).await.unwrap();
        }
        let name = format!("code-{}", &uuid::Uuid::new_v4().to_string()[..8]);
        let uri = format!("{}/{prefix}", st.storage.container_url(&container));
        let path = format!("{}/codes/{name}/versions/1?api-version={V}", self.demo());
        let (s, _, b) = self.call("PUT", &path, Some(&json!({"properties": {"codeUri": uri}}))).await;
        assert_eq!(s, 201, "{b}");
        b["id"].as_str().unwrap().to_string()
    }

    /// A Command job body on `cpu-cluster` with the curated sklearn environment (by registry id).
    pub fn command_job(&self, command: &str, code_id: Option<&str>) -> Value {
        json!({"properties": {
            "jobType": "Command", "command": command, "codeId": code_id, "experimentName": "tests",
            "environmentId": "azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest",
            "computeId": format!("{}/computes/cpu-cluster", self.demo()),
        }})
    }

    pub async fn submit(&self, name: &str, body: &Value) -> (u16, Value) {
        let (s, _, b) = self.call("PUT", &format!("{}/jobs/{name}?api-version={V}", self.demo()), Some(body)).await;
        (s, b)
    }

    pub async fn job(&self, name: &str) -> Value {
        self.call("GET", &format!("{}/jobs/{name}?api-version={V}", self.demo()), None).await.2
    }

    /// Polls until the job is Completed, Failed or Canceled.
    pub async fn wait_job(&self, name: &str, secs: u64) -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            let j = self.job(name).await;
            let s = j["properties"]["status"].as_str().unwrap_or_default().to_string();
            if ["Completed", "Failed", "Canceled"].contains(&s.as_str()) {
                return j;
            }
            assert!(std::time::Instant::now() < deadline, "job {name} still {s}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    /// Polls until the job reaches `status` (e.g. Running).
    pub async fn wait_status(&self, name: &str, status: &str, secs: u64) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        while self.job(name).await["properties"]["status"] != status {
            assert!(std::time::Instant::now() < deadline, "job {name} never {status}");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// `GET /history/v1.0{ws}/runs/{name}/details`.
    pub async fn details(&self, name: &str) -> Value {
        let (s, _, b) = self.call("GET", &format!("/history/v1.0{}/runs/{name}/details", self.demo()), None).await;
        assert_eq!(s, 200, "{b}");
        b
    }

    /// A log file of a run, read with its SAS URL (no token), as the console does.
    pub async fn log(&self, name: &str, file: &str) -> String {
        let d = self.details(name).await;
        let url = d["logFiles"][file].as_str().unwrap_or_else(|| panic!("no {file} in {}", d["logFiles"]));
        self.http.get(url).send().await.unwrap().text().await.unwrap()
    }
}
