//! What a submission refers to and uploads: ids, the code-asset answers, Blob REST with a SAS
//! (URLs, block plans, block lists, the indicator), the source preview texts and git files,
//! and live-log offsets.

mod jobs_support;

use std::collections::HashMap;

use aml_api::jobs::code_asset::{reusable_code_id, reusable_code_uri, CodeOutcome, CodePlan, PendingUpload};
use aml_api::jobs::fmt_bytes;
use aml_api::jobs::ids::{code_label, code_version_id, compute_id, environment_version_id, last_segment, ws_child_id};
use aml_api::jobs::logs::{merge_log_files, run_info, LogFile, RunInfo};
use aml_api::jobs::source::{self, git_properties, git_summary};
use aml_api::jobs::storage::{self, Block, BLOCK_BYTES};
use aml_api::snapshot::{select, Entry, GitInfo, SelectOptions};
use jobs_support::{ws, WS_PATH};
use serde_json::json;

#[test]
fn ids() {
    let w = ws();
    assert_eq!(ws_child_id(&w, "computes/x"), format!("{WS_PATH}/computes/x"));
    assert_eq!(code_version_id(&w, "a b", "1"), format!("{WS_PATH}/codes/a%20b/versions/1"));
    assert_eq!(environment_version_id(&w, "my-env", "3"), format!("{WS_PATH}/environments/my-env/versions/3"));
    assert_eq!(compute_id(&w, " cpu-cluster "), format!("{WS_PATH}/computes/cpu-cluster"));
    assert_eq!(compute_id(&w, "a/b"), format!("{WS_PATH}/computes/a%2Fb"), "a name cannot add a path segment");
    assert_eq!(last_segment("/x/computes/c/"), "c");
    assert_eq!(last_segment("plain"), "plain");
    assert_eq!(code_label(&code_version_id(&w, "abc", "1")), "abc:1");
    assert_eq!(code_label("not-an-id"), "not-an-id");
}

#[test]
fn code_asset_answers() {
    let w = ws();
    let page = json!({"value": [{"id": "/c/versions/1", "properties": {"codeUri": "http://h/a/c/u/p"}}]});
    assert_eq!(reusable_code_uri(&page).as_deref(), Some("http://h/a/c/u/p"));
    assert_eq!(reusable_code_uri(&json!({"value": [{"id": "/c"}]})), None);
    assert_eq!(
        reusable_code_id(&json!({"value": [{"id": "/c/versions/1"}, {"id": "/d"}]})),
        Some("/c/versions/1".into())
    );
    for none in [json!({"value": []}), json!({}), json!({"value": [{"id": ""}]}), json!({"value": [{}]}), json!(null)] {
        assert_eq!(reusable_code_id(&none), None, "{none}");
    }
    let answer = json!({"blobReferenceForConsumption": {
        "blobUri": "http://127.0.0.1:10000/devstoreaccount1/azureml-blobstore-x/up-1/",
        "credential": {"credentialType": "SAS", "sasUri": "http://127.0.0.1:10000/devstoreaccount1/azureml-blobstore-x/up-1?sv=1&sig=s"}}});
    let p = PendingUpload::from_response(&answer).unwrap();
    assert_eq!(p.blob_uri, "http://127.0.0.1:10000/devstoreaccount1/azureml-blobstore-x/up-1");
    assert_eq!(
        p.code_uri("sample-project"),
        "http://127.0.0.1:10000/devstoreaccount1/azureml-blobstore-x/up-1/sample-project"
    );
    let no_sas = json!({"blobReferenceForConsumption": {"blobUri": "http://x/c"}});
    assert_eq!(PendingUpload::from_response(&no_sas), Err("startPendingUpload returned no SAS URL.".to_string()));
    assert!(PendingUpload::from_response(&json!({})).is_err());

    let plan = CodePlan::new("n".into(), "u".into());
    assert_eq!(plan.registered_id(&w, &json!({"id": "/from/service"})), "/from/service");
    assert_eq!(plan.registered_id(&w, &json!({})), format!("{WS_PATH}/codes/n/versions/1"));
    let out = CodeOutcome { code_id: plan.registered_id(&w, &json!({})), bytes_uploaded: 3, ..CodeOutcome::default() };
    assert_eq!(out.label(), "n:1");
}

