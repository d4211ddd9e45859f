//! Where blobs live: the container a SAS URL points into, and the prefix of a previous snapshot
//! inside it. A `startPendingUpload` SAS is container-level (read, write, list;
//! `docs/azure-ml-rest.md` §Pending-upload), so the same SAS lists and reads the previous
//! snapshot when that one sits in the same container — the usual case, since the service puts
//! every code upload of a workspace in its blobstore container.

use crate::jobs::storage::blob_url;
use crate::url::{origin, path_of, percent_decode};

/// A container URL (no query, no trailing `/`) and the SAS query that authorizes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerSas {
    pub container_url: String,
    /// The SAS query without `?` (may be empty for a public container).
    pub sas: String,
}

/// How many leading path segments name the container: `/{container}` on
/// `*.blob.core.windows.net` and other host-named accounts, `/{account}/{container}` on an IP
/// address or `localhost` (Azurite's path-style URLs, `docs/CONTRACTS.md` "Emulator: jobs").
fn container_segments(url: &str) -> Option<usize> {
    let o = origin(url)?;
    let host = o.host.trim_start_matches('[').trim_end_matches(']');
    let ip_like = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok();
    Some(if ip_like { 2 } else { 1 })
}

/// Splits a blob URL (without query) into the container URL and the blob path inside it
/// (percent-decoded). `None` when the URL has no container in its path.
pub fn split_blob_url(url: &str) -> Option<(String, String)> {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let n = container_segments(url)?;
    let path = path_of(url);
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if segments.len() < n || segments[..n].iter().any(|s| s.is_empty()) {
        return None;
    }
    let container_path = segments[..n].join("/");
    let authority_start = url.find("://")? + 3;
    let path_start = authority_start + url[authority_start..].find('/')?;
    let at = path_start + 1 + container_path.len();
    let container_url = url[..at].to_string();
    let rest = segments[n..].join("/");
    let blob = percent_decode(&rest).unwrap_or(rest);
    Some((container_url, blob))
}

impl ContainerSas {
    /// From the SAS URL `startPendingUpload` returned (`<container>/<upload id>?<sas>`).
    pub fn from_sas_url(sas_url: &str) -> Option<ContainerSas> {
        let (base, sas) = sas_url.split_once('?').unwrap_or((sas_url, ""));
        let (container_url, _) = split_blob_url(base)?;
        Some(ContainerSas { container_url, sas: sas.to_string() })
    }

    /// `<container>/<blob path, each segment encoded>?<sas>`.
    pub fn blob_url(&self, blob_path: &str) -> String {
        let with_sas = if self.sas.is_empty() {
            self.container_url.clone()
        } else {
            format!("{}?{}", self.container_url, self.sas)
        };
        blob_url(&with_sas, blob_path)
    }

    /// The blob path (inside this container) of a snapshot's `codeUri`, with a trailing `/`:
    /// the prefix its files are listed under. `Err` says why the folder cannot be compared.
    pub fn prefix_of(&self, code_uri: &str) -> Result<String, NotComparable> {
        if !code_uri.starts_with("http://") && !code_uri.starts_with("https://") {
            return Err(NotComparable::NotABlobUrl);
        }
        let (container, path) = split_blob_url(code_uri).ok_or(NotComparable::NotABlobUrl)?;
        if !container.eq_ignore_ascii_case(&self.container_url) {
            return Err(NotComparable::OtherContainer);
        }
        let path = path.trim_matches('/');
        if path.is_empty() {
            return Err(NotComparable::NotABlobUrl);
        }
        Ok(format!("{path}/"))
    }
}

/// Why a previous snapshot cannot serve as a copy source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotComparable {
    /// Its `codeUri` is not an http(s) blob folder (e.g. an `azureml://` datastore path).
    NotABlobUrl,
    /// It lives in another container or storage account than the one the upload SAS covers.
    OtherContainer,
}

impl NotComparable {
    pub fn message(self) -> &'static str {
        match self {
            NotComparable::NotABlobUrl => "its files are not at a blob URL the console can read",
            NotComparable::OtherContainer => {
                "it is stored in another container than this upload, which the upload's SAS cannot read"
            }
        }
    }
}
