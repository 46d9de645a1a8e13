//! CPU workloads in the browser: every mode, checked against native runs.

use crate::engine::Engine;
use crate::page::{Page, Row, number_in};
use kernels::{Progress, Workload};
use libtest_mimic::Failed;

/// The CPU modes a default run shows, in order.
pub const CPU_MODES: &[&str] = &["sequential", "threads", "gil", "processes"];

/// The checksum the kernels compute natively for `w`.
pub fn native(w: &Workload) -> String {
    let job = w.prepare().expect("valid workload");
    let ran = kernels::run_sequential(job.len(), |i| job.run_task(i), &Progress::default());
    kernels::workload::checksum(&ran.outputs).to_string()
}

pub async fn isolated_with_full_pool(p: Page) -> Result<(), Failed> {
    let iso = p.text("#cap-isolated").await?;
    if !iso.ends_with("yes") {
        return Err(format!("not cross-origin isolated: {iso:?}").into());
    }
    let cores = p.cores().await?;
    let pool = p.text("#cap-pool").await?;
    if number_in(&pool) != Some(cores) || !pool.contains("(started in ") {
        return Err(format!("pool {pool:?} for {cores} cores, with its start time").into());
    }
    // The tick each engine gives an isolated page (non-isolated: 100 µs in
    // Chromium, 1 ms in Firefox), as the page measures it.
    let tick = match p.engine {
        Engine::Chromium => "5 µs",
        Engine::Firefox | Engine::WebKit | Engine::WebKitGtk => "20 µs",
    };
    let timer = p.text("#cap-timer").await?;
    if !timer.contains(tick) {
        return Err(format!("isolated pages have a {tick} timer here; shown {timer:?}").into());
    }
    Ok(())
}

/// Chooses `key`, types `fields`, runs both modes and checks against `w`.
async fn run_workload(
    p: &Page,
    key: &str,
    fields: &[(&str, &str)],
    w: &Workload,
) -> Result<Vec<Row>, Failed> {
    p.choose_workload(key).await?;
    for (k, v) in fields {
        p.set_field(k, v).await?;
    }
    p.run_checked("cpu", 300, CPU_MODES, &native(w)).await
}

/// Checks every mode has a lesson, and the baseline's quotes the time shown.
async fn check_lessons(p: &Page, panel: &str, rows: &[Row]) -> Result<(), Failed> {
    for r in rows {
        let text = p
            .text(&format!("#{panel} .lessons li[data-mode={}]", r.mode))
            .await?;
        if r.mode == "sequential" && !text.contains(&r.time) {
            return Err(format!(
                "the baseline's lesson does not quote its time {}: {text}",
                r.time
            )
            .into());
        }
    }
    Ok(())
}

pub async fn fib(p: Page) -> Result<(), Failed> {
    let w = Workload::default_for("fib").expect("fib");
    let rows = run_workload(&p, "fib", &[], &w).await?;
    check_lessons(&p, "cpu", &rows).await?;
    // The README's picture of a run (`./dev screenshot` copies it there).
    p.screenshot("#cpu .verdict", "run.png").await?;
    // Each mode's timeline: a lane per worker, every task once, all inside
    // the run, and under the GIL the lock's holds.
    let tasks = w.prepare().expect("valid").len();
    let cores = p.cores().await?;
    let drawn = p.timelines("cpu").await?;
    let modes: Vec<&str> = drawn.iter().map(|d| d.mode.as_str()).collect();
    if modes != CPU_MODES {
        return Err(format!("timelines for {modes:?}, want {CPU_MODES:?}").into());
    }
    for d in &drawn {
        let lanes = if d.mode == "sequential" { 1 } else { cores };
        d.check(lanes, "task", tasks)?;
    }
    if drawn[2].count("gil") < 1 || drawn[1].count("gil") > 0 {
        return Err("GIL holds belong to the GIL mode's timeline alone".into());
    }
    // The exported JSON holds what the table shows: checksums, run counts,
    // and the environment; the trace one event per span drawn.
    let json: serde_json::Value = serde_json::from_str(&p.download("#cpu .export-json").await?)?;
    let results = json["results"].as_array().ok_or("no results in the JSON")?;
    if results.len() != rows.len() || json["environment"]["cores"] != cores {
        return Err(format!(
            "JSON: {} results, cores {}",
            results.len(),
            json["environment"]["cores"]
        )
        .into());
    }
    for (r, row) in results.iter().zip(&rows) {
        let samples = r["samples_ms"].as_array().map_or(0, Vec::len);
        if r["mode"] != row.mode.as_str()
            || r["checksum"] != row.checksum.as_str()
            || !row.runs.starts_with(&samples.to_string())
        {
            return Err(format!("JSON {r} against the row {row:?}").into());
        }
    }
    // The tasks' inputs and outputs, for checking elsewhere: the page's fib
    // list with its known values, under the checksum the table shows.
    let tasks: serde_json::Value = serde_json::from_str(&p.download("#cpu-export-inputs").await?)?;
    let want = serde_json::json!([
        {"index": 0, "input": {"Fib": 34}, "output": {"Value": 5_702_887}},
        {"index": 1, "input": {"Fib": 36}, "output": {"Value": 14_930_352}},
        {"index": 2, "input": {"Fib": 38}, "output": {"Value": 39_088_169}},
    ]);
    if tasks["tasks"] != want || tasks["checksum"] != rows[0].checksum.as_str() {
        return Err(format!("inputs and outputs: {tasks}").into());
    }
    let trace: serde_json::Value = serde_json::from_str(&p.download("#cpu .export-trace").await?)?;
    let complete = trace["traceEvents"]
        .as_array()
        .map_or(0, |e| e.iter().filter(|e| e["ph"] == "X").count());
    let spans: usize = drawn.iter().map(|d| d.spans.len()).sum();
    if complete != spans {
        return Err(format!("trace has {complete} events for {spans} spans drawn").into());
    }
    p.screenshot("#cpu .timelines", "timelines-cpu.png").await
}

