//! The seed articles' own CPython figures, and the sentence that sets a
//! run's speedup beside theirs.

use crate::mode::{Experiment, ModeKind};
use crate::results::format_speedup;

/// A figure one of the seed articles printed, measured in CPython on the
/// author's machine.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Seed {
    /// Wall time, seconds.
    pub seconds: f64,
    /// Speedup over the article's own sequential run, if this is not it.
    pub speedup: Option<f64>,
    /// What the article ran.
    pub setup: &'static str,
    /// The article.
    pub source: &'static str,
}

impl Seed {
    /// `13.59 s · ×2.79`, as the table shows it.
    #[must_use]
    pub fn label(self) -> String {
        let speed = self
            .speedup
            .map(|s| format!(" · {}", format_speedup(s)))
            .unwrap_or_default();
        format!("{:.2} s{speed}", self.seconds)
    }
}

const SCALE: &str = "“How To Scale Your Python Services” (CPython)";

/// The seeds' figure for `mode` of `experiment` (I/O, regex), if an
/// article printed one.
#[must_use]
pub fn seed(experiment: Experiment, mode: ModeKind) -> Option<Seed> {
    // The article's printed figures: 200 URL fetches, and the regex over
    // 1000 random strings of 1000 characters.
    const IO_SEQ: f64 = 37.9845;
    const RE_SEQ: f64 = 12.8772;
    let io = "200 URL fetches";
    let re = "1000 random strings of 1000 characters";
    let (seconds, base, setup) = match (experiment, mode) {
        (Experiment::Io, ModeKind::Sequential) => (IO_SEQ, None, io),
        (Experiment::Io, ModeKind::Threads) => {
            (13.5944, Some(IO_SEQ), "200 URL fetches, ThreadPool(4)")
        }
        (Experiment::Io, ModeKind::Async) => (3.4348, Some(IO_SEQ), "200 URL fetches, asyncio"),
        (Experiment::Regex, ModeKind::Sequential) => (RE_SEQ, None, re),
        (Experiment::Regex, ModeKind::Processes) => (
            8.4240,
            Some(RE_SEQ),
            "1000 strings of 1000 characters, Pool(4)",
        ),
        _ => return None,
    };
    Some(Seed {
        seconds,
        speedup: base.map(|b| b / seconds),
        setup,
        source: SCALE,
    })
}

/// A sentence setting this run's speedup beside the article's.
pub(super) fn compare_with_seed(theirs: Seed, ours: Option<f64>) -> String {
    let Some(t) = theirs.speedup else {
        return format!(
            " The article's own sequential run ({}) took {:.2} s in CPython.",
            theirs.setup, theirs.seconds
        );
    };
    let side = |x: f64| {
        if x > 1.1 {
            1
        } else if x < 0.9 {
            -1
        } else {
            0
        }
    };
    let shape = match ours {
        Some(o) if side(o) == side(t) => "the same shape as here",
        Some(_) => "not the shape measured here",
        None => "nothing to compare here without a baseline",
    };
    format!(
        " The article measured {} for this ({}) in CPython, {shape}.",
        format_speedup(t),
        theirs.setup
    )
}
