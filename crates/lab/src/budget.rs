//! What one click will cost, before anything runs: time and memory
//! estimated from the parameters, and a refusal, with a size that fits,
//! when a click would exhaust the tab or hold it for too long.
//!
//! Every field already has a documented range (`form`, `Workload::validate`),
//! but fields in range can still multiply into hours: forty `fib(40)` values,
//! 5000 requests of 10 s each, fifty counted runs of every mode. The page
//! asks these functions first and shows the refusal next to the field that
//! sizes the work, with the largest value of that field that fits.
//!
//! The rates are this project's own measurements (docs/performance.md: wasm
//! in Chromium on a 2-core VM), rounded up by about a third, so a typical
//! laptop finishes sooner than estimated. Thread modes are estimated at the
//! sequential time: the estimate is a ceiling, not a forecast of speedup.

use crate::form::Repeats;
use crate::mode::ModeKind;
use kernels::hybrid::Hybrid;
use kernels::io::IoParams;
use kernels::{ParamError, Workload};
use std::fmt;

/// The longest one click may be estimated to run, in seconds: the seeds'
/// regex (1000 strings of 1000 characters) in the page's four default modes,
/// six times each, is estimated at about 11 minutes.
pub const MAX_SECONDS: f64 = 1200.0;
/// The longest the main-thread mode may freeze the page in one run, in seconds.
pub const MAX_FREEZE_SECONDS: f64 = 10.0;
/// The most memory a click may be estimated to hold at once. The module's
/// memory can grow to 1 GiB and running out aborts it, so half of that.
pub const MAX_BYTES: u64 = 512 << 20;

/// Seconds per call of naive `fib` (2.75 ns measured).
const FIB_CALL_S: f64 = 3.5e-9;
/// Seconds per string per character² of the seeds' regex, whose search
/// scans the rest of the string from each position (16.4 ns measured).
const REGEX_CHAR2_S: f64 = 21e-9;
/// Seconds per random integer drawn and added (15 ns measured).
const DRAW_S: f64 = 20e-9;
/// Seconds per Mandelbrot iteration (4 ns measured).
const ITER_S: f64 = 5e-9;
/// What one I/O request costs beyond its latency, in seconds.
const REQUEST_S: f64 = 0.003;
/// The page itself, before any inputs: module, pools, the chart.
const BASE_BYTES: u64 = 32 << 20;

/// What a click is estimated to cost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// The whole click: every mode, every repetition, in seconds.
    pub seconds: f64,
    /// The most memory held at once, in bytes.
    pub bytes: u64,
}

impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "at most about {}, {}",
            duration(self.seconds),
            megabytes(self.bytes)
        )
    }
}

/// `s` seconds, in the unit a person reads at a glance.
#[must_use]
pub fn duration(s: f64) -> String {
    if s < 1.0 {
        "1 s".into()
    } else if s < 90.0 {
        format!("{s:.0} s")
    } else if s < 90.0 * 60.0 {
        format!("{:.0} min", s / 60.0)
    } else {
        format!("{:.1} h", s / 3600.0)
    }
}

fn megabytes(b: u64) -> String {
    format!("{} MB", b.div_ceil(1 << 20))
}

/// Seconds one sequential pass over `w`'s tasks takes.
#[must_use]
pub fn cpu_pass(w: &Workload) -> f64 {
    match w {
        Workload::Fib { ns } => ns.iter().map(|&n| fib_calls(n)).sum::<f64>() * FIB_CALL_S,
        Workload::Regex { count, len, .. } => *count as f64 * (*len as f64).powi(2) * REGEX_CHAR2_S,
        Workload::SumRandom { tasks, count, .. } => *tasks as f64 * f64::from(*count) * DRAW_S,
        Workload::Mandelbrot(s) => {
            // Points inside the set run to the cap; a quarter of the
            // picture is a generous share for the views the page offers.
            let pixels = f64::from(s.width) * f64::from(s.height);
            pixels * (0.25 * f64::from(s.max_iter) + 20.0) * ITER_S
        }
    }
}

