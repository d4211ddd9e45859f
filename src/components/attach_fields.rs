//! The fields of each attach kind (the api crate's attach forms laid out). Secrets (password,
//! private key, access token) are plain inputs bound to the form signal of the open page only;
//! drafts drop them (see `draft::SECRET_FIELDS`).

use crate::bind;
use crate::components::fields::{FieldErrors, IdentityFields, TextField};
use aml_api::forms::{
    DataLakeAnalyticsForm, DatabricksForm, KubernetesForm, SshAttachForm, SshAttachTarget, SynapseSparkForm,
};
use leptos::prelude::*;

/// Props: `form`, `errors`. VirtualMachine or HDInsight (the form's `target`).
#[component]
pub fn SshFields(form: RwSignal<SshAttachForm>, errors: FieldErrors) -> impl IntoView {
    let hdi = Memo::new(move |_| form.with(|f| f.target == SshAttachTarget::HdInsight));
    let use_key = RwSignal::new(form.with_untracked(|f| !f.public_key.is_empty()));
    // Switching credential kind clears the other secret, so only one is ever sent.
    let pick = move |key: bool| {
        use_key.set(key);
        form.update(|f| {
            if key {
                f.password.clear();
            } else {
                f.private_key.clear();
                f.public_key.clear();
            }
        });
    };
    view! {
        <div class="message-bar" data-testid="ssh-note">
            {move || {
                if hdi.get() {
                    "The cluster's SSH host and an existing account are needed. SSH keys are recommended over passwords."
                } else {
                    "Only Ubuntu virtual machines are supported. Use an SSH key pair rather than a password where you can."
                }
            }}
        </div>
        <TextField label="Name" field="name" errors=errors bound=bind!(form, name) />
        <TextField
            label=if hdi.get_untracked() { "HDInsight cluster resource id" } else { "Virtual machine resource id" }
            field="resource_id"
            errors=errors
            bound=bind!(form, resource_id)
            placeholder="/subscriptions/…/resourceGroups/…/providers/…"
        />
        <div class="field-grid">
            <TextField label="Address (host name or IP)" field="address" errors=errors bound=bind!(form, address) />
            <TextField
                label="SSH port"
                field="ssh_port"
                errors=errors
                bound=bind!(form, ssh_port)
                input_type="number"
            />
            <TextField label="User name" field="username" errors=errors bound=bind!(form, username) />
        </div>
        <div class="segmented" role="group" aria-label="Credentials">
            <button
                type="button"
                data-testid="cred-password"
                class:active=move || !use_key.get()
                aria-pressed=move || (!use_key.get()).to_string()
                on:click=move |_| pick(false)
            >
                "Password"
            </button>
            <button
                type="button"
                data-testid="cred-key"
                class:active=move || use_key.get()
                aria-pressed=move || use_key.get().to_string()
                on:click=move |_| pick(true)
            >
                "SSH key pair (recommended)"
            </button>
        </div>
        {move || {
            if use_key.get() {
                view! {
                    <TextField
                        label="SSH private key"
                        field="private_key"
                        errors=errors
                        bound=bind!(form, private_key)
                        multiline=true
                        placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
                        hint="Sent to the service only; never saved in the browser."
                    />
                    <TextField
                        label="SSH public key"
                        field="public_key"
                        errors=errors
                        bound=bind!(form, public_key)
                        multiline=true
                        placeholder="ssh-rsa AAAA…"
                    />
                }
                    .into_any()
            } else {
                view! {
                    <TextField
                        label="Password"
                        field="password"
                        errors=errors
                        bound=bind!(form, password)
                        input_type="password"
                        hint="Sent to the service only; never saved in the browser."
                    />
                }
                    .into_any()
            }
        }}
        <TextField label="Description" field="description" errors=errors bound=bind!(form, description) />
    }
}

