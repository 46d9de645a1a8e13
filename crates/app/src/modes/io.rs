//! I/O modes: requests to the latency endpoint, one after another or all
//! at once on the event loop.
//!
//! Everything here runs on the page's thread: `fetch` is the browser's event
//! loop at work, the same role asyncio's loop plays in the seeds.

use crate::browser::caps;
use crate::workers::processes::Processes;
use crate::workers::threads::{self, Gather, IoThreads};
use futures::StreamExt;
use kernels::Gil;
use kernels::io::{Endpoint, IoParams, Outcome, Tally};
use kernels::message::{self, Reply, Request};
use lab::ModeResult;
use lab::mode::IoMode;
use lab::results::PoolStart;
use lab::timeline::{Activity, TimeBase, Timeline, numbered};
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// A finished I/O mode's result from its outcomes (and attempts) in
/// request order.
fn result(
    p: IoParams,
    e: &Endpoint,
    mode: IoMode,
    ms: f64,
    outcomes: &[(Outcome, u32)],
    how: String,
    timeline: Timeline,
) -> ModeResult {
    let (mode, label) = (mode.kind(), mode.label(p.limit));
    let faults = p.injecting().map_or(String::new(), |f| {
        format!(
            "; the endpoint injects \"{}\" into {} % of attempts",
            f.kind.key(),
            f.rate
        )
    });
    ModeResult {
        timeline: Some(timeline.finish()),
        tally: Some(Tally::of(outcomes.iter().map(|(o, a)| (o, *a)))),
        ..ModeResult::new(
            mode,
            label,
            ms,
            kernels::io::checksum(outcomes.iter().map(|(o, _)| o)),
            format!(
                "{} requests of {} ms to the {}; {how}{faults}; each attempt times out after {} ms, {} retr{}",
                p.requests,
                p.delay_ms,
                e.describe(),
                p.timeout_ms(),
                p.retries,
                if p.retries == 1 { "y" } else { "ies" }
            ),
        )
    }
}

/// The start of a run on the shared clock, read with its `caps::now()` twin.
fn clock_start() -> (TimeBase, f64) {
    (
        TimeBase {
            start: caps::epoch_now(),
        },
        caps::now(),
    )
}

