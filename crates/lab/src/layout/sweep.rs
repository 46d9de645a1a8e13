//! The scaling sweep's chart: workers across, speedup up, in SVG units.

use crate::results::stats::Amdahl;
use crate::results::sweep::Series;

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