#[test]
fn blob_urls_keep_names_inside_the_path() {
    let sas = "http://127.0.0.1:10000/devstoreaccount1/c/up-1?sv=2021&sig=a%2Bb";
    assert_eq!(
        storage::blob_url(sas, "proj/src/a b#1?.py"),
        "http://127.0.0.1:10000/devstoreaccount1/c/up-1/proj/src/a%20b%231%3F.py?sv=2021&sig=a%2Bb"
    );
    assert_eq!(storage::blob_url("https://a.blob.core.windows.net/c/", "x"), "https://a.blob.core.windows.net/c/x");
    let u = storage::with_query(&storage::blob_url(sas, "f"), &[("comp", "block"), ("blockid", "YmxvY2s=")]);
    assert!(u.ends_with("/f?sv=2021&sig=a%2Bb&comp=block&blockid=YmxvY2s%3D"), "{u}");
    assert_eq!(storage::with_query("http://h/p", &[("comp", "metadata")]), "http://h/p?comp=metadata");
    assert_eq!(storage::origin_of(sas), "http://127.0.0.1:10000");
    assert_eq!(storage::origin_of("https://acct.blob.core.windows.net?x"), "https://acct.blob.core.windows.net");
}

#[test]
fn storage_errors() {
    let xml = "<?xml version=\"1.0\"?><Error><Code>AuthenticationFailed</Code><Message>no</Message></Error>";
    assert_eq!(storage::error_code(xml), Some("AuthenticationFailed".into()));
    assert_eq!(storage::error_code("not xml"), None);
    assert_eq!(
        storage::failure_message(403, xml, Some("r-1")),
        "storage answered HTTP 403 AuthenticationFailed (request id r-1)"
    );
    assert_eq!(storage::failure_message(500, "", None), "storage answered HTTP 500");
    assert_eq!(storage::tag_values("<a>1</a><b/><a>2</a><a>open", "a"), ["1", "2"]);
}

#[test]
fn block_plans() {
    assert_eq!(storage::plan_blocks(0), vec![]);
    let one = storage::plan_blocks(10);
    assert_eq!(one, [Block { id: storage::block_id(0), start: 0, end: 10 }]);
    let size = 2 * BLOCK_BYTES + 5;
    let b = storage::plan_blocks(size);
    assert_eq!(
        b.iter().map(|b| (b.start, b.end)).collect::<Vec<_>>(),
        [(0, BLOCK_BYTES), (BLOCK_BYTES, 2 * BLOCK_BYTES), (2 * BLOCK_BYTES, size)]
    );
    // Same length ids (a Put Block List rule), stable across attempts, base64 of a counter.
    assert_eq!(storage::block_id(0), "YmxvY2stMDAwMDAw");
    assert_eq!(storage::block_id(12), "YmxvY2stMDAwMDEy");
    assert!(b.iter().all(|x| x.id.len() == b[0].id.len()));
    assert_eq!(
        storage::block_list_xml(&b[..2]),
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>{}</Latest><Latest>{}</Latest></BlockList>",
            b[0].id, b[1].id
        )
    );
}

#[test]
fn a_resumed_upload_sends_only_missing_blocks() {
    let b = storage::plan_blocks(2 * BLOCK_BYTES + 5);
    let listing = format!(
        "<?xml version=\"1.0\"?><BlockList><CommittedBlocks/><UncommittedBlocks>\
         <Block><Name>{}</Name><Size>{BLOCK_BYTES}</Size></Block>\
         <Block><Name>{}</Name><Size>7</Size></Block>\
         <Block><Name>junk</Name><Size>x</Size></Block></UncommittedBlocks></BlockList>",
        b[0].id, b[1].id
    );
    let present = storage::uncommitted_blocks(&listing);
    assert_eq!(present, HashMap::from([(b[0].id.clone(), BLOCK_BYTES), (b[1].id.clone(), 7)]));
    let send: Vec<bool> = b.iter().map(|x| storage::needs_upload(x, &present)).collect();
    assert_eq!(send, [false, true, true], "block 1 has the wrong size there, block 2 is missing");
    assert!(storage::uncommitted_blocks("").is_empty());
}

