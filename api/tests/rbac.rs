//! Permission evaluation as Azure does it, against the built-in roles' real definitions
//! (tests/fixtures/rbac/builtin-roles.json), the action a request needs, and what a 403 says.

use aml_api::rbac::actions::{self, action_for, scope_for};
use aml_api::rbac::denied::Denied;
use aml_api::rbac::{pattern_matches, permissions_request, PermissionEntry, Permissions};
use aml_api::{Method, WorkspaceRef};
use serde_json::{json, Value};

const WS: &str = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w";

/// The `permissions` answer a holder of these built-in roles gets (one entry per role).
fn holding(roles: &[&str]) -> Permissions {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/rbac/builtin-roles.json"))
            .expect("fixture");
    let defs: Value = serde_json::from_str(&text).unwrap();
    let mut value = Vec::new();
    for r in roles {
        let def = defs["value"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["properties"]["roleName"] == *r)
            .unwrap_or_else(|| panic!("no role {r}"));
        value.extend(def["properties"]["permissions"].as_array().unwrap().iter().cloned());
    }
    Permissions::from_pages(&[json!({ "value": value })])
}

const ML: &str = "Microsoft.MachineLearningServices/workspaces";

#[test]
fn reader_reads_and_writes_nothing() {
    let p = holding(&["Reader"]);
    assert!(p.allows(&format!("{ML}/read")));
    assert!(p.allows(&format!("{ML}/computes/read")));
    assert!(p.allows("Microsoft.Resources/subscriptions/resourceGroups/read"));
    for a in [
        actions::COMPUTE_WRITE,
        actions::COMPUTE_DELETE,
        actions::COMPUTE_START,
        actions::COMPUTE_LIST_KEYS,
        actions::COMPUTE_LIST_NODES,
        actions::JOB_WRITE,
        actions::JOB_CANCEL,
    ] {
        assert!(!p.allows(a), "Reader must not get {a}");
    }
    assert_eq!(p.first_missing(&actions::SUBMIT_JOB), Some(actions::JOB_WRITE));
}

#[test]
fn contributor_does_everything_but_grant_access() {
    let p = holding(&["Contributor"]);
    for a in
        actions::SUBMIT_JOB.iter().chain(&[actions::COMPUTE_WRITE, actions::COMPUTE_DELETE, actions::COMPUTE_LIST_KEYS])
    {
        assert!(p.allows(a), "Contributor must get {a}");
    }
    // notActions `Microsoft.Authorization/*/Write` / `*/Delete`, in any case.
    assert!(!p.allows("Microsoft.Authorization/roleAssignments/write"));
    assert!(!p.allows("microsoft.authorization/roleassignments/delete"));
    assert!(!p.allows("Microsoft.Authorization/elevateAccess/action"));
    assert!(p.allows("Microsoft.Authorization/roleAssignments/read"));
    assert_eq!(p.first_missing(&actions::SUBMIT_JOB), None);
}

#[test]
fn data_scientist_runs_jobs_but_does_not_create_computes() {
    let p = holding(&["AzureML Data Scientist"]);
    for a in
        actions::SUBMIT_JOB.iter().chain(&[actions::JOB_CANCEL, actions::COMPUTE_START, actions::COMPUTE_LIST_NODES])
    {
        assert!(p.allows(a), "Data Scientist must get {a}");
    }
    // `workspaces/*/read` covers the workspace itself; `computes/*/write` keeps compute writes out.
    assert!(p.allows(&format!("{ML}/read")));
    assert!(p.allows(&format!("{ML}/computes/read")));
    assert!(!p.allows(actions::COMPUTE_WRITE));
    assert!(!p.allows(actions::COMPUTE_DELETE));
    assert!(!p.allows(actions::COMPUTE_LIST_KEYS));
    assert!(!p.allows(&format!("{ML}/write")));
    assert!(!p.allows(&format!("{ML}/delete")));
    assert!(!p.allows("Microsoft.Storage/storageAccounts/read"), "scoped to the ML provider");
}

#[test]
fn compute_operator_manages_computes_only() {
    let p = holding(&["AzureML Compute Operator"]);
    for a in [actions::COMPUTE_WRITE, actions::COMPUTE_DELETE, actions::COMPUTE_STOP, actions::COMPUTE_LIST_KEYS] {
        assert!(p.allows(a), "Compute Operator must get {a}");
    }
    assert!(!p.allows(actions::JOB_WRITE));
    assert!(!p.allows(&format!("{ML}/read")), "not even the workspace itself");
}

