//! How responsive the page stayed while a mode ran, from what the browser
//! recorded: animation-frame times, and its entries for work that blocked the
//! page's thread over 50 ms. Chromium reports such work as `longtask` or as
//! `long-animation-frame` (LoAF): wasm work run from a frame callback shows
//! only as the latter, a long script task as both. Overlapping entries are
//! merged, so one freeze counts once.

/// The page's responsiveness during one time window.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Responsiveness {
    /// Freezes (merged long-task and long-animation-frame entries) that started in the window.
    pub long_tasks: usize,
    /// The longest of them, in ms (0 if none).
    pub longest_task_ms: f64,
    /// The longest gap between animation frames inside the window, in ms:
    /// ~16.7 ms on a smooth 60 Hz page; the whole run when the page froze.
    pub longest_frame_gap_ms: f64,
    /// The longest single script the page's thread ran that started in the
    /// window, in ms, as the browser attributes it (long-animation-frame
    /// `scripts`, which lists those of 5 ms or more; 0 if none).
    ///
    /// Freezes and frame gaps also catch stalls that are not the page's own
    /// doing (seen on a loaded 2-core machine: frames of 100–300 ms with no
    /// script at all, or no blocking time). This says whether the page's own
    /// code held its thread: over [`LONG_TASK_MS`] only when it ran blocking work.
    pub longest_script_ms: f64,
}

/// What counts as a long task: the browser's own threshold.
pub const LONG_TASK_MS: f64 = 50.0;

impl Responsiveness {
    /// Summarises the window `[t0, t1]` (page-clock ms) from frame times and
    /// `(start, duration)` long-task entries, all on the page's clock.
    #[must_use]
    pub fn of(frames: &[f64], long_tasks: &[(f64, f64)], t0: f64, t1: f64) -> Self {
        let overlapping: Vec<f64> = merge(long_tasks)
            .into_iter()
            // Started inside the window: a freeze already under way when the
            // mode began (the click's own rendering, say) is not the mode's doing.
            .filter(|&(s, _)| s >= t0 && s < t1)
            .map(|(s, e)| e - s)
            .collect();
        // Gaps between consecutive frames, counting the window's edges as frames
        // so that a freeze spanning the whole window still shows.
        let mut times: Vec<f64> = frames
            .iter()
            .copied()
            .filter(|&t| t > t0 && t < t1)
            .collect();
        times.insert(0, t0);
        times.push(t1);
        let longest_frame_gap_ms = times.windows(2).map(|w| w[1] - w[0]).fold(0.0, f64::max);
        Self {
            long_tasks: overlapping.len(),
            longest_task_ms: overlapping.iter().copied().fold(0.0, f64::max),
            longest_frame_gap_ms,
            longest_script_ms: 0.0,
        }
    }

    /// Adds the longest of `scripts` (`(start, duration)`, page clock) that
    /// started in `[t0, t1]`.
    #[must_use]
    pub fn with_scripts(self, scripts: &[(f64, f64)], t0: f64, t1: f64) -> Self {
        let longest_script_ms = scripts
            .iter()
            .filter(|&&(s, _)| s >= t0 && s < t1)
            .map(|&(_, d)| d)
            .fold(0.0, f64::max);
        Self {
            longest_script_ms,
            ..self
        }
    }

    /// Whether the page's own code blocked its thread for a long task.
    #[must_use]
    pub fn blocked_by_page(&self) -> bool {
        self.longest_script_ms >= LONG_TASK_MS
    }

    /// Whether the page froze noticeably: a long task, or no frame for longer than one.
    #[must_use]
    pub fn froze(&self) -> bool {
        self.long_tasks > 0 || self.longest_frame_gap_ms > LONG_TASK_MS
    }

    /// One line for the results table.
    #[must_use]
    pub fn summary(&self) -> String {
        if self.froze() {
            format!(
                "froze: {} long task{}, no frame for {:.0} ms; longest script {:.0} ms",
                self.long_tasks,
                if self.long_tasks == 1 { "" } else { "s" },
                self.longest_frame_gap_ms,
                self.longest_script_ms
            )
        } else {
            format!(
                "smooth: 0 long tasks, longest frame gap {:.0} ms; longest script {:.0} ms",
                self.longest_frame_gap_ms, self.longest_script_ms
            )
        }
    }
}

/// `(start, duration)` entries as `(start, end)` intervals, overlapping ones merged.
fn merge(entries: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut spans: Vec<(f64, f64)> = entries.iter().map(|&(s, d)| (s, s + d)).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}
