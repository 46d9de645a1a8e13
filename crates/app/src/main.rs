//! Scaling Playground's page: mounts the app, nothing else.
//!
//! This binary is the wasm module the page loads, and also the module
//! rayon's workers and our I/O threads load (sharing the page's memory,
//! where `main` does not run). Processes load a module of their own
//! (crates/process-module).

mod browser;
mod kit;
mod links;
mod modes;
mod net;
mod page;
mod panels;
mod report;
mod session;
mod tour;
mod workers;

fn main() {
    workers::supervised::install_hook();
    leptos::mount::mount_to_body(page::App);
    // Drawn, and every Run accepts a click (one made while a part of the
    // page still starts waits for it): what the benchmark times.
    browser::caps::mark("playground-ready");
}
