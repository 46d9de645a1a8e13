//! I/O modes: requests to the latency endpoint, one after another or all
//! at once on the event loop.
//!
//! Everything here runs on the page's thread: `fetch` is the browser's event
//! loop at work, the same role asyncio's loop plays in the seeds.

use crate::caps;
use futures::StreamExt;
use kernels::Checksum;
use kernels::io::{IoParams, path};
use lab::ModeResult;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What the endpoint is, as shown next to every I/O result.
pub const ENDPOINT: &str =
    "in-page service worker (answers in the browser; no sockets, no 6-per-host cap)";

/// Registers `sw.js` and waits until it controls this page.
pub async fn start_endpoint() -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
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
        registering
            .await
            .map_err(|e| format!("the service worker did not register: {e:?}"))?;
        JsFuture::from(sw.ready().map_err(|e| format!("{e:?}"))?)
            .await
            .map_err(|e| format!("{e:?}"))?;
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

#[derive(Deserialize)]
struct Answer {
    id: u32,
    token: u32,
}

async fn fetch_one(p: IoParams, id: u32, run: u64) -> Result<u32, String> {
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    let url = path(p.delay_ms, id, run);
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(|e| format!("request {id} failed: {e:?}"))?
        .unchecked_into();
    let from_sw =
        resp.headers().get("x-endpoint").ok().flatten().as_deref() == Some("service-worker");
    if !from_sw {
        return Err(format!(
            "request {id} was answered by the server (HTTP {}), not by the in-page endpoint: reload the page so the service worker controls it",
            resp.status()
        ));
    }
    let text = JsFuture::from(resp.text().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let text = text.as_string().unwrap_or_default();
    if !resp.ok() {
        return Err(format!("request {id}: HTTP {}: {text}", resp.status()));
    }
    let a: Answer = serde_json::from_str(&text)
        .map_err(|e| format!("request {id}: bad answer {text:?}: {e}"))?;
    if a.id != id {
        return Err(format!("request {id} got the answer for request {}", a.id));
    }
    Ok(a.token)
}

/// How the I/O requests are issued.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IoMode {
    /// Await each request before sending the next (a plain loop of `requests.get`).
    Sequential,
    /// All requests in flight on the event loop (`asyncio.gather`), at most
    /// `limit` at once when set (`asyncio.Semaphore`).
    Async,
}

/// Runs `p.requests` requests in `mode`, calling `on_done` after each answer.
pub async fn run(
    p: IoParams,
    mode: IoMode,
    run: u64,
    on_done: impl Fn(),
) -> Result<ModeResult, String> {
    let t0 = caps::now();
    let tokens: Vec<u32> = match mode {
        IoMode::Sequential => {
            let mut v = Vec::with_capacity(p.requests as usize);
            for id in 0..p.requests {
                v.push(fetch_one(p, id, run).await?);
                on_done();
            }
            v
        }
        IoMode::Async => {
            let limit = p.limit.unwrap_or(p.requests) as usize;
            // `buffered` keeps at most `limit` futures in flight and yields
            // their outputs in request order.
            let results: Vec<Result<u32, String>> = futures::stream::iter(0..p.requests)
                .map(|id| {
                    let on_done = &on_done;
                    async move {
                        let r = fetch_one(p, id, run).await;
                        on_done();
                        r
                    }
                })
                .buffered(limit)
                .collect()
                .await;
            results.into_iter().collect::<Result<_, _>>()?
        }
    };
    let ms = caps::now() - t0;
    let (name, label) = match (mode, p.limit) {
        (IoMode::Sequential, _) => ("sequential", "sequential".to_owned()),
        (IoMode::Async, None) => ("async", "async (all in flight)".to_owned()),
        (IoMode::Async, Some(l)) => ("async", format!("async (≤{l} in flight)")),
    };
    Ok(ModeResult {
        mode: name,
        label,
        ms,
        checksum: Checksum::of(tokens.iter().map(|&t| u64::from(t))),
        detail: format!(
            "{} requests of {} ms to the {ENDPOINT}",
            p.requests, p.delay_ms
        ),
        page: None,
    })
}
