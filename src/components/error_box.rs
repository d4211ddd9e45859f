//! Shows a service error: HTTP status, ARM error code and message, nested `details`
//! (walked recursively) and the client request id for support. All text goes through
//! text nodes: service messages are never interpreted as HTML.

use crate::error::{ErrorNode, UiError};
use crate::i18n::{t, tf, tm};
use aml_api::rbac::denied::Denied;
use leptos::prelude::*;

/// For any refusal (403, `AuthorizationFailed`): what is missing, where, and who can grant it.
fn permission_view(status: Option<u16>, code: &str, message: &str) -> Option<impl IntoView> {
    let d = Denied::from_error(status, code, message)?;
    let who = d.who_can_grant();
    Some(view! {
        <div class="error-permission" data-testid="error-permission">
            <p>
                <strong>{t("error.not_allowed", "Your account is not allowed to do this.")}</strong>
            </p>
            {d
                .action
                .clone()
                .map(|a| {
                    view! {
                        <p>
                            {t("error.missing_permission", "Missing permission:")} " "
                            <code data-testid="error-missing-action">{a}</code>
                        </p>
                    }
                })}
            {d
                .scope
                .clone()
                .map(|s| view! { <p>{t("error.scope", "On:")} " " <code data-testid="error-scope">{s}</code></p> })}
            <p data-testid="error-who-can-grant">{tm(&who)}</p>
            <p>
                {t(
                    "error.sign_in_again",
                    "If access was granted a moment ago, sign out and sign in again so your token carries it.",
                )}
            </p>
        </div>
    })
}

fn details_view(details: Vec<ErrorNode>) -> AnyView {
    if details.is_empty() {
        return ().into_any();
    }
    view! {
        <ul class="error-details">
            {details
                .into_iter()
                .map(|d| {
                    view! {
                        <li>
                            <code class="error-detail-code">{d.code}</code>
                            {d.target.map(|t| view! { <span class="error-target">" (" {t} ")"</span> })}
                            <span class="error-detail-message" data-service="">
                                " "
                                {tm(&d.message)}
                            </span>
                            {details_view(d.details)}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// Props: `error` – what to show; `title` – heading (defaults to "Something went wrong").
#[component]
pub fn ErrorBox(error: UiError, #[prop(optional, into)] title: Option<String>) -> impl IntoView {
    let UiError { status, code, message, details, request_id } = error;
    let permission = permission_view(status, &code, &message);
    // Network failures have no status; provisioning errors (no HTTP exchange) show none.
    let status_text = match status {
        Some(s) => Some(format!("HTTP {s}")),
        None if code == "NetworkError" => Some(t("error.no_response", "No response").to_string()),
        None => None,
    };
    view! {
        <div class="error-box" role="alert" data-testid="error-box">
            <div class="error-head">
                <span class="error-icon" aria-hidden="true">
                    "!"
                </span>
                <strong>{title.unwrap_or_else(|| t("error.generic", "Something went wrong").into())}</strong>
                {status_text
                    .map(|t| {
                        view! {
                            <span class="error-status" data-testid="error-status">
                                {t}
                            </span>
                        }
                    })}
            </div>
            <div class="error-body">
                <code class="error-code" data-testid="error-code">
                    {code}
                </code>
                <p class="error-message" data-testid="error-message" data-service="">
                    {tm(&message)}
                </p>
                {permission}
                <div data-testid="error-details">{details_view(details)}</div>
                {request_id
                    .map(|id| {
                        view! {
                            <p class="error-request">
                                {t("error.request_id", "Request id:")} " "
                                <code data-testid="error-request-id">{id}</code>
                            </p>
                        }
                    })}
            </div>
        </div>
    }
}

/// Props: `skipped` – one note per list item the service sent that could not be read
/// (`http::Listed`). Nothing when empty; else a warning naming them, so a hidden item is never
/// silently missing from a list.
#[component]
pub fn SkippedItems(#[prop(into)] skipped: Signal<Vec<String>>) -> impl IntoView {
    move || {
        let list = skipped.get();
        (!list.is_empty()).then(|| {
            let n = list.len();
            view! {
                <div class="message-bar warning" role="status" data-testid="list-skipped">
                    {if n == 1 {
                        t("error.skipped.one", "1 item in the service's answer could not be read and is not shown:")
                            .to_string()
                    } else {
                        tf(
                            "error.skipped.other",
                            "{n} items in the service's answer could not be read and are not shown:",
                            &[("n", &n.to_string())],
                        )
                    }}
                    <ul>{list.into_iter().map(|s| view! { <li>{tm(&s)}</li> }).collect_view()}</ul>
                </div>
            }
        })
    }
}