pub async fn regex(p: Page) -> Result<(), Failed> {
    let w = Workload::Regex {
        seed: 42,
        count: 100,
        len: 1000,
    };
    run_workload(
        &p,
        "regex",
        &[("count", "100"), ("len", "1000"), ("seed", "42")],
        &w,
    )
    .await?;
    // The article's CPython figures sit beside the modes it ran, and only those.
    p.check_cells(
        "cpu",
        "seed",
        &[
            ("sequential", "12.88 s"),
            ("processes", "8.42 s · ×1.53"),
            ("threads", ""),
        ],
    )
    .await?;
    Ok(())
}

pub async fn sum_random(p: Page) -> Result<(), Failed> {
    run_workload(
        &p,
        "sum_random",
        &[],
        &Workload::default_for("sum_random").expect("sum_random"),
    )
    .await?;
    Ok(())
}

pub async fn mandelbrot(p: Page) -> Result<(), Failed> {
    let w = Workload::Mandelbrot(kernels::mandelbrot::Spec {
        width: 240,
        height: 160,
        max_iter: 500,
    });
    run_workload(
        &p,
        "mandelbrot",
        &[("width", "240"), ("height", "160"), ("max_iter", "500")],
        &w,
    )
    .await?;
    // The picture is shown, at the computed size.
    if p.exists("#picture.hidden").await? {
        return Err("the picture is hidden after a Mandelbrot run".into());
    }
    let size = (
        p.attr("#picture", "width").await?,
        p.attr("#picture", "height").await?,
    );
    if size != ("240".to_owned(), "160".to_owned()) {
        return Err(format!("canvas is {size:?}, the image 240×160").into());
    }
    // For people: what the page looked like (not compared with anything).
    p.screenshot("#cpu .chart", "mandelbrot.png").await
}

pub async fn pool_of_one(p: Page) -> Result<(), Failed> {
    p.click("#workers option[value='1']").await?;
    p.run_checked(
        "cpu",
        120,
        CPU_MODES,
        &native(&Workload::default_for("fib").expect("fib")),
    )
    .await?;
    let label = p.text("#cpu tbody tr[data-mode=threads] td.mode").await?;
    if label != "threads ×1" {
        return Err(format!("chose 1 worker, the table says {label:?}").into());
    }
    Ok(())
}

pub async fn bad_input(p: Page) -> Result<(), Failed> {
    for bad in ["abc", "41", "-3", "1e9", "<script>alert(1)</script>"] {
        p.set_field("ns", bad).await?;
        let msg = p
            .wait_text("#cpu label[for=field-ns] .error", |t| !t.is_empty(), 5)
            .await?;
        if !p.disabled("#cpu-run").await? {
            return Err(format!("Run is enabled with ns = {bad:?} ({msg})").into());
        }
    }
    p.set_field("ns", "20, 21").await?;
    if p.exists("#cpu label[for=field-ns] .error").await? {
        return Err("the error stays after the value was fixed".into());
    }
    p.run_checked(
        "cpu",
        60,
        CPU_MODES,
        &native(&Workload::Fib { ns: vec![20, 21] }),
    )
    .await?;
    // Each field in range, the whole run too big for the tab: refused, not run.
    p.choose_workload("regex").await?;
    p.set_field("count", "100000").await?;
    p.set_field("len", "10000").await?;
    let msg = p
        .wait_text("#cpu label[for=field-count] .error", |t| !t.is_empty(), 5)
        .await?;
    if !msg.contains("at most") || !p.disabled("#cpu-run").await? {
        return Err(format!("a 1 GB regex run was not refused: {msg:?}").into());
    }
    Ok(())
}

