//! CPU modes: run a prepared job sequentially or on N pool workers.

use crate::workers::processes::Processes;
use crate::workers::supervised::{self, CpuThreads, Watch};
use crate::{browser::caps, workers::pool};
use futures::channel::oneshot;
use futures::future::{Either, select};
use gloo_timers::future::TimeoutFuture;
use kernels::gil::GilCheck;
use kernels::mandelbrot::Spec;
use kernels::message::{self, Reply, Request};
use kernels::{Gil, Job, Output, Progress, Workload};
use lab::ModeResult;
use lab::faults::Fault;
use lab::mode::CpuMode;
use lab::results::PoolStart;
use lab::timeline::{Activity, TimeBase, Timeline, numbered};
use std::cell::Cell;
use std::sync::Arc;
use std::time::Duration;

/// A finished mode: its result and, for Mandelbrot, the picture it computed.
pub struct CpuOutcome {
    /// Time and checksum.
    pub result: ModeResult,
    /// The image's size and RGBA pixels.
    pub picture: Option<(Spec, Vec<u8>)>,
    /// Every task's output, in task order (for the inputs-and-outputs export).
    pub outputs: Vec<Output>,
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

/// A fresh progress counter for one mode-run, with its timeline's clock;
/// the page keeps it to cancel the run.
pub fn new_progress() -> Arc<Progress> {
    Arc::new(Progress::timed(caps::epoch_now))
}

/// Runs `job` in `mode`, calling `on_progress(done)` about ten times a second.
/// [`Progress::cancel`] on `progress` stops it after the tasks in hand
/// (then [`STOPPED`] is the error).
///
/// `threads` is the CPU pool to run on, or why there is none; without one,
/// or in the main-thread mode, the tasks run on the page's own
/// thread. `panic_at` makes that task panic, on the pool only (on the
/// page's thread it would end the page: the form refuses it there): its
/// thread dies, and the error says which task it was; the pool is then
/// [`CpuThreads::broken`] and must be replaced.
///
/// The time is measured on the pool, from before the first claimant is
/// spawned to after the last one hands in, so it excludes the hand-over to
/// and from the page.
pub async fn run(
    job: Arc<Job>,
    mode: CpuMode,
    threads: Result<&CpuThreads, &str>,
    panic_at: Option<usize>,
    progress: Arc<Progress>,
    on_progress: impl Fn(usize),
) -> Result<CpuOutcome, String> {
    if let CpuMode::Processes(_) = mode {
        return Err("processes share no memory with the page: run them with run_processes".into());
    }
    let threads = match threads {
        Ok(t) if mode != CpuMode::MainThread => t,
        other => {
            // Let the browser paint "Running…" first; then this blocks the page until done.
            TimeoutFuture::new(20).await;
            let why = other.err().unwrap_or_default();
            return on_page(&job, mode, why, &progress)
                .ok_or_else(|| kernels::exec::STOPPED.into());
        }
    };
    let (tx, rx) = oneshot::channel();
    let spawned = Arc::clone(&progress);
    threads.spawn(move || spawn_run(job, mode, panic_at, spawned, tx));
    let ended = select(rx, Box::pin(threads.died()));
    match super::poll::with_progress(ended, || on_progress(progress.done())).await {
        Either::Left((out, _)) => out
            .map_err(|_| "a pool thread stopped before finishing its task".to_owned())?
            .ok_or_else(|| kernels::exec::STOPPED.into()),
        Either::Right((report, _)) => Err(format!(
            "{report}. Its thread died with it (a panic aborts the thread in this \
             build); the run's other threads stopped, and the next run gets a fresh pool"
        )),
    }
}

/// Runs the tasks on the page's own thread, blocking it; `None` if the run
/// was cancelled.
fn on_page(job: &Job, mode: CpuMode, no_pool: &str, progress: &Progress) -> Option<CpuOutcome> {
    let base = TimeBase {
        start: caps::epoch_now(),
    };
    let t0 = caps::now();
    let ran = kernels::run_sequential(job.len(), |i| job.run_task(i), progress);
    let ms = caps::now() - t0;
    if progress.cancelled() {
        return None;
    }
    let mut out = finish(job, mode, true, ran, ms, base, None);
    out.result.detail = if mode == CpuMode::MainThread {
        format!(
            "{} tasks on the page's own thread, which could do nothing else meanwhile",
            job.len()
        )
    } else {
        format!("ran on the page's own thread: no worker pool, as {no_pool}")
    };
    Some(out)
}

/// Spawns the run's claimants on the current (CPU) pool; the last to hand
/// in sends the outcome, `None` if the run was cancelled. A claimant whose
/// thread dies never hands in: then nothing is sent.
fn spawn_run(
    job: Arc<Job>,
    mode: CpuMode,
    panic_at: Option<usize>,
    progress: Arc<Progress>,
    tx: oneshot::Sender<Option<CpuOutcome>>,
) {
    let n = job.len();
    let base = TimeBase {
        start: caps::epoch_now(),
    };
    let hand_in = {
        let (job, progress) = (Arc::clone(&job), Arc::clone(&progress));
        move |ran, gil: Option<(&Gil, u32)>| {
            let ms = caps::epoch_now() - base.start;
            let out =
                (!progress.cancelled()).then(|| finish(&job, mode, false, ran, ms, base, gil));
            let _ = tx.send(out);
        }
    };
    let watched = Watched {
        progress: Arc::clone(&progress),
        panic_at,
    };
    if let CpuMode::Gil(k, interval) = mode {
        let gil = Arc::new(Gil::timed(
            Duration::from_millis(u64::from(interval)),
            caps::epoch_now,
        ));
        let (held, counted) = (Arc::clone(&gil), Arc::clone(&gil));
        let task = move |i, c: &GilCheck<'_>| {
            let gil = Some((Arc::clone(&held), c.worker()));
            watched.run(i, gil, || job.run_task_with(i, c))
        };
        kernels::spawn_workers_gil(n, k, gil, task, progress, move |ran| {
            hand_in(ran, Some((&counted, interval)));
        });
    } else {
        let k = if let CpuMode::Threads(k) = mode { k } else { 1 };
        let task = move |i| watched.run(i, None, || job.run_task(i));
        kernels::spawn_workers(n, k, task, progress, move |ran| hand_in(ran, None));
    }
}

