//! Run artifacts under `outputs/` (what the script wrote to `./outputs`), with download links
//! (a read SAS from `contentinfo`). Loaded once the job is terminal.

use crate::components::data_plane_blocked::DataPlaneError;
use crate::error::UiError;
use crate::http::use_api;
use crate::i18n::t;
use aml_api::jobs::model;
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

/// (path, download URL) of each output file, or why they could not be listed.
type OutputLinks = Result<Vec<(String, String)>, UiError>;

/// Props: `ws`, `id` — the job; `run_status` — its status (listed once terminal);
/// `experiment` — its experiment (artifacts live under `experiments/{name}/runs/{id}`).
#[component]
pub fn Outputs(ws: WorkspaceRef, id: String, run_status: Signal<String>, experiment: Signal<String>) -> impl IntoView {
    let api = use_api();
    let items: RwSignal<Option<OutputLinks>> = RwSignal::new(None);
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !model::is_terminal(&run_status.get()) {
            return done.unwrap_or(false);
        }
        let (api, w, id, exp) = (api.clone(), ws.clone(), id.clone(), experiment.get_untracked());
        spawn_local(async move {
            let r = async {
                let dp = crate::dataplane::data_plane_for(&api, &w).await?;
                let blocked = |e| crate::dataplane::unreachable_or(e, dp.base());
                let list: Value = api.json(dp.run_artifacts(&w, &exp, &id, "outputs")).await.map_err(blocked)?;
                let mut out = vec![];
                for path in model::artifact_paths(&list) {
                    let info: Value =
                        api.json(dp.artifact_content_info(&w, &exp, &id, &path)).await.map_err(blocked)?;
                    out.push((path, model::content_uri(&info)));
                }
                Ok(out)
            }
            .await;
            items.try_set(Some(r));
        });
        true
    });
    view! {
        <section class="card" data-testid="job-outputs">
            <h2>{t("outputs.title", "Output files")}</h2>
            {move || match items.get() {
                None => {
                    view! { <p class="muted">{t("outputs.when_done", "Listed when the job has finished.")}</p> }
                        .into_any()
                }
                Some(Err(e)) => {
                    view! {
                        <DataPlaneError
                            error=e
                            what=t("outputs.title", "Output files")
                            title=t("outputs.failed", "Could not list the outputs")
                        />
                    }
                        .into_any()
                }
                Some(Ok(v)) if v.is_empty() => {
                    view! {
                        <p class="muted" data-testid="outputs-empty">
                            {t("outputs.empty", "The job wrote nothing to ./outputs.")}
                        </p>
                    }
                        .into_any()
                }
                Some(Ok(v)) => {
                    view! {
                        <ul class="file-list">
                            {v
                                .into_iter()
                                .map(|(p, u)| {
                                    view! {
                                        <li>
                                            <a
                                                data-testid="artifact-link"
                                                href=u
                                                target="_blank"
                                                rel="noopener"
                                                download=""
                                                data-service=""
                                            >
                                                {p}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
