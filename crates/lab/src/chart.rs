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
    /// Length, proportional to the time (at least 1 unit, so it is visible).
    pub width: f64,
    /// Time and speedup, right of the bar: `1.23 s · ×1.90`.
    pub value: String,
    /// Whether this mode's checksum matches the reference.
    pub agrees: bool,
}

/// The whole chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Total height.
    pub height: f64,
    /// Bars, top to bottom, in run order.
    pub bars: Vec<Bar>,
}

/// Lays out one bar per result, scaled to the slowest.
#[must_use]
pub fn layout(c: &Comparison) -> Layout {
    let max = c.results.iter().map(|r| r.ms).fold(0.0_f64, f64::max);
    let span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let bars = c
        .results
        .iter()
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
            Bar {
                label: r.label.clone(),
                y: GAP + i as f64 * (BAR_HEIGHT + GAP),
                width: if max > 0.0 {
                    (r.ms / max * span).max(1.0)
                } else {
                    1.0
                },
                value: format!("{}{speed}{mark}", c.time_label(r)),
                agrees: c.agrees(r),
            }
        })
        .collect::<Vec<_>>();
    Layout {
        height: GAP + bars.len() as f64 * (BAR_HEIGHT + GAP),
        bars,
    }
}
