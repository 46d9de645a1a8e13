//! A thread that dies mid-run. In the browser a panic aborts the thread
//! that panics (the module is built with `panic=abort`), so the page runs
//! its CPU modes with claimants that wait for nobody (`spawn_workers`) and
//! has a dying GIL holder let go of the lock. Natively a thread that never
//! comes back from a task stands in for the dead one.

use kernels::{Gil, Progress, Ran};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A task that "dies" (blocks until the test ends, cancelling the run as
/// the page's panic hook does) when it is task `dead`; else returns `i`.
struct Dying {
    dead: usize,
    release: Mutex<Receiver<()>>,
}

impl Dying {
    fn run(&self, i: usize, progress: &Progress, on_death: impl FnOnce()) -> usize {
        if i == self.dead {
            progress.cancel();
            on_death();
            let _ = self.release.lock().unwrap().recv();
        }
        i
    }
}

/// Spawns 200 tasks on `k` claimants of a 3-thread pool with task 7 dying,
/// `gil` or not; returns whether `done` was called, and the tasks that
/// completed, once the survivors are idle.
fn check(k: usize, gil: bool) -> (bool, usize) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .expect("pool");
    let (release, rx) = channel();
    let dying = Arc::new(Dying {
        dead: 7,
        release: Mutex::new(rx),
    });
    let progress = Arc::new(Progress::default());
    let (tx, finished) = channel::<Ran<usize>>();
    {
        let progress = Arc::clone(&progress);
        pool.spawn(move || {
            let p = Arc::clone(&progress);
            if gil {
                let lock = Arc::new(Gil::new(Duration::from_millis(1)));
                let held = Arc::clone(&lock);
                kernels::spawn_workers_gil(
                    200,
                    k,
                    lock,
                    move |i, c| {
                        std::thread::sleep(Duration::from_micros(300));
                        dying.run(i, &p, || held.abandon(c.worker()))
                    },
                    progress,
                    move |ran| drop(tx.send(ran)),
                );
            } else {
                kernels::spawn_workers(
                    200,
                    k,
                    move |i| {
                        std::thread::sleep(Duration::from_micros(300));
                        dying.run(i, &p, || {})
                    },
                    progress,
                    move |ran| drop(tx.send(ran)),
                );
            }
        });
    }
    // The survivors finish: the pool has a free thread again soon after,
    // though one of its threads never comes back.
    let idle = Arc::new(AtomicBool::new(false));
    for _ in 0..200 {
        let flag = Arc::clone(&idle);
        // Survivors return to the pool once they see the cancel; a job
        // spawned now runs on one of them.
        pool.spawn(move || flag.store(true, Ordering::SeqCst));
        std::thread::sleep(Duration::from_millis(10));
        if idle.load(Ordering::SeqCst) && progress.cancelled() {
            break;
        }
    }
    assert!(
        idle.load(Ordering::SeqCst),
        "the pool never ran another job"
    );
    std::thread::sleep(Duration::from_millis(50));
    let called = finished.try_recv().is_ok();
    let done = progress.done();
    drop(release);
    (called, done)
}

#[test]
fn a_dead_claimant_holds_up_no_other_and_the_run_never_says_done() {
    for (k, gil) in [(1, false), (3, false), (5, false), (3, true), (5, true)] {
        let (called, done) = check(k, gil);
        assert!(
            !called,
            "k={k} gil={gil}: done called without the dead task"
        );
        // The dead task never ticks; the others stop at the cancel.
        assert!(done < 200, "k={k} gil={gil}: {done} tasks done");
    }
}

#[test]
fn a_spawned_run_without_deaths_is_the_run_that_waits() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .expect("pool");
    for w in crate::helpers::small_workloads() {
        let job = Arc::new(w.prepare().expect("valid"));
        let want = crate::helpers::run(&job, None);
        for k in [1, 2, 3, 7] {
            for gil in [false, true] {
                let (tx, rx) = channel();
                let progress = Arc::new(Progress::default());
                let (j, p, n) = (Arc::clone(&job), Arc::clone(&progress), job.len());
                pool.spawn(move || {
                    let done = move |ran: Ran<kernels::Output>| drop(tx.send(ran));
                    if gil {
                        let lock = Arc::new(Gil::new(Duration::from_millis(1)));
                        let run = move |i, c: &kernels::gil::GilCheck<'_>| j.run_task_with(i, c);
                        kernels::spawn_workers_gil(n, k, lock, run, p, done);
                    } else {
                        kernels::spawn_workers(n, k, move |i| j.run_task(i), p, done);
                    }
                });
                let ran = rx.recv_timeout(Duration::from_secs(60)).expect("done");
                assert_eq!(ran.outputs, want, "{w:?} k={k} gil={gil}");
                assert_eq!(progress.done(), job.len());
            }
        }
    }
}
