//! The I/O lab: N slow requests, one after another or all at once.

use super::field::Field;
use super::progress::ProgressLine;
use super::results::{Results, show};
use crate::caps::{self, Caps};
use crate::io::{self, ENDPOINT, IoMode};
use crate::meter::{Meter, measure};
use kernels::io::IoParams;
use lab::results::Step;
use lab::{Comparison, form};
use leptos::prelude::*;
use std::cell::Cell;

/// Request count, latency and async limit; sequential and async modes; Run;
/// progress; results with the checksum every run must reach.
#[component]
pub fn IoPanel(
    caps: Caps,
    endpoint: Signal<Option<Result<(), String>>>,
    meter: Meter,
) -> impl IntoView {
    let fields = RwSignal::new(form::io_to_fields(&IoParams::default()));
    let sequential = RwSignal::new(true);
    let asynchronous = RwSignal::new(true);
    let parsed = Memo::new(move |_| form::parse_io(&fields.get()));
    let error = Signal::derive(move || parsed.get().err());
    let progress = RwSignal::new(None::<Step>);
    let failure = RwSignal::new(None::<String>);
    let comparison = RwSignal::new(None::<Comparison>);

    let modes = move || {
        let mut m = Vec::new();
        if sequential.get() {
            m.push(IoMode::Sequential);
        }
        if asynchronous.get() {
            m.push(IoMode::Async);
        }
        m
    };

    let run = Action::new_local(move |_: &()| {
        let p = parsed.get_untracked();
        let modes = modes();
        let meter = meter.clone();
        async move {
            failure.set(None);
            let p = match p {
                Ok(p) => p,
                Err(e) => return failure.set(Some(e.to_string())),
            };
            comparison.set(Some(Comparison {
                expected: Some(kernels::io::expected(p.requests)),
                resolution_ms: caps.resolution_ms,
                results: Vec::new(),
            }));
            // Let the click's own rendering finish before the first mode is timed.
            crate::meter::settle().await;
            for mode in modes {
                let name = if mode == IoMode::Sequential {
                    "sequential"
                } else {
                    "async"
                };
                let total = p.requests as usize;
                let step = move |done| {
                    Some(Step {
                        what: name.into(),
                        done,
                        total,
                        unit: "requests",
                    })
                };
                progress.set(step(0));
                // A plain counter owned by the callback: no signal per run.
                let done = Cell::new(0);
                let on_done = move || {
                    done.set(done.get() + 1);
                    progress.set(step(done.get()));
                };
                // A fresh run id per mode: no answer can come from a cache.
                let run_id = (js_sys::Date::now() * 1000.0 + caps::now()) as u64;
                let (outcome, page) = measure(&meter, io::run(p, mode, run_id, on_done)).await;
                match outcome {
                    Ok(mut r) => {
                        r.page = Some(page);
                        show(comparison, r).await;
                    }
                    Err(e) => {
                        failure.set(Some(format!("{name}: {e}")));
                        break;
                    }
                }
            }
            progress.set(None);
        }
    });
    let running = run.pending();
    let endpoint_text = move || match endpoint.get() {
        None => "endpoint: starting the in-page service worker…".to_owned(),
        Some(Ok(())) => format!("endpoint: {ENDPOINT}"),
        Some(Err(e)) => format!("endpoint unavailable: {e}"),
    };

    view! {
        <section class="panel" id="io" aria-labelledby="io-title">
            <h2 id="io-title">"I/O-bound"</h2>
            <p class="explain">
                "Requests that each wait for a slow answer: awaited one by one, then all in flight on the "
                "browser's event loop (Python: "<code>"asyncio.gather"</code>", with "<code>"asyncio.Semaphore"</code>" as the limit)."
            </p>
            <div class="controls">
                {form::IO_FIELDS.iter().map(|&spec| view! { <Field spec fields error /> }).collect_view()}
            </div>
            <fieldset class="modes">
                <legend>"modes"</legend>
                <label><input type="checkbox" id="io-mode-sequential" prop:checked=sequential on:change=move |ev| sequential.set(event_target_checked(&ev)) />" sequential"</label>
                <label><input type="checkbox" id="io-mode-async" prop:checked=asynchronous on:change=move |ev| asynchronous.set(event_target_checked(&ev)) />" async"</label>
            </fieldset>
            <p class="endpoint" id="io-endpoint">{endpoint_text}</p>
            <div class="run">
                <button id="io-run" on:click=move |_| { run.dispatch(()); }
                    disabled=move || running.get() || parsed.with(Result::is_err) || modes().is_empty() || !matches!(endpoint.get(), Some(Ok(())))>
                    {move || if running.get() { "Running…" } else { "Run" }}
                </button>
                <ProgressLine id="io-progress" step=progress />
                {move || failure.get().map(|f| view! { <p class="error" role="alert" id="io-error">{f}</p> })}
            </div>
            <Results comparison=comparison.into() />
        </section>
    }
}
