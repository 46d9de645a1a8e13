//! Our own workers besides rayon's: *processes* and blocking I/O *threads*.
//!
//! Both are module workers running `workers.js`. A process loads the
//! process module (crates/process-module: the kernels, nothing of the page) with
//! a fresh memory and talks in serialized messages; a thread loads this
//! same module again with the page's shared memory and takes jobs from a
//! queue in it. This file binds `workers.js` and starts a worker; a
//! process's page side is `process`, a thread's both sides `threads` (its
//! worker-side entry point, `thread_serve`, is exported there);
//! `processes` is the pool of processes with its supervisor, `supervised`
//! the CPU modes' rayon pool, `pool` the page's.

pub mod pool;
pub mod process;
pub mod processes;
pub mod supervised;
pub mod threads;

use futures::channel::oneshot;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/workers/workers.js")]
extern "C" {
    #[wasm_bindgen(js_name = spawnWorker, catch)]
    fn spawn_worker(
        main_js: &str,
        module: &JsValue,
        memory: &JsValue,
        kind: &str,
    ) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(js_name = whenTrapped)]
    pub(crate) fn when_trapped(worker: &web_sys::Worker) -> js_sys::Promise;

    /// Whether blocking requests are relayed through the page's `fetch`
    /// (see `workers.js`): on a cross-origin isolated page.
    #[wasm_bindgen(js_name = canRelay)]
    pub fn relays() -> bool;

    /// The wasm memory of the last process started, as it started, in bytes.
    #[wasm_bindgen(js_name = lastProcessMemory)]
    pub(crate) fn last_process_memory() -> f64;

    #[wasm_bindgen(js_name = ask, catch)]
    pub(crate) fn ask_js(
        worker: &web_sys::Worker,
        body: &js_sys::Uint8Array,
    ) -> Result<js_sys::Promise, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// The URL of this module's JS glue: in the glue, `import.meta.url`.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static MAIN_JS: String;
}

/// Starts a worker: a process (the process module, its own memory) or a
/// thread (this module, the page's shared memory).
pub(crate) async fn spawn(kind: &str, memory: &JsValue) -> Result<web_sys::Worker, String> {
    let main_js = MAIN_JS.with(Clone::clone);
    let promise = spawn_worker(&main_js, &wasm_bindgen::module(), memory, kind)
        .map_err(|e| process_module::js_error::text(&e))?;
    JsFuture::from(promise)
        .await
        .map(JsCast::unchecked_into)
        .map_err(|e| process_module::js_error::text(&e))
}

/// The size of the page's wasm memory, in bytes: its high-water mark (a
/// wasm memory grows, never shrinks). The soak test reads it.
#[wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    process_module::memory_bytes()
}

/// Runs `start` (a pool's start) to its end even if the caller stops
/// waiting: a pool nobody wants any more is dropped, which ends its workers.
pub async fn start_detached<T: 'static>(
    start: impl Future<Output = Result<T, String>> + 'static,
) -> Result<T, String> {
    start_detached_or(start, drop).await
}

/// Runs `start` on its own, and hands what it started to `unwanted` if the
/// caller has stopped waiting by then.
pub(crate) async fn start_detached_or<T: 'static>(
    start: impl Future<Output = Result<T, String>> + 'static,
    unwanted: impl FnOnce(T) + 'static,
) -> Result<T, String> {
    let (tx, rx) = oneshot::channel();
    wasm_bindgen_futures::spawn_local(async move {
        // An `Err` here gives the result back: nobody is waiting for it.
        if let Err(Ok(started)) = tx.send(start.await) {
            unwanted(started);
        }
    });
    rx.await.map_err(|_| "the start was abandoned".to_owned())?
}
