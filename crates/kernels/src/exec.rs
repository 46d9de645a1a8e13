//! How tasks are run: one after another, or by a fixed number of workers.
//!
//! Both take the same per-task function, so sequential and parallel runs
//! differ only in scheduling. Neither knows where it runs: in the browser
//! both are called inside the wasm rayon pool, never on the page's thread.

use crate::gil::{Checkpoint, Gil, GilCheck};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A clock in milliseconds whose readings compare across threads.
///
/// In the browser each worker's `performance.now()` counts from that
/// worker's own start, so the page passes `timeOrigin + now()`, the same
/// instant on every thread; natively, time since a fixed `Instant`.
pub type Clock = fn() -> f64;

/// Completed-task counter, read by the page to draw a progress bar while
/// workers write it (atomic, so reading it never blocks), the clock task
/// spans are read from, if the caller wants a timeline, and the run's
/// cancel flag (Stop): once set, no worker claims another task.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    clock: Option<Clock>,
    cancelled: AtomicBool,
}

impl Progress {
    /// A counter whose runs also record when each task started and ended.
    #[must_use]
    pub fn timed(clock: Clock) -> Self {
        Self {
            done: AtomicUsize::new(0),
            clock: Some(clock),
            cancelled: AtomicBool::new(false),
        }
    }

    /// Asks the run to stop: each worker finishes the task it is on and
    /// claims no other. (A task is not interrupted: the page keeps tasks
    /// short enough for a prompt stop, see README.)
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether [`Progress::cancel`] was called; the run's outputs are then
    /// those of the tasks that ran, fewer than asked.
    #[must_use]
    pub fn cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Tasks completed so far.
    #[must_use]
    pub fn done(&self) -> usize {
        self.done.load(Ordering::Relaxed)
    }

    fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// Runs `f` for `task` on `worker`, noting its span when timed.
    fn timed_task<O>(
        &self,
        task: usize,
        worker: usize,
        spans: &mut Vec<TaskSpan>,
        f: impl FnOnce() -> O,
    ) -> O {
        let Some(clock) = self.clock else {
            return f();
        };
        let start = clock();
        let o = f();
        spans.push(TaskSpan {
            task,
            worker,
            start,
            end: clock(),
        });
        o
    }
}

/// When one task ran, on the [`Clock`] the run was given.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TaskSpan {
    /// The task's index.
    pub task: usize,
    /// Which worker (claimant) ran it: 0 for a sequential run.
    pub worker: usize,
    /// Its start, in the clock's ms.
    pub start: f64,
    /// Its end, in the clock's ms.
    pub end: f64,
}

/// Outputs of a run, in task order, which rayon thread ran each task, and
/// (for a timed run) when.
#[derive(Debug)]
pub struct Ran<O> {
    /// Output `i` is task `i`'s.
    pub outputs: Vec<O>,
    /// The rayon thread index that ran task `i` (`None` outside a pool).
    pub threads: Vec<Option<usize>>,
    /// Task spans in task order; empty unless [`Progress::timed`].
    pub spans: Vec<TaskSpan>,
}

impl<O> Ran<O> {
    /// How many distinct threads ran at least one task.
    #[must_use]
    pub fn threads_used(&self) -> usize {
        let mut t: Vec<_> = self.threads.clone();
        t.sort_unstable();
        t.dedup();
        t.len()
    }
}

/// Runs tasks `0..n` one after another on the calling thread.
pub fn run_sequential<O>(n: usize, task: impl Fn(usize) -> O, progress: &Progress) -> Ran<O> {
    let here = rayon::current_thread_index();
    let mut spans = Vec::new();
    let outputs: Vec<O> = (0..n)
        .take_while(|_| !progress.cancelled())
        .map(|i| {
            let o = progress.timed_task(i, 0, &mut spans, || task(i));
            progress.tick();
            o
        })
        .collect();
    Ran {
        threads: vec![here; outputs.len()],
        outputs,
        spans,
    }
}

/// Runs tasks `0..n` on `workers` jobs of the current rayon pool that each take
/// the next unclaimed task until none is left.
///
/// This is a pool of `workers` threads pulling from one queue (like
/// `multiprocessing.Pool` with chunksize 1, or `ThreadPoolExecutor`), built on
/// the rayon pool because a wasm rayon pool can be created only once, at its
/// full size: a smaller "pool" is this many claimants on the big one.
/// Parallelism is at most `min(workers, pool threads)`.
pub fn run_workers<O: Send>(
    n: usize,
    workers: usize,
    task: impl Fn(usize) -> O + Sync,
    progress: &Progress,
) -> Ran<O> {
    claimants(n, workers, progress, |_| (), |()| (), |i, ()| task(i))
}

/// Like [`run_workers`], but every worker must hold `gil` to run, as CPython
/// threads must: it takes the lock before its first task, offers it up at
/// every checkpoint inside a task and between tasks, and releases it at the end.
pub fn run_workers_gil<O: Send>(
    n: usize,
    workers: usize,
    gil: &Gil,
    task: impl Fn(usize, &GilCheck<'_>) -> O + Sync,
    progress: &Progress,
) -> Ran<O> {
    claimants(
        n,
        workers,
        progress,
        |me| {
            gil.acquire(me);
            gil.checkpoint(me)
        },
        |_| gil.release(),
        |i, check| {
            let o = task(i, check);
            check.check();
            o
        },
    )
}

/// `workers` claimants: each calls `enter` with its index, runs `task` on
/// tasks it claims, then `leave`.
fn claimants<O: Send, S>(
    n: usize,
    workers: usize,
    progress: &Progress,
    enter: impl Fn(usize) -> S + Sync,
    leave: impl Fn(S) + Sync,
    task: impl Fn(usize, &S) -> O + Sync,
) -> Ran<O> {
    let next = AtomicUsize::new(0);
    // Each worker hands in its results once, at its end: the lock is taken
    // `workers` times per run, on pool threads only.
    let done: Mutex<Vec<(usize, Option<usize>, O)>> = Mutex::new(Vec::with_capacity(n));
    let spans: Mutex<Vec<TaskSpan>> = Mutex::new(Vec::new());
    rayon::scope(|s| {
        for me in 0..workers.max(1) {
            let (next, done, spans, enter, leave, task) =
                (&next, &done, &spans, &enter, &leave, &task);
            s.spawn(move |_| {
                let thread = rayon::current_thread_index();
                let session = enter(me);
                let mut mine = Vec::new();
                let mut my_spans = Vec::new();
                loop {
                    if progress.cancelled() {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let o = progress.timed_task(i, me, &mut my_spans, || task(i, &session));
                    mine.push((i, thread, o));
                    progress.tick();
                }
                leave(session);
                done.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .extend(mine);
                spans
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .extend(my_spans);
            });
        }
    });
    let mut all = done
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    all.sort_unstable_by_key(|&(i, _, _)| i);
    let (threads, outputs) = all.into_iter().map(|(_, t, o)| (t, o)).unzip();
    let mut spans = spans
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    spans.sort_unstable_by_key(|s| s.task);
    Ran {
        outputs,
        threads,
        spans,
    }
}
