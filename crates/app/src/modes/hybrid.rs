//! The hybrid pipeline: fetch N items on the event loop, compute on each.
//!
//! Four arrangements of the same fetches and the same CPU steps (see
//! `kernels::hybrid`), each timed on the page from the first fetch to the
//! last result:
//! - sequential: fetch an item, compute it, then the next;
//! - async, then compute: every fetch in flight at once, then every CPU step
//!   one after another;
//! - async → threads: every fetch in flight, and each item's CPU step goes
//!   to the rayon pool the moment its answer lands, so computing overlaps
//!   the fetches still waiting;
//! - async → processes: the same, with the CPU step sent to a free process.
//!
//! CPU steps run on pool threads or processes, never on the page's thread
//! (when the page has no pool, on the page's thread, which then freezes).

use crate::workers::processes::{Dispatcher, Processes, Timing};
use crate::{browser::caps, workers::pool};
use futures::StreamExt;
use kernels::Checksum;
use kernels::Output;
use kernels::Task;
use kernels::hybrid::Hybrid;
use kernels::io::{Endpoint, IoParams};
use kernels::message::{self, Reply, Request};
use lab::ModeResult;
use lab::mode::HybridMode;
use lab::results::PoolStart;
use lab::timeline::{Activity, TimeBase, Timeline, numbered};
use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A span as noted: (lane, activity, (start, end) epoch ms, item).
type Noted = (usize, Activity, (f64, f64), usize);

/// What Stop uses to end a run: the fetches' abort signal, and the flag
/// the compute-everything job checks between items.
pub struct Halt {
    /// Aborts the fetches in flight.
    pub abort: Option<web_sys::AbortSignal>,
    /// Set: the job on the pool stops after its item in hand.
    pub cancel: Arc<AtomicBool>,
}

/// What the timeline of a hybrid run collects as it goes: spans on the
/// shared clock by lane (0 is the event loop), and processes' timings.
#[derive(Default)]
struct Recorder {
    spans: RefCell<Vec<Noted>>,
    timings: RefCell<Vec<(Timing, usize)>>,
    /// Stop's signal: aborts the fetches in flight.
    abort: Option<web_sys::AbortSignal>,
}

impl Recorder {
    /// Fetches item `id` on the event loop, noting how long it waited.
    async fn fetch(&self, p: IoParams, e: &Endpoint, id: u32, run: u64) -> Result<u32, String> {
        let t = caps::epoch_now();
        let token = crate::net::fetch::fetch_one(p, e, id, run, 0, self.abort.as_ref())
            .await
            .into_result();
        self.spans
            .borrow_mut()
            .push((0, Activity::Wait, (t, caps::epoch_now()), id as usize));
        token
    }

    /// Runs item `id`'s CPU step on the pool (on the page's thread without
    /// one), noting which thread ran it when.
    async fn compute(
        &self,
        h: Hybrid,
        id: u32,
        token: u32,
        have_pool: bool,
    ) -> Result<u64, String> {
        let step = move || {
            let t = caps::epoch_now();
            let v = h.compute(token);
            (v, rayon::current_thread_index(), (t, caps::epoch_now()))
        };
        let (v, thread, span) = if have_pool {
            pool::run(step).await?
        } else {
            step()
        };
        let lane = thread.map_or(1, |t| t + 1);
        self.spans
            .borrow_mut()
            .push((lane, Activity::Task, span, id as usize));
        Ok(v)
    }

    /// The timeline of a run from `base` to now, with these compute lanes.
    fn timeline(&self, base: TimeBase, compute_lanes: Vec<String>) -> Timeline {
        let mut lanes = vec!["event loop".to_owned()];
        lanes.extend(compute_lanes);
        let mut t = Timeline::new(lanes, base, caps::epoch_now());
        for (lane, a, span, id) in self.spans.take() {
            t.push(base, lane, a, span, Some(id));
        }
        for (mut timing, id) in self.timings.take() {
            timing.worker += 1;
            timing.draw(&mut t, base, Activity::Task, [id].into_iter());
        }
        t.finish()
    }
}

/// Every fetch in flight at once, and each item's CPU `step(id, token)`
/// started the moment its answer lands; `tick` after each step. The values
/// come back in item order.
async fn as_they_land<F: Future<Output = Result<u64, String>>>(
    h: Hybrid,
    e: &Endpoint,
    run: u64,
    rec: &Recorder,
    tick: &impl Fn(),
    step: impl Fn(u32, u32) -> F,
) -> Result<Vec<u64>, String> {
    let step = &step;
    let mut got: Vec<(u32, u64)> = futures::stream::iter(0..h.items)
        .map(|id| async move {
            let token = rec.fetch(h.io(), e, id, run).await?;
            Ok::<_, String>((id, step(id, token).await?))
        })
        .buffer_unordered(h.items as usize)
        .inspect(|_| tick())
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()?;
    got.sort_unstable_by_key(|&(id, _)| id);
    Ok(got.into_iter().map(|(_, v)| v).collect())
}

