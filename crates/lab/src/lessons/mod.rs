//! What a run's numbers say, in a sentence or two per mode, and the
//! articles' own CPython figures for the same experiment beside them.
//!
//! Nothing here is canned: every sentence is built from the figures
//! measured in this run (medians, the timelines' spans, pool starts), and
//! where the result goes against the usual lesson, the sentence says so.
//!
//! One file per kind of experiment ([`cpu`], [`io`], [`hybrid`]); the
//! articles' figures and the sentence comparing with them are in [`seeds`].

mod cpu;
mod hybrid;
mod io;
mod seeds;

pub use cpu::imbalance_bound;
pub use seeds::{Seed, seed};

use crate::mode::{Experiment, ModeKind};
use crate::results::{Comparison, ModeResult, format_ms};
use crate::timeline::{Activity, Timeline};
use cpu::cpu_lesson;
use hybrid::hybrid_lesson;
use io::io_lesson;
use seeds::compare_with_seed;

/// One lesson: the mode it is about, and what its numbers say.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    /// The result's kind of mode.
    pub mode: ModeKind,
    /// The result's label, e.g. `threads ×4`.
    pub label: String,
    /// The sentences.
    pub text: String,
}

/// Durations of a timeline's spans of `activity`, ms.
fn durations(t: &Timeline, activity: Activity) -> Vec<f64> {
    t.spans
        .iter()
        .filter(|s| s.activity == activity && s.item.is_some())
        .map(|s| s.end - s.start)
        .collect()
}

/// The lessons of a comparison, one per shown mode that has something to say.
#[must_use]
pub fn lessons(c: &Comparison) -> Vec<Lesson> {
    let res = c.resolution_ms;
    let ms = |x: f64| format_ms(x, res);
    let bound = imbalance_bound(c);
    let io = c.shown().any(|r| {
        r.timeline
            .as_ref()
            .is_some_and(|t| t.main_activity(0) == Some(Activity::Wait))
    });
    c.shown()
        .filter_map(|r| {
            let mut text = if c.experiment == Some(Experiment::Hybrid) {
                hybrid_lesson(r, &ms)
            } else if io {
                io_lesson(c, r, &ms)
            } else {
                cpu_lesson(c, r, bound, &ms)
            }?;
            // The article's asyncio sent everything at once: a limited run is another experiment.
            let limited = r.label.contains('≤');
            if let Some(theirs) = c
                .experiment
                .and_then(|e| seed(e, r.mode))
                .filter(|_| !limited)
            {
                text += &compare_with_seed(theirs, speed(c, r));
            }
            Some(Lesson {
                mode: r.mode,
                label: r.label.clone(),
                text,
            })
        })
        .collect()
}

fn speed(c: &Comparison, r: &ModeResult) -> Option<f64> {
    c.speedup(r).filter(|s| s.is_finite())
}
