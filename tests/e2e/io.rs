//! I/O workloads in the browser: the answers' checksum must be the one the
//! request ids imply, in every mode.

use crate::engine::Engine;
use crate::page::{Page, Row};
use libtest_mimic::Failed;

/// The I/O modes a default run shows, in order.
const IO_MODES: &[&str] = &["sequential", "threads", "gil", "processes", "async"];

pub async fn run(p: &Page, requests: u32, delay: &str, limit: &str) -> Result<Vec<Row>, Failed> {
    p.set_field("requests", &requests.to_string()).await?;
    p.set_field("delay_ms", delay).await?;
    p.set_field("limit", limit).await?;
    let want = kernels::io::expected(requests).to_string();
    let rows = p.run_checked("io", 120, IO_MODES, &want).await?;
    let detail = p.text("#io tbody tr[data-mode=async] td.detail").await?;
    if !detail.contains("service worker") {
        return Err(format!("the endpoint is not named: {detail:?}").into());
    }
    Ok(rows)
}

/// A mode that runs at most `width` requests at once cannot finish `n`
/// requests of `delay` ms in less than ⌈n / width⌉ × delay: a lower bound
/// the mechanism guarantees however slow the machine, so it can be asserted.
fn at_least(rows: &[Row], mode: &str, n: u32, width: u32, delay: f64) -> Result<(), Failed> {
    let r = rows
        .iter()
        .find(|r| r.mode == mode)
        .ok_or_else(|| format!("no {mode} row"))?;
    let floor = f64::from(n.div_ceil(width)) * delay;
    if r.millis()? < floor {
        return Err(format!(
            "{mode} took {} for {n} requests of {delay} ms, {width} at a time: more than {width} were in flight",
            r.time
        )
        .into());
    }
    Ok(())
}

pub async fn sequential_and_async(p: Page) -> Result<(), Failed> {
    run(&p, 20, "50", "").await?;
    // The dashed "on the network" line is drawn only from what the browser
    // reports: Chromium times a service worker's answers; Firefox and WebKit
    // give them no time at all (request and response start equal), which
    // must leave no line rather than a line of zero.
    let drawn = p.timelines("io").await?;
    let a = drawn
        .iter()
        .find(|d| d.mode == "async")
        .ok_or("no async timeline")?;
    match (p.engine, a.wire_peak) {
        (Engine::Chromium, Some(n)) if n > 0 => Ok(()),
        (Engine::Chromium, _) | (_, Some(_)) => {
            Err(format!("async's on-network line: {:?}", a.wire_peak).into())
        }
        (_, None) => {
            let lesson = p.text("#io .lessons li[data-mode=async]").await?;
            if lesson.contains("did not say how many were on the network") {
                Ok(())
            } else {
                Err(
                    format!("the async lesson claims what the browser did not tell: {lesson:?}")
                        .into(),
                )
            }
        }
    }
}

/// Many quick requests in every mode: no mode's own code may hold the
/// page's thread for long (async once sent 200 in one step of 189 ms; 600
/// in one step would take far longer than the bound). Its steps are short
/// by construction (`app::pace`), so the bound — the one a freeze must
/// pass — is wide for a busy machine.
pub async fn no_io_mode_holds_the_page_thread(p: Page) -> Result<(), Failed> {
    let rows = run(&p, 600, "0", "").await?;
    for r in &rows {
        let step = r.step_ms()?;
        if step >= crate::page::MIN_MAIN_STEP_MS {
            return Err(format!(
                "{}: a step of {step} ms on the page's thread for 600 requests: {:?}",
                r.mode, r.page
            )
            .into());
        }
    }
    Ok(())
}

