//! Codes, environments, datastores and jobs over ARM: the spec's examples replayed (ids in the
//! examples are placeholders such as "string", so `id` is not compared), the hash lookup, the
//! startPendingUpload SAS against a real Azurite, validation and idempotent job PUTs.

mod common;
use common::*;
use serde_json::{json, Value};

fn fixture(rel: &str) -> Value {
    let path = format!("{}/../tests/fixtures/2025-12-01/{rel}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap()
}

fn p<'a>(fx: &'a Value, k: &str) -> &'a str {
    fx["parameters"][k].as_str().unwrap_or_else(|| panic!("parameter {k}"))
}

/// The example's workspace, created empty (system datastores appear lazily), plus one cluster so jobs have a compute.
fn inject(emu: &Emu, fx: &Value) -> String {
    use aml_emulator::seed::workspaces::{workspace_json, WorkspaceSeed};
    let (sub, rg, ws) = (p(fx, "subscriptionId"), p(fx, "resourceGroupName"), p(fx, "workspaceName"));
    let ws_id = emu.ws_path(sub, rg, ws);
    emu.state.mutate(|s| {
        s.add_subscription(sub, "Example");
        s.add_resource_group(sub, rg, "eastus");
        s.add_workspace(workspace_json(&WorkspaceSeed {
            sub, rg, name: ws, location: "eastus", friendly_name: ws, description: "",
            created: "2024-01-01T00:00:00Z", workspace_guid: "00000000-0000-4000-8000-000000000001",
        }));
        s.add_compute(json!({"id": format!("{ws_id}/computes/cluster"), "name": "cluster", "location": "eastus",
            "type": "Microsoft.MachineLearningServices/workspaces/computes",
            "properties": {"computeType": "AmlCompute", "provisioningState": "Succeeded", "properties": {"vmSize": "STANDARD_DS3_V2"}}}));
    });
    ws_id
}

/// Shape check ignoring the placeholder `id` (and, where asked, fields the example fills with
/// strings that the service leaves null).
fn shape(example: &Value, ours: &Value, what: &str, nulls: &[&str]) {
    let mut e = example.clone();
    if e.get("id").is_some() {
        e["id"] = Value::Null;
    }
    for ptr in nulls {
        if let Some(v) = e.pointer_mut(ptr) {
            *v = Value::Null;
        }
    }
    assert_shape(&e, ours, what);
}

fn expect(fx: &Value, status: u16) {
    assert!(fx["responses"].get(status.to_string()).is_some(), "{status} not in the example's responses");
}

#[tokio::test]
async fn code_examples_replay() {
    let Some(az) = azurite::start().await else { return };
    let emu = azurite::emulator(&az).await;

    let fx = fixture("Workspace/CodeContainer/createOrUpdate.json");
    let ws = inject(&emu, &fx);
    let path = format!("{ws}/codes/{}?api-version={}", p(&fx, "name"), p(&fx, "api-version"));
    let (s, _, b) = emu.call("PUT", &path, Some(&fx["parameters"]["body"])).await;
    expect(&fx, s);
    assert_eq!(s, 201);
    // The example's response tags differ from its request; the shape is what must match.
    let mut ex = fx["responses"]["201"]["body"].clone();
    ex["properties"]["tags"] = json!({});
    shape(&ex, &b, "CodeContainers_CreateOrUpdate", &[]);

    let fx = fixture("Workspace/CodeVersion/createOrUpdate.json");
    let ws = inject(&emu, &fx);
    let path =
        format!("{ws}/codes/{}/versions/{}?api-version={}", p(&fx, "name"), p(&fx, "version"), p(&fx, "api-version"));
    let (s, _, b) = emu.call("PUT", &path, Some(&fx["parameters"]["body"])).await;
    expect(&fx, s);
    shape(&fx["responses"]["201"]["body"], &b, "CodeVersions_CreateOrUpdate", &[]);
    // Same body again: 200; another codeUri for the same version: the immutability conflict.
    let (s, _, _) = emu.call("PUT", &path, Some(&fx["parameters"]["body"])).await;
    assert_eq!(s, 200);
    let mut changed = fx["parameters"]["body"].clone();
    changed["properties"]["codeUri"] = json!("https://blobStorage/other");
    let (s, _, b) = emu.call("PUT", &path, Some(&changed)).await;
    assert_eq!((s, b["error"]["code"].as_str()), (409, Some("UserError")), "{b}");
    // Description and tags may change.
    let mut tagged = fx["parameters"]["body"].clone();
    tagged["properties"]["tags"] = json!({"stage": "dev"});
    let (s, _, b) = emu.call("PUT", &path, Some(&tagged)).await;
    assert_eq!((s, &b["properties"]["tags"]["stage"]), (200, &json!("dev")));
    let (s, _, c) = emu.call("GET", &format!("{ws}/codes/{}?api-version={V}", p(&fx, "name")), None).await;
    assert_eq!((s, &c["properties"]["latestVersion"]), (200, &json!(p(&fx, "version"))));

    let fx = fixture("Workspace/CodeVersion/createOrGetStartPendingUpload.json");
    let ws = inject(&emu, &fx);
    let path = format!(
        "{ws}/codes/{}/versions/{}/startPendingUpload?api-version={}",
        p(&fx, "name"),
        p(&fx, "version"),
        p(&fx, "api-version")
    );
    let (s, _, b) = emu.call("POST", &path, Some(&fx["parameters"]["body"])).await;
    expect(&fx, s);
    shape(&fx["responses"]["200"]["body"], &b, "CodeVersions_CreateOrGetStartPendingUpload", &[]);
    assert_eq!(b["pendingUploadId"], "string");
    assert!(b["blobReferenceForConsumption"]["blobUri"].as_str().unwrap().starts_with(&az.url));
}

