//! The tour as a first-time visitor takes it: the first view is its first
//! step; each step shows the article's claim, runs with one click on Run,
//! and every mode's answer is the one the kernels compute natively; "Next"
//! leads to the following step. A step's link opens it, in the page and in
//! the widget.

use crate::cpu::native;
use crate::page::Page;
use kernels::io::Endpoint;
use lab::link::{CpuConfig, HybridConfig, IoConfig};
use lab::tour::{Panel, STEPS, Step};
use libtest_mimic::Failed;

/// The panel a step runs: its element id, and the modes its run must show.
fn panel(step: &Step) -> (&'static str, Vec<&'static str>) {
    let q = step.query();
    let (id, modes) = match step.panel {
        Panel::Cpu => ("cpu", CpuConfig::from_query(&q, 2, 8).0.modes),
        Panel::Io => ("io", IoConfig::from_query(&q, 2, 8).0.modes),
        Panel::Hybrid => ("hybrid", HybridConfig::from_query(&q).0.modes),
    };
    (id, modes.iter().map(|m| m.key()).collect())
}

/// The checksum the kernels compute natively for the step's settings.
fn want(step: &Step) -> Result<String, Failed> {
    let q = step.query();
    let bad = |e: kernels::ParamError| Failed::from(format!("{}: {e}", step.id));
    Ok(match step.panel {
        Panel::Cpu => {
            let c = CpuConfig::from_query(&q, 2, 8).0;
            native(&lab::form::parse_workload(&c.workload, &c.fields).map_err(bad)?)
        }
        Panel::Io => {
            let c = IoConfig::from_query(&q, 2, 8).0;
            let p = lab::form::parse_io(&c.fields).map_err(bad)?;
            p.predicted(&Endpoint::InPage)
                .ok_or("an uncertain prediction")?
                .to_string()
        }
        Panel::Hybrid => {
            let c = HybridConfig::from_query(&q).0;
            lab::form::parse_hybrid(&c.fields)
                .map_err(bad)?
                .expected()
                .to_string()
        }
    })
}

/// Reads the step the page shows (heading and claim) and runs it with
/// one click on its Run button; every mode must agree with native.
pub async fn run_step(p: &Page, step: &Step) -> Result<(), Failed> {
    let context =
        |e: Failed| Failed::from(format!("{}: {}", step.id, e.message().unwrap_or_default()));
    let title = p.text("h2#step-title").await.map_err(context)?;
    let claim = p.text("blockquote.claim").await.map_err(context)?;
    if title != step.title
        || !claim.starts_with(step.claim.split_whitespace().next().unwrap_or_default())
    {
        return Err(format!("{}: shows {title:?} and {claim:?}", step.id).into());
    }
    let (panel, modes) = panel(step);
    let server = needs_the_delay_server(step);
    if server {
        meet_the_delay_server(p).await.map_err(context)?;
    }
    p.click_and_wait(&format!("#{panel}-run"), panel, 180)
        .await
        .map_err(context)?;
    p.results_checked(panel, &modes, &want(step)?)
        .await
        .map_err(context)?;
    if server {
        // The step's lesson, counted at the server: the browser let at
        // most 6 requests reach it at once over HTTP/1.1.
        let seen = crate::harness::delay()?
            .stats
            .max_in_flight
            .load(std::sync::atomic::Ordering::SeqCst);
        if !(1..=6).contains(&seen) {
            return Err(format!("{}: the server saw {seen} at once", step.id).into());
        }
    }
    Ok(())
}

/// Whether `step` fetches from the delay server (`./dev serve`'s).
fn needs_the_delay_server(step: &Step) -> bool {
    step.panel == Panel::Io
        && IoConfig::from_query(&step.query(), 2, 8).0.endpoint == lab::form::EndpointChoice::Server
}

