//! Shared job test data: forms that exercise every part of the body and the YAML, and values
//! YAML readers are known to misread when written bare.
#![allow(dead_code)]

use std::collections::BTreeMap;

use aml_api::jobs::ids::{code_version_id, compute_id};
use aml_api::jobs::sweep::{SearchParam, SweepForm};
use aml_api::jobs::{EnvironmentPlan, InputRow, JobForm, JobRefs, OutputRow};
use aml_api::{ArmClient, WorkspaceRef};

pub const SUB: &str = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
pub const WS_PATH: &str = "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-demo";
pub const ARM: &str = "https://management.azure.com";
/// The job id the sample submissions use (it starts with a digit, as random ids may).
pub const JOB_NAME: &str = "0d6e1c2b-7a8f-4b3c-9d2e-1f0a9b8c7d6e";

pub fn ws() -> WorkspaceRef {
    WorkspaceRef::new(SUB, "rg-ml-dev", "ws-demo")
}

pub fn arm() -> ArmClient {
    ArmClient::new(ARM, "2025-12-01")
}

/// Strings a plain YAML scalar would turn into a number, a boolean, null, another tag, a
/// comment, a mapping, or would fold/reject (controls, NEL, LS, DEL, BOM); plus strings that are
/// fine plain, so quoting too much is noticed as well.
pub const TRICKY: &[&str] = &[
    "0.05",
    "1e3",
    "007",
    "0x1f",
    "0o17",
    "+1_000",
    "1_000",
    "12:30",
    "2026-11-27",
    ".5",
    "._5",
    "-.5",
    ".inf",
    "-.Inf",
    ".NaN",
    "+.inf",
    "true",
    "False",
    "yes",
    "NO",
    "on",
    "Off",
    "y",
    "n",
    "null",
    "Null",
    "~",
    "=",
    "<<",
    "a: b",
    "a:b",
    "key:",
    "#hash",
    "a #b",
    "a#b",
    "- item",
    "-x",
    "? q",
    "@at",
    "`tick",
    "%pct",
    "!bang",
    "&anchor",
    "*alias",
    "|pipe",
    ">gt",
    "[x]",
    "{x}",
    "x, y",
    "'single'",
    "\"double\"",
    " leading",
    "trailing ",
    "two  spaces",
    "multi\nline",
    "cr\rlf",
    "tab\there",
    "back\\slash",
    "ünïcödé ✓",
    "emoji 😀",
    "nel\u{85}x",
    "ls\u{2028}x",
    "ps\u{2029}x",
    "del\u{7f}x",
    "c1\u{9b}x",
    "bom\u{feff}x",
    "bell\u{7}x",
    "nbsp\u{a0}x",
    "...",
    "---",
    "plain",
];

fn input(name: &str, value: &str) -> InputRow {
    InputRow { name: name.into(), kind: "literal".into(), value: value.into(), ..Default::default() }
}

fn data_input(name: &str, kind: &str, datastore: &str, path: &str, mode: &str) -> InputRow {
    InputRow {
        name: name.into(),
        kind: kind.into(),
        datastore: datastore.into(),
        path: path.into(),
        mode: mode.into(),
        ..Default::default()
    }
}

/// Cluster, PyTorch, a literal input per tricky value, env vars and tags full of them.
pub fn tricky_cluster_form() -> JobForm {
    // Literal values must hold a letter, digit or '_' (the spec's pattern); the others are
    // checked as environment variables and tags.
    let inputs: Vec<InputRow> = TRICKY
        .iter()
        .enumerate()
        .filter(|(_, v)| aml_api::jobs::validate::has_word_char(v))
        .map(|(i, v)| input(&format!("v{i}"), v))
        .collect();
    let command = format!(
        "python train.py {}",
        inputs.iter().map(|i| format!("--{0} ${{{{inputs.{0}}}}}", i.name)).collect::<Vec<_>>().join(" ")
    );
    let env_vars = TRICKY
        .iter()
        .enumerate()
        // One variable per line: values with a line feed or carriage return cannot be typed.
        .filter(|(_, v)| !v.contains(['\n', '\r']))
        .map(|(i, v)| format!("E{i}={v}"))
        .chain(["EMPTY=".to_string(), "ASSET=azureml:AzureML-sklearn-1.5@latest".to_string()])
        .collect::<Vec<_>>()
        .join("\n");
    JobForm {
        experiment: "yaml-edge-cases".into(),
        display_name: "  edge: cases # all  ".into(),
        description: "checked against azure-ai-ml: \"quotes\", #hash\nand a second line".into(),
        tags: "team=ml\nrun=007\nyes=no\nflag=true\nnote=a: b # c\neq==\nmerge=<<\ntilde=~\ndots=...".into(),
        command,
        inputs,
        outputs: vec![OutputRow { name: "model".into(), kind: "uri_folder".into(), mode: String::new() }],
        env_vars,
        env_kind: "curated".into(),
        env_ref: "azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest".into(),
        compute_kind: "cluster".into(),
        compute: "cpu-cluster".into(),
        instance_count: "2".into(),
        distribution: "PyTorch".into(),
        processes: "2".into(),
        timeout: "30".into(),
        ..JobForm::default()
    }
}

