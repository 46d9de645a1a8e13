//! What a run's numbers say, in a sentence or two per mode, and the
//! articles' own CPython figures for the same experiment beside them.
//!
//! Nothing here is canned: every sentence is built from the figures
//! measured in this run (medians, the timelines' spans, pool starts), and
//! where the result goes against the usual lesson, the sentence says so.

use crate::breakdown::Breakdown;
use crate::mode::{Experiment, ModeKind};
use crate::results::{Comparison, ModeResult, format_ms, format_speedup};
use crate::stats;
use crate::timeline::{Activity, Timeline, overlap_ms, total};

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

/// Durations of a timeline's spans of `activity`, ms.
fn durations(t: &Timeline, activity: Activity) -> Vec<f64> {
    t.spans
        .iter()
        .filter(|s| s.activity == activity && s.item.is_some())
        .map(|s| s.end - s.start)
        .collect()
}

/// The bound load imbalance puts on any number of workers: the sequential
/// run's time over its longest task (no run can end before that task does).
///
/// Returns (the longest task's ms, the bound as a speedup, how many tasks),
/// when the baseline has a timeline with two tasks or more.
#[must_use]
pub fn imbalance_bound(c: &Comparison) -> Option<(f64, f64, usize)> {
    let base = c.baseline()?;
    let tasks = durations(base.timeline.as_ref()?, Activity::Task);
    let longest = tasks.iter().copied().fold(0.0, f64::max);
    (tasks.len() >= 2 && longest > 0.0).then(|| (longest, base.ms / longest, tasks.len()))
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

/// A sentence setting this run's speedup beside the article's.
fn compare_with_seed(theirs: Seed, ours: Option<f64>) -> String {
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

fn speed(c: &Comparison, r: &ModeResult) -> Option<f64> {
    c.speedup(r).filter(|s| s.is_finite())
}

/// `2 threads with no lock in the way: ×1.60, 80 % of the ideal ×2.`
fn on_workers(
    c: &Comparison,
    r: &ModeResult,
    speedup: f64,
    (one, many): (&str, &str),
    how: &str,
) -> String {
    let k = r.workers.unwrap_or(1);
    format!(
        "{k} {} {how}: {}, {:.0} % of the ideal ×{k}.",
        if k == 1 { one } else { many },
        format_speedup(speedup),
        100.0 * c.efficiency(r).unwrap_or(speedup)
    )
}

fn cpu_lesson(
    c: &Comparison,
    r: &ModeResult,
    bound: Option<(f64, f64, usize)>,
    ms: &dyn Fn(f64) -> String,
) -> Option<String> {
    let s = speed(c, r);
    let k = r.workers.unwrap_or(1);
    let tl = r.timeline.as_ref();
    match r.mode {
        ModeKind::Sequential => Some(match bound {
            Some((longest, b, n)) => format!(
                "The baseline: {n} tasks one after another in {} (the median). In its last run the longest task alone took {}, \
                 and no run can end before its longest task does: {} is the most any number of workers can gain.",
                ms(r.ms),
                ms(longest),
                format_speedup(b)
            ),
            None => format!(
                "The baseline: every task one after another in {}.",
                ms(r.ms)
            ),
        }),
        ModeKind::Threads => {
            let s = s?;
            let mut t = on_workers(c, r, s, ("thread", "threads"), "with no lock in the way");
            if let Some((_, b, _)) = bound
                && b < k as f64
            {
                t += &format!(
                    " The longest task caps every mode at {}, so ×{k} was out of reach for these tasks.",
                    format_speedup(b)
                );
            }
            Some(t)
        }
        ModeKind::Gil => {
            let s = s?;
            let holders = tl.map_or(0, |t| t.peak(Activity::Gil));
            let holds = tl.map_or(0, |t| {
                t.spans
                    .iter()
                    .filter(|x| x.activity == Activity::Gil)
                    .count()
            });
            let mut t = format!(
                "{k} threads under one GIL: {}. The timeline shows {holds} holds of the lock and never more than {holders} holder at once: \
                 the threads took turns, so only one computed at a time.",
                format_speedup(s)
            );
            if s > 1.15 {
                t += " A gain this large under a GIL is unusual: the baseline may have run colder or been interrupted (compare the spreads).";
            } else if s < 0.9 {
                t += " Slower than sequential: handing the lock over costs time, and nothing runs in parallel to repay it.";
            }
            Some(t)
        }
        ModeKind::Processes => {
            let s = s?;
            let mut t = on_workers(c, r, s, ("process", "processes"), "with their own memory");
            if let Some(t2) = tl {
                let moving: f64 = (0..t2.lanes.len())
                    .map(|l| t2.busy_ms(l, Activity::Transfer))
                    .sum();
                if moving > 0.0 {
                    t += &format!(
                        " Messages to and from them (serialize, copy, parse) took {} of the processes' time.",
                        ms(moving)
                    );
                }
            }
            if let (Some(start), true) = (r.start, c.start_counted) {
                t += &format!(
                    " Each run here includes the pool's start, {}, as a script that starts its pool every time pays it.",
                    ms(start.ms)
                );
            } else if let (Some(start), Some(base)) = (r.start, c.baseline()) {
                let with = base.ms / (r.ms + start.ms);
                t += &format!(
                    " Starting the pool took {}{}; a script that starts its pool for one run pays it too: {} with it.",
                    ms(start.ms),
                    if start.cold {
                        ""
                    } else {
                        " (an earlier run paid it)"
                    },
                    format_speedup(with)
                );
            }
            Some(t)
        }
        ModeKind::MainThread => Some(format!(
            "Computed on the page's own thread: for {} nothing else on this page could run, no click, no scrolling, no animation \
             (the “page” column shows the freeze). That is blocking code inside an event loop.",
            ms(r.ms)
        )),
        _ => None,
    }
}

/// A fetch-then-compute pipeline: lane 0 is the event loop's waits, the
/// other lanes compute.
fn hybrid_lesson(r: &ModeResult, ms: &dyn Fn(f64) -> String) -> Option<String> {
    let tl = r.timeline.as_ref()?;
    // In the last run: when some request was waiting, when some step was
    // computing (on any lane, counted once), and when both went on at once.
    let waiting = tl.union(Activity::Wait, |l| l == 0);
    let computing = tl.union(Activity::Task, |l| l > 0);
    let both = overlap_ms(&waiting, &computing);
    let how = if both > 0.05 * tl.end {
        format!(
            "for {} both went on at once: steps computed while requests still waited",
            ms(both)
        )
    } else {
        "they hardly overlapped: one waited for the other".to_owned()
    };
    Some(format!(
        "In its last run ({}), some request was waiting for {} and some step computing for {}; {how}.",
        ms(tl.end),
        ms(total(&waiting)),
        ms(total(&computing))
    ))
}

/// How many requests were really out at once, from two sources that need
/// nothing to be assumed: the network line's peak, where the browser told
/// (Resource Timing), else the most the program waited for at once, said as
/// such; and the mean number being answered at once by Little's law
/// (answers × one answer time ÷ the run's time). A pool of `workers` whose
/// mean falls well short of its size is said to have taken turns: the
/// requests waited somewhere between the program and the server.
fn overlap(tl: &Timeline, n: usize, unit: f64, ms: f64, workers: Option<usize>) -> String {
    let waited = tl.peak(Activity::Wait);
    let seen = if tl.spans.iter().any(|s| s.activity == Activity::Wire) {
        format!(
            "{waited} awaited at once, at most {} of them on the network (as the browser saw it)",
            tl.peak(Activity::Wire)
        )
    } else {
        format!("{waited} awaited at once (the browser did not say how many were on the network)")
    };
    if ms <= 0.0 || unit <= 0.0 {
        return seen;
    }
    let mean = n as f64 * unit / ms;
    let mut t = format!(
        "{seen}; on average {mean:.1} being answered at a time ({n} answers × one answer time ÷ the run's time: Little's law)"
    );
    if let Some(k) = workers.filter(|&k| mean < 0.6 * k.min(n) as f64) {
        t += &format!(
            ", well under {}: the requests took turns on their way to the server",
            k.min(n)
        );
    }
    t
}

fn io_lesson(c: &Comparison, r: &ModeResult, ms: &dyn Fn(f64) -> String) -> Option<String> {
    let tl = r.timeline.as_ref()?;
    let waits = durations(tl, Activity::Wait);
    let n = waits.len();
    let own = stats::median(&waits)?;
    // One answer time: the median wait when requests went one at a time (the
    // sequential baseline's), since waits stretch when many queue at once.
    let (unit, whose) = c
        .baseline()
        .filter(|b| b.mode == ModeKind::Sequential)
        .and_then(|b| stats::median(&durations(b.timeline.as_ref()?, Activity::Wait)))
        .map_or((own, "its median answer time"), |u| {
            (u, "the median answer time one at a time")
        });
    let peak = tl.peak(Activity::Wait);
    let k = r
        .workers
        .or_else(|| r.mode.has_workers().then_some(tl.lanes.len()));
    let s = speed(c, r)
        .map(|s| format!(" ({} over sequential)", format_speedup(s)))
        .unwrap_or_default();
    Some(match (r.mode, k) {
        (ModeKind::Sequential, _) => {
            let waiting = tl.busy_ms(0, Activity::Wait);
            format!(
                "{n} requests one after another took {}, {:.0} × the median answer time of {}. \
                 In the last run, waiting for answers took {} of {}; the rest went between one answer and the next request; {}.",
                ms(r.ms),
                r.ms / own,
                ms(own),
                ms(waiting),
                ms(tl.end),
                overlap(tl, n, own, r.ms, None)
            )
        }
        (m, Some(k)) if m.has_workers() => {
            let rounds = n.div_ceil(k.max(1));
            let mut t = format!(
                "{k} blocking workers, one request each at a time: {}{s}, against {rounds} rounds × {} ({whose}) = {}; {}.",
                ms(r.ms),
                ms(unit),
                ms(rounds as f64 * unit),
                overlap(tl, n, unit, r.ms, Some(k))
            );
            if r.mode == ModeKind::Gil {
                t += " The GIL hardly matters here: a thread waiting for its answer has let go of the lock.";
            }
            t
        }
        (ModeKind::Async, _) => {
            let rounds = r.ms / unit;
            let mut t = format!(
                "{n} requests from one thread's event loop: {}{s}, {rounds:.1} × {} ({whose}); {}.",
                ms(r.ms),
                ms(unit),
                overlap(tl, n, unit, r.ms, None)
            );
            if peak < n {
                t += &format!(
                    " No more than {peak} were let out at once, so at least {} rounds were needed.",
                    n.div_ceil(peak.max(1))
                );
            }
            if let Some(b) = Breakdown::of(tl) {
                let parts: Vec<String> = b
                    .parts
                    .iter()
                    .map(|p| format!("{} {}", ms(p.ms), p.what))
                    .collect();
                t += &format!(
                    " Its last run took {}, along its last answer (request {}): {}.",
                    ms(b.total()),
                    b.request,
                    parts.join(" + ")
                );
            }
            t
        }
        _ => return None,
    })
}
