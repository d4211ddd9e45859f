//! Labelled form fields shared by the create/attach forms, the scale dialog and the job form:
//! each shows its validation message underneath. No submit logic here (that is
//! `compute_submit`), so a dialog or a page can use the fields alone.
//!
//! Fields are not generic over the form type: each gets a `Signal<String>` and a setter, built
//! by the `bind!` macro. That keeps one copy of the field code in the bundle.

use crate::i18n::{t, tm};
use aml_api::forms::{IdentityForm, IdentityKind, TagPair};
use aml_api::FieldError;
use leptos::prelude::*;

pub type FieldErrors = RwSignal<Vec<FieldError>>;

/// `(Signal<String>, Callback<String>)` for a `String` field path of a form signal.
#[macro_export]
macro_rules! bind {
    ($form:ident, $($f:ident).+) => {
        (
            Signal::derive(move || $form.with(|x| x.$($f).+.clone())),
            Callback::new(move |v: String| $form.update(|x| x.$($f).+ = v)),
        )
    };
}

/// The first message for `field`, if any, in the page's language.
pub fn message_for(errors: FieldErrors, field: &'static str) -> Option<String> {
    errors.with(|e| e.iter().find(|e| e.field == field).map(|e| tm(&e.message)))
}

/// Props: `label`; `field` – form field name (test ids `field-{field}` / `field-error-{field}`);
/// `errors`; `bound` – value + setter from `bind!`; `input_type` (default text); `hint`;
/// `multiline` – a textarea; `disabled`; `placeholder`.
#[component]
pub fn TextField(
    label: &'static str,
    field: &'static str,
    errors: FieldErrors,
    bound: (Signal<String>, Callback<String>),
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] multiline: bool,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    let (value, set) = bound;
    let id = format!("f-{field}");
    let invalid = move || message_for(errors, field).is_some();
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                data-testid=format!("field-{field}")
                rows="4"
                placeholder=placeholder
                prop:value=move || value.get()
                aria-invalid=move || invalid().to_string()
                disabled=move || disabled.get()
                on:input=move |ev| set.run(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                type=input_type.unwrap_or("text")
                data-testid=format!("field-{field}")
                placeholder=placeholder
                autocomplete=if input_type == Some("password") { "new-password" } else { "off" }
                prop:value=move || value.get()
                aria-invalid=move || invalid().to_string()
                disabled=move || disabled.get()
                on:input=move |ev| set.run(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {input}
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <FieldMessage errors=errors field=field />
        </div>
    }
}

/// The validation message under a field (`field-error-{field}`); empty when valid.
#[component]
pub fn FieldMessage(errors: FieldErrors, field: &'static str) -> impl IntoView {
    move || {
        message_for(errors, field).map(|m| {
            view! {
                <p class="field-error" role="alert" data-testid=format!("field-error-{field}")>
                    {m}
                </p>
            }
        })
    }
}

