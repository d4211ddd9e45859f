//! Getting a job's files in and out: the code snapshot (downloaded from its `codeUri` in
//! Azurite, relative paths kept), `uri_file`/`uri_folder` inputs from datastores, and after the
//! run the output folders (to their `uri`, or `azureml/{runId}/{output}/` in
//! `workspaceblobstore`) plus `./outputs` as run artifacts.

use crate::resources::datastores;
use crate::state::AppState;
use crate::storage::{blobstore_container, ARTIFACT_CONTAINER};
use crate::store::Workspace;
use percent_encoding::percent_decode_str;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// `http://127.0.0.1:10000/devstoreaccount1/{container}/{prefix}` → (container, prefix).
pub fn split_storage_url(st: &AppState, url: &str) -> Option<(String, String)> {
    let url = url.split('?').next()?;
    let rest = url.strip_prefix(&format!("{}/", st.storage.url))?;
    let (c, p) = rest.split_once('/').unwrap_or((rest, ""));
    Some((c.to_string(), percent_decode_str(p).decode_utf8_lossy().into_owned()))
}

/// Downloads every blob under `prefix` into `dest`, keeping paths relative to the prefix. A
/// prefix that is itself a blob (a single file) lands as `dest/<file name>`. Returns the count.
pub async fn download_prefix(st: &AppState, container: &str, prefix: &str, dest: &Path) -> Result<usize, String> {
    let prefix = prefix.trim_start_matches('/');
    let folder = if prefix.is_empty() || prefix.ends_with('/') { prefix.to_string() } else { format!("{prefix}/") };
    let mut blobs = st.storage.list_blobs(container, &folder).await?;
    let mut single = false;
    if blobs.is_empty() && !prefix.is_empty() {
        blobs = st.storage.list_blobs(container, prefix).await?.into_iter().filter(|b| b.name == prefix).collect();
        single = true;
    }
    tokio::fs::create_dir_all(dest).await.map_err(|e| e.to_string())?;
    for b in &blobs {
        let rel = if single { b.name.rsplit('/').next().unwrap_or(&b.name) } else { &b.name[folder.len()..] };
        if rel.is_empty() || rel.split('/').any(|s| s == "..") {
            continue;
        }
        let path = dest.join(rel);
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await.map_err(|e| e.to_string())?;
        }
        let bytes = st.storage.get_blob(container, &b.name).await?;
        tokio::fs::write(&path, bytes).await.map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(blobs.len())
}

/// Downloads the code version's snapshot into `dest`.
pub async fn snapshot(st: &AppState, code: &Value, dest: &Path) -> Result<usize, String> {
    let uri = code["properties"]["codeUri"].as_str().unwrap_or_default();
    let (container, prefix) = split_storage_url(st, uri).ok_or_else(|| {
        format!(
            "Code URI '{uri}' is not in the emulator's storage ({}); upload the code with startPendingUpload.",
            st.storage.url
        )
    })?;
    let n = download_prefix(st, &container, &prefix, dest).await?;
    if n == 0 {
        return Err(format!("The code snapshot at '{uri}' is empty or missing."));
    }
    Ok(n)
}

/// The local value of an input: a literal, or the path a `uri_file`/`uri_folder` was
/// downloaded to (under `inputs_dir/{name}`).
pub async fn input(
    st: &AppState,
    ws: &Workspace,
    name: &str,
    input: &Value,
    inputs_dir: &Path,
) -> Result<String, String> {
    let ty = input["jobInputType"].as_str().unwrap_or_default();
    if ty == "literal" {
        return Ok(input["value"].as_str().unwrap_or_default().to_string());
    }
    let uri = input["uri"].as_str().unwrap_or_default();
    let (container, path) = if uri.starts_with("azureml://datastores/") {
        datastores::resolve_uri(st, ws, uri)?
    } else if let Some(cp) = split_storage_url(st, uri) {
        cp
    } else {
        return Err(format!(
            "Input '{name}': '{uri}' cannot be read by the emulator (use azureml://datastores/<name>/paths/<path> or an Azurite URL)."
        ));
    };
    let dest = inputs_dir.join(name);
    let n = download_prefix(st, &container, &path, &dest).await?;
    if n == 0 {
        return Err(format!("Input '{name}': nothing found at '{uri}'."));
    }
    if ty == "uri_file" {
        let file = path.trim_end_matches('/').rsplit('/').next().unwrap_or(name);
        return Ok(dest.join(file).display().to_string());
    }
    Ok(dest.display().to_string())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.is_file() {
                out.push(p);
            }
        }
    }
}

/// Uploads a local file or folder to `container/prefix/…`. Returns the number of files.
pub async fn upload(st: &AppState, local: &Path, container: &str, prefix: &str) -> Result<usize, String> {
    st.storage.ensure_container(container).await?;
    let prefix = prefix.trim_matches('/');
    let mut files = Vec::new();
    if local.is_file() {
        files.push(local.to_path_buf());
    } else {
        walk(local, &mut files);
    }
    for f in &files {
        let rel = if local.is_file() {
            f.file_name().unwrap().to_string_lossy().to_string()
        } else {
            f.strip_prefix(local).unwrap().to_string_lossy().replace('\\', "/")
        };
        let name = if prefix.is_empty() { rel } else { format!("{prefix}/{rel}") };
        let bytes = tokio::fs::read(f).await.map_err(|e| e.to_string())?;
        st.storage.put_blob(container, &name, bytes).await?;
    }
    Ok(files.len())
}

/// Uploads the named outputs and `./outputs` (as run artifacts). Returns a log of what went where.
pub async fn outputs(
    st: &AppState,
    ws: &Workspace,
    run_id: &str,
    props: &Value,
    out_dir: &Path,
    cwd: &Path,
) -> Result<String, String> {
    let mut log = String::new();
    if let Some(outs) = props["outputs"].as_object() {
        for (name, o) in outs {
            let local = out_dir.join(name);
            if !local.exists() {
                continue;
            }
            let (container, prefix) = match o["uri"].as_str().filter(|u| !u.is_empty()) {
                Some(u) if u.starts_with("azureml://datastores/") => datastores::resolve_uri(st, ws, u)?,
                Some(u) => {
                    split_storage_url(st, u).ok_or_else(|| format!("Output '{name}': cannot write to '{u}'."))?
                }
                None => (blobstore_container(&ws.guid), format!("azureml/{run_id}/{name}")),
            };
            let n = upload(st, &local, &container, &prefix).await?;
            log.push_str(&format!("Output '{name}': {n} file(s) uploaded to {container}/{prefix}\n"));
        }
    }
    let artifacts = cwd.join("outputs");
    if artifacts.is_dir() {
        let prefix = format!("{}outputs", crate::storage::run_prefix(run_id));
        let n = upload(st, &artifacts, ARTIFACT_CONTAINER, &prefix).await?;
        log.push_str(&format!("./outputs: {n} file(s) uploaded as run artifacts\n"));
    }
    Ok(log)
}
