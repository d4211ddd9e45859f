//! Writes `{case}.yaml` (unmasked az ml YAML) + `{case}.body.json` (our PUT body) for
//! `tests/sdk/yaml_roundtrip.py`, which loads each YAML with the official SDK and compares.
//! Job forms the same way: `{case}.job.yml` (the job form's YAML, `code: ./src` beside it) +
//! `{case}.job.body.json` (the job PUT body the console would send).
//! Also checks the YAML views on their own (masking, notes, REST text).
//! Output dir: `$AML_YAML_CASES_DIR`, else `<workspace>/target/yaml-cases`.

mod common;
mod jobs_support;

use std::path::PathBuf;

use aml_api::forms::*;
use aml_api::yaml;
use aml_api::{ArmClient, WorkspaceRef};
use common::*;

const LOC: &str = "eastus";

fn cases() -> Vec<(&'static str, ComputeDraft)> {
    let aml_default =
        AmlComputeForm { name: "cpu-cluster".into(), vm_size: "STANDARD_D2_V2".into(), ..Default::default() };
    let aml_full = AmlComputeForm {
        name: "gpu-cluster".into(),
        vm_size: "Standard_NC6s_v3".into(),
        vm_priority: "LowPriority".into(),
        min_nodes: "1".into(),
        max_nodes: "8".into(),
        idle_seconds: "3661".into(),
        admin_username: "azureml".into(),
        admin_password: "S3cret-Passw0rd!".into(),
        ssh_public_key: RSA_PUB.into(),
        subnet_id: subnet(),
        remote_login_port_public_access: "Disabled".into(),
        enable_node_public_ip: false,
        identity: IdentityForm { kind: IdentityKind::UserAssigned, user_assigned_ids: vec![uai()] },
        description: "GPU: training # nightly".into(),
        tags: vec![
            TagPair { key: "team".into(), value: "vision".into() },
            TagPair { key: "cost-center".into(), value: "0042".into() },
        ],
        ..Default::default()
    };
    let aml_zero_idle = AmlComputeForm {
        name: "zero-idle".into(),
        idle_seconds: "0".into(),
        remote_login_port_public_access: "Enabled".into(),
        identity: IdentityForm { kind: IdentityKind::SystemAssigned, user_assigned_ids: vec![] },
        ..Default::default()
    };
    let ci_min = ComputeInstanceForm { name: "ci-min".into(), ..Default::default() };
    let ci_full = ComputeInstanceForm {
        name: "ci-ada".into(),
        vm_size: "STANDARD_DS11_V2".into(),
        subnet_id: subnet(),
        ssh_public_access: true,
        ssh_public_key: ED25519_PUB.into(),
        idle_shutdown_minutes: "60".into(),
        schedules: vec![
            ScheduleForm {
                action: "Stop".into(),
                cron_expression: "0 18 * * *".into(),
                start_time: "2021-04-23T01:30:00".into(),
                time_zone: "Pacific Standard Time".into(),
                ..Default::default()
            },
            ScheduleForm {
                action: "Start".into(),
                enabled: false,
                trigger_type: "Recurrence".into(),
                frequency: "Week".into(),
                interval: "1".into(),
                hours: "8".into(),
                minutes: "0,30".into(),
                week_days: vec!["Monday".into(), "Friday".into()],
                time_zone: "UTC".into(),
                ..Default::default()
            },
        ],
        assigned_user_object_id: "a0d1e2f3-0000-4000-8000-00000000ada1".into(),
        assigned_user_tenant_id: "3f2b6c1d-8e4a-4b7f-9c2d-5a6e7f8b9c0d".into(),
        creation_script: ScriptForm {
            source: "workspaceStorage".into(),
            data: "Users/ada/setup.sh".into(),
            arguments: "--fast".into(),
            timeout_minutes: "10".into(),
        },
        description: "Ada's instance".into(),
        tags: vec![TagPair { key: "owner".into(), value: "ada".into() }],
        ..Default::default()
    };
    let vm = SshAttachForm {
        name: "dsvm-ubuntu".into(),
        resource_id: id("Microsoft.Compute/virtualMachines/dsvm1"),
        ssh_port: "2222".into(),
        username: "azureuser".into(),
        password: "p@ss: word".into(),
        description: "attached DSVM".into(),
        ..Default::default()
    };
    let vm_key = SshAttachForm {
        name: "dsvm-key".into(),
        resource_id: id("Microsoft.Compute/virtualMachines/dsvm2"),
        username: "azureuser".into(),
        private_key: OPENSSH_PRIVATE.into(),
        public_key: ED25519_PUB.into(),
        ..Default::default()
    };
    let k8s = KubernetesForm {
        name: "k8s-arc".into(),
        resource_id: id("Microsoft.Kubernetes/connectedClusters/arc1"),
        namespace: "azureml".into(),
        default_instance_type: "defaultInstanceType".into(),
        instance_types_json: r#"{"defaultInstanceType":{"nodeSelector":null,"resources":{"requests":{"cpu":"1","memory":"4Gi","nvidia.com/gpu":null},"limits":{"cpu":"1","memory":"4Gi","nvidia.com/gpu":null}}}}"#.into(),
        identity: IdentityForm { kind: IdentityKind::SystemAssigned, user_assigned_ids: vec![] },
        description: "arc cluster".into(),
    };
    let syn = SynapseSparkForm {
        name: "synapse-pool".into(),
        resource_id: id("Microsoft.Synapse/workspaces/syn1/bigDataPools/pool1"),
        identity: IdentityForm { kind: IdentityKind::UserAssigned, user_assigned_ids: vec![uai()] },
        description: "spark".into(),
    };
    vec![
        ("aml_default", ComputeDraft::AmlCompute(aml_default)),
        ("aml_full", ComputeDraft::AmlCompute(aml_full)),
        ("aml_zero_idle", ComputeDraft::AmlCompute(aml_zero_idle)),
        ("ci_min", ComputeDraft::ComputeInstance(ci_min)),
        ("ci_full", ComputeDraft::ComputeInstance(ci_full)),
        ("vm_password", ComputeDraft::SshAttach(vm)),
        ("vm_key", ComputeDraft::SshAttach(vm_key)),
        ("k8s", ComputeDraft::Kubernetes(k8s)),
        ("synapse", ComputeDraft::SynapseSpark(syn)),
    ]
}

