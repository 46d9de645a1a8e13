//! What a click on Run or Sweep does in the CPU panel: one session over
//! the chosen modes, each mode-run on processes, on the CPU pool's
//! threads, or on the page's own thread.

use super::state::Cpu;
use crate::browser::meter::{Meter, measure_unless};
use crate::modes::cpu;
use crate::page::PoolState;
use crate::session::Ran;
use crate::session::pools;
use kernels::Job;
use lab::faults::Fault;
use lab::mode::CpuMode;
use lab::{Comparison, ModeResult};
use leptos::prelude::*;
use std::sync::Arc;

/// What one click runs with, read when it is made.
struct Click {
    /// Run (false) or Sweep (true).
    sweeping: bool,
    /// The workload's key and fields, for the export.
    key: String,
    typed: lab::Fields,
    /// The pool's threads, if it started, and if not, why.
    pool: Option<usize>,
    no_pool: String,
    /// The fault to inject (none in a sweep: a sweep measures).
    fault: Fault,
    meter: Meter,
}

/// Runs the modes of one click (a sweep fills its own results and keeps one
/// pool of processes for every count, using as many as each point needs).
pub async fn run(cpu: Cpu, sweeping: bool, meter: Meter) {
    let s = cpu.session;
    s.begin();
    // A click while the page's pool starts runs once it is up (or known
    // not to come): what it runs depends on it.
    let up = || !matches!(cpu.pool.get_untracked(), PoolState::Starting);
    if !s.wait_until("the page's thread pool", "tasks", up).await {
        return s.finish(|| {});
    }
    let w = cpu.parsed.get_untracked();
    let reps = cpu.repeats.get_untracked();
    let choice = cpu.choice();
    let (modes, target) = if sweeping {
        (choice.sweep_modes(cpu.caps.cores), cpu.sweep)
    } else {
        (choice.modes(), cpu.comparison)
    };
    let click = Click {
        sweeping,
        key: cpu.workload.get_untracked(),
        typed: cpu.fields.get_untracked(),
        pool: choice.pool,
        no_pool: match cpu.pool.get_untracked() {
            PoolState::Unavailable(why) => why,
            _ => String::new(),
        },
        fault: if sweeping {
            Fault::None
        } else {
            cpu.fault.get_untracked().unwrap_or_default()
        },
        meter,
    };
    target.set(Some(Comparison {
        resolution_ms: cpu.caps.resolution_ms,
        experiment: lab::mode::Experiment::from_key(&click.key),
        ..Comparison::default()
    }));
    let (w, reps) = match (w, reps) {
        (Ok(w), Ok(r)) => (w, r),
        (Err(e), _) | (_, Err(e)) => return s.refuse(e),
    };
    // Checked here too: a sweep runs more modes than the form shows.
    if let Err(e) = lab::budget::cpu(&w, &choice.budget_kinds(&modes), reps) {
        return s.refuse(e);
    }
    s.preparing("generating inputs", "tasks");
    let job = match cpu::prepare(w, click.pool.is_some()).await {
        Ok(j) => j,
        Err(e) => return s.refuse(e),
    };
    let names = |mode: CpuMode| (mode.kind(), mode.label());
    let one = async |mode, name: &str| {
        let report = s.reporter(name, job.len(), "tasks");
        report(0);
        let ran = match mode {
            CpuMode::Processes(k) => on_processes(cpu, &click, &job, k, report).await,
            _ => on_threads(cpu, &click, &job, mode, report).await,
        };
        (ran.0.map(|out| keep(cpu, &click, &job, out)), ran.1)
    };
    // A stopped run ends its processes wherever the click landed.
    s.run_modes(reps, &modes, names, target, one, || {
        cpu.kept_processes.set_value(None);
    })
    .await;
    cpu.cancel.set_value(None);
}

/// One mode-run on the kept pool of processes; Stop drops it mid-chunk
/// (its processes are ended when the session finishes).
async fn on_processes(
    cpu: Cpu,
    click: &Click,
    job: &Job,
    k: usize,
    report: impl Fn(usize),
) -> Ran<cpu::CpuOutcome> {
    cpu.session
        .preparing(format!("starting {k} processes"), "tasks");
    let size = if click.sweeping { cpu.caps.cores } else { k };
    let cold = cpu.cold.get_untracked() && !click.sweeping;
    let running = pools::run_on_kept(
        cpu.kept_processes,
        size,
        cold,
        true,
        &click.meter,
        async |procs, start| cpu::run_processes(job, procs, k, start, click.fault, report).await,
    );
    cpu.session.race(running, || {}).await
}

/// One mode-run on the CPU pool (started on first use, or after a thread
/// died; a Stop during its start ends the run), or on the page's thread.
async fn on_threads(
    cpu: Cpu,
    click: &Click,
    job: &Arc<Job>,
    mode: CpuMode,
    report: impl Fn(usize),
) -> Ran<cpu::CpuOutcome> {
    let counter = cpu::new_progress();
    cpu.cancel.set_value(Some(Arc::clone(&counter)));
    let panic_at = match click.fault {
        Fault::TaskPanics(i) => Some(i),
        _ => None,
    };
    let threads = match click.pool.filter(|_| mode != CpuMode::MainThread) {
        Some(n) => {
            cpu.session.preparing("starting the CPU pool", "tasks");
            let kept = pools::kept_pool(cpu.kept_threads, n, false);
            let starting = async { (kept.await, Default::default()) };
            match cpu.session.race(starting, || {}).await {
                (Ok((t, _)), _) => Some(t),
                (Err(e), page) => return (Err(e), page),
            }
        }
        None => None,
    };
    report(0);
    let run = cpu::run(
        Arc::clone(job),
        mode,
        threads.as_deref().ok_or(click.no_pool.as_str()),
        panic_at,
        counter,
        report,
    );
    let stop = cpu.session.stop;
    let ran = measure_unless(&click.meter, run, move || stop.clicked()).await;
    // A thread died: this pool is of no more use.
    if threads.is_some_and(|t| t.broken()) {
        cpu.kept_threads.set_value(None);
    }
    ran
}

/// Keeps what a finished mode-run computed beyond its result: the picture,
/// and its outputs for the export.
fn keep(cpu: Cpu, click: &Click, job: &Arc<Job>, out: cpu::CpuOutcome) -> ModeResult {
    if let Some((spec, px)) = out.picture {
        cpu.picture.set(Some((spec, Arc::new(px))));
    }
    cpu.last_outputs.set_value(Some((
        click.key.clone(),
        click.typed.clone(),
        Arc::clone(job),
        out.outputs,
    )));
    cpu.has_outputs.set(true);
    out.result
}