/// Props: `form`, `errors`.
#[component]
pub fn DatabricksFields(form: RwSignal<DatabricksForm>, errors: FieldErrors) -> impl IntoView {
    view! {
        <TextField label="Name" field="name" errors=errors bound=bind!(form, name) />
        <TextField
            label="Databricks workspace resource id"
            field="resource_id"
            errors=errors
            bound=bind!(form, resource_id)
            placeholder="/subscriptions/…/providers/Microsoft.Databricks/workspaces/…"
        />
        <TextField
            label="Workspace URL"
            field="workspace_url"
            errors=errors
            bound=bind!(form, workspace_url)
            placeholder="https://adb-1234567890123456.7.azuredatabricks.net"
        />
        <TextField
            label="Access token"
            field="access_token"
            errors=errors
            bound=bind!(form, access_token)
            input_type="password"
            hint="A Databricks personal access token. Sent to the service only; never saved in the browser."
        />
        <TextField label="Description" field="description" errors=errors bound=bind!(form, description) />
    }
}

/// Props: `form`, `errors`.
#[component]
pub fn DataLakeFields(form: RwSignal<DataLakeAnalyticsForm>, errors: FieldErrors) -> impl IntoView {
    view! {
        <TextField label="Name" field="name" errors=errors bound=bind!(form, name) />
        <TextField
            label="Data Lake Analytics account resource id"
            field="resource_id"
            errors=errors
            bound=bind!(form, resource_id)
            placeholder="/subscriptions/…/providers/Microsoft.DataLakeAnalytics/accounts/…"
        />
        <TextField
            label="Data Lake Store account name"
            field="data_lake_store_account_name"
            errors=errors
            bound=bind!(form, data_lake_store_account_name)
        />
        <TextField label="Description" field="description" errors=errors bound=bind!(form, description) />
    }
}

/// Props: `form`, `errors`.
#[component]
pub fn KubernetesFields(form: RwSignal<KubernetesForm>, errors: FieldErrors) -> impl IntoView {
    view! {
        <TextField label="Name" field="name" errors=errors bound=bind!(form, name) />
        <TextField
            label="Kubernetes cluster resource id (AKS or Azure Arc)"
            field="resource_id"
            errors=errors
            bound=bind!(form, resource_id)
            placeholder="/subscriptions/…/providers/Microsoft.Kubernetes/connectedClusters/…"
        />
        <TextField
            label="Namespace"
            field="namespace"
            errors=errors
            bound=bind!(form, namespace)
            placeholder="default"
        />
        <TextField
            label="Default instance type"
            field="default_instance_type"
            errors=errors
            bound=bind!(form, default_instance_type)
        />
        <TextField
            label="Instance types (JSON object)"
            field="instance_types_json"
            errors=errors
            bound=bind!(form, instance_types_json)
            multiline=true
            placeholder="{\"defaultinstancetype\": {\"resources\": {\"requests\": {\"cpu\": \"1\", \"memory\": \"4Gi\"}}}}"
        />
        <IdentityFields
            identity=Signal::derive(move || form.with(|f| f.identity.clone()))
            set=Callback::new(move |i| form.update(|f| f.identity = i))
            errors=errors
        />
        <TextField label="Description" field="description" errors=errors bound=bind!(form, description) />
    }
}

/// Props: `form`, `errors`.
#[component]
pub fn SynapseFields(form: RwSignal<SynapseSparkForm>, errors: FieldErrors) -> impl IntoView {
    view! {
        <TextField label="Name" field="name" errors=errors bound=bind!(form, name) />
        <TextField
            label="Synapse Spark pool resource id"
            field="resource_id"
            errors=errors
            bound=bind!(form, resource_id)
            placeholder="/subscriptions/…/providers/Microsoft.Synapse/workspaces/…/bigDataPools/…"
        />
        <IdentityFields
            identity=Signal::derive(move || form.with(|f| f.identity.clone()))
            set=Callback::new(move |i| form.update(|f| f.identity = i))
            errors=errors
        />
        <TextField label="Description" field="description" errors=errors bound=bind!(form, description) />
    }
}
