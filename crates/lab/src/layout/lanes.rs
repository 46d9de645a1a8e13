//! Where a timeline is drawn: the SVG's measures, the x of a time and the
//! y of a lane, and the in-flight strip's step lines. The app draws what
//! these say; the chart's and the sweep's geometry live beside it
//! (`chart`, `sweep`).

/// SVG width; the drawing scales to the page.
pub const WIDTH: f64 = 640.0;
/// Room on the left for the lane labels.
pub const LABEL: f64 = 210.0;
/// Room on the right of the plot.
pub const PAD: f64 = 12.0;
/// Height of one lane.
pub const LANE: f64 = 16.0;
/// The gap below a lane.
pub const LANE_GAP: f64 = 4.0;
/// Height of the in-flight strip.
pub const FLIGHT: f64 = 44.0;
/// Height of the time axis under the lanes.
pub const AXIS: f64 = 18.0;

/// Where one mode's timeline puts things: x for a time, y for a lane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    /// The run's end, ms: the right edge.
    pub end: f64,
    /// The plot's width.
    pub plot: f64,
}

impl Geometry {
    /// The geometry of a run that ended at `end` ms.
    #[must_use]
    pub fn new(end: f64) -> Self {
        Self {
            end,
            plot: WIDTH - LABEL - PAD,
        }
    }

    /// The x of time `ms` from the run's start (clamped to the plot).
    #[must_use]
    pub fn x(self, ms: f64) -> f64 {
        let f = if self.end > 0.0 { ms / self.end } else { 0.0 };
        LABEL + f.clamp(0.0, 1.0) * self.plot
    }

    /// The top of lane `lane`.
    #[must_use]
    pub fn y(lane: usize) -> f64 {
        lane as f64 * (LANE + LANE_GAP)
    }
}

/// The in-flight strip at `top`, scaled so that `most` reaches its top.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Strip {
    /// Its top.
    pub top: f64,
    /// The count drawn at its top (at least 1).
    pub most: usize,
}

impl Strip {
    /// The y of a count of `n`.
    #[must_use]
    pub fn y(self, n: usize) -> f64 {
        self.top + FLIGHT - FLIGHT * n as f64 / self.most.max(1) as f64
    }

    /// A step line's SVG points through `steps` (time, count from then
    /// on), from 0 to the run's end.
    #[must_use]
    pub fn line(self, g: Geometry, steps: &[(f64, usize)]) -> String {
        let mut points = String::new();
        let mut last = 0;
        for &(at, n) in steps {
            points += &format!(
                "{:.2},{:.2} {:.2},{:.2} ",
                g.x(at),
                self.y(last),
                g.x(at),
                self.y(n)
            );
            last = n;
        }
        points + &format!("{:.2},{:.2}", g.x(g.end), self.y(last))
    }
}
