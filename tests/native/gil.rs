//! The GIL: one holder at a time, switches paced by the interval, no starvation.

use kernels::Progress;
use kernels::gil::{Checkpoint, Gil};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Runs `threads` threads that each hold the GIL and do checkpointed busy
/// work for `run`; returns how often two threads were inside at once, the
/// elapsed time, and the GIL.
fn contend(threads: usize, interval: Duration, run: Duration) -> (usize, Duration, Gil) {
    let gil = Gil::new(interval);
    let inside = AtomicUsize::new(0);
    let overlaps = AtomicUsize::new(0);
    let start = Instant::now();
    std::thread::scope(|s| {
        for me in 0..threads {
            let (gil, inside, overlaps) = (&gil, &inside, &overlaps);
            s.spawn(move || {
                let check = gil.checkpoint(me);
                gil.acquire(me);
                while start.elapsed() < run {
                    // Between checkpoints this thread must be alone.
                    if inside.fetch_add(1, Ordering::SeqCst) != 0 {
                        overlaps.fetch_add(1, Ordering::SeqCst);
                    }
                    std::hint::black_box(kernels::fib::fib(12));
                    inside.fetch_sub(1, Ordering::SeqCst);
                    check.check();
                }
                gil.release();
            });
        }
    });
    (overlaps.into_inner(), start.elapsed(), gil)
}

#[test]
fn only_one_thread_runs_at_a_time() {
    let (overlaps, _, gil) = contend(4, Duration::from_millis(2), Duration::from_millis(300));
    assert_eq!(overlaps, 0, "two threads ran under one GIL");
    assert!(
        gil.stats().handoffs > 0,
        "the lock did change hands: {:?}",
        gil.stats()
    );
}

#[test]
fn handoffs_are_paced_by_the_switch_interval() {
    // With no voluntary release, every hand-off needs a waiter to wait out a
    // whole interval first, so there can be at most elapsed / interval of them
    // (plus the first takes). A lock that switched on every checkpoint
    // would make thousands.
    let interval = Duration::from_millis(10);
    let (_, elapsed, gil) = contend(2, interval, Duration::from_millis(400));
    let stats = gil.stats();
    let bound = (elapsed.as_secs_f64() / interval.as_secs_f64()).ceil() as u64 + 2;
    assert!(stats.handoffs >= 1, "{stats:?}");
    assert!(
        stats.handoffs <= bound,
        "{stats:?} in {elapsed:?}: more than one per interval"
    );
    assert!(
        stats.drop_requests >= stats.handoffs.saturating_sub(2),
        "switches come from drop requests: {stats:?}"
    );
}

#[test]
fn a_waiter_gets_the_lock_from_a_busy_holder() {
    let gil = Gil::new(Duration::from_millis(5));
    let stop = AtomicBool::new(false);
    let got_it = std::thread::scope(|s| {
        let (gil_ref, stop_ref) = (&gil, &stop);
        s.spawn(move || {
            let check = gil_ref.checkpoint(0);
            gil_ref.acquire(0);
            while !stop_ref.load(Ordering::SeqCst) {
                check.check();
            }
            gil_ref.release();
        });
        // Let the holder start, then ask for the lock from another thread.
        std::thread::sleep(Duration::from_millis(20));
        let waiter = s.spawn(move || {
            let t = Instant::now();
            gil_ref.acquire(1);
            gil_ref.release();
            t.elapsed()
        });
        let waited = waiter.join().unwrap();
        stop.store(true, Ordering::SeqCst);
        waited
    });
    // Not a speed assertion: without drop requests the waiter would wait forever.
    assert!(got_it < Duration::from_secs(10), "waited {got_it:?}");
    assert!(gil.stats().drop_requests >= 1);
}

#[test]
fn every_workload_computes_the_same_under_the_gil() {
    let ws = crate::helpers::small_workloads();
    for w in &ws {
        let job = w.prepare().unwrap();
        let want = crate::helpers::run(&job, None);
        for k in [1, 2, 4] {
            let gil = Gil::new(Duration::from_micros(200));
            let p = Progress::default();
            let ran =
                kernels::run_workers_gil(job.len(), k, &gil, |i, c| job.run_task_with(i, c), &p);
            assert_eq!(ran.outputs, want, "{w:?} with {k} GIL threads");
            assert_eq!(p.done(), job.len());
        }
    }
}

#[test]
fn timed_runs_record_one_span_per_task_and_gil_holds_never_overlap() {
    let w = &crate::helpers::small_workloads()[0];
    let job = w.prepare().unwrap();
    for k in [1, 2, 3] {
        let gil = Gil::timed(Duration::from_micros(200), crate::helpers::clock);
        let p = Progress::timed(crate::helpers::clock);
        let before = crate::helpers::clock();
        let ran = kernels::run_workers_gil(job.len(), k, &gil, |i, c| job.run_task_with(i, c), &p);
        let after = crate::helpers::clock();
        let tasks: Vec<usize> = ran.spans.iter().map(|s| s.task).collect();
        assert_eq!(
            tasks,
            (0..job.len()).collect::<Vec<_>>(),
            "one span per task"
        );
        for s in &ran.spans {
            assert!(s.worker < k && before <= s.start && s.start <= s.end && s.end <= after);
        }
        // One worker's tasks follow one another.
        for me in 0..k {
            let mut mine: Vec<_> = ran.spans.iter().filter(|s| s.worker == me).collect();
            mine.sort_by(|a, b| a.start.total_cmp(&b.start));
            assert!(mine.windows(2).all(|w| w[0].end <= w[1].start));
        }
        // The lock's whole point: at most one holder at any time.
        let mut holds = gil.holds().expect("nobody holds it after the run");
        assert!(holds.len() >= k, "every worker held it at least once");
        holds.sort_by(|a, b| a.start.total_cmp(&b.start));
        for pair in holds.windows(2) {
            assert!(pair[0].end <= pair[1].start, "overlapping holds {pair:?}");
        }
        assert!(holds.iter().all(|h| h.worker < k && h.start <= h.end));
    }
}

#[test]
fn untimed_runs_record_nothing() {
    let gil = Gil::new(Duration::from_millis(5));
    let ran = kernels::run_workers_gil(3, 2, &gil, |i, _| i, &Progress::default());
    assert!(ran.spans.is_empty());
    assert_eq!(gil.holds(), Some(Vec::new()));
}
