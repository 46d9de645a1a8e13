//! The ways a panel runs its work, as types: what kind of mode a run was
//! ([`ModeKind`], whose key links, exports and the page's `data-mode` use),
//! and each panel's modes with their sizes ([`CpuMode`], [`IoMode`],
//! [`HybridMode`]), each with the label people read.
//!
//! Strings exist only at the edges: [`ModeKind::key`] writes one, and
//! [`ModeKind::from_key`] reads one back, refusing (never panicking on) a
//! key it does not know.

use std::fmt;

/// What kind of run a mode is, across the panels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ModeKind {
    /// One thing after another (a plain loop).
    Sequential,
    /// Workers sharing the page's memory, with no lock in the way.
    Threads,
    /// The same workers under one global interpreter lock (CPython threads).
    Gil,
    /// Workers with their own memory, fed serialized messages.
    Processes,
    /// Everything in flight on the page's event loop (`asyncio`).
    Async,
    /// The work on the page's own thread, which freezes it.
    MainThread,
}

impl ModeKind {
    /// Every kind, in the order the page lists them.
    pub const ALL: [Self; 6] = [
        Self::Sequential,
        Self::Threads,
        Self::Gil,
        Self::Processes,
        Self::Async,
        Self::MainThread,
    ];

    /// The key links, exports and the page's `data-mode` use.
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Self::Sequential => "sequential",
            Self::Threads => "threads",
            Self::Gil => "gil",
            Self::Processes => "processes",
            Self::Async => "async",
            Self::MainThread => "main",
        }
    }

    /// Its name for people, as the grid of modes shows it.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sequential => "sequential",
            Self::Threads => "threads",
            Self::Gil => "threads + GIL",
            Self::Processes => "processes",
            Self::Async => "async",
            Self::MainThread => "main thread",
        }
    }

    /// The kind whose key is `key`, if any.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Whether its work is shared among a number of workers.
    #[must_use]
    pub const fn has_workers(self) -> bool {
        matches!(self, Self::Threads | Self::Gil | Self::Processes)
    }
}

impl fmt::Display for ModeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Which experiment a run is: the workload a CPU run computed, or the I/O
/// or hybrid panel's. The seed articles' figures are per experiment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Experiment {
    /// fib over a list.
    Fib,
    /// The seeds' regex search.
    Regex,
    /// Sums of random numbers.
    SumRandom,
    /// Mandelbrot rows.
    Mandelbrot,
    /// Slow requests.
    Io,
    /// Fetch, then compute.
    Hybrid,
}

impl Experiment {
    const ALL: [Self; 6] = [
        Self::Fib,
        Self::Regex,
        Self::SumRandom,
        Self::Mandelbrot,
        Self::Io,
        Self::Hybrid,
    ];

    /// The key exports use (for a CPU run, its workload's key).
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Self::Fib => "fib",
            Self::Regex => "regex",
            Self::SumRandom => "sum_random",
            Self::Mandelbrot => "mandelbrot",
            Self::Io => "io",
            Self::Hybrid => "hybrid",
        }
    }

    /// The experiment whose key is `key`, if any.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.key() == key)
    }
}

/// The CPU panel's modes, in the page's order.
pub const CPU_MODES: [ModeKind; 5] = [
    ModeKind::Sequential,
    ModeKind::Threads,
    ModeKind::Gil,
    ModeKind::Processes,
    ModeKind::MainThread,
];

/// The I/O panel's modes, in the page's order.
pub const IO_MODES: [ModeKind; 5] = [
    ModeKind::Sequential,
    ModeKind::Threads,
    ModeKind::Gil,
    ModeKind::Processes,
    ModeKind::Async,
];

/// The hybrid panel's arrangements, in the page's order.
pub const HYBRID_MODES: [ModeKind; 4] = [
    ModeKind::Sequential,
    ModeKind::Async,
    ModeKind::Threads,
    ModeKind::Processes,
];

