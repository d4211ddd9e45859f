//! Re-submits that send only what changed: where the previous snapshot is, what List Blobs
//! says about it, the per-file diff, the transfer plan (copies, block copies above 256 MiB,
//! uploads, the indicator last), the copy requests' headers and what their answers mean.

mod jobs_support;

use std::collections::HashMap;

use aml_api::jobs::incremental::previous::{code_uri, from_job, from_manifest, manifest_json, manifest_key, Origin};
use aml_api::jobs::incremental::transfer::{
    block_copies, block_from_url_headers, block_list_headers, copy_from_url_headers, put_blob_headers, source_blocks,
    BLOCK_FROM_URL_BYTES, COPY_FROM_URL_MAX,
};
use aml_api::jobs::incremental::*;
use aml_api::snapshot::{md5_base64, select, Entry, FileMd5, SelectOptions};
use jobs_support::{ws, WS_PATH};
use serde_json::json;

const AZURITE_SAS: &str =
    "http://127.0.0.1:10000/devstoreaccount1/azureml-blobstore-42/up-2?sv=2021-08-06&sr=c&sp=racwdl&sig=a%2Bb";
const AZURE_SAS: &str = "https://acct.blob.core.windows.net/azureml-blobstore-42/LocalUpload/up-2?sv=2021&sr=c&sig=x";

#[test]
fn the_container_of_a_sas_url_by_host_style() {
    let a = ContainerSas::from_sas_url(AZURITE_SAS).unwrap();
    assert_eq!(a.container_url, "http://127.0.0.1:10000/devstoreaccount1/azureml-blobstore-42");
    assert_eq!(a.sas, "sv=2021-08-06&sr=c&sp=racwdl&sig=a%2Bb");
    let z = ContainerSas::from_sas_url(AZURE_SAS).unwrap();
    assert_eq!(z.container_url, "https://acct.blob.core.windows.net/azureml-blobstore-42");
    let local = ContainerSas::from_sas_url("http://localhost:10000/devstoreaccount1/c/x?sig=1").unwrap();
    assert_eq!(local.container_url, "http://localhost:10000/devstoreaccount1/c");
    for bad in ["not a url", "https://acct.blob.core.windows.net/", "http://127.0.0.1:10000/devstoreaccount1"] {
        assert_eq!(ContainerSas::from_sas_url(bad), None, "{bad}");
    }
    // Blob URLs keep every segment encoded and the SAS after them.
    assert_eq!(
        a.blob_url("up-1/proj/a b#.py"),
        "http://127.0.0.1:10000/devstoreaccount1/azureml-blobstore-42/up-1/proj/a%20b%23.py?sv=2021-08-06&sr=c&sp=racwdl&sig=a%2Bb"
    );
    assert_eq!(split_blob_url("https://acct.blob.core.windows.net/c/p/q%20r").unwrap().1, "p/q r");
}

#[test]
fn the_previous_prefix_only_in_the_same_container() {
    let sas = ContainerSas::from_sas_url(AZURITE_SAS).unwrap();
    let same = "http://127.0.0.1:10000/devstoreaccount1/azureml-blobstore-42/up-1/proj";
    assert_eq!(sas.prefix_of(same), Ok("up-1/proj/".into()));
    assert_eq!(sas.prefix_of(&format!("{same}/")), Ok("up-1/proj/".into()));
    assert_eq!(
        sas.prefix_of("http://127.0.0.1:10000/devstoreaccount1/other/up-1/proj"),
        Err(NotComparable::OtherContainer)
    );
    assert_eq!(
        sas.prefix_of("https://other.blob.core.windows.net/azureml-blobstore-42/x"),
        Err(NotComparable::OtherContainer)
    );
    assert_eq!(
        sas.prefix_of("azureml://subscriptions/s/resourcegroups/r/workspaces/w/datastores/d/paths/x"),
        Err(NotComparable::NotABlobUrl)
    );
    assert_eq!(
        sas.prefix_of("http://127.0.0.1:10000/devstoreaccount1/azureml-blobstore-42"),
        Err(NotComparable::NotABlobUrl),
        "the whole container is not one snapshot"
    );
    assert!(!NotComparable::OtherContainer.message().is_empty());
}