fn out_dir() -> PathBuf {
    match std::env::var_os("AML_YAML_CASES_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/yaml-cases"),
    }
}

fn client() -> (ArmClient, WorkspaceRef) {
    (ArmClient::new("https://management.azure.com", "2025-12-01"), WorkspaceRef::new(SUB, "rg-ml-dev", "ws-demo"))
}

#[test]
fn write_yaml_cases_for_the_sdk_roundtrip() {
    let dir = out_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let (c, ws) = client();
    for (case, draft) in cases() {
        assert_eq!(draft.validate(&[]), vec![], "{case} must be valid");
        let v = yaml::view(&draft, &c, &ws, LOC, true);
        assert_eq!(v.language, "yaml", "{case}");
        std::fs::write(dir.join(format!("{case}.yaml")), &v.text).unwrap();
        let body = serde_json::to_string_pretty(&draft.to_resource(LOC)).unwrap();
        std::fs::write(dir.join(format!("{case}.body.json")), body).unwrap();
        if let ComputeDraft::SshAttach(f) = &draft {
            if !f.private_key.is_empty() {
                let file = yaml::private_key_file(&f.name);
                // The SDK reads the key file relative to its working directory (the cases dir).
                std::fs::write(dir.join(file.trim_start_matches("./")), format!("{}\n", f.private_key.trim())).unwrap();
            }
        }
    }
}

/// A grid sweep (choices only, as grid sampling requires) minimizing a loss, with truncation
/// selection and no per-trial limit.
fn grid_sweep_form() -> aml_api::jobs::JobForm {
    let mut f = jobs_support::sweep_form();
    f.sweep.params = vec![
        jobs_support::param("lr", "choice", "0.1, 0.01", ""),
        jobs_support::param("batch", "choice", "16, 32", ""),
        jobs_support::param("drop", "choice", "0.2", ""),
        jobs_support::param("layers", "choice", "2,4", ""),
    ];
    f.sweep.sampling = "grid".into();
    f.sweep.seed = String::new();
    f.sweep.metric = "val_loss".into();
    f.sweep.goal = "Minimize".into();
    f.sweep.max_total = "8".into();
    f.sweep.max_concurrent = String::new();
    f.sweep.trial_timeout = String::new();
    f.sweep.policy = "truncation_selection".into();
    f.sweep.slack_factor = String::new();
    f.sweep.truncation = "20".into();
    f
}

#[test]
fn write_job_yaml_cases_for_the_sdk_roundtrip() {
    let dir = out_dir();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    // `code: ./src` must exist for the SDK's load_job.
    std::fs::write(dir.join("src/train.py"), "print('hello')\n").unwrap();
    let cases = [
        ("job_tricky_values", jobs_support::tricky_cluster_form()),
        ("job_serverless_tf", jobs_support::serverless_tf_form()),
        ("job_workspace_env_mpi", jobs_support::workspace_env_mpi_form()),
        ("job_minimal", jobs_support::minimal_form()),
        // Sweeps: random with Bandit (every distribution), grid with truncation selection.
        ("job_sweep_random_bandit", jobs_support::sweep_form()),
        ("job_sweep_grid_truncation", grid_sweep_form()),
    ];
    for (case, form) in cases {
        assert_eq!(form.validate(&Default::default()), vec![], "{case} must be valid");
        let yaml = aml_api::jobs::yaml::job_yaml(&form, Some("src"), jobs_support::JOB_NAME);
        std::fs::write(dir.join(format!("{case}.job.yml")), yaml).unwrap();
        let body = form.job_body(jobs_support::JOB_NAME, &jobs_support::refs(&form));
        std::fs::write(dir.join(format!("{case}.job.body.json")), serde_json::to_string_pretty(&body).unwrap())
            .unwrap();
    }
}