pub async fn blocking_threads_and_processes_hold_one_request_each(p: Page) -> Result<(), Failed> {
    p.click("#io-processes option[value='2']").await?;
    let rows = run(&p, 16, "40", "").await?;
    at_least(&rows, "sequential", 16, 1, 40.0)?;
    at_least(&rows, "threads", 16, 4, 40.0)?;
    at_least(&rows, "gil", 16, 4, 40.0)?;
    at_least(&rows, "processes", 16, 2, 40.0)?;
    p.check_cells(
        "io",
        "mode",
        &[
            ("threads", "threads ×4"),
            ("gil", "threads + GIL ×4"),
            ("processes", "processes ×2"),
        ],
    )
    .await?;
    let gil = p.text("#io tbody tr[data-mode=gil] td.detail").await?;
    if !gil.contains("hand-offs") {
        return Err(format!("GIL figures missing: {gil:?}").into());
    }
    // Timelines: every request waited on one lane of its mode, and no mode
    // had more in flight than it has lanes that block (async: one loop, all).
    let drawn = p.timelines("io").await?;
    for (d, (lanes, width)) in drawn.iter().zip([(1, 1), (4, 4), (4, 4), (2, 2), (1, 16)]) {
        d.check(lanes, "wait", 16)?;
        let peak = d
            .peak
            .ok_or_else(|| format!("{}: no in-flight strip", d.mode))?;
        if !(1..=width).contains(&peak) {
            return Err(format!(
                "{}: peak {peak} in flight, at most {width} possible",
                d.mode
            )
            .into());
        }
    }
    if drawn.len() != IO_MODES.len() || drawn[2].count("gil") < 16 {
        return Err(format!(
            "{} timelines; GIL holds: {}",
            drawn.len(),
            drawn[2].count("gil")
        )
        .into());
    }
    p.screenshot("#io .timelines", "timelines-io.png").await?;
    // Another thread count: a new pool of that size.
    p.click("#io-threads option[value='8']").await?;
    let rows = run(&p, 16, "40", "").await?;
    at_least(&rows, "threads", 16, 8, 40.0)?;
    let start = p.text("#io tbody tr[data-mode=threads] td.start").await?;
    if !start.starts_with("started for this run") {
        return Err(format!("8 threads after 4: pool start {start:?}").into());
    }
    Ok(())
}

pub async fn async_with_limit(p: Page) -> Result<(), Failed> {
    let rows = run(&p, 30, "20", "4").await?;
    at_least(&rows, "async", 30, 4, 20.0)?;
    let label = p.text("#io tbody tr[data-mode=async] td.mode").await?;
    if !label.contains("≤4") {
        return Err(format!("limit not shown: {label:?}").into());
    }
    Ok(())
}

pub async fn a_real_server_shows_the_browsers_connection_cap(p: Page) -> Result<(), Failed> {
    use std::sync::atomic::Ordering;
    let delay = crate::harness::delay()?;
    // A bad URL is refused at its field, and Run waits for a fix.
    p.set_select("#io-endpoint-choice", "server").await?;
    p.set_field("endpoint_url", "ftp://nope").await?;
    p.wait_text(
        "#io label[for=field-endpoint_url] .error",
        |t| !t.is_empty(),
        5,
    )
    .await?;
    if !p.disabled("#io-run").await? {
        return Err("Run is enabled with an ftp:// endpoint".into());
    }
    p.set_field("endpoint_url", &delay.url).await?;
    for m in [
        "#io-mode-sequential",
        "#io-mode-threads",
        "#io-mode-gil",
        "#io-mode-processes",
    ] {
        p.click(m).await?;
    }
    delay.stats.max_in_flight.store(0, Ordering::Relaxed);
    p.set_field("requests", "30").await?;
    p.set_field("delay_ms", "100").await?;
    p.set_field("limit", "").await?;
    let want = kernels::io::expected(30).to_string();
    let rows = p.run_checked("io", 120, &["async"], &want).await?;
    // All 30 were asked for at once; the browser let at most 6 reach the
    // server together (HTTP/1.1, one host), so the run took 5 rounds at least.
    let seen = delay.stats.max_in_flight.load(Ordering::Relaxed);
    if !(1..=6).contains(&seen) {
        return Err(format!(
            "the server saw {seen} requests in flight at once; the browser allows 6"
        )
        .into());
    }
    at_least(&rows, "async", 30, 6, 100.0)?;
    // The page sent all 30 at once; its timeline's network line (Resource
    // Timing, which the server allows with Timing-Allow-Origin) never shows
    // more than the browser's 6 on the network.
    let drawn = p.timelines("io").await?;
    let d = drawn.first().ok_or("no timeline")?;
    d.check(1, "wait", 30)?;
    match (d.peak, d.wire_peak) {
        (Some(sent), Some(wire)) if sent <= 30 && (1..=6).contains(&wire) => {}
        other => return Err(format!("in flight (sent, on the network): {other:?}").into()),
    }
    p.screenshot("#io .timelines", "timelines-real-server.png")
        .await?;
    let detail = p.text("#io tbody tr[data-mode=async] td.detail").await?;
    if !detail.contains(&delay.url) {
        return Err(format!("the endpoint is not named: {detail:?}").into());
    }
    Ok(())
}

