//! The I/O lab: N slow requests, one after another or all at once.

use super::estimate::{EstimateLine, Estimated, first_error, refused};
use super::field::Field;
use super::pools;
use super::progress::{ProgressLine, reporter};
use super::repeats::{RepeatFields, RepeatSettings, run_interleaved};
use super::results::Results;
use super::stop::{Stop, StopNote};
use crate::caps::{self, Caps};
use crate::io;
use crate::meter::{Meter, measure};
use crate::processes::Processes;
use crate::workers::IoThreads;
use lab::ModeKind;
use lab::mode::IoMode;
use lab::results::Step;
use lab::share::{IO_DEFAULT_THREADS, IO_MAX_THREADS, IoConfig};
use lab::{Comparison, form};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// CPython's default `sys.getswitchinterval()`.
const SWITCH_INTERVAL_MS: u32 = 5;

/// Request count, latency and async limit; sequential and async modes; Run;
/// progress; results with the checksum every run must reach.
#[component]
pub fn IoPanel(
    caps: Caps,
    endpoint: Signal<Option<Result<(), String>>>,
    meter: Meter,
) -> impl IntoView {
    // The link's configuration over the defaults, with a note for whatever
    // in it could not be used.
    let (cfg, link_notes) = IoConfig::from_query(
        &super::share::query_pairs(),
        caps.cores,
        pools::MAX_PROCESSES,
    );
    let ticks = super::share::ModeTicks::new(lab::mode::IO_MODES, &cfg.modes);
    let fields = RwSignal::new(cfg.fields.clone());
    let sequential = ticks.of(ModeKind::Sequential);
    // Threads share the page's memory: they run only where it can be shared
    // (isolated, with SharedArrayBuffer), but stay ticked (greyed out) elsewhere, so a link made
    // here means the same on an isolated page.
    let threads = ticks.of(ModeKind::Threads);
    let gil = ticks.of(ModeKind::Gil);
    let thread_count = RwSignal::new(cfg.threads);
    let processes = ticks.of(ModeKind::Processes);
    let process_count = RwSignal::new(cfg.processes);
    let asynchronous = ticks.of(ModeKind::Async);
    // Both pools are kept between runs and reused while their size fits.
    let kept_threads = StoredValue::new_local(None::<Rc<IoThreads>>);
    let kept_processes = StoredValue::new_local(None::<Rc<Processes>>);
    let endpoint_choice = RwSignal::new(cfg.endpoint.clone());
    let url_fields = RwSignal::new(lab::Fields::from([(
        form::ENDPOINT_URL.key,
        cfg.url.clone(),
    )]));
    let chosen = Memo::new(move |_| {
        url_fields.with(|f| {
            form::parse_endpoint(
                &endpoint_choice.get(),
                f.get(form::ENDPOINT_URL.key).map_or("", String::as_str),
            )
        })
    });
    let url_error = Signal::derive(move || chosen.get().err());
    // The form, and whether its faults can be injected: only our endpoints
    // know the protocol; a URL of one's own answers as it will.
    let parsed = Memo::new(move |_| {
        let p = form::parse_io(&fields.get())?;
        if p.injecting().is_some() && matches!(chosen.get(), Ok(kernels::io::Endpoint::Any(_))) {
            return Err(kernels::ParamError {
                field: "fail",
                message: "only the in-page endpoint and the delay server inject faults; choose one, or none here".into(),
            });
        }
        Ok(p)
    });
    // The in-page endpoint must be up; the others are tried when used.
    let endpoint_ready = move || match chosen.get() {
        Ok(kernels::io::Endpoint::InPage) => matches!(endpoint.get(), Some(Ok(()))),
        Ok(_) => true,
        Err(_) => false,
    };
    let repeats = RepeatSettings::new(cfg.repeats);
    // The configuration as it stands, when every part of it is valid, kept
    // in the address bar.
    let query = Memo::new(move |_| {
        let (Ok(_), Ok(_), Ok(r)) = (parsed.get(), chosen.get(), repeats.get()) else {
            return None;
        };
        let c = IoConfig {
            fields: fields.get(),
            modes: ticks.ticked(),
            threads: thread_count.get(),
            processes: process_count.get(),
            endpoint: endpoint_choice.get(),
            url: url_fields.with(|f| f.get(form::ENDPOINT_URL.key).cloned().unwrap_or_default()),
            repeats: r,
        };
        Some(c.to_query(caps.cores))
    });
    super::share::keep_in_address_bar("io-", query);
    let progress = RwSignal::new(None::<Step>);
    let failure = RwSignal::new(None::<String>);
    let stop = Stop::new();
    let comparison = RwSignal::new(None::<Comparison>);

    let modes = move || {
        let mut m = Vec::new();
        if sequential.get() {
            m.push(IoMode::Sequential);
        }
        if threads.get() && caps.threads() {
            m.push(IoMode::Threads(thread_count.get()));
        }
        if gil.get() && caps.threads() {
            m.push(IoMode::Gil(thread_count.get(), SWITCH_INTERVAL_MS));
        }
        if processes.get() {
            m.push(IoMode::Processes(process_count.get()));
        }
        if asynchronous.get() {
            m.push(IoMode::Async);
        }
        m
    };

    // What a click on Run would cost; a refusal shows next to "requests".
    let estimate: Estimated = Memo::new(move |_| {
        let (Ok(p), Ok(e), Ok(r)) = (parsed.get(), chosen.get(), repeats.get()) else {
            return None;
        };
        let names: Vec<ModeKind> = modes().iter().map(|m| m.kind()).collect();
        let plan = lab::budget::IoPlan {
            threads: thread_count.get(),
            processes: process_count.get(),
            connections: e.connections(),
        };
        Some(lab::budget::io(&p, &names, plan, r))
    });
    let error = first_error(move || parsed.get().err(), estimate);

    let run = Action::new_local(move |_: &()| {
        let p = parsed.get_untracked();
        let e = chosen.get_untracked();
        let reps = repeats.get_untracked();
        let modes = modes();
        let meter = meter.clone();
        async move {
            failure.set(None);
            stop.arm();
            let (p, e, reps) = match (p, e, reps) {
                (Ok(p), Ok(e), Ok(r)) => (p, e, r),
                (Err(err), _, _) | (_, Err(err), _) | (_, _, Err(err)) => {
                    return failure.set(Some(err.to_string()));
                }
            };
            if let Some(Err(err)) = estimate.get_untracked() {
                return failure.set(Some(err.to_string()));
            }
            comparison.set(Some(Comparison {
                expected: p.predicted(&e),
                resolution_ms: caps.resolution_ms,
                experiment: Some("io"),
                ..Comparison::default()
            }));
            // Let the click's own rendering finish before the first mode is timed.
            crate::meter::settle().await;
            let label = |mode: IoMode| (mode.kind(), mode.label(p.limit));
            run_interleaved(
                reps,
                &modes,
                label,
                comparison,
                failure,
                stop,
                async |mode, name| {
                    let on_progress = reporter(progress, name, p.requests as usize, "requests");
                    on_progress(0);
                    // A plain counter owned by the callback: no signal per run.
                    let done = Cell::new(0);
                    let on_done = {
                        let report = on_progress.clone();
                        move || {
                            done.set(done.get() + 1);
                            report(done.get());
                        }
                    };
                    // A fresh run id per mode: no answer can come from a cache.
                    let run_id = (js_sys::Date::now() * 1000.0 + caps::now()) as u64;
                    // What Stop undoes: fetches in flight (aborted), queued
                    // blocking requests (skipped), processes (ended).
                    let abort = web_sys::AbortController::new().ok();
                    let signal = abort.as_ref().map(web_sys::AbortController::signal);
                    let skip = Arc::new(AtomicBool::new(false));
                    let running = async {
                        match mode {
                            IoMode::Threads(n) | IoMode::Gil(n, _) => {
                                let gil_ms = if let IoMode::Gil(_, ms) = mode {
                                    Some(ms)
                                } else {
                                    None
                                };
                                progress.set(Some(Step::preparing(
                                    format!("starting {n} threads"),
                                    "requests",
                                )));
                                // A failed request leaves the threads healthy: keep them.
                                pools::run_on_kept(
                                    kept_threads,
                                    n,
                                    false,
                                    false,
                                    &meter,
                                    async |pool, start| {
                                        let mut r = io::run_threads(
                                            p,
                                            &e,
                                            run_id,
                                            pool,
                                            gil_ms,
                                            Arc::clone(&skip),
                                            on_progress,
                                        )
                                        .await?;
                                        r.start = Some(start);
                                        Ok(r)
                                    },
                                )
                                .await
                            }
                            IoMode::Processes(k) => {
                                progress.set(Some(Step::preparing(
                                    format!("starting {k} processes"),
                                    "requests",
                                )));
                                pools::run_on_kept(
                                    kept_processes,
                                    k,
                                    false,
                                    true,
                                    &meter,
                                    async |pool, start| {
                                        io::run_processes(p, &e, run_id, pool, start, on_progress)
                                            .await
                                    },
                                )
                                .await
                            }
                            IoMode::Sequential | IoMode::Async => {
                                let run = io::run(p, &e, mode, run_id, signal.as_ref(), on_done);
                                measure(&meter, run).await
                            }
                        }
                    };
                    let on_stop = || {
                        skip.store(true, Ordering::Relaxed);
                        if let Some(a) = &abort {
                            a.abort();
                        }
                    };
                    stop.race(running, on_stop)
                        .await
                        .unwrap_or_else(|| (Err(io::STOPPED.into()), Default::default()))
                },
            )
            .await;
            progress.set(None);
            // Processes are ended wherever the click landed, as in the CPU
            // panel (the threads are kept: see `run_threads`).
            if stop.clicked() {
                kept_processes.set_value(None);
            }
            stop.report(failure);
        }
    });
    let running = run.pending();
    let endpoint_text = move || match (chosen.get(), endpoint.get()) {
        (Err(_), _) => "endpoint: fix its URL".to_owned(),
        (Ok(kernels::io::Endpoint::InPage), None) => {
            "endpoint: starting the in-page service worker…".to_owned()
        }
        (Ok(kernels::io::Endpoint::InPage), Some(Err(e))) => format!("endpoint unavailable: {e}"),
        (Ok(e), _) => format!("endpoint: {}", e.describe()),
    };

    view! {
        <section class="panel" id="io" aria-labelledby="io-title">
            <h2 id="io-title">"I/O-bound"</h2>
            <p class="explain">
                "Requests that each wait for a slow answer: awaited one by one; spread over threads that each block "
                "in one request (with and without a GIL, which a waiting thread releases); spread over processes; "
                "then all in flight on the browser's event loop (Python: "<code>"asyncio.gather"</code>", with "
                <code>"asyncio.Semaphore"</code>" as the limit)."
            </p>
            <div class="controls">
                {form::IO_FIELDS[..form::IO_FIELDS.len() - form::IO_FAULT_FIELDS].iter().map(|&spec| view! { <Field spec fields error /> }).collect_view()}
            </div>
            <FailingNetwork fields error />
            <fieldset class="modes">
                <legend>"modes"</legend>
                <label><input type="checkbox" id="io-mode-sequential" prop:checked=sequential on:change=move |ev| sequential.set(event_target_checked(&ev)) />" sequential"</label>
                <label>
                    <input type="checkbox" id="io-mode-threads" prop:checked=threads on:change=move |ev| threads.set(event_target_checked(&ev))
                        prop:disabled=!caps.threads() />
                    " threads ×"
                    <select id="io-threads" on:change=move |ev| thread_count.set(event_target_value(&ev).parse().unwrap_or(IO_DEFAULT_THREADS))
                        prop:disabled=!caps.threads()>
                        {(1..=IO_MAX_THREADS).map(|k| view! { <option value={k.to_string()} selected={k == cfg.threads}>{k}</option> }).collect_view()}
                    </select>
                    " ("<code>"ThreadPoolExecutor"</code>")"
                </label>
                <label>
                    <input type="checkbox" id="io-mode-gil" prop:checked=gil on:change=move |ev| gil.set(event_target_checked(&ev))
                        prop:disabled=!caps.threads() />
                    {format!(" the same threads + GIL (released while waiting; switch interval {SWITCH_INTERVAL_MS} ms)")}
                </label>
                <label>
                    <input type="checkbox" id="io-mode-processes" prop:checked=processes on:change=move |ev| processes.set(event_target_checked(&ev)) />
                    " processes ×"
                    <select id="io-processes" on:change=move |ev| process_count.set(event_target_value(&ev).parse().unwrap_or(1))>
                        {(1..=pools::MAX_PROCESSES.max(caps.cores)).map(|k| view! { <option value={k.to_string()} selected={k == cfg.processes}>{k}</option> }).collect_view()}
                    </select>
                    " ("<code>"multiprocessing.Pool"</code>")"
                </label>
                <label><input type="checkbox" id="io-mode-async" prop:checked=asynchronous on:change=move |ev| asynchronous.set(event_target_checked(&ev)) />" async"</label>
            </fieldset>
            <div class="controls">
                <label class="field">
                    <span>"endpoint"</span>
                    <select id="io-endpoint-choice" on:change=move |ev| endpoint_choice.set(event_target_value(&ev))
                        prop:value=move || endpoint_choice.get()>
                        {form::ENDPOINTS.iter().map(|&(k, title)| view! { <option value=k>{title}</option> }).collect_view()}
                    </select>
                </label>
                <Show when=move || endpoint_choice.get() != "inpage">
                    <Field spec=form::ENDPOINT_URL fields=url_fields error=url_error />
                </Show>
            </div>
            <p class="endpoint" id="io-endpoint">{endpoint_text}</p>
            <RepeatFields settings=repeats prefix="io-" />
            <super::share::LinkNote id="io-link-note" notes=link_notes />
            <div class="run">
                <button id="io-run" on:click=move |_| { run.dispatch(()); }
                    disabled=move || running.get() || parsed.with(Result::is_err) || repeats.get().is_err() || modes().is_empty() || !endpoint_ready() || refused(estimate)>
                    {move || if running.get() { "Running…" } else { "Run" }}
                </button>
                <button id="io-stop" class="secondary" disabled=move || !running.get()
                    on:click=move |_| stop.click()
                    title="End the run: fetches in flight are aborted, queued requests skipped, processes ended">
                    "Stop"
                </button>
                <super::share::CopyLink id="io-copy-link" />
                <EstimateLine id="io-estimate" estimate />
                <ProgressLine id="io-progress" step=progress />
                {move || failure.get().map(|f| view! { <p class="error" role="alert" id="io-error">{f}</p> })}
                <StopNote id="io-stopped" stop />
            </div>
            <Results comparison=comparison.into() name="io" />
        </section>
    }
}

