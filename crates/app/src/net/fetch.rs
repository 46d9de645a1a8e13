//! The page's `fetch` client: one attempt at a request, its retries
//! (`kernels::retry`), and the absolute URLs a worker is given.

use gloo_timers::future::TimeoutFuture;
use kernels::io::{Endpoint, IoParams, Outcome};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

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
    let failed =
        |e: wasm_bindgen::JsValue| process_module::blocking::request_error(id, &e, p.timeout_ms());
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
pub fn absolute(
    p: IoParams,
    e: &Endpoint,
    id: u32,
    run: u64,
    attempt: u32,
) -> Result<String, String> {
    let base = web_sys::window()
        .ok_or("no window")?
        .location()
        .href()
        .map_err(|e| process_module::js_error::text(&e))?;
    web_sys::Url::new_with_base(&e.attempt_url(&p, id, run, attempt), &base)
        .map(|u| u.href())
        .map_err(|e| process_module::js_error::text(&e))
}

/// The absolute URLs of every attempt at request `id` (the first, then
/// one per retry), for a worker.
pub fn attempts(p: IoParams, e: &Endpoint, id: u32, run: u64) -> Result<Vec<String>, String> {
    (0..=p.retries)
        .map(|a| absolute(p, e, id, run, a))
        .collect()
}

/// Whether a delay server answers at `e`'s URL, asked once before a run
/// (nothing is sent before Run is clicked: a link's URL is only filled
/// in). Only a refused request is "no": a server that answers slowly (or
/// stalls on purpose, as the timeout tests' does) passes after 1.5 s, and
/// the run then reports what each request met. The in-page and "any URL"
/// endpoints are not asked.
pub async fn probe(e: &Endpoint) -> Result<(), String> {
    let (Endpoint::Server(base) | Endpoint::Sharded(base)) = e else {
        return Ok(());
    };
    let window = web_sys::window().ok_or("no window")?;
    // The server itself, under its own name (a sharded run's names all
    // reach it): no latency, no fault.
    let url = Endpoint::Server(base.clone()).url(0, 0, 0);
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(PROBE_MS)));
    let err = match JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await {
        Ok(_) => return Ok(()),
        Err(err) => err,
    };
    // Told apart as every request's failure is (`request_error`).
    match process_module::blocking::request_error(0, &err, PROBE_MS) {
        Outcome::TimedOut(_) => Ok(()),
        _ => Err(lab::form::no_delay_server(
            base,
            &process_module::js_error::text(&err),
        )),
    }
}

/// How long [`probe`] waits before taking a silent server as there.
const PROBE_MS: u32 = 1500;