/// What the pool's tasks of one run are watched with: the run's progress
/// (the panic hook cancels it), and the task the fault control makes panic.
struct Watched {
    progress: Arc<Progress>,
    panic_at: Option<usize>,
}

impl Watched {
    /// Runs task `i` under the panic hook's watch (with the GIL it may
    /// hold, and as whom), panicking first if it is the chosen one.
    fn run<O>(&self, i: usize, gil: Option<(Arc<Gil>, usize)>, task: impl FnOnce() -> O) -> O {
        let w = Watch {
            task: i,
            progress: Arc::clone(&self.progress),
            gil,
        };
        supervised::watched(w, || {
            if self.panic_at == Some(i) {
                panic!("an injected fault");
            }
            task()
        })
    }
}

/// A finished run's outcome from its tasks' outputs, the `ms` it took, and
/// in a GIL mode the lock and its switch interval. (A cancelled run has
/// partial outputs: its callers make no outcome of it.)
fn finish(
    job: &Job,
    mode: CpuMode,
    on_page: bool,
    ran: kernels::Ran<Output>,
    ms: f64,
    base: TimeBase,
    gil: Option<(&Gil, u32)>,
) -> CpuOutcome {
    let mut timeline = Timeline::new(lanes(mode, on_page), base, caps::epoch_now());
    for s in &ran.spans {
        timeline.push(
            base,
            s.worker,
            Activity::Task,
            (s.start, s.end),
            Some(s.task),
        );
    }
    for h in gil.and_then(|(g, _)| g.holds()).unwrap_or_default() {
        timeline.push(base, h.worker, Activity::Gil, (h.start, h.end), None);
    }
    let checksum = kernels::workload::checksum(&ran.outputs);
    let picture = picture(job, &ran.outputs);
    let used = ran.threads_used();
    let (mode_name, label) = (mode.kind(), mode.label());
    let mut detail = format!(
        "{} tasks on {used} pool thread{}",
        job.len(),
        if used == 1 { "" } else { "s" }
    );
    if let Some((g, interval)) = gil {
        let g = g.stats();
        detail += &format!(
            "; GIL hand-offs: {}, drop requests: {} (switch interval {interval} ms)",
            g.handoffs, g.drop_requests
        );
    }
    CpuOutcome {
        result: ModeResult {
            workers: match mode {
                CpuMode::Threads(k) | CpuMode::Gil(k, _) => Some(k),
                _ => None,
            },
            timeline: Some(timeline.finish()),
            ..ModeResult::new(mode_name, label, ms, checksum, detail)
        },
        picture,
        outputs: ran.outputs,
    }
}