/// Runs the requests on blocking threads, with or without a GIL (`gil_ms`).
///
/// Timed on the page, from queuing the first request to the signal that the
/// last answer is in.
///
/// Once `stopped` is set (Stop), queued requests are skipped; a thread
/// inside a blocking request finishes it (a sync request cannot be
/// cancelled from outside its thread).
pub async fn run_threads(
    p: IoParams,
    e: &Endpoint,
    run: u64,
    pool: &IoThreads,
    gil_ms: Option<u32>,
    stopped: Arc<std::sync::atomic::AtomicBool>,
    on_progress: impl Fn(usize),
) -> Result<ModeResult, String> {
    let urls = (0..p.requests)
        .map(|id| crate::net::fetch::attempts(p, e, id, run))
        .collect::<Result<Vec<_>, _>>()?;
    let gil = gil_ms.map(|ms| {
        Arc::new(Gil::timed(
            Duration::from_millis(u64::from(ms)),
            caps::epoch_now,
        ))
    });
    // How each request ended and in how many attempts, and which thread
    // waited for it from when to when.
    type Got = (Result<(Outcome, u32), String>, usize, (f64, f64));
    let (gather, finished) = Gather::<Got>::new(urls.len());
    let names: Vec<(usize, String)> = urls
        .iter()
        .enumerate()
        .flat_map(|(id, a)| a.iter().map(move |u| (id, u.clone())))
        .collect();
    resource_timing_for(names.len() as u32);
    let (base, t0) = clock_start();
    for (id, url) in (0..p.requests).zip(urls) {
        let (gather, gil, endpoint) = (Arc::clone(&gather), gil.clone(), e.clone());
        let stopped = Arc::clone(&stopped);
        let timeout = p.timeout_ms();
        pool.submit(Box::new(move || {
            let me = threads::slot();
            if stopped.load(std::sync::atomic::Ordering::Relaxed) {
                let t = caps::epoch_now();
                gather.put(
                    id as usize,
                    (Err(kernels::exec::STOPPED.into()), me, (t, t)),
                );
                return;
            }
            let t = caps::epoch_now();
            let stop = || stopped.load(std::sync::atomic::Ordering::Relaxed);
            let got = process_module::blocking::retrying(url.len(), stop, |a| match &gil {
                None => process_module::blocking::blocking_get(&url[a], id, &endpoint, timeout),
                Some(gil) => {
                    // Python code runs under the lock: building the request
                    // before, reading the answer after. The wait itself
                    // releases it, as a blocking socket call does (and so
                    // does the sleep before a retry).
                    gil.acquire(me);
                    gil.release();
                    let raw = process_module::blocking::blocking_fetch(&url[a], id, timeout);
                    gil.acquire(me);
                    let o = process_module::blocking::checked(raw, id, &endpoint);
                    gil.release();
                    o
                }
            });
            gather.put(id as usize, (Ok(got), me, (t, caps::epoch_now())));
        }));
    }
    super::poll::with_progress(finished, || on_progress(gather.done()))
        .await
        .map_err(|_| "an I/O thread stopped before answering".to_owned())?;
    let ms = caps::now() - t0;
    let n = pool.size();
    let mut timeline = Timeline::new(numbered("I/O thread", n), base, caps::epoch_now());
    let mut outcomes = Vec::with_capacity(p.requests as usize);
    for (id, (got, me, waited)) in gather
        .results()
        .ok_or("a request got no answer")?
        .into_iter()
        .enumerate()
    {
        outcomes.push(got?);
        timeline.push(base, me, Activity::Wait, waited, Some(id));
    }
    wire(
        &mut timeline,
        base,
        names.iter().map(|(id, u)| (*id, u.as_str())),
    );
    // The lock is free once every answer is in: `holds` never waits.
    for h in gil.as_ref().and_then(|g| g.holds()).unwrap_or_default() {
        timeline.push(base, h.worker, Activity::Gil, (h.start, h.end), None);
    }
    let (mode, how) = match (gil, gil_ms) {
        (Some(g), Some(ms)) => {
            let s = g.stats();
            (
                IoMode::Gil(n, ms),
                format!(
                    "{n} threads blocking in one request each ({}), taking turns under one GIL: {} hand-offs, {} drop requests (switch interval {ms} ms)",
                    blocking_how(),
                    s.handoffs,
                    s.drop_requests
                ),
            )
        }
        _ => (
            IoMode::Threads(n),
            format!(
                "{n} threads blocking in one request each ({})",
                blocking_how()
            ),
        ),
    };
    Ok(result(p, e, mode, ms, &outcomes, how, timeline))
}

