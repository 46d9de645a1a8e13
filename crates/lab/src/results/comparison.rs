//! Every mode's result of one run, compared: the reference checksum, the
//! baseline, speedups and the verdict.

use super::stats::{self, Speedup};
use super::{ModeResult, format_ms, format_speedup};
use crate::mode::{Experiment, ModeKind};
use kernels::Checksum;

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

    /// Every mode's median, and beside the first its speedup over it, in
    /// one line: "sequential 140 ms · threads ×2 85 ms (×1.65) · …". Said
    /// with the verdict, so a screen reader hears the figures, not only
    /// whether the answers agree.
    #[must_use]
    pub fn figures(&self) -> String {
        let base = self.baseline().map(|b| (b.mode, b.label.clone()));
        self.shown()
            .map(|r| {
                let speed = match (&base, self.speedup(r)) {
                    (Some((m, l)), Some(s)) if *m != r.mode || *l != r.label => {
                        format!(" ({})", format_speedup(s))
                    }
                    _ => String::new(),
                };
                format!("{} {}{speed}", r.label, self.time_label(r))
            })
            .chain(self.failed.iter().map(|f| format!("{} failed", f.label)))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}