/// Calls naive recursion makes for `fib(n)`: 2·F(n+1) − 1.
fn fib_calls(n: u32) -> f64 {
    let (mut a, mut b) = (0.0_f64, 1.0_f64);
    for _ in 0..n {
        (a, b) = (b, a + b);
    }
    2.0 * b - 1.0
}

/// The most memory a CPU click on `w` holds at once; `processes` when a
/// process mode runs (its inputs and outputs are copied into messages).
#[must_use]
pub fn cpu_bytes(w: &Workload, processes: bool) -> u64 {
    let copies = if processes { 4 } else { 1 };
    BASE_BYTES
        + match w {
            Workload::Fib { ns } => ns.len() as u64 * 64,
            // Each string, its header, and with processes the request on
            // the page, its copy in flight and the process's decoded copy.
            Workload::Regex { count, len, .. } => *count as u64 * (*len as u64 + 32) * copies,
            Workload::SumRandom { tasks, .. } => *tasks as u64 * 64,
            // Counts (4 bytes a pixel) per run and for the export, the RGBA
            // picture and the canvas's copy; with processes the replies.
            Workload::Mandelbrot(s) => {
                let pixels = u64::from(s.width) * u64::from(s.height);
                pixels * (16 + if processes { 10 } else { 0 })
            }
        }
}

/// How much slower than sequential a mode is estimated to be: the GIL's
/// hand-offs, the processes' copying.
fn cpu_factor(mode: ModeKind) -> f64 {
    match mode {
        ModeKind::Gil => 1.6,
        ModeKind::Processes => 1.3,
        _ => 1.0,
    }
}

/// The field that sizes `w`'s work: where a refusal is shown.
fn size_field(w: &Workload) -> &'static str {
    match w {
        Workload::Fib { .. } => "ns",
        Workload::Regex { .. } | Workload::SumRandom { .. } => "count",
        Workload::Mandelbrot(_) => "max_iter",
    }
}

/// Estimates a CPU click: `w` once per mode in `modes` (as in
/// [`CPU_MODES`](crate::mode::CPU_MODES); a sweep names each point) per repetition.
///
/// # Errors
/// A click over [`MAX_BYTES`], [`MAX_SECONDS`], or a main-thread run over
/// [`MAX_FREEZE_SECONDS`]: the message says by how much, and suggests the
/// largest size of `w`'s sizing field that fits.
pub fn cpu(w: &Workload, modes: &[ModeKind], reps: Repeats) -> Result<Estimate, ParamError> {
    let estimate = |w: &Workload| {
        let pass = cpu_pass(w);
        Estimate {
            seconds: modes.iter().map(|&m| pass * cpu_factor(m)).sum::<f64>()
                * f64::from(reps.total()),
            bytes: cpu_bytes(w, modes.contains(&ModeKind::Processes)),
        }
    };
    let freezes = modes.contains(&ModeKind::MainThread);
    let fits = |w: &Workload| {
        let e = estimate(w);
        e.bytes <= MAX_BYTES
            && e.seconds <= MAX_SECONDS
            && !(freezes && cpu_pass(w) > MAX_FREEZE_SECONDS)
    };
    let e = estimate(w);
    if fits(w) {
        return Ok(e);
    }
    let why = if e.bytes > MAX_BYTES {
        format!(
            "would hold about {} at once; the page allows {}",
            megabytes(e.bytes),
            megabytes(MAX_BYTES)
        )
    } else if e.seconds > MAX_SECONDS {
        too_long(e.seconds, modes.len(), reps)
    } else {
        format!(
            "the main-thread mode would freeze this page for about {} per run; at most {} (untick it to run longer work)",
            duration(cpu_pass(w)),
            duration(MAX_FREEZE_SECONDS)
        )
    };
    Err(refusal(size_field(w), why, smaller_cpu(w, &fits)))
}

