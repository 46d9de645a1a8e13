//! The results of one click on Run: one entry per mode, compared.

use crate::mode::{Experiment, ModeKind};
use crate::responsiveness::Responsiveness;
use crate::stats::{self, Speedup, Summary};
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

/// Every mode's result of one run, the reference they are compared with,
/// and the timer resolution they were measured with.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comparison {
    /// One entry per mode, in the order the modes first ran; the first is
    /// the speedup baseline. Entries with no counted sample yet (during
    /// warm-up) are not shown: see [`Comparison::shown`].
    pub results: Vec<ModeResult>,
    /// A checksum known in advance (I/O: computed from the request ids), if any.
    pub expected: Option<Checksum>,
    /// The timer's step in milliseconds; no figure is shown finer than it.
    pub resolution_ms: f64,
    /// Which seed experiment this is (`io`, `regex`, `fib`…), to put the
    /// articles' own figures beside the results (see `lessons::seed`).
    pub experiment: Option<Experiment>,
    /// Whether each run's time includes its pool's start (see
    /// [`Comparison::counting_start`]).
    pub start_counted: bool,
    /// Modes that were ticked and failed (a pool that did not start, a
    /// worker that died), in the order they failed: each is shown as a
    /// failed row with its reason, and the verdict is never ✓ beside one.
    pub failed: Vec<FailedMode>,
}

/// A ticked mode that did not run to its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedMode {
    /// Its kind, as [`ModeResult::mode`].
    pub mode: ModeKind,
    /// Its label (`threads ×4`).
    pub label: String,
    /// Why, as the page tells it.
    pub reason: String,
}

/// What a comparison's verdict line says, and whether it is a pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// ✓: every ticked mode ran and every answer is the one expected.
    pub ok: bool,
    /// The sentence.
    pub text: String,
}

impl Comparison {
    /// Adds one repetition of a mode (matched by mode and label). A counted
    /// one adds its time to the mode's samples, whose median becomes the
    /// mode's time; a warm-up only counts as one. Either way its checksum must
    /// equal the mode's earlier ones, and the page's responsiveness shown is
    /// the worst repetition's (by the run's longest step on the page's thread).
    pub fn add(&mut self, mut r: ModeResult, counted: bool) {
        let Some(e) = self
            .results
            .iter_mut()
            .find(|e| e.mode == r.mode && e.label == r.label)
        else {
            if counted {
                r.samples = vec![r.ms];
            } else {
                r.samples.clear();
                r.warmups = 1;
            }
            self.results.push(r);
            return;
        };
        e.consistent &= r.checksum == e.checksum && r.consistent;
        if counted {
            e.samples.push(r.ms);
            e.ms = stats::median(&e.samples).unwrap_or(r.ms);
            e.timeline = r.timeline.or(e.timeline.take());
        } else {
            e.warmups += 1;
        }
        e.page = match (e.page, r.page) {
            (Some(a), Some(b)) if a.longest_step_ms > b.longest_step_ms => Some(a),
            (a, b) => b.or(a),
        };
        // A cold start belongs to whichever repetition paid for it.
        if e.start.is_none_or(|s| !s.cold) {
            e.start = r.start.or(e.start);
        }
        e.detail = r.detail;
        e.tally = r.tally.or(e.tally.take());
        e.workers = r.workers.or(e.workers);
    }

    /// The same results as a script that starts its pool for every run
    /// would see them: each run of a mode with a pool pays that pool's start
    /// (the cold one, when a run paid it), so medians, ranges and speedups
    /// all include it. The samples as measured stay in `self`.
    #[must_use]
    pub fn counting_start(&self) -> Self {
        let mut c = self.clone();
        c.start_counted = true;
        for r in &mut c.results {
            if let Some(s) = r.start {
                for x in &mut r.samples {
                    *x += s.ms;
                }
                r.ms = stats::median(&r.samples).unwrap_or(r.ms + s.ms);
            }
        }
        c
    }

    /// Records that a ticked mode failed (once per mode label: a later
    /// repetition does not run it again).
    pub fn fail(&mut self, mode: ModeKind, label: String, reason: String) {
        if !self.has_failed(&label) {
            self.failed.push(FailedMode {
                mode,
                label,
                reason,
            });
        }
    }

    /// Whether the mode labelled `label` failed in this run.
    #[must_use]
    pub fn has_failed(&self, label: &str) -> bool {
        self.failed.iter().any(|f| f.label == label)
    }

