//! `./dev bench`: how fast the playground is, against native code and
//! against the ideal, each figure a ratio of two measurements made side by
//! side in one run.
//!
//! It builds the page as deployed (`./dev build`: the `dist` profile and
//! wasm-opt), serves it the way Netlify serves its `_headers` (so it is
//! cross-origin isolated from the first load), drives it in headless
//! Chromium through links and the Run button, reads the page's own JSON and
//! trace exports, and runs the same `kernels` natively (the bench profile:
//! release settings) in between. Prints a Markdown report on stdout and
//! writes every sample to `target/bench/report.json`; a full run (no
//! section named) also writes the report, headed by its date, machine and
//! commit, to `docs/benchmark.md`, the file the README points to.
//!
//! Not a test: nothing here asserts a speed (a 2-core VM's figures move
//! with its neighbours). It does check that every run computed the native
//! checksum, since a fast wrong answer is no figure at all.

#[path = "../e2e/engine.rs"]
#[allow(
    dead_code,
    reason = "shared with the browser tests; the bench drives Chromium only"
)]
mod engine;
#[path = "../e2e/harness.rs"]
#[allow(
    dead_code,
    reason = "shared with the browser tests; the bench uses the static site, not trunk serve"
)]
mod harness;
#[path = "../e2e/page.rs"]
#[allow(
    dead_code,
    reason = "shared with the browser tests, which use all of it"
)]
mod page;

mod browser;
mod cpython;
mod losses;
mod native;
#[path = "../python.rs"]
mod python;
mod report;
mod suites;
mod weight;

use std::process::ExitCode;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    // `./dev bench io` runs one suite (cargo adds `--bench` of its own).
    let only = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    match suites::all(only.as_deref()) {
        Ok(report) => {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
            let path = dir.join("report.json");
            let written =
                std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, report.json()));
            println!("{}", report.markdown());
            if only.is_none() {
                let doc = dir.join("../../docs/benchmark.md");
                let text = format!("{}\n{}", report::provenance(), report.markdown());
                match std::fs::write(&doc, text) {
                    Ok(()) => eprintln!("bench: the report is in {}", doc.display()),
                    Err(e) => eprintln!("bench: could not write {}: {e}", doc.display()),
                }
            }
            match written {
                Ok(()) => eprintln!(
                    "bench: done in {:.0} s; every sample in {}",
                    started.elapsed().as_secs_f64(),
                    path.display()
                ),
                Err(e) => {
                    eprintln!("bench: could not write {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}
