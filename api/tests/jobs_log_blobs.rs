//! Job logs from the workspace storage account (the fallback when the data plane does not
//! answer the browser): the container URL from the datastore, the listing, the log names and
//! the messages when storage refuses the user's token.

use aml_api::jobs::log_blobs::{container_url, list_request, log_files, refusal_message, run_prefix, READER_ROLE};
use serde_json::json;

#[test]
fn the_container_url_comes_from_the_artifact_datastore() {
    let real = json!({"properties": {"accountName": "stcontoso", "containerName": "azureml",
        "endpoint": "core.windows.net", "protocol": "https", "datastoreType": "AzureBlob"}});
    assert_eq!(container_url(&real).as_deref(), Some("https://stcontoso.blob.core.windows.net/azureml"));
    let china =
        json!({"properties": {"accountName": "st", "containerName": "azureml", "endpoint": "core.chinacloudapi.cn"}});
    assert_eq!(container_url(&china).as_deref(), Some("https://st.blob.core.chinacloudapi.cn/azureml"));
    // Azurite: path-style below an address.
    let azurite = json!({"properties": {"accountName": "devstoreaccount1", "containerName": "azureml",
        "endpoint": "127.0.0.1:10000", "protocol": "https"}});
    assert_eq!(container_url(&azurite).as_deref(), Some("https://127.0.0.1:10000/devstoreaccount1/azureml"));
    assert_eq!(container_url(&json!({"properties": {"accountName": "st"}})), None);
    assert_eq!(container_url(&json!({})), None);
}

#[test]
fn the_listing_asks_for_the_runs_folder_and_keeps_log_files_only() {
    let c = "https://st.blob.core.windows.net/azureml";
    assert_eq!(run_prefix("quiet_lemon_1"), "ExperimentRun/dcid.quiet_lemon_1/");
    let r = list_request(c, "quiet_lemon_1");
    assert_eq!(
        r.url,
        "https://st.blob.core.windows.net/azureml?restype=container&comp=list&prefix=ExperimentRun%2Fdcid.quiet_lemon_1%2F"
    );
    assert!(
        r.header("x-ms-version").is_some_and(|v| v.as_bytes() >= b"2017-11-09".as_slice()),
        "OAuth needs 2017-11-09+"
    );
    let xml = "<?xml version=\"1.0\"?><EnumerationResults><Blobs>\
        <Blob><Name>ExperimentRun/dcid.quiet_lemon_1/user_logs/std_log.txt</Name></Blob>\
        <Blob><Name>ExperimentRun/dcid.quiet_lemon_1/system_logs/lifecycler/execution-wrapper.txt</Name></Blob>\
        <Blob><Name>ExperimentRun/dcid.quiet_lemon_1/outputs/model.txt</Name></Blob>\
        <Blob><Name>ExperimentRun/dcid.quiet_lemon_10/user_logs/std_log.txt</Name></Blob>\
        <Blob><Name>ExperimentRun/dcid.quiet_lemon_1/user_logs/std log #2.txt</Name></Blob>\
        </Blobs></EnumerationResults>";
    let files = log_files(c, "quiet_lemon_1", xml);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["user_logs/std_log.txt", "system_logs/lifecycler/execution-wrapper.txt", "user_logs/std log #2.txt"]
    );
    assert_eq!(files[0].1, format!("{c}/ExperimentRun/dcid.quiet_lemon_1/user_logs/std_log.txt"));
    assert_eq!(files[2].1, format!("{c}/ExperimentRun/dcid.quiet_lemon_1/user_logs/std%20log%20%232.txt"));
}

