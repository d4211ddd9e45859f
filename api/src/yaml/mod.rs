//! "View as YAML": the az ml v2 YAML (as `azure.ai.ml.load_compute` reads it) for the kinds
//! az ml can create or attach — amlcompute, computeinstance, virtualmachine, kubernetes,
//! synapsespark — and, for HDInsight / Databricks / Data Lake Analytics (az ml cannot attach
//! them), the REST request instead. Hand-written emitter: the crate has no YAML dependency.
//!
//! az ml has no secret references, so the displayed text masks passwords, tokens and private
//! keys; `unmasked = true` gives the real values (used by the SDK round-trip test).
//! Settings az ml YAML cannot express are listed as `#` comments at the top.

use serde_json::Value;

use crate::arm::{ArmClient, WorkspaceRef};
use crate::forms::{AmlComputeForm, ComputeDraft, KubernetesForm, SshAttachForm, SshAttachTarget, SynapseSparkForm};
use crate::models::ComputeResource;

pub(crate) mod emit;
mod fields;
mod instance;

use emit::{raw, render, s, Y};
use fields::{header, identity, push_opt, tags};
pub use instance::compute_instance_yaml;

/// Shown instead of a secret.
pub const MASK: &str = "••••••";

/// What the view shows: the text and its language (`yaml` or `http`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlView {
    pub language: &'static str,
    pub text: String,
}

/// The view for any draft. `location` is the workspace's.
pub fn view(draft: &ComputeDraft, client: &ArmClient, ws: &WorkspaceRef, location: &str, unmasked: bool) -> YamlView {
    let yaml = |text| YamlView { language: "yaml", text };
    match draft {
        ComputeDraft::AmlCompute(f) => yaml(aml_compute_yaml(f, location, unmasked)),
        ComputeDraft::ComputeInstance(f) => yaml(compute_instance_yaml(f, location)),
        ComputeDraft::SshAttach(f) if f.target == SshAttachTarget::VirtualMachine => {
            yaml(virtual_machine_yaml(f, location, unmasked))
        }
        ComputeDraft::Kubernetes(f) => yaml(kubernetes_yaml(f, location)),
        ComputeDraft::SynapseSpark(f) => yaml(synapse_spark_yaml(f, location)),
        other => YamlView {
            language: "http",
            text: rest_request_text(client, ws, other.name(), &other.to_resource(location), unmasked),
        },
    }
}

fn secret(v: &str, unmasked: bool) -> Y {
    match unmasked {
        true => s(v),
        false => raw(MASK),
    }
}

pub fn aml_compute_yaml(f: &AmlComputeForm, location: &str, unmasked: bool) -> String {
    let mut notes = Vec::new();
    if f.os_type == "Windows" || !f.vm_image_id.trim().is_empty() {
        notes.push("osType Windows / a custom VM image cannot be expressed in az ml YAML.".into());
    }
    let mut m = header(&notes, Some("amlCompute.schema.json"), &f.name, "amlcompute", location);
    push_opt(&mut m, "description", &f.description);
    push_opt(&mut m, "size", &f.vm_size);
    let tier = if f.vm_priority == "LowPriority" { "low_priority" } else { "dedicated" };
    m.push(("tier".into(), raw(tier)));
    m.push(("min_instances".into(), raw(f.min_nodes.trim())));
    m.push(("max_instances".into(), raw(f.max_nodes.trim())));
    if !f.idle_seconds.trim().is_empty() {
        m.push(("idle_time_before_scale_down".into(), raw(f.idle_seconds.trim())));
    }
    match f.remote_login_port_public_access.as_str() {
        "Enabled" => m.push(("ssh_public_access_enabled".into(), raw(true))),
        "Disabled" => m.push(("ssh_public_access_enabled".into(), raw(false))),
        _ => {}
    }
    m.push(("enable_node_public_ip".into(), raw(f.enable_node_public_ip)));
    if !f.admin_username.trim().is_empty() {
        let mut ssh = vec![("admin_username".to_string(), s(f.admin_username.trim()))];
        if !f.admin_password.is_empty() {
            ssh.push(("admin_password".into(), secret(&f.admin_password, unmasked)));
        }
        push_opt(&mut ssh, "ssh_key_value", &f.ssh_public_key);
        m.push(("ssh_settings".into(), Y::Map(ssh)));
    }
    if !f.subnet_id.trim().is_empty() {
        m.push(("network_settings".into(), Y::Map(vec![("subnet".into(), s(f.subnet_id.trim()))])));
    }
    identity(&mut m, &f.identity);
    tags(&mut m, &f.tags);
    render(&Y::Map(m))
}

