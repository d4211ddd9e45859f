//! `property_groups`: every property of a compute as labelled rows, grouped for the details
//! page. It walks the *serialized* resource rather than the typed fields, so unknown members,
//! `extra` values and the raw JSON of unknown types are shown too: nothing can silently vanish
//! from the page when the service adds a field.

use serde_json::{Map, Value};

use crate::models::ComputeResource;

/// What a secret value is replaced with.
pub const HIDDEN: &str = "••••• (hidden)";

/// A titled block of `(label, value)` rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyGroup {
    pub title: String,
    pub rows: Vec<(String, String)>,
}

impl PropertyGroup {
    /// A stable slug of the title (`"Scale settings"` → `"scale-settings"`), for DOM attributes.
    pub fn key(&self) -> String {
        self.title.to_ascii_lowercase().replace(' ', "-")
    }
}

const GENERAL: &str = "General";
const STATUS: &str = "Status";
const SCALE: &str = "Scale settings";
const CONFIG: &str = "Configuration";
const NETWORK: &str = "Network";
const ACCESS: &str = "Access";
const SCHEDULES: &str = "Schedules";
const PROV_ERRORS: &str = "Provisioning errors";
const IDENTITY: &str = "Identity";
const SYSTEM_DATA: &str = "System data";
const OTHER: &str = "Other";

/// Display order of the groups.
const ORDER: [&str; 11] =
    [GENERAL, STATUS, SCALE, CONFIG, NETWORK, ACCESS, SCHEDULES, PROV_ERRORS, IDENTITY, SYSTEM_DATA, OTHER];

/// Group of a member of the type-specific `properties.properties`.
fn nested_group(key: &str) -> &'static str {
    match key {
        "allocationState"
        | "allocationStateTransitionTime"
        | "currentNodeCount"
        | "targetNodeCount"
        | "nodeStateCounts"
        | "state"
        | "lastOperation"
        | "errors"
        | "osImageMetadata"
        | "nodeCount"
        | "systemServices" => STATUS,
        "scaleSettings" | "autoScaleProperties" | "autoPauseProperties" | "agentCount" => SCALE,
        "subnet"
        | "enableNodePublicIp"
        | "remoteLoginPortPublicAccess"
        | "isolatedNetwork"
        | "connectivityEndpoints"
        | "address"
        | "aksNetworkingConfiguration"
        | "loadBalancerType"
        | "loadBalancerSubnet"
        | "clusterFqdn"
        | "workspaceUrl"
        | "applications" => NETWORK,
        "sshSettings"
        | "userAccountCredentials"
        | "administratorAccount"
        | "sshPort"
        | "notebookServerPort"
        | "databricksAccessToken"
        | "personalComputeInstanceSettings"
        | "applicationSharingPolicy"
        | "computeInstanceAuthorizationType"
        | "relayConnectionString"
        | "serviceBusConnectionString"
        | "sslConfiguration"
        | "extensionPrincipalId" => ACCESS,
        "schedules" => SCHEDULES,
        "vmSize"
        | "vmPriority"
        | "osType"
        | "virtualMachineImage"
        | "virtualMachineSize"
        | "agentVmSize"
        | "clusterPurpose"
        | "nodeSize"
        | "nodeSizeFamily"
        | "sparkVersion"
        | "poolName"
        | "subscriptionId"
        | "resourceGroup"
        | "workspaceName"
        | "namespace"
        | "defaultInstanceType"
        | "instanceTypes"
        | "extensionInstanceReleaseTrain"
        | "vcName"
        | "dataLakeStoreAccountName"
        | "propertyBag"
        | "setupScripts"
        | "customServices"
        | "containers"
        | "dataDisks"
        | "dataMounts"
        | "versions"
        | "isNotebookInstanceCompute"
        | "createdBy" => CONFIG,
        _ => OTHER,
    }
}

