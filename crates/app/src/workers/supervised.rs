//! The CPU modes' rayon pool, which the page replaces when one of its
//! threads dies, and the panic hook that tells the page which task killed it.
//!
//! Why a pool of our own: this build aborts on a panic (`panic=unwind` does
//! not build with Leptos 0.8), and in wasm an abort traps the thread it
//! happens on, in the middle of its job. In wasm-bindgen-rayon's global
//! pool nobody would hear of it, the job would never end, and the pool
//! (made once per page) would be short of a thread for good. So the CPU
//! modes run on a `rayon::ThreadPool` built with a `spawn_handler` over our
//! own shared-memory thread workers ([`IoThreads`]), whose script reports a
//! trap. The page then knows the run is lost, reads what the panic hook
//! recorded, and drops the whole pool for a fresh one: the threads still
//! alive finish the task in hand, see the run cancelled, and exit.
//!
//! Nothing waits for the dead thread: the runs are spawned as claimants
//! that hand in on their own ([`kernels::spawn_workers`]), and a dying GIL
//! holder lets go of the lock in the hook. The survivors are then retired
//! (see [`retire`]) and every thread's stack is freed by `workers.js`; what
//! a panic leaks is what the dead task held and the old pool's bookkeeping
//! (docs/limitations.md).

use crate::workers::threads::IoThreads;
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use kernels::{Gil, Progress};
use std::cell::{Cell, RefCell};
use std::panic::PanicHookInfo;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use wasm_bindgen::prelude::*;

/// What a thread is doing, for its panic hook: which task, which run to
/// cancel, and which GIL (and as whom) it may hold.
pub struct Watch {
    /// The task's index.
    pub task: usize,
    /// The run's progress (with its cancel flag).
    pub progress: Arc<Progress>,
    /// The run's GIL and this thread's claimant index, in a GIL mode.
    pub gil: Option<(Arc<Gil>, usize)>,
}

thread_local! {
    /// The task this thread is running, if it runs one of ours.
    static WATCH: RefCell<Option<Watch>> = const { RefCell::new(None) };
    /// Whether this thread is one of a [`CpuThreads`] pool's.
    static IN_POOL: Cell<bool> = const { Cell::new(false) };
}

/// The last panic's report, for the page to read once a thread's trap is
/// reported (the hook wrote it before the trap, so the page never waits).
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Threads of CPU pools running now: started, and neither exited nor dead.
static LIVE: AtomicUsize = AtomicUsize::new(0);

/// How many threads the CPU modes' pools have alive: what the tests read
/// (as `wasmBindings.live_cpu_threads()`) to check that a dead thread's
/// pool is replaced and no thread is left over.
#[wasm_bindgen]
pub fn live_cpu_threads() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// Runs `f` as task `w.task`, watched: if it panics, the hook cancels the
/// run, lets go of the GIL and says which task it was.
pub fn watched<O>(w: Watch, f: impl FnOnce() -> O) -> O {
    WATCH.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            *slot = Some(w);
        }
    });
    let o = f();
    WATCH.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            *slot = None;
        }
    });
    o
}

/// Installs the page's panic hook (shared by every thread of the memory):
/// it notes what died, then logs to the console as before.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        on_panic(info);
        console_error_panic_hook::hook(info);
    }));
}