/// The timeline's lanes of a mode: one per worker that can run a task.
/// (`on_page`: the tasks run on the page's own thread, as without a pool.)
fn lanes(mode: CpuMode, on_page: bool) -> Vec<String> {
    match mode {
        CpuMode::MainThread | CpuMode::Sequential if on_page => vec!["page's thread".into()],
        CpuMode::Sequential => vec!["pool thread".into()],
        CpuMode::MainThread => vec!["page's thread".into()],
        CpuMode::Threads(k) | CpuMode::Gil(k, _) => numbered("thread", k),
        CpuMode::Processes(k) => numbered("process", k),
    }
}

/// The image a Mandelbrot job's outputs make, if it is one.
fn picture(job: &Job, outputs: &[Output]) -> Option<(Spec, Vec<u8>)> {
    job.picture().map(|spec| {
        let rows: Vec<&[u32]> = outputs
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
    })
}

/// Runs `job` on `k` of the started processes: chunks of tasks go out
/// serialized, as `Pool.map` pickles them, and outputs come back the same way.
///
/// Timed on the page from before the first chunk is serialized to after the
/// last reply is read, so the copying both ways is part of the time, as it
/// is in Python. `start` is the pool's own start, shown apart.
///
/// `fault` injects what the fault-injection control asks for; the pool's
/// supervisor replaces each process that dies, and the replacements are
/// drawn on the timeline.
pub async fn run_processes(
    job: &Job,
    pool: &Processes,
    k: usize,
    start: PoolStart,
    fault: Fault,
    on_progress: impl Fn(usize),
) -> Result<CpuOutcome, String> {
    let k = k.clamp(1, pool.size());
    let done = Cell::new(0);
    let base = TimeBase {
        start: caps::epoch_now(),
    };
    let t0 = caps::now();
    let chunks = message::chunks(job.len(), k);
    let tasks = |r: &std::ops::Range<usize>| r.clone().map(|i| (i, job.task(i))).collect();
    let requests: Vec<Vec<u8>> = chunks
        .iter()
        .map(|r| {
            message::encode(&match fault {
                Fault::TaskPanics(i) if r.contains(&i) => {
                    Request::Faulty(tasks(r), message::Fault::Panic(i))
                }
                _ => Request::Cpu(tasks(r)),
            })
        })
        .collect();
    let dying =
        |c: usize| message::encode(&Request::Faulty(tasks(&chunks[c]), message::Fault::Die));
    let dies = match fault {
        Fault::ProcessDies(p) => Some((p.min(k - 1), &dying as &dyn Fn(usize) -> Vec<u8>)),
        _ => None,
    };
    pool.take_restarts();
    let answers = pool
        .map(&requests, k, dies, |r| {
            if let Reply::Cpu(v) = r {
                done.set(done.get() + v.len());
                on_progress(done.get());
            }
        })
        .await?;
    let restarts = pool.take_restarts();
    let mut tagged = Vec::with_capacity(job.len());
    let mut timeline = Timeline::new(lanes(CpuMode::Processes(k), false), base, f64::NAN);
    for r in &restarts {
        r.draw(&mut timeline, base);
    }
    for a in answers {
        let Reply::Cpu(v) = a.reply else {
            return Err("a process answered a CPU request with something else".into());
        };
        a.timing.draw(
            &mut timeline,
            base,
            Activity::Task,
            v.iter().map(|(i, _)| *i),
        );
        tagged.extend(v);
    }
    let outputs = message::in_order(job.len(), tagged, "task")?;
    let ms = caps::now() - t0;
    timeline.end = base.since(caps::epoch_now());
    let (mode, label) = {
        let m = CpuMode::Processes(k);
        (m.kind(), m.label())
    };
    Ok(CpuOutcome {
        result: ModeResult {
            start: Some(start),
            workers: Some(k),
            timeline: Some(timeline.finish()),
            ..ModeResult::new(
                mode,
                label,
                ms,
                kernels::workload::checksum(&outputs),
                format!(
                    "{} tasks in {} serialized chunks to {} processes, each with its own module instance and memory{}",
                    job.len(),
                    requests.len(),
                    k,
                    crate::workers::processes::describe_restarts(&restarts)
                ),
            )
        },
        picture: picture(job, &outputs),
        outputs,
    })
}
