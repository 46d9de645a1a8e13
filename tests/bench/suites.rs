//! What is measured, in the order the report shows it: start-up and weight,
//! each CPU kernel (wasm against native, thread scaling, the GIL, the
//! page's responsiveness), processes, and I/O against the ideal.

use crate::browser::{self, Run};
use crate::harness::{self, Env};
use crate::losses::Losses;
use crate::native;
use crate::report::{self, Report, fig, ms, ratio, ratio_json, ratio_of, summary, summary_json};
use kernels::message::{self, Reply, Request};
use lab::ModeKind;
use lab::form::Repeats;
use lab::link::IoConfig;
use serde_json::{Value, json};
use std::io::Write;

/// The CPU kernels, each sized so a sequential wasm run takes about half a
/// second on this 2-core VM: long enough that the timer's step and the
/// pool's hand-over are noise, short enough for the whole report to stay
/// inside its 15 minutes. Eight tasks or more, so two threads share evenly.
const KERNELS: [(&str, &[(&str, &str)]); 4] = [
    ("fib", &[("ns", "35,35,35,35,35,35,35,35")]),
    // The seeds' own size: 1000 strings of 1000 characters.
    ("regex", &[("count", "1000"), ("len", "1000")]),
    ("sum_random", &[("tasks", "8"), ("count", "20000000")]),
    ("mandelbrot", &[]),
];

/// Each CPU mode: one warm-up (the browser's optimizing tier, the pool),
/// then five counted runs, modes interleaved, as the page does by default.
const CPU_REPEATS: Repeats = Repeats::CPU;

/// Fresh loads of the page for the start-up figures.
const LOADS: usize = 5;

/// Clicks for each processes figure.
const PROCESS_CLICKS: usize = 5;

/// I/O: requests and their latency. Sequential costs N × L (2.4 s) per run.
const IO_REQUESTS: u32 = 48;
const IO_DELAY_MS: u32 = 50;
/// Blocking I/O threads: the seeds' `ThreadPoolExecutor(max_workers=4)`.
const IO_THREADS: u32 = 4;
const IO_REPEATS: Repeats = Repeats {
    warmup: 1,
    counted: 3,
};

/// The browser's connections per host over HTTP/1.1: the cap async
/// requests to a real server queue behind.
const BROWSER_CONNECTIONS: u32 = kernels::io::CONNECTIONS_PER_HOST;

fn say(what: &str) {
    eprintln!("bench: {what}");
    let _ = std::io::stderr().flush();
}

/// Runs every suite, or only the one named (`io`), and returns the report.
pub fn all(only: Option<&str>) -> Result<Report, String> {
    if only.is_some_and(|o| !["io", "processes", "start"].contains(&o)) {
        return Err(format!(
            "no suite {only:?}: name none (all), io, processes or start"
        ));
    }
    say("building the page as deployed (./dev build; log in target/e2e/build.log)");
    let site = harness::headers_site()?;
    let dist = harness::static_dist()?;
    say("starting headless Chromium");
    let env = Env::browser(site.to_owned())?;
    let mut report = Report::default();
    let result = match only {
        Some("io") => env.block_on(io_only(&env, &mut report)),
        Some("start") => env.block_on(start_only(&env, &dist, &mut report)),
        Some(_) => env.block_on(processes_only(&env, &mut report)),
        None => env.block_on(run(&env, &dist, &mut report)),
    };
    env.stop();
    result.map(|()| report)
}

/// `./dev bench io`: the I/O sections alone, for work on the endpoints.
async fn io_only(env: &Env, report: &mut Report) -> Result<(), String> {
    let (_, cores) = environment(env).await?;
    say("I/O: the in-page endpoint, real HTTP/1.1 servers, sharding");
    let io = io(env, report, cores).await?;
    responsiveness(report, &[], &io);
    Ok(())
}

/// `./dev bench start`: what a visitor downloads and how soon the page is
/// usable, alone, for work on the page's weight.
async fn start_only(env: &Env, dist: &std::path::Path, report: &mut Report) -> Result<(), String> {
    let (environment, cores) = environment(env).await?;
    header(report, &environment, cores);
    startup(env, report, dist).await
}

/// `./dev bench processes`: the processes section alone, for work on the
/// messages between the page and its processes.
async fn processes_only(env: &Env, report: &mut Report) -> Result<(), String> {
    let (_, cores) = environment(env).await?;
    say("processes: start, round trip, moving data");
    processes(env, report, cores).await
}

/// What the page reports of its browser (user agent, cores, isolation),
/// and its core count.
async fn environment(env: &Env) -> Result<(Value, usize), String> {
    let p = env.page().await.map_err(browser::text)?;
    let environment = p
        .eval(
            "({ browser: navigator.userAgent, cores: navigator.hardwareConcurrency, \
               cross_origin_isolated: crossOriginIsolated })",
        )
        .await
        .map_err(browser::text)?;
    let cores = environment["cores"]
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or("the page gave no core count")?;
    Ok((environment, cores))
}