/// The seeds' experiment against a server that is not ours in spirit: one
/// fixed URL, repeated, at "any URL" (the delay server, whose URL the page
/// sends exactly as given). Each mode runs alone, so what the server counts
/// open at once is that mode's: n blocking workers keep n requests open
/// (Chromium's HTTP cache once let one per URL through at a time), and the
/// page's "on the network" line says what the server saw.
pub async fn blocking_workers_overlap_on_one_fixed_url(p: Page) -> Result<(), Failed> {
    use std::sync::atomic::Ordering;
    let delay = crate::harness::delay()?;
    let fixed = format!("{}?ms=100&id=7", delay.url);
    p.set_select("#io-endpoint-choice", "any").await?;
    p.set_field("endpoint_url", &fixed).await?;
    p.click("#io-processes option[value='2']").await?;
    p.set_field("requests", "24").await?;
    p.set_field("delay_ms", "100").await?;
    p.set_field("limit", "").await?;
    let want = kernels::io::Endpoint::Any(fixed.clone())
        .expected(24)
        .to_string();
    // (mode, what the server must see open at once): async may reach the
    // browser's 6 connections per host, or fewer on a slow start.
    for (mode, open) in [
        ("sequential", 1..=1),
        ("threads", 4..=4),
        ("gil", 4..=4),
        ("processes", 2..=2),
        ("async", 2..=6),
    ] {
        p.tick_only("io-mode-", IO_MODES, &[mode]).await?;
        delay.stats.max_in_flight.store(0, Ordering::SeqCst);
        p.run_checked("io", 120, &[mode], &want).await?;
        let seen = delay.stats.max_in_flight.load(Ordering::SeqCst);
        if !open.contains(&seen) {
            return Err(format!(
                "{mode}: the server saw at most {seen} requests open at once, want {open:?}"
            )
            .into());
        }
        // The page's network line (Resource Timing; the server sends
        // Timing-Allow-Origin) spans each request the server held, and a
        // little more: its peak is at least the server's, and for a
        // blocking mode at most its workers.
        let drawn = p.timelines("io").await?;
        let d = drawn.first().ok_or("no timeline")?;
        match d.wire_peak {
            Some(w) if w >= seen && (mode == "async" || w <= *open.end()) => {}
            other => {
                return Err(format!(
                    "{mode}: the page's network line peaks at {other:?}, the server saw {seen}"
                )
                .into());
            }
        }
        let lesson = p
            .text(&format!("#io .lessons li[data-mode={mode}]"))
            .await?;
        if !lesson.contains("on the network") {
            return Err(format!(
                "{mode}: the lesson does not say what was on the network: {lesson:?}"
            )
            .into());
        }
    }
    Ok(())
}

