//! How tasks are run: one after another, or by a fixed number of workers.
//!
//! Both take the same per-task function, so sequential and parallel runs
//! differ only in scheduling. Neither knows where it runs: in the browser
//! both are called inside the wasm rayon pool, never on the page's thread.

use crate::clock::Clock;
use crate::gil::{Checkpoint, Gil, GilCheck};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What a run its caller stopped (the Stop button) ends with, in every
/// mode: its tasks were not all run.
pub const STOPPED: &str = "stopped";

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
    /// short enough for a prompt stop, see docs/limitations.md.)
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
            me
        },
        |_| gil.release(),
        |i, &me| under_gil(gil, me, i, &task),
    )
}

/// Task `i` run by claimant `me`, which holds `gil`: with a checkpoint
/// inside, and one more after it (between tasks).
fn under_gil<O>(gil: &Gil, me: usize, i: usize, task: impl Fn(usize, &GilCheck<'_>) -> O) -> O {
    let check = gil.checkpoint(me);
    let o = task(i, &check);
    check.check();
    o
}

/// What the claimants of one run share: the next task to claim, and what
/// each hands in at its end.
struct Claims<O> {
    n: usize,
    next: AtomicUsize,
    // Each claimant hands in its results once, at its end: the locks are
    // taken `workers` times per run, on pool threads only.
    done: Mutex<Vec<(usize, Option<usize>, O)>>,
    spans: Mutex<Vec<TaskSpan>>,
}

impl<O> Claims<O> {
    fn new(n: usize) -> Self {
        Self {
            n,
            next: AtomicUsize::new(0),
            done: Mutex::new(Vec::with_capacity(n)),
            spans: Mutex::new(Vec::new()),
        }
    }

    /// Claimant `me`'s whole life: `enter`, then claim and run tasks until
    /// none is left or the run is cancelled, then `leave` and hand in.
    fn claim<S>(
        &self,
        me: usize,
        progress: &Progress,
        enter: impl FnOnce(usize) -> S,
        leave: impl FnOnce(S),
        task: impl Fn(usize, &S) -> O,
    ) {
        let thread = rayon::current_thread_index();
        let session = enter(me);
        let mut mine = Vec::new();
        let mut my_spans = Vec::new();
        loop {
            if progress.cancelled() {
                break;
            }
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            if i >= self.n {
                break;
            }
            let o = progress.timed_task(i, me, &mut my_spans, || task(i, &session));
            mine.push((i, thread, o));
            progress.tick();
        }
        leave(session);
        lock(&self.done).extend(mine);
        lock(&self.spans).extend(my_spans);
    }

    /// The run in task order; called once every claimant has handed in.
    fn gather(&self) -> Ran<O> {
        let mut all = std::mem::take(&mut *lock(&self.done));
        all.sort_unstable_by_key(|&(i, _, _)| i);
        let (threads, outputs) = all.into_iter().map(|(_, t, o)| (t, o)).unzip();
        let mut spans = std::mem::take(&mut *lock(&self.spans));
        spans.sort_unstable_by_key(|s| s.task);
        Ran {
            outputs,
            threads,
            spans,
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `workers` claimants: each calls `enter` with its index, runs `task` on
/// tasks it claims, then `leave`; returns when all have.
fn claimants<O: Send, S>(
    n: usize,
    workers: usize,
    progress: &Progress,
    enter: impl Fn(usize) -> S + Sync,
    leave: impl Fn(S) + Sync,
    task: impl Fn(usize, &S) -> O + Sync,
) -> Ran<O> {
    let claims = Claims::new(n);
    rayon::scope(|s| {
        for me in 0..workers.max(1) {
            let (claims, enter, leave, task) = (&claims, &enter, &leave, &task);
            s.spawn(move |_| claims.claim(me, progress, enter, leave, task));
        }
    });
    claims.gather()
}

/// Like [`run_workers`], but returns at once: the claimants are spawned on
/// the current rayon pool, and the last one to finish calls `done` with
/// the run, on its own thread.
///
/// No thread waits for another, so a claimant that never finishes (its
/// thread died: in wasm a panic aborts the thread that panics) holds up
/// nobody else: the others finish, `done` is never called, and the pool's
/// other threads are idle again, free to exit when the pool is dropped.
/// This is how the page runs its CPU modes on a pool it can replace.
pub fn spawn_workers<O: Send + 'static>(
    n: usize,
    workers: usize,
    task: impl Fn(usize) -> O + Send + Sync + 'static,
    progress: Arc<Progress>,
    done: impl FnOnce(Ran<O>) + Send + 'static,
) {
    spawn_claimants(
        n,
        workers,
        progress,
        |_| (),
        |()| (),
        move |i, ()| task(i),
        done,
    );
}

/// [`run_workers_gil`] spawned as [`spawn_workers`] is: returns at once, and
/// the last claimant calls `done`.
pub fn spawn_workers_gil<O: Send + 'static>(
    n: usize,
    workers: usize,
    gil: Arc<Gil>,
    task: impl Fn(usize, &GilCheck<'_>) -> O + Send + Sync + 'static,
    progress: Arc<Progress>,
    done: impl FnOnce(Ran<O>) + Send + 'static,
) {
    let (enter, leave) = (Arc::clone(&gil), Arc::clone(&gil));
    spawn_claimants(
        n,
        workers,
        progress,
        move |me| {
            enter.acquire(me);
            me
        },
        move |_| leave.release(),
        move |i, &me| under_gil(&gil, me, i, &task),
        done,
    );
}

/// The detached form of [`claimants`].
fn spawn_claimants<O, S>(
    n: usize,
    workers: usize,
    progress: Arc<Progress>,
    enter: impl Fn(usize) -> S + Send + Sync + 'static,
    leave: impl Fn(S) + Send + Sync + 'static,
    task: impl Fn(usize, &S) -> O + Send + Sync + 'static,
    done: impl FnOnce(Ran<O>) + Send + 'static,
) where
    O: Send + 'static,
{
    let workers = workers.max(1);
    let shared = Arc::new((
        Claims::new(n),
        AtomicUsize::new(workers),
        enter,
        leave,
        task,
        Mutex::new(Some(done)),
    ));
    for me in 0..workers {
        let (shared, progress) = (Arc::clone(&shared), Arc::clone(&progress));
        rayon::spawn(move || {
            let (claims, left, enter, leave, task, done) = &*shared;
            claims.claim(me, &progress, enter, leave, task);
            if left.fetch_sub(1, Ordering::AcqRel) == 1
                && let Some(done) = lock(done).take()
            {
                done(claims.gather());
            }
        });
    }
}