pub async fn gil_reports_handoffs_and_validates_its_interval(p: Page) -> Result<(), Failed> {
    p.set_field("switch_ms", "0").await?;
    p.wait_text(
        "#cpu label[for=field-switch_ms] .error",
        |t| !t.is_empty(),
        5,
    )
    .await?;
    if !p.disabled("#cpu-run").await? {
        return Err("Run is enabled with a switch interval of 0 ms".into());
    }
    p.set_field("switch_ms", "2").await?;
    let want = native(&Workload::default_for("fib").expect("fib"));
    p.run_checked("cpu", 120, CPU_MODES, &want).await?;
    let detail = p.text("#cpu tbody tr[data-mode=gil] td.detail").await?;
    let handoffs = detail
        .split("GIL hand-offs: ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.parse::<u64>().ok());
    if handoffs.is_none() || !detail.contains("switch interval 2 ms") {
        return Err(format!("GIL figures missing from {detail:?}").into());
    }
    Ok(())
}

pub async fn the_main_thread_mode_freezes_the_page(p: Page) -> Result<(), Failed> {
    // Big enough that on the page's thread it is one long freeze, far longer
    // than the stalls this machine adds to short steps (see MIN_MAIN_STEP_MS).
    let (width, height, max_iter) = (600, 400, 3000);
    let w = Workload::Mandelbrot(kernels::mandelbrot::Spec {
        width,
        height,
        max_iter,
    });
    p.choose_workload("mandelbrot").await?;
    for (k, v) in [("width", width), ("height", height), ("max_iter", max_iter)] {
        p.set_field(k, &v.to_string()).await?;
    }
    p.click("#mode-main").await?;
    // Once each: five freezes of the page in a row prove nothing more.
    p.repeat("cpu", "0", "1").await?;
    let modes = ["sequential", "threads", "gil", "processes", "main"];
    let rows = p.run_checked("cpu", 300, &modes, &native(&w)).await?;
    // The main-thread run must show as a freeze, caused by its own step on
    // the page's thread.
    let main = rows
        .iter()
        .find(|r| r.mode == "main")
        .ok_or("no main-thread row")?;
    let main_step = main.step_ms()?;
    if !main.page.starts_with("froze:") || main_step <= crate::page::MIN_MAIN_STEP_MS {
        return Err(format!(
            "the main-thread run did not show as a freeze of the page's thread: {:?}",
            main.page
        )
        .into());
    }
    // Every other mode hands the same work to workers: none of its steps on
    // the page's thread comes near the whole computation's.
    for r in rows.iter().filter(|r| r.mode != "main") {
        let step = r.step_ms()?;
        if step >= main_step / 2.0 {
            return Err(format!(
                "{}: a step of {step} ms on the page's thread, against {main_step} ms for \
                 the whole computation there: did it compute on the page? {:?}",
                r.mode, r.page
            )
            .into());
        }
    }
    Ok(())
}

pub async fn repetitions_give_every_mode_a_sample_per_run(p: Page) -> Result<(), Failed> {
    let w = Workload::Fib {
        ns: vec![20, 22, 24],
    };
    p.choose_workload("fib").await?;
    p.set_field("ns", "20, 22, 24").await?;
    // No counted run is refused at its field, and Run waits for a fix.
    p.repeat("cpu", "1", "0").await?;
    p.wait_text(
        "#cpu label[for=cpu-field-repeats] .error",
        |t| !t.is_empty(),
        5,
    )
    .await?;
    if !p.disabled("#cpu-run").await? {
        return Err("Run is enabled with 0 counted runs".into());
    }
    p.repeat("cpu", "1", "3").await?;
    let rows = p.run_checked("cpu", 300, CPU_MODES, &native(&w)).await?;
    for r in &rows {
        if r.runs != "3 (+1 warm-up)" {
            return Err(format!("{}: runs shown {:?}", r.mode, r.runs).into());
        }
        // The median lies within the range (both rounded alike).
        let (lo, hi) = r.range_ms()?;
        let median = r.millis()?;
        if !(lo <= median && median <= hi) {
            return Err(format!("{}: median {} outside {}", r.mode, r.time, r.range).into());
        }
    }
    // The chart draws every counted run as a dot on its mode's bar.
    let dots = p
        .eval(
            "[...document.querySelectorAll('#cpu svg g.bar')]\
             .map(g => g.querySelectorAll('circle.sample').length)",
        )
        .await?;
    if dots != serde_json::json!([3, 3, 3, 3]) {
        return Err(format!("sample dots per bar: {dots}").into());
    }
    if !p.exists("#cpu svg line.reference").await? {
        return Err("no reference line for the first mode's median".into());
    }
    Ok(())
}

/// The keys of the matrix rows whose `column` (cpu or io) says the page runs them.
async fn matrix_runs(p: &Page, column: &str) -> Result<Vec<String>, Failed> {
    let v = p
        .eval(&format!(
            "[...document.querySelectorAll('#matrix tbody tr')]\
             .filter(tr => tr.querySelector('td.{column}').textContent.includes('runs'))\
             .map(tr => tr.dataset.mode)"
        ))
        .await?;
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m.as_str().map(str::to_owned))
        .collect())
}