/// HTTP/1.1 domain sharding: the same delay server under 40 host names
/// (`sN.localhost`, which the browser resolves to loopback itself). The
/// browser's 6 connections count per name, so async's requests reach the
/// server far more than 6 at a time — counted there — and the page's
/// network line says so.
pub async fn sharding_lifts_the_connection_cap(p: Page) -> Result<(), Failed> {
    use std::sync::atomic::Ordering;
    let delay = crate::harness::delay()?;
    p.set_select("#io-endpoint-choice", "sharded").await?;
    // Sharding renames the host, so only this machine's server qualifies.
    p.set_field("endpoint_url", "http://example.org/io/delay")
        .await?;
    p.wait_text(
        "#io label[for=field-endpoint_url] .error",
        |t| t.contains("not example.org"),
        5,
    )
    .await?;
    p.set_field("endpoint_url", &delay.url).await?;
    p.tick_only("io-mode-", IO_MODES, &["async"]).await?;
    p.set_field("requests", "60").await?;
    p.set_field("delay_ms", "300").await?;
    p.set_field("limit", "").await?;
    delay.stats.max_in_flight.store(0, Ordering::SeqCst);
    let want = kernels::io::expected(60).to_string();
    p.run_checked("io", 120, &["async"], &want).await?;
    let seen = delay.stats.max_in_flight.load(Ordering::SeqCst);
    if !(7..=60).contains(&seen) {
        return Err(format!(
            "the server saw at most {seen} requests open at once: sharding should pass the 6 per host"
        )
        .into());
    }
    let drawn = p.timelines("io").await?;
    let d = drawn.first().ok_or("no timeline")?;
    match d.wire_peak {
        Some(w) if w >= seen.min(60) && w <= 60 => {}
        other => {
            return Err(
                format!("the network line peaks at {other:?}; the server saw {seen}").into(),
            );
        }
    }
    // Where the time went: the parts of async's bar add up to its run.
    let parts = p
        .eval(
            "(() => { const f = document.querySelector('#io .breakdown[data-mode=async]'); \
             if (!f) return null; \
             return { total: +f.dataset.totalMs, text: f.textContent, \
                      parts: [...f.querySelectorAll('.part')].map(e => +e.dataset.ms) }; })()",
        )
        .await?;
    let total = parts["total"].as_f64().ok_or("no breakdown for async")?;
    let sum: f64 = parts["parts"]
        .as_array()
        .ok_or("no parts")?
        .iter()
        .filter_map(serde_json::Value::as_f64)
        .sum();
    let text = parts["text"].as_str().unwrap_or_default();
    if total <= 0.0 || (sum - total).abs() > 0.01 || !text.contains("at the endpoint") {
        return Err(format!("async's breakdown: parts {sum} of {total}: {text:?}").into());
    }
    p.screenshot("#io .breakdowns", "breakdown-sharded.png")
        .await?;
    let detail = p.text("#io tbody tr[data-mode=async] td.detail").await?;
    if !detail.contains("domain sharding") {
        return Err(format!("the endpoint is not named: {detail:?}").into());
    }
    Ok(())
}

pub async fn hybrid_pipeline_runs_every_arrangement(p: Page) -> Result<(), Failed> {
    use kernels::hybrid::Hybrid;
    let h = Hybrid {
        items: 12,
        delay_ms: 50,
        count: 300_000,
    };
    for (k, v) in [("items", "12"), ("delay_ms", "50"), ("count", "300000")] {
        p.set_field_in("hybrid-", k, v).await?;
    }
    let rows = p
        .run_checked(
            "hybrid",
            180,
            &["sequential", "async", "threads", "processes"],
            &h.expected().to_string(),
        )
        .await?;
    // Fetch-compute-repeat waits for every fetch in turn; the others wait
    // for at least one.
    at_least(&rows, "sequential", 12, 1, 50.0)?;
    for mode in ["async", "threads", "processes"] {
        at_least(&rows, mode, 12, 12, 50.0)?;
    }
    // Timelines: the event loop's lane holds every fetch, and the compute
    // lanes (pool threads, or processes) every CPU step.
    let cores = p.cores().await?;
    for d in p.timelines("hybrid").await? {
        d.check(1 + cores, "wait", 12)?;
        if d.count("task") != 12 {
            return Err(format!("{}: {} CPU steps drawn, want 12", d.mode, d.count("task")).into());
        }
    }
    // Too much work in all is refused at its field.
    p.set_field_in("hybrid-", "count", "50000000").await?;
    p.wait_text(
        "#hybrid label[for=hybrid-field-count] .error",
        |t| t.contains("at most"),
        5,
    )
    .await?;
    if !p.disabled("#hybrid-run").await? {
        return Err("Run is enabled for 600 million draws".into());
    }
    Ok(())
}