/// Runs the requests on processes: `Pool.map` chunks of URLs, each process
/// fetching its chunk one request at a time.
pub async fn run_processes(
    p: IoParams,
    e: &Endpoint,
    run: u64,
    pool: &Processes,
    start: PoolStart,
    on_progress: impl Fn(usize),
) -> Result<ModeResult, String> {
    let done = std::cell::Cell::new(0);
    let mut names = Vec::new();
    let mut requests = Vec::new();
    for r in message::chunks(p.requests as usize, pool.size()) {
        let gets = r
            .map(|id| {
                let id = id as u32;
                crate::net::fetch::attempts(p, e, id, run).map(|u| (id, u))
            })
            .collect::<Result<Vec<_>, _>>()?;
        names.extend(
            gets.iter()
                .flat_map(|(id, a)| a.iter().map(|u| (*id as usize, u.clone()))),
        );
        requests.push(message::encode(&Request::Get {
            endpoint: e.clone(),
            gets,
            timeout_ms: p.timeout_ms(),
        }));
    }
    resource_timing_for(names.len() as u32);
    let (base, t0) = clock_start();
    pool.take_restarts();
    let answers = pool
        .map(&requests, pool.size(), None, |r| {
            if let Reply::Get(v) = r {
                done.set(done.get() + v.len());
                on_progress(done.get());
            }
        })
        .await?;
    let n = pool.size();
    let mut timeline = Timeline::new(numbered("process", n), base, f64::NAN);
    for r in pool.take_restarts() {
        r.draw(&mut timeline, base);
    }
    let mut tagged = Vec::with_capacity(p.requests as usize);
    for a in answers {
        let Reply::Get(v) = a.reply else {
            return Err("a process answered a request for URLs with something else".into());
        };
        let ids = v.iter().map(|(id, ..)| *id as usize);
        a.timing.draw(&mut timeline, base, Activity::Wait, ids);
        tagged.extend(v.into_iter().map(|(id, o, n)| (id as usize, (o, n))));
    }
    let outcomes = message::in_order(p.requests as usize, tagged, "request")?;
    if let Some(why) = outcomes.iter().find_map(|(o, _)| match o {
        Outcome::Failed(why) if lab::answer::is_past_service_worker(why) => Some(why),
        _ => None,
    }) {
        return Err(why.clone());
    }
    let ms = caps::now() - t0;
    timeline.end = base.since(caps::epoch_now());
    wire(
        &mut timeline,
        base,
        names.iter().map(|(id, u)| (*id, u.as_str())),
    );
    let mut r = result(
        p,
        e,
        IoMode::Processes(n),
        ms,
        &outcomes,
        format!(
            "{n} processes, each fetching its chunks one blocking request at a time ({}; {} chunks)",
            blocking_how(),
            requests.len()
        ),
        timeline,
    );
    r.start = Some(start);
    Ok(r)
}

/// Clears the page's Resource Timing entries and makes room for `n` more,
/// so that [`on_the_wire`] finds this run's requests.
fn resource_timing_for(n: u32) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        perf.clear_resource_timings();
        perf.set_resource_timing_buffer_size(n.saturating_mul(2).saturating_add(100));
    }
}

/// When each request went out on the network and its first byte came back,
/// as the browser saw it (Resource Timing), on the shared clock, with the
/// request's id where its URL names one request only (a fixed "any URL"
/// names them all). The program may ask for a request long before the
/// browser sends it (6 connections per host over HTTP/1.1). Requests the
/// browser gives no detail for (a cross-origin server without
/// `Timing-Allow-Origin`; Firefox and WebKit, for answers from a service
/// worker) are left out, so a line drawn from these never counts a request that was not
/// seen on the network.
fn on_the_wire<'a>(
    urls: impl IntoIterator<Item = (usize, &'a str)>,
) -> Vec<(Option<usize>, (f64, f64))> {
    let Some(perf) = web_sys::window().and_then(|w| w.performance()) else {
        return Vec::new();
    };
    let mut ids = std::collections::HashMap::<&str, Option<usize>>::new();
    for (id, url) in urls {
        ids.entry(url)
            .and_modify(|e| {
                if *e != Some(id) {
                    *e = None;
                }
            })
            .or_insert(Some(id));
    }
    let origin = perf.time_origin();
    perf.get_entries_by_type("resource")
        .iter()
        .filter_map(|e| {
            let t: web_sys::PerformanceResourceTiming = e.dyn_into().ok()?;
            let id = *ids.get(t.name().as_str())?;
            let (sent, first_byte) = (t.request_start(), t.response_start());
            // No time between going out and the first byte is no
            // measurement: Firefox and WebKit report a service worker's
            // answers so (request and response start equal), which drew a
            // line of zero requests on the network.
            (sent > 0.0 && first_byte > sent).then_some((id, (origin + sent, origin + first_byte)))
        })
        .collect()
}