    /// The verdict line. Never ✓ while a ticked mode failed, however well
    /// the others did: a run that lost a mode does not pass.
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        let lost = |r: &ModeResult| r.tally.as_ref().is_some_and(|t| t.failed + t.timed_out > 0);
        let shown = self.shown().count();
        if !self.failed.is_empty() {
            let names: Vec<&str> = self.failed.iter().map(|f| f.label.as_str()).collect();
            let rest = match (shown, self.all_agree()) {
                (0, _) => "no mode ran to its end".to_owned(),
                (n, true) => format!(
                    "the {n} that ran agree on their checksum{}",
                    if self.expected.is_some() {
                        ", the expected one"
                    } else {
                        ""
                    }
                ),
                (_, false) => "and the modes that ran disagree on their checksum".to_owned(),
            };
            return Verdict {
                ok: false,
                text: format!(
                    "✗ {} did not run (see {} row{}): {rest}.",
                    names.join(", "),
                    if names.len() == 1 { "its" } else { "their" },
                    if names.len() == 1 { "" } else { "s" },
                ),
            };
        }
        let text = match (self.all_agree(), self.expected) {
            (true, Some(e)) => format!("✓ Every mode returned the expected checksum {e}, every time."),
            (true, None) => format!("✓ All {shown} modes computed the same checksum, every time."),
            (false, Some(_)) if self.shown().any(|r| !self.agrees(r) && lost(r)) => {
                "✗ Requests were lost that no injected fault explains (see each mode's count): a timeout, a refused connection, or a wrong answer.".to_owned()
            }
            (false, None) if self.shown().any(lost) => {
                "✗ Modes lost different requests (see each mode's count): with no certain prediction (slow answers near the timeout), which ones make it is a race.".to_owned()
            }
            (false, _) => "✗ Checksums disagree: at least one mode computed a different answer.".to_owned(),
        };
        Verdict {
            ok: self.all_agree(),
            text,
        }
    }

    /// The results to show: those with at least one counted sample.
    pub fn shown(&self) -> impl Iterator<Item = &ModeResult> {
        self.results.iter().filter(|r| !r.samples.is_empty())
    }

    /// The checksum every result must equal: the expected one, else the first result's.
    #[must_use]
    pub fn reference(&self) -> Option<Checksum> {
        self.expected
            .or_else(|| self.results.first().map(|r| r.checksum))
    }

    /// Whether `r` computed the same answer as the reference, every time.
    #[must_use]
    pub fn agrees(&self, r: &ModeResult) -> bool {
        self.reference() == Some(r.checksum) && r.consistent
    }

    /// Whether every mode computed the same answer (and the expected one).
    #[must_use]
    pub fn all_agree(&self) -> bool {
        self.results.iter().all(|r| self.agrees(r))
    }

    /// The baseline: the first mode shown.
    #[must_use]
    pub fn baseline(&self) -> Option<&ModeResult> {
        self.shown().next()
    }

    /// Speedup of `r` over the baseline as a ratio of medians, with the
    /// range its samples allow.
    #[must_use]
    pub fn speedup_range(&self, r: &ModeResult) -> Option<Speedup> {
        stats::speedup(&self.baseline()?.summary()?, &r.summary()?)
    }

    /// Speedup of `r` over the baseline: the ratio of their medians.
    #[must_use]
    pub fn speedup(&self, r: &ModeResult) -> Option<f64> {
        self.speedup_range(r).map(|s| s.ratio)
    }

    /// `r`'s speedup shared out over its workers, for parallel modes.
    #[must_use]
    pub fn efficiency(&self, r: &ModeResult) -> Option<f64> {
        stats::efficiency(self.speedup(r)?, r.workers?)
    }

    /// `r`'s time (its median), formatted no finer than the timer resolution.
    #[must_use]
    pub fn time_label(&self, r: &ModeResult) -> String {
        format_ms(r.ms, self.resolution_ms)
    }

    /// `r`'s samples as `min – max`, or empty for a single sample.
    #[must_use]
    pub fn range_label(&self, r: &ModeResult) -> String {
        match r.summary() {
            Some(s) if s.n > 1 => format!(
                "{} – {}",
                format_ms(s.min, self.resolution_ms),
                format_ms(s.max, self.resolution_ms)
            ),
            _ => String::new(),
        }
    }

    /// `r`'s spread as `± MAD (percent of the median)`, or empty for fewer
    /// than three samples (two samples have no middle to deviate from).
    #[must_use]
    pub fn spread_label(&self, r: &ModeResult) -> String {
        match r.summary() {
            Some(s) if s.n > 2 => format!(
                "± {} ({:.0} %)",
                format_ms(s.mad, self.resolution_ms),
                s.spread_pct()
            ),
            _ => String::new(),
        }
    }

    /// `r`'s speedup with its range, e.g. `×1.93 (1.80–2.05)`; the
    /// baseline is `×1.00 (baseline)`, since a range against itself means nothing.
    #[must_use]
    pub fn speedup_label(&self, r: &ModeResult) -> String {
        if self
            .baseline()
            .is_some_and(|b| b.mode == r.mode && b.label == r.label)
        {
            return format!("{} (baseline)", format_speedup(1.0));
        }
        match self.speedup_range(r) {
            Some(s)
                if r.samples.len() > 1 || self.baseline().is_some_and(|b| b.samples.len() > 1) =>
            {
                format!("{} ({:.2}–{:.2})", format_speedup(s.ratio), s.low, s.high)
            }
            Some(s) => format_speedup(s.ratio),
            None => String::new(),
        }
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

impl Step {
    /// Something being prepared before any task runs (no count yet):
    /// `starting 2 processes…`.
    #[must_use]
    pub fn preparing(what: impl Into<String>, unit: &'static str) -> Self {
        Self {
            what: what.into(),
            done: 0,
            total: 0,
            unit,
        }
    }
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
