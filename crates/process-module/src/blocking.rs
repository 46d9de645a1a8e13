//! The request a worker blocks in, as a Python thread does inside
//! `requests.get`: relayed through the page's `fetch` where the page is
//! isolated, else a synchronous request; then checked, and retried. Used
//! by processes and by the page's blocking I/O threads alike.

use kernels::io::{Endpoint, Outcome};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    /// The blocking request itself (`blockingGet` in the app's
    /// `workers.js`, the entry script of every worker that makes one, which
    /// sets it as this global before it loads a module). A global rather
    /// than a snippet: the process module's glue then imports nothing, so a
    /// process can load it from a blob the page made once (no fetch per
    /// process start).
    #[wasm_bindgen(js_name = scalingBlockingGet, catch)]
    fn blocking_get_js(url: &str, timeout_ms: u32) -> Result<JsValue, JsValue>;
}

/// One GET that blocks this worker until the answer is in: what a Python
/// thread does inside `requests.get`. Only ever called in workers (a sync
/// request on the page would freeze it).
pub fn blocking_get(url: &str, id: u32, endpoint: &Endpoint, timeout_ms: u32) -> Outcome {
    checked(blocking_fetch(url, id, timeout_ms), id, endpoint)
}

/// How request `id` ended, from what [`blocking_fetch`] received.
pub fn checked(raw: Result<Raw, Outcome>, id: u32, endpoint: &Endpoint) -> Outcome {
    match raw {
        Ok(raw) => raw.check(id, endpoint),
        Err(o) => o,
    }
}

/// Up to `attempts` tries of `one(attempt)` in a worker, the loop around
/// `requests.get` that retries ([`kernels::retry::blocking`]: this worker
/// sleeps through each backoff, a GIL not held), unless `stop()` says the
/// run is over. The last outcome, and the attempts made.
pub fn retrying(
    attempts: usize,
    stop: impl Fn() -> bool,
    mut one: impl FnMut(usize) -> Outcome,
) -> (Outcome, u32) {
    let retries = u32::try_from(attempts.saturating_sub(1)).unwrap_or(u32::MAX);
    let nap = |ms| std::thread::sleep(std::time::Duration::from_millis(u64::from(ms)));
    kernels::retry::blocking(retries, stop, nap, |a| one(a as usize))
}

/// How request `id` ended, from what the browser threw: a timeout (after
/// `timeout_ms`) is said and counted as such; anything else is quoted.
pub fn request_error(id: u32, e: &JsValue, timeout_ms: u32) -> Outcome {
    let name = js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    if name == "TimeoutError" {
        Outcome::TimedOut(format!("request {id} timed out after {timeout_ms} ms"))
    } else {
        Outcome::Failed(format!("request {id} failed: {}", crate::js_error::text(e)))
    }
}

/// An answer as received, not yet checked.
pub struct Raw {
    status: u16,
    mark: Option<String>,
    text: String,
    /// Whether the page made the request (else a synchronous one here).
    relayed: bool,
}

impl Raw {
    /// The token in the answer to request `id`, or why there is none.
    pub fn check(&self, id: u32, endpoint: &Endpoint) -> Outcome {
        // The page's worker is up (the endpoint waits for it before any
        // run), so a synchronous request that missed it was sent past it.
        if !self.relayed
            && matches!(endpoint, Endpoint::InPage)
            && self.mark.as_deref() != endpoint.mark()
        {
            return Outcome::Failed(lab::answer::past_service_worker(id));
        }
        match lab::answer::check(id, self.status, self.mark.as_deref(), endpoint, &self.text) {
            Ok(t) => Outcome::Answered(t),
            Err(e) => Outcome::Failed(e),
        }
    }
}

/// The blocking request itself, with nothing checked yet; it gives up after
/// `timeout_ms`. Relayed through the page's `fetch` (out of the HTTP cache,
/// which would let one request per URL out at a time) where the page is
/// isolated, else a synchronous request; this worker is blocked either way.
pub fn blocking_fetch(url: &str, id: u32, timeout_ms: u32) -> Result<Raw, Outcome> {
    let got = blocking_get_js(url, timeout_ms).map_err(|e| request_error(id, &e, timeout_ms))?;
    let field = |k: &str| js_sys::Reflect::get(&got, &k.into()).unwrap_or(JsValue::UNDEFINED);
    Ok(Raw {
        status: field("status")
            .as_f64()
            .and_then(|s| u16::try_from(s as i64).ok())
            .unwrap_or(0),
        mark: field("mark").as_string(),
        text: field("text").as_string().unwrap_or_default(),
        relayed: field("relayed").as_bool().unwrap_or(false),
    })
}
