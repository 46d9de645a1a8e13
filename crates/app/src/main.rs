//! Scaling Playground's page: mounts the app, nothing else.
//!
//! This binary is the wasm module the page loads, and also the module every
//! rayon worker loads; `main` runs on the page's thread only.

mod caps;
mod cpu;
mod io;
mod meter;
mod pool;
mod ui;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ui::App);
}
