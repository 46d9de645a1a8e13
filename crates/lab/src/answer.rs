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