#[test]
fn a_refusal_names_the_missing_role_or_permission() {
    let body = "<?xml version=\"1.0\"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>This request is not authorized to perform this operation using this permission.</Message></Error>";
    let m = refusal_message(403, body, "https://st.blob.core.windows.net/azureml").unwrap();
    assert!(
        m.contains(READER_ROLE)
            && m.contains("https://st.blob.core.windows.net")
            && m.contains("AuthorizationPermissionMismatch"),
        "{m}"
    );
    assert!(m.contains("Owner or User Access Administrator"), "{m}");
    let m = refusal_message(401, "", "https://st.blob.core.windows.net/azureml").unwrap();
    assert!(m.contains("Azure Storage / user_impersonation"), "{m}");
    assert_eq!(refusal_message(404, "", "https://st.blob.core.windows.net/azureml"), None);
    let m = refusal_message(403, "", "http://127.0.0.1:10000/devstoreaccount1/azureml").unwrap();
    assert!(m.contains("plain HTTP") && !m.contains(READER_ROLE), "{m}");
    assert_eq!(refusal_message(206, "", "https://st.blob.core.windows.net/azureml"), None);
}

#[test]
fn the_storage_token_goes_only_to_blob_hosts_of_the_cloud_or_listed_origins() {
    use aml_api::jobs::log_blobs::{artifact_datastore_path, storage_token_allowed};
    let public = Some("https://*.blob.core.windows.net");
    assert!(storage_token_allowed(public, &[], "https://stcontoso.blob.core.windows.net/azureml?comp=list"));
    assert!(!storage_token_allowed(public, &[], "http://stcontoso.blob.core.windows.net/azureml"));
    assert!(!storage_token_allowed(public, &[], "https://blob.core.windows.net/azureml"));
    assert!(!storage_token_allowed(public, &[], "https://a.b.blob.core.windows.net/azureml"));
    assert!(!storage_token_allowed(public, &[], "https://evil.example/x.blob.core.windows.net"));
    assert!(!storage_token_allowed(public, &[], "https://st.blob.core.windows.net.evil.example/azureml"));
    assert!(!storage_token_allowed(public, &[], "https://st.blob.core.windows.net:8443/azureml"));
    let listed = vec!["https://127.0.0.1:20160".to_string()];
    assert!(storage_token_allowed(
        Some("http://127.0.0.1:10000"),
        &listed,
        "https://127.0.0.1:20160/devstoreaccount1/azureml"
    ));
    assert!(!storage_token_allowed(
        Some("http://127.0.0.1:10000"),
        &listed,
        "http://127.0.0.1:20160/devstoreaccount1/azureml"
    ));
    assert!(storage_token_allowed(Some("http://127.0.0.1:10000"), &[], "http://127.0.0.1:10000/devstoreaccount1"));
    assert!(!storage_token_allowed(None, &[], "https://st.blob.core.windows.net/azureml"));
    assert_eq!(
        artifact_datastore_path("/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/"),
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/datastores/workspaceartifactstore"
    );
}

#[test]
fn listed_logs_become_tabs_that_keep_their_text() {
    use aml_api::jobs::log_blobs::merge_listed;
    use aml_api::jobs::logs::LogFile;
    let c = "https://st.blob.core.windows.net/azureml/ExperimentRun/dcid.r/";
    let mut files =
        vec![LogFile { name: "user_logs/std_log.txt".into(), text: "hello\n".into(), offset: 6, ..Default::default() }];
    merge_listed(
        &mut files,
        vec![
            (
                "system_logs/cs_capability/cs-capability.log".into(),
                format!("{c}system_logs/cs_capability/cs-capability.log"),
            ),
            ("user_logs/std_log.txt".into(), format!("{c}user_logs/std_log.txt")),
            ("user_logs/std_log_process_1.txt".into(), format!("{c}user_logs/std_log_process_1.txt")),
        ],
    );
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["user_logs/std_log.txt", "user_logs/std_log_process_1.txt", "system_logs/cs_capability/cs-capability.log"]
    );
    assert_eq!((files[0].text.as_str(), files[0].offset), ("hello\n", 6));
    assert_eq!(files[0].url, format!("{c}user_logs/std_log.txt"));
}
