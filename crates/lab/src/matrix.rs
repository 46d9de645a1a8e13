//! The seeds' lesson as a grid: execution modes × kind of work, what each
//! cell mirrors in Python, and whether the page can run it yet.

use crate::mode::ModeKind;

/// Whether the page runs a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Runnable now, in the named panel.
    Runs,
    /// Not built yet.
    NotYet,
    /// Meaningless for this kind of work.
    NotApplicable,
}

/// One row: a mode, the Python construct it mirrors, and its three cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// The mode's kind (its key is the results tables' `data-mode`).
    pub kind: ModeKind,
    /// The Python construct, and what the mode does here.
    pub python: &'static str,
    /// CPU-bound work (fib, regex, sum_random, mandelbrot).
    pub cpu: Cell,
    /// I/O-bound work (requests with latency).
    pub io: Cell,
    /// Fetch, then compute on each item (the hybrid pipeline).
    pub hybrid: Cell,
}

/// The grid, top to bottom.
pub const MATRIX: [Row; 6] = [
    Row {
        kind: ModeKind::Sequential,
        python: "a plain loop (hybrid: fetch an item, compute it, repeat)",
        cpu: Cell::Runs,
        io: Cell::Runs,
        hybrid: Cell::Runs,
    },
    Row {
        kind: ModeKind::Threads,
        python: "threads with no GIL (free-threaded 3.13t, or C code that releases it); I/O: ThreadPoolExecutor(max_workers=n), each thread blocked in one request; hybrid: async fetches feeding a thread pool as items arrive (run_in_executor)",
        cpu: Cell::Runs,
        io: Cell::Runs,
        hybrid: Cell::Runs,
    },
    Row {
        kind: ModeKind::Gil,
        python: "threading / ThreadPoolExecutor in CPython: one lock, handed over every switch interval and released while waiting for I/O",
        cpu: Cell::Runs,
        io: Cell::Runs,
        hybrid: Cell::NotYet,
    },
    Row {
        kind: ModeKind::Processes,
        python: "multiprocessing.Pool.map: isolated workers, tasks sent as messages; hybrid: async fetches feeding a ProcessPoolExecutor (run_in_executor)",
        cpu: Cell::Runs,
        io: Cell::Runs,
        hybrid: Cell::Runs,
    },
    Row {
        kind: ModeKind::Async,
        python: "asyncio.gather, with asyncio.Semaphore as the limit; hybrid: gather every fetch, then compute in a loop",
        cpu: Cell::NotApplicable,
        io: Cell::Runs,
        hybrid: Cell::Runs,
    },
    Row {
        kind: ModeKind::MainThread,
        python: "blocking code called inside the event loop",
        cpu: Cell::Runs,
        io: Cell::NotApplicable,
        hybrid: Cell::NotApplicable,
    },
];

impl Cell {
    /// The cell's text on the page.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Runs => "✓ runs",
            Self::NotYet => "not yet",
            Self::NotApplicable => "—",
        }
    }
}
