//! Controls the signed-in user's roles do not allow (`permissions::Denial`): they stay visible
//! and focusable but are marked `aria-disabled`, do nothing when used, and name the missing
//! action in a tooltip shown on hover and keyboard focus and read out through
//! `aria-describedby`. (A `disabled` button could not be focused, so its reason would be
//! unreachable from the keyboard.)

use crate::permissions::Denial;
use leptos::prelude::*;

/// A control's permission state and the id of its tooltip.
#[derive(Clone, Copy)]
pub struct Guard {
    pub denial: Signal<Option<Denial>>,
    pub tip_id: &'static str,
}

impl Guard {
    pub fn new(denial: Signal<Option<Denial>>, tip_id: &'static str) -> Guard {
        Guard { denial, tip_id }
    }

    /// True when the control must do nothing (read inside event handlers).
    pub fn denied(&self) -> bool {
        self.denial.with_untracked(Option::is_some)
    }

    pub fn aria_disabled(self) -> impl Fn() -> Option<&'static str> + Send + Sync + Copy + 'static {
        move || self.denial.with(|d| d.is_some().then_some("true"))
    }

    pub fn described_by(self) -> impl Fn() -> Option<&'static str> + Send + Sync + Copy + 'static {
        move || self.denial.with(|d| d.is_some().then_some(self.tip_id))
    }

    pub fn missing_action(self) -> impl Fn() -> Option<&'static str> + Send + Sync + Copy + 'static {
        move || self.denial.with(|d| d.as_ref().map(|d| d.action))
    }
}

/// The tooltip of a guarded control; put it right after the control, inside a
/// `<span class="perm-guard">` around both.
#[component]
pub fn DeniedTip(guard: Guard) -> impl IntoView {
    move || {
        guard.denial.get().map(|d| {
            view! {
                <span class="perm-tip" role="tooltip" id=guard.tip_id data-testid="perm-tip" data-action=d.action>
                    {crate::i18n::tm(&d.hint)}
                </span>
            }
        })
    }
}

/// A guarded control with its tooltip: `children` is the control (carrying the guard's
/// `aria-disabled` / `aria-describedby`). A click inside is cancelled while the action is
/// denied, which stops links and `<summary>` menus from opening; buttons also check
/// [`Guard::denied`] in their handler (their own click runs before this one).
#[component]
pub fn Guarded(guard: Guard, children: Children) -> impl IntoView {
    let stop = move |ev: leptos::ev::MouseEvent| {
        if guard.denied() {
            ev.prevent_default();
        }
    };
    view! {
        <span class="perm-guard" on:click=stop>
            {children()}
            <DeniedTip guard=guard />
        </span>
    }
}