/// Members of `Compute` (besides the nested `properties`) shown under General.
const COMPUTE_GENERAL: [&str; 9] = [
    "computeType",
    "computeLocation",
    "description",
    "resourceId",
    "createdOn",
    "modifiedOn",
    "provisioningState",
    "isAttachedCompute",
    "disableLocalAuth",
];

/// Fields whose children are data keys (tag names, instance type names, …), not field names.
fn is_map_field(key: &str) -> bool {
    matches!(
        key,
        "tags"
            | "propertyBag"
            | "instanceTypes"
            | "userAssignedIdentities"
            | "environmentVariables"
            | "nodeSelector"
            | "requests"
            | "limits"
    )
}

/// Members whose values are credentials. Matched by name so unknown fields are caught too.
fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    ["password", "privatekey", "secret", "token", "connectionstring", "kubeconfig"].iter().any(|s| k.contains(s))
        || matches!(k.as_str(), "key" | "primarykey" | "secondarykey")
        || k.ends_with("accountkey")
}

#[derive(Default)]
struct Builder {
    groups: Vec<(&'static str, Vec<(String, String)>)>,
}

impl Builder {
    fn push(&mut self, group: &'static str, label: String, value: String) {
        match self.groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, rows)) => rows.push((label, value)),
            None => self.groups.push((group, vec![(label, value)])),
        }
    }

    /// Emits `value` (recursively) under `label`; `key` is its wire name, for secret detection.
    fn emit(&mut self, group: &'static str, label: &str, key: &str, value: &Value, raw_keys: bool) {
        if is_secret_key(key) && !is_blank(value) {
            self.push(group, label.to_string(), HIDDEN.to_string());
            return;
        }
        match value {
            Value::Object(m) if m.is_empty() => self.push(group, label.to_string(), "(empty)".into()),
            Value::Object(m) => self.children(group, label, m, raw_keys),
            Value::Array(a) if a.is_empty() => self.push(group, label.to_string(), "(none)".into()),
            Value::Array(a) if a.iter().all(|v| !v.is_object() && !v.is_array()) => {
                let text: Vec<String> = a.iter().map(scalar).collect();
                self.push(group, label.to_string(), text.join(", "));
            }
            Value::Array(a) => {
                for (i, item) in a.iter().enumerate() {
                    self.emit(group, &join(label, &format!("#{}", i + 1)), key, item, raw_keys);
                }
            }
            other => self.push(group, label.to_string(), scalar(other)),
        }
    }

    fn children(&mut self, group: &'static str, label: &str, m: &Map<String, Value>, raw_keys: bool) {
        for (k, v) in m {
            let seg = if raw_keys { k.clone() } else { humanize(k) };
            self.emit(group, &join(label, &seg), k, v, is_map_field(k));
        }
    }

    /// A member that is a whole group (e.g. `scaleSettings`): its children are labelled without
    /// repeating the group title.
    fn section(&mut self, group: &'static str, key: &str, value: &Value) {
        let raw_keys = is_map_field(key);
        match value {
            _ if is_secret_key(key) => self.emit(group, &humanize(key), key, value, raw_keys),
            Value::Object(m) if !m.is_empty() => self.children(group, "", m, raw_keys),
            Value::Array(a) if a.iter().any(|v| v.is_object() || v.is_array()) => {
                for (i, item) in a.iter().enumerate() {
                    self.emit(group, &format!("#{}", i + 1), key, item, raw_keys);
                }
            }
            _ => self.emit(group, &humanize(key), key, value, raw_keys),
        }
    }

    fn finish(mut self) -> Vec<PropertyGroup> {
        self.groups.sort_by_key(|(g, _)| ORDER.iter().position(|o| o == g));
        self.groups.into_iter().map(|(title, rows)| PropertyGroup { title: title.to_string(), rows }).collect()
    }
}

