//! The link to Azurite, which stands in for every workspace's storage account.
//!
//! All workspaces share one Azurite account (`devstoreaccount1` by default) and are kept apart by
//! container names: `azureml-blobstore-{workspaceId}` (datastore `workspaceblobstore`) and the
//! shared `azureml` container (datastore `workspaceartifactstore`, run logs under
//! `ExperimentRun/dcid.{runId}/`). Containers are created on first use.

pub mod shared_key;

use crate::util::{append_query, http_date, now_secs, url_encode};
use shared_key::{authorization, service_sas, STORAGE_VERSION};
use std::collections::HashSet;
use std::sync::Mutex;

/// Azurite's well-known development account (public, documented by Microsoft).
pub const DEV_ACCOUNT: &str = "devstoreaccount1";
pub const DEV_KEY: &str = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
pub const ARTIFACT_CONTAINER: &str = "azureml";

pub fn blobstore_container(workspace_guid: &str) -> String {
    format!("azureml-blobstore-{workspace_guid}")
}

/// Prefix of a run's files in the artifact container, as the service lays them out.
pub fn run_prefix(run_id: &str) -> String {
    format!("ExperimentRun/dcid.{run_id}/")
}

pub struct Storage {
    /// `http://127.0.0.1:10000/devstoreaccount1` (no trailing slash).
    pub url: String,
    pub account: String,
    key: Vec<u8>,
    http: reqwest::Client,
    /// Containers known to exist, so each is created once per process.
    created: Mutex<HashSet<String>>,
}

/// One listed blob.
#[derive(Debug, Clone)]
pub struct BlobItem {
    pub name: String,
    pub size: u64,
}

/// Blob names keep their slashes; every other reserved character is encoded.
pub fn encode_path(name: &str) -> String {
    name.split('/').map(url_encode).collect::<Vec<_>>().join("/")
}

