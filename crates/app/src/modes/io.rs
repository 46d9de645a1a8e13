//! I/O modes: requests to the latency endpoint, one after another or all
//! at once on the event loop.
//!
//! Everything here runs on the page's thread: `fetch` is the browser's event
//! loop at work, the same role asyncio's loop plays in the seeds.

use crate::browser::caps;
use crate::workers::processes::Processes;
use crate::workers::{self, Gather, IoThreads};
use futures::StreamExt;
use gloo_timers::future::TimeoutFuture;
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
use wasm_bindgen_futures::JsFuture;

/// Registers `sw.js` and waits until it controls this page.
pub async fn start_endpoint() -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    // Outside a secure context (a LAN address over http) or where service
    // workers are off, `navigator.serviceWorker` does not exist, and calling
    // into it would throw past this future.
    let has_sw =
        js_sys::Reflect::has(&window.navigator(), &"serviceWorker".into()).unwrap_or(false);
    if !window.is_secure_context() || !has_sw {
        return Err("this browser offers no service worker here (it needs https or 127.0.0.1/localhost, and is off in some private windows)".into());
    }
    let sw = window.navigator().service_worker();
    let ours = |c: &web_sys::ServiceWorker| c.script_url().ends_with("/sw.js");
    // Registering again only checks for an updated script. A page that our
    // worker already controls can use the endpoint now, so that check runs in
    // the background: seen in Chromium, it can stall for many seconds after a
    // navigation, and nothing here needs to wait for it.
    let registering = JsFuture::from(sw.register("sw.js"));
    if sw.controller().is_some_and(|c| ours(&c)) {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = registering.await;
        });
        return Ok(());
    }
    // First visit: wait for the worker to install, activate and claim this
    // page (clients.claim() lands a moment after `ready`), but not forever.
    let first_visit = async {
        registering.await.map_err(|e| {
            format!(
                "the service worker did not register: {}",
                crate::browser::js_error::text(&e)
            )
        })?;
        let registration: web_sys::ServiceWorkerRegistration =
            JsFuture::from(sw.ready().map_err(|e| crate::browser::js_error::text(&e))?)
                .await
                .map_err(|e| crate::browser::js_error::text(&e))?
                .unchecked_into();
        // A page loaded past an active worker (a hard reload) is not taken
        // over by itself: ask the worker to claim it.
        if sw.controller().is_none()
            && let Some(active) = registration.active()
        {
            let _ = active.post_message(&"claim".into());
        }
        while !sw.controller().is_some_and(|c| ours(&c)) {
            gloo_timers::future::TimeoutFuture::new(50).await;
        }
        Ok::<(), String>(())
    };
    let timeout = gloo_timers::future::TimeoutFuture::new(15_000);
    match futures::future::select(Box::pin(first_visit), timeout).await {
        futures::future::Either::Left((r, _)) => r,
        futures::future::Either::Right(_) => Err(
            "the in-page service worker did not take control within 15 s: reload the page".into(),
        ),
    }
}

/// One attempt at a request with `fetch`, awaited on the page's event
/// loop: its token, or how it failed. `abort` (Stop) cancels it in flight.
pub async fn fetch_one(
    p: IoParams,
    e: &Endpoint,
    id: u32,
    run: u64,
    attempt: u32,
    abort: Option<&web_sys::AbortSignal>,
) -> Outcome {
    let Some(window) = web_sys::window() else {
        return Outcome::Failed("no window".into());
    };
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    // The request's own timeout, and Stop's signal if there is one.
    let timeout = web_sys::AbortSignal::timeout_with_u32(p.timeout_ms());
    let signal = match abort {
        Some(stop) => web_sys::AbortSignal::any(&js_sys::Array::of2(stop, &timeout)),
        None => timeout,
    };
    init.set_signal(Some(&signal));
    let failed = |e: wasm_bindgen::JsValue| crate::workers::request_error(id, &e, p.timeout_ms());
    let url = e.attempt_url(&p, id, run, attempt);
    let answer = async {
        let resp: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
            .await
            .map_err(failed)?
            .unchecked_into();
        let mark = resp.headers().get("x-endpoint").ok().flatten();
        let text = JsFuture::from(resp.text().map_err(failed)?)
            .await
            .map_err(failed)?
            .as_string()
            .unwrap_or_default();
        Ok::<_, Outcome>(lab::answer::check(
            id,
            resp.status(),
            mark.as_deref(),
            e,
            &text,
        ))
    };
    match answer.await {
        Ok(Ok(t)) => Outcome::Answered(t),
        Ok(Err(why)) => Outcome::Failed(why),
        Err(o) => o,
    }
}

/// A request with its retries ([`kernels::retry::awaiting`]) on the page's
/// event loop: how it ended and in how many attempts.
pub async fn fetch_retrying(
    p: IoParams,
    e: &Endpoint,
    id: u32,
    run: u64,
    abort: Option<&web_sys::AbortSignal>,
) -> (Outcome, u32) {
    let aborted = || abort.is_some_and(web_sys::AbortSignal::aborted);
    let sleep = |ms| TimeoutFuture::new(ms);
    kernels::retry::awaiting(p.retries, aborted, sleep, |a| {
        fetch_one(p, e, id, run, a, abort)
    })
    .await
}

/// The absolute URL of attempt `attempt` of request `id`: workers resolve
/// relative URLs against their own script, not the page.
fn absolute(p: IoParams, e: &Endpoint, id: u32, run: u64, attempt: u32) -> Result<String, String> {
    let base = web_sys::window()
        .ok_or("no window")?
        .location()
        .href()
        .map_err(|e| crate::browser::js_error::text(&e))?;
    web_sys::Url::new_with_base(&e.attempt_url(&p, id, run, attempt), &base)
        .map(|u| u.href())
        .map_err(|e| crate::browser::js_error::text(&e))
}

/// The absolute URLs of every attempt at request `id` (the first, then
/// one per retry), for a worker.
fn attempts(p: IoParams, e: &Endpoint, id: u32, run: u64) -> Result<Vec<String>, String> {
    (0..=p.retries)
        .map(|a| absolute(p, e, id, run, a))
        .collect()
}

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
        .map(|id| attempts(p, e, id, run))
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
            let me = workers::slot();
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
            let got = workers::retrying(url.len(), stop, |a| match &gil {
                None => workers::blocking_get(&url[a], id, &endpoint, timeout),
                Some(gil) => {
                    // Python code runs under the lock: building the request
                    // before, reading the answer after. The wait itself
                    // releases it, as a blocking socket call does (and so
                    // does the sleep before a retry).
                    gil.acquire(me);
                    gil.release();
                    let raw = workers::blocking_fetch(&url[a], id, timeout);
                    gil.acquire(me);
                    let o = workers::checked(raw, id, &endpoint);
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
                attempts(p, e, id, run).map(|u| (id, u))
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
    if workers::relays() {
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
        .map(|id| absolute(p, e, id, run, 0))
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
            let r = fetch_retrying(p, e, id, run, abort).await;
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
