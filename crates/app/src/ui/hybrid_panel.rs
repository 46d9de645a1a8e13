//! The hybrid lab: fetch N items, compute on each, arranged four ways.

use super::PoolState;
use super::estimate::{EstimateLine, Estimated, first_error, refused};
use super::field::Field;
use super::pools;
use super::progress::{ProgressLine, reporter};
use super::repeats::{RepeatFields, RepeatSettings, run_interleaved};
use super::results::Results;
use super::stop::{Stop, StopNote};
use crate::caps::{self, Caps};
use crate::hybrid;
use crate::meter::{Meter, measure};
use crate::processes::Processes;
use lab::ModeKind;
use lab::mode::HybridMode;
use lab::results::Step;
use lab::share::HybridConfig;
use lab::{Comparison, form};
use leptos::prelude::*;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Items, latency and work per item; the four arrangements; Run; results.
#[component]
pub fn HybridPanel(
    caps: Caps,
    pool: Signal<PoolState>,
    endpoint: Signal<Option<Result<(), String>>>,
    meter: Meter,
) -> impl IntoView {
    // The link's configuration over the defaults, with a note for whatever
    // in it could not be used.
    let (cfg, link_notes) = HybridConfig::from_query(&super::share::query_pairs());
    let ticks = super::share::ModeTicks::new(lab::mode::HYBRID_MODES, &cfg.modes);
    let fields = RwSignal::new(cfg.fields.clone());
    let parsed = Memo::new(move |_| form::parse_hybrid(&fields.get()));
    let sequential = ticks.of(ModeKind::Sequential);
    let then_compute = ticks.of(ModeKind::Async);
    let threads = ticks.of(ModeKind::Threads);
    let processes = ticks.of(ModeKind::Processes);
    let kept = StoredValue::new_local(None::<Rc<Processes>>);
    let repeats = RepeatSettings::new(cfg.repeats);
    // The configuration as it stands, when valid, kept in the address bar.
    let query = Memo::new(move |_| {
        let (Ok(_), Ok(r)) = (parsed.get(), repeats.get()) else {
            return None;
        };
        let c = HybridConfig {
            fields: fields.get(),
            modes: ticks.ticked(),
            repeats: r,
        };
        Some(c.to_query())
    });
    super::share::keep_in_address_bar("hybrid-", query);
    let progress = RwSignal::new(None::<Step>);
    let failure = RwSignal::new(None::<String>);
    let stop = Stop::new();
    let comparison = RwSignal::new(None::<Comparison>);

    let modes = move || {
        let mut m = Vec::new();
        if sequential.get() {
            m.push(HybridMode::Sequential);
        }
        if then_compute.get() {
            m.push(HybridMode::AsyncThenCompute);
        }
        if threads.get() && pool.get().threads().is_some() {
            m.push(HybridMode::AsyncThreads);
        }
        if processes.get() {
            m.push(HybridMode::AsyncProcesses(caps.cores));
        }
        m
    };

    // What a click on Run would cost; a refusal shows next to "items".
    let estimate: Estimated = Memo::new(move |_| {
        let (Ok(h), Ok(r)) = (parsed.get(), repeats.get()) else {
            return None;
        };
        let names: Vec<ModeKind> = modes().iter().map(|m| m.kind()).collect();
        Some(lab::budget::hybrid(&h, &names, r))
    });
    let error = first_error(move || parsed.get().err(), estimate);

    let run = Action::new_local(move |_: &()| {
        let h = parsed.get_untracked();
        let reps = repeats.get_untracked();
        let modes = modes();
        let have_pool = pool.get_untracked().threads().is_some();
        let meter = meter.clone();
        async move {
            failure.set(None);
            stop.arm();
            let (h, reps) = match (h, reps) {
                (Ok(h), Ok(r)) => (h, r),
                (Err(e), _) | (_, Err(e)) => return failure.set(Some(e.to_string())),
            };
            if let Some(Err(e)) = estimate.get_untracked() {
                return failure.set(Some(e.to_string()));
            }
            // No checksum is known in advance on the page: every mode must
            // agree with the first (the tests compare it with a native run).
            comparison.set(Some(Comparison {
                resolution_ms: caps.resolution_ms,
                experiment: Some("hybrid"),
                ..Comparison::default()
            }));
            crate::meter::settle().await;
            let label = |mode: HybridMode| {
                let t = pool.get_untracked().threads().unwrap_or(0);
                (mode.kind(), mode.label(t))
            };
            run_interleaved(
                reps,
                &modes,
                label,
                comparison,
                failure,
                stop,
                async |mode, name| {
                    let on_progress = reporter(progress, name, h.items as usize, "items");
                    on_progress(0);
                    let run_id = (js_sys::Date::now() * 1000.0 + caps::now()) as u64;
                    // What Stop undoes: fetches in flight (aborted), the
                    // compute-everything job (cancelled after its item in
                    // hand) and processes (ended, below). An item already on
                    // the thread pool finishes unseen: one item's work is short.
                    let abort = web_sys::AbortController::new().ok();
                    let signal = abort.as_ref().map(web_sys::AbortController::signal);
                    let cancel = Arc::new(AtomicBool::new(false));
                    let halt = || hybrid::Halt {
                        abort: signal.clone(),
                        cancel: Arc::clone(&cancel),
                    };
                    let running = async {
                        if let HybridMode::AsyncProcesses(k) = mode {
                            pools::run_on_kept(
                                kept,
                                k,
                                false,
                                true,
                                &meter,
                                async |procs, start| {
                                    hybrid::run(
                                        h,
                                        mode,
                                        run_id,
                                        have_pool,
                                        Some((procs, start)),
                                        halt(),
                                        on_progress,
                                    )
                                    .await
                                },
                            )
                            .await
                        } else {
                            let run =
                                hybrid::run(h, mode, run_id, have_pool, None, halt(), on_progress);
                            measure(&meter, run).await
                        }
                    };
                    let on_stop = || {
                        if let Some(a) = &abort {
                            a.abort();
                        }
                        cancel.store(true, Ordering::Relaxed);
                    };
                    stop.race(running, on_stop)
                        .await
                        .unwrap_or_else(|| (Err(crate::io::STOPPED.into()), Default::default()))
                },
            )
            .await;
            progress.set(None);
            // Its processes are ended wherever the click landed, as in the
            // other panels.
            if stop.clicked() {
                kept.set_value(None);
            }
            stop.report(failure);
        }
    });
    let running = run.pending();

    view! {
        <section class="panel" id="hybrid" aria-labelledby="hybrid-title">
            <h2 id="hybrid-title">"Fetch, then compute"</h2>
            <p class="explain">
                "Each item is fetched (I/O) and then worked on (CPU), and the work depends on what came back. "
                "One by one; every fetch at once and then every computation; or every fetch at once with each item "
                "handed to a pool of threads or processes the moment it lands (Python: "
                <code>"loop.run_in_executor"</code>"), so computing overlaps waiting."
            </p>
            <div class="controls">
                {form::HYBRID_FIELDS.iter().map(|&spec| view! { <Field spec fields error prefix="hybrid-" /> }).collect_view()}
            </div>
            <fieldset class="modes">
                <legend>"modes"</legend>
                <label><input type="checkbox" id="hybrid-mode-sequential" prop:checked=sequential on:change=move |ev| sequential.set(event_target_checked(&ev)) />" sequential"</label>
                <label><input type="checkbox" id="hybrid-mode-async" prop:checked=then_compute on:change=move |ev| then_compute.set(event_target_checked(&ev)) />" async fetch, then compute"</label>
                <label>
                    <input type="checkbox" id="hybrid-mode-threads" prop:checked=threads on:change=move |ev| threads.set(event_target_checked(&ev))
                        prop:disabled=move || pool.get().threads().is_none() />
                    " async fetch → thread pool"
                </label>
                <label><input type="checkbox" id="hybrid-mode-processes" prop:checked=processes on:change=move |ev| processes.set(event_target_checked(&ev)) />
                    {format!(" async fetch → {} processes", caps.cores)}
                </label>
            </fieldset>
            <p class="endpoint">"endpoint: the in-page service worker"</p>
            <RepeatFields settings=repeats prefix="hybrid-" />
            <super::share::LinkNote id="hybrid-link-note" notes=link_notes />
            <div class="run">
                <button id="hybrid-run" on:click=move |_| { run.dispatch(()); }
                    disabled=move || running.get() || parsed.with(Result::is_err) || repeats.get().is_err() || modes().is_empty() || refused(estimate)
                        || matches!(pool.get(), PoolState::Starting) || !matches!(endpoint.get(), Some(Ok(())))>
                    {move || if running.get() { "Running…" } else { "Run" }}
                </button>
                <button id="hybrid-stop" class="secondary" disabled=move || !running.get()
                    on:click=move |_| stop.click()
                    title="End the run: fetches in flight are aborted, processes ended">
                    "Stop"
                </button>
                <super::share::CopyLink id="hybrid-copy-link" />
                <EstimateLine id="hybrid-estimate" estimate />
                <ProgressLine id="hybrid-progress" step=progress />
                {move || failure.get().map(|f| view! { <p class="error" role="alert" id="hybrid-error">{f}</p> })}
                <StopNote id="hybrid-stopped" stop />
            </div>
            <Results comparison=comparison.into() name="hybrid" />
        </section>
    }
}