/// A thread's last words before the abort: cancel its run, let go of its
/// GIL, say which task panicked and why.
fn on_panic(info: &PanicHookInfo<'_>) {
    let why = info.payload_as_str().unwrap_or("no message");
    let watch = WATCH.with(|cell| cell.try_borrow_mut().ok().and_then(|mut w| w.take()));
    let report = match &watch {
        Some(w) => format!("task {} panicked: {why}", w.task),
        None => format!("a thread panicked: {why}"),
    };
    if let Some(w) = watch {
        w.progress.cancel();
        if let Some((gil, me)) = w.gil {
            gil.abandon(me);
        }
    }
    if let Ok(mut last) = LAST_PANIC.try_lock() {
        *last = Some(report);
    }
    if IN_POOL.get() {
        LIVE.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The rayon pool the CPU modes run on, over threads of our own.
pub struct CpuThreads {
    /// Taken out on drop (to drop it off the page's thread).
    pool: Option<rayon::ThreadPool>,
    threads: IoThreads,
    /// Resolves with the error once one of the threads trapped.
    trapped: Shared<LocalBoxFuture<'static, String>>,
}

impl CpuThreads {
    /// Starts a pool of `n` threads. Runs to its end even if the caller
    /// stops waiting (an unwanted pool is dropped, which ends its threads).
    pub async fn start(n: usize) -> Result<Self, String> {
        crate::workers::start_detached(async move {
            let threads = IoThreads::start(n)
                .await
                .map_err(|e| format!("the CPU pool did not start: {e}"))?;
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .spawn_handler(|thread| {
                    // Each pool thread is a job that lasts until the pool
                    // ends; then the worker takes the next job (its stop).
                    threads.submit(Box::new(move || {
                        LIVE.fetch_add(1, Ordering::Relaxed);
                        IN_POOL.set(true);
                        thread.run();
                        IN_POOL.set(false);
                        LIVE.fetch_sub(1, Ordering::Relaxed);
                    }));
                    Ok(())
                })
                .build()
                .map_err(|e| format!("the CPU pool did not start: {e}"))?;
            let trapped = threads.trapped().boxed_local().shared();
            Ok(Self {
                pool: Some(pool),
                threads,
                trapped,
            })
        })
        .await
    }

    /// How many threads the pool has.
    pub fn size(&self) -> usize {
        self.threads.size()
    }

    /// How long its threads took to start, in ms.
    pub fn start_ms(&self) -> f64 {
        self.threads.start_ms
    }

    /// Spawns `f` on the pool (it runs on a pool thread, so the rayon calls
    /// it makes go to this pool).
    pub fn spawn(&self, f: impl FnOnce() + Send + 'static) {
        if let Some(pool) = &self.pool {
            pool.spawn(f);
        }
    }

    /// Resolves with what killed a thread, once one has died; the pool
    /// must then be dropped (its dead thread's job will never end).
    pub async fn died(&self) -> String {
        let trap = self.trapped.clone().await;
        let said = LAST_PANIC.try_lock().ok().and_then(|mut p| p.take());
        said.unwrap_or_else(|| format!("a thread of the pool died: {trap}"))
    }

    /// Whether a thread has died (the pool is then of no more use).
    pub fn broken(&self) -> bool {
        self.trapped.peek().is_some()
    }
}

/// Ends the pool thread it runs on: what a broken pool's survivors do.
///
/// A rayon thread leaves its loop only when its pool ends, and a pool ends
/// only once every job spawned on it has finished, which the dead thread's
/// job never will. So each survivor is sent this job, and leaves wasm the
/// way the dead thread did, by a trap, but at a known point holding no lock;
/// `workers.js` then frees its stack and closes its worker.
fn retire() {
    IN_POOL.set(false);
    LIVE.fetch_sub(1, Ordering::Relaxed);
    std::process::abort();
}

impl Drop for CpuThreads {
    fn drop(&mut self) {
        // Ending a rayon pool wakes each of its threads, which takes a lock
        // per thread: done on a thread of the page's global pool, where
        // waiting is allowed, rather than on the page's own.
        let broken = self.broken();
        if let Some(pool) = self.pool.take() {
            rayon::spawn(move || {
                if broken {
                    // Each live thread takes this once it is done with its
                    // task in hand (the run is cancelled); the dead one never.
                    pool.spawn_broadcast(|_| retire());
                }
                drop(pool);
            });
        }
        // Then `threads` is dropped: each thread, its rayon loop over,
        // takes its stop from the queue and its worker closes.
    }
}
