//! Job form validation: every rule with a valid and an invalid input and the message shown;
//! nothing of a valid form is reported.

mod jobs_support;

use aml_api::jobs::validate::{is_identifier, source_error, SourceState, MAX_TIMEOUT_MINUTES};
use aml_api::jobs::{InputRow, JobForm, Known, OutputRow};
use jobs_support::{minimal_form, serverless_tf_form, tricky_cluster_form, workspace_env_mpi_form};

fn errors(f: &JobForm, known: &Known) -> Vec<(&'static str, String)> {
    f.validate(known).into_iter().map(|e| (e.field, e.message)).collect()
}

/// The one message `f` gets (and that it is under `field`).
fn only(f: &JobForm, field: &str) -> String {
    let e = errors(f, &Known::default());
    assert_eq!(e.len(), 1, "expected one error under {field}, got {e:?}");
    assert_eq!(e[0].0, field, "{e:?}");
    e[0].1.clone()
}

fn ok(f: &JobForm) {
    assert_eq!(errors(f, &Known::default()), vec![], "{f:?}");
}

fn with(change: impl FnOnce(&mut JobForm)) -> JobForm {
    let mut f = minimal_form();
    change(&mut f);
    f
}

#[test]
fn the_sample_forms_are_valid() {
    for f in [minimal_form(), tricky_cluster_form(), serverless_tf_form(), workspace_env_mpi_form()] {
        ok(&f);
    }
}

#[test]
fn the_default_form_names_what_is_missing() {
    let e = errors(&JobForm::default(), &Known::default());
    let fields: Vec<&str> = e.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["experiment", "environment", "compute"], "{e:?}");
}

#[test]
fn experiment() {
    assert_eq!(
        only(&with(|f| f.experiment = "  ".into()), "experiment"),
        "Pick an existing experiment or type a new name."
    );
    let bad = "Use up to 255 letters, digits, '_', '-' and '.'.";
    assert_eq!(only(&with(|f| f.experiment = "my exp".into()), "experiment"), bad);
    assert_eq!(only(&with(|f| f.experiment = "exp/1".into()), "experiment"), bad);
    assert_eq!(only(&with(|f| f.experiment = "x".repeat(256)), "experiment"), bad);
    ok(&with(|f| f.experiment = "x".repeat(255)));
    ok(&with(|f| f.experiment = " a-b_c.1 ".into()));
}

#[test]
fn display_name_length() {
    assert_eq!(only(&with(|f| f.display_name = "d".repeat(256)), "display_name"), "At most 255 characters.");
    ok(&with(|f| f.display_name = "d".repeat(255)));
}

#[test]
fn tags() {
    let m = only(&with(|f| f.tags = "team=ml\n=orphan".into()), "tags");
    assert_eq!(m, "Every tag needs a key before '=' (the line with value 'orphan').");
    assert_eq!(only(&with(|f| f.tags = "a=1\nb=2\n a =3".into()), "tags"), "Tag 'a' appears twice.");
    ok(&with(|f| f.tags = "a=1\n\n  \nb\nc=x=y".into()));
}

