//! Job cancel as a long-running operation, followed by the same [`crate::lro::LroPoller`] the
//! compute operations use: POST `…/jobs/{id}/cancel` answers 200 (done) or 202 + `Location`
//! (poll it until it stops answering 202). Without a `Location` the job itself is polled until
//! its status is terminal ([`LroKind::Cancel`]).

use super::model::is_terminal;
use crate::arm::{ArmClient, WorkspaceRef};
use crate::lro::LroKind;
use crate::request::HttpRequest;

/// Everything the console's operation store needs to start the cancel.
#[derive(Clone, Debug, PartialEq)]
pub struct CancelOperation {
    pub kind: LroKind,
    /// The POST to send first.
    pub request: HttpRequest,
    /// The job's URL: what is polled when the answer carries no status URL.
    pub resource_url: String,
}

pub fn cancel_operation(arm: &ArmClient, ws: &WorkspaceRef, id: &str) -> CancelOperation {
    CancelOperation { kind: LroKind::Cancel, request: arm.cancel_job(ws, id), resource_url: arm.get_job(ws, id).url }
}

/// Whether the Cancel button applies to a job in `status`: not before the status is known,
/// not once it ended, and not twice.
pub fn can_cancel(status: &str) -> bool {
    !status.is_empty() && !is_terminal(status) && status != "CancelRequested"
}
