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

pub mod blocking;
pub mod clock;
pub mod js_error;
pub mod serve;

#[cfg(feature = "module")]
mod entry;
