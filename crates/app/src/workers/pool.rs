//! The wasm rayon pool: start it, and hand it work without blocking the page.
//!
//! **Invariant:** the page's thread never waits for the pool. Work goes in
//! with `rayon::spawn` and comes back through a oneshot channel the page
//! awaits; a blocking call here would freeze rendering and the event loop
//! that the I/O modes run on (and `Atomics.wait` is forbidden on it anyway).

use futures::channel::oneshot;
use wasm_bindgen_futures::JsFuture;

/// Starts `threads` web workers for the global rayon pool and returns the
/// number of threads rayon really has, and how long starting them took (ms;
/// each worker fetches and instantiates the module: setup, shown apart). Call once, and only when the page is
/// cross-origin isolated (the workers share the module's memory).
pub async fn start(threads: usize) -> Result<(usize, f64), String> {
    let t0 = crate::browser::caps::now();
    JsFuture::from(wasm_bindgen_rayon::init_thread_pool(threads))
        .await
        .map_err(|e| {
            format!(
                "the thread pool did not start: {}",
                process_module::js_error::text(&e)
            )
        })?;
    Ok((
        rayon::current_num_threads(),
        crate::browser::caps::now() - t0,
    ))
}

/// Runs `f` on a pool thread and resolves with its result.
pub async fn run<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    let (tx, rx) = oneshot::channel();
    rayon::spawn(move || {
        // The page may have gone away; nothing to do then.
        let _ = tx.send(f());
    });
    rx.await
        .map_err(|_| "a pool thread stopped before finishing its task".to_owned())
}