/// Props: `label`, `field`, `errors`, `bound`, `options` – (value, text) pairs.
#[component]
pub fn SelectField(
    label: &'static str,
    field: &'static str,
    errors: FieldErrors,
    bound: (Signal<String>, Callback<String>),
    options: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    let (value, set) = bound;
    view! {
        <div class="field">
            <label for=format!("f-{field}")>{label}</label>
            <select
                id=format!("f-{field}")
                data-testid=format!("field-{field}")
                prop:value=move || value.get()
                on:change=move |ev| set.run(event_target_value(&ev))
            >
                {options
                    .into_iter()
                    .map(|(v, t)| {
                        view! {
                            <option value=v selected=move || value.get() == v>
                                {t}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FieldMessage errors=errors field=field />
        </div>
    }
}

/// Props: `label`, `testid`, `checked`, `set`.
#[component]
pub fn CheckField(
    label: &'static str,
    testid: &'static str,
    checked: Signal<bool>,
    set: Callback<bool>,
) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || checked.get()
                on:change=move |ev| set.run(event_target_checked(&ev))
            />
            {label}
        </label>
    }
}

/// Page header of a form. Props: `title`, `subtitle`.
#[component]
pub fn FormHeader(title: &'static str, subtitle: &'static str) -> impl IntoView {
    view! {
        <div class="page-header">
            <div>
                <h1>{title}</h1>
                <p class="subtitle">{subtitle}</p>
            </div>
        </div>
    }
}

fn identity_kinds() -> [(&'static str, &'static str); 4] {
    [
        ("None", t("identity.none", "None")),
        ("SystemAssigned", t("identity.system", "System-assigned")),
        ("UserAssigned", t("identity.user", "User-assigned")),
        ("SystemAssigned,UserAssigned", t("identity.both", "System- and user-assigned")),
    ]
}

/// Props: `identity`, `set`, `errors`. Managed identity kind plus user-assigned ids (one per line).
#[component]
pub fn IdentityFields(
    identity: Signal<IdentityForm>,
    set: Callback<IdentityForm>,
    errors: FieldErrors,
) -> impl IntoView {
    let kind_str = move || match identity.with(|i| i.kind.clone()) {
        IdentityKind::None => "None",
        IdentityKind::SystemAssigned => "SystemAssigned",
        IdentityKind::UserAssigned => "UserAssigned",
        IdentityKind::SystemAndUserAssigned => "SystemAssigned,UserAssigned",
    };
    let set_kind = move |v: String| {
        let mut i = identity.get_untracked();
        i.kind = match v.as_str() {
            "SystemAssigned" => IdentityKind::SystemAssigned,
            "UserAssigned" => IdentityKind::UserAssigned,
            "SystemAssigned,UserAssigned" => IdentityKind::SystemAndUserAssigned,
            _ => IdentityKind::None,
        };
        set.run(i);
    };
    // Local text so typing a new line is not undone by re-joining the parsed list.
    let ids = RwSignal::new(identity.get_untracked().user_assigned_ids.join("\n"));
    let uses_ids = move || kind_str().contains("UserAssigned");
    view! {
        <div class="field">
            <label for="f-identity-kind">{t("identity.label", "Managed identity")}</label>
            <select
                id="f-identity-kind"
                data-testid="field-identity-kind"
                on:change=move |ev| set_kind(event_target_value(&ev))
            >
                {identity_kinds()
                    .into_iter()
                    .map(|(v, t)| {
                        view! {
                            <option value=v selected=move || kind_str() == v>
                                {t}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
        {move || {
            uses_ids()
                .then(|| {
                    view! {
                        <div class="field">
                            <label for="f-identity">
                                {t("identity.ids", "User-assigned identity resource ids (one per line)")}
                            </label>
                            <textarea
                                id="f-identity"
                                data-testid="field-identity"
                                rows="2"
                                prop:value=move || ids.get()
                                on:input=move |ev| {
                                    let t = event_target_value(&ev);
                                    let mut i = identity.get_untracked();
                                    i.user_assigned_ids = t
                                        .lines()
                                        .map(|l| l.trim().to_string())
                                        .filter(|l| !l.is_empty())
                                        .collect();
                                    ids.set(t);
                                    set.run(i);
                                }
                            ></textarea>
                        </div>
                    }
                })
        }}
        <FieldMessage errors=errors field="identity" />
    }
}

/// Props: `tags`, `set`, `errors`. Tags typed as `key=value`, one per line.
#[component]
pub fn TagsField(tags: Signal<Vec<TagPair>>, set: Callback<Vec<TagPair>>, errors: FieldErrors) -> impl IntoView {
    let text = RwSignal::new(
        tags.with_untracked(|t| t.iter().map(|t| format!("{}={}", t.key, t.value)).collect::<Vec<_>>().join("\n")),
    );
    view! {
        <div class="field">
            <label for="f-tags">{t("fields.tags", "Tags (key=value, one per line)")}</label>
            <textarea
                id="f-tags"
                data-testid="field-tags"
                rows="2"
                prop:value=move || text.get()
                on:input=move |ev| {
                    let t = event_target_value(&ev);
                    let pairs = t
                        .lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| {
                            let (k, v) = l.split_once('=').unwrap_or((l, ""));
                            TagPair {
                                key: k.trim().to_string(),
                                value: v.trim().to_string(),
                            }
                        })
                        .collect();
                    text.set(t);
                    set.run(pairs);
                }
            ></textarea>
            <FieldMessage errors=errors field="tags" />
        </div>
    }
}
