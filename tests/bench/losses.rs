//! Where threads lose against k×: a threads run's efficiency taken apart,
//! from the page's own timeline of it (its trace export) beside the
//! sequential run of the same click.
//!
//! Efficiency = sequential time ÷ (k × threads time). Over the threads
//! run's k lanes, k × its time is the tasks' busy time plus the lanes' idle
//! time, so efficiency is the product of
//! - **occupancy**: busy ÷ (k × time), what idle lanes cost: a thread that
//!   starts late (a sleeping worker's wake-up), one that waits at the end
//!   for the last task (granularity), gaps between tasks;
//! - **per-task speed**: the sequential run's busy time ÷ this run's, what
//!   running k at once costs each task (cores shared with the page's thread,
//!   the browser and the neighbours; memory bandwidth);
//! - the sequential run's own busy ÷ time (about 1: work outside tasks).

use serde_json::Value;

/// One threads run taken apart.
#[derive(Debug, Clone)]
pub struct Losses {
    /// Threads (lanes with work).
    pub threads: usize,
    /// Sequential time ÷ (k × threads time), from the trace's spans.
    pub efficiency: f64,
    /// Busy ÷ (k × time).
    pub occupancy: f64,
    /// Sequential busy ÷ threads busy (1.00: tasks as fast as alone).
    pub task_speed: f64,
    /// When the last thread began its first task, ms after the run began.
    pub last_start_ms: f64,
    /// Summed over threads: time from a thread's last task's end to the run's.
    pub tail_idle_ms: f64,
}

/// The spans of one mode in a trace: (lane, start ms, end ms) of its tasks.
fn tasks(trace: &Value, label: &str) -> Result<Vec<(u64, f64, f64)>, String> {
    let events = trace["traceEvents"]
        .as_array()
        .ok_or("a trace without events")?;
    let pid = events
        .iter()
        .find(|e| e["ph"] == "M" && e["name"] == "process_name" && e["args"]["name"] == label)
        .and_then(|e| e["pid"].as_u64())
        .ok_or_else(|| format!("no {label:?} in the trace"))?;
    Ok(events
        .iter()
        .filter(|e| e["ph"] == "X" && e["cat"] == "task" && e["pid"].as_u64() == Some(pid))
        .filter_map(|e| {
            let (ts, dur) = (e["ts"].as_f64()?, e["dur"].as_f64()?);
            Some((e["tid"].as_u64()?, ts / 1000.0, (ts + dur) / 1000.0))
        })
        .collect())
}

/// Busy time (summed task durations) and the time from 0 to the last end.
fn busy_and_span(spans: &[(u64, f64, f64)]) -> (f64, f64) {
    let busy = spans.iter().map(|s| s.2 - s.1).sum();
    let end = spans.iter().map(|s| s.2).fold(0.0, f64::max);
    (busy, end)
}

/// Takes apart the run of the mode labelled `threads` (on `k` threads, the
/// timeline's lanes 0..k) against the one labelled `sequential`, both in
/// `trace` (the page's trace export). A thread that ran no task counts as
/// idle the whole run.
///
/// # Errors
/// A mode missing from the trace, or one without tasks.
pub fn of(trace: &Value, sequential: &str, threads: &str, k: usize) -> Result<Losses, String> {
    let seq = tasks(trace, sequential)?;
    let par = tasks(trace, threads)?;
    if seq.is_empty() || par.is_empty() {
        return Err(format!("no tasks for {sequential:?} or {threads:?}"));
    }
    let (seq_busy, seq_time) = busy_and_span(&seq);
    let (par_busy, par_time) = busy_and_span(&par);
    let lanes = 0..k as u64;
    let first_start = |lane| {
        par.iter()
            .filter(|s| s.0 == lane)
            .map(|s| s.1)
            .fold(par_time, f64::min)
    };
    let last_end = |lane| {
        par.iter()
            .filter(|s| s.0 == lane)
            .map(|s| s.2)
            .fold(0.0, f64::max)
    };
    let last_start_ms = lanes.clone().map(first_start).fold(0.0, f64::max);
    let tail_idle_ms = lanes.map(|l| par_time - last_end(l)).sum();
    let kt = k as f64 * par_time;
    Ok(Losses {
        threads: k,
        efficiency: seq_time / kt,
        occupancy: par_busy / kt,
        task_speed: seq_busy / par_busy,
        last_start_ms,
        tail_idle_ms,
    })
}