#[test]
fn command_and_its_references() {
    assert_eq!(
        only(&with(|f| f.command = " \n ".into()), "command"),
        "The command is required (e.g. python train.py)."
    );
    assert_eq!(
        only(&with(|f| f.command = "&& ;".into()), "command"),
        "The command needs at least one letter, digit or '_'."
    );
    let m = only(&with(|f| f.command = "python t.py ${{inputs.missing}}".into()), "command");
    assert_eq!(m, "${{inputs.missing}} refers to input 'missing', which is not defined below.");
    let m = only(&with(|f| f.command = "python t.py ${{ outputs.out }}".into()), "command");
    assert_eq!(m, "${{outputs.out}} refers to output 'out', which is not defined below.");
    let m = only(&with(|f| f.command = "echo ${{name}}".into()), "command");
    assert_eq!(m, "${{name}} is not an input or output reference (use ${{inputs.name}} or ${{outputs.name}}).");
    // An unclosed expression is reported, not ignored.
    let m = only(&with(|f| f.command = "echo ${{inputs.x".into()), "command");
    assert!(m.contains("'x', which is not defined"), "{m}");
    // Only the first bad reference is shown.
    let m = only(&with(|f| f.command = "${{inputs.a}} ${{inputs.b}}".into()), "command");
    assert!(m.contains("'a'"), "{m}");
    ok(&with(|f| {
        f.command = "python t.py --lr ${{inputs.lr}} --out ${{outputs.model}}".into();
        f.inputs =
            vec![InputRow { name: "lr".into(), kind: "literal".into(), value: "0.1".into(), ..Default::default() }];
        f.outputs = vec![OutputRow { name: "model".into(), kind: "uri_folder".into(), ..Default::default() }];
    }));
}

fn literal(name: &str, value: &str) -> InputRow {
    InputRow { name: name.into(), kind: "literal".into(), value: value.into(), ..Default::default() }
}

fn data(name: &str, datastore: &str, path: &str) -> InputRow {
    InputRow {
        name: name.into(),
        kind: "uri_folder".into(),
        datastore: datastore.into(),
        path: path.into(),
        ..Default::default()
    }
}

#[test]
fn inputs() {
    let inputs = |rows: Vec<InputRow>| with(|f| f.inputs = rows);
    assert_eq!(
        only(&inputs(vec![literal("ok", "1"), literal("2nd", "1")]), "inputs"),
        "Input 2: the name must start with a letter or '_' and use letters, digits, '_'."
    );
    assert_eq!(only(&inputs(vec![literal("a", "1"), literal(" a ", "2")]), "inputs"), "Input 'a' is defined twice.");
    assert_eq!(only(&inputs(vec![literal("a", "  ")]), "inputs"), "Input 'a': give a value.");
    assert_eq!(
        only(&inputs(vec![literal("a", "=")]), "inputs"),
        "Input 'a': the value needs at least one letter, digit or '_' (a service rule)."
    );
    ok(&inputs(vec![literal("a", "-.5"), literal("b", "_")]));
    assert_eq!(only(&inputs(vec![data("d", "", "x")]), "inputs"), "Input 'd': pick a datastore.");
    assert_eq!(only(&inputs(vec![data("d", "ws", "//")]), "inputs"), "Input 'd': give a path inside the datastore.");
    // One message for the first wrong row only.
    assert_eq!(errors(&inputs(vec![literal("a", ""), literal("b", "")]), &Known::default()).len(), 1);
    ok(&inputs(vec![literal("_a1", "x"), data("d", "workspaceblobstore", "/p/")]));
}

#[test]
fn outputs() {
    let outputs = |names: &[&str]| {
        with(|f| {
            f.outputs = names
                .iter()
                .map(|n| OutputRow { name: n.to_string(), kind: "uri_folder".into(), ..Default::default() })
                .collect()
        })
    };
    assert_eq!(
        only(&outputs(&["model", "bad-name"]), "outputs"),
        "Output 2: the name must start with a letter or '_' and use letters, digits, '_'."
    );
    assert_eq!(only(&outputs(&["m", "m"]), "outputs"), "Output 'm' is defined twice.");
    ok(&outputs(&["model", "metrics"]));
}

#[test]
fn environment_variables() {
    assert_eq!(
        only(&with(|f| f.env_vars = "GOOD=1\n1BAD=2".into()), "env_vars"),
        "'1BAD' is not a valid variable name (letters, digits, '_'; not starting with a digit)."
    );
    assert!(only(&with(|f| f.env_vars = "=x".into()), "env_vars").starts_with("'' is not"));
    ok(&with(|f| f.env_vars = "_A=1\nB2=\n\nC=a=b".into()));
}

