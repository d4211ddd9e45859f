//! The job form's Sweep mode: validation before any request, the `SweepJob` body, the sweep
//! YAML, and "Clone and edit" of a sweep giving back the same body.

mod jobs_support;

use aml_api::jobs::clone::form_from_job;
use aml_api::jobs::sweep::form::{choice_values, command_from_trial, trial_command, SpaceValue};
use aml_api::jobs::yaml::job_yaml;
use aml_api::jobs::{JobForm, Known};
use jobs_support::{param, refs, sweep_form, JOB_NAME};
use serde_json::{json, Value};

fn errors(f: &JobForm) -> Vec<(String, String)> {
    f.validate(&Known::default()).into_iter().map(|e| (e.field.to_string(), e.message)).collect()
}

fn error_of(f: &JobForm, field: &str) -> String {
    errors(f).into_iter().find(|(k, _)| k == field).map(|(_, m)| m).unwrap_or_default()
}

#[test]
fn a_valid_sweep_form_has_no_messages_and_swept_inputs_need_no_value() {
    assert_eq!(errors(&sweep_form()), vec![]);
    // The same form as a Command job: the swept inputs now need their values.
    let mut f = sweep_form();
    f.job_kind = "command".into();
    assert!(error_of(&f, "inputs").contains("'lr': give a value"), "{:?}", errors(&f));
}

#[test]
fn sweep_body_has_the_sdk_shape() {
    let f = sweep_form();
    let body = f.job_body(JOB_NAME, &refs(&f));
    let p = &body["properties"];
    assert_eq!(p["jobType"], "Sweep");
    assert_eq!(p["displayName"], JOB_NAME, "no display name: the job's name, as the SDK");
    assert_eq!(
        p["searchSpace"],
        json!({"lr": ["loguniform", [-6, -1]], "batch": ["choice", [[16, 32, 64]]], "drop": ["uniform", [0.1, 0.5]], "layers": ["randint", [5]]})
    );
    assert_eq!(p["samplingAlgorithm"], json!({"samplingAlgorithmType": "Random", "seed": 42}));
    assert_eq!(p["objective"], json!({"goal": "Maximize", "primaryMetric": "accuracy"}));
    assert_eq!(
        p["limits"],
        json!({"jobLimitsType": "Sweep", "maxTotalTrials": 6, "maxConcurrentTrials": 2, "timeout": "PT10M", "trialTimeout": "PT2M"})
    );
    assert_eq!(
        p["earlyTermination"],
        json!({"policyType": "Bandit", "slackFactor": 0.1, "slackAmount": 0.0, "evaluationInterval": 2, "delayEvaluation": 1})
    );
    // Swept inputs leave the job; the others stay, on the sweep.
    assert_eq!(p["inputs"], json!({"steps": {"jobInputType": "literal", "value": "10"}}));
    assert_eq!(p["outputs"]["model"]["jobOutputType"], "uri_folder");
    let t = &p["trial"];
    assert_eq!(
        t["command"],
        "python train.py --lr ${{search_space.lr}} --batch ${{search_space.batch}} --drop ${{search_space.drop}} --layers ${{search_space.layers}} --steps ${{inputs.steps}} --out ${{outputs.model}}"
    );
    assert_eq!(t["environmentId"], refs(&f).environment_id);
    assert_eq!(t["codeId"], refs(&f).code_id);
    assert_eq!(t["resources"], json!({"instanceCount": 1}));
    assert_eq!(p["resources"], t["resources"], "the SDK repeats the trial's resources");
    assert!(p["computeId"].as_str().unwrap().ends_with("/computes/cpu-cluster"));
    assert!(p.get("command").is_none() && p.get("environmentId").is_none(), "Command fields stay in the trial");
}

#[test]
fn sampling_and_policies_in_the_body() {
    let mut f = sweep_form();
    f.sweep.sampling = "grid".into();
    f.sweep.params = vec![param("batch", "choice", "16, adam, 0.5", "")];
    f.sweep.policy = "median_stopping".into();
    f.sweep.max_concurrent = String::new();
    f.sweep.trial_timeout = String::new();
    f.timeout = String::new();
    let p = f.job_body(JOB_NAME, &refs(&f))["properties"].clone();
    assert_eq!(p["samplingAlgorithm"], json!({"samplingAlgorithmType": "Grid"}), "a seed is only for random");
    assert_eq!(p["searchSpace"]["batch"], json!(["choice", [[16, "adam", 0.5]]]));
    assert_eq!(
        p["earlyTermination"],
        json!({"policyType": "MedianStopping", "evaluationInterval": 2, "delayEvaluation": 1})
    );
    assert_eq!(p["limits"], json!({"jobLimitsType": "Sweep", "maxTotalTrials": 6}));
    f.sweep.policy = "truncation_selection".into();
    f.sweep.truncation = "25".into();
    let p = f.job_body(JOB_NAME, &refs(&f))["properties"].clone();
    assert_eq!(p["earlyTermination"]["truncationPercentage"], 25);
    assert_eq!(p["earlyTermination"]["policyType"], "TruncationSelection");
    f.sweep.policy = String::new();
    f.sweep.sampling = "bayesian".into();
    let p = f.job_body(JOB_NAME, &refs(&f))["properties"].clone();
    assert!(p.get("earlyTermination").is_none());
    assert_eq!(p["samplingAlgorithm"]["samplingAlgorithmType"], "Bayesian");
}

