//! The I/O modes' lessons: how many requests were really out at once,
//! and what the event loop, threads and processes made of the waiting.

use super::{durations, speed};
use crate::mode::ModeKind;
use crate::results::breakdown::Breakdown;
use crate::results::stats;
use crate::results::{Comparison, ModeResult, format_speedup};
use crate::timeline::{Activity, Timeline};

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

pub(super) fn io_lesson(
    c: &Comparison,
    r: &ModeResult,
    ms: &dyn Fn(f64) -> String,
) -> Option<String> {
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
