//! The seeds' lesson as a grid: execution modes × kind of work, what each
//! cell mirrors in Python, and whether the page can run it yet.

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

/// One row: a mode, the Python construct it mirrors, and its two cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// The mode's key, as the results table's `data-mode`.
    pub key: &'static str,
    /// The mode's name as the page shows it.
    pub mode: &'static str,
    /// The Python construct, and what the mode does here.
    pub python: &'static str,
    /// CPU-bound work (fib, regex, sum_random, mandelbrot).
    pub cpu: Cell,
    /// I/O-bound work (requests with latency).
    pub io: Cell,
}

/// The grid, top to bottom.
pub const MATRIX: [Row; 7] = [
    Row {
        key: "sequential",
        mode: "sequential",
        python: "a plain loop",
        cpu: Cell::Runs,
        io: Cell::Runs,
    },
    Row {
        key: "threads",
        mode: "threads",
        python: "threads with no GIL (free-threaded 3.13t, or C code that releases it); for I/O, ThreadPoolExecutor(max_workers=n) threads each blocked in one request",
        cpu: Cell::Runs,
        io: Cell::Runs,
    },
    Row {
        key: "gil",
        mode: "threads + GIL",
        python: "threading / ThreadPoolExecutor: one lock, handed over every switch interval and released while waiting for I/O",
        cpu: Cell::Runs,
        io: Cell::Runs,
    },
    Row {
        key: "processes",
        mode: "processes",
        python: "multiprocessing.Pool.map: isolated workers, tasks sent as messages",
        cpu: Cell::Runs,
        io: Cell::Runs,
    },
    Row {
        key: "async",
        mode: "async",
        python: "asyncio.gather, with asyncio.Semaphore as the limit",
        cpu: Cell::NotApplicable,
        io: Cell::Runs,
    },
    Row {
        key: "main",
        mode: "main thread",
        python: "blocking code called inside the event loop",
        cpu: Cell::Runs,
        io: Cell::NotApplicable,
    },
    Row {
        key: "hybrid",
        mode: "hybrid",
        python: "async I/O feeding a process pool (run_in_executor)",
        cpu: Cell::NotYet,
        io: Cell::NotYet,
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
