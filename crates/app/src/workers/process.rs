//! A process on the page's side: start one, ask it, end it, and count the
//! live ones. What runs inside it is the process module (crates/process-module).

use super::{ask_js, spawn, start_detached_or};
use kernels::message::{self, Answer};
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

/// The wasm memory of the last process started, as it started, in bytes
/// (0 before any): what the benchmark reports as a process's memory.
#[wasm_bindgen]
pub fn process_memory_bytes() -> f64 {
    super::last_process_memory()
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
    let promise = ask_js(worker, &body).map_err(|e| process_module::js_error::text(&e))?;
    let reply = JsFuture::from(promise)
        .await
        .map_err(|e| process_module::js_error::text(&e))?
        .dyn_into::<js_sys::Uint8Array>()
        .map_err(|_| "the process sent no bytes")?
        .to_vec();
    message::decode(&reply).map_err(|e| format!("unreadable reply from a process: {e}"))
}