#[test]
fn not_actions_subtract_only_from_their_own_role() {
    // Data Scientist takes compute writes away; Compute Operator, held as well, grants them.
    let both = holding(&["AzureML Data Scientist", "AzureML Compute Operator"]);
    assert!(both.allows(actions::COMPUTE_WRITE));
    assert!(both.allows(actions::JOB_WRITE));
    // Reader + Data Scientist: still no compute writes (neither role grants them).
    let rd = holding(&["Reader", "AzureML Data Scientist"]);
    assert!(!rd.allows(actions::COMPUTE_WRITE));
    assert!(rd.allows(actions::JOB_WRITE));
}

#[test]
fn nothing_allowed_without_entries() {
    let none = Permissions::from_pages(&[json!({"value": []})]);
    assert!(!none.allows(&format!("{ML}/read")));
    // Odd answers grant nothing and do not panic.
    let odd = Permissions::from_pages(&[json!({"value": [1, "x", null, {"actions": "not a list"}]}), json!([])]);
    assert!(!odd.allows("anything"));
    // Missing arrays read as empty; a page's `nextLink` entries add up.
    let paged = Permissions::from_pages(&[
        json!({"value": [{"actions": ["a/*"]}], "nextLink": "x"}),
        json!({"value": [{"actions": ["b/read"]}]}),
    ]);
    assert!(paged.allows("a/b/write") && paged.allows("B/READ") && !paged.allows("c/read"));
}

#[test]
fn data_actions_are_evaluated_apart() {
    let p = Permissions {
        entries: vec![PermissionEntry {
            actions: vec![],
            not_actions: vec![],
            data_actions: vec!["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*".into()],
            not_data_actions: vec!["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete".into()],
        }],
    };
    assert!(p.allows_data("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"));
    assert!(!p.allows_data("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete"));
    assert!(
        !p.allows("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"),
        "a data action is no action"
    );
}

#[test]
fn patterns() {
    assert!(pattern_matches("*", "Microsoft.X/a/write"));
    assert!(pattern_matches("*/read", "Microsoft.X/a/b/read"));
    assert!(!pattern_matches("*/read", "Microsoft.X/a/readers/write"));
    assert!(pattern_matches("Microsoft.X/*", "microsoft.x/a/b/action"));
    assert!(pattern_matches("Microsoft.X/a/*/write", "Microsoft.X/a/b/c/write"));
    assert!(pattern_matches("Microsoft.X/a/*/write", "Microsoft.X/a/write"), "/*/ may stand for one /");
    assert!(!pattern_matches("Microsoft.X/a/*/write", "Microsoft.X/ab/write"));
    assert!(!pattern_matches("Microsoft.X/a/write", "Microsoft.X/a/writex"));
    assert!(!pattern_matches("", "Microsoft.X/a/write"));
    // Many stars stay cheap (the lists come from the service).
    let hostile = "*a".repeat(200);
    assert!(!pattern_matches(&hostile, &"a".repeat(150)));
}

#[test]
fn action_of_each_request() {
    let a = |m, p: &str| action_for(m, &format!("https://management.azure.com{WS}{p}?api-version=2025-12-01"));
    assert_eq!(a(Method::Put, "/computes/c1").as_deref(), Some(actions::COMPUTE_WRITE));
    assert_eq!(a(Method::Patch, "/computes/c1").as_deref(), Some(actions::COMPUTE_WRITE));
    assert_eq!(a(Method::Delete, "/computes/c1").as_deref(), Some(actions::COMPUTE_DELETE));
    assert_eq!(a(Method::Post, "/computes/c1/start").as_deref(), Some(actions::COMPUTE_START));
    assert_eq!(a(Method::Post, "/computes/c1/listKeys").as_deref(), Some(actions::COMPUTE_LIST_KEYS));
    assert_eq!(a(Method::Get, "/computes").as_deref(), Some(&format!("{ML}/computes/read")[..]));
    assert_eq!(a(Method::Put, "/jobs/j1").as_deref(), Some(actions::JOB_WRITE));
    assert_eq!(a(Method::Post, "/jobs/j1/cancel").as_deref(), Some(actions::JOB_CANCEL));
    assert_eq!(a(Method::Put, "/codes/c/versions/1").as_deref(), Some(actions::CODE_VERSION_WRITE));
    assert_eq!(
        a(Method::Post, "/codes/c/versions/1/startPendingUpload").as_deref(),
        Some(actions::CODE_PENDING_UPLOAD)
    );
    assert_eq!(a(Method::Put, "/environments/e/versions/1").as_deref(), Some(actions::ENVIRONMENT_VERSION_WRITE));
    assert_eq!(a(Method::Get, "").as_deref(), Some(&format!("{ML}/read")[..]));
    // The last `providers` decides: permissions of the workspace are Microsoft.Authorization's.
    assert_eq!(
        a(Method::Get, "/providers/Microsoft.Authorization/permissions").as_deref(),
        Some("Microsoft.Authorization/permissions/read")
    );
    assert_eq!(action_for(Method::Get, "/subscriptions/s1"), None);
    // Names are percent-decoded, types keep their spelling.
    assert_eq!(action_for(Method::Put, &format!("{WS}/computes/a%20b")).as_deref(), Some(actions::COMPUTE_WRITE));
}