#[tokio::test]
async fn pending_upload_sas_allows_put_and_list() {
    let Some(az) = azurite::start().await else { return };
    let emu = azurite::emulator(&az).await;
    let path = format!("{}/codes/snap/versions/1/startPendingUpload?api-version={V}", emu.demo());
    let (s, _, b) = emu.call("POST", &path, Some(&json!({"pendingUploadType": "TemporaryBlobReference"}))).await;
    assert_eq!(s, 200, "{b}");
    let r = &b["blobReferenceForConsumption"];
    assert_eq!(r["credential"]["credentialType"], "SAS");
    let sas_uri = r["credential"]["sasUri"].as_str().unwrap();
    let (base, sas) = sas_uri.split_once('?').unwrap();
    assert!(sas.contains("sr=c") && sas.contains("sp=racwdl"), "{sas}");
    let put =
        emu.http.put(format!("{base}/src/train.py?{sas}")).header("x-ms-blob-type", "BlockBlob").body("print(1)\n");
    assert_eq!(put.send().await.unwrap().status().as_u16(), 201);
    // List with the same SAS on the container URL (the blob URI's parent).
    let container = base.rsplit_once('/').unwrap().0;
    let prefix = base.rsplit('/').next().unwrap();
    let list =
        emu.http.get(format!("{container}?restype=container&comp=list&prefix={prefix}/&{sas}")).send().await.unwrap();
    assert_eq!(list.status().as_u16(), 200);
    assert!(list.text().await.unwrap().contains(&format!("<Name>{prefix}/src/train.py</Name>")));
    // A tampered signature is refused by Azurite.
    let bad = emu
        .http
        .put(format!("{base}/x.txt?{}", sas.replace("sp=racwdl", "sp=r")))
        .header("x-ms-blob-type", "BlockBlob")
        .body("x");
    assert_eq!(bad.send().await.unwrap().status().as_u16(), 403);
}

