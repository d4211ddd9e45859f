//! A state label with a coloured dot, the way Azure ML studio shows compute states.

use leptos::prelude::*;

/// Colour family of a state: success (green), progress (blue), neutral (grey), error (red).
/// Combined labels ("Succeeded · Resizing") take the most urgent part: error > progress > success.
pub fn tone(label: &str) -> &'static str {
    let tones: Vec<&str> = label.split('·').map(|p| tone_of(p.trim())).collect();
    ["error", "progress", "success"].into_iter().find(|t| tones.contains(t)).unwrap_or("neutral")
}

fn tone_of(state: &str) -> &'static str {
    match state.to_ascii_lowercase().as_str() {
        "succeeded" | "running" | "steady" | "jobrunning" | "idle" => "success",
        "creating" | "resizing" | "starting" | "updating" | "restarting" | "settingup" | "usersettingup"
        | "stopping" | "deleting" | "preparing" | "leaving" => "progress",
        "failed" | "createfailed" | "setupfailed" | "usersetupfailed" | "unusable" => "error",
        _ => "neutral",
    }
}

/// Props: `label` – the state as the service wrote it; its tone picks the dot colour, and it
/// is shown in the page's language (`data-state` keeps the service's value).
#[component]
pub fn StatusBadge(#[prop(into)] label: String) -> impl IntoView {
    let t = tone(&label);
    let text = crate::i18n::state_text(&label);
    view! {
        <span class="status" data-tone=t data-state=label>
            <span class="status-dot" aria-hidden="true"></span>
            <span class="status-text">{text}</span>
        </span>
    }
}
