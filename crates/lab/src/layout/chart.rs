//! Geometry of the bar chart: one horizontal bar per mode, in SVG units.

use crate::results::{Comparison, format_speedup};

/// Width of the whole chart, in SVG units (it scales to the page).
pub const WIDTH: f64 = 640.0;
/// Room on the left for the mode names.
pub const LABEL_WIDTH: f64 = 150.0;
/// Room on the right of the longest bar for its figures.
pub const VALUE_WIDTH: f64 = 170.0;
/// Height of one bar.
pub const BAR_HEIGHT: f64 = 26.0;
/// Space between bars.
pub const GAP: f64 = 10.0;

/// One bar, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Mode name, left of the bar.
    pub label: String,
    /// Top edge.
    pub y: f64,
    /// Length, proportional to the median time (at least 1 unit, so it is visible).
    pub width: f64,
    /// The whisker: where the fastest and the slowest sample end (x, in the
    /// same units as `width`, from the bars' left edge).
    pub whisker: (f64, f64),
    /// One dot per counted sample, at its time (x, as `whisker`).
    pub samples: Vec<f64>,
    /// Median time and speedup, right of the bar: `1.23 s · ×1.90`.
    pub value: String,
    /// Whether this mode's checksum matches the reference, every time.
    pub agrees: bool,
}

/// The whole chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Total height.
    pub height: f64,
    /// Bars, top to bottom, in run order.
    pub bars: Vec<Bar>,
    /// Where the baseline's median ends (x from the bars' left edge): the
    /// reference line every other bar is read against.
    pub reference: Option<f64>,
}

/// Lays out one bar per shown result (its median), scaled so the slowest
/// sample of any mode fits.
#[must_use]
pub fn layout(c: &Comparison) -> Layout {
    let max = c
        .shown()
        .flat_map(|r| r.samples.iter().copied().chain([r.ms]))
        .fold(0.0_f64, f64::max);
    let span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let x = |ms: f64| if max > 0.0 { ms / max * span } else { 0.0 };
    let bars = c
        .shown()
        .enumerate()
        .map(|(i, r)| {
            let speed = c
                .speedup(r)
                .map(|s| format!(" · {}", format_speedup(s)))
                .unwrap_or_default();
            let mark = if c.agrees(r) {
                ""
            } else {
                " · ✗ checksum differs"
            };
            let (lo, hi) = r.summary().map_or((r.ms, r.ms), |s| (s.min, s.max));
            Bar {
                label: r.label.clone(),
                y: GAP + i as f64 * (BAR_HEIGHT + GAP),
                width: x(r.ms).max(1.0),
                whisker: (x(lo), x(hi)),
                samples: r.samples.iter().map(|&t| x(t)).collect(),
                value: format!("{}{speed}{mark}", c.time_label(r)),
                agrees: c.agrees(r),
            }
        })
        .collect::<Vec<_>>();
    Layout {
        height: GAP + bars.len() as f64 * (BAR_HEIGHT + GAP),
        reference: c.baseline().map(|b| x(b.ms)),
        bars,
    }
}
