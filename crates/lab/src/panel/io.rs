//! The I/O panel's decisions.

use super::Startup;
use crate::mode::{IoMode, ModeKind};
use kernels::ParamError;
use kernels::io::{Endpoint, IoParams};

/// What the I/O panel's controls say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IoChoice {
    /// The ticked modes.
    pub ticked: Vec<ModeKind>,
    /// Blocking threads in the thread modes.
    pub threads: usize,
    /// Processes.
    pub processes: usize,
    /// Whether threads can share the page's memory here (isolated, with
    /// `SharedArrayBuffer`). Thread modes stay ticked (greyed out) where
    /// they cannot, so a link made here means the same on an isolated page.
    pub can_share_memory: bool,
}

/// The GIL's switch interval in the I/O panel: CPython's default.
pub const SWITCH_INTERVAL_MS: u32 = 5;

impl IoChoice {
    fn has(&self, k: ModeKind) -> bool {
        self.ticked.contains(&k)
    }

    /// The modes a click on Run runs, in the page's order.
    #[must_use]
    pub fn modes(&self) -> Vec<IoMode> {
        let mut m = Vec::new();
        if self.has(ModeKind::Sequential) {
            m.push(IoMode::Sequential);
        }
        if self.has(ModeKind::Threads) && self.can_share_memory {
            m.push(IoMode::Threads(self.threads));
        }
        if self.has(ModeKind::Gil) && self.can_share_memory {
            m.push(IoMode::Gil(self.threads, SWITCH_INTERVAL_MS));
        }
        if self.has(ModeKind::Processes) {
            m.push(IoMode::Processes(self.processes));
        }
        if self.has(ModeKind::Async) {
            m.push(IoMode::Async);
        }
        m
    }
}

/// The form's parameters checked against the endpoint: only our own
/// endpoints know the fault protocol; a URL of one's own answers as it will.
///
/// # Errors
/// Faults asked of any other URL, named at the `fail` field.
pub fn with_endpoint(p: IoParams, endpoint: Option<&Endpoint>) -> Result<IoParams, ParamError> {
    if p.injecting().is_some() && matches!(endpoint, Some(Endpoint::Any(_))) {
        return Err(ParamError {
            field: "fail",
            message: "only the in-page endpoint and the delay server inject faults; choose one, or none here".into(),
        });
    }
    Ok(p)
}

/// Whether Run can be clicked for `endpoint`: the in-page one unless its
/// service worker failed to start (while it starts, a click waits for it);
/// the others are tried when used.
#[must_use]
pub fn endpoint_ready(endpoint: Option<&Endpoint>, in_page: Startup) -> bool {
    match endpoint {
        Some(Endpoint::InPage) => in_page != Startup::Failed,
        Some(_) => true,
        None => false,
    }
}
