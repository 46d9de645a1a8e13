//! A scaling sweep: one CPU workload on 1, 2, … workers, as speedups over
//! the sequential run, against the ideal line and Amdahl's law fitted to
//! the points.

use crate::mode::ModeKind;
use crate::results::{Comparison, format_speedup};
use crate::stats::{Amdahl, fit_amdahl};

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

/// SVG width and height of the sweep chart (it scales to the page).
pub const WIDTH: f64 = 640.0;
/// Height of the chart.
pub const HEIGHT: f64 = 300.0;
/// Room left of the plot for the speedup axis, and below it for workers.
pub const LEFT: f64 = 56.0;
/// Room below the plot.
pub const BOTTOM: f64 = 36.0;
const TOP: f64 = 12.0;
const RIGHT: f64 = 24.0;

/// The sweep chart's scales: workers across, speedup up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plot {
    /// The most workers swept.
    pub max_workers: usize,
    /// The top of the speedup axis: the ideal line's end, or the best
    /// point if it beat it.
    pub max_speedup: f64,
}

impl Plot {
    /// Scales that fit every point and the ideal line up to `max_workers`.
    #[must_use]
    pub fn new(max_workers: usize, series: &[Series]) -> Self {
        let best = series
            .iter()
            .flat_map(|s| s.points.iter().map(|&(_, v)| v))
            .fold(max_workers.max(1) as f64, f64::max);
        Self {
            max_workers: max_workers.max(1),
            max_speedup: best * 1.05,
        }
    }

    /// x of `workers` (1 at the left edge of the plot).
    #[must_use]
    pub fn x(self, workers: f64) -> f64 {
        let span = WIDTH - LEFT - RIGHT;
        if self.max_workers <= 1 {
            return LEFT + span / 2.0;
        }
        LEFT + (workers - 1.0) / (self.max_workers as f64 - 1.0) * span
    }

    /// y of a speedup (0 at the bottom of the plot).
    #[must_use]
    pub fn y(self, speedup: f64) -> f64 {
        let span = HEIGHT - TOP - BOTTOM;
        TOP + span - (speedup / self.max_speedup).clamp(0.0, 1.0) * span
    }

    /// The fitted law times `one` (see [`Series::one`]) as a polyline's
    /// points, sampled between whole worker counts.
    #[must_use]
    pub fn curve(self, fit: Amdahl, one: f64) -> String {
        let steps = 8 * self.max_workers.max(1);
        (0..=steps)
            .map(|i| {
                let n = 1.0 + (self.max_workers as f64 - 1.0) * i as f64 / steps as f64;
                let s = one / (fit.serial + (1.0 - fit.serial) / n);
                format!("{:.2},{:.2}", self.x(n), self.y(s))
            })
            .collect::<Vec<_>>()
            .join(" ")
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
