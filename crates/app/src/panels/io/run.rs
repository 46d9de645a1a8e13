//! What a click on Run does in the I/O panel: one session over the chosen
//! modes, each mode-run on blocking threads, on processes, or on the
//! page's event loop.

use super::state::Io;
use crate::browser::meter::{Meter, measure};
use crate::modes::io;
use crate::session::pools;
use crate::session::{Abort, Ran, run_id};
use kernels::io::{Endpoint, IoParams};
use lab::mode::IoMode;
use lab::{Comparison, ModeResult};
use leptos::prelude::*;
use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Runs the chosen modes once per repetition.
pub async fn run(io: Io, meter: Meter) {
    let s = io.session;
    s.begin();
    // A click while the in-page endpoint starts runs once it is up.
    if matches!(io.chosen.get_untracked(), Ok(Endpoint::InPage)) {
        if !s
            .wait_until("the in-page endpoint", "requests", || {
                io.in_page.get_untracked().is_some()
            })
            .await
        {
            return s.finish(|| {});
        }
        if let Some(Err(e)) = io.in_page.get_untracked() {
            return s.refuse(format!("the in-page endpoint is unavailable: {e}"));
        }
    }
    let p = io.parsed.get_untracked();
    let e = io.chosen.get_untracked();
    let reps = io.repeats.get_untracked();
    let modes = io.choice().modes();
    let (p, e, reps) = match (p, e, reps) {
        (Ok(p), Ok(e), Ok(r)) => (p, e, r),
        (Err(err), _, _) | (_, Err(err), _) | (_, _, Err(err)) => return s.refuse(err),
    };
    if let Some(Err(err)) = io.estimate.get_untracked() {
        return s.refuse(err);
    }
    if matches!(e, Endpoint::Server(_) | Endpoint::Sharded(_)) {
        s.preparing("asking the delay server", "requests");
    }
    if let Err(why) = crate::net::fetch::probe(&e).await {
        return s.refuse(why);
    }
    io.comparison.set(Some(Comparison {
        expected: p.predicted(&e),
        resolution_ms: io.caps.resolution_ms,
        experiment: Some(lab::mode::Experiment::Io),
        ..Comparison::default()
    }));
    let names = |mode: IoMode| (mode.kind(), mode.label(p.limit));
    let one = async |mode, name: &str| one_mode(io, &meter, p, &e, mode, name).await;
    // Processes are ended wherever the click landed (the threads are kept:
    // see `run_threads`).
    s.run_modes(reps, &modes, names, io.comparison, one, || {
        io.kept_processes.set_value(None);
    })
    .await;
}

/// One mode-run, raced against Stop, which aborts fetches in flight, skips
/// queued blocking requests and (when the session finishes) ends processes.
async fn one_mode(
    io: Io,
    meter: &Meter,
    p: IoParams,
    e: &Endpoint,
    mode: IoMode,
    name: &str,
) -> Ran<ModeResult> {
    let s = io.session;
    let on_progress = s.reporter(name, p.requests as usize, "requests");
    on_progress(0);
    // A plain counter owned by the callback: no signal per run.
    let done = Cell::new(0);
    let on_done = {
        let report = on_progress.clone();
        move || {
            done.set(done.get() + 1);
            report(done.get());
        }
    };
    let run_id = run_id();
    let abort = Abort::new();
    let signal = abort.signal();
    let skip = Arc::new(AtomicBool::new(false));
    let running = async {
        match mode {
            IoMode::Threads(n) | IoMode::Gil(n, _) => {
                let gil_ms = if let IoMode::Gil(_, ms) = mode {
                    Some(ms)
                } else {
                    None
                };
                s.preparing(format!("starting {n} threads"), "requests");
                // A failed request leaves the threads healthy: keep them.
                let skip = Arc::clone(&skip);
                pools::run_on_kept(
                    io.kept_threads,
                    n,
                    false,
                    false,
                    meter,
                    async |pool, start| {
                        let mut r =
                            io::run_threads(p, e, run_id, pool, gil_ms, skip, on_progress).await?;
                        r.start = Some(start);
                        Ok(r)
                    },
                )
                .await
            }
            IoMode::Processes(k) => {
                s.preparing(format!("starting {k} processes"), "requests");
                pools::run_on_kept(
                    io.kept_processes,
                    k,
                    false,
                    true,
                    meter,
                    async |pool, start| {
                        io::run_processes(p, e, run_id, pool, start, on_progress).await
                    },
                )
                .await
            }
            IoMode::Sequential | IoMode::Async => {
                measure(meter, io::run(p, e, mode, run_id, signal.as_ref(), on_done)).await
            }
        }
    };
    let undo = || {
        skip.store(true, Ordering::Relaxed);
        abort.abort();
    };
    s.race(running, undo).await
}
