//! What runs inside a *process*: a worker with its own instance and its
//! own memory, fed serialized messages (`multiprocessing.Pool`'s worker).
//!
//! Built as its own wasm module (`process-module.js` and `process-module_bg.wasm` beside
//! the page's, by Trunk from index.html with the `module` feature) so that
//! a process loads the kernels and nothing of the page: no Leptos, no DOM
//! glue, no UI state. The page loads it on the first use of a process mode
//! (see `workers.js` in the app).
//!
//! The page links this crate too, as a library, for what its own blocking
//! I/O threads share with processes: the request that blocks a worker
//! ([`blocking`]), the clock every context shares ([`clock`]) and a
//! JavaScript error in words ([`js_error`]).

/// The stack a process runs on, in bytes (the process module is linked
/// with it; every other wasm module here has the linker's 1 MiB).
///
/// Why smaller: a process's memory is its stack, its data and its heap, and
/// the stack is most of it as a process starts (1.2 MB with 1 MiB of
/// stack). What runs on it is bounded: fib recurses at most
/// `kernels::fib::MAX_N` deep, the regex kernel's one pattern nests a few
/// levels whatever the string, the rest are loops. The native tests run a
/// process's work at the deepest inputs the page accepts in a thread with a
/// quarter of this (`tests/native/processes.rs`; it passes with 16 KiB, the
/// least a native thread gets). Should it ever run out,
/// the wasm stack sits below the data (`--stack-first`), so an overflow is
/// a trap, not a corruption: the process dies, the pool replaces it, and
/// its chunk fails with the reason.
pub const STACK_BYTES: usize = include!("stack_bytes.in");

/// The size of this instance's wasm memory, in bytes: its high-water mark
/// (a wasm memory grows, never shrinks). The page's module and the process
/// module each export it as `wasm_memory_bytes` (the soak test reads the
/// page's; `workers.js` a process's as it starts).
pub fn memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    // A shared memory's buffer is a SharedArrayBuffer, which has the same
    // `byteLength`: read it by name, whichever it is.
    js_sys::Reflect::get(&memory.buffer(), &"byteLength".into())
        .ok()
        .and_then(|b| b.as_f64())
        .unwrap_or(0.0)
}

pub mod blocking;
pub mod clock;
pub mod js_error;
pub mod serve;

#[cfg(feature = "module")]
mod entry;