pub(crate) fn property_groups(c: &ComputeResource) -> Vec<PropertyGroup> {
    let mut b = Builder::default();
    // Serialization cannot fail for these models (string keys, finite JSON numbers).
    let Ok(Value::Object(top)) = serde_json::to_value(c) else {
        return Vec::new();
    };
    for (k, v) in &top {
        match k.as_str() {
            "id" => b.emit(GENERAL, "Resource ID", k, v, false),
            "type" => b.emit(GENERAL, "Resource type", k, v, false),
            "name" | "location" | "sku" | "tags" => b.emit(GENERAL, &humanize(k), k, v, is_map_field(k)),
            "identity" => b.section(IDENTITY, k, v),
            "systemData" => b.section(SYSTEM_DATA, k, v),
            "properties" => match v {
                Value::Object(compute) => compute_members(&mut b, compute),
                other => b.emit(OTHER, "Properties", k, other, false),
            },
            _ => b.emit(OTHER, &humanize(k), k, v, false),
        }
    }
    b.finish()
}

fn compute_members(b: &mut Builder, compute: &Map<String, Value>) {
    for (k, v) in compute {
        match k.as_str() {
            "resourceId" => b.emit(GENERAL, "Underlying resource ID", k, v, false),
            k2 if COMPUTE_GENERAL.contains(&k2) => b.emit(GENERAL, &humanize(k), k, v, false),
            "provisioningErrors" => b.section(PROV_ERRORS, k, v),
            "properties" => match v {
                Value::Object(nested) => {
                    for (nk, nv) in nested {
                        let group = nested_group(nk);
                        if group == humanize(nk) {
                            b.section(group, nk, nv);
                        } else {
                            b.emit(group, &humanize(nk), nk, nv, is_map_field(nk));
                        }
                    }
                }
                other => b.emit(OTHER, "Properties", k, other, false),
            },
            _ => b.emit(OTHER, &humanize(k), k, v, false),
        }
    }
}

fn join(prefix: &str, seg: &str) -> String {
    if prefix.is_empty() {
        seg.to_string()
    } else {
        format!("{prefix} › {seg}")
    }
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "—".to_string(),
        Value::String(s) if s.is_empty() => "(empty)".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Words written in capitals in labels.
const ACRONYMS: [&str; 20] = [
    "id", "ip", "vm", "url", "uri", "ssh", "os", "cpu", "cpus", "gpu", "gpus", "aks", "dns", "fqdn", "cidr", "mb",
    "gb", "io", "ssl", "hdi",
];

/// `"nodeIdleTimeBeforeScaleDown"` → `"Node idle time before scale down"`, `"vmSize"` →
/// `"VM size"`, `"dnsServiceIP"` → `"DNS service IP"`. Keys that are not camelCase identifiers
/// (`nvidia.com/gpu`, `my_tag`) are returned unchanged, since they are data rather than names.
pub fn humanize(key: &str) -> String {
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
        return key.to_string();
    }
    let chars: Vec<char> = key.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_ascii_uppercase()
            && match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                // End of an acronym: `IPAddress` → `IP` + `Address`; but keep a plural `s`
                // with its acronym (`CPUs`).
                Some(p) if p.is_ascii_uppercase() => {
                    next.is_some_and(|n| n.is_ascii_lowercase()) && !(next == Some('s') && i + 2 == chars.len())
                }
                _ => false,
            };
        if boundary && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    words.push(cur);
    let words: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_ascii_lowercase();
            if ACRONYMS.contains(&lower.as_str()) {
                // Plural acronyms keep a lowercase `s` (`CPUs`).
                match lower.strip_suffix('s').filter(|s| ACRONYMS.contains(s) && lower != "os") {
                    Some(stem) => format!("{}s", stem.to_ascii_uppercase()),
                    None => lower.to_ascii_uppercase(),
                }
            } else if i == 0 {
                let mut cs = lower.chars();
                cs.next().map(|f| f.to_ascii_uppercase().to_string() + cs.as_str()).unwrap_or_default()
            } else {
                lower
            }
        })
        .collect();
    words.join(" ")
}
