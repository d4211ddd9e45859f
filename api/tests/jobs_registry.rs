//! Curated environments by registry id: parsing, the built-in list, the discovery answer, the
//! registry list's request, ids and paging.

use aml_api::jobs::registry::{
    discovery_request, ids_from_list, latest_id, next_page, well_known_ids, Pick, RegistryEnvId, RegistryLocation,
    WELL_KNOWN,
};
use aml_api::jobs::DataPlane;
use serde_json::json;

#[test]
fn registry_ids_parse_into_registry_name_and_pick() {
    let id =
        RegistryEnvId::parse("azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest").unwrap();
    assert_eq!(
        id,
        RegistryEnvId {
            registry: "azureml".into(),
            name: "AzureML-sklearn-1.5".into(),
            pick: Pick::Label("latest".into())
        }
    );
    let id = RegistryEnvId::parse(" AZUREML://registries/contoso/Environments/e_1/VERSIONS/7 ").unwrap();
    assert_eq!((id.registry.as_str(), id.name.as_str(), id.pick), ("contoso", "e_1", Pick::Version("7".into())));
    for bad in [
        "",
        "azureml://registries/azureml/environments/x/labels/latest/extra",
        "azureml://registries//environments/x/labels/latest",
        "azureml://registries/azureml/environments/-x/labels/latest",
        "https://registries/azureml/environments/x/labels/latest",
    ] {
        assert!(RegistryEnvId::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_built_in_list_is_well_formed_registry_ids() {
    let ids = well_known_ids();
    assert_eq!(ids.len(), WELL_KNOWN.len());
    for (id, name) in ids.iter().zip(WELL_KNOWN) {
        let p = RegistryEnvId::parse(id).unwrap();
        assert_eq!((p.registry.as_str(), p.name.as_str(), p.pick), ("azureml", *name, Pick::Label("latest".into())));
    }
    assert_eq!(latest_id("n"), "azureml://registries/azureml/environments/n/labels/latest");
}

#[test]
fn discovery_names_where_the_list_is_read() {
    let dp = DataPlane::from_base("https://eastus.api.azureml.ms/");
    let req = discovery_request(&dp, "azureml");
    assert_eq!(req.url, "https://eastus.api.azureml.ms/registrymanagement/v1.0/registries/azureml/discovery");
    let answer = json!({"registryName": "azureml", "subscriptionId": "s-1", "resourceGroup": "rg 1",
                        "primaryRegionResourceProviderUri": "https://cert-eastus.experiments.azureml.net/"});
    let loc = RegistryLocation::from_discovery(&answer, "azureml").unwrap();
    assert_eq!(loc.host, "https://cert-eastus.experiments.azureml.net");
    assert_eq!(
        loc.list_environments("2025-12-01").url,
        "https://cert-eastus.experiments.azureml.net/mferp/managementfrontend/subscriptions/s-1/resourceGroups/rg%201\
         /providers/Microsoft.MachineLearningServices/registries/azureml/environments?api-version=2025-12-01"
    );
    let mut no_host = answer.clone();
    no_host["primaryRegionResourceProviderUri"] = json!("");
    assert!(RegistryLocation::from_discovery(&no_host, "azureml")
        .unwrap_err()
        .contains("primaryRegionResourceProviderUri"));
    let mut not_url = answer.clone();
    not_url["primaryRegionResourceProviderUri"] = json!("javascript:alert(1)");
    assert!(RegistryLocation::from_discovery(&not_url, "azureml").is_err());
    let mut no_sub = answer;
    no_sub.as_object_mut().unwrap().remove("subscriptionId");
    assert!(RegistryLocation::from_discovery(&no_sub, "azureml").unwrap_err().contains("subscriptionId"));
}

#[test]
fn the_list_becomes_sorted_latest_ids_and_pages_stay_on_the_registry_host() {
    let answer = json!({"value": [
        {"name": "AzureML-tensorflow-2.16-cuda12", "properties": {"latestVersion": "9"}},
        {"name": "AzureML-old", "properties": {"isArchived": true}},
        {"name": "azureml-acpt", "properties": {}},
        {"nameless": 1},
        {"name": "AzureML-tensorflow-2.16-cuda12"}
    ], "nextLink": "https://reg.example/mferp/x?$skip=2"});
    assert_eq!(
        ids_from_list(&answer, "azureml"),
        [latest_id("azureml-acpt"), latest_id("AzureML-tensorflow-2.16-cuda12")]
    );
    let loc = RegistryLocation {
        name: "azureml".into(),
        subscription: "s".into(),
        resource_group: "r".into(),
        host: "https://reg.example".into(),
    };
    assert_eq!(next_page(&answer, &loc).unwrap().url, "https://reg.example/mferp/x?$skip=2");
    let elsewhere = json!({"value": [], "nextLink": "https://reg.example.evil/mferp/x"});
    assert_eq!(next_page(&elsewhere, &loc), None);
    assert_eq!(next_page(&json!({"value": [], "nextLink": null}), &loc), None);
}
