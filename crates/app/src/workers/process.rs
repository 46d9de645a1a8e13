//! A process: a worker with its own instance of this module and its own
//! memory, fed serialized messages. The page's side (start, ask, end, the
//! count of live ones) and the process's side (`process_serve`, exported
//! to `workers.js`) of one protocol.

use super::{ask_js, spawn, start_detached_or};
use kernels::message::{self, Answer, Fault, Reply, Request};
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Processes started and not yet ended: what the tests read (through
/// `wasmBindings.live_processes()`) to check that Stop and the supervisor
/// leave none behind and none missing.
static LIVE_PROCESSES: AtomicUsize = AtomicUsize::new(0);

/// How many processes are alive (started, not yet ended by the page).
#[wasm_bindgen]
pub fn live_processes() -> usize {
    LIVE_PROCESSES.load(Ordering::Relaxed)
}

/// Starts a process: a worker sharing nothing with the page.
///
/// The start runs to its end even if the caller stops waiting (Stop drops
/// a run mid-start): a process that arrives when nobody wants it any more
/// is ended at once, rather than left started and unowned.
pub async fn spawn_process() -> Result<web_sys::Worker, String> {
    let start = async {
        let w = spawn("process", &JsValue::UNDEFINED).await?;
        LIVE_PROCESSES.fetch_add(1, Ordering::Relaxed);
        Ok(w)
    };
    // A worker is not ended by dropping it: end it by hand.
    start_detached_or(start, |unwanted| end_process(&unwanted)).await
}

/// Ends a process started by [`spawn_process`] (alive or dead already).
pub fn end_process(w: &web_sys::Worker) {
    w.terminate();
    LIVE_PROCESSES.fetch_sub(1, Ordering::Relaxed);
}

/// Sends one request (see [`message::encode`]) to a process and waits for
/// its answer.
pub async fn ask(worker: &web_sys::Worker, request: &[u8]) -> Result<Answer, String> {
    // A copy outside the page's shared memory: the message moves (is
    // transferred, not copied again) to the process, which shares nothing.
    let body = js_sys::Uint8Array::from(request);
    let promise = ask_js(worker, &body).map_err(|e| crate::browser::js_error::text(&e))?;
    let reply = JsFuture::from(promise)
        .await
        .map_err(|e| crate::browser::js_error::text(&e))?
        .dyn_into::<js_sys::Uint8Array>()
        .map_err(|_| "the process sent no bytes")?
        .to_vec();
    message::decode(&reply).map_err(|e| format!("unreadable reply from a process: {e}"))
}

/// A process's whole job: one serialized request in, one serialized reply
/// out, written into `spare` (a buffer the page sent back, see `ask` in
/// `workers.js`) when it is large enough, else into a new one.
///
/// Why reuse: the reply must leave this instance's memory in a buffer of
/// its own (only such a buffer can be transferred), and a new buffer of
/// megabytes is memory the system has to hand out and zero page by page.
/// Measured in Chromium on this 2-core VM, one process, 8.4 MB replies:
/// copying into a new buffer took 7-12 ms (about 0.9 GB/s, while the page
/// copies the same bytes into its warm memory in 1 ms); into a reused one,
/// 0.8-1.5 ms. The page's data rate with one process rose from 325 to
/// 856 MB/s (medians of five runs, 33.6 MB each).
///
/// Runs inside a process worker, called by `workers.js` for each message.
#[wasm_bindgen]
pub fn process_serve(request: &[u8], spare: Option<js_sys::Uint8Array>) -> js_sys::Uint8Array {
    let bytes = serve_bytes(request);
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    match spare {
        Some(s) if s.length() >= len => {
            let view = s.subarray(0, len);
            view.copy_from(&bytes);
            view
        }
        _ => js_sys::Uint8Array::from(&bytes[..]),
    }
}

/// [`process_serve`]'s reply as bytes in this instance's memory.
fn serve_bytes(request: &[u8]) -> Vec<u8> {
    let reply = match message::decode::<Request>(request) {
        Ok(Request::Cpu(tasks)) => message::serve_cpu(&tasks, crate::browser::caps::epoch_now),
        // Both faults trap (the build aborts on a panic): this instance is
        // done for, and `workers.js` closes the worker.
        Ok(Request::Faulty(tasks, Fault::Panic(i))) => {
            message::serve_cpu_panicking(&tasks, Some(i), crate::browser::caps::epoch_now)
        }
        Ok(Request::Faulty(_, Fault::Die)) => std::process::abort(),
        Ok(Request::Get {
            endpoint,
            gets,
            timeout_ms,
        }) => {
            // Every request is tried (and retried) and its outcome sent
            // back: a failing endpoint is what is measured, not a failure.
            let mut outcomes = Vec::with_capacity(gets.len());
            let mut times = Vec::with_capacity(gets.len());
            for (id, urls) in gets {
                let start = crate::browser::caps::epoch_now();
                let (o, attempts) = crate::net::blocking::retrying(
                    urls.len(),
                    || false,
                    |a| crate::net::blocking::blocking_get(&urls[a], id, &endpoint, timeout_ms),
                );
                outcomes.push((id, o, attempts));
                times.push((start, crate::browser::caps::epoch_now()));
            }
            Answer {
                reply: Reply::Get(outcomes),
                times,
            }
        }
        Err(e) => Answer {
            reply: Reply::Failed(format!("unreadable request: {e}")),
            times: Vec::new(),
        },
    };
    message::encode(&reply)
}