#[test]
fn list_blobs_requests_and_pages() {
    let sas = ContainerSas::from_sas_url(AZURITE_SAS).unwrap();
    assert_eq!(
        list_url(&sas, "up-1/proj/", None),
        "http://127.0.0.1:10000/devstoreaccount1/azureml-blobstore-42?restype=container&comp=list&prefix=up-1%2Fproj%2F&maxresults=5000&sv=2021-08-06&sr=c&sp=racwdl&sig=a%2Bb"
    );
    assert!(list_url(&sas, "p/", Some("2!abc=")).contains("&marker=2%21abc%3D&"));
    let xml = r#"<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="x" ContainerName="c">
<Prefix>up-1/proj/</Prefix><MaxResults>5000</MaxResults><Blobs>
<Blob><Name>up-1/proj/a &amp; b.py</Name><Properties><Content-Length>12</Content-Length><Content-MD5>XrY7u+Ae7tCTyyK7j1rNww==</Content-MD5></Properties></Blob>
<Blob><Name>up-1/proj/big.bin</Name><Properties><Content-Length>9000000</Content-Length><Content-MD5 /></Properties><Metadata /></Blob>
<Blob><Name Encoded="true">dXAtMS9wcm9qL++/vg==</Name><Properties><Content-Length>1</Content-Length></Properties></Blob>
<Blob><Name>broken</Name><Properties><Content-Length>nope</Content-Length></Properties></Blob>
</Blobs><NextMarker>2!96!MDAwMDM2</NextMarker></EnumerationResults>"#;
    let page = parse_page(xml);
    assert_eq!(page.next_marker.as_deref(), Some("2!96!MDAwMDM2"));
    assert_eq!(page.blobs.len(), 3, "the unreadable blob is left out");
    assert_eq!(page.blobs[0].name, "up-1/proj/a & b.py");
    assert_eq!(page.blobs[0].size, 12);
    assert_eq!(page.blobs[0].content_md5.as_deref(), Some("XrY7u+Ae7tCTyyK7j1rNww=="));
    assert_eq!(page.blobs[1].content_md5, None, "an empty Content-MD5 is no digest");
    assert_eq!(page.blobs[2].name, "up-1/proj/\u{fffe}");
    assert_eq!(parse_page("<EnumerationResults><Blobs /><NextMarker /></EnumerationResults>"), BlobPage::default());
}

