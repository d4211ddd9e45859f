//! List Blobs under a prefix with the upload's SAS: names, sizes and the stored `Content-MD5`
//! of the previous snapshot's files — the per-file digest the diff compares with. Storage keeps
//! that property for every blob written by one Put Blob, and for a block list when the writer
//! set `x-ms-blob-content-md5`; the console sets it on everything it writes
//! (`docs/azure-ml-rest.md` §Blob-copy).

use super::container::ContainerSas;
use crate::base64;
use crate::url::encode_query_value;

/// Blobs per List Blobs page (the service's maximum).
pub const LIST_PAGE: u32 = 5000;

/// One listed blob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedBlob {
    /// Full blob path in the container.
    pub name: String,
    pub size: u64,
    /// Base64 `Content-MD5` as stored; `None` when the blob has none (e.g. a block blob whose
    /// writer did not set it).
    pub content_md5: Option<String>,
}

/// One page of a List Blobs answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlobPage {
    pub blobs: Vec<ListedBlob>,
    /// `NextMarker`, when there are more pages.
    pub next_marker: Option<String>,
}

/// `GET <container>?restype=container&comp=list&prefix=…[&marker=…]&<sas>`.
pub fn list_url(sas: &ContainerSas, prefix: &str, marker: Option<&str>) -> String {
    let mut url = format!(
        "{}?restype=container&comp=list&prefix={}&maxresults={LIST_PAGE}",
        sas.container_url,
        encode_query_value(prefix)
    );
    if let Some(m) = marker.filter(|m| !m.is_empty()) {
        url.push_str(&format!("&marker={}", encode_query_value(m)));
    }
    if !sas.sas.is_empty() {
        url.push('&');
        url.push_str(&sas.sas);
    }
    url
}

/// The five predefined XML entities and numeric character references.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(end) = after.find(';') else {
            out.push_str(after);
            return out;
        };
        let entity = &after[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => {
                u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32)
            }
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first `<tag …>text</tag>` in `xml`: (attributes, text). Tags are matched by name, so
/// `<Name>` does not match `<NameX>`.
fn element<'a>(xml: &'a str, tag: &str) -> Option<(&'a str, &'a str)> {
    let open = format!("<{tag}");
    let mut from = 0;
    while let Some(i) = xml[from..].find(&open) {
        let start = from + i + open.len();
        let next = xml[start..].chars().next()?;
        if next == '>' || next == ' ' || next == '/' {
            let gt = start + xml[start..].find('>')?;
            let attrs = &xml[start..gt];
            if attrs.ends_with('/') {
                return Some((attrs, ""));
            }
            let close = format!("</{tag}>");
            let end = gt + 1 + xml[gt + 1..].find(&close)?;
            return Some((attrs, &xml[gt + 1..end]));
        }
        from = start;
    }
    None
}

fn text(xml: &str, tag: &str) -> Option<String> {
    element(xml, tag).map(|(_, t)| unescape(t))
}

/// A blob name; `Encoded="true"` names (characters XML cannot carry) are base64 of UTF-8.
fn blob_name(blob: &str) -> Option<String> {
    let (attrs, raw) = element(blob, "Name")?;
    if attrs.contains("Encoded=\"true\"") {
        base64::decode(raw.trim()).and_then(|b| String::from_utf8(b).ok())
    } else {
        Some(unescape(raw))
    }
}

/// Parses one List Blobs answer. Blobs whose name or size cannot be read are left out (they
/// are then treated as absent, so the file is uploaded: still correct).
pub fn parse_page(xml: &str) -> BlobPage {
    let mut blobs = vec![];
    let mut rest = xml;
    while let Some(i) = rest.find("<Blob>") {
        let after = &rest[i + "<Blob>".len()..];
        let end = after.find("</Blob>").unwrap_or(after.len());
        let blob = &after[..end];
        rest = &after[end..];
        let (Some(name), Some(size)) =
            (blob_name(blob), text(blob, "Content-Length").and_then(|s| s.trim().parse().ok()))
        else {
            continue;
        };
        let content_md5 = text(blob, "Content-MD5").map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        blobs.push(ListedBlob { name, size, content_md5 });
    }
    let next_marker = text(xml, "NextMarker").filter(|m| !m.trim().is_empty());
    BlobPage { blobs, next_marker }
}
