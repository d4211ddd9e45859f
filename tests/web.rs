//! Browser tests (`cargo test --target wasm32-unknown-unknown -p aml-console`): mount the
//! compute table into a real document and drive it like a user would.

use aml_api::view::ComputeRow;
use aml_console::components::compute_table::ComputeTable;
use aml_console::components::status_badge::tone;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const COMPUTES: &str = r#"[
  {"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/computes/cpu-cluster",
   "name": "cpu-cluster", "location": "eastus",
   "properties": {"computeType": "AmlCompute", "provisioningState": "Succeeded", "createdOn": "2024-03-01T10:00:00.000Z",
     "properties": {"vmSize": "STANDARD_DS3_V2", "allocationState": "Steady", "currentNodeCount": 1, "targetNodeCount": 2,
       "scaleSettings": {"minNodeCount": 0, "maxNodeCount": 4}}}},
  {"name": "ci-ada", "location": "eastus",
   "properties": {"computeType": "ComputeInstance", "provisioningState": "Succeeded", "createdOn": "2024-05-02T08:00:00Z",
     "properties": {"vmSize": "Standard_DS11_v2", "state": "Running"}}},
  {"name": "broken-cluster", "location": "eastus",
   "properties": {"computeType": "AmlCompute", "provisioningState": "Failed", "createdOn": "2024-01-15T00:00:00Z",
     "provisioningErrors": [{"error": {"code": "QuotaExceeded", "message": "Not enough quota"}}],
     "properties": {"vmSize": "STANDARD_NC6", "scaleSettings": {"minNodeCount": 0, "maxNodeCount": 2}}}},
  {"name": "legacy-batch", "location": "westeurope",
   "properties": {"computeType": "Batch", "provisioningState": "Succeeded", "createdOn": "2023-12-01T00:00:00Z",
     "properties": {"vmSize": "STANDARD_A1"}}},
  {"name": "dbx-prod", "location": "eastus",
   "properties": {"computeType": "Databricks", "provisioningState": "Succeeded", "createdOn": "2024-02-10T00:00:00Z"}}
]"#;

fn computes() -> Vec<ComputeRow> {
    let items: Vec<serde_json::Value> = serde_json::from_str(COMPUTES).expect("fixture parses");
    items.iter().map(ComputeRow::from_value).collect()
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts the table in a fresh container; the handle must stay alive during the test.
fn mount(list: Vec<ComputeRow>) -> (web_sys::HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        view! { <ComputeTable computes=list.clone() link_base="/ws/s/r/w/computes"/> }
    });
    (host, handle)
}

