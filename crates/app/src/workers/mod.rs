//! Our own workers besides rayon's: *processes* and blocking I/O *threads*.
//!
//! Both are module workers running `workers.js`, which loads this same
//! module again. A process gets a fresh memory and talks in serialized
//! messages; a thread gets the page's shared memory and takes jobs from a
//! queue in it. The worker-side entry points (`process_serve`,
//! `thread_serve`) are exported here; nothing else in this file runs in them.

pub mod pool;
pub mod processes;
pub mod supervised;

use futures::channel::oneshot;

use kernels::message::{self, Answer, Fault, Reply, Request};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/workers/workers.js")]
extern "C" {
    #[wasm_bindgen(js_name = spawnWorker, catch)]
    fn spawn_worker(
        main_js: &str,
        module: &JsValue,
        memory: &JsValue,
        kind: &str,
    ) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(js_name = whenTrapped)]
    fn when_trapped(worker: &web_sys::Worker) -> js_sys::Promise;

    /// The blocking request of `workers.js` (see `net::blocking`).
    #[wasm_bindgen(js_name = blockingGet, catch)]
    pub(crate) fn blocking_get_js(url: &str, timeout_ms: u32) -> Result<JsValue, JsValue>;

    /// Whether blocking requests are relayed through the page's `fetch`
    /// (see `workers.js`): on a cross-origin isolated page.
    #[wasm_bindgen(js_name = canRelay)]
    pub fn relays() -> bool;

    #[wasm_bindgen(js_name = ask, catch)]
    fn ask_js(
        worker: &web_sys::Worker,
        body: &js_sys::Uint8Array,
    ) -> Result<js_sys::Promise, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// The URL of this module's JS glue: in the glue, `import.meta.url`.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static MAIN_JS: String;
}

/// Starts a worker with its own instance of this module: its own memory for
/// a process, the page's shared memory for a thread.
async fn spawn(kind: &str, memory: &JsValue) -> Result<web_sys::Worker, String> {
    let main_js = MAIN_JS.with(Clone::clone);
    let promise = spawn_worker(&main_js, &wasm_bindgen::module(), memory, kind)
        .map_err(|e| crate::browser::js_error::text(&e))?;
    JsFuture::from(promise)
        .await
        .map(JsCast::unchecked_into)
        .map_err(|e| crate::browser::js_error::text(&e))
}

/// Processes started and not yet ended: what the tests read (through
/// `wasmBindings.live_processes()`) to check that Stop and the supervisor
/// leave none behind and none missing.
static LIVE_PROCESSES: AtomicUsize = AtomicUsize::new(0);

/// How many processes are alive (started, not yet ended by the page).
#[wasm_bindgen]
pub fn live_processes() -> usize {
    LIVE_PROCESSES.load(Ordering::Relaxed)
}

/// The size of the page's wasm memory, in bytes: its high-water mark (a
/// wasm memory grows, never shrinks). The soak test reads it.
#[wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::SharedArrayBuffer>()
        .byte_length()
        .into()
}

/// Starts a process: a worker sharing nothing with the page.
///
/// The start runs to its end even if the caller stops waiting (Stop drops
/// a run mid-start): a process that arrives when nobody wants it any more
/// is ended at once, rather than left started and unowned.
pub async fn spawn_process() -> Result<web_sys::Worker, String> {
    let start = async {
        let w = spawn("process", &JsValue::UNDEFINED).await?;
        LIVE_PROCESSES.fetch_add(1, Ordering::Relaxed);
        Ok(w)
    };
    // A worker is not ended by dropping it: end it by hand.
    start_detached_or(start, |unwanted| end_process(&unwanted)).await
}

/// Runs `start` (a pool's start) to its end even if the caller stops
/// waiting: a pool nobody wants any more is dropped, which ends its workers.
pub async fn start_detached<T: 'static>(
    start: impl Future<Output = Result<T, String>> + 'static,
) -> Result<T, String> {
    start_detached_or(start, drop).await
}

/// Runs `start` on its own, and hands what it started to `unwanted` if the
/// caller has stopped waiting by then.
async fn start_detached_or<T: 'static>(
    start: impl Future<Output = Result<T, String>> + 'static,
    unwanted: impl FnOnce(T) + 'static,
) -> Result<T, String> {
    let (tx, rx) = oneshot::channel();
    wasm_bindgen_futures::spawn_local(async move {
        // An `Err` here gives the result back: nobody is waiting for it.
        if let Err(Ok(started)) = tx.send(start.await) {
            unwanted(started);
        }
    });
    rx.await.map_err(|_| "the start was abandoned".to_owned())?
}