/// The failing network: what the endpoint injects into what share of the
/// attempts, how late a slow answer comes, and the client's retries and
/// timeout. Closed unless a fault is chosen (as from a link).
#[component]
fn FailingNetwork(
    fields: RwSignal<lab::Fields>,
    error: Signal<Option<kernels::ParamError>>,
) -> impl IntoView {
    let kind = move || fields.with(|f| f.get(form::FAIL.key).cloned().unwrap_or_default());
    let open = kind() != "none";
    let rest = &form::IO_FIELDS[form::IO_FIELDS.len() - form::IO_FAULT_FIELDS + 1..];
    let message = move || {
        error
            .get()
            .filter(|e| e.field == form::FAIL.key)
            .map(|e| e.message)
    };
    view! {
        <details class="faults" id="io-faults" open=open>
            <summary>"failing network: faults, retries, timeout"</summary>
            <p class="explain">
                "The endpoint answers a chosen share of the attempts wrongly: an error (HTTP 503), late, or by "
                "breaking the connection mid-answer. The same requests are hit in every mode, so modes compare on "
                "equal terms and the page knows in advance which requests a run can answer. Every run counts its "
                "requests by how they ended, and a failed or timed-out attempt is retried after a backoff."
            </p>
            <div class="controls">
                <label class="field" for="field-fail">
                    <span>{form::FAIL.label}</span>
                    <select id="field-fail" name="fail"
                        prop:value=kind
                        on:change=move |ev| fields.update(|f| { f.insert(form::FAIL.key, event_target_value(&ev)); })>
                        {kernels::io::FaultKind::ALL.iter().map(|&(_, k, title)| view! { <option value=k>{title}</option> }).collect_view()}
                    </select>
                    {move || message().map(|m| view! { <small class="error" role="alert">{m}</small> })}
                </label>
                {rest.iter().map(|&spec| view! { <Field spec fields error /> }).collect_view()}
            </div>
        </details>
    }
}