/// Runs the pipeline in `mode`; `on_progress(done)` after each item's CPU step.
///
/// `procs` must be given for [`HybridMode::AsyncProcesses`], with how its
/// start is reported.
pub async fn run(
    h: Hybrid,
    mode: HybridMode,
    run: u64,
    have_pool: bool,
    procs: Option<(&Processes, PoolStart)>,
    halt: Halt,
    on_progress: impl Fn(usize),
) -> Result<ModeResult, String> {
    let Halt { abort, cancel } = halt;
    let e = Endpoint::InPage;
    let p = h.io();
    let done = std::cell::Cell::new(0usize);
    let tick = || {
        done.set(done.get() + 1);
        on_progress(done.get());
    };
    let rec = Recorder {
        abort,
        ..Recorder::default()
    };
    let rec = &rec;
    let base = TimeBase {
        start: caps::epoch_now(),
    };
    let t0 = caps::now();
    let values: Vec<u64> = match mode {
        HybridMode::Sequential => {
            let mut v = Vec::with_capacity(h.items as usize);
            for id in 0..h.items {
                let token = rec.fetch(p, &e, id, run).await?;
                v.push(rec.compute(h, id, token, have_pool).await?);
                tick();
            }
            v
        }
        HybridMode::AsyncThenCompute => {
            let tokens: Vec<u32> =
                futures::future::try_join_all((0..h.items).map(|id| rec.fetch(p, &e, id, run)))
                    .await?;
            let n = tokens.len();
            let v = compute_all(h, tokens, cancel, have_pool, rec).await?;
            done.set(n);
            on_progress(n);
            v
        }
        HybridMode::AsyncThreads => {
            if !have_pool {
                return Err("threads need the worker pool, which this page does not have".into());
            }
            // Each result goes straight to the pool, whose threads compute
            // while other fetches wait.
            as_they_land(h, &e, run, rec, &tick, |id, token| {
                rec.compute(h, id, token, true)
            })
            .await?
        }
        HybridMode::AsyncProcesses(_) => {
            let (pool, _) = procs.ok_or("no process pool given")?;
            let d = pool.dispatcher();
            as_they_land(h, &e, run, rec, &tick, |id, token| {
                on_a_process(&d, h, id, token, rec)
            })
            .await?
        }
    };
    let ms = caps::now() - t0;
    Ok(result(
        h,
        mode,
        have_pool,
        procs.map(|(_, s)| s),
        rec,
        base,
        ms,
        &values,
    ))
}

/// Every item's CPU step in one job on one thread (the pool's, or the
/// page's without one), each timed; a Stop (`cancel`) ends it after the
/// item in hand.
async fn compute_all(
    h: Hybrid,
    tokens: Vec<u32>,
    cancel: Arc<AtomicBool>,
    have_pool: bool,
    rec: &Recorder,
) -> Result<Vec<u64>, String> {
    let all = move || {
        let thread = rayon::current_thread_index();
        let mut spans = Vec::with_capacity(tokens.len());
        let v = tokens
            .iter()
            .take_while(|_| !cancel.load(Ordering::Relaxed))
            .map(|&t| {
                let s = caps::epoch_now();
                let x = h.compute(t);
                spans.push((s, caps::epoch_now()));
                x
            })
            .collect::<Vec<_>>();
        (v, thread, spans)
    };
    let (v, thread, spans) = if have_pool {
        pool::run(all).await?
    } else {
        all()
    };
    let lane = thread.map_or(1, |t| t + 1);
    rec.spans.borrow_mut().extend(
        spans
            .into_iter()
            .enumerate()
            .map(|(id, span)| (lane, Activity::Task, span, id)),
    );
    Ok(v)
}

/// Item `id`'s CPU step, sent to a free process.
async fn on_a_process(
    d: &Dispatcher<'_>,
    h: Hybrid,
    id: u32,
    token: u32,
    rec: &Recorder,
) -> Result<u64, String> {
    let req = Request::Cpu(vec![(id as usize, Task::Sum(h.task(token)))]);
    let answer = d.ask(&message::encode(&req)).await?;
    rec.timings.borrow_mut().push((answer.timing, id as usize));
    match answer.reply {
        Reply::Cpu(v) => match v.as_slice() {
            [(i, Output::Value(x))] if *i == id as usize => Ok(*x),
            _ => Err(format!("item {id}: a process answered another task")),
        },
        _ => Err(format!("item {id}: a process answered something else")),
    }
}

/// The run's result: its time, checksum, how it ran, and its timeline.
#[allow(
    clippy::too_many_arguments,
    reason = "the parts of one finished run, each named"
)]
fn result(
    h: Hybrid,
    mode: HybridMode,
    have_pool: bool,
    start: Option<PoolStart>,
    rec: &Recorder,
    base: TimeBase,
    ms: f64,
    values: &[u64],
) -> ModeResult {
    // Asking rayon without a started pool would try to start one: not in wasm.
    let threads = if have_pool {
        rayon::current_num_threads()
    } else {
        0
    };
    let (name, label) = (mode.kind(), mode.label(threads));
    let compute_lanes = match mode {
        HybridMode::AsyncProcesses(k) => numbered("process", k),
        _ if have_pool => numbered("pool thread", threads),
        _ => vec!["page's thread".to_owned()],
    };

    let where_ = match mode {
        HybridMode::AsyncThreads => {
            format!("each step on the {threads}-thread pool as its item landed")
        }
        HybridMode::AsyncProcesses(k) => {
            format!("each step sent to one of {k} processes as its item landed")
        }
        _ if have_pool => "steps one after another on one pool thread".to_owned(),
        _ => "steps on the page's own thread (no worker pool)".to_owned(),
    };
    ModeResult {
        start,
        timeline: Some(rec.timeline(base, compute_lanes)),
        ..ModeResult::new(
            name,
            label,
            ms,
            Checksum::of(values.iter().copied()),
            format!(
                "{} items of {} ms from the {}; {} random integers summed per item, {where_}",
                h.items,
                h.delay_ms,
                Endpoint::InPage.describe(),
                h.count
            ),
        )
    }
}