pub async fn matrix_marks_exactly_the_modes_the_page_runs(p: Page) -> Result<(), Failed> {
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let cells = [
        sorted(matrix_runs(&p, "cpu").await?),
        sorted(matrix_runs(&p, "io").await?),
        sorted(matrix_runs(&p, "hybrid").await?),
    ];
    p.click("#mode-main").await?;
    let modes = |rows: Vec<crate::page::Row>| sorted(rows.into_iter().map(|r| r.mode).collect());
    let cpu_rows = modes(p.run("cpu", 120).await?);
    p.set_field("requests", "5").await?;
    p.set_field("delay_ms", "10").await?;
    let io_rows = modes(p.run("io", 60).await?);
    p.set_field_in("hybrid-", "items", "3").await?;
    p.set_field_in("hybrid-", "delay_ms", "10").await?;
    p.set_field_in("hybrid-", "count", "1000").await?;
    let hybrid_rows = modes(p.run("hybrid", 60).await?);
    let ran = [cpu_rows, io_rows, hybrid_rows];
    if cells != ran {
        return Err(
            format!("matrix says CPU, I/O, hybrid {cells:?} run; the page ran {ran:?}").into(),
        );
    }
    Ok(())
}

/// The "pool start" cell of the processes row.
async fn process_start(p: &Page) -> Result<String, Failed> {
    p.text("#cpu tbody tr[data-mode=processes] td.start").await
}

/// The processes row's median as shown, in ms.
async fn processes_median(p: &Page) -> Result<f64, Failed> {
    crate::page::millis(&p.text("#cpu tbody tr[data-mode=processes] td.time").await?)
}

pub async fn processes_start_apart_warm_or_cold(p: Page) -> Result<(), Failed> {
    let want = native(&Workload::default_for("fib").expect("fib"));
    for m in ["#mode-sequential", "#mode-threads", "#mode-gil"] {
        p.click(m).await?;
    }
    p.click("#process-count option[value='1']").await?;
    // First run: the pool starts, and its start is shown apart from the run.
    p.run_checked("cpu", 120, &["processes"], &want).await?;
    let first = process_start(&p).await?;
    if !first.starts_with("started for this run in ") {
        return Err(format!("first run's pool start: {first:?}").into());
    }
    let label = p.text("#cpu tbody tr[data-mode=processes] td.mode").await?;
    if label != "processes ×1" {
        return Err(format!("chose 1 process, the table says {label:?}").into());
    }
    // Counting the start in the time adds it to the run's median, and back.
    let run_alone = processes_median(&p).await?;
    let start_ms = crate::page::millis(first.trim_start_matches("started for this run in "))?;
    p.click("#cpu input.count-start").await?;
    let with_start = processes_median(&p).await?;
    // Both figures are rounded to 3 significant digits: allow 1 %.
    if (with_start - (run_alone + start_ms)).abs() > 0.01 * (run_alone + start_ms) + 0.01 {
        return Err(
            format!("run {run_alone} ms + start {start_ms} ms shown as {with_start} ms").into(),
        );
    }
    p.click("#cpu input.count-start").await?;
    if processes_median(&p).await? != run_alone {
        return Err("unticking did not restore the run's own time".into());
    }
    // Second run: the same pool, reused, with its original start time.
    p.run("cpu", 120).await?;
    let second = process_start(&p).await?;
    let started = first.trim_start_matches("started for this run in ");
    if second != format!("reused (had started in {started})") {
        return Err(format!("second run's pool start: {second:?} after {first:?}").into());
    }
    // Cold: started afresh although a pool of that size exists.
    p.click("#process-cold").await?;
    p.run_checked("cpu", 120, &["processes"], &want).await?;
    let third = process_start(&p).await?;
    if !third.starts_with("started for this run in ") {
        return Err(format!("a cold run reused the pool: {third:?}").into());
    }
    // Another size: a new pool of that size, whatever was kept.
    p.click("#process-cold").await?;
    p.click("#process-count option[value='3']").await?;
    p.run_checked("cpu", 120, &["processes"], &want).await?;
    let detail = p
        .text("#cpu tbody tr[data-mode=processes] td.detail")
        .await?;
    if !process_start(&p).await?.starts_with("started") || !detail.contains("to 3 processes") {
        return Err(format!("3 processes wanted; shown {detail:?}").into());
    }
    Ok(())
}

