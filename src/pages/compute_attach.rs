//! Attach an existing resource (`/ws/{sub}/{rg}/{ws}/computes/attach`): a kind picker, then
//! that kind's form. Each kind keeps its own form (and draft), so switching kinds loses
//! nothing. "Azure Batch" is listed disabled: Batch is not a compute type of the current API
//! (legacy Batch computes stay visible, read-only, in the list).

use crate::components::attach_fields::*;
use crate::components::compute_submit::{Runner, SubmitBar};
use crate::components::draft::{draft_key, use_draft};
use crate::components::fields::FormHeader;
use crate::components::ws_facts::{use_ws_info, WsFactsStatus, WsInfo};
use crate::components::yaml_panel::YamlPanel;
use crate::http::use_api;
use crate::i18n::t;
use crate::ops::use_ops;
use aml_api::forms::{
    ComputeDraft, DataLakeAnalyticsForm, DatabricksForm, KubernetesForm, SshAttachForm, SshAttachTarget,
    SynapseSparkForm,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{de::DeserializeOwned, Serialize};

/// The key of each attachable kind (its label and description: [`kind_text`]).
const KINDS: [&str; 6] = ["vm", "hdinsight", "databricks", "adla", "kubernetes", "synapse"];

/// A kind's label and description in the page's language (product names stay as they are).
fn kind_text(key: &str) -> (&'static str, &'static str) {
    match key {
        "vm" => (t("attach.kind.vm", "Virtual machine"), t("attach.kind.vm_about", "An Ubuntu VM reachable over SSH")),
        "hdinsight" => ("HDInsight", t("attach.kind.hdi_about", "An HDInsight cluster over SSH")),
        "databricks" => ("Azure Databricks", t("attach.kind.dbx_about", "A Databricks workspace")),
        "adla" => ("Data Lake Analytics", t("attach.kind.adla_about", "A Data Lake Analytics account")),
        "kubernetes" => ("Kubernetes", t("attach.kind.k8s_about", "An AKS or Azure Arc cluster")),
        _ => ("Synapse Spark", t("attach.kind.synapse_about", "A Synapse Spark pool")),
    }
}

/// A form signal restored from / saved to its draft.
fn drafted<F>(kind: &str, info: WsInfo, init: F) -> RwSignal<F>
where
    F: Serialize + DeserializeOwned + Send + Sync + 'static,
{
    let form = RwSignal::new(init);
    use_draft(draft_key(&format!("attach-{kind}"), &info.ws.get_untracked()), form);
    form
}

#[component]
pub fn AttachPage() -> impl IntoView {
    let info = use_ws_info();
    let (api, ops) = (use_api(), use_ops());
    let q = use_query_map().get_untracked().get("kind").filter(|k| KINDS.iter().any(|x| x == k));
    let kind = RwSignal::new(q.unwrap_or_else(|| "vm".into()));
    let vm = drafted("vm", info, SshAttachForm::default());
    let hdi = drafted("hdinsight", info, SshAttachForm { target: SshAttachTarget::HdInsight, ..Default::default() });
    let dbx = drafted("databricks", info, DatabricksForm::default());
    let adla = drafted("adla", info, DataLakeAnalyticsForm::default());
    let k8s = drafted("kubernetes", info, KubernetesForm::default());
    let syn = drafted("synapse", info, SynapseSparkForm::default());
    // A restored draft must not switch the VM form into HDInsight or back.
    vm.update(|f| f.target = SshAttachTarget::VirtualMachine);
    hdi.update(|f| f.target = SshAttachTarget::HdInsight);

    let draft = Signal::derive(move || match kind.get().as_str() {
        "hdinsight" => ComputeDraft::SshAttach(hdi.get()),
        "databricks" => ComputeDraft::Databricks(dbx.get()),
        "adla" => ComputeDraft::DataLakeAnalytics(adla.get()),
        "kubernetes" => ComputeDraft::Kubernetes(k8s.get()),
        "synapse" => ComputeDraft::SynapseSpark(syn.get()),
        _ => ComputeDraft::SshAttach(vm.get()),
    });
    // One runner per visit: switching kinds clears field messages of the other kind.
    let runner = Runner::default();
    let errors = runner.errors;
    let submit = {
        let ops = ops.clone();
        Callback::new(move |_| {
            let key = draft_key(&format!("attach-{}", kind.get_untracked()), &info.ws.get_untracked());
            runner.submit(api.clone(), ops.clone(), info, draft.get_untracked(), key)
        })
    };
    let pick = move |k: &'static str| {
        kind.set(k.to_string());
        errors.set(vec![]);
        runner.service.set(None);
        // A finished attach of another kind must not keep this kind's submit disabled.
        runner.op.set(None);
    };

    let fields = move || match kind.get().as_str() {
        "hdinsight" => view! { <SshFields form=hdi errors=errors /> }.into_any(),
        "databricks" => view! { <DatabricksFields form=dbx errors=errors /> }.into_any(),
        "adla" => view! { <DataLakeFields form=adla errors=errors /> }.into_any(),
        "kubernetes" => view! { <KubernetesFields form=k8s errors=errors /> }.into_any(),
        "synapse" => view! { <SynapseFields form=syn errors=errors /> }.into_any(),
        _ => view! { <SshFields form=vm errors=errors /> }.into_any(),
    };

    view! {
        <FormHeader
            title=t("attach.attach_compute", "Attach compute")
            subtitle=t(
                "attach.use_an_existing_azure_resource",
                "Use an existing Azure resource as a compute target of this workspace.",
            )
        />
        <WsFactsStatus info=info />
        <div class="kind-picker" role="radiogroup" aria-label=t("attach.kind_of_compute", "Kind of compute")>
            {KINDS
                .iter()
                .map(|k| {
                    let (label, desc) = kind_text(k);
                    view! {
                        <button
                            type="button"
                            class="kind"
                            role="radio"
                            data-testid=format!("attach-kind-{k}")
                            aria-checked=move || (kind.get() == *k).to_string()
                            class:active=move || kind.get() == *k
                            on:click=move |_| pick(k)
                        >
                            <strong>{label}</strong>
                            <span class="muted">{desc}</span>
                        </button>
                    }
                })
                .collect_view()}
            <button
                type="button"
                class="kind disabled"
                data-testid="attach-kind-batch"
                disabled=true
                aria-describedby="batch-note"
            >
                <strong translate="no">"Azure Batch"</strong>
                <span class="muted">{t("attach.not_available", "Not available")}</span>
            </button>
        </div>
        <p class="hint" id="batch-note" data-testid="batch-note">
            "Azure Batch cannot be attached: Batch is not a compute type of the current Azure Machine Learning API. \
             Batch computes attached in the past stay listed, read-only."
        </p>
        <form class="form" data-testid="attach-form" data-kind=move || kind.get() on:submit=|ev| ev.prevent_default()>
            {fields}
            <YamlPanel info=info draft=draft />
            <SubmitBar runner=runner ops=ops info=info label=t("attach.attach", "Attach") on_submit=submit />
        </form>
    }
}