#[test]
fn displayed_yaml_masks_secrets_and_unmasked_does_not() {
    let (c, ws) = client();
    let (_, aml) = cases().into_iter().find(|(n, _)| *n == "aml_full").unwrap();
    let shown = yaml::view(&aml, &c, &ws, LOC, false).text;
    assert!(!shown.contains("S3cret-Passw0rd!"), "{shown}");
    assert!(shown.contains(&format!("admin_password: {}", yaml::MASK)), "{shown}");
    let clear = yaml::view(&aml, &c, &ws, LOC, true).text;
    assert!(clear.contains("admin_password: S3cret-Passw0rd!"), "{clear}");
    assert!(clear.starts_with("$schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json\nname: gpu-cluster\ntype: amlcompute\n"), "{clear}");
    // A value with " #" must be quoted or YAML would read a comment.
    assert!(clear.contains("description: \"GPU: training # nightly\""), "{clear}");
    assert!(clear.contains("tier: low_priority\n"));
    assert!(clear.contains("  cost-center: \"0042\"\n"), "numeric-looking strings stay strings: {clear}");
}

#[test]
fn types_az_ml_cannot_attach_show_the_rest_request_masked() {
    let (c, ws) = client();
    let dbx = ComputeDraft::Databricks(DatabricksForm {
        name: "dbx-prod".into(),
        resource_id: id("Microsoft.Databricks/workspaces/dbx"),
        workspace_url: "https://adb-1234567890123456.7.azuredatabricks.net".into(),
        access_token: "dapi-very-secret".into(),
        description: String::new(),
    });
    let v = yaml::view(&dbx, &c, &ws, LOC, false);
    assert_eq!(v.language, "http");
    assert!(v.text.starts_with(&format!(
        "PUT https://management.azure.com/subscriptions/{SUB}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-demo/computes/dbx-prod?api-version=2025-12-01\nContent-Type: application/json\n\n{{"
    )), "{}", v.text);
    assert!(v.text.contains("\"databricksAccessToken\": \"••••••\""), "{}", v.text);
    assert!(!v.text.contains("dapi-very-secret"));
    let body: serde_json::Value = serde_json::from_str(v.text.split_once("\n\n").unwrap().1).unwrap();
    assert_eq!(body["properties"]["computeType"], "Databricks");
    let clear = yaml::view(&dbx, &c, &ws, LOC, true).text;
    assert!(clear.contains("dapi-very-secret"));

    let hdi = ComputeDraft::SshAttach(SshAttachForm {
        target: SshAttachTarget::HdInsight,
        name: "hdi-spark".into(),
        resource_id: id("Microsoft.HDInsight/clusters/hdi"),
        address: "hdi-ssh.azurehdinsight.net".into(),
        username: "sshuser".into(),
        password: "hunter2-hunter2".into(),
        ..Default::default()
    });
    let v = yaml::view(&hdi, &c, &ws, LOC, false);
    assert_eq!(v.language, "http");
    assert!(v.text.contains("\"password\": \"••••••\"") && !v.text.contains("hunter2"), "{}", v.text);
    let adla = ComputeDraft::DataLakeAnalytics(DataLakeAnalyticsForm {
        name: "adla-logs".into(),
        resource_id: id("Microsoft.DataLakeAnalytics/accounts/adla"),
        data_lake_store_account_name: "adls1".into(),
        description: String::new(),
    });
    assert_eq!(yaml::view(&adla, &c, &ws, LOC, false).language, "http");
}

#[test]
fn inexpressible_settings_become_comments() {
    let f = ComputeInstanceForm {
        name: "ci-x".into(),
        application_sharing_policy: "Personal".into(),
        startup_script: ScriptForm { source: "inline".into(), data: "echo hi".into(), ..Default::default() },
        ..Default::default()
    };
    let y = yaml::compute_instance_yaml(&f, LOC);
    assert!(y.starts_with("# applicationSharingPolicy Personal"), "{y}");
    assert!(y.contains("# The inline startup script"), "{y}");
    assert!(!y.contains("setup_scripts"), "{y}");
}