/// Serverless, TensorFlow, data inputs with modes, outputs with modes, a timeout in hours.
pub fn serverless_tf_form() -> JobForm {
    JobForm {
        experiment: "serverless.tf".into(),
        display_name: "tf on serverless".into(),
        command: "python tf.py --data ${{inputs.data}} --file ${{inputs.one}} --out ${{outputs.out}}".into(),
        inputs: vec![
            data_input("data", "uri_folder", "workspaceblobstore", "/datasets/iris/", ""),
            data_input("one", "uri_file", "workspaceblobstore", "datasets/iris/iris.csv", "Download"),
        ],
        outputs: vec![
            OutputRow { name: "out".into(), kind: "uri_folder".into(), mode: "Upload".into() },
            OutputRow { name: "metrics".into(), kind: "uri_file".into(), mode: String::new() },
        ],
        env_kind: "curated".into(),
        env_ref: "azureml://registries/azureml/environments/AzureML-tensorflow-2.16-cuda12/versions/9".into(),
        compute_kind: "serverless".into(),
        instance_type: "Standard_D4s_v3".into(),
        instance_count: "3".into(),
        distribution: "TensorFlow".into(),
        workers: "3".into(),
        ps: "1".into(),
        timeout: "120".into(),
        ..JobForm::default()
    }
}

/// A workspace environment, MPI, nothing optional.
pub fn workspace_env_mpi_form() -> JobForm {
    JobForm {
        experiment: "mpi".into(),
        command: "mpirun python hello.py".into(),
        env_kind: "workspace".into(),
        env_ref: "my-env:3".into(),
        compute: "gpu-cluster".into(),
        distribution: "Mpi".into(),
        processes: "4".into(),
        ..JobForm::default()
    }
}

/// The defaults plus what is required.
pub fn minimal_form() -> JobForm {
    JobForm {
        experiment: "Default".into(),
        env_ref: "azureml://registries/azureml/environments/AzureML-minimal-ubuntu22.04-py39-cpu/labels/latest".into(),
        compute: "cpu-cluster".into(),
        ..JobForm::default()
    }
}

/// The ids the console would resolve for `f` (code version "1" of an anonymous name).
pub fn refs(f: &JobForm) -> JobRefs {
    let w = ws();
    let mut properties = BTreeMap::new();
    properties.insert("mlflow.source.git.commit".to_string(), "0123456789abcdef0123456789abcdef01234567".to_string());
    JobRefs {
        code_id: code_version_id(&w, "5f8d2a1e-3c4b-4e6f-9a7b-1c2d3e4f5a6b", "1"),
        environment_id: EnvironmentPlan::for_form(f, &w).environment_id(&w, None),
        compute_id: (!f.is_serverless()).then(|| compute_id(&w, &f.compute)),
        properties,
    }
}

pub fn literal(name: &str, value: &str) -> InputRow {
    InputRow { name: name.into(), kind: "literal".into(), value: value.into(), ..Default::default() }
}

pub fn param(name: &str, kind: &str, a: &str, b: &str) -> SearchParam {
    let mut p = SearchParam { name: name.into(), kind: kind.into(), ..Default::default() };
    match kind {
        "choice" => p.values = a.into(),
        "randint" => p.upper = a.into(),
        _ => (p.min, p.max) = (a.into(), b.into()),
    }
    p
}

/// A random sweep (also a YAML case for the SDK round trip, yaml_cases.rs) over four inputs (one per distribution), a fixed input, an output.
pub fn sweep_form() -> JobForm {
    JobForm {
        job_kind: "sweep".into(),
        experiment: "sweeps".into(),
        command: "python train.py --lr ${{inputs.lr}} --batch ${{ inputs.batch }} --drop ${{inputs.drop}} --layers ${{inputs.layers}} --steps ${{inputs.steps}} --out ${{outputs.model}}".into(),
        inputs: vec![literal("lr", ""), literal("batch", ""), literal("drop", ""), literal("layers", ""), literal("steps", "10")],
        outputs: vec![aml_api::jobs::OutputRow { name: "model".into(), kind: "uri_folder".into(), mode: String::new() }],
        sweep: SweepForm {
            params: vec![
                param("lr", "loguniform", "-6", "-1"),
                param("batch", "choice", "16, 32,64", ""),
                param("drop", "uniform", "0.1", "0.5"),
                param("layers", "randint", "5", ""),
            ],
            sampling: "random".into(),
            seed: "42".into(),
            metric: "accuracy".into(),
            goal: "Maximize".into(),
            max_total: "6".into(),
            max_concurrent: "2".into(),
            trial_timeout: "2".into(),
            policy: "bandit".into(),
            slack_factor: "0.1".into(),
            slack_amount: String::new(),
            interval: "2".into(),
            delay: "1".into(),
            ..SweepForm::default()
        },
        timeout: "10".into(),
        ..minimal_form()
    }
}
