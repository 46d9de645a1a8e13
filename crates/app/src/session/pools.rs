//! Worker pools the panels keep between runs: reuse one that fits, start
//! one otherwise, and report which happened apart from the run's time.

use crate::browser::meter::{Meter, measure};
use crate::workers::processes::Processes;
use crate::workers::threads::IoThreads;
use lab::responsiveness::Responsiveness;
use lab::results::PoolStart;
use leptos::prelude::*;
use std::rc::Rc;

/// Most processes offered beyond the core count: each holds its own copy of
/// the module and its memory.
pub const MAX_PROCESSES: usize = 8;

/// A pool of workers that takes a while to start.
pub trait Pool: Sized + 'static {
    /// How many workers it has.
    fn workers(&self) -> usize;
    /// How long it took to start, in ms.
    fn started_in_ms(&self) -> f64;
    /// Starts one with `n` workers.
    fn launch(n: usize) -> impl Future<Output = Result<Self, String>>;
}

impl Pool for Processes {
    fn workers(&self) -> usize {
        self.size()
    }
    fn started_in_ms(&self) -> f64 {
        self.start_ms
    }
    fn launch(n: usize) -> impl Future<Output = Result<Self, String>> {
        Self::start(n)
    }
}

impl Pool for IoThreads {
    fn workers(&self) -> usize {
        self.size()
    }
    fn started_in_ms(&self) -> f64 {
        self.start_ms
    }
    fn launch(n: usize) -> impl Future<Output = Result<Self, String>> {
        Self::start(n)
    }
}

impl Pool for crate::workers::supervised::CpuThreads {
    fn workers(&self) -> usize {
        self.size()
    }
    fn started_in_ms(&self) -> f64 {
        self.start_ms()
    }
    fn launch(n: usize) -> impl Future<Output = Result<Self, String>> {
        Self::start(n)
    }
}

/// A panel's pool, kept between runs on the page's thread.
pub type Kept<P> = StoredValue<Option<Rc<P>>, LocalStorage>;

/// The pool of `n` workers for the next run, and how its start is reported:
/// the kept pool when it has `n` workers and a warm start is wanted, else a
/// new one (the old one's workers stop when it is dropped).
pub async fn kept_pool<P: Pool>(
    kept: Kept<P>,
    n: usize,
    cold: bool,
) -> Result<(Rc<P>, PoolStart), String> {
    if let Some(p) = kept.get_value().filter(|p| !cold && p.workers() == n) {
        let start = PoolStart {
            ms: p.started_in_ms(),
            cold: false,
        };
        return Ok((p, start));
    }
    kept.set_value(None);
    let p = Rc::new(P::launch(n).await?);
    kept.set_value(Some(Rc::clone(&p)));
    let start = PoolStart {
        ms: p.started_in_ms(),
        cold: true,
    };
    Ok((p, start))
}

/// Runs `run` on the pool [`kept_pool`] picks, with the page's
/// responsiveness measured over the run alone (not the pool's start).
/// When `retire_on_failure`, a failed run drops the pool so the next run
/// starts afresh (a process that failed may have trapped).
pub async fn run_on_kept<P: Pool, T>(
    kept: Kept<P>,
    n: usize,
    cold: bool,
    retire_on_failure: bool,
    meter: &Meter,
    run: impl AsyncFnOnce(&P, PoolStart) -> Result<T, String>,
) -> (Result<T, String>, Responsiveness) {
    let (pool, start) = match kept_pool(kept, n, cold).await {
        Ok(p) => p,
        Err(e) => return (Err(e), Responsiveness::default()),
    };
    let (outcome, page) = measure(meter, run(&pool, start)).await;
    if retire_on_failure && outcome.is_err() {
        kept.set_value(None);
    }
    (outcome, page)
}
