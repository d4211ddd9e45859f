//! The job's facts: status timeline, the properties every job has, the type's own sections
//! (`aml_api::jobs::kinds::type_sections`), inputs and outputs, the snapshot's files; for an
//! unknown type a note and the raw JSON (as text).

use crate::i18n::intl::bytes as fmt_bytes;
use crate::i18n::{state_text, t, tf, tm};
use crate::jobs::snapshot_key;
use crate::jobs::time::short_time;
use aml_api::jobs::kinds::{raw_json, type_sections, JobKind, Section};
use aml_api::jobs::logs::RunInfo;
use aml_api::jobs::model::{self, IoRow};
use aml_api::jobs::source::parse_snapshot_listing;
use leptos::prelude::*;
use serde_json::Value;

fn io_table(rows: Vec<IoRow>, testid: &'static str) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <p class="muted" data-testid=testid>
                {t("job.none", "None.")}
            </p>
        }
        .into_any();
    }
    view! {
        <table class="data compact" data-testid=testid>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr data-service="">
                                <td>{r.name}</td>
                                <td>{r.kind}</td>
                                <td class="mono wrap">{tm(&r.value)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn section_card(s: Section) -> impl IntoView {
    view! {
        <section class="card" data-testid="job-section" data-section=s.key>
            <h2>{tm(&s.title)}</h2>
            {if s.facts.is_empty() {
                view! { <p class="muted">{t("job.nothing_set", "Nothing set.")}</p> }.into_any()
            } else {
                view! {
                    <dl class="props">
                        {s
                            .facts
                            .into_iter()
                            .map(|f| {
                                view! {
                                    <dt>{tm(&f.label)}</dt>
                                    <dd data-service="">{f.value}</dd>
                                }
                            })
                            .collect_view()}
                    </dl>
                }
                    .into_any()
            }}
        </section>
    }
}

/// Props: `job` (as the service returned it), `run` (RunDetails), `seen` (status changes).
#[component]
pub fn JobBody(job: Value, run: RwSignal<RunInfo>, seen: RwSignal<Vec<(String, String)>>) -> impl IntoView {
    let kind = JobKind::of_job(&job);
    let s = |k: &str| model::property_text(&job, k);
    let row = |k: &'static str, v: String| {
        view! {
            <dt>{k}</dt>
            <dd data-service="">{v}</dd>
        }
    };
    let props = model::job_properties(&job);
    let (inputs, outputs) = (model::io_rows(&job, "inputs"), model::io_rows(&job, "outputs"));
    let created = model::created(&job);
    let command_rows = (kind == JobKind::Command).then(|| {
        view! {
            {row(t("submit.environment", "Environment"), s("environmentId"))}
            {row(t("job.code", "Code"), s("codeId"))}
            <dt>{t("submit.command", "Command")}</dt>
            <dd>
                <code data-testid="job-command">{s("command")}</code>
            </dd>
            {row(t("submit.distribution", "Distribution"), model::distribution_type(&job))}
            {row(t("job.instances", "Instances"), model::instance_count(&job).to_string())}
        }
    });
    let description = s("description");
    let code_id = match kind {
        JobKind::Sweep => job["properties"]["trial"]["codeId"].as_str().unwrap_or_default().to_string(),
        _ => s("codeId"),
    };
    let snapshot = matches!(kind, JobKind::Command | JobKind::Sweep).then(|| {
        let files = crate::browser::session_get(&snapshot_key(&model::name(&job)))
            .map(|t| parse_snapshot_listing(&t))
            .unwrap_or_default();
        view! {
            <section class="card">
                <h2>{t("job.snapshot", "Snapshot")}</h2>
                {if files.is_empty() {
                    view! {
                        <p class="muted">
                            {t(
                                "job.snapshot_elsewhere",
                                "The file list is kept by the browser that submitted the job. Code asset:",
                            )} " " <span class="mono" data-service="">
                                {code_id}
                            </span>
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        <ul class="file-list" data-testid="snapshot-files">
                            {files
                                .into_iter()
                                .map(|(f, n)| {
                                    view! {
                                        <li>
                                            <span class="mono" data-service="">
                                                {f}
                                            </span>
                                            " "
                                            <span class="muted">{fmt_bytes(n)}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </section>
        }
    });
    let unknown = (!kind.is_known()).then(|| {
        let note = tf(
            "job.unknown_type",
            "The job type “{type}” is not one the console knows; it is shown read-only, with the service's JSON below.",
            &[("type", &kind.label())],
        );
        let raw = raw_json(&job);
        (
            view! {
                <div class="message-bar warning" data-testid="unknown-job-type">
                    {note}
                </div>
            },
            view! {
                <section class="card">
                    <h2>{t("job.raw_json", "Raw JSON")}</h2>
                    <pre
                        class="code-block"
                        data-testid="job-raw-json"
                        tabindex="0"
                        role="region"
                        aria-label=t("job.raw_json", "Raw JSON")
                    >
                        {raw}
                    </pre>
                </section>
            },
        )
    });
    let (unknown_note, raw_card) = match unknown {
        Some((n, r)) => (Some(n), Some(r)),
        None => (None, None),
    };
    view! {
        {unknown_note}
        <div class="job-grid" data-testid="job-details" data-job-type=kind.label()>
            <section class="card">
                <h2>{t("job.status", "Status")}</h2>
                <ol class="timeline" data-testid="job-timeline">
                    <li>{t("job.created", "Created")} " " <span class="muted">{short_time(&created)}</span></li>
                    {move || {
                        seen.get()
                            .into_iter()
                            .map(|(st, at)| {
                                view! {
                                    <li data-status=st
                                        .clone()>{state_text(&st)} " " <span class="muted">{short_time(&at)}</span></li>
                                }
                            })
                            .collect_view()
                    }}
                    {move || {
                        run.with(|r| r.start.clone())
                            .map(|at| {
                                view! {
                                    <li>
                                        {t("job.started", "Started")} " " <span class="muted">{short_time(&at)}</span>
                                    </li>
                                }
                            })
                    }}
                    {move || {
                        run.with(|r| r.end.clone())
                            .map(|at| {
                                view! {
                                    <li>{t("job.ended", "Ended")} " " <span class="muted">{short_time(&at)}</span></li>
                                }
                            })
                    }}
                </ol>
                {move || {
                    run.with(|r| r.error.clone())
                        .map(|e| {
                            view! {
                                <div class="message-bar error" data-testid="job-error" data-service="">
                                    {e}
                                </div>
                            }
                        })
                }}
            </section>
            <section class="card">
                <h2>{t("job.properties", "Properties")}</h2>
                <dl class="props">
                    {row(t("submit.type", "Type"), tm(&kind.label()))}
                    {row(t("submit.experiment", "Experiment"), model::experiment(&job))}
                    {row(t("submit.compute", "Compute"), model::compute(&job))} {command_rows}
                    {(!description.is_empty())
                        .then(|| row(t("compute.form.description", "Description"), description.clone()))}
                    {row(t("job.submitted_by", "Submitted by"), model::created_by(&job))}
                    {row(
                        t("job.tags", "Tags"),
                        model::tags(&job).iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", "),
                    )}
                    {props
                        .into_iter()
                        .map(|(k, v)| {
                            view! {
                                <dt class="mono" data-service="">
                                    {k}
                                </dt>
                                <dd data-testid="job-property" data-service="">
                                    {v}
                                </dd>
                            }
                        })
                        .collect_view()}
                </dl>
            </section>
            {type_sections(&job).into_iter().map(section_card).collect_view()}
            <section class="card">
                <h2>{t("submit.inputs", "Inputs")}</h2>
                {io_table(inputs, "job-inputs")}
                <h2>{t("submit.outputs", "Outputs")}</h2>
                {io_table(outputs, "job-output-defs")}
            </section>
            {snapshot}
            {raw_card}
        </div>
    }
}