fn too_long(seconds: f64, modes: usize, reps: Repeats) -> String {
    format!(
        "this click would run for up to {} ({modes} mode{} × {} run{}); the page runs at most {} per click",
        duration(seconds),
        if modes == 1 { "" } else { "s" },
        reps.total(),
        if reps.total() == 1 { "" } else { "s" },
        duration(MAX_SECONDS)
    )
}

fn refusal(field: &'static str, why: String, fits: Option<String>) -> ParamError {
    let advice = fits.map_or_else(
        || "fewer runs or fewer modes".to_owned(),
        |s| format!("{s}, or fewer runs or modes"),
    );
    ParamError {
        field,
        message: format!("{why}: try {advice}"),
    }
}

/// The largest `v` in `lo..=hi` with `ok(v)`, if `ok(lo)`; `ok` must hold
/// for every value below one where it holds.
fn largest(lo: u64, hi: u64, ok: impl Fn(u64) -> bool) -> Option<u64> {
    if !ok(lo) {
        return None;
    }
    let (mut good, mut bad) = (lo, hi.saturating_add(1));
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        if ok(mid) { good = mid } else { bad = mid }
    }
    Some(good)
}

/// `w` with its sizing field shrunk to the largest value that `fits`, said
/// as advice ("n ≤ 33").
fn smaller_cpu(w: &Workload, fits: &impl Fn(&Workload) -> bool) -> Option<String> {
    match w {
        Workload::Fib { ns } => {
            let top = u64::from(ns.iter().copied().max()?);
            let capped = |c: u64| Workload::Fib {
                ns: ns.iter().map(|&n| n.min(c as u32)).collect(),
            };
            largest(0, top, |c| fits(&capped(c))).map(|c| format!("values of n ≤ {c}"))
        }
        Workload::Regex { seed, count, len } => largest(1, *count as u64, |c| {
            fits(&Workload::Regex {
                seed: *seed,
                count: c as usize,
                len: *len,
            })
        })
        .map(|c| format!("strings ≤ {c}")),
        Workload::SumRandom { seed, tasks, count } => largest(1, u64::from(*count), |c| {
            fits(&Workload::SumRandom {
                seed: *seed,
                tasks: *tasks,
                count: c as u32,
            })
        })
        .map(|c| format!("integers per task ≤ {c}")),
        Workload::Mandelbrot(s) => largest(1, u64::from(s.max_iter), |c| {
            let mut t = *s;
            t.max_iter = c as u32;
            fits(&Workload::Mandelbrot(t))
        })
        .map(|c| format!("max iterations ≤ {c}")),
    }
}

/// How the I/O panel's modes are run, for its estimate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IoPlan {
    /// Blocking threads in the thread modes.
    pub threads: usize,
    /// Processes.
    pub processes: usize,
    /// How many requests the browser lets out at once, if it caps them
    /// ([`kernels::io::Endpoint::connections`]).
    pub connections: Option<u32>,
}

/// Seconds one pass of I/O mode `mode` takes: waves of requests, each wave
/// as long as one request.
#[must_use]
pub fn io_pass(p: &IoParams, mode: ModeKind, plan: IoPlan) -> f64 {
    // Workers' blocking requests share the page's connections to the host.
    let cap = plan.connections.unwrap_or(u32::MAX);
    let at_once = match mode {
        ModeKind::Threads | ModeKind::Gil => plan.threads as u32,
        ModeKind::Processes => plan.processes as u32,
        ModeKind::Async => p.limit.unwrap_or(p.requests),
        ModeKind::Sequential | ModeKind::MainThread => 1,
    }
    .clamp(1, cap);
    f64::from(p.requests.div_ceil(at_once)) * wave_s(p, at_once)
}