#[test]
fn scope_of_each_request() {
    assert_eq!(
        scope_for(Method::Post, &format!("https://x{WS}/computes/c1/start?api-version=1")),
        format!("{WS}/computes/c1")
    );
    assert_eq!(scope_for(Method::Put, &format!("{WS}/computes/c1")), format!("{WS}/computes/c1"));
    assert_eq!(scope_for(Method::Post, &format!("{WS}/jobs/j/cancel")), format!("{WS}/jobs/j"));
}

#[test]
fn permissions_request_targets_the_workspace() {
    let ws = WorkspaceRef::new("s1", "rg", "w");
    let r = permissions_request("https://management.azure.com/", &ws);
    assert_eq!(r.method, Method::Get);
    assert_eq!(
        r.url,
        format!(
            "https://management.azure.com{WS}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01"
        )
    );
}

const ARM_403: &str = "The client 'kat@contoso.example' with object id 'a0d1e2f3-0000-4000-8000-00000000c47e' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/computes/write' over scope '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/computes/c1' or the scope is invalid. If access was recently granted, please refresh your credentials.";

#[test]
fn a_403_names_what_is_missing_and_who_can_grant_it() {
    let d = Denied::from_error(Some(403), "AuthorizationFailed", ARM_403).expect("a refusal");
    assert_eq!(d.action.as_deref(), Some(actions::COMPUTE_WRITE));
    assert_eq!(d.scope.as_deref(), Some(&format!("{WS}/computes/c1")[..]));
    assert_eq!(d.roles_to_ask_for(), &["AzureML Compute Operator", "Contributor"]);
    let who = d.who_can_grant();
    assert!(who.contains("Owner or User Access Administrator") && who.contains("AzureML Compute Operator"), "{who}");

    let job =
        Denied::from_error(Some(403), "AuthorizationFailed", &ARM_403.replace("computes/write", "jobs/write")).unwrap();
    assert_eq!(job.roles_to_ask_for(), &["AzureML Data Scientist", "Contributor"]);
}

#[test]
fn other_403s_say_less_but_are_still_refusals() {
    // Storage and the data plane answer 403 without an action in the message.
    let d =
        Denied::from_error(Some(403), "AuthorizationPermissionMismatch", "This request is not authorized.").unwrap();
    assert_eq!(d, Denied { action: None, scope: None });
    assert_eq!(d.roles_to_ask_for(), &["Contributor"]);
    // The code alone counts (an LRO's error has no status).
    assert!(Denied::from_error(None, "AuthorizationFailed", "x").is_some());
    // Not refusals.
    assert!(Denied::from_error(Some(404), "ResourceNotFound", "x").is_none());
    assert!(Denied::from_error(Some(401), "InvalidAuthenticationToken", "x").is_none());
    // A message cut short or oddly quoted gives what it can, never a panic.
    let cut = Denied::from_error(Some(403), "AuthorizationFailed", "… to perform action 'a/b/write").unwrap();
    assert_eq!(cut.action, None);
    let dq =
        Denied::from_error(Some(403), "AuthorizationFailed", "perform action \"a/write\" over scope \"/s\"").unwrap();
    assert_eq!((dq.action.as_deref(), dq.scope.as_deref()), (Some("a/write"), Some("/s")));
}

#[test]
fn hints_name_the_action() {
    let h = aml_api::rbac::denied::missing_hint(actions::COMPUTE_WRITE);
    assert!(h.contains(actions::COMPUTE_WRITE), "{h}");
    assert_eq!(actions::short_label(actions::COMPUTE_WRITE), "computes/write");
    assert_eq!(actions::short_label("Microsoft.Authorization/x"), "Microsoft.Authorization/x");
}
