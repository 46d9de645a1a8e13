//! Blocking I/O threads: workers with the page's shared memory, each
//! taking one job at a time from its pool's queue there (and blocking in
//! it: a request, a lock), with the hand-off that tells a new thread its
//! pool, and the gather that collects their answers.

use super::{spawn, start_detached, when_trapped};
use futures::channel::oneshot;
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// A job for a blocking I/O thread.
pub type Job = Box<dyn FnOnce() + Send>;

/// The job queue of one thread pool, in shared memory.
struct Queue {
    /// The page's end: sending never blocks (an unbounded channel).
    jobs: Sender<Option<Job>>,
    /// The threads' end, one taker at a time; `None` tells a thread to stop.
    take: Mutex<Receiver<Option<Job>>>,
    /// Set when the pool failed to start: its places in [`HANDOFF`] are void.
    void: AtomicBool,
}

/// How a newly started thread learns its pool and its index: the page sends
/// one entry per thread *before* spawning it, and each new thread takes one.
/// The page only ever sends (lock-free); only threads take the lock.
static HANDOFF: LazyLock<Handoff> = LazyLock::new(|| {
    let (tx, rx) = channel();
    (tx, Mutex::new(rx))
});

/// A new thread's pool and index, and the channel they come through.
type Place = (Arc<Queue>, usize);
type Handoff = (Sender<Place>, Mutex<Receiver<Place>>);

thread_local! {
    /// This thread's index in its pool (for the GIL's bookkeeping).
    static SLOT: Cell<usize> = const { Cell::new(0) };
}

/// This I/O thread's index in its pool.
pub fn slot() -> usize {
    SLOT.with(Cell::get)
}

/// An I/O thread's life: take jobs from its pool's queue until told to stop.
///
/// Runs inside a thread worker, called once by `workers.js`.
#[wasm_bindgen]
pub fn thread_serve() {
    let queue = loop {
        let entry = HANDOFF
            .1
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv();
        match entry {
            Ok((q, slot)) if !q.void.load(Ordering::Acquire) => {
                SLOT.with(|s| s.set(slot));
                break q;
            }
            Ok(_) => {}
            Err(_) => return,
        }
    };
    loop {
        let job = queue
            .take
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv();
        match job {
            Ok(Some(job)) => job(),
            Ok(None) | Err(_) => return,
        }
    }
}

/// A pool of threads that may block, each taking one job at a time from a
/// shared queue: `ThreadPoolExecutor(max_workers=n)`.
///
/// Separate from rayon's pool, which has one thread per core and must not
/// block: these threads spend their time waiting, so there may be more of
/// them than cores.
pub struct IoThreads {
    queue: Arc<Queue>,
    /// The threads' workers (each closes itself when its thread ends).
    workers: Vec<web_sys::Worker>,
    /// How long the pool took to start, in ms.
    pub start_ms: f64,
}

impl IoThreads {
    /// Starts `n` threads; they share the page's memory (so this needs a
    /// cross-origin isolated page). Runs to its end even if the caller
    /// stops waiting (see [`start_detached`]).
    pub async fn start(n: usize) -> Result<Self, String> {
        start_detached(Self::start_now(n)).await
    }

    async fn start_now(n: usize) -> Result<Self, String> {
        let t0 = crate::browser::caps::now();
        let (tx, rx) = channel();
        let queue = Arc::new(Queue {
            jobs: tx,
            take: Mutex::new(rx),
            void: AtomicBool::new(false),
        });
        let memory = wasm_bindgen::memory();
        let mut workers = Vec::with_capacity(n);
        for slot in 0..n {
            let _ = HANDOFF.0.send((Arc::clone(&queue), slot));
            match spawn("thread", &memory).await {
                Ok(w) => workers.push(w),
                Err(e) => {
                    // Threads already started skip nothing: they hold their
                    // entries. Later threads of other pools skip the rest.
                    queue.void.store(true, Ordering::Release);
                    for _ in 0..slot {
                        let _ = queue.jobs.send(None);
                    }
                    return Err(format!("thread {slot} of {n} did not start: {e}"));
                }
            }
        }
        Ok(Self {
            queue,
            workers,
            start_ms: crate::browser::caps::now() - t0,
        })
    }

    /// How many threads the pool has.
    pub fn size(&self) -> usize {
        self.workers.len()
    }

    /// Resolves with the error of the first thread that traps (a panic
    /// aborts the thread mid-job); never, if none does.
    pub fn trapped(&self) -> impl Future<Output = String> + 'static {
        let traps: Vec<_> = self
            .workers
            .iter()
            .map(|w| JsFuture::from(when_trapped(w)))
            .collect();
        async move {
            if traps.is_empty() {
                return std::future::pending().await;
            }
            let (said, _, _) = futures::future::select_all(traps).await;
            said.map_or_else(
                |e| process_module::js_error::text(&e),
                |v| v.as_string().unwrap_or_default(),
            )
        }
    }

    /// Queues `job` for the next free thread.
    pub fn submit(&self, job: Job) {
        let _ = self.queue.jobs.send(Some(job));
    }
}

impl Drop for IoThreads {
    fn drop(&mut self) {
        // Each thread stops after the jobs queued before; its worker closes.
        for _ in 0..self.size() {
            let _ = self.queue.jobs.send(None);
        }
    }
}

/// Where a job's result goes: a slot per job, and a signal for the page
/// when the last one is in. Written by threads, read by the page only after
/// the signal.
pub struct Gather<T> {
    results: Vec<std::sync::OnceLock<T>>,
    done: std::sync::atomic::AtomicUsize,
    finished: Mutex<Option<oneshot::Sender<()>>>,
}

impl<T: Send + Sync> Gather<T> {
    /// Room for `n` results, and the receiver that fires when all are in.
    pub fn new(n: usize) -> (Arc<Self>, oneshot::Receiver<()>) {
        let (tx, rx) = oneshot::channel();
        let tx = if n == 0 {
            let _ = tx.send(());
            None
        } else {
            Some(tx)
        };
        let g = Self {
            results: (0..n).map(|_| std::sync::OnceLock::new()).collect(),
            done: Default::default(),
            finished: Mutex::new(tx),
        };
        (Arc::new(g), rx)
    }

    /// Stores result `i` (called on a thread).
    pub fn put(&self, i: usize, v: T) {
        let _ = self.results[i].set(v);
        let last = self.done.fetch_add(1, Ordering::AcqRel) + 1 == self.results.len();
        let finished = last.then(|| {
            self.finished
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
        });
        if let Some(Some(tx)) = finished {
            let _ = tx.send(());
        }
    }

    /// How many results are in.
    pub fn done(&self) -> usize {
        self.done.load(Ordering::Acquire)
    }

    /// The results in order, once all are in.
    pub fn results(&self) -> Option<Vec<T>>
    where
        T: Clone,
    {
        self.results.iter().map(|r| r.get().cloned()).collect()
    }
}
