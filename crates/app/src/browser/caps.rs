//! What this browser offers: isolation, cores, timer resolution.

use wasm_bindgen::JsCast;

/// The browser's capabilities that decide which modes work and how well.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Caps {
    /// `crossOriginIsolated`: SharedArrayBuffer, hence wasm threads, need it.
    pub isolated: bool,
    /// Whether `SharedArrayBuffer` exists here. Isolation is necessary but
    /// not enough: WebKitGTK leaves it off even on an isolated page.
    pub shared_memory: bool,
    /// `navigator.hardwareConcurrency`.
    pub cores: usize,
    /// The smallest step `performance.now()` was seen to take, in ms.
    pub resolution_ms: f64,
}

impl Caps {
    /// Reads the capabilities of the page's own context.
    pub fn detect() -> Self {
        let global = js_sys::global();
        let isolated = js_sys::Reflect::get(&global, &"crossOriginIsolated".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let shared_memory =
            js_sys::Reflect::has(&global, &"SharedArrayBuffer".into()).unwrap_or(false);
        let cores = web_sys::window()
            .map_or(1.0, |w| w.navigator().hardware_concurrency())
            .max(1.0) as usize;
        Self {
            isolated,
            shared_memory,
            cores,
            resolution_ms: timer_resolution(),
        }
    }

    /// Whether wasm threads can run here: isolated, with shared memory.
    pub fn threads(self) -> bool {
        self.isolated && self.shared_memory
    }

    /// Why an isolated page still has no threads, if that is the case.
    pub fn isolated_without_shared_memory(self) -> Option<&'static str> {
        (self.isolated && !self.shared_memory).then_some(
            "this page is cross-origin isolated, but this browser offers no SharedArrayBuffer \
             (WebKitGTK leaves it off; Safari, Chrome and Firefox have it)",
        )
    }
}

/// `performance` of the current context, the page or a worker alike.
///
/// Each worker has its own time origin, so only differences of two readings
/// taken in the same context mean anything.
pub fn now() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .map(|p| p.unchecked_into::<web_sys::Performance>().now())
        .unwrap_or(f64::NAN)
}

/// Marks `name` on the page's performance timeline (`performance.mark`), for
/// tools that time the page from outside: the benchmarks read
/// `playground-ready` (drawn, the Run buttons usable) and `pool-ready` (the
/// thread pool up) from navigation start.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Now on the clock every context shares, `timeOrigin + now()`, in ms: the
/// one time base of the timelines (the process module's clock, which the
/// page's threads read too).
pub use process_module::clock::epoch_now;

/// Measures the timer's step: the smallest non-zero difference between
/// successive readings (5 µs when isolated, 100 µs otherwise in Chromium).
fn timer_resolution() -> f64 {
    let mut best = f64::INFINITY;
    let mut prev = now();
    let mut steps = 0;
    // Bounded: a few thousand readings take well under a millisecond.
    for _ in 0..200_000 {
        let t = now();
        if t > prev {
            best = best.min(t - prev);
            steps += 1;
            if steps == 20 {
                break;
            }
        }
        prev = t;
    }
    // Round away float noise (0.004999… → 0.005).
    if best.is_finite() {
        (best * 1e4).round() / 1e4
    } else {
        1.0
    }
}