async fn run(env: &Env, dist: &std::path::Path, report: &mut Report) -> Result<(), String> {
    let (environment, cores) = environment(env).await?;
    header(report, &environment, cores);
    startup(env, report, dist).await?;

    let mut cpu = Vec::new();
    for (key, set) in KERNELS {
        say(&format!(
            "{key}: in the browser at 1..={cores} threads, then natively"
        ));
        cpu.push(kernel(env, cores, key, set).await?);
    }
    let (mut gil, mut gil_data) = cpu_sections(report, &cpu)?;

    say("processes: cold starts, round trips, moving data");
    processes(env, report, cores).await?;

    say("I/O: the in-page endpoint, real HTTP/1.1 servers, sharding");
    let io = io(env, report, cores).await?;
    let inpage = &io.first().ok_or("no I/O run")?.run;
    let g = inpage.speedup("sequential", "gil")?;
    gil.push(vec![
        "I/O (in-page endpoint)".into(),
        IO_THREADS.to_string(),
        ratio(&g),
    ]);
    gil_data.push(
        json!({ "work": "io", "threads": IO_THREADS, "speedup_over_sequential": ratio_json(&g),
                          "gil_ms": inpage.mode("gil")?.samples }),
    );
    report.section(
        ("gil", "The GIL"),
        &format!(
            "Speedup of threads that must hold one lock (CPython's GIL, 5 ms switch interval) \
             over sequential. On CPU work about 1.00 or below: the threads take turns. On I/O \
             ({IO_REQUESTS} requests of {IO_DELAY_MS} ms) well above 1: the lock is let go while \
             a thread waits."
        ),
        &["work", "threads", "speedup over sequential"],
        &gil,
        Value::Array(gil_data),
    );

    responsiveness(report, &cpu, &io);
    Ok(())
}

/// The report's heading: when, where, on what.
fn header(report: &mut Report, environment: &Value, cores: usize) {
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    let browser = environment["browser"].as_str().unwrap_or_default();
    let version = browser
        .split_whitespace()
        .find(|w| w.starts_with("Chrome/") || w.starts_with("HeadlessChrome/"))
        .unwrap_or(browser);
    report.text(&format!(
        "### Benchmarks, {} (commit {commit})\n\n\
         {version}, {cores} cores (hardwareConcurrency), cross-origin isolated: {}; \
         native: the same kernels, release build, a rayon pool of {cores}. \
         Figures: median (min–max) of the counted runs; ratios: of the medians, \
         with the range the samples allow.",
        report::today(),
        environment["cross_origin_isolated"]
    ));
    report.data(
        "environment",
        json!({ "date": report::today(), "commit": commit, "browser": environment }),
    );
}