/// Seconds one wave of `at_once` requests takes: one request, unless the
/// endpoint injects faults. Then a wave lasts as long as its unluckiest
/// request, which, once hit, waits out its fault (a slow answer, or the
/// timeout), its backoff and its next attempt, each hit again at the rate.
fn wave_s(p: &IoParams, at_once: u32) -> f64 {
    let ok = f64::from(p.delay_ms) / 1000.0 + REQUEST_S;
    let Some(f) = p.injecting() else {
        return ok;
    };
    let rate = f64::from(f.rate) / 100.0;
    let late = f64::from(p.delay_ms) + f64::from(f.slow_ms);
    let faulty = match f.kind {
        kernels::io::FaultKind::Slow => late.min(f64::from(p.timeout_ms())) / 1000.0 + REQUEST_S,
        _ => ok,
    };
    // A slow answer within the timeout is an answer: nothing to retry.
    let retries = if f.kind == kernels::io::FaultKind::Slow && late < f64::from(p.timeout_ms()) {
        0
    } else {
        p.retries
    };
    // A hit request's remaining cost: its fault, then (if a retry is left)
    // the backoff and the next attempt, itself hit at the rate.
    let mut chain = faulty;
    for retry in (1..=retries).rev() {
        let next = rate * chain + (1.0 - rate) * ok;
        chain = faulty + f64::from(kernels::io::backoff_ms(retry)) / 1000.0 + next;
    }
    let some_hit = 1.0 - (1.0 - rate).powf(f64::from(at_once));
    (1.0 - some_hit) * ok + some_hit * chain
}

/// Estimates an I/O click: every mode in `modes` (as in [`IO_MODES`](crate::mode::IO_MODES))
/// per repetition.
///
/// # Errors
/// A click over [`MAX_SECONDS`], with the most requests that fit.
pub fn io(
    p: &IoParams,
    modes: &[ModeKind],
    plan: IoPlan,
    reps: Repeats,
) -> Result<Estimate, ParamError> {
    let seconds = |requests| {
        let p = IoParams { requests, ..*p };
        modes.iter().map(|&m| io_pass(&p, m, plan)).sum::<f64>() * f64::from(reps.total())
    };
    by_count(p.requests, "requests", seconds, modes.len(), reps)
}

/// The estimate of a click whose time grows with `count` (of requests or
/// items, named `field`), and whose memory is a little per unit; refused
/// over [`MAX_SECONDS`] with the largest count that fits.
fn by_count(
    count: u32,
    field: &'static str,
    seconds: impl Fn(u32) -> f64,
    modes: usize,
    reps: Repeats,
) -> Result<Estimate, ParamError> {
    let e = Estimate {
        seconds: seconds(count),
        bytes: BASE_BYTES + u64::from(count) * 256,
    };
    if e.seconds <= MAX_SECONDS {
        return Ok(e);
    }
    let fewer = largest(1, u64::from(count), |c| seconds(c as u32) <= MAX_SECONDS);
    Err(refusal(
        field,
        too_long(e.seconds, modes, reps),
        fewer.map(|c| format!("{field} ≤ {c}")),
    ))
}

/// Seconds one pass of hybrid arrangement `mode` takes: sequentially every
/// fetch then its work; otherwise the fetches overlap, and the work is
/// estimated as if on one thread.
#[must_use]
pub fn hybrid_pass(h: &Hybrid, mode: ModeKind) -> f64 {
    let fetch = f64::from(h.delay_ms) / 1000.0 + REQUEST_S;
    let work = f64::from(h.count) * DRAW_S;
    let items = f64::from(h.items);
    match mode {
        ModeKind::Sequential => items * (fetch + work),
        _ => items * (work + REQUEST_S) + fetch,
    }
}

/// Estimates a hybrid click: every arrangement in `modes` (as in
/// [`HYBRID_MODES`](crate::mode::HYBRID_MODES)) per repetition.
///
/// # Errors
/// A click over [`MAX_SECONDS`], with the most items that fit.
pub fn hybrid(h: &Hybrid, modes: &[ModeKind], reps: Repeats) -> Result<Estimate, ParamError> {
    let seconds = |items| {
        let h = Hybrid { items, ..*h };
        modes.iter().map(|&m| hybrid_pass(&h, m)).sum::<f64>() * f64::from(reps.total())
    };
    by_count(h.items, "items", seconds, modes.len(), reps)
}
