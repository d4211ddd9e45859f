//! The submit page's experiment suggestions come from MLflow's experiment search on the data
//! plane (one request per 1,000 experiments), not from listing every job.

use aml_api::jobs::choices::experiment_page;
use aml_api::jobs::{Choices, DataPlane};
use aml_api::WorkspaceRef;
use serde_json::json;

#[test]
fn experiments_are_searched_on_the_workspace_mlflow_endpoint_page_by_page() {
    let dp = DataPlane::new("https://{region}.api.azureml.ms/", "West US 2");
    let ws = WorkspaceRef::new("sub-1", "rg", "ws");
    let first = dp.search_experiments(&ws, None);
    assert_eq!(
        first.url,
        "https://westus2.api.azureml.ms/mlflow/v1.0/subscriptions/sub-1/resourceGroups/rg/providers/\
         Microsoft.MachineLearningServices/workspaces/ws/api/2.0/mlflow/experiments/search?max_results=1000&view_type=ACTIVE_ONLY"
    );
    assert_eq!(first.method, aml_api::Method::Get);
    let next = dp.search_experiments(&ws, Some("b2Zmc2V0PTEwMDA=+/"));
    assert!(next.url.ends_with("&page_token=b2Zmc2V0PTEwMDA%3D%2B%2F"), "{}", next.url);
    assert_eq!(dp.search_experiments(&ws, Some("")).url, first.url);
}

#[test]
fn an_answer_gives_names_and_the_next_token_and_they_become_sorted_suggestions() {
    let answer = json!({"experiments": [
        {"experiment_id": "1", "name": "nightly", "lifecycle_stage": "active"},
        {"experiment_id": "2", "name": "Default"},
        {"experiment_id": "3"},
    ], "next_page_token": "tok"});
    assert_eq!(experiment_page(&answer), (vec!["nightly".to_string(), "Default".to_string()], Some("tok".to_string())));
    // MLflow leaves both keys out of an empty last page.
    assert_eq!(experiment_page(&json!({})), (vec![], None));
    assert_eq!(experiment_page(&json!({"experiments": [], "next_page_token": ""})), (vec![], None));

    let mut c = Choices::default();
    c.add_experiments(["nightly".to_string(), "Default".into(), " ".into()]);
    c.add_experiments(["bert".to_string(), "nightly".into()]);
    assert_eq!(c.experiments, ["Default", "bert", "nightly"]);
}
