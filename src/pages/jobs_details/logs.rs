//! The job's log files: one tab per file (user logs first), the text read so far, a download
//! link. The reads themselves are `crate::jobs::logs` (the page's polling loop calls it).

use crate::components::error_box::ErrorBox;
use crate::error::UiError;
use aml_api::jobs::logs::LogFile;
use leptos::prelude::*;

/// Props: `files` (kept up to date by the page), `error` (the last RunDetails failure).
#[component]
pub fn Logs(files: RwSignal<Vec<LogFile>>, error: RwSignal<Option<UiError>>) -> impl IntoView {
    let tab = RwSignal::new(String::new());
    let chosen = RwSignal::new(false);
    // Follow the first log (user logs sort first) until the user picks a tab: system logs
    // often appear before the script's own output.
    Effect::new(move |_| {
        let first = files.with(|fs| fs.first().map(|f| f.name.clone()));
        if let Some(f) = first {
            if !chosen.get_untracked() && tab.get_untracked() != f {
                tab.set(f);
            }
        }
    });
    view! {
        <section class="card logs-card" data-testid="job-logs">
            <h2>"Logs"</h2>
            {move || error.get().map(|e| view! { <ErrorBox error=e title="Could not read the run details"/> })}
            {move || files.with(Vec::is_empty).then(|| view! { <p class="muted" data-testid="logs-empty">"No log files yet; they appear when the job starts."</p> })}
            <div class="tabs" role="tablist">
                {move || files.get().into_iter().map(|f| {
                    let name = f.name.clone();
                    let n2 = name.clone();
                    view! {
                        <button role="tab" class="tab" data-testid="log-tab" data-name=name.clone()
                            aria-selected=move || (tab.get() == n2).to_string() on:click=move |_| { chosen.set(true); tab.set(name.clone()); }>{f.name.clone()}</button>
                    }
                }).collect_view()}
            </div>
            {move || {
                let t = tab.get();
                files.with(|fs| fs.iter().find(|f| f.name == t).cloned()).map(|f| view! {
                    {f.error.clone().map(|e| view! { <div class="message-bar warning">{e}</div> })}
                    <pre class="log-text" data-testid="log-text" data-name=f.name.clone()>{f.text.clone()}</pre>
                    <a class="button subtle" href=f.url.clone() target="_blank" rel="noopener">"Download"</a>
                })
            }}
        </section>
    }
}
