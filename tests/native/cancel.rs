//! Stop: a run whose progress is cancelled claims no further task, in every
//! way of running, and says it was cancelled; the page then drops the
//! partial outputs.

use kernels::{Gil, Progress};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Runs 1000 tasks of about a millisecond in `mode`, cancelling after
/// `after` tasks have started; returns how many tasks ran.
fn check(mode: &str, after: usize) -> usize {
    let progress = Progress::default();
    let started = AtomicUsize::new(0);
    let task = |i: usize| {
        if started.fetch_add(1, Ordering::SeqCst) + 1 == after {
            progress.cancel();
        }
        std::thread::sleep(Duration::from_micros(200));
        i
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .expect("pool");
    let ran = pool.install(|| match mode {
        "sequential" => kernels::run_sequential(1000, task, &progress),
        "threads" => kernels::run_workers(1000, 3, task, &progress),
        "gil" => {
            let gil = Gil::new(Duration::from_millis(1));
            kernels::run_workers_gil(1000, 3, &gil, |i, _| task(i), &progress)
        }
        _ => unreachable!("{mode}"),
    });
    assert!(progress.cancelled(), "{mode}");
    // Claimed before the flag was seen: at most one more task per worker.
    let n = ran.outputs.len();
    assert!(
        n >= after && n <= after + 3,
        "{mode}: {n} tasks ran, cancelled at {after}"
    );
    assert_eq!(
        n,
        started.load(Ordering::SeqCst),
        "{mode}: outputs of every started task"
    );
    assert_eq!(progress.done(), n, "{mode}");
    n
}

#[test]
fn a_cancelled_run_claims_no_further_task_in_any_mode() {
    for mode in ["sequential", "threads", "gil"] {
        for after in [1, 10, 500] {
            check(mode, after);
        }
    }
}

#[test]
fn a_run_cancelled_before_it_starts_runs_nothing() {
    let progress = Progress::default();
    progress.cancel();
    let ran = kernels::run_sequential(10, |i| i, &progress);
    assert!(ran.outputs.is_empty());
    let uncancelled = Progress::default();
    assert_eq!(
        kernels::run_sequential(10, |i| i, &uncancelled)
            .outputs
            .len(),
        10
    );
}
