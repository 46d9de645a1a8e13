//! The browser side: the deployed page in headless Chromium, driven as a
//! visitor drives it. Every run is set up by a link (the page's own share
//! format, so a reader can open the very same run), started with Run, and
//! read back from the page's own JSON and trace exports: the figures are
//! the page's, measured in that browser, in that run.

use crate::harness::Env;
use crate::page::{self, Page};
use lab::form::{self, Fields, Repeats};
use lab::link::{CpuConfig, IoConfig};
use libtest_mimic::Failed;
use serde_json::Value;

/// A page error as text.
pub fn text(e: Failed) -> String {
    e.message().unwrap_or("failed").to_owned()
}

/// One mode's counted samples and what the page thread went through.
#[derive(Clone, Debug)]
pub struct Mode {
    /// `data-mode`: sequential, threads, gil, processes, async.
    pub mode: String,
    /// What the page calls it ("threads ×2"): its name in the trace export.
    pub label: String,
    /// Counted samples, ms.
    pub samples: Vec<f64>,
    /// Long tasks the page saw while the mode ran (whoever caused them).
    pub long_tasks: usize,
    /// The run's own longest step on the page's thread, ms.
    pub step_ms: f64,
}

/// One click on Run: the page's JSON export and its modes.
pub struct Run {
    /// The page's JSON export of the run.
    pub doc: Value,
    /// Its modes, in the page's order.
    pub modes: Vec<Mode>,
}

impl Run {
    /// The mode `name`.
    pub fn mode(&self, name: &str) -> Result<&Mode, String> {
        self.modes
            .iter()
            .find(|m| m.mode == name)
            .ok_or_else(|| format!("no {name} result"))
    }

    /// How much faster `mode` ran than `base` in this run.
    pub fn speedup(&self, base: &str, mode: &str) -> Result<lab::results::stats::Speedup, String> {
        crate::report::ratio_of(
            &crate::report::summary(base, &self.mode(base)?.samples)?,
            &crate::report::summary(mode, &self.mode(mode)?.samples)?,
        )
    }
}

/// Opens the page with `query` and checks that the link was used as given
/// and that the page is cross-origin isolated (else no thread figure means
/// anything).
async fn open(env: &Env, panel: &str, query: &[(String, String)]) -> Result<Page, String> {
    let url = format!("{}?{}", env.base, lab::query::to_string(query));
    let p = env.page_at(&url).await.map_err(text)?;
    let note = format!("#{panel}-link-note");
    if p.exists(&note).await.map_err(text)? {
        return Err(format!("{url}: {}", p.text(&note).await.map_err(text)?));
    }
    let isolated = p.text("#cap-isolated").await.map_err(text)?;
    if !isolated.ends_with("yes") {
        return Err(format!("{url}: not isolated ({isolated})"));
    }
    Ok(p)
}

/// Clicks Run in `panel`, waits, and reads the run back: the JSON export,
/// checked (every mode agrees, on `want`), and the table's page column.
async fn run(p: &Page, panel: &str, secs: u64, want: &str) -> Result<Run, String> {
    let rows = match p.run(panel, secs).await {
        Ok(rows) => rows,
        Err(e) => {
            // Where it stopped: the progress line says what was under way.
            let at = p
                .text(&format!("#{panel} .progress"))
                .await
                .unwrap_or_default();
            return Err(format!("{} (progress: {at:?})", text(e)));
        }
    };
    let json = p
        .download(&format!("#{panel} .export-json"))
        .await
        .map_err(text)?;
    let doc: Value = serde_json::from_str(&json).map_err(|e| format!("the page's JSON: {e}"))?;
    if doc["all_agree"] != Value::Bool(true) {
        return Err(format!("{panel}: the modes disagree: {json}"));
    }
    let mut modes = Vec::new();
    for r in doc["results"].as_array().into_iter().flatten() {
        let mode = r["mode"].as_str().unwrap_or_default().to_owned();
        if r["checksum"].as_str() != Some(want) {
            return Err(format!(
                "{panel} {mode}: checksum {}, want {want}",
                r["checksum"]
            ));
        }
        let row = rows
            .iter()
            .find(|row| row.mode == mode)
            .ok_or_else(|| format!("{mode}: in the JSON, not in the table"))?;
        let samples: Option<Vec<f64>> = r["samples_ms"]
            .as_array()
            .map(|s| s.iter().filter_map(Value::as_f64).collect());
        modes.push(Mode {
            label: r["label"].as_str().unwrap_or_default().to_owned(),
            samples: samples.unwrap_or_default(),
            long_tasks: page::number_in(&row.page)
                .ok_or_else(|| format!("{mode}: no long-task count in {:?}", row.page))?,
            step_ms: row.step_ms().map_err(text)?,
            mode,
        });
    }
    Ok(Run { doc, modes })
}