/// A step on the delay server, as a visitor without one meets it: where
/// none answers at the step's URL (none does on CI; one may where
/// `./dev serve` runs), Run says so and where one comes from. The visitor
/// then points the step at a delay server (the tests' own) in its
/// settings.
async fn meet_the_delay_server(p: &Page) -> Result<(), Failed> {
    let delay = crate::harness::delay()?;
    let ours: std::net::SocketAddr = "127.0.0.1:8081".parse().map_err(|e| format!("{e}"))?;
    if std::net::TcpStream::connect_timeout(&ours, std::time::Duration::from_millis(300)).is_err() {
        p.click("#io-run").await?;
        let said = p
            .wait_text("#io-error", |t| t.contains("./dev serve"), 30)
            .await?;
        if !said.starts_with("No delay server answers at http://127.0.0.1:8081/io/delay") {
            return Err(format!("without a delay server, Run says {said:?}").into());
        }
        if p.exists("#io table").await? {
            return Err("without a delay server, a run was shown".into());
        }
    }
    p.click("#io details.settings summary").await?;
    p.set_field("endpoint_url", &delay.url).await?;
    delay
        .stats
        .max_in_flight
        .store(0, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

pub async fn a_visitor_walks_the_whole_tour(p: Page) -> Result<(), Failed> {
    let first = p.here().await?;
    // The page's first view is the tour's first step.
    let mut p = p.reopen(&first).await?;
    for (i, step) in STEPS.iter().enumerate() {
        run_step(&p, step).await?;
        match STEPS.get(i + 1) {
            Some(next) => p = p.follow(&format!("Next: {} →", next.title)).await?,
            None => {
                if p.exists("a[rel=next]").await? {
                    return Err("the last step has a Next".into());
                }
            }
        }
    }
    // The way out: the lab, with every panel.
    let p = p.follow("Open the full lab").await?;
    for panel in ["#cpu", "#io", "#hybrid"] {
        if !p.exists(panel).await? {
            return Err(format!("the lab has no {panel}").into());
        }
    }
    Ok(())
}

pub async fn a_steps_link_opens_it_in_the_page_and_the_widget(p: Page) -> Result<(), Failed> {
    let here = p.here().await?;
    // A step in the middle, then the widget of one that fetches.
    let regex = &STEPS[3];
    let p = p.reopen(&format!("{here}?{}", regex.tour_link())).await?;
    let current = p.text("nav.tour-steps a[aria-current=step]").await?;
    if current != regex.title {
        return Err(format!("?step=regex marks {current:?} as the current step").into());
    }
    run_step(&p, regex).await?;
    // A setting changed in the step is kept in its address, beside the
    // step: the copied link opens the step as it was left.
    p.click("#cpu details.settings summary").await?;
    p.set_field("count", "500").await?;
    let mut address = String::new();
    for _ in 0..50 {
        address = p
            .eval("location.href")
            .await?
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if address.contains("cpu-count=500") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    if !address.contains("step=regex") || !address.contains("cpu-count=500") {
        return Err(format!("after a change, the step's address is {address}").into());
    }
    let p = p.reopen(&address).await?;
    let title = p.text("h2#step-title").await?;
    let count = p.prop("#field-count", "value").await?;
    if title != regex.title || count != "500" {
        return Err(format!("{address} opens {title:?} with {count:?} strings").into());
    }
    // A step set up to a run the page refuses (the page's own thread frozen
    // for minutes): Run waits, and the folded settings open on the reason.
    let refused =
        format!("{here}?step=regex&cpu-workload=regex&cpu-count=100000&cpu-len=200&cpu-modes=main");
    let p = p.reopen(&refused).await?;
    let open = p.exists("#cpu details.settings[open]").await?;
    let why = p.text("#cpu details.settings").await?;
    if !p.disabled("#cpu-run").await? || !open || !why.contains("freeze") {
        return Err(
            format!("a refused step: Run enabled or no reason in sight ({open}): {why}").into(),
        );
    }
    let p = p.reopen(&format!("{here}?{}", regex.tour_link())).await?;
    // Its snippet, for a post about exactly this experiment.
    p.click("#step-embed").await?;
    let snippet = p.prop("#step-embed-snippet", "value").await?;
    if !snippet.contains("view=embed") || !snippet.contains("step=regex") {
        return Err(format!("the step's snippet: {snippet}").into());
    }
    let fetch = lab::tour::find("fetch").ok_or("no fetch step")?.1;
    let p = p
        .reopen(&format!("{here}?view=embed&{}", fetch.tour_link()))
        .await?;
    run_step(&p, fetch).await?;
    // The lab, opened on the step's settings.
    let p = p.reopen(&format!("{here}?{}", regex.tour_link())).await?;
    let p = p.follow("Open this step in the lab").await?;
    let count = p.prop("#field-count", "value").await?;
    if count != "1000" || !p.exists("#io").await? {
        return Err(format!("the lab from the regex step shows {count:?} strings").into());
    }
    Ok(())
}
