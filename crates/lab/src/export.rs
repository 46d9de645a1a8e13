//! A run's results as files people can keep and pass on: JSON and CSV with
//! every sample and the environment they were measured in, a Markdown
//! table for blog posts, and the timelines as Chrome trace events (they
//! open in Perfetto and in DevTools' Performance panel).

use crate::mode::Experiment;
use crate::results::{Comparison, ModeResult};
use crate::timeline::Activity;
use serde_json::{Value, json};

/// Where the figures were measured.
#[derive(Clone, Debug, PartialEq)]
pub struct Environment {
    /// `navigator.userAgent`.
    pub browser: String,
    /// `navigator.hardwareConcurrency`.
    pub cores: usize,
    /// `crossOriginIsolated`.
    pub isolated: bool,
    /// The timer's step, ms.
    pub resolution_ms: f64,
    /// The page's address when the run was made.
    pub page: String,
}

/// A number for JSON: `null` when it is not finite (JSON has no NaN).
fn num(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}

/// One result as JSON: every figure the table shows, and every sample.
fn result_json(c: &Comparison, r: &ModeResult) -> Value {
    let range = c.speedup_range(r);
    json!({
        "mode": r.mode.key(),
        "label": r.label,
        "median_ms": num(r.ms),
        "samples_ms": r.samples.iter().map(|&x| num(x)).collect::<Vec<_>>(),
        "warmups": r.warmups,
        "checksum": r.checksum.to_string(),
        "agrees": c.agrees(r),
        "speedup": c.speedup(r).map_or(Value::Null, num),
        "speedup_low": range.map_or(Value::Null, |s| num(s.low)),
        "speedup_high": range.map_or(Value::Null, |s| num(s.high)),
        "efficiency": c.efficiency(r).map_or(Value::Null, num),
        "workers": r.workers,
        "pool_start_ms": r.start.map_or(Value::Null, |s| num(s.ms)),
        "pool_start_cold": r.start.map(|s| s.cold),
        "how": r.detail,
        "requests": r.tally.as_ref().map(|t| json!({
            "answered": t.answered,
            "failed": t.failed,
            "timed_out": t.timed_out,
            "retries": t.retries,
            "first_failure": t.first_failure,
        })),
    })
}

/// The whole comparison as a JSON document.
#[must_use]
pub fn to_json(c: &Comparison, env: &Environment) -> String {
    let doc = json!({
        "tool": "Scaling Playground",
        "experiment": c.experiment.map(Experiment::key),
        "environment": {
            "browser": env.browser,
            "cores": env.cores,
            "cross_origin_isolated": env.isolated,
            "timer_resolution_ms": num(env.resolution_ms),
            "page": env.page,
        },
        "pool_start_counted": c.start_counted,
        "expected_checksum": c.expected.map(|e| e.to_string()),
        "all_agree": c.all_agree(),
        "results": c.shown().map(|r| result_json(c, r)).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// One row per counted sample, with the environment on every row so any
/// row stands alone in a spreadsheet.
#[must_use]
pub fn to_csv(c: &Comparison, env: &Environment) -> String {
    let mut out = String::from(
        "mode,label,run,ms,checksum,agrees,workers,pool_start_ms,browser,cores,cross_origin_isolated,timer_resolution_ms\r\n",
    );
    for r in c.shown() {
        for (i, ms) in r.samples.iter().enumerate() {
            let row = [
                r.mode.key().to_owned(),
                r.label.clone(),
                (i + 1).to_string(),
                ms.to_string(),
                r.checksum.to_string(),
                c.agrees(r).to_string(),
                r.workers.map(|w| w.to_string()).unwrap_or_default(),
                r.start.map(|s| s.ms.to_string()).unwrap_or_default(),
                env.browser.clone(),
                env.cores.to_string(),
                env.isolated.to_string(),
                env.resolution_ms.to_string(),
            ];
            let row: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
            out += &row.join(",");
            out += "\r\n";
        }
    }
    out
}

/// The results table as Markdown, with the figures as the page shows them.
#[must_use]
pub fn to_markdown(c: &Comparison, env: &Environment) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::from(
        "| mode | median | min – max | spread | runs | speedup | checksum |\n|---|---:|---:|---:|---:|---:|---|\n",
    );
    for r in c.shown() {
        out += &format!(
            "| {} | {} | {} | {} | {} | {} | `{}`{} |\n",
            cell(&r.label),
            c.time_label(r),
            c.range_label(r),
            c.spread_label(r),
            r.samples.len(),
            c.speedup_label(r),
            r.checksum,
            if c.agrees(r) { "" } else { " ✗" }
        );
    }
    out += &format!(
        "\nMeasured with Scaling Playground in {} ({} cores, {}cross-origin isolated, timer step {} ms).\n",
        env.browser,
        env.cores,
        if env.isolated { "" } else { "not " },
        env.resolution_ms
    );
    out
}

/// The timelines as Chrome trace events: one process per mode, one thread
/// per lane (and one for the network, where the browser told), a complete
/// event per span, times in µs from each mode's own run start.
#[must_use]
pub fn to_trace(c: &Comparison) -> String {
    let mut events = Vec::new();
    for (i, r) in c.shown().enumerate() {
        let Some(t) = r.timeline.as_ref() else {
            continue;
        };
        let pid = i + 1;
        events.push(
            json!({"ph": "M", "name": "process_name", "pid": pid, "args": {"name": r.label}}),
        );
        let network = t.lanes.len();
        for (tid, name) in t.lanes.iter().enumerate() {
            events.push(json!({"ph": "M", "name": "thread_name", "pid": pid, "tid": tid, "args": {"name": name}}));
        }
        if t.spans.iter().any(|s| s.activity == Activity::Wire) {
            events.push(json!({"ph": "M", "name": "thread_name", "pid": pid, "tid": network, "args": {"name": "on the network"}}));
        }
        for s in &t.spans {
            let name = match (s.activity, s.item) {
                (Activity::Wait | Activity::Wire, Some(i)) => format!("request {i}"),
                (_, Some(i)) => format!("task {i}"),
                (a, None) => a.legend().to_owned(),
            };
            let tid = if s.activity == Activity::Wire {
                network
            } else {
                s.lane
            };
            events.push(json!({
                "ph": "X",
                "name": name,
                "cat": s.activity.class(),
                "pid": pid,
                "tid": tid,
                "ts": num(s.start * 1000.0),
                "dur": num((s.end - s.start) * 1000.0),
            }));
        }
    }
    serde_json::to_string(&json!({ "traceEvents": events, "displayTimeUnit": "ms" }))
        .unwrap_or_default()
}

/// A CPU job's inputs and every task's output, as JSON, for checking the
/// page's answers elsewhere (another language, another implementation):
/// the workload and its parameters as typed, the checksum the page shows,
/// and per task its self-contained input and its output.
#[must_use]
pub fn to_inputs_json(
    workload: &str,
    parameters: &crate::Fields,
    job: &kernels::Job,
    outputs: &[kernels::Output],
) -> String {
    let tasks: Vec<Value> = (0..job.len().min(outputs.len()))
        .map(|i| json!({ "index": i, "input": job.task(i), "output": outputs[i] }))
        .collect();
    let doc = json!({
        "tool": "Scaling Playground",
        "workload": workload,
        "parameters": parameters,
        "checksum": kernels::workload::checksum(outputs).to_string(),
        "tasks": tasks,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
