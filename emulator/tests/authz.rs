//! RBAC: the permissions API, role assignments of the demo users, ARM's 403 on every write the
//! caller's roles do not grant, and the matching of action patterns.

mod common;

use aml_emulator::auth::jwt::{access_claims, sign};
use aml_emulator::authz::{self, roles};
use aml_emulator::config::{DemoUser, READER_USER, USERS};
use aml_emulator::util::now_secs;
use common::{start, Emu, DEV, PROD, V};
use serde_json::{json, Value};

fn token(emu: &Emu, user: &DemoUser) -> String {
    sign(&access_claims(user, "https://management.azure.com/", now_secs(), 600), &emu.state.config.signing_key)
}

async fn call(emu: &Emu, user: &DemoUser, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req =
        emu.http.request(method.parse().unwrap(), format!("{}{path}", emu.base)).bearer_auth(token(emu, user));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn cluster() -> Value {
    json!({"location": "eastus", "properties": {"computeType": "AmlCompute",
        "properties": {"vmSize": "STANDARD_DS3_V2", "scaleSettings": {"maxNodeCount": 1, "minNodeCount": 0}}}})
}

#[tokio::test]
async fn reader_is_refused_every_write_with_arms_body() {
    let emu = start().await;
    let ws = emu.ws_path(DEV, "rg-ml-dev", "ws-demo");
    let kat = &READER_USER;
    // Reads go through.
    let (s, _) = call(&emu, kat, "GET", &format!("{ws}/computes?api-version={V}"), None).await;
    assert_eq!(s, 200);
    // A compute PUT: 403, the action and the compute as scope, nothing created.
    let (s, body) =
        call(&emu, kat, "PUT", &format!("{ws}/computes/kat-cluster?api-version={V}"), Some(cluster())).await;
    assert_eq!(s, 403);
    assert_eq!(body["error"]["code"], "AuthorizationFailed");
    assert_eq!(
        body["error"]["message"],
        format!(
            "The client 'katherine@contoso.example' with object id '{}' does not have authorization to perform action \
             'Microsoft.MachineLearningServices/workspaces/computes/write' over scope '{ws}/computes/kat-cluster' or the \
             scope is invalid. If access was recently granted, please refresh your credentials.",
            kat.oid
        )
    );
    let (s, _) = call(&emu, &USERS[0], "GET", &format!("{ws}/computes/kat-cluster?api-version={V}"), None).await;
    assert_eq!(s, 404, "the refused PUT created nothing");
    // A POST action: the scope is the compute, the action names the operation.
    let (s, body) =
        call(&emu, kat, "POST", &format!("{ws}/computes/cpu-cluster/listNodes?api-version={V}"), None).await;
    assert_eq!(s, 403);
    let msg = body["error"]["message"].as_str().unwrap();
    assert!(msg.contains("'Microsoft.MachineLearningServices/workspaces/computes/listNodes/action'"), "{msg}");
    assert!(msg.contains(&format!("over scope '{ws}/computes/cpu-cluster'")), "{msg}");
    // DELETE and a job PUT, and a path in another case (the scope echoes it as sent).
    let (s, body) = call(
        &emu,
        kat,
        "DELETE",
        &format!("{ws}/computes/cpu-cluster?underlyingResourceAction=Delete&api-version={V}"),
        None,
    )
    .await;
    assert_eq!((s, body["error"]["code"].as_str()), (403, Some("AuthorizationFailed")));
    let lower = ws.replace("resourceGroups", "resourcegroups");
    let (s, body) = call(&emu, kat, "PUT", &format!("{lower}/jobs/kat-job?api-version={V}"), Some(json!({}))).await;
    assert_eq!(s, 403);
    assert!(body["error"]["message"].as_str().unwrap().contains("workspaces/jobs/write' over scope '/subscriptions/"));
    assert!(body["error"]["message"].as_str().unwrap().contains("/resourcegroups/rg-ml-dev/"));
}

#[tokio::test]
async fn contributor_elsewhere_and_owners_everywhere_may_write() {
    let emu = start().await;
    let vision = emu.ws_path(DEV, "rg-ml-dev", "ws-vision");
    let (s, _) =
        call(&emu, &READER_USER, "PUT", &format!("{vision}/computes/kat-cluster?api-version={V}"), Some(cluster()))
            .await;
    assert_eq!(s, 201, "Katherine is Contributor on ws-vision");
    let prod = emu.ws_path(PROD, "rg-ml-prod", "ws-prod");
    let (s, _) =
        call(&emu, &READER_USER, "PUT", &format!("{prod}/computes/kat-cluster?api-version={V}"), Some(cluster())).await;
    assert_eq!(s, 201, "and on the Prod subscription");
    for u in &USERS[..2] {
        let demo = emu.ws_path(DEV, "rg-ml-dev", "ws-demo");
        let name = format!("c-{}", &u.upn[..3]);
        let (s, _) = call(&emu, u, "PUT", &format!("{demo}/computes/{name}?api-version={V}"), Some(cluster())).await;
        assert_eq!(s, 201, "{} keeps writing ws-demo", u.upn);
    }
}

#[tokio::test]
async fn permissions_list_the_callers_roles_at_the_scope() {
    let emu = start().await;
    let demo = emu.ws_path(DEV, "rg-ml-dev", "ws-demo");
    let perms = |ws: &str| format!("{ws}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01");
    let (s, body) = call(&emu, &READER_USER, "GET", &perms(&demo), None).await;
    assert_eq!(s, 200);
    assert_eq!(
        body,
        json!({"value": [{"actions": ["*/read"], "notActions": [], "dataActions": [], "notDataActions": []}]})
    );
    let (_, body) = call(&emu, &READER_USER, "GET", &perms(&emu.ws_path(DEV, "rg-ml-dev", "ws-vision")), None).await;
    assert_eq!(body["value"][0]["actions"], json!(["*"]));
    assert!(body["value"][0]["notActions"].as_array().unwrap().contains(&json!("Microsoft.Authorization/*/Write")));
    let (_, body) = call(&emu, &USERS[0], "GET", &perms(&demo), None).await;
    assert_eq!(body["value"], json!([{"actions": ["*"], "notActions": [], "dataActions": [], "notDataActions": []}]));
    // Resource-group scope, literal segments in any case.
    let rg = format!("/subscriptions/{DEV}/resourcegroups/rg-ml-dev/providers/microsoft.authorization/permissions?api-version=2022-04-01");
    let (s, body) = call(&emu, &READER_USER, "GET", &rg, None).await;
    assert_eq!((s, body["value"].as_array().map(Vec::len)), (200, Some(0)), "Katherine has no role on the group");
    // An api-version the Authorization provider does not have.
    let (s, body) = call(&emu, &USERS[0], "GET", &perms(&demo).replace("2022-04-01", "2025-12-01"), None).await;
    assert_eq!((s, body["error"]["code"].as_str()), (400, Some("NoRegisteredProviderFound")));
    // Without a token: ARM's 401, as everywhere.
    let r = emu.http.get(format!("{}{}", emu.base, perms(&demo))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
}

#[test]
fn patterns_and_roles() {
    let ml = "Microsoft.MachineLearningServices/workspaces";
    assert!(authz::matches("*/read", &format!("{ml}/computes/read")));
    assert!(!authz::matches("*/read", &format!("{ml}/computes/write")));
    assert!(authz::matches("Microsoft.Authorization/*/Write", "microsoft.authorization/roleassignments/write"));
    assert!(authz::matches(&format!("{ml}/computes/*/write"), &format!("{ml}/computes/write")));
    assert!(authz::matches(&format!("{ml}/*/read"), &format!("{ml}/read")));
    assert!(!authz::matches(&format!("{ml}/*/read"), "Microsoft.Storage/storageAccounts/read"));
    let ds = &roles::DATA_SCIENTIST;
    assert!(ds.grants(&format!("{ml}/jobs/write")));
    assert!(ds.grants(&format!("{ml}/computes/start/action")));
    assert!(!ds.grants(&format!("{ml}/computes/write")));
    assert!(!ds.grants(&format!("{ml}/computes/listKeys/action")));
    assert!(roles::COMPUTE_OPERATOR.grants(&format!("{ml}/computes/write")));
    assert!(!roles::CONTRIBUTOR.grants("Microsoft.Authorization/roleAssignments/write"));
    assert!(roles::CONTRIBUTOR.grants(&format!("{ml}/computes/delete")));
    assert!(!roles::READER.grants(&format!("{ml}/jobs/cancel/action")));
}

#[test]
fn actions_and_scopes_of_requests() {
    use axum::http::Method;
    let ws = "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w";
    let ml = "Microsoft.MachineLearningServices/workspaces";
    assert_eq!(
        authz::action_for(&Method::POST, &format!("{ws}/jobs/j/cancel")),
        Some(format!("{ml}/jobs/cancel/action"))
    );
    assert_eq!(authz::action_for(&Method::PATCH, &format!("{ws}/computes/c")), Some(format!("{ml}/computes/write")));
    assert_eq!(
        authz::action_for(&Method::POST, &format!("{ws}/codes/c/versions/1/startPendingUpload")),
        Some(format!("{ml}/codes/versions/startPendingUpload/action"))
    );
    assert_eq!(authz::action_for(&Method::GET, "/subscriptions/s"), None);
    assert_eq!(authz::scope_of(&Method::POST, &format!("{ws}/jobs/j/cancel")), format!("{ws}/jobs/j"));
    assert_eq!(authz::scope_of(&Method::PUT, &format!("{ws}/jobs/j")), format!("{ws}/jobs/j"));
}