/// How to run the tasks of a CPU workload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CpuMode {
    /// One task after another, on one pool thread (the page stays responsive).
    Sequential,
    /// This many workers of the rayon pool pulling tasks from one queue.
    Threads(usize),
    /// The same workers, but each must hold one global interpreter lock to
    /// run (CPython threads), with this switch interval in milliseconds.
    Gil(usize, u32),
    /// One task after another on the page's own thread, which freezes the
    /// page: blocking code called inside an event loop.
    MainThread,
    /// This many processes, each with its own copy of the module and its
    /// own memory, fed serialized chunks of tasks (`multiprocessing.Pool.map`).
    Processes(usize),
}

impl CpuMode {
    /// Its kind.
    #[must_use]
    pub const fn kind(self) -> ModeKind {
        match self {
            Self::Sequential => ModeKind::Sequential,
            Self::Threads(_) => ModeKind::Threads,
            Self::Gil(..) => ModeKind::Gil,
            Self::MainThread => ModeKind::MainThread,
            Self::Processes(_) => ModeKind::Processes,
        }
    }

    /// The label the chart shows.
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::Sequential => "sequential".to_owned(),
            Self::Threads(k) => format!("threads ×{k}"),
            Self::Gil(k, _) => format!("threads + GIL ×{k}"),
            Self::MainThread => "main thread".to_owned(),
            Self::Processes(k) => format!("processes ×{k}"),
        }
    }
}

/// How the I/O requests are issued.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IoMode {
    /// Await each request before sending the next (a plain loop of `requests.get`).
    Sequential,
    /// This many threads, each blocked in one request at a time
    /// (`ThreadPoolExecutor(max_workers=n).map`).
    Threads(usize),
    /// The same threads, each holding one global interpreter lock except
    /// while it waits for its answer (CPython threads), with this switch
    /// interval in ms.
    Gil(usize, u32),
    /// This many processes, each sent a chunk of URLs it fetches one by one
    /// (`multiprocessing.Pool.map`).
    Processes(usize),
    /// All requests in flight on the event loop (`asyncio.gather`), at most
    /// `limit` at once when set (`asyncio.Semaphore`).
    Async,
}

impl IoMode {
    /// Its kind.
    #[must_use]
    pub const fn kind(self) -> ModeKind {
        match self {
            Self::Sequential => ModeKind::Sequential,
            Self::Threads(_) => ModeKind::Threads,
            Self::Gil(..) => ModeKind::Gil,
            Self::Processes(_) => ModeKind::Processes,
            Self::Async => ModeKind::Async,
        }
    }

    /// The label the chart shows, with async's limit in flight if any.
    #[must_use]
    pub fn label(self, limit: Option<u32>) -> String {
        match (self, limit) {
            (Self::Sequential, _) => "sequential".to_owned(),
            (Self::Threads(n), _) => format!("threads ×{n}"),
            (Self::Gil(n, _), _) => format!("threads + GIL ×{n}"),
            (Self::Processes(n), _) => format!("processes ×{n}"),
            (Self::Async, None) => "async (all in flight)".to_owned(),
            (Self::Async, Some(l)) => format!("async (≤{l} in flight)"),
        }
    }
}

/// How fetching and computing are arranged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HybridMode {
    /// Fetch, compute, repeat.
    Sequential,
    /// All fetches at once, then all CPU steps one after another.
    AsyncThenCompute,
    /// All fetches at once, each CPU step to the rayon pool as it lands.
    AsyncThreads,
    /// All fetches at once, each CPU step to a free process as it lands.
    AsyncProcesses(usize),
}

impl HybridMode {
    /// Its kind.
    #[must_use]
    pub const fn kind(self) -> ModeKind {
        match self {
            Self::Sequential => ModeKind::Sequential,
            Self::AsyncThenCompute => ModeKind::Async,
            Self::AsyncThreads => ModeKind::Threads,
            Self::AsyncProcesses(_) => ModeKind::Processes,
        }
    }

    /// The label the chart shows, with the rayon pool's `threads`.
    #[must_use]
    pub fn label(self, threads: usize) -> String {
        match self {
            Self::Sequential => "sequential (fetch, compute, repeat)".into(),
            Self::AsyncThenCompute => "async fetch, then compute".into(),
            Self::AsyncThreads => format!("async fetch → threads ×{threads}"),
            Self::AsyncProcesses(k) => format!("async fetch → processes ×{k}"),
        }
    }
}