/// Download sizes of the deployed files, what the module is made of, and
/// fresh loads: warm, then cold over emulated networks.
async fn startup(env: &Env, report: &mut Report, dist: &std::path::Path) -> Result<(), String> {
    say("start-up: fresh loads of the page");
    let mut loads = Vec::new();
    for _ in 0..LOADS {
        loads.push(browser::load(env).await?);
    }
    let loads = &loads[..];
    let mut files = Vec::new();
    let mut dirs = vec![dist.to_owned()];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let p = e.map_err(|e| e.to_string())?.path();
            let served = ["wasm", "js", "html", "css"]
                .iter()
                .any(|x| p.extension().is_some_and(|e| e == *x));
            if p.is_dir() {
                dirs.push(p);
            } else if served {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut rows = Vec::new();
    let mut data = Vec::new();
    // The page (what every visit downloads) and the process module (what
    // the first use of a process mode downloads), totalled apart.
    let mut total = [0_usize; 3];
    let mut later = (Vec::new(), [0_usize; 3]);
    for f in &files {
        let bytes = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let sizes = [bytes.len(), gzip(&bytes)?, brotli(&bytes)?];
        let name = f.strip_prefix(dist).unwrap_or(f).display().to_string();
        let on_use = name.starts_with(PROCESS_MODULE);
        let (into, sum) = if on_use {
            (&mut later.0, &mut later.1)
        } else {
            (&mut rows, &mut total)
        };
        for (t, s) in sum.iter_mut().zip(sizes) {
            *t += s;
        }
        into.push(size_row(&name, sizes));
        data.push(json!({ "file": name, "raw": sizes[0], "gzip": sizes[1], "brotli": sizes[2], "on_first_process": on_use }));
    }
    rows.push(size_row("**total: the page**", total));
    rows.extend(later.0);
    rows.push(size_row(
        "**total: the process module, on the first process**",
        later.1,
    ));
    let ready: Vec<f64> = loads.iter().map(|l| l.ready_ms).collect();
    let pool: Vec<f64> = loads.iter().map(|l| l.pool_ms).collect();
    let (ready_s, pool_s) = (summary("ready", &ready)?, summary("pool start", &pool)?);
    let fetched = loads.iter().map(|l| l.transferred).max().unwrap_or(0);
    rows.push(vec![
        format!("navigation → Run usable, ms ({LOADS} fresh loads)"),
        ms(&ready_s),
        String::new(),
        String::new(),
    ]);
    rows.push(vec![
        "rayon pool start (every worker loads the module), ms".into(),
        ms(&pool_s),
        String::new(),
        String::new(),
    ]);
    report.section(
        ("startup", "Start-up and weight"),
        "What a visitor downloads (`./dev build`; gzip -9 and brotli q11 as a host would serve it): \
         the page on every visit, the process module once a process mode is first used; \
         and how long a fresh load takes to a usable page with the page's service worker in \
         place (it re-serves the files; a first visit's figures and bytes are in the next table \
         but one).",
        &["file", "raw bytes", "gzip", "brotli"],
        &rows,
        json!({
            "files": data,
            "ready_ms": summary_json(&ready_s, &ready),
            "pool_start_ms": summary_json(&pool_s, &pool),
            "transferred_bytes": fetched,
        }),
    );
    module(report, dist)?;
    cold_loads(env, report).await
}

/// The emulated networks a cold load is timed over, beside loopback.
const NETS: [browser::Net; 2] = [
    browser::Net {
        name: "10 Mbit/s, 40 ms round trip",
        rtt_ms: 40.0,
        down_bps: 10e6,
        up_bps: 10e6,
        cpu_slowdown: 1.0,
    },
    // Lighthouse's mobile profile: a slow 4G link and a phone's CPU.
    browser::Net {
        name: "slow phone: 1.6 Mbit/s, 150 ms round trip, CPU 4× slower",
        rtt_ms: 150.0,
        down_bps: 1.6e6,
        up_bps: 0.75e6,
        cpu_slowdown: 4.0,
    },
];

/// Cold loads per network.
const COLD_LOADS: usize = 3;

/// A first visit (empty cache, no service worker) over loopback and each
/// emulated network: first paint, Run usable, the pool up.
async fn cold_loads(env: &Env, report: &mut Report) -> Result<(), String> {
    let mut rows = Vec::new();
    let mut data = Vec::new();
    let nets = std::iter::once(None).chain(NETS.iter().copied().map(Some));
    for net in nets {
        let name = net.map_or("this machine's loopback", |n| n.name);
        say(&format!("start-up: {COLD_LOADS} first visits over {name}"));
        let mut loads = Vec::new();
        for _ in 0..COLD_LOADS {
            loads.push(browser::cold_load(env, net).await?);
        }
        let pick = |f: fn(&browser::ColdLoad) -> f64| loads.iter().map(f).collect::<Vec<f64>>();
        let (paint, ready, pool) = (
            pick(|l| l.paint_ms),
            pick(|l| l.ready_ms),
            pick(|l| l.pool_ms),
        );
        let s = [
            summary("first paint", &paint)?,
            summary("Run usable", &ready)?,
            summary("pool up", &pool)?,
        ];
        let bytes = loads.iter().map(|l| l.transferred).max().unwrap_or(0);
        rows.push(vec![
            name.to_owned(),
            ms(&s[0]),
            ms(&s[1]),
            ms(&s[2]),
            bytes.to_string(),
        ]);
        data.push(json!({
            "network": name,
            "first_paint_ms": summary_json(&s[0], &paint),
            "run_usable_ms": summary_json(&s[1], &ready),
            "pool_up_ms": summary_json(&s[2], &pool),
            "transferred_bytes": bytes,
        }));
    }
    report.section(
        ("cold_start", "A first visit, over a network"),
        &format!(
            "Navigation start to first paint, to the page drawn with every Run usable (a click \
             then waits for what its modes need), and to the thread pool up, with an empty cache \
             and no service worker ({COLD_LOADS} loads each; Chromium's network and CPU emulation; \
             the server sends brotli, as hosts do). The goal: Run usable within 0.8 s at 10 Mbit/s."
        ),
        &[
            "network",
            "first paint, ms",
            "Run usable, ms",
            "pool up, ms",
            "bytes transferred",
        ],
        &rows,
        Value::Array(data),
    );
    Ok(())
}

/// The file names of the process module (crates/process-module), which
/// Trunk writes unhashed beside the page's files.
const PROCESS_MODULE: &str = "process-module";

/// What the page's module is made of, by crate, from its named copy.
fn module(report: &mut Report, dist: &std::path::Path) -> Result<(), String> {
    let wasm = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with("_bg.wasm") && !n.starts_with(PROCESS_MODULE))
        })
        .ok_or("no page module in the build")?;
    let names = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/wasm-names")
        .join(wasm.file_name().ok_or("no file name")?);
    let bytes = std::fs::read(&names).map_err(|e| format!("{}: {e}", names.display()))?;
    let (parts, data) = crate::weight::by_crate(&bytes)?;
    let code: usize = parts.iter().map(|p| p.bytes).sum();
    let shown = 14;
    let mut rows: Vec<Vec<String>> = parts
        .iter()
        .take(shown)
        .map(|p| {
            vec![
                p.name.clone(),
                p.bytes.to_string(),
                format!("{:.1} %", 100.0 * p.bytes as f64 / code as f64),
                p.functions.to_string(),
            ]
        })
        .collect();
    let rest = &parts[shown.min(parts.len())..];
    let rest_bytes: usize = rest.iter().map(|p| p.bytes).sum();
    rows.push(vec![
        format!("{} other crates", rest.len()),
        rest_bytes.to_string(),
        format!("{:.1} %", 100.0 * rest_bytes as f64 / code as f64),
        rest.iter().map(|p| p.functions).sum::<usize>().to_string(),
    ]);
    rows.push(vec![
        "**code**".into(),
        code.to_string(),
        "100 %".into(),
        String::new(),
    ]);
    rows.push(vec![
        "data (strings, tables)".into(),
        data.to_string(),
        String::new(),
        String::new(),
    ]);
    report.section(
        ("module", "What the module is made of"),
        "The deployed module's code by crate (raw bytes, before compression), from the copy \
         `./dev build` keeps with its function names. A generic function counts for the crate \
         that defines it, so `core` and `alloc` hold much that the page's own code instantiated.",
        &["crate", "code bytes", "share", "functions"],
        &rows,
        json!({
            "code_bytes": code,
            "data_bytes": data,
            "crates": parts.iter().map(|p| json!({ "crate": p.name, "bytes": p.bytes, "functions": p.functions })).collect::<Vec<_>>(),
        }),
    );
    Ok(())
}

fn size_row(name: &str, sizes: [usize; 3]) -> Vec<String> {
    std::iter::once(name.to_owned())
        .chain(sizes.iter().map(ToString::to_string))
        .collect()
}

fn gzip(bytes: &[u8]) -> Result<usize, String> {
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(z.finish().map_err(|e| e.to_string())?.len())
}

