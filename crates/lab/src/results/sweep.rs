//! A scaling sweep: one CPU workload on 1, 2, … workers, as speedups over
//! the sequential run, against the ideal line and Amdahl's law fitted to
//! the points.
//!
//! The chart's scales are in `layout::sweep`.

use crate::mode::ModeKind;
use crate::results::stats::{Amdahl, fit_amdahl};
use crate::results::{Comparison, format_speedup};

/// One mode's points across worker counts, and the law fitted to them.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Threads or processes.
    pub mode: ModeKind,
    /// (workers, speedup over sequential as a ratio of medians), by worker count.
    pub points: Vec<(usize, f64)>,
    /// Amdahl's law fitted to the mode's own scaling: its speedups over its
    /// own one-worker run, at 2 or more workers.
    pub fit: Option<Amdahl>,
    /// The one-worker point's speedup over sequential (1 when there is
    /// none): what the mode's overhead costs before any parallelism. The
    /// fitted curve, drawn against sequential, is the law times this.
    pub one: f64,
    /// Whether there was a one-worker point (else the fit is against sequential).
    pub has_one: bool,
}

impl Series {
    /// The series of `mode` in a sweep's comparison (whose first mode is
    /// the sequential baseline): one point per worker count measured.
    #[must_use]
    pub fn of(c: &Comparison, mode: ModeKind) -> Self {
        let mut points: Vec<(usize, f64)> = c
            .shown()
            .filter(|r| r.mode == mode)
            .filter_map(|r| Some((r.workers?, c.speedup(r)?)))
            .collect();
        points.sort_by_key(|&(n, _)| n);
        // Amdahl's law is about a program against itself on one worker:
        // fitting speedups over sequential would charge a process pool's
        // message costs (or a cold baseline) to the serial fraction.
        let one_point = points.iter().find(|p| p.0 == 1).map(|&(_, v)| v);
        let one = one_point.unwrap_or(1.0);
        let own: Vec<(usize, f64)> = points.iter().map(|&(n, v)| (n, v / one)).collect();
        Self {
            mode,
            fit: fit_amdahl(&own),
            points,
            one,
            has_one: one_point.is_some(),
        }
    }

    /// What the fit says, in words, from the numbers measured.
    #[must_use]
    pub fn describe(&self) -> String {
        let Some(fit) = self.fit else {
            return format!(
                "{}: Amdahl's law needs a point with 2 or more workers",
                self.mode
            );
        };
        let pts = fit.points;
        let on = format!("fitted to {pts} point{}", if pts == 1 { "" } else { "s" });
        if fit.serial < 0.0 {
            format!(
                "{}: faster than linear (serial fraction {:.1} %), {on}: more workers also brought more cache, or the 1-worker run was slow (cold code, a stall)",
                self.mode,
                fit.serial * 100.0
            )
        } else if fit.serial >= 1.0 {
            format!(
                "{}: no part of the work got faster with more workers (serial fraction {:.0} %), {on}",
                self.mode,
                fit.serial * 100.0
            )
        } else {
            let ceiling = fit
                .ceiling()
                .map(|c| {
                    format!(
                        ", so no number of workers beats {} over that run",
                        format_speedup(c)
                    )
                })
                .unwrap_or_default();
            format!(
                "{}: serial fraction {:.1} % against {}{ceiling} ({on})",
                self.mode,
                fit.serial * 100.0,
                if self.has_one {
                    "its own 1-worker run"
                } else {
                    "sequential"
                }
            )
        }
    }
}

/// The sweep's verdict: whether every point computed the same checksum,
/// in every run, and the line that says so.
#[must_use]
pub fn verdict(c: &Comparison) -> (bool, String) {
    if c.all_agree() {
        let n = c.shown().count();
        (
            true,
            format!("✓ All {n} points of the sweep computed the same checksum, in every run."),
        )
    } else {
        (
            false,
            "✗ Checksums disagree: some point of the sweep computed a different answer.".to_owned(),
        )
    }
}
