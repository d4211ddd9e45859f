//! Create an AmlCompute cluster (`/ws/{sub}/{rg}/{ws}/computes/new/cluster`). The form is the
//! api crate's `AmlComputeForm` (strings as typed; it turns idle seconds into ISO 8601 and
//! validates everything); this page only lays it out. Advanced options start collapsed.

use crate::bind;
use crate::components::compute_submit::{Runner, SubmitBar};
use crate::components::draft::{draft_key, use_draft};
use crate::components::fields::{
    CheckField, FieldMessage, FormHeader, IdentityFields, SelectField, TagsField, TextField,
};
use crate::components::vm_size_picker::{VmCatalog, VmSizePicker};
use crate::components::ws_facts::{use_ws_info, WsFactsStatus, WsInfo};
use crate::components::yaml_panel::YamlPanel;
use crate::http::use_api;
use crate::i18n::t;
use crate::ops::use_ops;
use aml_api::forms::{AmlComputeForm, ComputeDraft};
use leptos::prelude::*;

fn priorities() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Dedicated", t("cluster.priority.dedicated", "Dedicated")),
        ("LowPriority", t("cluster.priority.low", "Low priority (may be preempted)")),
    ]
}

fn port_access() -> Vec<(&'static str, &'static str)> {
    vec![
        ("NotSpecified", t("cluster.port.not_specified", "Not specified (open when an admin user is set)")),
        ("Enabled", t("cluster.port.enabled", "Enabled")),
        ("Disabled", t("cluster.port.disabled", "Disabled")),
    ]
}

/// `started`: the workspace facts and VM catalog its lazy route's `data()` already started
/// (src/lazy_routes.rs); started here when absent.
#[component]
pub fn NewClusterPage(#[prop(optional)] started: Option<(WsInfo, VmCatalog)>) -> impl IntoView {
    let info = started.map(|(info, _)| info).unwrap_or_else(use_ws_info);
    let catalog = started.map(|(_, catalog)| catalog);
    let (api, ops) = (use_api(), use_ops());
    let form = RwSignal::new(AmlComputeForm::default());
    let key = draft_key("cluster", &info.ws.get_untracked());
    use_draft(key.clone(), form);
    let runner = Runner::default();
    let errors = runner.errors;
    let draft = Signal::derive(move || ComputeDraft::AmlCompute(form.get()));
    let submit = {
        let ops = ops.clone();
        Callback::new(move |_| runner.submit(api.clone(), ops.clone(), info, draft.get_untracked(), key.clone()))
    };
    let nodes = Signal::derive(move || form.with(|f| f.min_nodes.trim().parse::<i64>().unwrap_or(0)));
    let low = Signal::derive(move || form.with(|f| f.vm_priority == "LowPriority"));

    view! {
        <FormHeader
            title=t("cluster.title", "New compute cluster")
            subtitle=t(
                "cluster.subtitle",
                "A managed cluster that scales between a minimum and a maximum number of nodes.",
            )
        />
        <WsFactsStatus info=info />
        <form class="form" data-testid="cluster-form" on:submit=|ev| ev.prevent_default()>
            <TextField
                label=t("compute.form.name", "Name")
                field="name"
                errors=errors
                bound=bind!(form, name)
                hint=t(
                    "compute.form.name_hint",
                    "3–24 letters, digits and hyphens; starts with a letter; unique in the workspace.",
                )
            />
            <VmSizePicker
                info=info
                compute_type="AmlCompute"
                nodes=nodes
                low_priority=low
                bound=bind!(form, vm_size)
                errors=errors
                catalog=catalog
            />
            <SelectField
                label=t("cluster.priority", "VM priority")
                field="vm_priority"
                errors=errors
                bound=bind!(form, vm_priority)
                options=priorities()
            />
            <div class="field-grid">
                <TextField
                    label=t("cluster.min_nodes", "Minimum nodes")
                    field="min_nodes"
                    errors=errors
                    bound=bind!(form, min_nodes)
                    input_type="number"
                    hint=t("cluster.min_nodes_hint", "0 scales to zero when idle (no cost).")
                />
                <TextField
                    label=t("cluster.max_nodes", "Maximum nodes")
                    field="max_nodes"
                    errors=errors
                    bound=bind!(form, max_nodes)
                    input_type="number"
                />
                <TextField
                    label=t("cluster.idle", "Idle seconds before scale down")
                    field="idle_seconds"
                    errors=errors
                    bound=bind!(form, idle_seconds)
                    input_type="number"
                    hint=t("cluster.idle_hint", "Sent as an ISO 8601 duration (120 → PT2M).")
                />
            </div>
            <details class="advanced" data-testid="advanced">
                <summary>{t("compute.form.advanced", "Advanced settings")}</summary>
                <h3>{t("cluster.ssh_account", "SSH admin account")}</h3>
                <TextField
                    label=t("compute.form.admin_user", "Admin user name")
                    field="admin_username"
                    errors=errors
                    bound=bind!(form, admin_username)
                />
                <TextField
                    label=t("compute.form.admin_password", "Admin password")
                    field="admin_password"
                    errors=errors
                    bound=bind!(form, admin_password)
                    input_type="password"
                    hint=t("compute.form.password_hint", "Not saved in the draft. An SSH public key is safer.")
                />
                <TextField
                    label=t("compute.form.ssh_key", "SSH public key")
                    field="ssh_public_key"
                    errors=errors
                    bound=bind!(form, ssh_public_key)
                    multiline=true
                    placeholder="ssh-rsa AAAA…"
                />
                <SelectField
                    label=t("cluster.port", "Remote login port public access")
                    field="remote_login_port_public_access"
                    errors=errors
                    bound=bind!(form, remote_login_port_public_access)
                    options=port_access()
                />
                <h3>{t("compute.form.network", "Network")}</h3>
                <TextField
                    label=t("compute.form.subnet", "Subnet resource id")
                    field="subnet_id"
                    errors=errors
                    bound=bind!(form, subnet_id)
                    placeholder="/subscriptions/…/virtualNetworks/…/subnets/…"
                />
                <CheckField
                    label=t("cluster.public_ip", "Give nodes a public IP address")
                    testid="field-enable_node_public_ip"
                    checked=Signal::derive(move || form.with(|f| f.enable_node_public_ip))
                    set=Callback::new(move |v| form.update(|f| f.enable_node_public_ip = v))
                />
                <FieldMessage errors=errors field="enable_node_public_ip" />
                <h3>{t("compute.form.identity", "Identity")}</h3>
                <IdentityFields
                    identity=Signal::derive(move || form.with(|f| f.identity.clone()))
                    set=Callback::new(move |i| form.update(|f| f.identity = i))
                    errors=errors
                />
                <h3>{t("compute.form.description_tags", "Description and tags")}</h3>
                <TextField
                    label=t("compute.form.description", "Description")
                    field="description"
                    errors=errors
                    bound=bind!(form, description)
                />
                <TagsField
                    tags=Signal::derive(move || form.with(|f| f.tags.clone()))
                    set=Callback::new(move |t| form.update(|f| f.tags = t))
                    errors=errors
                />
            </details>
            <YamlPanel info=info draft=draft />
            <SubmitBar runner=runner ops=ops info=info label=t("common.create", "Create") on_submit=submit />
        </form>
    }
}
