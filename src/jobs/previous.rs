//! Compares the picked folder with a previous snapshot in storage — the web half of
//! `aml_api::jobs::incremental`: read where the previous code version's files are, list them
//! with the upload's SAS (List Blobs, every page), and diff them with the local MD5s. Also keeps
//! this browser's manifest of the last code version made from each folder name.

use super::blob;
use crate::browser;
use crate::http::{storage_retry, Api};
use crate::i18n::{t, tf};
use aml_api::jobs::incremental::previous::{code_uri, from_manifest, manifest_json, manifest_key};
use aml_api::jobs::incremental::{
    code_in_workspace, diff, list_url, parse_page, ContainerSas, ListedBlob, Previous, SnapshotDiff,
};
use aml_api::jobs::storage::failure_message;
use aml_api::snapshot::Selection;
use aml_api::{Method, WorkspaceRef};
use serde_json::Value;
use std::collections::HashMap;

/// A finished comparison: the diff and the prefix its copies are read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Compared {
    pub diff: SnapshotDiff,
    pub prefix: String,
    pub previous: Previous,
}

/// The last code version this browser made (or reused) from a folder of this name.
pub fn remembered(ws: &WorkspaceRef, root: &str) -> Option<Previous> {
    from_manifest(&browser::local_get(&manifest_key(ws, root))?)
}

/// Remembers the code version a submission of this folder used.
pub fn remember(ws: &WorkspaceRef, root: &str, code_id: &str, code_uri: &str) {
    browser::local_set(&manifest_key(ws, root), &manifest_json(code_id, code_uri));
}

/// The previous snapshot's `codeUri`: from the manifest, else read from its code version.
async fn resolve_uri(api: &Api, ws: &WorkspaceRef, previous: &Previous) -> Result<String, String> {
    if let Some(u) = &previous.code_uri {
        return Ok(u.clone());
    }
    let (name, version) = code_in_workspace(ws, &previous.code_id).ok_or_else(|| {
        t("prev.elsewhere", "its code version belongs to another workspace or a registry").to_string()
    })?;
    let v: Value = api.json(api.arm().get_code_version(ws, &name, &version)).await.map_err(|e| {
        tf(
            "prev.unreadable",
            "its code version could not be read ({code}: {message})",
            &[("code", &e.code), ("message", &e.message)],
        )
    })?;
    code_uri(&v).ok_or_else(|| t("prev.no_uri", "its code version has no codeUri").to_string())
}

/// Every blob under `prefix` (List Blobs, following `NextMarker`).
async fn list_all(sas: &ContainerSas, prefix: &str) -> Result<Vec<ListedBlob>, String> {
    let mut out = vec![];
    let mut marker: Option<String> = None;
    loop {
        let url = list_url(sas, prefix, marker.as_deref());
        let r = blob::send(Method::Get, &url, &[], None, storage_retry()).await.map_err(|e| {
            tf("prev.not_listed", "its files could not be listed ({reason})", &[("reason", e.message())])
        })?;
        if !r.ok() {
            let why = failure_message(r.status, &r.body, r.header("x-ms-request-id"));
            return Err(tf(
                "prev.sas",
                "its files could not be listed: {why}; the upload's SAS may not allow listing",
                &[("why", &why)],
            ));
        }
        let page = parse_page(&r.body);
        out.extend(page.blobs);
        match page.next_marker {
            Some(m) => marker = Some(m),
            None => return Ok(out),
        }
    }
}

/// Compares the selection (with its local MD5s) with `previous`, using the SAS of a pending
/// upload (`sas_url`). `Err` is the reason to upload everything, in words.
pub async fn compare(
    api: &Api,
    ws: &WorkspaceRef,
    sas_url: &str,
    previous: &Previous,
    selection: &Selection,
    md5: &HashMap<String, String>,
) -> Result<Compared, String> {
    let sas = ContainerSas::from_sas_url(sas_url)
        .ok_or_else(|| "the upload location is not a blob container URL".to_string())?;
    let uri = resolve_uri(api, ws, previous).await?;
    let prefix = sas.prefix_of(&uri).map_err(|e| e.message().to_string())?;
    let listed = list_all(&sas, &prefix).await?;
    if listed.is_empty() {
        return Err("its files are no longer in storage".into());
    }
    Ok(Compared { diff: diff(&selection.files, md5, &listed, &prefix), prefix, previous: previous.clone() })
}