pub async fn without_isolation_processes_still_run(p: Page) -> Result<(), Failed> {
    // Served with no COOP/COEP, and the service worker told not to supply
    // them (`coi=off`): no SharedArrayBuffer, so no threads; but a process
    // has its own memory and talks in strings, so it still runs.
    let site = crate::harness::plain_site()?;
    let p = p.reopen(&format!("{site}?coi=off&view=lab")).await?;
    let iso = p.text("#cap-isolated").await?;
    if !iso.ends_with("no") {
        return Err(format!("a page served without COOP/COEP says {iso:?}").into());
    }
    for m in ["#mode-threads", "#mode-gil"] {
        if !p.disabled(m).await? {
            return Err(format!("{m} is enabled on a page with no shared memory").into());
        }
    }
    let want = native(&Workload::default_for("fib").expect("fib"));
    p.run_checked("cpu", 120, &["sequential", "processes"], &want)
        .await?;
    Ok(())
}

pub async fn sweep_draws_one_point_per_worker_count(p: Page) -> Result<(), Failed> {
    let cores = p.cores().await?;
    p.choose_workload("fib").await?;
    p.set_field("ns", "24, 25, 26, 27").await?;
    p.repeat("cpu", "0", "1").await?;
    p.click_and_wait("#cpu-sweep", "cpu", 300).await?;
    if p.exists("#cpu-error").await? {
        return Err(format!("the page reports: {}", p.text("#cpu-error").await?).into());
    }
    let verdict = p.text("#cpu-sweep-chart .verdict").await?;
    if !verdict.starts_with('✓') {
        return Err(format!("sweep verdict: {verdict}").into());
    }
    // One point per worker count, for threads and for processes, each a
    // measured speedup.
    for mode in ["threads", "processes"] {
        let js = format!(
            "[...document.querySelectorAll('#cpu-sweep-chart circle.point[data-mode={mode}]')]\
             .map(c => [Number(c.dataset.workers), Number(c.dataset.speedup)])"
        );
        let points: Vec<(usize, f64)> = serde_json::from_value(p.eval(&js).await?)?;
        let counts: Vec<usize> = points.iter().map(|p| p.0).collect();
        if counts != (1..=cores).collect::<Vec<_>>() {
            return Err(format!("{mode}: points at {counts:?} workers, want 1..={cores}").into());
        }
        if let Some(bad) = points.iter().find(|p| !(p.1.is_finite() && p.1 > 0.0)) {
            return Err(format!("{mode}: speedup {bad:?}").into());
        }
        let note = p
            .text(&format!("#cpu-sweep-chart li.fit-note.{mode}"))
            .await?;
        let fitted = if cores > 1 {
            "serial fraction"
        } else {
            "needs a point with 2 or more"
        };
        if !note.contains(fitted) && !note.contains("faster than linear") {
            return Err(format!("{mode}: fit note {note:?}").into());
        }
    }
    p.screenshot("#cpu-sweep-chart", "sweep.png").await
}