impl Storage {
    /// `ca_pem`: the certificate of an Azurite on HTTPS (with OAuth on, Azurite accepts bearer
    /// tokens only over HTTPS); unreadable or absent, only plain HTTP works.
    pub fn new(url: &str, account: &str, key_b64: &str, ca_pem: Option<&std::path::Path>) -> Storage {
        use base64::Engine;
        let key = base64::engine::general_purpose::STANDARD.decode(key_b64.trim()).unwrap_or_default();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(3))
            .timeout(std::time::Duration::from_secs(120));
        if let Some(path) = ca_pem {
            match std::fs::read(path)
                .map_err(|e| e.to_string())
                .and_then(|pem| reqwest::Certificate::from_pem(&pem).map_err(|e| e.to_string()))
            {
                Ok(cert) => builder = builder.add_root_certificate(cert),
                Err(e) => eprintln!("aml-emulator: --azurite-ca {}: {e}", path.display()),
            }
        }
        let http = builder.build().expect("http client");
        Storage {
            url: url.trim_end_matches('/').to_string(),
            account: account.to_string(),
            key,
            http,
            created: Mutex::new(HashSet::new()),
        }
    }

    pub fn container_url(&self, container: &str) -> String {
        format!("{}/{container}", self.url)
    }

    pub fn blob_url(&self, container: &str, blob: &str) -> String {
        format!("{}/{container}/{}", self.url, encode_path(blob))
    }

    /// Container SAS (read, add, create, write, delete, list) valid for `hours`.
    pub fn container_sas(&self, container: &str, permissions: &str, hours: u64) -> String {
        let now = now_secs();
        service_sas(&self.account, &self.key, container, None, permissions, now - 300, now + hours * 3600)
    }

    /// Read-only SAS URL of one blob (log files, artifacts).
    pub fn blob_read_url(&self, container: &str, blob: &str) -> String {
        let now = now_secs();
        let sas = service_sas(&self.account, &self.key, container, Some(blob), "r", now - 300, now + 8 * 3600);
        format!("{}?{sas}", self.blob_url(container, blob))
    }

    /// Sends a Shared Key signed request. `url` has no query; `query` pairs are added encoded.
    async fn send(
        &self,
        method: &str,
        url: &str,
        query: &[(&str, &str)],
        extra: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Result<reqwest::Response, String> {
        let path = match url.find("://").and_then(|i| url[i + 3..].find('/').map(|j| i + 3 + j)) {
            Some(p) => url[p..].to_string(),
            None => "/".to_string(),
        };
        let mut headers: Vec<(String, String)> = vec![
            ("x-ms-date".into(), http_date(now_secs())),
            ("x-ms-version".into(), STORAGE_VERSION.into()),
            ("Content-Length".into(), body.len().to_string()),
        ];
        headers.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let q: Vec<(String, String)> = query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let auth = authorization(&self.account, &self.key, method, &path, &q, &headers);
        let full = append_query(url, query);
        let mut req = self.http.request(method.parse().unwrap(), full).header("Authorization", auth);
        for (k, v) in &headers {
            req = req.header(k.as_str(), v.as_str());
        }
        req.body(body).send().await.map_err(|e| {
            format!(
                "Cannot reach the storage emulator (Azurite) at {}: {e}. Start Azurite or pass --azurite-url.",
                self.url
            )
        })
    }

    async fn expect(resp: reqwest::Response, what: &str, ok: &[u16]) -> Result<reqwest::Response, String> {
        let status = resp.status().as_u16();
        if ok.contains(&status) {
            return Ok(resp);
        }
        let text = resp.text().await.unwrap_or_default();
        Err(format!("Azurite {what} failed with HTTP {status}: {}", text.chars().take(400).collect::<String>()))
    }

    /// Creates the container unless this process already knows it exists (409 = exists).
    pub async fn ensure_container(&self, container: &str) -> Result<(), String> {
        if self.created.lock().unwrap().contains(container) {
            return Ok(());
        }
        if self.created.lock().unwrap().is_empty() {
            // First contact: let the console's browser use the SAS URLs too (best effort).
            if let Err(e) = self.allow_cors().await {
                eprintln!("aml-emulator: could not set Azurite's CORS rule: {e}");
            }
        }
        let r = self.send("PUT", &self.container_url(container), &[("restype", "container")], &[], vec![]).await?;
        Self::expect(r, "Create Container", &[201, 409]).await?;
        self.created.lock().unwrap().insert(container.to_string());
        Ok(())
    }

    pub async fn put_blob(&self, container: &str, blob: &str, bytes: Vec<u8>) -> Result<(), String> {
        let r =
            self.send("PUT", &self.blob_url(container, blob), &[], &[("x-ms-blob-type", "BlockBlob")], bytes).await?;
        Self::expect(r, "Put Blob", &[201]).await.map(|_| ())
    }

    /// Creates an empty append blob (replacing any blob of that name).
    pub async fn create_append_blob(&self, container: &str, blob: &str) -> Result<(), String> {
        let extra = [("x-ms-blob-type", "AppendBlob"), ("x-ms-blob-content-type", "text/plain; charset=utf-8")];
        let r = self.send("PUT", &self.blob_url(container, blob), &[], &extra, vec![]).await?;
        Self::expect(r, "Put Blob (AppendBlob)", &[201]).await.map(|_| ())
    }

    pub async fn append_block(&self, container: &str, blob: &str, bytes: Vec<u8>) -> Result<(), String> {
        let r = self.send("PUT", &self.blob_url(container, blob), &[("comp", "appendblock")], &[], bytes).await?;
        Self::expect(r, "Append Block", &[201]).await.map(|_| ())
    }

    pub async fn get_blob(&self, container: &str, blob: &str) -> Result<Vec<u8>, String> {
        let r = self.send("GET", &self.blob_url(container, blob), &[], &[], vec![]).await?;
        let r = Self::expect(r, "Get Blob", &[200]).await?;
        r.bytes().await.map(|b| b.to_vec()).map_err(|e| e.to_string())
    }

    /// Every blob under `prefix` (follows NextMarker).
    pub async fn list_blobs(&self, container: &str, prefix: &str) -> Result<Vec<BlobItem>, String> {
        let mut out = Vec::new();
        let mut marker = String::new();
        loop {
            let mut q = vec![("restype", "container"), ("comp", "list"), ("prefix", prefix)];
            if !marker.is_empty() {
                q.push(("marker", marker.as_str()));
            }
            let r = self.send("GET", &self.container_url(container), &q, &[], vec![]).await?;
            if r.status().as_u16() == 404 {
                return Ok(out); // no container yet = nothing uploaded
            }
            let xml = Self::expect(r, "List Blobs", &[200]).await?.text().await.map_err(|e| e.to_string())?;
            for blob in xml.split("<Blob>").skip(1) {
                let name = xml_text(blob, "Name").unwrap_or_default();
                let size = xml_text(blob, "Content-Length").and_then(|s| s.parse().ok()).unwrap_or(0);
                out.push(BlobItem { name, size });
            }
            match xml_text(&xml, "NextMarker").filter(|m| !m.is_empty()) {
                Some(m) => marker = m,
                None => return Ok(out),
            }
        }
    }

    /// Lets browsers (the console) PUT and GET blobs with SAS URLs: one permissive CORS rule on
    /// the Blob service, as the console's docs ask for a real storage account.
    pub async fn allow_cors(&self) -> Result<(), String> {
        let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><StorageServiceProperties><Cors><CorsRule>\
<AllowedOrigins>*</AllowedOrigins><AllowedMethods>GET,HEAD,PUT,OPTIONS</AllowedMethods>\
<MaxAgeInSeconds>3600</MaxAgeInSeconds><ExposedHeaders>*</ExposedHeaders><AllowedHeaders>*</AllowedHeaders>\
</CorsRule></Cors></StorageServiceProperties>";
        let url = format!("{}/", self.url);
        let q = [("restype", "service"), ("comp", "properties")];
        let r = self.send("PUT", &url, &q, &[("Content-Type", "application/xml")], body.as_bytes().to_vec()).await?;
        Self::expect(r, "Set Blob Service Properties", &[202]).await.map(|_| ())
    }
}

/// Text of the first `<tag>…</tag>` in `xml`, with the five XML entities decoded.
fn xml_text(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&format!("</{tag}>"))? + start;
    Some(
        xml[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}