/// Lets scheduled effects and re-renders run.
async fn settle() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn all(host: &web_sys::HtmlElement, sel: &str) -> Vec<web_sys::Element> {
    let list = host.query_selector_all(sel).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

fn one(host: &web_sys::HtmlElement, sel: &str) -> web_sys::HtmlElement {
    host.query_selector(sel).unwrap().unwrap_or_else(|| panic!("{sel} not found")).unchecked_into()
}

fn row_names(host: &web_sys::HtmlElement) -> Vec<String> {
    all(host, "[data-testid=compute-row]").iter().map(|r| r.get_attribute("data-name").unwrap()).collect()
}

fn cells(host: &web_sys::HtmlElement, name: &str) -> Vec<String> {
    all(host, &format!("[data-testid=compute-row][data-name='{name}'] td"))
        .iter()
        .map(|c| c.text_content().unwrap_or_default().trim().to_string())
        .collect()
}

fn type_into(el: &web_sys::HtmlElement, value: &str, event: &str) {
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(value);
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.set_value(value);
    }
    el.dispatch_event(&web_sys::Event::new(event).unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn renders_rows_and_cells() {
    let (host, _h) = mount(computes());
    settle().await;
    assert_eq!(row_names(&host), ["broken-cluster", "ci-ada", "cpu-cluster", "dbx-prod", "legacy-batch"]);
    assert_eq!(one(&host, "[data-testid=compute-count]").text_content().unwrap(), "5 computes");
    let cpu = cells(&host, "cpu-cluster");
    assert_eq!(
        cpu[..6],
        ["cpu-cluster", "Compute cluster", "Succeeded · Steady", "STANDARD_DS3_V2", "1 / 2 (0–4)", "eastus"]
    );
    // The creation day through Intl, in the browser's locale and time zone, which it names.
    let created = &cpu[6];
    assert!(created.contains("2024") && (created.contains("UTC") || created.contains("GMT")), "{created}");
    let cell = one(&host, "[data-name='cpu-cluster'] td:last-child");
    assert!(cell.get_attribute("title").unwrap().starts_with("2024-03-01"));
    assert_eq!(cells(&host, "ci-ada")[2], "Running");
    assert_eq!(cells(&host, "legacy-batch")[1], "Batch (unsupported)");
    let link = one(&host, "[data-name='cpu-cluster'] a");
    assert_eq!(link.get_attribute("href").unwrap(), "/ws/s/r/w/computes/cpu-cluster");
    let broken_dot = one(&host, "[data-name='broken-cluster'] .status");
    assert_eq!(broken_dot.get_attribute("data-tone").unwrap(), "error");
    // Type options come from the types present (+ "All types").
    assert_eq!(all(&host, "[data-testid=compute-type-filter] option").len(), 5);
    host.remove();
}

#[wasm_bindgen_test]
async fn sorts_by_clicking_headers() {
    let (host, _h) = mount(computes());
    settle().await;
    one(&host, "[data-testid=sort-name]").click();
    settle().await;
    assert_eq!(row_names(&host), ["legacy-batch", "dbx-prod", "cpu-cluster", "ci-ada", "broken-cluster"]);
    assert!(one(&host, "[data-testid=sort-name]").text_content().unwrap().contains('↓'));
    one(&host, "[data-testid=sort-created]").click();
    settle().await;
    assert_eq!(row_names(&host), ["legacy-batch", "broken-cluster", "dbx-prod", "cpu-cluster", "ci-ada"]);
    one(&host, "[data-testid=sort-created]").click();
    settle().await;
    assert_eq!(row_names(&host)[0], "ci-ada");
    one(&host, "[data-testid=sort-type]").click();
    settle().await;
    assert_eq!(row_names(&host)[0], "legacy-batch", "Batch (unsupported) sorts first by label");
    host.remove();
}

#[wasm_bindgen_test]
async fn filters_by_text_and_type() {
    let (host, _h) = mount(computes());
    settle().await;
    let filter = one(&host, "[data-testid=compute-filter]");
    type_into(&filter, "CLUSTER", "input");
    settle().await;
    assert_eq!(row_names(&host), ["broken-cluster", "cpu-cluster"]);
    assert_eq!(one(&host, "[data-testid=compute-count]").text_content().unwrap(), "2 of 5 computes");
    type_into(&filter, "failed", "input");
    settle().await;
    assert_eq!(row_names(&host), ["broken-cluster"]);
    type_into(&filter, "ds11", "input");
    settle().await;
    assert_eq!(row_names(&host), ["ci-ada"]);
    type_into(&filter, "no-such-thing", "input");
    settle().await;
    assert!(row_names(&host).is_empty());
    assert_eq!(one(&host, "[data-testid=compute-empty]").text_content().unwrap(), "No compute matches the filter");
    type_into(&filter, "", "input");
    type_into(&one(&host, "[data-testid=compute-type-filter]"), "AmlCompute", "change");
    settle().await;
    assert_eq!(row_names(&host), ["broken-cluster", "cpu-cluster"]);
    host.remove();
}

#[wasm_bindgen_test]
async fn empty_workspace_message() {
    let (host, _h) = mount(Vec::new());
    settle().await;
    assert!(row_names(&host).is_empty());
    assert_eq!(
        one(&host, "[data-testid=compute-empty]").text_content().unwrap(),
        "No compute targets in this workspace yet"
    );
    assert_eq!(one(&host, "[data-testid=compute-count]").text_content().unwrap(), "0 computes");
    host.remove();
}

#[wasm_bindgen_test]
fn status_tones() {
    assert_eq!(tone("Succeeded · Steady"), "success");
    assert_eq!(tone("Succeeded · Resizing"), "progress");
    assert_eq!(tone("Creating"), "progress");
    assert_eq!(tone("Stopped"), "neutral");
    assert_eq!(tone("Failed"), "error");
}

#[wasm_bindgen_test]
fn config_requires_https_off_loopback() {
    use aml_console::config::check_url;
    assert!(check_url("x", "https://management.azure.com").is_ok());
    assert!(check_url("x", "http://127.0.0.1:7070").is_ok());
    assert!(check_url("x", "http://example.com").is_err());
    assert!(check_url("x", "http://127.0.0.1.evil.example").is_err());
}

#[wasm_bindgen_test]
fn jwt_claims_and_base64url() {
    use aml_api::{base64, jwt};
    let payload = base64::encode_url(br#"{"name":"Ada Lovelace","exp":4102444800}"#);
    let claims = jwt::decode(&format!("e30.{payload}.sig")).unwrap();
    assert_eq!(claims.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(claims.exp, Some(4102444800.0));
    assert!(jwt::decode("not-a-jwt").is_none());
    let id = aml_console::browser::uuid_v4();
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "4");
}
