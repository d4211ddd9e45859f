//! Request builders and nextLink safety.

use aml_api::{ArmClient, Method, WorkspaceRef};

const BASE: &str = "https://management.azure.com";
const WS: &str = "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/ws1";

fn client() -> ArmClient {
    ArmClient::new("https://management.azure.com/", "2025-12-01")
}

fn ws() -> WorkspaceRef {
    WorkspaceRef::new("sub1", "rg1", "ws1")
}

#[test]
fn builders_produce_the_documented_urls() {
    let c = client();
    let q = "?api-version=2025-12-01";
    let cases = [
        (c.list_subscriptions(), Method::Get, format!("{BASE}/subscriptions?api-version=2022-12-01")),
        (c.list_workspaces("sub1"), Method::Get, format!("{BASE}/subscriptions/sub1/providers/Microsoft.MachineLearningServices/workspaces{q}")),
        (c.list_workspaces_in_group("sub1", "rg1"), Method::Get, format!("{BASE}/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces{q}")),
        (c.get_workspace(&ws()), Method::Get, format!("{BASE}{WS}{q}")),
        (c.list_computes(&ws()), Method::Get, format!("{BASE}{WS}/computes{q}")),
        (c.get_compute(&ws(), "cpu-cluster"), Method::Get, format!("{BASE}{WS}/computes/cpu-cluster{q}")),
        (c.list_nodes(&ws(), "cpu-cluster"), Method::Post, format!("{BASE}{WS}/computes/cpu-cluster/listNodes{q}")),
        (c.list_vm_sizes("sub1", "eastus"), Method::Get, format!("{BASE}/subscriptions/sub1/providers/Microsoft.MachineLearningServices/locations/eastus/vmSizes{q}")),
        (c.list_usages("sub1", "eastus"), Method::Get, format!("{BASE}/subscriptions/sub1/providers/Microsoft.MachineLearningServices/locations/eastus/usages{q}")),
    ];
    for (req, method, url) in cases {
        assert_eq!(req.method, method);
        assert_eq!(req.url, url);
        assert_eq!(req.header("accept"), Some("application/json"));
        assert_eq!(req.body, None, "{url}: no body expected");
    }
}

#[test]
fn path_segments_are_encoded() {
    let c = ArmClient::new("http://127.0.0.1:7070", "2025-12-01");
    let w = WorkspaceRef::new("s/../x", "rg 1", "ws?#%");
    assert_eq!(
        w.arm_path(),
        "/subscriptions/s%2F..%2Fx/resourceGroups/rg%201/providers/Microsoft.MachineLearningServices/workspaces/ws%3F%23%25"
    );
    let req = c.get_compute(&ws(), "..");
    assert!(req.url.ends_with("/computes/%2E%2E?api-version=2025-12-01"), "{}", req.url);
    let req = c.get_compute(&ws(), "a.b-c_d~é");
    assert!(req.url.contains("/computes/a.b-c_d~%C3%A9?"), "{}", req.url);
}

#[test]
fn next_page_follows_same_origin_links_as_is() {
    let c = client();
    let link = "https://management.azure.com/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/computes?api-version=2025-07-01-preview&$skip=2";
    let req = c.next_page(link).unwrap();
    assert_eq!((req.method, req.url.as_str()), (Method::Get, link));
    assert_eq!(req.header("Accept"), Some("application/json"));
    // Case of scheme/host and an explicit default port do not matter.
    assert!(c.next_page("HTTPS://Management.Azure.com:443/subscriptions?x=1&api-version=1").is_ok());
    // A missing api-version is added; a path-only link resolves against the base.
    assert_eq!(
        c.next_page("/subscriptions/s/providers/p?$skip=abc").unwrap().url,
        "https://management.azure.com/subscriptions/s/providers/p?$skip=abc&api-version=2025-12-01"
    );
    let emu = ArmClient::new("http://127.0.0.1:7070", "2025-12-01");
    assert!(emu.next_page("http://127.0.0.1:7070/subscriptions/s?api-version=x&$skip=1").is_ok());
}

#[test]
fn next_page_refuses_foreign_links() {
    let c = client();
    for bad in [
        "https://evil.example/subscriptions?api-version=2025-12-01",
        "https://management.azure.com:8443/subscriptions",
        "http://management.azure.com/subscriptions",
        "https://management.azure.com.evil.example/x",
        "https://management.azure.com@evil.example/x",
        "https://evil.example\\@management.azure.com/x",
        "//evil.example/x",
        "nextLink",
        "javascript:alert(1)",
        "https://management.azure.com\n.evil.example/",
        "",
    ] {
        let err = c.next_page(bad).expect_err(bad);
        assert_eq!(err.code, "UntrustedNextLink", "{bad}");
    }
    let emu = ArmClient::new("http://127.0.0.1:7070", "2025-12-01");
    assert!(emu.next_page("http://127.0.0.1:7071/subscriptions").is_err(), "different port");
    assert!(emu.next_page("http://localhost:7070/subscriptions").is_err(), "different host");
    assert!(emu.next_page("http://127.0.0.1/subscriptions").is_err(), "default port differs");
}

#[test]
fn ipv6_base() {
    let c = ArmClient::new("http://[::1]:7070", "v");
    assert!(c.next_page("http://[::1]:7070/x").is_ok());
    assert!(c.next_page("http://[::1]:7071/x").is_err());
    assert!(c.next_page("http://[::2]:7070/x").is_err());
}