#[test]
fn identifiers() {
    for good in ["a", "_", "A_1", "lr"] {
        assert!(is_identifier(good), "{good}");
    }
    for bad in ["", "1a", "a-b", "a b", "ä", "a.b"] {
        assert!(!is_identifier(bad), "{bad}");
    }
}

#[test]
fn environment() {
    assert_eq!(only(&with(|f| f.env_ref = " ".into()), "environment"), "Pick an environment.");
    assert_eq!(
        only(&with(|f| (f.env_kind, f.env_ref) = ("workspace".into(), String::new())), "environment"),
        "Pick an environment."
    );
    let image = |kind: &str, image: &str, conda: &str| {
        with(|f| (f.env_kind, f.image, f.conda) = (kind.into(), image.into(), conda.into()))
    };
    assert_eq!(
        only(&image("image", " ", ""), "image"),
        "Give a Docker image, e.g. mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest."
    );
    let bad = "Not a valid image reference (no spaces; registry/repository[:tag]).";
    assert_eq!(only(&image("image", "python 3", ""), "image"), bad);
    assert_eq!(only(&image("image", "/python", ""), "image"), bad);
    assert_eq!(only(&image("image", ":3.11", ""), "image"), bad);
    assert_eq!(
        only(&image("conda", "python:3.11", "name: x"), "conda"),
        "Paste a conda YAML with a 'dependencies:' list."
    );
    ok(&image("image", "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest", ""));
    ok(&image("conda", "python:3.11", "dependencies:\n  - python=3.11"));
}

#[test]
fn names_are_checked_against_what_the_service_listed() {
    let known = Known {
        computes: vec!["cpu-cluster".into()],
        workspace_envs: vec!["my-env:3".into()],
        datastores: vec!["workspaceblobstore".into()],
    };
    let e = |f: &JobForm| errors(f, &known);
    // Any well-formed registry id passes: whether it exists is the service's answer.
    let curated = with(|f| f.env_ref = "azureml://registries/azureml/environments/AzureML-gone/labels/latest".into());
    assert_eq!(e(&curated), vec![]);
    let wsenv = with(|f| (f.env_kind, f.env_ref) = ("workspace".into(), "my-env:4".into()));
    assert_eq!(e(&wsenv), [("environment", "Environment 'my-env:4' does not exist in this workspace.".to_string())]);
    let compute = with(|f| f.compute = "gpu".into());
    assert_eq!(e(&compute), [("compute", "Compute 'gpu' does not exist in this workspace.".to_string())]);
    let store = with(|f| f.inputs = vec![data("d", "other", "p")]);
    assert_eq!(e(&store), [("inputs", "Input 'd': datastore 'other' does not exist.".to_string())]);
    let fine = with(|f| f.inputs = vec![data("d", "workspaceblobstore", "p")]);
    assert_eq!(e(&fine), vec![]);
    // Not loaded (empty lists): nothing is refused for being unknown.
    assert_eq!(errors(&wsenv, &Known::default()), vec![]);
}

#[test]
fn a_curated_environment_is_a_well_formed_registry_id() {
    let env = |r: &str| with(|f| f.env_ref = r.into());
    for good in [
        "azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest",
        "azureml://registries/azureml/environments/AzureML-sklearn-1.5/versions/21",
        "  azureml://registries/my-reg/environments/team_env.v2/versions/3  ",
    ] {
        assert_eq!(errors(&env(good), &Known::default()), vec![], "{good}");
    }
    assert_eq!(
        only(&env("AzureML-sklearn-1.5"), "environment"),
        "'AzureML-sklearn-1.5' is a name, not a registry id: use \
         azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest."
    );
    let bad = [
        ("azureml:AzureML-sklearn-1.5@latest", "Give a registry id"),
        ("azureml://registries/azureml/environments/AzureML-sklearn-1.5", "is not a registry environment id"),
        ("azureml://registries/azureml/models/m/versions/1", "does not name an environment"),
        (
            "azureml://registries/azureml/environments/AzureML-sklearn-1.5/tags/x",
            "labels/<label> or versions/<version>",
        ),
        (
            "azureml://registries/azureml/environments/bad name/labels/latest",
            "the environment name 'bad name' is not valid",
        ),
        ("azureml://registries/azureml/environments/e/versions/", "the label or version '' is not valid"),
    ];
    for (text, said) in bad {
        let m = only(&env(text), "environment");
        assert!(m.contains(said), "{text}: {m}");
    }
}

