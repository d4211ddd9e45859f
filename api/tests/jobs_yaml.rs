//! The job form's az ml YAML: its structure, that it agrees with the REST body, and the one
//! emitter's quoting of values YAML readers would otherwise misread. (The official SDK reads
//! the same cases in the `sdk` suite: `yaml_cases` writes them, `tests/sdk/yaml_roundtrip.py`
//! loads them.)

mod jobs_support;

use aml_api::jobs::yaml::job_yaml;
use aml_api::jobs::{InputRow, JobForm};
use jobs_support::{
    minimal_form, refs, serverless_tf_form, tricky_cluster_form, workspace_env_mpi_form, JOB_NAME, TRICKY,
};

const ID: &str = "quiet_lemon_1";

/// Decodes one YAML double-quoted scalar (the escapes YAML 1.1 and 1.2 share), written here
/// independently of the emitter.
fn decode_double_quoted(q: &str) -> String {
    let inner = q.strip_prefix('"').and_then(|r| r.strip_suffix('"')).unwrap_or_else(|| panic!("not quoted: {q}"));
    let mut out = String::new();
    let mut it = inner.chars();
    while let Some(c) = it.next() {
        if c == '"' {
            panic!("unescaped quote inside {q}");
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |it: &mut std::str::Chars, n: usize| {
            let h: String = it.take(n).collect();
            char::from_u32(u32::from_str_radix(&h, 16).unwrap()).unwrap()
        };
        match it.next().unwrap() {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            '/' => out.push('/'),
            'x' => out.push(hex(&mut it, 2)),
            'u' => out.push(hex(&mut it, 4)),
            'U' => out.push(hex(&mut it, 8)),
            e => panic!("escape \\{e} in {q}"),
        }
    }
    out
}

/// The scalar text after `{indent}{key}: ` on its line.
fn value_of<'a>(yaml: &'a str, indent: &str, key: &str) -> &'a str {
    let prefix = format!("{indent}{key}: ");
    yaml.lines().find_map(|l| l.strip_prefix(&prefix)).unwrap_or_else(|| panic!("no {prefix:?} in\n{yaml}"))
}

#[test]
fn a_minimal_job() {
    let y = job_yaml(&minimal_form(), Some("my-project"), ID);
    assert_eq!(
        y,
        "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\n\
         type: command\n\
         name: quiet_lemon_1\n\
         experiment_name: Default\n\
         code: ./my-project\n\
         command: python train.py\n\
         environment: azureml://registries/azureml/environments/AzureML-minimal-ubuntu22.04-py39-cpu/labels/latest\n\
         compute: azureml:cpu-cluster\n\
         resources:\n  instance_count: 1\n"
    );
    assert!(job_yaml(&minimal_form(), None, ID).contains("\ncode: ./src\n"), "no folder picked yet");
}

#[test]
fn serverless_tensorflow_with_data_inputs_and_outputs() {
    let y = job_yaml(&serverless_tf_form(), Some("p"), ID);
    assert!(!y.contains("\ncompute:"), "serverless: no compute\n{y}");
    assert!(y.contains("resources:\n  instance_count: 3\n  instance_type: Standard_D4s_v3\n"), "{y}");
    assert!(y.contains("distribution:\n  type: tensorflow\n  worker_count: 3\n  parameter_server_count: 1\n"), "{y}");
    assert!(y.contains("inputs:\n  data:\n    type: uri_folder\n    path: azureml://datastores/workspaceblobstore/paths/datasets/iris/\n    mode: ro_mount\n"), "{y}");
    assert!(y.contains("  one:\n    type: uri_file\n    path: azureml://datastores/workspaceblobstore/paths/datasets/iris/iris.csv\n    mode: download\n"), "{y}");
    assert!(y.contains("outputs:\n  out:\n    type: uri_folder\n    mode: upload\n  metrics:\n    type: uri_file\n    mode: rw_mount\n"), "{y}");
    assert!(y.ends_with("limits:\n  timeout: 7200\n"), "{y}");
}

#[test]
fn workspace_environment_and_mpi() {
    let y = job_yaml(&workspace_env_mpi_form(), Some("p"), ID);
    assert!(y.contains("\nenvironment: azureml:my-env:3\n"), "{y}");
    assert!(y.contains("\ncompute: azureml:gpu-cluster\n"), "{y}");
    assert!(y.contains("distribution:\n  type: mpi\n  process_count_per_instance: 4\n"), "{y}");
}