/// The value of the input or select `css` (its property, as the user sees it).
async fn value(p: &Page, css: &str) -> Result<String, Failed> {
    let v = p
        .eval(&format!("document.querySelector({css:?}).value"))
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

pub async fn a_copied_link_reproduces_the_configuration(p: Page) -> Result<(), Failed> {
    // Set up an experiment by hand: regex, own sizes, no GIL mode, 0 + 2 runs.
    p.choose_workload("regex").await?;
    for (k, v) in [("count", "60"), ("len", "200"), ("seed", "9")] {
        p.set_field(k, v).await?;
    }
    p.click("#mode-gil").await?;
    p.repeat("cpu", "0", "2").await?;
    // The address bar now holds it: that is the link "Copy link" copies.
    let href = p.eval("location.href").await?;
    let href = href.as_str().ok_or("no address")?.to_owned();
    if !href.contains("cpu-workload=regex") || !href.contains("cpu-count=60") {
        return Err(format!("the address does not hold the settings: {href}").into());
    }
    // Someone else opens it: same settings, same answer as native.
    let p = p.reopen(&href).await?;
    for (css, want) in [
        ("#workload", "regex"),
        ("#field-count", "60"),
        ("#field-len", "200"),
        ("#cpu-field-repeats", "2"),
    ] {
        let got = value(&p, css).await?;
        if got != want {
            return Err(format!("{css} is {got:?} after opening the link, want {want:?}").into());
        }
    }
    let w = Workload::Regex {
        seed: 9,
        count: 60,
        len: 200,
    };
    let rows = p
        .run_checked(
            "cpu",
            300,
            &["sequential", "threads", "processes"],
            &native(&w),
        )
        .await?;
    if rows.iter().any(|r| r.runs != "2") {
        return Err(format!(
            "runs shown {:?}",
            rows.iter().map(|r| &r.runs).collect::<Vec<_>>()
        )
        .into());
    }
    // A bad link: defaults where it is wrong, and a note saying so.
    let base = href.split('?').next().unwrap_or_default().to_owned();
    let p = p
        .reopen(&format!(
            "{base}?cpu-workload=fib&cpu-ns=28,99&cpu-modes=warp&utm_source=x"
        ))
        .await?;
    let note = p.text("#cpu-link-note").await?;
    if !note.contains("ns") || !note.contains("warp") || !note.contains("utm_source") {
        return Err(format!("note for a bad link: {note:?}").into());
    }
    let ns = value(&p, "#field-ns").await?;
    let default = lab::form::to_fields(&Workload::default_for("fib").expect("fib"))["ns"].clone();
    if ns != default {
        return Err(
            format!("fib list {ns:?} after a bad link, want the default {default:?}").into(),
        );
    }
    Ok(())
}

/// Clicks the CPU panel's Run the moment it is drawn and enabled, and keeps
/// what the pool line said then: added to the page (through the DevTools
/// protocol) before any of its own scripts run.
const CLICK_AT_ONCE: &str = "new MutationObserver((_, o) => { \
    const b = document.querySelector('#cpu-run'); \
    if (b && !b.disabled) { o.disconnect(); \
      window.__poolAtClick = (document.querySelector('#cap-pool') || {}).textContent; b.click(); } \
  }).observe(document, { childList: true, subtree: true });";

/// A click on Run made the moment the page is drawn, before its thread pool
/// is up, is not lost or refused: the run waits for the pool and then runs
/// every mode, with the native checksum. (Chromium only: the click comes
/// from a script the DevTools protocol adds to the page before it loads.)
pub async fn a_click_before_the_pool_is_up_runs_once_it_is(p: Page) -> Result<(), Failed> {
    let base = p.eval("location.href").await?;
    let base = base.as_str().ok_or("no location")?.to_owned();
    let added = p
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": CLICK_AT_ONCE }),
        )
        .await?;
    let clicked = async {
        p.goto(&base).await?;
        let mut at_click = serde_json::Value::Null;
        for _ in 0..600 {
            at_click = p.eval("window.__poolAtClick || null").await?;
            if !at_click.is_null() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let at_click = at_click
            .as_str()
            .ok_or("Run was never drawn enabled")?
            .to_owned();
        if !at_click.contains("starting") {
            return Err(format!("the pool was up before Run was drawn: {at_click:?}").into());
        }
        p.wait_text("#cpu-run", |t| t == "Run", 300).await?;
        let w = Workload::default_for("fib").expect("fib");
        p.results_checked("cpu", CPU_MODES, &native(&w)).await?;
        Ok::<(), Failed>(())
    }
    .await;
    // Whatever happened, later tests get the page without the script.
    p.cdp(
        "Page.removeScriptToEvaluateOnNewDocument",
        serde_json::json!({ "identifier": added["identifier"] }),
    )
    .await?;
    clicked
}
