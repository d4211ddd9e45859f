//! Form-level validation: which fields get an error for bad input.

mod common;

use aml_api::forms::*;
use common::*;

#[test]
fn form_validation_reports_fields() {
    let fields = |errs: Vec<aml_api::FieldError>| errs.into_iter().map(|e| e.field).collect::<Vec<_>>();
    let bad = AmlComputeForm {
        name: "abc-12".into(),
        vm_size: " ".into(),
        vm_priority: "Spot".into(),
        min_nodes: "5".into(),
        max_nodes: "2".into(),
        idle_seconds: "-3".into(),
        admin_username: "root".into(),
        admin_password: "short".into(),
        ssh_public_key: "ssh-rsa xx".into(),
        subnet_id: id("Microsoft.Network/virtualNetworks/v"),
        remote_login_port_public_access: "Maybe".into(),
        identity: IdentityForm { kind: IdentityKind::UserAssigned, user_assigned_ids: vec![] },
        tags: vec![TagPair { key: "a/b".into(), value: String::new() }],
        ..Default::default()
    };
    assert_eq!(
        fields(bad.validate(&[])),
        vec![
            "name",
            "vm_size",
            "vm_priority",
            "min_nodes",
            "idle_seconds",
            "admin_username",
            "admin_password",
            "ssh_public_key",
            "subnet_id",
            "remote_login_port_public_access",
            "identity",
            "tags"
        ]
    );
    let dup = AmlComputeForm { name: "CPU-cluster".into(), ..Default::default() };
    assert_eq!(fields(dup.validate(&["cpu-cluster".into()])), vec!["name"]);
    let no_ip = AmlComputeForm { name: "abc".into(), enable_node_public_ip: false, ..Default::default() };
    assert_eq!(fields(no_ip.validate(&[])), vec!["enable_node_public_ip"]);
    let pw_no_user =
        AmlComputeForm { name: "abc".into(), admin_password: "Str0ng-Passw0rd".into(), ..Default::default() };
    assert_eq!(fields(pw_no_user.validate(&[])), vec!["admin_username"]);

    let ci = ComputeInstanceForm {
        name: "ci".into(),
        ssh_public_access: true,
        idle_shutdown_minutes: "5".into(),
        schedules: vec![
            ScheduleForm { cron_expression: "daily".into(), ..Default::default() },
            ScheduleForm {
                trigger_type: "Recurrence".into(),
                hours: "25".into(),
                minutes: "0".into(),
                ..Default::default()
            },
        ],
        assigned_user_object_id: "x".into(),
        creation_script: ScriptForm { source: "inline".into(), ..Default::default() },
        ..Default::default()
    };
    assert_eq!(
        fields(ci.validate(&[])),
        vec![
            "name",
            "ssh_public_key",
            "idle_shutdown_minutes",
            "schedules",
            "schedules",
            "assigned_user_object_id",
            "assigned_user_tenant_id",
            "creation_script"
        ]
    );

    let vm = SshAttachForm {
        name: "vm1".into(),
        resource_id: id("Microsoft.HDInsight/clusters/c"),
        address: "https://x".into(),
        ssh_port: "0".into(),
        private_key: OPENSSH_PRIVATE.into(),
        ..Default::default()
    };
    assert_eq!(fields(vm.validate(&[])), vec!["resource_id", "address", "ssh_port", "username", "public_key"]);
    let hdi = SshAttachForm {
        target: SshAttachTarget::HdInsight,
        name: "hdi".into(),
        resource_id: id("Microsoft.HDInsight/clusters/c"),
        username: "u".into(),
        ..Default::default()
    };
    assert_eq!(fields(hdi.validate(&[])), vec!["address", "password"]);
    let dbx = DatabricksForm {
        name: "dbx".into(),
        resource_id: id("Microsoft.Databricks/workspaces/d"),
        workspace_url: "https://example.com".into(),
        ..Default::default()
    };
    assert_eq!(fields(dbx.validate(&[])), vec!["workspace_url", "access_token"]);
    let adla = DataLakeAnalyticsForm {
        name: "adla".into(),
        resource_id: id("Microsoft.DataLakeAnalytics/accounts/a"),
        data_lake_store_account_name: "Bad_Name".into(),
        ..Default::default()
    };
    assert_eq!(fields(adla.validate(&[])), vec!["data_lake_store_account_name"]);
    let k = KubernetesForm {
        name: "k8s".into(),
        resource_id: id("Microsoft.Kubernetes/connectedClusters/c"),
        namespace: "Bad".into(),
        default_instance_type: "gpu".into(),
        instance_types_json: r#"{"cpu":{}}"#.into(),
        ..Default::default()
    };
    assert_eq!(fields(k.validate(&[])), vec!["namespace", "default_instance_type"]);
    let k2 = KubernetesForm { instance_types_json: "[1]".into(), namespace: "ok".into(), ..k };
    assert_eq!(fields(k2.validate(&[])), vec!["instance_types_json"]);
    let syn = SynapseSparkForm {
        name: "syn".into(),
        resource_id: id("Microsoft.Synapse/workspaces/w"),
        ..Default::default()
    };
    assert_eq!(fields(syn.validate(&[])), vec!["resource_id"]);
}
