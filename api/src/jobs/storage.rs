//! Azure Blob REST with a SAS URL, the sans-IO half: blob URLs, block plans and block lists,
//! the SDK's upload "indicator" metadata, storage XML errors, and the CORS rule an administrator
//! must add. The console sends the requests (never with the ARM token: the SAS is the
//! credential).

use std::collections::HashMap;

use crate::url::{encode_query_value, encode_segment};

/// Storage API version sent with every call (SAS requests accept it; Azurite too).
pub const STORAGE_VERSION: &str = "2021-08-06";

/// Files above this size go up as blocks (Put Block + Put Block List); smaller ones in one
/// Put Blob. A resumed upload only re-sends the blocks storage does not have.
pub const BLOCK_BYTES: u64 = 4 * 1024 * 1024;

/// Files written at once. Chromium keeps at most 6 HTTP/1.1 connections per host (the limit
/// storage endpoints meet in a browser), so more would only wait in the browser's queue.
pub const PARALLEL_UPLOADS: usize = 6;

/// Blocks of one big file sent at once (they share the connections above with other files).
pub const PARALLEL_BLOCKS: usize = 4;

/// `<base>/<encoded blob path>?<sas>` from a SAS URL of a container or folder. Each path
/// segment is percent-encoded, so `#`, `?` or `%` in a file name stay part of the name.
pub fn blob_url(sas_url: &str, blob_path: &str) -> String {
    let (base, sas) = sas_url.split_once('?').unwrap_or((sas_url, ""));
    let path: Vec<String> = blob_path.split('/').map(encode_segment).collect();
    let url = format!("{}/{}", base.trim_end_matches('/'), path.join("/"));
    if sas.is_empty() {
        url
    } else {
        format!("{url}?{sas}")
    }
}

/// Adds `k=v` pairs to a URL's query (`comp=block&blockid=…`), the SAS stays as it is.
pub fn with_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let q: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", encode_query_value(v))).collect();
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{}", q.join("&"))
}

/// The text of every `<tag>…</tag>` in order (storage XML is flat enough for this).
pub fn tag_values(body: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = vec![];
    let mut rest = body;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        let Some(j) = after.find(&close) else { break };
        out.push(after[..j].to_string());
        rest = &after[j + close.len()..];
    }
    out
}

/// The storage error code of an XML error body (`<Code>AuthenticationFailed</Code>`).
pub fn error_code(body: &str) -> Option<String> {
    tag_values(body, "Code").into_iter().next()
}

/// `storage answered HTTP 403 AuthenticationFailed (request id …)`.
pub fn failure_message(status: u16, body: &str, request_id: Option<&str>) -> String {
    let mut m = format!("storage answered HTTP {status}");
    if let Some(code) = error_code(body).filter(|c| !c.trim().is_empty()) {
        m.push_str(&format!(" {}", code.trim()));
    }
    if let Some(id) = request_id {
        m.push_str(&format!(" (request id {id})"));
    }
    m
}

/// The origin of a URL (`scheme://host[:port]`), for "the storage account at …".
pub fn origin_of(url: &str) -> String {
    crate::url::origin(url).map_or_else(|| url.to_string(), |o| o.to_string())
}

/// The id of block `i`: base64 of a fixed-width counter, so every id has the same length (a
/// Put Block List rule) and a resumed upload recognises the blocks of an earlier attempt.
pub fn block_id(i: usize) -> String {
    crate::base64::encode(format!("block-{i:06}").as_bytes())
}

/// One block of a file: bytes `[start, end)` under `id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub id: String,
    pub start: u64,
    pub end: u64,
}

/// The blocks of a file of `size` bytes (empty for an empty file).
pub fn plan_blocks(size: u64) -> Vec<Block> {
    let mut out = vec![];
    let mut start = 0;
    while start < size {
        let end = start.saturating_add(BLOCK_BYTES).min(size);
        out.push(Block { id: block_id(out.len()), start, end });
        start = end;
    }
    out
}

/// Uncommitted blocks of an earlier attempt, id → size, from a Get Block List answer
/// (`blocklisttype=uncommitted`). Entries whose size is unreadable are left out (they are sent
/// again, which is still correct).
pub fn uncommitted_blocks(body: &str) -> HashMap<String, u64> {
    tag_values(body, "Block")
        .iter()
        .filter_map(|b| {
            let name = tag_values(b, "Name").into_iter().next()?;
            let size = tag_values(b, "Size").into_iter().next()?.trim().parse().ok()?;
            Some((name, size))
        })
        .collect()
}

/// Whether `block` must be sent: storage does not already hold it with the same size.
pub fn needs_upload(block: &Block, present: &HashMap<String, u64>) -> bool {
    present.get(&block.id) != Some(&(block.end - block.start))
}

/// The Put Block List body committing `blocks` in order.
pub fn block_list_xml(blocks: &[Block]) -> String {
    let latest: String = blocks.iter().map(|b| format!("<Latest>{}</Latest>", b.id)).collect();
    format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>{latest}</BlockList>")
}

/// The SDK's "upload complete" marker, set last on the indicator file: a half-finished upload
/// is never taken as complete, and a finished one is not repeated.
pub fn indicator_metadata(name: &str, version: &str) -> Vec<(String, String)> {
    vec![
        ("x-ms-meta-upload_status".into(), "completed".into()),
        ("x-ms-meta-name".into(), name.into()),
        ("x-ms-meta-version".into(), version.into()),
    ]
}

/// Whether Get Blob Metadata headers say an earlier upload completed.
pub fn upload_completed(headers: &[(String, String)]) -> bool {
    headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("x-ms-meta-upload_status") && v == "completed")
}

/// The CORS rule an administrator must add to the workspace storage account, as settings and
/// as the `az` command (`content-range` exposed: the log viewer reads a log's size from it).
pub fn cors_rule(console_origin: &str) -> String {
    format!(
        "AllowedOrigins: {console_origin}\nAllowedMethods: PUT, GET, HEAD, OPTIONS\nAllowedHeaders: x-ms-*, content-type, range\n\
         ExposedHeaders: etag, content-length, content-range, x-ms-*\nMaxAgeInSeconds: 3600\n\n\
         az storage cors add --services b --methods PUT GET HEAD OPTIONS --origins {console_origin} \\\n  \
         --allowed-headers 'x-ms-*' content-type range --exposed-headers etag content-length content-range 'x-ms-*' --max-age 3600 --account-name <account>"
    )
}