#[test]
fn numbers_in_the_yaml_are_the_numbers_in_the_body() {
    // Not numbers yet (validation says so): YAML and body agree on the fallback.
    let f = JobForm {
        instance_count: " 7x".into(),
        distribution: "PyTorch".into(),
        processes: "?".into(),
        ..minimal_form()
    };
    let y = job_yaml(&f, None, ID);
    let body = f.job_body(JOB_NAME, &refs(&f));
    assert_eq!(value_of(&y, "  ", "instance_count"), body["properties"]["resources"]["instanceCount"].to_string());
    assert_eq!(
        value_of(&y, "  ", "process_count_per_instance"),
        body["properties"]["distribution"]["processCountPerInstance"].to_string()
    );
}

#[test]
fn image_environments_name_their_conda_file_and_keep_comments_on_one_line() {
    let f = JobForm {
        env_kind: "conda".into(),
        image: "python:3.11".into(),
        conda: "name: x\ndependencies:\n  - pip\r\n  - evil\u{85}key: value\n  - a\u{2028}b: c\n  - cr\rinside: 1"
            .into(),
        ..minimal_form()
    };
    let y = job_yaml(&f, None, ID);
    assert!(y.contains("environment:\n  image: python:3.11\n  conda_file: conda.yaml\n  # save the conda file"), "{y}");
    let env_block: Vec<&str> =
        y.lines().skip_while(|l| !l.starts_with("environment:")).skip(1).take_while(|l| l.starts_with("  ")).collect();
    // image, conda_file, the note, six conda lines; every comment line is a comment.
    assert_eq!(env_block.len(), 9, "{env_block:?}");
    for l in &env_block[2..] {
        assert!(l.starts_with("  # "), "{l:?}");
        assert!(!l.contains(['\r', '\u{85}', '\u{2028}']), "a line break inside a comment: {l:?}");
    }
    let image_only = JobForm { env_kind: "image".into(), ..f };
    assert!(job_yaml(&image_only, None, ID).contains("environment:\n  image: python:3.11\ncompute:"));
}

#[test]
fn every_tricky_literal_reads_back_as_typed() {
    let f = tricky_cluster_form();
    let y = job_yaml(&f, Some("p"), ID);
    for row in &f.inputs {
        let text = value_of(&y, "  ", &row.name);
        let back = if text.starts_with('"') { decode_double_quoted(text) } else { text.to_string() };
        assert_eq!(back, row.value, "{} written as {text}", row.name);
    }
    // No raw character a reader folds or rejects anywhere in the text.
    for bad in ['\r', '\u{85}', '\u{2028}', '\u{2029}', '\u{7f}', '\u{9b}', '\u{feff}', '\u{7}'] {
        assert!(!y.contains(bad), "raw {bad:?} in the YAML");
    }
}

/// Values written plain stay plain (quoting everything would hide a broken rule); the others
/// must be quoted.
#[test]
fn plain_where_safe_quoted_where_not() {
    let plain = [
        "plain",
        "a:b",
        "a#b",
        "two  spaces",
        "ünïcödé ✓",
        "emoji 😀",
        "nbsp\u{a0}x",
        "back\\slash",
        "leading",
        "trailing",
        "azureml:x@latest",
        "python train.py",
        "./src",
        "a.b",
    ];
    for v in TRICKY.iter().chain(plain.iter()) {
        let f = JobForm { display_name: v.to_string(), ..minimal_form() };
        let y = job_yaml(&f, None, ID);
        let trimmed = v.trim();
        let written = y.lines().find_map(|l| l.strip_prefix("display_name: "));
        if trimmed.is_empty() {
            assert_eq!(written, None);
            continue;
        }
        let written = written.unwrap_or_else(|| panic!("{v:?}: a multi-line value must stay on one line\n{y}"));
        if plain.contains(&trimmed) {
            assert_eq!(written, trimmed, "{v:?} should be plain");
        } else {
            assert!(written.starts_with('"'), "{v:?} must be quoted, got {written}");
            assert_eq!(decode_double_quoted(written), trimmed);
        }
    }
}

#[test]
fn keys_are_quoted_too() {
    let f = JobForm { tags: "yes=1\n007=2\nnull=3\nok=4".into(), env_vars: "A=on".into(), ..minimal_form() };
    let y = job_yaml(&f, None, ID);
    assert!(y.contains("tags:\n  \"yes\": \"1\"\n  \"007\": \"2\"\n  \"null\": \"3\"\n  ok: \"4\"\n"), "{y}");
    assert!(y.contains("environment_variables:\n  A: \"on\"\n"), "{y}");
    let bad_name = JobForm {
        inputs: vec![InputRow { name: "a: b".into(), kind: "literal".into(), value: "x".into(), ..Default::default() }],
        ..minimal_form()
    };
    assert!(job_yaml(&bad_name, None, ID).contains("inputs:\n  \"a: b\": x\n"));
}
