//! CPU modes: run a prepared job sequentially or on N pool workers.

use crate::{caps, pool};
use futures::future::{Either, select};
use gloo_timers::future::TimeoutFuture;
use kernels::mandelbrot::Spec;
use kernels::{Gil, Job, Output, Progress, Workload};
use lab::ModeResult;
use std::sync::Arc;
use std::time::Duration;

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
}

impl CpuMode {
    /// Short name (`data-mode` on the page) and the label the chart shows.
    pub fn names(self) -> (&'static str, String) {
        match self {
            Self::Sequential => ("sequential", "sequential".to_owned()),
            Self::Threads(k) => ("threads", format!("threads ×{k}")),
            Self::Gil(k, _) => ("gil", format!("threads + GIL ×{k}")),
            Self::MainThread => ("main", "main thread".to_owned()),
        }
    }
}

/// A finished mode: its result and, for Mandelbrot, the picture it computed.
pub struct CpuOutcome {
    /// Time and checksum.
    pub result: ModeResult,
    /// The image's size and RGBA pixels.
    pub picture: Option<(Spec, Vec<u8>)>,
}

/// Generates a workload's inputs on the pool (regex strings take a moment).
pub async fn prepare(w: Workload, have_pool: bool) -> Result<Arc<Job>, String> {
    let make = move || w.prepare().map(Arc::new).map_err(|e| e.to_string());
    if have_pool {
        pool::run(make).await?
    } else {
        make()
    }
}

/// Runs `job` in `mode`, calling `on_progress(done)` about ten times a second.
///
/// The time is measured inside the pool thread that runs (or coordinates)
/// the tasks, from before the first task to after the last, so it excludes
/// the hand-over to and from the page.
pub async fn run(
    job: Arc<Job>,
    mode: CpuMode,
    have_pool: bool,
    on_progress: impl Fn(usize),
) -> Result<CpuOutcome, String> {
    let progress = Arc::new(Progress::default());
    let job_len = job.len();
    let work = {
        let progress = Arc::clone(&progress);
        move || execute(&job, mode, &progress)
    };
    if mode == CpuMode::MainThread || !have_pool {
        // Let the browser paint "Running…" first; then this blocks the page until done.
        TimeoutFuture::new(20).await;
        let mut out = work();
        out.result.detail = if have_pool {
            format!(
                "{job_len} tasks on the page's own thread, which could do nothing else meanwhile"
            )
        } else {
            "ran on the page's own thread: no worker pool without cross-origin isolation".into()
        };
        return Ok(out);
    }
    let mut fut = Box::pin(pool::run(work));
    loop {
        match select(fut, TimeoutFuture::new(100)).await {
            Either::Left((r, _)) => return r,
            Either::Right((_, f)) => {
                on_progress(progress.done());
                fut = f;
            }
        }
    }
}

fn execute(job: &Job, mode: CpuMode, progress: &Progress) -> CpuOutcome {
    let task = |i| job.run_task(i);
    let mut gil_stats = None;
    let t0 = caps::now();
    let ran = match mode {
        CpuMode::Sequential | CpuMode::MainThread => {
            kernels::run_sequential(job.len(), task, progress)
        }
        CpuMode::Threads(k) => kernels::run_workers(job.len(), k, task, progress),
        CpuMode::Gil(k, ms) => {
            let gil = Gil::new(Duration::from_millis(u64::from(ms)));
            let ran = kernels::run_workers_gil(
                job.len(),
                k,
                &gil,
                |i, c| job.run_task_with(i, c),
                progress,
            );
            gil_stats = Some((gil.stats(), ms));
            ran
        }
    };
    let ms = caps::now() - t0;
    let checksum = kernels::workload::checksum(&ran.outputs);
    let picture = job.picture().map(|spec| {
        let rows: Vec<&[u32]> = ran
            .outputs
            .iter()
            .filter_map(|o| {
                if let Output::Row(r) = o {
                    Some(r.as_slice())
                } else {
                    None
                }
            })
            .collect();
        (spec, spec.rgba(&rows))
    });
    let used = ran.threads_used();
    let (mode_name, label) = mode.names();
    let mut detail = format!(
        "{} tasks on {used} pool thread{}",
        job.len(),
        if used == 1 { "" } else { "s" }
    );
    if let Some((g, interval)) = gil_stats {
        detail += &format!(
            "; GIL hand-offs: {}, drop requests: {} (switch interval {interval} ms)",
            g.handoffs, g.drop_requests
        );
    }
    CpuOutcome {
        result: ModeResult {
            mode: mode_name,
            label,
            ms,
            checksum,
            detail,
            page: None,
        },
        picture,
    }
}