/// Ends a process started by [`spawn_process`] (alive or dead already).
pub fn end_process(w: &web_sys::Worker) {
    w.terminate();
    LIVE_PROCESSES.fetch_sub(1, Ordering::Relaxed);
}

/// Sends one request (see [`message::encode`]) to a process and waits for
/// its answer.
pub async fn ask(worker: &web_sys::Worker, request: &[u8]) -> Result<Answer, String> {
    // A copy outside the page's shared memory: the message moves (is
    // transferred, not copied again) to the process, which shares nothing.
    let body = js_sys::Uint8Array::from(request);
    let promise = ask_js(worker, &body).map_err(|e| crate::browser::js_error::text(&e))?;
    let reply = JsFuture::from(promise)
        .await
        .map_err(|e| crate::browser::js_error::text(&e))?
        .dyn_into::<js_sys::Uint8Array>()
        .map_err(|_| "the process sent no bytes")?
        .to_vec();
    message::decode(&reply).map_err(|e| format!("unreadable reply from a process: {e}"))
}

/// A process's whole job: one serialized request in, one serialized reply
/// out, written into `spare` (a buffer the page sent back, see `ask` in
/// `workers.js`) when it is large enough, else into a new one.
///
/// Why reuse: the reply must leave this instance's memory in a buffer of
/// its own (only such a buffer can be transferred), and a new buffer of
/// megabytes is memory the system has to hand out and zero page by page.
/// Measured in Chromium on this 2-core VM, one process, 8.4 MB replies:
/// copying into a new buffer took 7-12 ms (about 0.9 GB/s, while the page
/// copies the same bytes into its warm memory in 1 ms); into a reused one,
/// 0.8-1.5 ms. The page's data rate with one process rose from 325 to
/// 856 MB/s (medians of five runs, 33.6 MB each).
///
/// Runs inside a process worker, called by `workers.js` for each message.
#[wasm_bindgen]
pub fn process_serve(request: &[u8], spare: Option<js_sys::Uint8Array>) -> js_sys::Uint8Array {
    let bytes = serve_bytes(request);
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    match spare {
        Some(s) if s.length() >= len => {
            let view = s.subarray(0, len);
            view.copy_from(&bytes);
            view
        }
        _ => js_sys::Uint8Array::from(&bytes[..]),
    }
}

/// [`process_serve`]'s reply as bytes in this instance's memory.
fn serve_bytes(request: &[u8]) -> Vec<u8> {
    let reply = match message::decode::<Request>(request) {
        Ok(Request::Cpu(tasks)) => message::serve_cpu(&tasks, crate::browser::caps::epoch_now),
        // Both faults trap (the build aborts on a panic): this instance is
        // done for, and `workers.js` closes the worker.
        Ok(Request::Faulty(tasks, Fault::Panic(i))) => {
            message::serve_cpu_panicking(&tasks, Some(i), crate::browser::caps::epoch_now)
        }
        Ok(Request::Faulty(_, Fault::Die)) => std::process::abort(),
        Ok(Request::Get {
            endpoint,
            gets,
            timeout_ms,
        }) => {
            // Every request is tried (and retried) and its outcome sent
            // back: a failing endpoint is what is measured, not a failure.
            let mut outcomes = Vec::with_capacity(gets.len());
            let mut times = Vec::with_capacity(gets.len());
            for (id, urls) in gets {
                let start = crate::browser::caps::epoch_now();
                let (o, attempts) = crate::net::blocking::retrying(
                    urls.len(),
                    || false,
                    |a| crate::net::blocking::blocking_get(&urls[a], id, &endpoint, timeout_ms),
                );
                outcomes.push((id, o, attempts));
                times.push((start, crate::browser::caps::epoch_now()));
            }
            Answer {
                reply: Reply::Get(outcomes),
                times,
            }
        }
        Err(e) => Answer {
            reply: Reply::Failed(format!("unreadable request: {e}")),
            times: Vec::new(),
        },
    };
    message::encode(&reply)
}

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
                |e| crate::browser::js_error::text(&e),
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
