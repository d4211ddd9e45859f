//! The states the service reports (compute provisioning/allocation/power states, job
//! statuses), in the page's language. The service's value stays the identifier (filters, tones
//! and tests read it); only the text shown changes. A state the console does not know is shown
//! as the service wrote it.

use super::lookup::t;

fn one(state: &str) -> &str {
    match state {
        "Succeeded" => t("state.succeeded", "Succeeded"),
        "Failed" => t("state.failed", "Failed"),
        "Creating" => t("state.creating", "Creating"),
        "Updating" => t("state.updating", "Updating"),
        "Deleting" => t("state.deleting", "Deleting"),
        "Canceled" => t("state.canceled", "Canceled"),
        "Unknown" => t("state.unknown", "Unknown"),
        "Steady" => t("state.steady", "Steady"),
        "Resizing" => t("state.resizing", "Resizing"),
        "Running" => t("state.running", "Running"),
        "Stopped" => t("state.stopped", "Stopped"),
        "Starting" => t("state.starting", "Starting"),
        "Stopping" => t("state.stopping", "Stopping"),
        "Restarting" => t("state.restarting", "Restarting"),
        "CreateFailed" => t("state.create_failed", "CreateFailed"),
        "JobRunning" => t("state.job_running", "JobRunning"),
        "SettingUp" => t("state.setting_up", "SettingUp"),
        "SetupFailed" => t("state.setup_failed", "SetupFailed"),
        "Unusable" => t("state.unusable", "Unusable"),
        "UserSettingUp" => t("state.user_setting_up", "UserSettingUp"),
        "UserSetupFailed" => t("state.user_setup_failed", "UserSetupFailed"),
        "Idle" => t("state.idle", "Idle"),
        "Leaving" => t("state.leaving", "Leaving"),
        "NotStarted" => t("state.not_started", "NotStarted"),
        "Provisioning" => t("state.provisioning", "Provisioning"),
        "Preparing" => t("state.preparing", "Preparing"),
        "Queued" => t("state.queued", "Queued"),
        "Finalizing" => t("state.finalizing", "Finalizing"),
        "CancelRequested" => t("state.cancel_requested", "CancelRequested"),
        "Completed" => t("state.completed", "Completed"),
        "NotResponding" => t("state.not_responding", "NotResponding"),
        "Paused" => t("state.paused", "Paused"),
        "Created" => t("state.created", "Created"),
        "Scheduled" => t("state.scheduled", "Scheduled"),
        other => other,
    }
}

/// `Succeeded · Steady` → `Başarılı · Sabit` in Turkish; each part on its own.
pub fn state_text(state: &str) -> String {
    state.split(" · ").map(one).collect::<Vec<_>>().join(" · ")
}