pub async fn io_and_hybrid_links_reproduce_their_configuration(p: Page) -> Result<(), Failed> {
    // Set up both panels by hand.
    p.set_field("requests", "9").await?;
    p.set_field("delay_ms", "15").await?;
    p.set_field("limit", "3").await?;
    p.click("#io-mode-gil").await?;
    p.click("#io-threads option[value='5']").await?;
    p.set_field_in("hybrid-", "items", "6").await?;
    p.click("#hybrid-mode-processes").await?;
    p.repeat("hybrid", "0", "2").await?;
    // The address bar now holds both (the CPU panel, untouched, adds
    // nothing: its defaults need no link).
    let href = p.eval("location.href").await?;
    let href = href.as_str().ok_or("no address")?.to_owned();
    for part in ["io-requests=9", "io-threads=5", "hybrid-items=6"] {
        if !href.contains(part) {
            return Err(format!("the address has no {part}: {href}").into());
        }
    }
    if href.contains("cpu-") {
        return Err(format!("the untouched CPU panel wrote its settings: {href}").into());
    }
    // Someone else opens it: the same settings, and the same answers.
    let p = p.reopen(&href).await?;
    for (css, prop, want) in [
        ("#field-requests", "value", "9"),
        ("#field-delay_ms", "value", "15"),
        ("#field-limit", "value", "3"),
        ("#io-threads", "value", "5"),
        ("#io-mode-threads", "checked", "true"),
        ("#io-mode-gil", "checked", "false"),
        ("#hybrid-field-items", "value", "6"),
        ("#hybrid-field-repeats", "value", "2"),
        ("#hybrid-mode-threads", "checked", "true"),
        ("#hybrid-mode-processes", "checked", "false"),
    ] {
        let got = p.prop(css, prop).await?;
        if got != want {
            return Err(
                format!("{css}.{prop} is {got:?} after opening the link, want {want:?}").into(),
            );
        }
    }
    let want = kernels::io::expected(9).to_string();
    p.run_checked(
        "io",
        120,
        &["sequential", "threads", "processes", "async"],
        &want,
    )
    .await?;
    p.check_cells("io", "mode", &[("threads", "threads ×5")])
        .await?;
    // A bad link: defaults where it is wrong, a note in each panel it
    // touches, and nothing fetched from the URL it names.
    let base = href.split('?').next().unwrap_or_default().to_owned();
    let p = p
        .reopen(&format!(
            "{base}?io-requests=abc&io-endpoint=any&io-url=javascript:alert(1)&hybrid-modes=warp"
        ))
        .await?;
    let io_note = p.text("#io-link-note").await?;
    let hybrid_note = p.text("#hybrid-link-note").await?;
    if !io_note.contains("requests")
        || !io_note.contains("in-page")
        || !hybrid_note.contains("warp")
    {
        return Err(format!("notes for a bad link: {io_note:?}; {hybrid_note:?}").into());
    }
    let default = lab::form::io_to_fields(&kernels::io::IoParams::default())["requests"].clone();
    let (requests, choice) = (
        p.prop("#field-requests", "value").await?,
        p.prop("#io-endpoint-choice", "value").await?,
    );
    if requests != default || choice != "inpage" {
        return Err(format!("after a bad link: requests {requests:?}, endpoint {choice:?}").into());
    }
    // A link naming a real server: the URL is filled in, and nothing is
    // sent to it before Run.
    let delay = crate::harness::delay()?;
    let seen = || {
        (
            delay
                .stats
                .connections
                .load(std::sync::atomic::Ordering::SeqCst),
            delay
                .stats
                .answered
                .load(std::sync::atomic::Ordering::SeqCst),
        )
    };
    let before = seen();
    let p = p
        .reopen(&format!("{base}?io-endpoint=server&io-url={}", delay.url))
        .await?;
    let (choice, url) = (
        p.prop("#io-endpoint-choice", "value").await?,
        p.prop("#field-endpoint_url", "value").await?,
    );
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    if choice != "server" || url != delay.url || seen() != before {
        return Err(format!(
            "a link to {}: endpoint {choice:?}, URL {url:?}, server saw {:?} then {:?}",
            delay.url,
            before,
            seen()
        )
        .into());
    }
    Ok(())
}