#[test]
fn validation_follows_the_sampling_rules() {
    let mut f = sweep_form();
    f.sweep.sampling = "grid".into();
    assert!(error_of(&f, "sweep_params").contains("grid sampling takes only choice"), "{:?}", errors(&f));
    f.sweep.sampling = "bayesian".into();
    assert!(error_of(&f, "sweep_params").contains("Bayesian sampling takes only choice and uniform"));
    assert!(error_of(&f, "sweep_policy").contains("does not support early termination"));
    f.sweep.params.retain(|p| p.kind == "choice" || p.kind == "uniform");
    f.sweep.policy = String::new();
    f.command = "python train.py --batch ${{inputs.batch}} --drop ${{inputs.drop}}".into();
    f.inputs.retain(|i| i.name == "batch" || i.name == "drop");
    assert_eq!(errors(&f), vec![]);
}

#[test]
fn validation_messages_name_their_fields() {
    let mut f = sweep_form();
    f.sweep.params.push(param("missing", "choice", "1", ""));
    assert!(error_of(&f, "sweep_params").contains("'missing' is not a literal input"));
    let mut f = sweep_form();
    f.sweep.params[1].values = " , ".into();
    assert!(error_of(&f, "sweep_params").contains("at least one value"));
    f.sweep.params[1].values = "16, 16.0".into();
    assert!(error_of(&f, "sweep_params").contains("listed twice"), "{:?}", errors(&f));
    let mut f = sweep_form();
    f.sweep.params[2].min = "0.5".into();
    assert!(error_of(&f, "sweep_params").contains("min must be less than max"));
    f.sweep.params[2].min = "1e-3".into();
    assert!(error_of(&f, "sweep_params").contains("plain decimals"), "{:?}", errors(&f));
    let mut f = sweep_form();
    f.sweep.params[3].upper = "0".into();
    assert!(error_of(&f, "sweep_params").contains("upper is a whole number"));
    let mut f = sweep_form();
    f.sweep.params.push(param("lr", "choice", "1", ""));
    assert!(error_of(&f, "sweep_params").contains("'lr' is listed twice"));
    let mut f = sweep_form();
    f.sweep.params.clear();
    f.command = "python train.py".into();
    assert!(error_of(&f, "sweep_params").contains("Add at least one"));

    let mut f = sweep_form();
    f.sweep.metric = "  ".into();
    f.sweep.goal = "Best".into();
    f.sweep.max_total = "0".into();
    f.sweep.max_concurrent = "x".into();
    f.sweep.trial_timeout = "-1".into();
    f.sweep.seed = "abc".into();
    let fields: Vec<String> = errors(&f).into_iter().map(|(k, _)| k).collect();
    for k in
        ["sweep_metric", "sweep_goal", "sweep_max_total", "sweep_max_concurrent", "sweep_trial_timeout", "sweep_seed"]
    {
        assert!(fields.contains(&k.to_string()), "{k} missing from {fields:?}");
    }
    let mut f = sweep_form();
    f.sweep.max_concurrent = "7".into();
    assert!(error_of(&f, "sweep_max_concurrent").contains("At most the total"));

    let mut f = sweep_form();
    f.sweep.slack_amount = "0.2".into();
    assert!(error_of(&f, "sweep_slack").contains("either a slack factor or a slack amount"));
    f.sweep.slack_factor = String::new();
    assert_eq!(errors(&f), vec![]);
    f.sweep.slack_amount = "0".into();
    assert!(error_of(&f, "sweep_slack").contains("greater than 0"));
    let mut f = sweep_form();
    f.sweep.policy = "truncation_selection".into();
    f.sweep.truncation = "100".into();
    assert!(error_of(&f, "sweep_truncation").contains("1 to 99"));
}

