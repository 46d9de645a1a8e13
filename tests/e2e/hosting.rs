//! The three ways in besides `trunk serve`: the built page on a static host
//! that sends no headers (isolated by the service worker after one reload),
//! and the embed widget in a post on another site, isolated by the
//! `_headers` file's Document-Isolation-Policy or, without it, running what
//! still works and saying why threads do not.

use crate::engine::Engine;
use crate::page::{Page, Row};
use kernels::Workload;
use lab::tour::STEPS;
use libtest_mimic::Failed;

/// The small fib the widget tests run, and its checksum computed natively.
const NS: &str = "24, 25, 26";

fn native_fib() -> String {
    crate::cpu::native(&Workload::Fib {
        ns: vec![24, 25, 26],
    })
}

pub async fn a_static_host_without_headers_is_isolated_after_one_reload(
    p: Page,
) -> Result<(), Failed> {
    let site = crate::harness::plain_site()?;
    // A first visit: no service worker yet, nothing remembered.
    p.goto(&format!("{site}sw.js")).await?;
    p.eval_async(
        "navigator.serviceWorker.getRegistrations()\
         .then(rs => Promise.all(rs.map(r => r.unregister())))\
         .then(() => { sessionStorage.clear(); return true; })",
    )
    .await?;
    let before = crate::harness::page_loads();
    let p = p.reopen(&format!("{site}?view=lab")).await?;
    let loads = crate::harness::page_loads() - before;
    let iso = p.text("#cap-isolated").await?;
    let navigation = p
        .eval("performance.getEntriesByType('navigation')[0].type")
        .await?;
    if !iso.ends_with("yes") || navigation != "reload" || loads != 2 {
        return Err(format!(
            "a host without headers: {iso:?} after {loads} loads, the last a {navigation} \
             (want isolation after exactly one reload)"
        )
        .into());
    }
    let cores = p.cores().await?;
    let pool = p.text("#cap-pool").await?;
    if crate::page::number_in(&pool) != Some(cores) {
        return Err(format!("pool {pool:?} for {cores} cores").into());
    }
    p.set_field("ns", NS).await?;
    p.repeat("cpu", "0", "1").await?;
    p.run_checked("cpu", 120, crate::cpu::CPU_MODES, &native_fib())
        .await?;
    // The in-page latency endpoint still answers, in every I/O mode.
    crate::io::run(&p, 12, "30", "").await?;
    // All of that ran under the deployed Content-Security-Policy: no inline
    // script but Trunk's loader (by hash), no eval, and it is enforced.
    let csp = p
        .eval("document.querySelector('meta[http-equiv=Content-Security-Policy]')?.content ?? ''")
        .await?;
    let csp = csp.as_str().unwrap_or_default();
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .unwrap_or_default();
    if !script_src.starts_with("script-src 'self' 'wasm-unsafe-eval' 'sha256-")
        || csp.contains("unsafe-inline")
        || csp.contains("'unsafe-eval'")
    {
        return Err(format!("the deployed page's policy: {csp:?}").into());
    }
    let ran = p
        .eval(
            "(() => { const s = document.createElement('script'); \
             s.textContent = 'window.cspBroken = 1'; document.head.append(s); \
             return window.cspBroken === undefined; })()",
        )
        .await?;
    if ran != serde_json::json!(true) {
        return Err("an inline script added to the page ran despite the policy".into());
    }
    Ok(())
}

/// The embed snippet the full page offers for fib `NS`, with its address
/// of the page swapped for `site` (the same build, hosted elsewhere) and
/// `extra` added to the widget's query.
async fn snippet_for(p: &Page, site: &str, extra: &str) -> Result<String, Failed> {
    p.set_field("ns", NS).await?;
    p.repeat("cpu", "0", "1").await?;
    p.click("#cpu-embed").await?;
    let snippet = p.prop("#cpu-embed-snippet", "value").await?;
    let here = p.here().await?;
    let origin = here.trim_end_matches('/');
    for part in [
        "loading=\"lazy\"",
        "title=\"",
        "cpu-ns=24%2C+25%2C+26",
        &format!("e.origin !== \"{origin}\""),
    ] {
        if !snippet.contains(part) {
            return Err(format!("the snippet has no {part:?}:\n{snippet}").into());
        }
    }
    Ok(moved(&snippet, &here, site, extra))
}

