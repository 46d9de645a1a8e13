//! Shared helpers: one `check` per kind of expectation.

use kernels::{Checksum, Job, Output, Progress, Workload};

/// Runs `w` sequentially and on `workers` pool workers, checks both give the
/// same outputs in task order, and returns the sequential outputs and checksum.
pub fn check_parity(w: &Workload, workers: usize) -> (Vec<Output>, Checksum) {
    let job = w
        .prepare()
        .unwrap_or_else(|e| panic!("{w:?} rejected: {e}"));
    let seq = run(&job, None);
    let par = run(&job, Some(workers));
    assert_eq!(seq.len(), job.len(), "{w:?}: one output per task");
    assert_eq!(seq, par, "{w:?}: sequential and {workers} workers differ");
    let sum = kernels::workload::checksum(&seq);
    assert_eq!(sum, kernels::workload::checksum(&par));
    (seq, sum)
}

/// Runs a job sequentially (`None`) or on `Some(workers)`; checks progress counted every task.
pub fn run(job: &Job, workers: Option<usize>) -> Vec<Output> {
    let progress = Progress::default();
    let ran = match workers {
        None => kernels::run_sequential(job.len(), |i| job.run_task(i), &progress),
        Some(k) => kernels::run_workers(job.len(), k, |i| job.run_task(i), &progress),
    };
    assert_eq!(progress.done(), job.len(), "progress counts every task");
    assert_eq!(ran.threads.len(), job.len());
    ran.outputs
}

/// One small instance of every workload, with uneven task sizes, each big
/// enough to pass several GIL checkpoints inside a task.
pub fn small_workloads() -> Vec<Workload> {
    vec![
        Workload::Fib {
            ns: vec![20, 5, 25, 0, 1],
        },
        Workload::Regex {
            seed: 1,
            count: 30,
            len: 200,
        },
        Workload::SumRandom {
            seed: 1,
            tasks: 5,
            count: 20_000,
        },
        Workload::Mandelbrot(kernels::mandelbrot::Spec {
            width: 30,
            height: 17,
            max_iter: 50,
        }),
    ]
}

/// Milliseconds since the first call in this test process: one clock that
/// every thread reads alike, as `timeOrigin + now()` is in the browser.
pub fn clock() -> f64 {
    static T0: std::sync::LazyLock<std::time::Instant> =
        std::sync::LazyLock::new(std::time::Instant::now);
    T0.elapsed().as_secs_f64() * 1e3
}

/// Runs `script` under Node (the page's JavaScript, with stand-ins for the
/// browser) and returns what it printed; fails the test if Node fails.
pub fn node(script: &str) -> String {
    let out = std::process::Command::new("node")
        .args(["-e", script])
        .output()
        .expect("node runs (./dev test installs it)");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Loads `www/sw.js` under Node as the worker of `http://h/app/` (its
/// event handlers land in `self.on`), runs `then` in the same scope, and
/// returns what it printed.
pub fn with_service_worker(then: &str) -> String {
    let sw = concat!(env!("CARGO_MANIFEST_DIR"), "/../www/sw.js");
    node(&format!(
        "globalThis.self = {{ on: {{}}, addEventListener(t, f) {{ this.on[t] = f; }},\
           location: new URL('http://h/app/sw.js'), registration: {{ scope: 'http://h/app/' }} }};\
         require('vm').runInThisContext(require('fs').readFileSync({sw:?}, 'utf8'));\
         {then}"
    ))
}

/// What CPython's `re.search` said of one (pattern, text): the leftmost
/// match as UTF-8 byte offsets, no match, or the pattern refused.
#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(untagged)]
pub enum Said {
    /// The match, or `None`.
    Span(Option<(usize, usize)>),
    /// The pattern is refused (CPython's `re.error`).
    Refused(String),
}

/// Prints, for each [pattern, text] on stdin, CPython's `re.search` span
/// in UTF-8 bytes (null: no match; "error" where the pattern is refused).
const CPYTHON_SEARCH: &str = r#"
import json, re, sys
out = []
for pattern, text in json.load(sys.stdin):
    try:
        m = re.compile(pattern).search(text)
    except re.error:
        out.append("error")
        continue
    out.append(None if m is None else [len(text[:m.start()].encode()), len(text[:m.end()].encode())])
print(json.dumps(out))
"#;

/// CPython's `re.search` of each (pattern, text), in order, or `None` (and
/// says so) where `python3` is missing: CPython is a reference the team did
/// not write, on every machine here but not promised everywhere.
pub fn cpython_search(cases: &[(&str, &str)]) -> Option<Vec<Said>> {
    let input = serde_json::to_string(cases).expect("json");
    let Some(out) = crate::python::run(CPYTHON_SEARCH, &[], input.as_bytes()) else {
        eprintln!("skipped: no python3 here to compare against CPython");
        return None;
    };
    let out = String::from_utf8(out.expect("python3 runs")).expect("utf-8");
    let said: Vec<Said> = serde_json::from_str(out.trim()).expect("CPython's json");
    assert_eq!(said.len(), cases.len(), "one answer per case");
    Some(said)
}

/// The mode kind whose key is `key` (tables of cases name modes by key).
pub fn kind(key: &str) -> lab::ModeKind {
    lab::ModeKind::from_key(key).unwrap_or_else(|| panic!("no mode has the key {key}"))
}
