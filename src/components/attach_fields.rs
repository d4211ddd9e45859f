//! The fields of each attach kind (the api crate's attach forms laid out). Secrets (password,
//! private key, access token) are plain inputs bound to the form signal of the open page only;
//! drafts drop them (see `draft::SECRET_FIELDS`).

use crate::bind;
use crate::components::fields::{FieldErrors, IdentityFields, TextField};
use crate::i18n::t;
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
                    {
                        t(
                            "attach.the_cluster_s_ssh_host",
                            "The cluster's SSH host and an existing account are needed. SSH keys are recommended over passwords.",
                        )
                    }
                } else {
                    {
                        t(
                            "attach.only_ubuntu_virtual_machines_are",
                            "Only Ubuntu virtual machines are supported. Use an SSH key pair rather than a password where you can.",
                        )
                    }
                }
            }}
        </div>
        <TextField label=t("attach.name", "Name") field="name" errors=errors bound=bind!(form, name) />
        <TextField
            label=if hdi.get_untracked() {
                t("attachf.hdi_id", "HDInsight cluster resource id")
            } else {
                t("attachf.vm_id", "Virtual machine resource id")
            }
            field="resource_id"
            errors=errors
            bound=bind!(form, resource_id)
            placeholder="/subscriptions/…/resourceGroups/…/providers/…"
        />
        <div class="field-grid">
            <TextField
                label=t("attach.address_host_name_or_ip", "Address (host name or IP)")
                field="address"
                errors=errors
                bound=bind!(form, address)
            />
            <TextField
                label=t("attach.ssh_port", "SSH port")
                field="ssh_port"
                errors=errors
                bound=bind!(form, ssh_port)
                input_type="number"
            />
            <TextField
                label=t("attach.user_name", "User name")
                field="username"
                errors=errors
                bound=bind!(form, username)
            />
        </div>
        <div class="segmented" role="group" aria-label=t("attach.credentials", "Credentials")>
            <button
                type="button"
                data-testid="cred-password"
                class:active=move || !use_key.get()
                aria-pressed=move || (!use_key.get()).to_string()
                on:click=move |_| pick(false)
            >
                {t("attach.password", "Password")}
            </button>
            <button
                type="button"
                data-testid="cred-key"
                class:active=move || use_key.get()
                aria-pressed=move || use_key.get().to_string()
                on:click=move |_| pick(true)
            >
                {t("attach.ssh_key_pair_recommended", "SSH key pair (recommended)")}
            </button>
        </div>
        {move || {
            if use_key.get() {
                view! {
                    <TextField
                        label=t("attach.ssh_private_key", "SSH private key")
                        field="private_key"
                        errors=errors
                        bound=bind!(form, private_key)
                        multiline=true
                        placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
                        hint=t(
                            "attach.sent_to_the_service_only",
                            "Sent to the service only; never saved in the browser.",
                        )
                    />
                    <TextField
                        label=t("attach.ssh_public_key", "SSH public key")
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
                        label=t("attach.password", "Password")
                        field="password"
                        errors=errors
                        bound=bind!(form, password)
                        input_type="password"
                        hint=t(
                            "attach.sent_to_the_service_only",
                            "Sent to the service only; never saved in the browser.",
                        )
                    />
                }
                    .into_any()
            }
        }}
        <TextField
            label=t("attach.description", "Description")
            field="description"
            errors=errors
            bound=bind!(form, description)
        />
    }
}

/// Props: `form`, `errors`.
#[component]
pub fn DatabricksFields(form: RwSignal<DatabricksForm>, errors: FieldErrors) -> impl IntoView {
    view! {
        <TextField label=t("attach.name", "Name") field="name" errors=errors bound=bind!(form, name) />
        <TextField
            label=t("attach.databricks_workspace_resource_id", "Databricks workspace resource id")
            field="resource_id"
            errors=errors
            bound=bind!(form, resource_id)
            placeholder="/subscriptions/…/providers/Microsoft.Databricks/workspaces/…"
        />
        <TextField
            label=t("attach.workspace_url", "Workspace URL")
            field="workspace_url"
            errors=errors
            bound=bind!(form, workspace_url)
            placeholder="https://adb-1234567890123456.7.azuredatabricks.net"
        />
        <TextField
            label=t("attach.access_token", "Access token")
            field="access_token"
            errors=errors
            bound=bind!(form, access_token)
            input_type="password"
            hint=t(
                "attach.a_databricks_personal_access_token",
                "A Databricks personal access token. Sent to the service only; never saved in the browser.",
            )
        />
        <TextField
            label=t("attach.description", "Description")
            field="description"
            errors=errors
            bound=bind!(form, description)
        />
    }
}

/// Props: `form`, `errors`.
#[component]
pub fn DataLakeFields(form: RwSignal<DataLakeAnalyticsForm>, errors: FieldErrors) -> impl IntoView {
    view! {
        <TextField label=t("attach.name", "Name") field="name" errors=errors bound=bind!(form, name) />
        <TextField
            label=t("attach.data_lake_analytics_account_resource", "Data Lake Analytics account resource id")
            field="resource_id"
            errors=errors
            bound=bind!(form, resource_id)
            placeholder="/subscriptions/…/providers/Microsoft.DataLakeAnalytics/accounts/…"
        />
        <TextField
            label=t("attach.data_lake_store_account_name", "Data Lake Store account name")
            field="data_lake_store_account_name"
            errors=errors
            bound=bind!(form, data_lake_store_account_name)
        />
        <TextField
            label=t("attach.description", "Description")
            field="description"
            errors=errors
            bound=bind!(form, description)
        />
    }
}

/// Props: `form`, `errors`.
#[component]
pub fn KubernetesFields(form: RwSignal<KubernetesForm>, errors: FieldErrors) -> impl IntoView {
    view! {
        <TextField label=t("attach.name", "Name") field="name" errors=errors bound=bind!(form, name) />
        <TextField
            label=t("attach.kubernetes_cluster_resource_id_aks", "Kubernetes cluster resource id (AKS or Azure Arc)")
            field="resource_id"
            errors=errors
            bound=bind!(form, resource_id)
            placeholder="/subscriptions/…/providers/Microsoft.Kubernetes/connectedClusters/…"
        />
        <TextField
            label=t("attach.namespace", "Namespace")
            field="namespace"
            errors=errors
            bound=bind!(form, namespace)
            placeholder="default"
        />
        <TextField
            label=t("attach.default_instance_type", "Default instance type")
            field="default_instance_type"
            errors=errors
            bound=bind!(form, default_instance_type)
        />
        <TextField
            label=t("attach.instance_types_json_object", "Instance types (JSON object)")
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
        <TextField
            label=t("attach.description", "Description")
            field="description"
            errors=errors
            bound=bind!(form, description)
        />
    }
}

/// Props: `form`, `errors`.
#[component]
pub fn SynapseFields(form: RwSignal<SynapseSparkForm>, errors: FieldErrors) -> impl IntoView {
    view! {
        <TextField label=t("attach.name", "Name") field="name" errors=errors bound=bind!(form, name) />
        <TextField
            label=t("attach.synapse_spark_pool_resource_id", "Synapse Spark pool resource id")
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
        <TextField
            label=t("attach.description", "Description")
            field="description"
            errors=errors
            bound=bind!(form, description)
        />
    }
}