#[test]
fn the_upload_indicator() {
    let m = storage::indicator_metadata("n", "1");
    assert_eq!(
        m,
        [("x-ms-meta-upload_status", "completed"), ("x-ms-meta-name", "n"), ("x-ms-meta-version", "1")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
    );
    assert!(storage::upload_completed(&[("X-Ms-Meta-Upload_Status".into(), "completed".into())]));
    assert!(!storage::upload_completed(&[("x-ms-meta-upload_status".into(), "started".into())]));
    assert!(!storage::upload_completed(&[]));
    let rule = storage::cors_rule("https://console.contoso.com");
    assert!(rule.starts_with("AllowedOrigins: https://console.contoso.com\n"), "{rule}");
    assert!(rule.contains(
        "az storage cors add --services b --methods PUT GET HEAD OPTIONS --origins https://console.contoso.com"
    ));
}

#[test]
fn picked_paths() {
    assert_eq!(source::split_root("train/src/a.py"), ("train".into(), "src/a.py".into()));
    assert_eq!(source::split_root("/train/a.py"), ("train".into(), "a.py".into()));
    assert_eq!(source::split_root("a.py"), (String::new(), "a.py".into()), "no folder: the caller uses DEFAULT_ROOT");
    assert_eq!(source::DEFAULT_ROOT, "src");
}

#[test]
fn git_files_and_properties() {
    assert_eq!(source::loose_ref_path("ref: refs/heads/main\n"), Some(".git/refs/heads/main".into()));
    assert_eq!(source::loose_ref_path("0123456789abcdef0123456789abcdef01234567\n"), None, "detached");
    assert_eq!(source::loose_ref_path("garbage"), None);
    assert!(source::is_worktree_path("src/a.py"));
    assert!(!source::is_worktree_path(".git/index"));
    assert!(git_properties(None).is_empty());
    let g = GitInfo {
        repo_url: Some("https://github.com/contoso/p.git".into()),
        branch: Some("main".into()),
        commit: Some("0123456789abcdef0123456789abcdef01234567".into()),
        dirty: Some(true),
    };
    let p = git_properties(Some(&g));
    assert_eq!(p.get("mlflow.source.git.branch").map(String::as_str), Some("main"));
    assert_eq!(p.get("azureml.git.dirty").map(String::as_str), Some("True"));
    assert_eq!(git_summary(&g), "Git: main @ 0123456789 (uncommitted changes) · https://github.com/contoso/p.git");
    let detached = GitInfo { repo_url: None, branch: None, commit: None, dirty: None };
    assert_eq!(git_summary(&detached), "Git: detached @ no commit");
    assert_eq!(git_summary(&GitInfo { dirty: Some(false), ..detached }), "Git: detached @ no commit (clean)");
}

#[test]
fn preview_texts_and_sizes() {
    assert_eq!(
        [0, 999, 1_000, 12_345, 1_000_000, 123_456_789, 2_500_000_000].map(fmt_bytes),
        ["0 B", "999 B", "1.0 kB", "12.3 kB", "1.0 MB", "123.5 MB", "2.50 GB"]
    );
    let entries = [Entry::new("train.py", 1_500), Entry::new("data/big.csv", 2_000_000), Entry::new(".gitignore", 5)];
    let opts = SelectOptions { amlignore: None, gitignore: Some(b"*.log\n"), extra_patterns: &[] };
    let sel = select(&entries, &opts).unwrap();
    assert_eq!(source::selection_total(&sel), "3 files, 2.0 MB");
    assert_eq!(source::ignore_file_note(&sel), "Ignore file: .gitignore");
    let none = select(&entries, &SelectOptions { amlignore: None, gitignore: None, extra_patterns: &[] }).unwrap();
    assert_eq!(source::ignore_file_note(&none), "No .amlignore or .gitignore: every file is uploaded");
    let heavy = aml_api::snapshot::heavy_folders(&sel);
    let data = heavy.iter().find(|h| h.prefix.starts_with("data")).expect("data/ is heavy");
    assert_eq!(source::heavy_folder_note(data), " — 1 files, 2.0 MB · usually data or outputs, not code");
    // The listing kept for the details page, and back.
    let listing = source::snapshot_listing(&sel);
    let back = source::parse_snapshot_listing(&listing);
    assert_eq!(back.len(), 3);
    assert!(back.contains(&("data/big.csv".to_string(), 2_000_000)));
    assert_eq!(source::parse_snapshot_listing("{not json"), vec![]);
}

#[test]
fn log_tabs_follow_run_details() {
    let details = json!({
        "status": "Running", "startTimeUtc": "2026-11-27T10:00:00Z", "endTimeUtc": "",
        "logFiles": {
            "system_logs/cs.txt": "http://s/sys?sas",
            "user_logs/std_log_process_10.txt": "http://s/p10?sas",
            "user_logs/std_log_process_2.txt": "http://s/p2?sas",
            "user_logs/std_log.txt": "http://s/std?sas",
        }
    });
    let mut files = vec![LogFile {
        name: "user_logs/std_log.txt".into(),
        text: "old".into(),
        offset: 3,
        url: "http://s/std?expired".into(),
        ..Default::default()
    }];
    merge_log_files(&mut files, &details);
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "user_logs/std_log.txt",
            "user_logs/std_log_process_2.txt",
            "user_logs/std_log_process_10.txt",
            "system_logs/cs.txt"
        ]
    );
    assert_eq!(
        (files[0].url.as_str(), files[0].text.as_str(), files[0].offset),
        ("http://s/std?sas", "old", 3),
        "SAS renewed, text kept"
    );
    assert_eq!(
        run_info(&details),
        RunInfo { status: "Running".into(), start: Some("2026-11-27T10:00:00Z".into()), end: None, error: None }
    );
    let failed = json!({"status": "Failed", "error": {"error": {"code": "UserError", "message": "boom"}}});
    assert_eq!(run_info(&failed).error.as_deref(), Some("boom"));
    assert_eq!(run_info(&json!({"error": {"message": "flat"}})).error.as_deref(), Some("flat"));
    assert_eq!(run_info(&json!({"error": "text"})).error.as_deref(), Some("\"text\""));
    merge_log_files(&mut files, &json!({}));
    assert_eq!(files.len(), 4, "an answer without logFiles keeps the tabs");
}

