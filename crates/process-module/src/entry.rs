//! The process module's exports, called by `workers.js` in a process.

use wasm_bindgen::prelude::*;

/// Runs once as the instance starts: a panic (an injected fault) is logged
/// with its message before the abort traps.
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// One message: `request` in, the reply out, written into `spare` (a
/// buffer the page sent back, see `ask` in `workers.js`) when it is large
/// enough, else into a new one.
///
/// Why reuse: the reply must leave this instance's memory in a buffer of
/// its own (only such a buffer can be transferred), and a new buffer of
/// megabytes is memory the system has to hand out and zero page by page.
/// Measured in Chromium on this 2-core VM, one process, 8.4 MB replies:
/// copying into a new buffer took 7-12 ms (about 0.9 GB/s, while the page
/// copies the same bytes into its warm memory in 1 ms); into a reused one,
/// 0.8-1.5 ms. The page's data rate with one process rose from 325 to
/// 856 MB/s (medians of five runs, 33.6 MB each).
#[wasm_bindgen]
pub fn process_serve(request: &[u8], spare: Option<js_sys::Uint8Array>) -> js_sys::Uint8Array {
    let bytes = crate::serve::serve_bytes(request);
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

/// This instance's wasm memory, in bytes ([`crate::memory_bytes`]): what
/// the benchmark reports as a process's memory (`workers.js` reads it as
/// it starts).
#[wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    crate::memory_bytes()
}