/// `private_key_file` is where the user should save the private key: az ml reads the key from
/// a file, never inline.
pub fn virtual_machine_yaml(f: &SshAttachForm, location: &str, unmasked: bool) -> String {
    let mut notes = Vec::new();
    if !f.address.trim().is_empty() {
        notes.push("address is not part of az ml YAML (the SDK does not send it).".into());
    }
    if !f.public_key.trim().is_empty() {
        notes.push("The public key cannot be given in az ml YAML.".into());
    }
    let mut m = header(&notes, Some("vmCompute.schema.json"), &f.name, "virtualmachine", location);
    push_opt(&mut m, "description", &f.description);
    m.push(("resource_id".into(), s(f.resource_id.trim())));
    let mut ssh = vec![("admin_username".to_string(), s(f.username.trim()))];
    if !f.password.is_empty() {
        ssh.push(("admin_password".into(), secret(&f.password, unmasked)));
    }
    ssh.push(("ssh_port".into(), raw(f.ssh_port.trim())));
    if !f.private_key.trim().is_empty() {
        ssh.push(("ssh_private_key_file".into(), s(private_key_file(&f.name))));
    }
    m.push(("ssh_settings".into(), Y::Map(ssh)));
    render(&Y::Map(m))
}

/// The file name the VM YAML points `ssh_private_key_file` at.
pub fn private_key_file(name: &str) -> String {
    format!("./{}_id_rsa", name.trim())
}

pub fn kubernetes_yaml(f: &KubernetesForm, location: &str) -> String {
    let mut m = header(&[], Some("kubernetesCompute.schema.json"), &f.name, "kubernetes", location);
    push_opt(&mut m, "description", &f.description);
    m.push(("resource_id".into(), s(f.resource_id.trim())));
    m.push(("namespace".into(), s(if f.namespace.trim().is_empty() { "default" } else { f.namespace.trim() })));
    let mut p = Vec::new();
    push_opt(&mut p, "defaultInstanceType", &f.default_instance_type);
    if let Ok(Some(types)) = f.instance_types() {
        p.push(("instanceTypes".into(), json(&Value::Object(types))));
    }
    if !p.is_empty() {
        m.push(("properties".into(), Y::Map(p)));
    }
    identity(&mut m, &f.identity);
    render(&Y::Map(m))
}

/// No `$schema`: the CLI documentation publishes none for synapsespark.
pub fn synapse_spark_yaml(f: &SynapseSparkForm, location: &str) -> String {
    let mut m = header(&[], None, &f.name, "synapsespark", location);
    push_opt(&mut m, "description", &f.description);
    m.push(("resource_id".into(), s(f.resource_id.trim())));
    identity(&mut m, &f.identity);
    render(&Y::Map(m))
}

/// `PUT {url}` + headers + pretty JSON body, secrets masked unless `unmasked`.
pub fn rest_request_text(
    client: &ArmClient,
    ws: &WorkspaceRef,
    name: &str,
    resource: &ComputeResource,
    unmasked: bool,
) -> String {
    let req = client.create_or_update_compute(ws, name.trim(), resource);
    let mut body: Value = serde_json::to_value(resource).unwrap_or(Value::Null);
    if !unmasked {
        mask_secrets(&mut body);
    }
    let pretty = serde_json::to_string_pretty(&body).unwrap_or_default();
    format!("{} {}\nContent-Type: application/json\n\n{pretty}\n", req.method, req.url)
}

/// Replaces the values of secret members (anywhere in the tree) with [`MASK`].
pub fn mask_secrets(v: &mut Value) {
    const SECRET_KEYS: [&str; 6] = [
        "adminUserPassword",
        "password",
        "privateKeyData",
        "databricksAccessToken",
        "adminKubeConfig",
        "userKubeConfig",
    ];
    match v {
        Value::Object(m) => {
            for (k, val) in m.iter_mut() {
                if SECRET_KEYS.contains(&k.as_str()) && val.is_string() {
                    *val = Value::String(MASK.into());
                } else {
                    mask_secrets(val);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(mask_secrets),
        _ => {}
    }
}

fn json(v: &Value) -> Y {
    match v {
        Value::Object(m) => Y::Map(m.iter().map(|(k, v)| (k.clone(), json(v))).collect()),
        Value::Array(a) => Y::List(a.iter().map(json).collect()),
        Value::String(x) => s(x.as_str()),
        Value::Null => raw("null"),
        other => raw(other),
    }
}