#[test]
fn the_command_may_name_search_parameters_directly_only_in_a_sweep() {
    let mut f = sweep_form();
    f.command = "python train.py --lr ${{search_space.lr}} --x ${{search_space.nope}}".into();
    assert!(error_of(&f, "command").contains("search parameter 'nope'"), "{:?}", errors(&f));
    f.command = "python train.py --lr ${{search_space.lr}}".into();
    assert_eq!(error_of(&f, "command"), "");
    f.job_kind = "command".into();
    assert!(error_of(&f, "command").contains("not an input or output reference"));
}

#[test]
fn trial_command_rewrites_only_swept_inputs() {
    let swept = vec!["lr".to_string()];
    assert_eq!(
        trial_command("a ${{inputs.lr}} ${{ inputs.lr }} ${{inputs.lrx}} ${{outputs.lr}} ${{inputs.lr", &swept),
        "a ${{search_space.lr}} ${{search_space.lr}} ${{inputs.lrx}} ${{outputs.lr}} ${{inputs.lr"
    );
    assert_eq!(
        command_from_trial("a ${{search_space.lr}} ${{ search_space.b }} ${{inputs.c}}"),
        "a ${{inputs.lr}} ${{inputs.b}} ${{inputs.c}}"
    );
}

#[test]
fn space_values_are_numbers_only_when_every_reader_agrees() {
    assert_eq!(SpaceValue::parse(" 16 "), SpaceValue::Int(16));
    assert_eq!(SpaceValue::parse("-0.25"), SpaceValue::Float(-0.25));
    for text in ["1e3", "0x10", ".5", "5.", "1_000", "inf", "NaN", "+1", "adam"] {
        assert_eq!(SpaceValue::parse(text), SpaceValue::Text(text.into()), "{text}");
    }
    assert_eq!(choice_values("a, ,b,"), vec![SpaceValue::Text("a".into()), SpaceValue::Text("b".into())]);
}

#[test]
fn sweep_yaml_names_every_setting() {
    let f = sweep_form();
    let y = job_yaml(&f, Some("project"), JOB_NAME);
    for line in [
        "type: sweep",
        "sampling_algorithm:\n  type: random\n  seed: 42",
        "  lr:\n    type: loguniform\n    min_value: -6\n    max_value: -1",
        "  batch:\n    type: choice\n    values:\n      - 16\n      - 32\n      - 64",
        "  drop:\n    type: uniform\n    min_value: 0.1\n    max_value: 0.5",
        "  layers:\n    type: randint\n    upper: 5",
        "objective:\n  goal: maximize\n  primary_metric: accuracy",
        "early_termination:\n  type: bandit\n  slack_factor: 0.1\n  evaluation_interval: 2\n  delay_evaluation: 1",
        "limits:\n  max_total_trials: 6\n  max_concurrent_trials: 2\n  timeout: 600\n  trial_timeout: 120",
        "inputs:\n  steps: \"10\"",
        "trial:\n  code: ./project\n  command: \"python train.py --lr ${{search_space.lr}}",
        "  environment: azureml://registries/azureml/environments/AzureML-minimal-ubuntu22.04-py39-cpu/labels/latest",
        "compute: azureml:cpu-cluster",
    ] {
        assert!(y.contains(line), "missing {line:?} in\n{y}");
    }
    assert!(!y.contains("\n  lr: \"\""), "swept inputs are not job inputs:\n{y}");
    // Text values of a choice are quoted where a reader would take them for something else.
    let mut g = sweep_form();
    g.sweep.params[1].values = "adam, yes, 0.5".into();
    let y = job_yaml(&g, None, JOB_NAME);
    assert!(y.contains("values:\n      - adam\n      - \"yes\"\n      - 0.5"), "{y}");
}

#[test]
fn clone_of_a_sweep_gives_back_the_same_body() {
    for mut f in [sweep_form(), {
        let mut g = sweep_form();
        g.sweep.sampling = "grid".into();
        g.sweep.seed = String::new();
        g.sweep.params = vec![param("batch", "choice", "16, adam", "")];
        g.sweep.policy = "truncation_selection".into();
        g.compute_kind = "serverless".into();
        g.instance_type = "Standard_DS3_v2".into();
        g
    }] {
        let r = refs(&f);
        let body = f.job_body(JOB_NAME, &r);
        let job: Value = json!({"name": JOB_NAME, "properties": body["properties"].clone()});
        let mut again = form_from_job(&job);
        assert_eq!(again.job_kind, "sweep");
        // Clone keeps what the form can say; the display name was the job's name (not copied).
        again.display_name = f.display_name.clone();
        assert_eq!(again.job_body(JOB_NAME, &r), body, "{again:#?}");
        f.job_kind = "command".into();
    }
}
