//! The results of one click on Run: one entry per mode, compared.

use kernels::Checksum;

/// What one mode measured.
#[derive(Clone, Debug, PartialEq)]
pub struct ModeResult {
    /// Short mode name: `sequential`, `threads`, `async`.
    pub mode: &'static str,
    /// What the chart shows, e.g. `threads ×2`.
    pub label: String,
    /// Wall time of the run, in milliseconds.
    pub ms: f64,
    /// Checksum over the task outputs, in task order.
    pub checksum: Checksum,
    /// How it ran, e.g. `ran on 2 pool threads` or the endpoint used.
    pub detail: String,
    /// How responsive the page stayed meanwhile, where it was measured.
    pub page: Option<crate::responsiveness::Responsiveness>,
    /// For modes that need a pool of workers started first: how long that
    /// took, kept apart from `ms`.
    pub start: Option<PoolStart>,
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

/// Every mode's result of one run, the reference they are compared with,
/// and the timer resolution they were measured with.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comparison {
    /// Results in the order the modes ran; the first is the speedup baseline.
    pub results: Vec<ModeResult>,
    /// A checksum known in advance (I/O: computed from the request ids), if any.
    pub expected: Option<Checksum>,
    /// The timer's step in milliseconds; no figure is shown finer than it.
    pub resolution_ms: f64,
}

impl Comparison {
    /// The checksum every result must equal: the expected one, else the first result's.
    #[must_use]
    pub fn reference(&self) -> Option<Checksum> {
        self.expected
            .or_else(|| self.results.first().map(|r| r.checksum))
    }

    /// Whether `r` computed the same answer as the reference.
    #[must_use]
    pub fn agrees(&self, r: &ModeResult) -> bool {
        self.reference() == Some(r.checksum)
    }

    /// Whether every mode computed the same answer (and the expected one).
    #[must_use]
    pub fn all_agree(&self) -> bool {
        self.results.iter().all(|r| self.agrees(r))
    }

    /// Speedup of `r` over the first (sequential) result: baseline time / `r`'s time.
    #[must_use]
    pub fn speedup(&self, r: &ModeResult) -> Option<f64> {
        let base = self.results.first()?;
        (r.ms > 0.0 && base.ms > 0.0).then(|| base.ms / r.ms)
    }

    /// `r`'s time, formatted no finer than the timer resolution.
    #[must_use]
    pub fn time_label(&self, r: &ModeResult) -> String {
        format_ms(r.ms, self.resolution_ms)
    }
}

/// Formats milliseconds with at most three significant digits and never
/// more decimals than the timer resolution supports.
#[must_use]
pub fn format_ms(ms: f64, resolution_ms: f64) -> String {
    if !ms.is_finite() || ms < 0.0 {
        return "—".to_owned();
    }
    if ms >= 1000.0 {
        return format!("{:.2} s", ms / 1000.0);
    }
    let wanted: usize = if ms >= 100.0 {
        0
    } else if ms >= 10.0 {
        1
    } else {
        2
    };
    // Decimals the timer can back up: 0.1 ms → 1, 0.005 ms → 2 (3 would claim 1 µs).
    let allowed = if resolution_ms > 0.0 {
        (-resolution_ms.log10()).floor().max(0.0) as usize
    } else {
        3
    };
    let d = wanted.min(allowed);
    if ms < resolution_ms {
        return format!("< {}", format_ms(resolution_ms, resolution_ms));
    }
    format!("{ms:.d$} ms")
}

/// Formats a speedup as `×1.93`.
#[must_use]
pub fn format_speedup(x: f64) -> String {
    if x >= 10.0 {
        format!("×{x:.1}")
    } else {
        format!("×{x:.2}")
    }
}

/// Where a run is: which mode, how many of its tasks are done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The mode running, or what is being prepared.
    pub what: String,
    /// Tasks finished so far.
    pub done: usize,
    /// Tasks in all (0 while preparing).
    pub total: usize,
    /// What a task is called: `tasks`, `requests`.
    pub unit: &'static str,
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.total == 0 {
            write!(f, "{}…", self.what)
        } else {
            write!(
                f,
                "{}: {} / {} {}",
                self.what, self.done, self.total, self.unit
            )
        }
    }
}