/// `snippet`, made on the page at `here`, with the page's address swapped
/// for `site` (the same build, hosted elsewhere) and `extra` added to the
/// widget's query.
fn moved(snippet: &str, here: &str, site: &str, extra: &str) -> String {
    let origin = here.trim_end_matches('/');
    snippet
        .replace(&format!("{here}?"), &format!("{site}?{extra}"))
        .replace(origin, lab::link::embed::origin_of(site).unwrap_or(site))
}

/// The widget from [`snippet_for`] in a blog post on another site
/// (127.0.0.2), opened; the page then acts inside the widget's frame.
async fn in_a_post(p: Page, site: &str, extra: &str) -> Result<Page, Failed> {
    let snippet = snippet_for(&p, site, extra).await?;
    post(p, &snippet).await
}

/// A blog post on another site (127.0.0.2) with `snippet` in it, opened;
/// the page then acts inside the widget's frame.
async fn post(p: Page, snippet: &str) -> Result<Page, Failed> {
    let host = crate::harness::host_site(format!(
        "<!doctype html><title>A post</title><h1>A post</h1><p>Text.</p>{snippet}"
    ))?;
    p.embedded(&host).await
}

/// Checks the widget's rows: exactly `modes`, each with the native checksum.
fn check(rows: &[Row], modes: &[&str], want: &str) -> Result<(), Failed> {
    let got: Vec<&str> = rows.iter().map(|r| r.mode.as_str()).collect();
    if got != modes {
        return Err(format!("the widget shows {got:?}, want {modes:?}").into());
    }
    for r in rows {
        // "< 1 ms": under the timer's step (1 ms in Firefox without
        // isolation), which these small tasks can be.
        let timed = r.time.starts_with("< ") || r.millis()? > 0.0;
        if r.checksum != want || r.agrees != "✓" || !timed {
            return Err(format!(
                "{}: {} {} in {}, want {want}",
                r.mode, r.checksum, r.agrees, r.time
            )
            .into());
        }
    }
    Ok(())
}

pub async fn the_widget_on_another_site_is_isolated_by_its_headers(p: Page) -> Result<(), Failed> {
    let p = in_a_post(p, crate::harness::headers_site()?, "").await?;
    let iso = p.text("#cap-isolated").await?;
    // Only Chromium (137+) applies Document-Isolation-Policy; elsewhere the
    // widget must say so and run what needs no shared memory.
    let modes = if p.engine == Engine::Chromium {
        if !iso.ends_with("yes") {
            let why = p.text(".caps").await?;
            return Err(format!("the widget with Document-Isolation-Policy: {why:?}").into());
        }
        crate::cpu::CPU_MODES
    } else {
        let warning = p.text(".caps .warning").await?;
        let why = "this browser does not apply Document-Isolation-Policy (Chromium 137+ does)";
        if !iso.ends_with("no") || !warning.contains(why) {
            return Err(format!("a widget without the policy: {iso:?}, {warning:?}").into());
        }
        &["sequential", "processes"]
    };
    // No picker in the widget: its title names the workload it runs.
    let title = p.text("#cpu-workload-title").await?;
    let fib = lab::form::WORKLOADS
        .iter()
        .find(|w| w.0 == "fib")
        .map(|w| w.1);
    if Some(title.as_str()) != fib {
        return Err(format!("the widget's workload title {title:?}, want {fib:?}").into());
    }
    let rows = p.run("cpu", 120).await?;
    check(&rows, modes, &native_fib())?;
    p.leave_frame().await
}