#[test]
fn compute_and_instances() {
    assert_eq!(only(&with(|f| f.compute = "  ".into()), "compute"), "Pick a compute target.");
    let serverless = |it: &str| {
        with(|f| (f.compute_kind, f.compute, f.instance_type) = ("serverless".into(), String::new(), it.into()))
    };
    assert_eq!(only(&serverless(""), "instance_type"), "Pick an instance type for serverless compute.");
    ok(&serverless("Standard_D4s_v3"));
    for bad in ["0", "101", "two", "", "1.5", "-1"] {
        assert_eq!(
            only(&with(|f| f.instance_count = bad.into()), "instance_count"),
            "A whole number from 1 to 100.",
            "{bad}"
        );
    }
    for good in ["1", " 100 "] {
        ok(&with(|f| f.instance_count = good.into()));
    }
}

#[test]
fn distribution_counts() {
    for kind in ["PyTorch", "Mpi"] {
        for bad in ["0", "65", "x"] {
            let f = with(|f| (f.distribution, f.processes) = (kind.into(), bad.into()));
            assert_eq!(only(&f, "processes"), "A whole number from 1 to 64.", "{kind} {bad}");
        }
        ok(&with(|f| (f.distribution, f.processes) = (kind.into(), "64".into())));
    }
    let tf =
        |w: &str, ps: &str| with(|f| (f.distribution, f.workers, f.ps) = ("TensorFlow".into(), w.into(), ps.into()));
    assert_eq!(only(&tf("0", "0"), "workers"), "A whole number from 1 to 100.");
    assert_eq!(only(&tf("2", "101"), "ps"), "A whole number from 0 to 100.");
    assert_eq!(errors(&tf("", ""), &Known::default()).len(), 2);
    ok(&tf("100", "0"));
    // Counts of a distribution not chosen are not checked.
    ok(&with(|f| (f.distribution, f.processes, f.workers) = (String::new(), "x".into(), "y".into())));
}

#[test]
fn timeout() {
    let m = "Minutes, a whole number from 1 to 43200 (30 days), or empty for none.";
    for bad in ["0", "43201", "1h", "-5"] {
        assert_eq!(only(&with(|f| f.timeout = bad.into()), "timeout"), m, "{bad}");
    }
    ok(&with(|f| f.timeout = MAX_TIMEOUT_MINUTES.to_string()));
    ok(&with(|f| f.timeout = " ".into()));
}

#[test]
fn the_source_folder() {
    let m = |s| source_error(s).map(|e| (e.field, e.message));
    assert_eq!(m(SourceState::NotPicked), Some(("source", "Pick the folder to run first.".to_string())));
    assert_eq!(
        m(SourceState::Reading),
        Some(("source", "The folder is still being read; try again in a moment.".to_string()))
    );
    assert_eq!(m(SourceState::Invalid("nothing to upload")), Some(("source", "nothing to upload".to_string())));
    assert_eq!(m(SourceState::Ready), None);
}

#[test]
fn a_draft_survives_json_with_missing_and_unknown_fields() {
    let f = tricky_cluster_form();
    let back: JobForm = serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
    assert_eq!(back, f);
    let old: JobForm = serde_json::from_str(r#"{"experiment":"e","someday":"x","inputs":[{"name":"a"}]}"#).unwrap();
    assert_eq!(old.experiment, "e");
    assert_eq!(old.command, JobForm::default().command);
    assert_eq!(old.inputs[0].name, "a");
}