/// A CPU workload's fields: its defaults with `set` typed over them.
pub fn cpu_fields(key: &str, set: &[(&'static str, &str)]) -> Result<Fields, String> {
    let w = kernels::Workload::default_for(key).ok_or_else(|| format!("no workload {key}"))?;
    let mut f = form::to_fields(&w);
    for &(k, v) in set {
        f.insert(k, v.to_owned());
    }
    form::parse_workload(key, &f).map_err(|e| format!("{key}: {e}"))?;
    Ok(f)
}

/// The CPU panel set up for `key` with `fields`, these `modes`, `workers`
/// threads, `processes` processes and `repeats`.
pub fn cpu_config(
    cores: usize,
    key: &str,
    fields: &Fields,
    modes: &[lab::ModeKind],
    (workers, processes): (usize, usize),
    repeats: Repeats,
) -> CpuConfig {
    CpuConfig {
        workload: key.to_owned(),
        fields: fields.clone(),
        modes: modes.to_vec(),
        workers,
        processes,
        repeats,
        ..CpuConfig::defaults(cores)
    }
}

/// Opens the CPU panel on `config`, made on this machine of `cores` cores
/// (a count equal to them is left out of the link and means all cores):
/// the page, ready for [`cpu_run`].
pub async fn cpu(env: &Env, config: &CpuConfig, cores: usize) -> Result<Page, String> {
    open(env, "cpu", &config.to_query(cores)).await
}

/// Clicks the CPU panel's Run once; every mode's checksum must be `want`.
pub async fn cpu_run(p: &Page, want: &str) -> Result<Run, String> {
    run(p, "cpu", 300, want).await
}

/// The page's trace export of its last run in `panel` (Chrome trace events).
pub async fn trace(p: &Page, panel: &str) -> Result<Value, String> {
    let trace = p
        .download(&format!("#{panel} .export-trace"))
        .await
        .map_err(text)?;
    serde_json::from_str(&trace).map_err(|e| format!("the trace: {e}"))
}

/// The durations (ms) of the spans of category `cat` in the page's trace
/// export of its last run.
pub async fn trace_ms(p: &Page, panel: &str, cat: &str) -> Result<Vec<f64>, String> {
    let doc = trace(p, panel).await?;
    Ok(doc["traceEvents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["ph"] == "X" && e["cat"] == cat)
        .filter_map(|e| e["dur"].as_f64())
        .map(|us| us / 1000.0)
        .collect())
}

/// Runs the I/O panel on `config` once; every mode's checksum must be the
/// one its endpoint's answers give.
pub async fn io(env: &Env, config: &IoConfig, cores: usize) -> Result<Run, String> {
    let p = open(env, "io", &config.to_query(cores)).await?;
    let params = form::parse_io(&config.fields).map_err(|e| e.to_string())?;
    let endpoint = form::parse_endpoint(config.endpoint, &config.url).map_err(|e| e.to_string())?;
    let want = endpoint.expected(params.requests).to_string();
    // Sequential, the slowest mode, waits requests × latency per repetition.
    let secs = u64::from(params.requests) * u64::from(params.delay_ms) * 4 / 1000 + 120;
    run(&p, "io", secs, &want).await
}

/// A network (and a device) the page is loaded over, emulated by Chromium.
#[derive(Clone, Copy, Debug)]
pub struct Net {
    /// What the report calls it.
    pub name: &'static str,
    /// Round trip added to every request, ms.
    pub rtt_ms: f64,
    /// Download and upload speed, bits per second.
    pub down_bps: f64,
    /// Upload speed, bits per second.
    pub up_bps: f64,
    /// How many times slower the page's CPU runs (1: this machine's).
    pub cpu_slowdown: f64,
}

/// A cold load's figures, from navigation start: first paint, the page
/// drawn with every Run usable (a click then waits for what it needs), the
/// thread pool up, and the bytes that crossed the network.
#[derive(Clone, Debug)]
pub struct ColdLoad {
    /// `first-contentful-paint`, ms.
    pub paint_ms: f64,
    /// `playground-ready`: drawn, Run usable, ms.
    pub ready_ms: f64,
    /// `pool-ready`: the thread modes' pool up, ms.
    pub pool_ms: f64,
    /// Bytes transferred for the document and everything it loaded.
    pub transferred: u64,
}

/// Loads the page with an empty cache and no service worker (a first
/// visit) over `net`, or over this machine's loopback when `None`.
pub async fn cold_load(env: &Env, net: Option<Net>) -> Result<ColdLoad, String> {
    let p = env.page().await.map_err(text)?;
    let origin = p.eval("location.origin").await.map_err(text)?;
    let cdp = |cmd: &'static str, params: Value| {
        let p = &p;
        async move { p.cdp(cmd, params).await.map_err(text) }
    };
    cdp("Network.enable", serde_json::json!({})).await?;
    cdp("Network.clearBrowserCache", serde_json::json!({})).await?;
    cdp(
        "Storage.clearDataForOrigin",
        serde_json::json!({ "origin": origin, "storageTypes": "all" }),
    )
    .await?;
    let (rtt, down, up, cpu) = net.map_or((0.0, -1.0, -1.0, 1.0), |n| {
        (n.rtt_ms, n.down_bps / 8.0, n.up_bps / 8.0, n.cpu_slowdown)
    });
    cdp(
        "Network.emulateNetworkConditions",
        serde_json::json!({ "offline": false, "latency": rtt,
                            "downloadThroughput": down, "uploadThroughput": up }),
    )
    .await?;
    cdp(
        "Emulation.setCPUThrottlingRate",
        serde_json::json!({ "rate": cpu }),
    )
    .await?;
    let measured = async {
        p.goto(&env.base).await.map_err(text)?;
        let read = "(() => { const at = n => (performance.getEntriesByName(n)[0] || {}).startTime; \
             const nav = performance.getEntriesByType('navigation')[0]; \
             const bytes = performance.getEntriesByType('resource') \
               .reduce((s, r) => s + r.transferSize, nav ? nav.transferSize : 0); \
             return { paint: at('first-contentful-paint'), ready: at('playground-ready'), \
                      pool: at('pool-ready'), bytes }; })()";
        let start = std::time::Instant::now();
        loop {
            let v = p.eval(read).await.map_err(text)?;
            if let (Some(paint), Some(ready), Some(pool)) =
                (v["paint"].as_f64(), v["ready"].as_f64(), v["pool"].as_f64())
            {
                return Ok(ColdLoad {
                    paint_ms: paint,
                    ready_ms: ready,
                    pool_ms: pool,
                    transferred: v["bytes"].as_u64().unwrap_or(0),
                });
            }
            if start.elapsed() > std::time::Duration::from_secs(120) {
                return Err(format!("a cold load never became ready: {v}"));
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
    .await;
    // The next load, whatever this one did, gets this machine as it is.
    cdp(
        "Network.emulateNetworkConditions",
        serde_json::json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
    )
    .await?;
    cdp(
        "Emulation.setCPUThrottlingRate",
        serde_json::json!({ "rate": 1 }),
    )
    .await?;
    measured
}

/// One fresh load of the page: when it became usable, the pool's start, and
/// the bytes of module and script it fetched.
#[derive(Clone, Debug)]
pub struct Load {
    /// Navigation start to `playground-ready` (Run usable), ms.
    pub ready_ms: f64,
    /// The rayon pool's start, as the page shows it, ms.
    pub pool_ms: f64,
    /// Bytes the browser fetched for `.wasm` and `.js` files (transfer sizes).
    pub transferred: u64,
}

/// Loads the page afresh and reads its start-up figures.
pub async fn load(env: &Env) -> Result<Load, String> {
    let p = open(env, "cpu", &[]).await?;
    let v = p
        .eval(
            "(() => { const m = performance.getEntriesByName('playground-ready')[0]; \
             const bytes = performance.getEntriesByType('resource') \
               .filter(r => /\\.(wasm|js)$/.test(new URL(r.name).pathname)) \
               .reduce((s, r) => s + r.transferSize, 0); \
             return { ready: m ? m.startTime : null, bytes }; })()",
        )
        .await
        .map_err(text)?;
    let pool = p.text("#cap-pool").await.map_err(text)?;
    let pool_ms = pool
        .split("started in ")
        .nth(1)
        .map(|t| t.trim_end_matches(')'))
        .ok_or_else(|| format!("no pool start in {pool:?}"))
        .and_then(|t| page::millis(t).map_err(text))?;
    Ok(Load {
        ready_ms: v["ready"]
            .as_f64()
            .ok_or("the page made no playground-ready mark")?,
        pool_ms,
        transferred: v["bytes"].as_u64().unwrap_or(0),
    })
}