#[test]
fn md5_as_storage_records_it() {
    // RFC 1321's test vectors, in base64 as Content-MD5 carries them.
    assert_eq!(md5_base64(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
    assert_eq!(md5_base64(b"abc"), "kAFQmDzST7DWlj99KOF/cg==");
    let mut m = FileMd5::new();
    m.update(b"a");
    m.update(b"bc");
    assert_eq!(m.finish(), md5_base64(b"abc"), "streaming = one shot");
}

fn listed(prefix: &str, files: &[(&str, &[u8])]) -> Vec<ListedBlob> {
    files
        .iter()
        .map(|(p, b)| ListedBlob {
            name: format!("{prefix}{p}"),
            size: b.len() as u64,
            content_md5: Some(md5_base64(b)),
        })
        .collect()
}

fn local(files: &[(&str, &[u8])]) -> (Vec<Entry>, HashMap<String, String>) {
    let entries = files.iter().map(|(p, b)| Entry::new(*p, b.len() as u64)).collect();
    let md5 = files.iter().map(|(p, b)| (p.to_string(), md5_base64(b))).collect();
    (entries, md5)
}

#[test]
fn the_diff_per_file() {
    let prefix = "up-1/proj/";
    let mut old = listed(
        prefix,
        &[("train.py", b"print(1)"), ("lib/a.py", b"A"), ("gone.txt", b"bye"), ("same-size.py", b"xx"), ("empty", b"")],
    );
    old.push(ListedBlob { name: format!("{prefix}nodigest.bin"), size: 3, content_md5: None });
    old.push(ListedBlob { name: "up-1/other/train.py".into(), size: 8, content_md5: None });
    old.push(ListedBlob { name: prefix.into(), size: 0, content_md5: None });
    let (files, md5) = local(&[
        ("train.py", b"print(2)"),
        ("lib/a.py", b"A"),
        ("new.py", b"new!"),
        ("same-size.py", b"yy"),
        ("empty", b""),
        ("nodigest.bin", b"abc"),
    ]);
    let d = diff(&files, &md5, &old, prefix);
    let states: Vec<(&str, FileState, Option<ChangeReason>)> =
        d.rows.iter().map(|r| (r.path.as_str(), r.state, r.reason)).collect();
    assert_eq!(
        states,
        vec![
            ("empty", FileState::Copied, None),
            ("gone.txt", FileState::Removed, None),
            ("lib/a.py", FileState::Copied, None),
            ("new.py", FileState::Added, None),
            ("nodigest.bin", FileState::Changed, Some(ChangeReason::NoStoredDigest)),
            ("same-size.py", FileState::Changed, Some(ChangeReason::Content)),
            ("train.py", FileState::Changed, Some(ChangeReason::Content)),
        ]
    );
    assert_eq!((d.added, d.changed, d.copied, d.removed), (1, 3, 2, 1));
    assert_eq!(d.bytes_to_send, 4 + 3 + 2 + 8);
    assert_eq!(d.bytes_copied, 1);
    assert_eq!(d.state_of("gone.txt"), None, "removed files are not in the new snapshot");
    assert_eq!(d.state_of("lib/a.py"), Some(FileState::Copied));
    assert!(!d.identical());
    assert_eq!(d.summary(), "3 changed, 1 added, 1 removed, 2 unchanged (copied inside storage, 1 B) · 17 B to send");

    // A different size is a change even when the digest is missing on both sides.
    let (f2, m2) = (vec![Entry::new("x", 5)], HashMap::new());
    let d2 = diff(&f2, &m2, &[ListedBlob { name: "p/x".into(), size: 4, content_md5: None }], "p/");
    assert_eq!(d2.rows[0].reason, Some(ChangeReason::Size));
    // No local digest yet: never counted as unchanged.
    let d3 = diff(&f2, &m2, &listed("p/", &[("x", b"12345")]), "p/");
    assert_eq!(d3.rows[0].state, FileState::Changed);
    // The same folder again.
    let (f4, m4) = local(&[("a", b"1"), ("b", b"2")]);
    assert!(diff(&f4, &m4, &listed("p/", &[("a", b"1"), ("b", b"2")]), "p/").identical());
}

fn selection(files: &[(&str, u64)]) -> aml_api::snapshot::Selection {
    let entries: Vec<Entry> = files.iter().map(|(p, s)| Entry::new(*p, *s)).collect();
    select(&entries, &SelectOptions::default()).unwrap()
}

#[test]
fn the_plan_copies_unchanged_files_and_puts_the_indicator_last() {
    let sel = selection(&[("a.py", 3), ("b.py", 4), ("huge.bin", COPY_FROM_URL_MAX + 1), ("c.py", 5)]);
    let mut md5: HashMap<String, String> =
        sel.files.iter().map(|f| (f.path.clone(), format!("m-{}", f.path))).collect();
    md5.remove("c.py");
    let old = vec![
        ListedBlob { name: "u/p/a.py".into(), size: 3, content_md5: Some("m-a.py".into()) },
        ListedBlob { name: "u/p/b.py".into(), size: 4, content_md5: Some("other".into()) },
        ListedBlob { name: "u/p/huge.bin".into(), size: COPY_FROM_URL_MAX + 1, content_md5: Some("m-huge.bin".into()) },
    ];
    let d = diff(&sel.files, &md5, &old, "u/p/");
    let p = plan(&sel, &md5, Some(&d), "u/p/");
    let order: Vec<&str> = p.iter().map(|t| t.path.as_str()).collect();
    assert_eq!(order, vec!["b.py", "c.py", "huge.bin", "a.py"], "the indicator (first in SDK order) goes last");
    assert_eq!(p[3].transfer, Transfer::CopyFromUrl { source: "u/p/a.py".into() });
    assert_eq!(p[0].transfer, Transfer::Upload);
    assert_eq!(p[1].md5, None);
    match &p[2].transfer {
        Transfer::BlocksFromUrl { source, blocks } => {
            assert_eq!(source, "u/p/huge.bin");
            assert_eq!(blocks.len(), 3);
            assert_eq!(blocks[0].end - blocks[0].start, BLOCK_FROM_URL_BYTES);
            assert_eq!(blocks[2].end, COPY_FROM_URL_MAX + 1);
            assert!(blocks.iter().all(|b| b.id.len() == blocks[0].id.len()));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(block_copies(&p), 1);
    assert!(p.iter().filter(|t| t.is_copy()).count() == 2);
    // Without a diff, everything is uploaded.
    assert!(plan(&sel, &md5, None, "u/p/").iter().all(|t| t.transfer == Transfer::Upload));
    assert!(source_blocks(0).is_empty());
}

#[test]
fn copy_and_upload_headers() {
    let src = "http://127.0.0.1:10000/devstoreaccount1/c/u/p/a.py?sig=x";
    let hs = copy_from_url_headers(src, Some("bWQ1"));
    assert!(hs.contains(&("x-ms-copy-source".into(), src.into())));
    assert!(hs.contains(&("x-ms-requires-sync".into(), "true".into())));
    assert!(hs.contains(&("x-ms-source-content-md5".into(), "bWQ1".into())));
    assert_eq!(copy_from_url_headers(src, None).len(), 2);
    let b = &source_blocks(BLOCK_FROM_URL_BYTES + 10)[1];
    assert!(block_from_url_headers(src, b).contains(&(
        "x-ms-source-range".into(),
        format!("bytes={}-{}", BLOCK_FROM_URL_BYTES, BLOCK_FROM_URL_BYTES + 9)
    )));
    assert!(put_blob_headers(Some("bWQ1")).contains(&("x-ms-blob-content-md5".into(), "bWQ1".into())));
    assert!(block_list_headers(Some("bWQ1")).contains(&("x-ms-blob-content-md5".into(), "bWQ1".into())));
    assert!(!put_blob_headers(None).iter().any(|(k, _)| k.contains("md5")));
}

#[test]
fn what_a_copy_answer_means() {
    let err = |code: &str| format!("<?xml version=\"1.0\"?><Error><Code>{code}</Code><Message>m</Message></Error>");
    assert_eq!(judge_copy(202, "", Some("success"), true), CopyVerdict::Copied);
    assert_eq!(judge_copy(201, "", None, false), CopyVerdict::Copied, "Put Block From URL has no copy status");
    assert!(matches!(judge_copy(202, "", Some("pending"), true), CopyVerdict::UploadThisFile(_)));
    assert!(matches!(judge_copy(202, "", None, true), CopyVerdict::UploadThisFile(_)));
    assert_eq!(
        judge_copy(403, &err("CannotVerifyCopySource"), None, true),
        CopyVerdict::Refused(Refusal::Denied { status: 403, code: "CannotVerifyCopySource".into() })
    );
    assert_eq!(
        judge_copy(501, &err("NotImplemented"), None, true),
        CopyVerdict::Refused(Refusal::Unsupported { status: 501, code: "NotImplemented".into() })
    );
    assert!(matches!(
        judge_copy(400, &err("UnsupportedHeader"), None, true),
        CopyVerdict::Refused(Refusal::Unsupported { .. })
    ));
    // One file's source is gone or changed: only that file is uploaded.
    assert!(matches!(judge_copy(404, &err("CannotVerifyCopySource"), None, true), CopyVerdict::UploadThisFile(_)));
    assert!(matches!(judge_copy(400, &err("Md5Mismatch"), None, true), CopyVerdict::UploadThisFile(_)));
    assert!(matches!(judge_copy(500, "", None, true), CopyVerdict::UploadThisFile(_)));
    for r in [
        Refusal::Blocked,
        Refusal::Denied { status: 403, code: "AuthorizationPermissionMismatch".into() },
        Refusal::Unsupported { status: 501, code: "NotImplemented".into() },
    ] {
        assert!(r.note().starts_with("Unchanged files were uploaded instead of copied: "), "{}", r.note());
    }
    assert!(Refusal::Blocked.note().contains("x-ms-copy-source"));
}

#[test]
fn which_snapshot_to_compare_with() {
    let w = ws();
    let id = format!("{WS_PATH}/codes/abc%20d/versions/1");
    assert_eq!(code_in_workspace(&w, &id), Some(("abc d".into(), "1".into())));
    assert_eq!(
        code_in_workspace(&w, &id.to_ascii_lowercase()),
        Some(("abc d".into(), "1".into())),
        "ARM ids ignore case"
    );
    assert_eq!(code_in_workspace(&w, "azureml://registries/r/codes/x/versions/1"), None);
    assert_eq!(code_in_workspace(&w, &format!("{WS_PATH}/codes/x")), None);
    assert_eq!(code_in_workspace(&w, &format!("{WS_PATH}/codes/x/versions/1/extra")), None);
    assert_eq!(code_in_workspace(&w, &id.replace("ws-demo", "ws-other")), None);

    let job = json!({"name": "job-1", "properties": {"codeId": id}});
    let p = from_job(&job).unwrap();
    assert_eq!(p.origin, Origin::ClonedJob("job-1".into()));
    assert_eq!(p.code_uri, None);
    assert_eq!(p.describe(), "the snapshot of job job-1 (code abc%20d:1)");
    assert_eq!(from_job(&json!({"properties": {}})), None);
    assert_eq!(code_uri(&json!({"properties": {"codeUri": "http://x/c/u/p"}})).as_deref(), Some("http://x/c/u/p"));
    assert_eq!(code_uri(&json!({"properties": {"codeUri": ""}})), None);

    let text = manifest_json(&id, "http://x/c/u/p");
    assert!(!text.contains("sig="), "no SAS in the manifest");
    let back = from_manifest(&text).unwrap();
    assert_eq!(
        (back.code_id.as_str(), back.code_uri.as_deref(), back.origin),
        (id.as_str(), Some("http://x/c/u/p"), Origin::SameFolder)
    );
    for bad in ["", "{}", "[1]", r#"{"codeId":"","codeUri":"x"}"#] {
        assert_eq!(from_manifest(bad), None, "{bad}");
    }
    assert_eq!(
        manifest_key(&w, "proj"),
        manifest_key(&aml_api::WorkspaceRef::new(jobs_support::SUB, "RG-ML-DEV", "ws-demo"), "proj")
    );
    assert_ne!(manifest_key(&w, "proj"), manifest_key(&w, "Proj"));
}

#[test]
fn preview_rows_with_and_without_a_diff() {
    let sel = selection(&[("b.py", 2), ("a.py", 1)]);
    let rows = preview_rows(&sel, None);
    assert_eq!(
        rows.iter().map(|r| (r.path.as_str(), r.state)).collect::<Vec<_>>(),
        vec![("a.py", None), ("b.py", None)]
    );
    let (files, md5) = local(&[("a.py", b"1"), ("b.py", b"22")]);
    let d = diff(&files, &md5, &listed("p/", &[("a.py", b"1"), ("z.py", b"z")]), "p/");
    let rows = preview_rows(&sel, Some(&d));
    assert_eq!(
        rows.iter().map(|r| (r.path.as_str(), r.state)).collect::<Vec<_>>(),
        vec![("a.py", Some(FileState::Copied)), ("b.py", Some(FileState::Added)), ("z.py", Some(FileState::Removed))]
    );
    assert_eq!(FileState::Removed.label(), "removed");
}