/// How a blocking worker's request is made, for a mode's detail line.
fn blocking_how() -> &'static str {
    if crate::workers::relays() {
        "each request made by the page's fetch while its worker waits, outside the HTTP cache"
    } else {
        "each a synchronous request in its worker (no shared memory without isolation), which the browser's \
         HTTP cache may hold back to one request per URL at a time"
    }
}

/// Adds what the page saw on the network of the requests `names` (each
/// with its request id) to `timeline`. A blocking mode's requests are the
/// page's own when relayed (see `workers.js`); else the workers made them,
/// and the page sees none.
fn wire<'a>(
    timeline: &mut Timeline,
    base: TimeBase,
    names: impl IntoIterator<Item = (usize, &'a str)>,
) {
    for (id, span) in on_the_wire(names) {
        timeline.push(base, 0, Activity::Wire, span, id);
    }
}

/// Runs `p.requests` requests in `mode`, calling `on_done` after each answer;
/// `abort` (Stop) cancels the requests in flight.
pub async fn run(
    p: IoParams,
    e: &Endpoint,
    mode: IoMode,
    run: u64,
    abort: Option<&web_sys::AbortSignal>,
    on_done: impl Fn(),
) -> Result<ModeResult, String> {
    let urls = (0..p.requests)
        .map(|id| crate::net::fetch::absolute(p, e, id, run, 0))
        .collect::<Result<Vec<_>, _>>()?;
    resource_timing_for(p.requests.saturating_mul(p.retries + 1));
    let (base, t0) = clock_start();
    // Each request's wait, from its first poll (when fetch sends it) to
    // its answer read, all on the page's one event loop.
    let waits = std::cell::RefCell::new(Vec::with_capacity(p.requests as usize));
    let pacer = crate::browser::pace::Pacer::new();
    let timed = |id: u32| {
        let (waits, pacer) = (&waits, &pacer);
        async move {
            if mode == IoMode::Async {
                pacer.turn().await;
            }
            let t = caps::epoch_now();
            let r = crate::net::fetch::fetch_retrying(p, e, id, run, abort).await;
            waits
                .borrow_mut()
                .push((id as usize, (t, caps::epoch_now())));
            r
        }
    };
    let outcomes: Vec<(Outcome, u32)> = match mode {
        IoMode::Sequential => {
            let mut v = Vec::with_capacity(p.requests as usize);
            for id in 0..p.requests {
                v.push(timed(id).await);
                on_done();
            }
            v
        }
        IoMode::Threads(_) | IoMode::Gil(..) | IoMode::Processes(_) => {
            return Err("blocking modes run with run_threads or run_processes".into());
        }
        IoMode::Async => {
            let limit = p.limit.unwrap_or(p.requests) as usize;
            // `buffered` keeps at most `limit` futures in flight and yields
            // their outputs in request order.
            futures::stream::iter(0..p.requests)
                .map(|id| {
                    let (on_done, timed) = (&on_done, &timed);
                    async move {
                        let r = timed(id).await;
                        on_done();
                        r
                    }
                })
                .buffered(limit)
                .collect()
                .await
        }
    };
    let ms = caps::now() - t0;
    let mut timeline = Timeline::new(vec!["event loop".into()], base, caps::epoch_now());
    for (id, span) in waits.into_inner() {
        timeline.push(base, 0, Activity::Wait, span, Some(id));
    }
    wire(
        &mut timeline,
        base,
        urls.iter().map(String::as_str).enumerate(),
    );
    let steps = pacer.steps();
    let sent = format!(
        "sent in {steps} step{} of at most {} ms on the page's thread",
        if steps == 1 { "" } else { "s" },
        crate::browser::pace::STEP_MS
    );
    let how = match (mode, p.limit) {
        (IoMode::Async, Some(l)) => {
            format!("at most {l} in flight on the page's event loop, {sent}")
        }
        (IoMode::Async, None) => format!("all in flight on the page's event loop, {sent}"),
        _ => "each awaited before the next is sent".to_owned(),
    };
    Ok(result(p, e, mode, ms, &outcomes, how, timeline))
}
