//! The one clock of the timelines, readable in the page and in any worker.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()` of the current context, page or worker.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;

    /// `performance.timeOrigin` of the current context: when it started.
    #[wasm_bindgen(thread_local_v2, js_namespace = performance, js_name = timeOrigin)]
    static TIME_ORIGIN: f64;
}

/// Now on the clock every context shares, `timeOrigin + now()`, in ms: the
/// one time base of the timelines. Each worker has its own time origin, so
/// `now()` alone means nothing outside its context. Cheap enough to read
/// around every task (a direct import, no property lookups).
pub fn epoch_now() -> f64 {
    lab::timeline::TimeBase::epoch(TIME_ORIGIN.with(|o| *o), performance_now())
}