pub async fn the_widget_in_a_page_without_isolation_degrades(p: Page) -> Result<(), Failed> {
    // No headers from its host, and no Document-Isolation-Policy from the
    // service worker either (what Firefox and Safari get).
    let p = in_a_post(p, crate::harness::plain_site()?, "coi=nodip&").await?;
    let iso = p.text("#cap-isolated").await?;
    let warning = p.text(".caps .warning").await?;
    // Why, in one line: this Chromium gives a frame of another site no
    // storage, so no service worker; one that does reloads once, and then
    // names the missing policy.
    let reasons = [
        "no storage here (a frame of another site?), so no service worker can supply the headers",
        "this link turns Document-Isolation-Policy off (coi=nodip)",
    ];
    let why = warning.strip_prefix("Thread modes are unavailable: ");
    if !iso.ends_with("no") || !why.is_some_and(|w| reasons.iter().any(|r| w.contains(r))) {
        return Err(format!("a widget in a page without isolation: {iso:?}, {warning:?}").into());
    }
    for m in ["#mode-threads", "#mode-gil"] {
        if !p.disabled(m).await? {
            return Err(format!("{m} is enabled without shared memory").into());
        }
    }
    // The link opens the full page, in a new tab, with the same settings.
    let href = p.attr("#cpu-full-page", "href").await?;
    let target = p.attr("#cpu-full-page", "target").await?;
    if !href.contains("cpu-ns=24%2C+25%2C+26") || href.contains("view=") || target != "_blank" {
        return Err(format!("full-page link {href:?} (target {target:?})").into());
    }
    let rows = p.run("cpu", 120).await?;
    check(&rows, &["sequential", "processes"], &native_fib())?;
    p.leave_frame().await
}

/// The tour on the built page as a static host serves it: its first view
/// is the first step, which runs; the step on the delay server says where
/// one comes from (a hosted page has none) and runs once given one.
pub async fn the_tour_runs_on_the_built_page(p: Page) -> Result<(), Failed> {
    let site = crate::harness::plain_site()?;
    let p = p.reopen(site).await?;
    crate::tour::run_step(&p, &STEPS[0]).await?;
    let (_, connections) = lab::tour::find("connections").ok_or("no connections step")?;
    let p = p.follow(&format!("Next: {} →", STEPS[1].title)).await?;
    crate::tour::run_step(&p, &STEPS[1]).await?;
    let p = p
        .reopen(&format!("{site}?{}", connections.tour_link()))
        .await?;
    crate::tour::run_step(&p, connections).await
}

/// A blog post about one experiment embeds that step's widget: in the
/// post on another site, the step's claim and its Run are on the frame's
/// first screen (640 px), and the step runs there with the native
/// checksum.
pub async fn a_steps_widget_in_a_post_runs_from_its_first_screen(p: Page) -> Result<(), Failed> {
    // 8 workers summing: its modes (sequential, processes) run with and
    // without isolation (Firefox and WebKit do not apply the widget's
    // Document-Isolation-Policy), each well under the page's freeze limit.
    let (_, sum) = lab::tour::find("sum").ok_or("no sum step")?;
    let here = p.here().await?;
    let p = p.reopen(&format!("{here}?{}", sum.tour_link())).await?;
    p.click("#step-embed").await?;
    let snippet = p.prop("#step-embed-snippet", "value").await?;
    let site = crate::harness::headers_site()?;
    let p = post(p, &moved(&snippet, &here, site, "")).await?;
    let bottom = p
        .eval("document.querySelector('#cpu-run').getBoundingClientRect().bottom + scrollY")
        .await?
        .as_f64()
        .ok_or("no Run in the widget")?;
    if bottom > 640.0 {
        return Err(
            format!("the step widget's Run ends at y = {bottom}, past its 640 px frame").into(),
        );
    }
    if p.disabled("#cpu-run").await? {
        let why = p.eval("document.querySelector('#cpu').innerText").await?;
        return Err(format!("Run is disabled in the step's widget: {why}").into());
    }
    crate::tour::run_step(&p, sum).await?;
    p.leave_frame().await
}
