//! What one mode measured, and the start of the pool it ran on.

use super::format_ms;
use super::stats::Summary;
use crate::mode::ModeKind;
use crate::responsiveness::Responsiveness;
use crate::timeline::Timeline;
use kernels::Checksum;

/// What one mode measured.
#[derive(Clone, Debug, PartialEq)]
pub struct ModeResult {
    /// What kind of mode it was.
    pub mode: ModeKind,
    /// What the chart shows, e.g. `threads ×2`.
    pub label: String,
    /// Wall time of the run, in milliseconds; once in a [`Comparison`], the
    /// median of [`ModeResult::samples`].
    pub ms: f64,
    /// Checksum over the task outputs, in task order.
    pub checksum: Checksum,
    /// How it ran, e.g. `ran on 2 pool threads` or the endpoint used.
    pub detail: String,
    /// How responsive the page stayed meanwhile, where it was measured.
    pub page: Option<Responsiveness>,
    /// For modes that need a pool of workers started first: how long that
    /// took, kept apart from `ms`.
    pub start: Option<PoolStart>,
    /// The counted repetitions' times (ms), in the order they ran; filled by
    /// [`Comparison::add`].
    pub samples: Vec<f64>,
    /// Warm-up repetitions run first and not counted.
    pub warmups: u32,
    /// Whether every repetition, warm-ups included, returned the same checksum.
    pub consistent: bool,
    /// How many workers a parallel mode shared the work among (for its
    /// efficiency); `None` for modes that are not about workers.
    pub workers: Option<usize>,
    /// What each worker did during the last counted repetition, where the
    /// mode records it.
    pub timeline: Option<Timeline>,
    /// How an I/O mode's requests ended, in its last repetition.
    pub tally: Option<kernels::io::Tally>,
}

impl ModeResult {
    /// One repetition's result, before [`Comparison::add`] gathers it.
    #[must_use]
    pub fn new(mode: ModeKind, label: String, ms: f64, checksum: Checksum, detail: String) -> Self {
        Self {
            mode,
            label,
            ms,
            checksum,
            detail,
            page: None,
            start: None,
            samples: Vec::new(),
            warmups: 0,
            consistent: true,
            workers: None,
            timeline: None,
            tally: None,
        }
    }

    /// What the counted samples say; `None` before any was counted.
    #[must_use]
    pub fn summary(&self) -> Option<Summary> {
        Summary::of(&self.samples)
    }
}

/// The start of a pool of workers, measured apart from the run it served.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PoolStart {
    /// Milliseconds from the first spawn until every worker was ready.
    pub ms: f64,
    /// Started for this run (cold), or reused from an earlier one (warm).
    pub cold: bool,
}

impl PoolStart {
    /// What the results table shows, no finer than the timer's step.
    #[must_use]
    pub fn label(&self, resolution_ms: f64) -> String {
        let t = format_ms(self.ms, resolution_ms);
        if self.cold {
            format!("started for this run in {t}")
        } else {
            format!("reused (had started in {t})")
        }
    }
}