#[test]
fn ranged_reads_only_add_new_bytes() {
    let mut f = LogFile {
        name: "user_logs/std_log.txt".into(),
        url: "http://127.0.0.1:10000/a/b?sas".into(),
        ..Default::default()
    };
    // The first read is the probe: the head, and the size in Content-Range.
    assert_eq!(f.range_header(), ("Range".to_string(), "bytes=0-65535".to_string()));
    f.on_answer(206, Some("bytes 0-6/7"), "héllo ");
    assert_eq!((f.text.as_str(), f.offset), ("héllo ", 7), "offsets count bytes");
    assert_eq!(f.range_header().1, "bytes=7-");
    f.on_answer(416, None, "<Error/>");
    assert_eq!((f.text.as_str(), f.offset, &f.error), ("héllo ", 7, &None), "nothing new");
    // The range was ignored: the whole file again, only the unseen tail is added.
    f.on_answer(200, None, "héllo world");
    assert_eq!((f.text.as_str(), f.offset), ("héllo world", 12));
    // A whole file shorter than what was shown (rotated): nothing duplicated.
    f.on_answer(200, None, "hé");
    assert_eq!(f.text, "héllo world");
    f.on_answer(403, None, "<Error><Code>AuthorizationFailure</Code></Error>");
    assert_eq!(f.error.as_deref(), Some("storage answered HTTP 403 AuthorizationFailure"));
    f.on_answer(206, None, "!");
    assert_eq!((f.text.as_str(), f.error.clone()), ("héllo world!", None), "a good read clears the error");
    f.on_blocked();
    assert_eq!(f.error.as_deref(), Some("The browser could not read this log from http://127.0.0.1:10000 (storage CORS rule missing for this origin?)."));
    f.on_failure("gave up after 3 retries");
    assert_eq!(f.error.as_deref(), Some("gave up after 3 retries"));
}

#[test]
fn an_ignored_range_starting_inside_a_character_does_not_split_it() {
    let mut f = LogFile { offset: 2, ..Default::default() };
    f.on_answer(200, None, "héllo");
    assert_eq!(f.text, "éllo", "offset 2 is inside 'é': back to its first byte");
    assert_eq!(f.offset, 6);
}
