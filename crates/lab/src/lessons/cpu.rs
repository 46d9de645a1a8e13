//! The CPU modes' lessons: threads, the GIL, processes, the main thread,
//! and the bound the longest task puts on any pool.

use super::{durations, speed};
use crate::mode::ModeKind;
use crate::results::{Comparison, ModeResult, format_speedup};
use crate::timeline::Activity;

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

/// When a pool beat the baseline's bound (`bound`, from its longest task),
/// the reason in this run's numbers: its own tasks ran faster, its longest
/// taking less than the baseline's did. Nothing when it did not beat it
/// (the bound then holds) or its timeline shows no task.
fn beat_the_bound(
    r: &ModeResult,
    speedup: f64,
    bound: Option<(f64, f64, usize)>,
    ms: &dyn Fn(f64) -> String,
) -> Option<String> {
    let (longest, b, _) = bound?;
    // A few percent over is the timer and the spread, not a broken bound.
    if speedup <= b * 1.05 {
        return None;
    }
    let own = durations(r.timeline.as_ref()?, Activity::Task)
        .into_iter()
        .fold(0.0, f64::max);
    (own > 0.0).then(|| {
        format!(
            " That beats the {} the baseline's longest task set, because the tasks themselves ran faster here: \
             the longest took {} against {} in the sequential run. The bound is the baseline's, at the speed its tasks ran.",
            format_speedup(b),
            ms(own),
            ms(longest)
        )
    })
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

pub(super) fn cpu_lesson(
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
                 and no run can end before its longest task does: at the speed these tasks ran, {} is the most any number of \
                 workers can gain.",
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
            if let Some(beat) = beat_the_bound(r, s, bound, ms) {
                t += &beat;
            } else if let Some((_, b, _)) = bound
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
            if let Some(beat) = beat_the_bound(r, s, bound, ms) {
                t += &beat;
            }
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