#[tokio::test]
async fn code_hash_lookup_finds_any_name() {
    let emu = start().await;
    let ws = emu.demo();
    let body = |uri: &str, hash: &str| {
        json!({"properties": {"codeUri": uri, "isAnonymous": true,
        "properties": {"hash_sha256": hash, "hash_version": 202208}}})
    };
    for (name, hash) in [("a1", "abc123"), ("b2", "def456")] {
        let (s, _, _) = emu
            .call("PUT", &format!("{ws}/codes/{name}/versions/1?api-version={V}"), Some(&body("http://x/y", hash)))
            .await;
        assert_eq!(s, 201);
    }
    let q = |name: &str, hash: &str, hv: &str| {
        format!("{ws}/codes/{name}/versions?api-version=2023-04-01&hash={hash}&hashVersion={hv}")
    };
    let (_, b) = emu.get_json(&q("some-random-name", "def456", "202208")).await;
    let items = b["value"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{b}");
    assert!(items[0]["id"].as_str().unwrap().ends_with("/codes/b2/versions/1"));
    let (_, b) = emu.get_json(&q("a1", "def456", "1")).await;
    assert!(b["value"].as_array().unwrap().is_empty());
    let (_, b) = emu.get_json(&q("a1", "nothing", "202208")).await;
    assert!(b["value"].as_array().unwrap().is_empty());
    // Without hash: only the named container's versions; $top and $orderBy apply.
    let (s, _, _) =
        emu.call("PUT", &format!("{ws}/codes/a1/versions/2?api-version={V}"), Some(&body("http://x/z", "zzz"))).await;
    assert_eq!(s, 201);
    let (_, b) =
        emu.get_json(&format!("{ws}/codes/a1/versions?api-version={V}&$orderBy=createdtime%20desc&$top=1")).await;
    assert_eq!(b["value"].as_array().unwrap().len(), 1);
    let (_, b) = emu.get_json(&format!("{ws}/codes/a1/versions?api-version={V}&$orderBy=name%20asc")).await;
    let names: Vec<&str> = b["value"].as_array().unwrap().iter().map(|v| v["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["1", "2"]);
    let (s, _, _) = emu.call("DELETE", &format!("{ws}/codes/a1/versions/2?api-version={V}"), None).await;
    assert_eq!(s, 200);
    let (s, _) = emu.get_json(&format!("{ws}/codes/a1/versions/2?api-version={V}")).await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn environment_examples_and_curated() {
    let emu = start().await;
    let fx = fixture("Workspace/EnvironmentVersion/createOrUpdate.json");
    let ws = inject(&emu, &fx);
    let path = format!(
        "{ws}/environments/{}/versions/{}?api-version={}",
        p(&fx, "name"),
        p(&fx, "version"),
        p(&fx, "api-version")
    );
    let (s, _, b) = emu.call("PUT", &path, Some(&fx["parameters"]["body"])).await;
    expect(&fx, s);
    shape(&fx["responses"]["201"]["body"], &b, "EnvironmentVersions_CreateOrUpdate", &[]);
    assert_eq!(b["properties"]["environmentType"], "UserCreated");
    let get = fixture("Workspace/EnvironmentVersion/get.json");
    let (s, b) = emu
        .get_json(&format!("{ws}/environments/{}/versions/{}?api-version={V}", p(&get, "name"), p(&get, "version")))
        .await;
    expect(&get, s);
    shape(&get["responses"]["200"]["body"], &b, "EnvironmentVersions_Get", &[]);
    // Neither image nor build: 400.
    let (s, _, _) = emu
        .call("PUT", &format!("{ws}/environments/e/versions/1?api-version={V}"), Some(&json!({"properties": {}})))
        .await;
    assert_eq!(s, 400);

    // Curated environments are the azureml registry's, not copies in each workspace.
    emu.set_page_size(50).await;
    let (_, b) = emu.get_json(&format!("{}/environments?api-version={V}", emu.demo())).await;
    let names: Vec<&str> = b["value"].as_array().unwrap().iter().map(|v| v["name"].as_str().unwrap()).collect();
    assert!(!names.iter().any(|n| n.starts_with("AzureML-")), "{names:?}");
}

#[tokio::test]
async fn datastore_examples_replay() {
    let emu = start_with(|c| c.azurite_url = "http://127.0.0.1:10000/devstoreaccount1".into()).await;
    let fx = fixture("Datastore/AzureBlobWAccountKey/createOrUpdate.json");
    let ws = inject(&emu, &fx);
    let path = format!("{ws}/datastores/{}?api-version={}", p(&fx, "name"), p(&fx, "api-version"));
    let (s, _, b) = emu.call("PUT", &path, Some(&fx["parameters"]["body"])).await;
    expect(&fx, s);
    shape(&fx["responses"]["201"]["body"], &b, "Datastores_CreateOrUpdate", &[]);
    assert!(b["properties"]["credentials"]["secrets"].get("key").is_none(), "secret leaked: {b}");

    let get = fixture("Datastore/get.json");
    let (s, b) = emu.get_json(&format!("{ws}/datastores/{}?api-version={V}", p(&get, "name"))).await;
    expect(&get, s);
    shape(&get["responses"]["200"]["body"], &b, "Datastores_Get", &[]);

    let sec = fixture("Datastore/listSecrets.json");
    let (s, _, b) =
        emu.call("POST", &format!("{ws}/datastores/{}/listSecrets?api-version={V}", p(&sec, "name")), None).await;
    expect(&sec, s);
    assert_shape(&sec["responses"]["200"]["body"], &b, "Datastores_ListSecrets");
    assert_eq!(b["key"], "string");

    // list with count=1 pages (the example shows a nextLink); 3 datastores in all.
    let list = fixture("Datastore/list.json");
    let pages = emu.all_pages(&format!("{ws}/datastores?api-version={V}&count=1"), false).await;
    assert_eq!(pages.len(), 3);
    let mut first = pages[0].clone();
    first["nextLink"] = json!("x");
    let mut ex = list["responses"]["200"]["body"].clone();
    ex["value"][0]["id"] = Value::Null;
    ex["value"][0]["name"] = Value::Null;
    assert_shape(&ex, &first, "Datastores_List");

    // The system datastores: the default one in Azurite's path-style form, listSecrets = account key.
    let (_, b) = emu.get_json(&format!("{}/datastores?api-version={V}&isDefault=true", emu.demo())).await;
    let d = &b["value"][0];
    assert_eq!((d["name"].as_str(), d["properties"]["isDefault"].as_bool()), (Some("workspaceblobstore"), Some(true)));
    assert_eq!(d["properties"]["containerName"], "azureml-blobstore-6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7");
    assert_eq!(
        (d["properties"]["endpoint"].as_str(), d["properties"]["protocol"].as_str()),
        (Some("127.0.0.1:10000"), Some("http"))
    );
    let (_, _, k) = emu
        .call("POST", &format!("{}/datastores/workspaceblobstore/listSecrets?api-version={V}", emu.demo()), None)
        .await;
    assert_eq!(k["secretsType"], "AccountKey");
    assert_eq!(k["key"].as_str(), Some(aml_emulator::storage::DEV_KEY));
    let (_, b) = emu.get_json(&format!("{}/datastores/workspaceartifactstore?api-version={V}", emu.demo())).await;
    assert_eq!(b["properties"]["containerName"], "azureml");
}

#[tokio::test]
async fn job_examples_replay() {
    let emu = start().await;
    let fx = fixture("Job/CommandJob/createOrUpdate.json");
    let ws = inject(&emu, &fx);
    // The example's ids are placeholders; point them at real resources of the workspace.
    let (s, _, code) = emu
        .call(
            "PUT",
            &format!("{ws}/codes/c/versions/1?api-version={V}"),
            Some(&json!({"properties": {"codeUri": "http://127.0.0.1:1/none/x"}})),
        )
        .await;
    assert_eq!(s, 201);
    let mut body = fx["parameters"]["body"].clone();
    body["properties"]["codeId"] = code["id"].clone();
    body["properties"]["computeId"] = json!(format!("{ws}/computes/cluster"));
    body["properties"]["environmentId"] =
        json!("azureml://registries/azureml/environments/AzureML-sklearn-1.5/versions/21");
    let path = format!("{ws}/jobs/{}?api-version={}", p(&fx, "id"), p(&fx, "api-version"));
    let (s, _, b) = emu.call("PUT", &path, Some(&body)).await;
    expect(&fx, s);
    assert_eq!(s, 201, "{b}");
    // errorMessage is null until a service fails; the example's resources.properties keys are
    // random GUIDs that differ between its request and response.
    let nulls = ["/properties/services/string/errorMessage", "/properties/resources/properties"];
    shape(&fx["responses"]["201"]["body"], &b, "Jobs_CreateOrUpdate", &nulls);
    assert_eq!(b["properties"]["status"], "NotStarted");
    assert!(b["properties"]["services"]["Studio"]["endpoint"]
        .as_str()
        .unwrap()
        .starts_with("https://ml.azure.com/runs/string"));

    let get = fixture("Job/CommandJob/get.json");
    let (s, b) = emu.get_json(&format!("{ws}/jobs/{}?api-version={V}", p(&get, "id"))).await;
    expect(&get, s);
    shape(&get["responses"]["200"]["body"], &b, "Jobs_Get", &nulls);

    let list = fixture("Job/CommandJob/list.json");
    let (s, b) = emu.get_json(&format!("{ws}/jobs?api-version={V}&jobType=Command&tag=string")).await;
    expect(&list, s);
    let mut ex = list["responses"]["200"]["body"].clone();
    ex["value"][0]["id"] = Value::Null;
    ex["value"][0]["properties"]["services"]["string"]["errorMessage"] = Value::Null;
    ex["value"][0]["properties"]["resources"]["properties"] = Value::Null;
    ex.as_object_mut().unwrap().remove("nextLink"); // one job: a single page
    assert_shape(&ex, &b, "Jobs_List");

    let cancel = fixture("Job/cancel.json");
    let (s, h, _) = emu.call("POST", &format!("{ws}/jobs/{}/cancel?api-version={V}", p(&cancel, "id")), None).await;
    expect(&cancel, s);
    let loc = h["location"].to_str().unwrap().to_string();
    assert!(h.contains_key("retry-after"));
    // Without Azurite the run may already have failed; either way it ends and the LRO completes.
    emu.wait_for(&format!("{ws}/jobs/string?api-version={V}"), |j| {
        ["Canceled", "Failed"].contains(&j["properties"]["status"].as_str().unwrap_or_default())
    })
    .await;
    let (s, _, _) = emu.call("GET", &loc, None).await;
    assert_eq!(s, 200);

    let del = fixture("Job/delete.json");
    let (s, h, _) = emu.call("DELETE", &format!("{ws}/jobs/string?api-version={}", p(&del, "api-version")), None).await;
    expect(&del, s);
    // A long-running operation: its Location answers 202 until the job is gone, then 200.
    assert_eq!(s, 202);
    let loc = h["location"].to_str().unwrap().to_string();
    assert!(loc.contains("/mfeOperationResults/jd:"), "{loc}");
    let mut polls = 0;
    while emu.call("GET", &loc, None).await.0 == 202 {
        polls += 1;
        assert!(polls < 200, "the delete never finished");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (s, _) = emu.get_json(&format!("{ws}/jobs/string?api-version={V}")).await;
    assert_eq!(s, 404);
}
