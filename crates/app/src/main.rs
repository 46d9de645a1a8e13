//! Scaling Playground's page: mounts the app, nothing else.
//!
//! This binary is the wasm module the page loads, and also the module every
//! worker loads: rayon's and our I/O threads (sharing the page's memory,
//! where `main` does not run) and our processes (each with its own memory,
//! where `main` runs and must not mount).

mod browser;
mod kit;
mod links;
mod modes;
mod net;
mod page;
mod panels;
mod report;
mod session;
mod workers;

fn main() {
    workers::supervised::install_hook();
    // Our process workers instantiate this module with a fresh memory, which
    // makes them run `main` too; they have no window and nothing to mount.
    if web_sys::window().is_some() {
        leptos::mount::mount_to_body(page::App);
        // Drawn, and every Run accepts a click (one made while a part of
        // the page still starts waits for it): what the benchmark times.
        browser::caps::mark("playground-ready");
    }
}
