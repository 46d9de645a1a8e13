//! Checking one answer of the latency endpoint, wherever it was received:
//! by `fetch` on the page, or by a blocking request in a worker.

use kernels::io::Endpoint;
use serde::Deserialize;

/// What the endpoint sends back.
#[derive(Deserialize)]
struct Answer {
    id: u32,
    token: u32,
}

/// The token in an answer to request `id`, or why the answer is not one.
///
/// `mark` is the response's `x-endpoint` header, which must be the one
/// `endpoint` marks its answers with: an answer from anyone else (the dev
/// server's 404 page, a stale cache) must not pass for a result. An
/// [`Endpoint::Any`] answer counts as its status, which must be 2xx.
///
/// # Errors
/// A wrong responder, a failed status, unreadable JSON, or the answer to
/// another request.
pub fn check(
    id: u32,
    status: u16,
    mark: Option<&str>,
    endpoint: &Endpoint,
    text: &str,
) -> Result<u32, String> {
    let Some(expected) = endpoint.mark() else {
        if !(200..300).contains(&status) {
            let head: String = text.chars().take(200).collect();
            return Err(format!("request {id}: HTTP {status}: {head}"));
        }
        return Ok(u32::from(status));
    };
    if mark != Some(expected) {
        return Err(format!(
            "request {id} was answered by something other than the {expected} endpoint (HTTP {status}): reload the page so the endpoint serves it"
        ));
    }
    if !(200..300).contains(&status) {
        return Err(format!("request {id}: HTTP {status}: {text}"));
    }
    let a: Answer = serde_json::from_str(text)
        .map_err(|e| format!("request {id}: bad answer {text:?}: {e}"))?;
    if a.id != id {
        return Err(format!("request {id} got the answer for request {}", a.id));
    }
    Ok(a.token)
}

/// Why a worker's synchronous request to the in-page endpoint (a process's,
/// where the page cannot relay it) came back from someone else: the browser
/// sent it past the service worker. WebKit does; with `SharedArrayBuffer`
/// the page relays it through its own `fetch`, which the worker answers.
#[must_use]
pub fn past_service_worker(id: u32) -> String {
    format!(
        "request {id}: {PAST_SERVICE_WORKER} (WebKit does), and without SharedArrayBuffer the \
         page cannot make it instead: processes cannot use the in-page endpoint here; a delay \
         server or any URL works"
    )
}

const PAST_SERVICE_WORKER: &str =
    "this browser sent a worker's synchronous request past the service worker";

/// Whether a request's failure is [`past_service_worker`]'s: then no
/// request of that mode can succeed, and the mode did not run.
#[must_use]
pub fn is_past_service_worker(why: &str) -> bool {
    why.contains(PAST_SERVICE_WORKER)
}