fn brotli(bytes: &[u8]) -> Result<usize, String> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out.len())
}

/// One kernel measured: the browser's run at each thread count, and natively.
struct Kernel {
    key: &'static str,
    inputs: String,
    /// Browser runs, one per thread count 1..=cores (the last with GIL and processes).
    runs: Vec<Run>,
    native: native::Native,
    /// CPython on the same inputs, where the kernel is one it runs (regex).
    cpython: Option<crate::cpython::Cpython>,
    /// The last threads run at `cores` threads taken apart (its last repetition).
    losses: Losses,
}

async fn kernel(
    env: &Env,
    cores: usize,
    key: &'static str,
    set: &[(&'static str, &str)],
) -> Result<Kernel, String> {
    let fields = browser::cpu_fields(key, set)?;
    let w = lab::form::parse_workload(key, &fields).map_err(|e| e.to_string())?;
    let inputs = lab::form::fields(key)
        .iter()
        .map(|f| format!("{}={}", f.key, fields.get(f.key).map_or("", String::as_str)))
        .collect::<Vec<_>>()
        .join(" ");
    let native = native::measure(&w, cores, CPU_REPEATS)?;
    let cpython = crate::cpython::regex(&w, CPU_REPEATS, &native.checksum)?;
    let mut runs = Vec::new();
    let mut losses = None;
    for k in 1..=cores {
        let modes: &[ModeKind] = if k == cores {
            &lab::mode::CPU_MODES[..4]
        } else {
            &[ModeKind::Sequential, ModeKind::Threads]
        };
        let config = browser::cpu_config(cores, key, &fields, modes, (k, cores), CPU_REPEATS);
        let p = browser::cpu(env, &config, cores).await?;
        let run = browser::cpu_run(&p, &native.checksum).await?;
        // The link must have set the thread count: a scaling figure for
        // the wrong count would be plausible and wrong.
        let shown = run.doc["results"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["mode"] == "threads")
            .map(|r| r["workers"].clone());
        if shown != Some(k.into()) {
            return Err(format!(
                "{key}: asked for {k} threads, the page ran {shown:?}"
            ));
        }
        if k == cores {
            let trace = browser::trace(&p, "cpu").await?;
            losses = Some(crate::losses::of(
                &trace,
                &run.mode("sequential")?.label,
                &run.mode("threads")?.label,
                k,
            )?);
        }
        runs.push(run);
    }
    Ok(Kernel {
        key,
        inputs,
        runs,
        native,
        cpython,
        losses: losses.ok_or("no threads run")?,
    })
}

/// wasm against native and thread scaling; returns the GIL's rows and data
/// for CPU work (its section waits for the I/O row).
fn cpu_sections(report: &mut Report, cpu: &[Kernel]) -> Result<GilRows, String> {
    let (mut single, mut scaling, mut gil) = (Vec::new(), Vec::new(), Vec::new());
    let (mut single_data, mut scaling_data, mut gil_data) = (Vec::new(), Vec::new(), Vec::new());
    let (mut cpython, mut cpython_data) = (Vec::new(), Vec::new());
    for k in cpu {
        // The sequential samples of every run: one mode, measured in each.
        let wasm_seq: Vec<f64> = k
            .runs
            .iter()
            .map(|r| r.mode("sequential").map(|m| m.samples.clone()))
            .collect::<Result<Vec<_>, _>>()?
            .concat();
        let (w, n) = (
            summary("wasm sequential", &wasm_seq)?,
            summary("native sequential", &k.native.sequential)?,
        );
        let r = ratio_of(&w, &n)?;
        single.push(vec![
            k.key.into(),
            k.inputs.clone(),
            ms(&w),
            ms(&n),
            ratio(&r),
        ]);
        single_data.push(json!({
            "kernel": k.key, "inputs": k.inputs,
            "wasm_ms": summary_json(&w, &wasm_seq),
            "native_ms": summary_json(&n, &k.native.sequential),
            "wasm_over_native": ratio_json(&r),
        }));
        if let Some(py) = &k.cpython {
            let c = summary("CPython", &py.samples)?;
            let (wc, nc) = (ratio_of(&w, &c)?, ratio_of(&n, &c)?);
            cpython.push(vec![
                k.key.into(),
                k.inputs.clone(),
                ms(&c),
                format!("{} ({})", ms(&n), ratio(&nc)),
                format!("{} ({})", ms(&w), ratio(&wc)),
            ]);
            cpython_data.push(json!({
                "kernel": k.key, "inputs": k.inputs, "python": py.version,
                "cpython_ms": summary_json(&c, &py.samples),
                "native_over_cpython": ratio_json(&nc),
                "wasm_over_cpython": ratio_json(&wc),
            }));
        }
        for (run, (threads, native_threads)) in k.runs.iter().zip(&k.native.threads) {
            let (seq, par) = (run.mode("sequential")?, run.mode("threads")?);
            let ws = run.speedup("sequential", "threads")?;
            let ns = ratio_of(&n, &summary("native threads", native_threads)?)?;
            let efficiency = |s: &lab::results::stats::Speedup| {
                lab::results::stats::efficiency(s.ratio, *threads).unwrap_or(f64::NAN)
            };
            scaling.push(vec![
                k.key.into(),
                threads.to_string(),
                format!("{} (eff. {:.2})", ratio(&ws), efficiency(&ws)),
                format!("{} (eff. {:.2})", ratio(&ns), efficiency(&ns)),
                format!("{:.2}", ws.ratio / ns.ratio),
            ]);
            scaling_data.push(json!({
                "kernel": k.key, "threads": threads,
                "wasm_speedup": ratio_json(&ws), "native_speedup": ratio_json(&ns),
                "wasm_threads_ms": par.samples, "native_threads_ms": native_threads,
                "wasm_sequential_ms": seq.samples,
                "scaling_ratio": ws.ratio / ns.ratio,
            }));
        }
        let last = k.runs.last().ok_or("no browser run")?;
        let g = last.speedup("sequential", "gil")?;
        let threads = k.runs.len();
        gil.push(vec![
            format!("{} (CPU)", k.key),
            threads.to_string(),
            ratio(&g),
        ]);
        gil_data.push(
            json!({ "work": k.key, "threads": threads, "speedup_over_sequential": ratio_json(&g),
                              "gil_ms": last.mode("gil")?.samples }),
        );
    }
    report.section(
        ("wasm_vs_native", "wasm against native, one thread"),
        "The same kernel and inputs, sequential, after a warm-up: the page's time (inside its \
         wasm pool) over the native time (inside a native rayon pool). 1.00 would be native speed.",
        &[
            "kernel",
            "inputs",
            "wasm, ms",
            "native, ms",
            "wasm / native",
        ],
        &single,
        Value::Array(single_data),
    );
    if !cpython.is_empty() {
        report.section(
            ("against_cpython", "Against CPython"),
            "The same inputs through CPython's `re` (python3 on this machine, after a warm-up round, \
             its answers checked against the kernel's checksum), natively and in the page: the \
             figure in brackets is the time over CPython's, below 1.00 is faster than CPython.",
            &["kernel", "inputs", "CPython, ms", "native, ms (÷ CPython)", "wasm, ms (÷ CPython)"],
            &cpython,
            Value::Array(cpython_data),
        );
    }
    report.section(
        ("thread_scaling", "Thread scaling"),
        "Speedup of k threads over sequential in the same run (and efficiency, speedup ÷ k), in \
         the browser and natively; the last column is the browser's speedup over native's: \
         below 1.00 is what wasm threads cost.",
        &[
            "kernel",
            "threads",
            "wasm speedup",
            "native speedup",
            "wasm ÷ native",
        ],
        &scaling,
        Value::Array(scaling_data),
    );
    losses_section(report, cpu);
    Ok((gil, gil_data))
}

/// Where the threads lose against k×, per kernel: the last threads run's
/// timeline taken apart (see `losses.rs`).
fn losses_section(report: &mut Report, cpu: &[Kernel]) {
    let rows: Vec<Vec<String>> = cpu
        .iter()
        .map(|k| {
            let l = &k.losses;
            vec![
                k.key.into(),
                l.threads.to_string(),
                format!("{:.2}", l.efficiency),
                format!("{:.2}", l.occupancy),
                format!("{:.2}", l.task_speed),
                fig(l.last_start_ms),
                fig(l.tail_idle_ms),
            ]
        })
        .collect();
    let data = cpu
        .iter()
        .map(|k| {
            let l = &k.losses;
            json!({
                "kernel": k.key, "threads": l.threads, "efficiency": l.efficiency,
                "occupancy": l.occupancy, "task_speed": l.task_speed,
                "last_start_ms": l.last_start_ms, "tail_idle_ms": l.tail_idle_ms,
            })
        })
        .collect();
    report.section(
        ("thread_losses", "Where the threads lose"),
        "The last threads run at the most threads, from the page's own timeline of it (one \
         repetition, so one sample; the scaling table has the medians): its efficiency is about \
         occupancy × per-task speed. Occupancy: the tasks' busy time over threads × run time \
         (below 1: threads idle, while a sleeping worker wakes up, at the end waiting for the \
         last task, between tasks). Per-task speed: the sequential run's busy time over this \
         one's (below 1: each task ran slower beside the others, on cores shared with the \
         page's thread, the browser and the neighbours). Last start: when the last thread \
         began its first task; idle at the end: summed over threads.",
        &[
            "kernel",
            "threads",
            "efficiency",
            "occupancy",
            "per-task speed",
            "last start, ms",
            "idle at the end, ms",
        ],
        &rows,
        Value::Array(data),
    );
}

/// The GIL section's rows and JSON records.
type GilRows = (Vec<Vec<String>>, Vec<Value>);

/// Processes: cold start, the per-message round trip, and how fast task
/// data moves between the page and a process.
async fn processes(env: &Env, report: &mut Report, cores: usize) -> Result<(), String> {
    let once = Repeats {
        warmup: 0,
        counted: 1,
    };
    let warm = Repeats {
        warmup: 1,
        counted: 1,
    };
    let only = &[ModeKind::Processes][..];
    // Cold starts: a pool of `cores` processes per click, trivial work.
    let zeros = |n: usize| vec!["0"; n].join(",");
    let fields = browser::cpu_fields("fib", &[("ns", &zeros(16))])?;
    let want = fib_zeros(16);
    let mut config = browser::cpu_config(cores, "fib", &fields, only, (cores, cores), once);
    config.cold = true;
    let p = browser::cpu(env, &config, cores).await?;
    let mut starts = Vec::new();
    for _ in 0..PROCESS_CLICKS {
        let run = browser::cpu_run(&p, &want).await?;
        let r = &run.doc["results"][0];
        if r["pool_start_cold"] != Value::Bool(true) {
            return Err(format!("the processes did not start cold: {r}"));
        }
        starts.push(r["pool_start_ms"].as_f64().ok_or("no pool start")?);
    }
    // What one of them took: its own wasm memory as it started.
    let memory = p
        .eval("window.wasmBindings.process_memory_bytes()")
        .await
        .map_err(browser::text)?
        .as_f64()
        .filter(|&b| b > 0.0)
        .ok_or("the page reported no process memory")?;
    // Round trips: 64 tasks that cost nothing, in Pool.map's chunks.
    let tasks = 64;
    let messages = message::chunks(tasks, cores).len();
    let fields = browser::cpu_fields("fib", &[("ns", &zeros(tasks))])?;
    let config = browser::cpu_config(cores, "fib", &fields, only, (cores, cores), warm);
    let p = browser::cpu(env, &config, cores).await?;
    let mut trips = Vec::new();
    for _ in 0..PROCESS_CLICKS {
        browser::cpu_run(&p, &fib_zeros(tasks)).await?;
        let t = browser::trace_ms(&p, "cpu", "transfer").await?;
        if t.len() != 2 * messages {
            return Err(format!("{} transfers for {messages} messages", t.len()));
        }
        trips.push(t.iter().sum::<f64>() / messages as f64);
    }
    // Moving data: Mandelbrot rows at one iteration each cost nothing to
    // compute; each reply carries 4096 counts per row. Once with one
    // process, which is idle while the page reads its reply: the wire
    // alone. Then with one process per core, where a process computing its
    // next chunk competes with the page's thread for a core, and a reply
    // waits until the page gets one: what a run on this machine sees.
    let set = [("width", "4096"), ("height", "2048"), ("max_iter", "1")];
    let fields = browser::cpu_fields("mandelbrot", &set)?;
    let w = lab::form::parse_workload("mandelbrot", &fields).map_err(|e| e.to_string())?;
    let mut counts = vec![1, cores];
    counts.dedup();
    let mut moving_rows = Vec::new();
    let mut moving_data = Vec::new();
    let mut megabytes = 0.0;
    for n in counts {
        let (bytes, want) = message_bytes(&w, n)?;
        megabytes = bytes as f64 / 1e6;
        let config = browser::cpu_config(cores, "mandelbrot", &fields, only, (cores, n), warm);
        let p = browser::cpu(env, &config, cores).await?;
        let (mut moving, mut rates) = (Vec::new(), Vec::new());
        for _ in 0..PROCESS_CLICKS {
            browser::cpu_run(&p, &want).await?;
            let ms: f64 = browser::trace_ms(&p, "cpu", "transfer").await?.iter().sum();
            moving.push(ms);
            rates.push(megabytes / (ms / 1000.0));
        }
        let (m, r) = (summary("moving", &moving)?, summary("MB/s", &rates)?);
        let who = if n == 1 {
            "1 process".to_owned()
        } else {
            format!("{n} processes")
        };
        moving_rows.push(vec![format!("moving the rows, {who}, ms per run"), ms(&m)]);
        moving_rows.push(vec![format!("task data, {who}, MB/s"), ms(&r)]);
        moving_data.push(json!({
            "processes": n,
            "data_bytes": bytes,
            "moving_ms": summary_json(&m, &moving),
            "mb_per_s": summary_json(&r, &rates),
        }));
    }
    let (s, t) = (
        summary("cold start", &starts)?,
        summary("round trip", &trips)?,
    );
    let mut rows = vec![
        vec![format!("pool of {cores} start, ms"), ms(&s)],
        vec![
            "… per process, ms".into(),
            ms(&lab::results::stats::Summary {
                median: s.median / cores as f64,
                min: s.min / cores as f64,
                max: s.max / cores as f64,
                ..s
            }),
        ],
        vec![
            "memory per process at start, MB (its wasm memory)".into(),
            format!("{:.1}", memory / 1e6),
        ],
        vec!["round trip per message, ms".into(), ms(&t)],
    ];
    rows.extend(moving_rows);
    report.section(
        ("processes", "Processes"),
        &format!(
            "Workers with their own memory, fed serialized messages (`multiprocessing.Pool`). \
             Start: a pool of {cores} started at once, each instantiating the process module \
             ({PROCESS_CLICKS} cold starts in one page; the first also fetches and compiles the \
             module, which the page then keeps). Memory: the wasm memory of one process as it \
             starts (its stack, data and heap; the code is the page's one compiled copy). Round trip: the page's time per message beyond the work, both ways \
             ({messages} messages of empty tasks). Data: task data moved both ways, \
             serializing and reading included ({megabytes:.1} MB of Mandelbrot rows per run), \
             by one process (the wire alone: it waits while the page reads its reply) and by \
             one per core (each computing while the page reads another's reply: with no \
             core to spare, a reply also waits for the page's thread to get one)."
        ),
        &["figure", "median (min–max)"],
        &rows,
        json!({
            "processes": cores,
            "pool_start_ms": summary_json(&s, &starts),
            "memory_bytes": memory,
            "round_trip_ms": summary_json(&t, &trips),
            "messages": messages,
            "moving": moving_data,
        }),
    );
    Ok(())
}

/// The checksum of `n` tasks of fib(0).
fn fib_zeros(n: usize) -> String {
    kernels::workload::checksum(&vec![kernels::Output::Value(0); n]).to_string()
}

/// The bytes of task data the processes modes move for `w` on `processes`
/// processes (each chunk's request and reply, serialized as the page
/// sends them), and its checksum.
fn message_bytes(w: &kernels::Workload, processes: usize) -> Result<(usize, String), String> {
    let job = w.prepare().map_err(|e| e.to_string())?;
    let mut bytes = 0;
    let mut outputs = Vec::new();
    for chunk in message::chunks(job.len(), processes) {
        let request = Request::Cpu(chunk.clone().map(|i| (i, job.task(i))).collect());
        let out: Vec<(usize, kernels::Output)> = chunk.map(|i| (i, job.run_task(i))).collect();
        bytes += message::encode(&request).len() + message::encode(&Reply::Cpu(out.clone())).len();
        outputs.extend(out.into_iter().map(|(_, o)| o));
    }
    Ok((bytes, kernels::workload::checksum(&outputs).to_string()))
}

/// One I/O configuration's modes, with how many requests each has in
/// flight at most (its ideal concurrency).
struct IoCase {
    endpoint: &'static str,
    requests: u32,
    delay_ms: u32,
    run: Run,
    concurrency: Vec<(&'static str, u32)>,
}

/// The sharded endpoint's run: the seeds' 200 requests, at 100 ms (the
/// issue's target: within 1.2 × one latency) and at 0 ms, which measures
/// what each request costs the browser beyond any latency.
const SHARDED_REQUESTS: u32 = 200;
const SHARDED_DELAY_MS: u32 = 100;

async fn io(env: &Env, report: &mut Report, cores: usize) -> Result<Vec<IoCase>, String> {
    let delay = harness::delay()?;
    let fields_for = |requests: u32, delay_ms: u32| {
        let mut f = lab::form::io_to_fields(&kernels::io::IoParams::default());
        f.insert("requests", requests.to_string());
        f.insert("delay_ms", delay_ms.to_string());
        f.insert("limit", String::new());
        f
    };
    let procs = u32::try_from(cores).unwrap_or(1);
    let inpage = IoConfig {
        fields: fields_for(IO_REQUESTS, IO_DELAY_MS),
        modes: lab::mode::IO_MODES.to_vec(),
        threads: IO_THREADS as usize,
        processes: cores,
        repeats: IO_REPEATS,
        ..IoConfig::defaults(cores)
    };
    let server = IoConfig {
        modes: vec![ModeKind::Sequential, ModeKind::Threads, ModeKind::Async],
        endpoint: lab::form::EndpointChoice::Server,
        url: delay.url.clone(),
        ..inpage.clone()
    };
    // The seeds' experiment: one real URL, the same each time, as given.
    let fixed = IoConfig {
        endpoint: lab::form::EndpointChoice::Any,
        url: format!("{}?ms={IO_DELAY_MS}&id=7", delay.url),
        ..server.clone()
    };
    let sharded = |delay_ms| IoConfig {
        fields: fields_for(SHARDED_REQUESTS, delay_ms),
        modes: vec![ModeKind::Async],
        endpoint: lab::form::EndpointChoice::Sharded,
        url: delay.url.clone(),
        ..inpage.clone()
    };
    let t = IO_THREADS;
    let capped = |endpoint| (endpoint, IO_REQUESTS, IO_DELAY_MS);
    let mut notes = Vec::new();
    let mut cases = Vec::new();
    for ((endpoint, requests, delay_ms), config, concurrency) in [
        (
            capped("in-page (service worker)"),
            inpage.clone(),
            vec![
                ("sequential", 1),
                ("threads", t),
                ("gil", t),
                ("processes", procs),
                ("async", IO_REQUESTS),
            ],
        ),
        (
            capped("real HTTP/1.1 server"),
            server,
            vec![
                ("sequential", 1),
                ("threads", t.min(BROWSER_CONNECTIONS)),
                ("async", BROWSER_CONNECTIONS),
            ],
        ),
        (
            capped("one fixed URL (\"any URL\")"),
            fixed,
            vec![
                ("sequential", 1),
                ("threads", t.min(BROWSER_CONNECTIONS)),
                ("async", BROWSER_CONNECTIONS),
            ],
        ),
        (
            (
                "sharded server (40 names)",
                SHARDED_REQUESTS,
                SHARDED_DELAY_MS,
            ),
            sharded(SHARDED_DELAY_MS),
            vec![("async", SHARDED_REQUESTS)],
        ),
        (
            ("sharded server (40 names)", SHARDED_REQUESTS, 0),
            sharded(0),
            vec![("async", SHARDED_REQUESTS)],
        ),
    ] {
        say(&format!("I/O: {endpoint}, {requests} × {delay_ms} ms"));
        cases.push(IoCase {
            endpoint,
            requests,
            delay_ms,
            run: io_run(env, &config, cores, &mut notes).await?,
            concurrency,
        });
    }
    let (mut rows, mut data) = (Vec::new(), Vec::new());
    for c in &cases {
        let sequential = c.run.mode("sequential").ok();
        for &(mode, conc) in &c.concurrency {
            let m = c.run.mode(mode)?;
            let s = summary(mode, &m.samples)?;
            let ideal = f64::from(c.delay_ms * c.requests.div_ceil(conc));
            // Over sequential, for the blocking modes' lesson (ideal: their
            // concurrency).
            let speedup = sequential
                .filter(|_| mode != "sequential")
                .map(|_| c.run.speedup("sequential", mode))
                .transpose()?;
            rows.push(vec![
                c.endpoint.into(),
                format!("{} × {} ms", c.requests, c.delay_ms),
                mode.into(),
                conc.to_string(),
                ms(&s),
                fig(ideal),
                if ideal > 0.0 {
                    format!(
                        "{:.2} ({:.2}–{:.2})",
                        s.median / ideal,
                        s.min / ideal,
                        s.max / ideal
                    )
                } else {
                    format!("{:.2} ms per request", s.median / f64::from(c.requests))
                },
                speedup.as_ref().map(ratio).unwrap_or_default(),
            ]);
            data.push(json!({
                "endpoint": c.endpoint, "requests": c.requests, "delay_ms": c.delay_ms,
                "mode": mode, "concurrency": conc,
                "ms": summary_json(&s, &m.samples), "ideal_ms": ideal,
                "ratio": (ideal > 0.0).then(|| s.median / ideal),
                "per_request_ms": s.median / f64::from(c.requests),
                "speedup_over_sequential": speedup.as_ref().map(ratio_json),
            }));
        }
    }
    let reason = sharded_reason(&cases);
    report.section(
        ("io_vs_ideal", "I/O against the ideal"),
        &format!(
            "Ideal = latency × ⌈requests ÷ concurrency⌉. Async on the in-page endpoint has every \
             request in flight; against a real HTTP/1.1 server Chromium opens \
             {BROWSER_CONNECTIONS} connections per host, so that is its ideal concurrency. \
             \"One fixed URL\" is the seeds' experiment: the same URL every time, sent as given \
             (threads ×{t} should reach about ×{t} over sequential). The sharded server spreads \
             requests over 40 host names (HTTP/1.1 domain sharding), so async's ideal is one \
             latency; its 0 ms run measures what each request costs the browser beyond any \
             latency.{reason}{}",
            notes.concat()
        ),
        &[
            "endpoint",
            "requests",
            "mode",
            "concurrency",
            "measured, ms",
            "ideal, ms",
            "measured / ideal",
            "over sequential",
        ],
        &rows,
        Value::Array(data),
    );
    Ok(cases)
}

/// What the sharded runs say about async against one latency: the 0 ms
/// run's time is the browser's own cost for the requests, which one
/// latency cannot hide.
fn sharded_reason(cases: &[IoCase]) -> String {
    let median = |delay_ms: u32| {
        let c = cases
            .iter()
            .find(|c| c.endpoint.starts_with("sharded") && c.delay_ms == delay_ms)?;
        let m = c.run.mode("async").ok()?;
        Some(summary("async", &m.samples).ok()?.median)
    };
    let (Some(at), Some(zero)) = (median(SHARDED_DELAY_MS), median(0)) else {
        return String::new();
    };
    let latency = f64::from(SHARDED_DELAY_MS);
    format!(
        " Sharded, {SHARDED_REQUESTS} × {SHARDED_DELAY_MS} ms took {at:.0} ms = {:.2} × one \
         latency; {SHARDED_REQUESTS} × 0 ms took {zero:.0} ms ({:.2} ms per request, spent in \
         the browser one request after another), and one latency + that = {:.0} ms: the \
         measured reason async is not at one latency here.",
        at / latency,
        zero / f64::from(SHARDED_REQUESTS),
        latency + zero
    )
}

/// One I/O run; a run that fails is tried once more on a fresh page, and
/// the failure kept for the report (a bug to fix, not a figure to hide).
async fn io_run(
    env: &Env,
    config: &IoConfig,
    cores: usize,
    notes: &mut Vec<String>,
) -> Result<Run, String> {
    match browser::io(env, config, cores).await {
        Ok(run) => Ok(run),
        Err(e) => {
            say(&format!(
                "I/O run failed, trying once more on a fresh page: {e}"
            ));
            notes.push(format!(
                " **A first attempt failed** and was run again on a fresh page: {e}"
            ));
            browser::io(env, config, cores).await
        }
    }
}

/// One mode's responsiveness summed over the runs it had.
struct Seen {
    name: String,
    runs: usize,
    long_tasks: usize,
    step_ms: f64,
    /// The work during which the longest step happened.
    step_in: String,
}

/// Long tasks while each mode ran, over every run above.
fn responsiveness(report: &mut Report, cpu: &[Kernel], io: &[IoCase]) {
    let mut seen: Vec<Seen> = Vec::new();
    let mut data = Vec::new();
    let runs = cpu
        .iter()
        .flat_map(|k| k.runs.iter().map(|r| ("CPU", k.key, r)))
        .chain(io.iter().map(|c| ("I/O", c.endpoint, &c.run)));
    for (panel, work, run) in runs {
        for m in &run.modes {
            data.push(json!({ "panel": panel, "work": work, "mode": m.mode,
                              "long_tasks": m.long_tasks, "longest_step_ms": m.step_ms }));
            let name = format!("{panel} {}", m.mode);
            let i = seen.iter().position(|s| s.name == name).unwrap_or_else(|| {
                seen.push(Seen {
                    name,
                    runs: 0,
                    long_tasks: 0,
                    step_ms: -1.0,
                    step_in: String::new(),
                });
                seen.len() - 1
            });
            let s = &mut seen[i];
            s.runs += 1;
            s.long_tasks += m.long_tasks;
            if m.step_ms > s.step_ms {
                (s.step_ms, s.step_in) = (m.step_ms, work.to_owned());
            }
        }
    }
    let rows: Vec<Vec<String>> = seen
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                s.runs.to_string(),
                s.long_tasks.to_string(),
                format!("{} ({})", fig(s.step_ms), s.step_in),
            ]
        })
        .collect();
    report.section(
        ("responsiveness", "Responsiveness"),
        "Long tasks (over 50 ms) the page's thread had while each mode ran, summed over every \
         run above (whoever caused them: on a busy 2-core VM the browser's own work can), and \
         the longest step the run's own code took on that thread (its code between two awaits: \
         handing work over, taking results back, drawing them), and during which work.",
        &[
            "mode",
            "runs",
            "long tasks",
            "longest own step, ms (during)",
        ],
        &rows,
        Value::Array(data),
    );
}
