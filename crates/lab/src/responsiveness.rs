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
    /// The longest the page's thread went without running a heartbeat timer
    /// (set every [`HEARTBEAT_MS`]) inside the window, in ms: how long the
    /// thread itself was blocked.
    ///
    /// Freezes and frame gaps also catch stalls that are not the page
    /// thread's: on a loaded 2-core machine Chromium reported slow frames of
    /// 100–300 ms with no script running and no blocking time, while the
    /// workers computed. Nor do long-animation-frame entries name the script
    /// when the page's thread runs wasm from a future (seen: a 190 ms freeze
    /// by the main-thread mode with an empty `scripts` list). The heartbeat
    /// measures the thread itself: only the page's own blocking work, a
    /// garbage-collection pause, or the OS holding the thread delays it.
    pub longest_stall_ms: f64,
    /// The longest single step of the run's own code on the page's thread,
    /// in ms: one poll of its future, measured around the poll (see
    /// [`steps`]). This is asyncio debug mode's "slow callback" figure
    /// (`loop.slow_callback_duration`): a run that blocks the event loop has
    /// one step as long as its work; a run that hands its work to workers
    /// has only short steps. Unlike the heartbeat it cannot be lengthened by
    /// other work on the page or by the OS holding the thread while the run
    /// waits, so it says whose freeze it was.
    pub longest_step_ms: f64,
}

/// What counts as a long task: the browser's own threshold.
pub const LONG_TASK_MS: f64 = 50.0;

/// How often the meter's heartbeat timer asks to run on the page's thread.
pub const HEARTBEAT_MS: u32 = 10;

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
        let longest_frame_gap_ms = longest_gap(frames, t0, t1);
        Self {
            long_tasks: overlapping.len(),
            longest_task_ms: overlapping.iter().copied().fold(0.0, f64::max),
            longest_frame_gap_ms,
            longest_stall_ms: 0.0,
            longest_step_ms: 0.0,
        }
    }

    /// Adds the longest gap between heartbeat `ticks` (page clock) in
    /// `[t0, t1]`, the window's edges counting as ticks.
    #[must_use]
    pub fn with_heartbeat(self, ticks: &[f64], t0: f64, t1: f64) -> Self {
        Self {
            longest_stall_ms: longest_gap(ticks, t0, t1),
            ..self
        }
    }

    /// Adds the run's own [`Steps`] on the page's thread.
    #[must_use]
    pub fn with_steps(self, steps: Steps) -> Self {
        Self {
            longest_step_ms: steps.longest_ms,
            ..self
        }
    }

    /// Whether the run's own code held the page's thread for a long task at once.
    #[must_use]
    pub fn run_blocked(&self) -> bool {
        self.longest_step_ms > LONG_TASK_MS
    }

    /// Whether the page's thread itself was blocked for a long task.
    #[must_use]
    pub fn blocked(&self) -> bool {
        self.longest_stall_ms > LONG_TASK_MS
    }

    /// Whether the page froze noticeably: a long task, or no frame for longer than one.
    #[must_use]
    pub fn froze(&self) -> bool {
        self.long_tasks > 0 || self.longest_frame_gap_ms > LONG_TASK_MS
    }

    /// One line for the results table.
    #[must_use]
    pub fn summary(&self) -> String {
        format!(
            "{}; this run's longest step on it {}",
            self.page_summary(),
            fmt_step(self.longest_step_ms)
        )
    }

    /// What the page as a whole went through, whoever caused it.
    fn page_summary(&self) -> String {
        if self.froze() {
            format!(
                "froze: {} long task{}, no frame for {:.0} ms; page thread blocked up to {:.0} ms",
                self.long_tasks,
                if self.long_tasks == 1 { "" } else { "s" },
                self.longest_frame_gap_ms,
                self.longest_stall_ms
            )
        } else {
            format!(
                "smooth: 0 long tasks, longest frame gap {:.0} ms; page thread blocked up to {:.0} ms",
                self.longest_frame_gap_ms, self.longest_stall_ms
            )
        }
    }
}

/// A step's length as shown: to 0.1 ms when short (the timer ticks every
/// 5 µs when cross-origin isolated, 100 µs when not), whole ms when long.
fn fmt_step(ms: f64) -> String {
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// How a run's future used the page's thread: one step per poll.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Steps {
    /// How many times it was polled.
    pub count: usize,
    /// The longest poll, in ms.
    pub longest_ms: f64,
    /// All polls together, in ms.
    pub total_ms: f64,
}

/// Runs `fut`, timing each of its polls with `clock` (ms), and returns its
/// output with the [`Steps`] it took.
///
/// A future runs on the page's thread only while it is polled; between polls
/// the thread is free. So the longest poll is the longest the run itself kept
/// the page from drawing or answering a click: the whole run for work done on
/// the page's thread, a few µs for work handed to workers.
pub async fn steps<F: std::future::Future>(fut: F, clock: impl Fn() -> f64) -> (F::Output, Steps) {
    let mut fut = std::pin::pin!(fut);
    let mut seen = Steps::default();
    let out = std::future::poll_fn(|cx| {
        let t = clock();
        let r = fut.as_mut().poll(cx);
        let d = clock() - t;
        seen.count += 1;
        seen.longest_ms = seen.longest_ms.max(d);
        seen.total_ms += d;
        r
    })
    .await;
    (out, seen)
}

/// The longest gap between consecutive `times` inside `[t0, t1]`, the
/// window's edges counting as times.
fn longest_gap(times: &[f64], t0: f64, t1: f64) -> f64 {
    let mut prev = t0;
    let mut longest: f64 = 0.0;
    for &t in times.iter().filter(|&&t| t > t0 && t < t1) {
        longest = longest.max(t - prev);
        prev = t;
    }
    longest.max(t1 - prev)
}

/// `(start, duration)` entries as `(start, end)` intervals, overlapping ones merged.
fn merge(entries: &[(f64, f64)]) -> Vec<(f64, f64)> {
    crate::timeline::merged(entries.iter().map(|&(s, d)| (s, s + d)).collect())
}
