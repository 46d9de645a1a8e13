//! The CPU lab: pick a workload, run it sequentially and on threads.

use super::PoolState;
use super::estimate::{EstimateLine, Estimated, first_error, refused};
use super::field::Field;
use super::pools;
use super::progress::{ProgressLine, reporter};
use super::repeats::{RepeatFields, RepeatSettings, run_interleaved};
use super::results::Results;
use super::stop::{Stop, StopNote};
use super::sweep::SweepChart;
use crate::caps::Caps;
use crate::cpu;
use crate::meter::{Meter, measure_unless};
use crate::processes::Processes;
use crate::supervised::CpuThreads;
use kernels::mandelbrot::Spec;
use kernels::{Job, Output, Workload};
use lab::ModeKind;
use lab::mode::CpuMode;
use lab::results::Step;
use lab::share::CpuConfig;
use lab::{Comparison, Fields, form};
use leptos::html::Canvas;
use leptos::prelude::*;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Workload picker, parameters, mode choice, Run, progress, results, and
/// for Mandelbrot the picture the last run computed. `compact` is the
/// embed widget: the link's workload, its modes, Run, the chart and the key
/// figures, and a link to the full page with the same settings.
#[component]
pub fn CpuPanel(
    caps: Caps,
    pool: Signal<PoolState>,
    meter: Meter,
    #[prop(optional)] compact: bool,
) -> impl IntoView {
    // The link's configuration over the defaults (main thread off, warm
    // processes), with a note for whatever in it could not be used.
    let (cfg, link_notes) = CpuConfig::from_query(
        &super::share::query_pairs(),
        caps.cores,
        pools::MAX_PROCESSES,
    );
    let ticks = super::share::ModeTicks::new(lab::mode::CPU_MODES, &cfg.modes);
    let workload = RwSignal::new(cfg.workload.clone());
    let fields = RwSignal::new(cfg.fields.clone());
    let sequential = ticks.of(ModeKind::Sequential);
    let threads = ticks.of(ModeKind::Threads);
    let gil = ticks.of(ModeKind::Gil);
    let main_thread = ticks.of(ModeKind::MainThread);
    let processes = ticks.of(ModeKind::Processes);
    let process_count = RwSignal::new(cfg.processes);
    let cold = RwSignal::new(cfg.cold);
    // The started processes, kept between runs (a warm pool), page-local.
    let pool_of_processes = StoredValue::new_local(None::<Rc<Processes>>);
    // The CPU modes' threads, replaced when one dies (see `supervised`).
    let pool_of_threads = StoredValue::new_local(None::<Rc<CpuThreads>>);
    let workers = RwSignal::new(cfg.workers);
    let gil_fields = RwSignal::new(Fields::from([(
        form::SWITCH_INTERVAL.key,
        cfg.switch_ms.clone(),
    )]));
    let switch_ms = Memo::new(move |_| {
        gil_fields.with(|f| {
            form::parse_switch_interval(f.get(form::SWITCH_INTERVAL.key).map_or("", String::as_str))
        })
    });
    let gil_error = Signal::derive(move || switch_ms.get().err());
    let parsed = Memo::new(move |_| form::parse_workload(&workload.get(), &fields.get()));
    let repeats = RepeatSettings::new(cfg.repeats);
    // The configuration as it stands, when every part of it is valid: kept
    // in the address bar, so the page's address is always a link to it.
    let current = Memo::new(move |_| {
        parsed.with(Result::is_ok).then_some(())?;
        switch_ms.with(Result::is_ok).then_some(())?;
        Some(CpuConfig {
            workload: workload.get(),
            fields: fields.get(),
            modes: ticks.ticked(),
            workers: workers.get(),
            processes: process_count.get(),
            cold: cold.get(),
            switch_ms: gil_fields.with(|f| {
                f.get(form::SWITCH_INTERVAL.key)
                    .cloned()
                    .unwrap_or_default()
            }),
            repeats: repeats.get().ok()?,
        })
    });
    let query = Memo::new(move |_| current.get().map(|c| c.to_query(caps.cores)));
    super::share::keep_in_address_bar("cpu-", query);
    let progress = RwSignal::new(None::<Step>);
    let failure = RwSignal::new(None::<String>);
    // Stop, and the running mode-run's counter (its cancel flag).
    let stop = Stop::new();
    let cancel = StoredValue::new_local(None::<Arc<kernels::Progress>>);
    let comparison = RwSignal::new(None::<Comparison>);
    let sweep = RwSignal::new(None::<Comparison>);
    let picture = RwSignal::new(None::<(Spec, Arc<Vec<u8>>)>);
    // The last run's job and one mode's outputs, for the inputs-and-outputs
    // export; `has_outputs` enables its button.
    let last_outputs = StoredValue::new_local(None::<(String, Fields, Arc<Job>, Vec<Output>)>);
    let has_outputs = RwSignal::new(false);

    let modes = move || {
        let mut m = Vec::new();
        if sequential.get() {
            m.push(CpuMode::Sequential);
        }
        if threads.get() && pool.get().threads().is_some() {
            m.push(CpuMode::Threads(workers.get()));
        }
        if let (true, Some(_), Ok(ms)) = (gil.get(), pool.get().threads(), switch_ms.get()) {
            m.push(CpuMode::Gil(workers.get(), ms));
        }
        if processes.get() {
            m.push(CpuMode::Processes(process_count.get()));
        }
        if main_thread.get() {
            m.push(CpuMode::MainThread);
        }
        m
    };
    // The fault-injection control (see `lab::faults`): a panic goes into
    // every mode but those on the page's own thread, where it is refused.
    let fault_kind = RwSignal::new("none".to_owned());
    let fault_fields = RwSignal::new(Fields::from([
        (lab::faults::TASK.key, "0".to_owned()),
        (lab::faults::PROCESS.key, "1".to_owned()),
    ]));
    let fault = Memo::new(move |_| {
        let tasks = parsed.with(|w| w.as_ref().map_or(0, lab::faults::task_count));
        let on_page = main_thread.get() || (sequential.get() && pool.get().threads().is_none());
        fault_fields
            .with(|f| lab::faults::parse(&fault_kind.get(), f, tasks, process_count.get()))
            .and_then(|f| lab::faults::refuse_on_page(f, on_page))
    });
    let fault_error = Signal::derive(move || fault.get().err());
    // What a click on Run would cost; a refusal shows next to the sizing field.
    let estimate: Estimated = Memo::new(move |_| {
        let (Ok(w), Ok(r)) = (parsed.get(), repeats.get()) else {
            return None;
        };
        let have_pool = pool.get().threads().is_some();
        Some(lab::budget::cpu(&w, &mode_names(&modes(), have_pool), r))
    });
    let error = first_error(move || parsed.get().err(), estimate);
    // A GIL mode with a bad interval is not silently dropped: Run waits for a fix.
    let blocked = move || {
        parsed.with(Result::is_err)
            || (gil.get() && switch_ms.with(Result::is_err))
            || repeats.get().is_err()
            || refused(estimate)
            || ((processes.get() || fault_kind.get() == "panic") && fault.with(Result::is_err))
    };

    // The sweep: sequential, then threads and processes at every count
    // from 1 to the cores (threads only with a pool).
    let sweep_modes = move || {
        let mut m = vec![CpuMode::Sequential];
        if pool.get().threads().is_some() {
            m.extend((1..=caps.cores).map(CpuMode::Threads));
        }
        m.extend((1..=caps.cores).map(CpuMode::Processes));
        m
    };

    // One action for Run and Sweep (`true`): same inputs, repetitions and
    // checks; a sweep fills its own results and keeps one pool of processes
    // for every count, using as many of them as each point needs.
    let run = Action::new_local(move |&sweeping: &bool| {
        let w = parsed.get_untracked();
        let key = workload.get_untracked();
        let typed = fields.get_untracked();
        let reps = repeats.get_untracked();
        let (modes, target) = if sweeping {
            (sweep_modes(), sweep)
        } else {
            (modes(), comparison)
        };
        let pool_threads = pool.get_untracked().threads();
        let have_pool = pool_threads.is_some();
        // Why there is no pool, for the rows that then run on the page.
        let no_pool = match pool.get_untracked() {
            PoolState::Unavailable(why) => why,
            _ => String::new(),
        };
        // A sweep measures; faults are for Run.
        let fault = if sweeping {
            lab::faults::Fault::None
        } else {
            fault.get_untracked().unwrap_or_default()
        };
        let meter = meter.clone();
        async move {
            failure.set(None);
            stop.arm();
            target.set(Some(Comparison {
                resolution_ms: caps.resolution_ms,
                experiment: form::WORKLOADS.iter().map(|&(k, _)| k).find(|&k| k == key),
                ..Comparison::default()
            }));
            let (w, reps) = match (w, reps) {
                (Ok(w), Ok(r)) => (w, r),
                (Err(e), _) | (_, Err(e)) => return failure.set(Some(e.to_string())),
            };
            // Checked here too: a sweep runs more modes than the form shows.
            if let Err(e) = lab::budget::cpu(&w, &mode_names(&modes, have_pool), reps) {
                return failure.set(Some(e.to_string()));
            }
            progress.set(Some(Step::preparing("generating inputs", "tasks")));
            let job = match cpu::prepare(w, have_pool).await {
                Ok(j) => j,
                Err(e) => {
                    progress.set(None);
                    return failure.set(Some(e));
                }
            };
            let total = job.len();
            // Let the click's own rendering finish before the first mode is timed.
            crate::meter::settle().await;
            let label = |mode: CpuMode| (mode.kind(), mode.label());
            run_interleaved(
                reps,
                &modes,
                label,
                target,
                failure,
                stop,
                async |mode, name| {
                    let report = reporter(progress, name, total, "tasks");
                    report(0);
                    let (outcome, page) = if let CpuMode::Processes(k) = mode {
                        progress.set(Some(Step::preparing(
                            format!("starting {k} processes"),
                            "tasks",
                        )));
                        let size = if sweeping { caps.cores } else { k };
                        let running = pools::run_on_kept(
                            pool_of_processes,
                            size,
                            cold.get_untracked() && !sweeping,
                            true,
                            &meter,
                            async |procs, start| {
                                cpu::run_processes(&job, procs, k, start, fault, report).await
                            },
                        );
                        // Stop: the processes may be deep in a chunk; the run is
                        // dropped here, and its processes ended below.
                        stop.race(running, || {})
                            .await
                            .unwrap_or_else(|| (Err(cpu::STOPPED.into()), Default::default()))
                    } else {
                        let counter = cpu::new_progress();
                        cancel.set_value(Some(Arc::clone(&counter)));
                        let panic_at = match fault {
                            lab::faults::Fault::TaskPanics(i) => Some(i),
                            _ => None,
                        };
                        // The CPU pool, started on first use (or after a
                        // thread died); a Stop during its start ends the run.
                        let threads = match pool_threads.filter(|_| mode != CpuMode::MainThread) {
                            Some(n) => {
                                progress
                                    .set(Some(Step::preparing("starting the CPU pool", "tasks")));
                                let kept = pools::kept_pool(pool_of_threads, n, false);
                                match stop.race(kept, || {}).await {
                                    Some(Ok((t, _))) => Some(t),
                                    Some(Err(e)) => return (Err(e), Default::default()),
                                    None => return (Err(cpu::STOPPED.into()), Default::default()),
                                }
                            }
                            None => None,
                        };
                        report(0);
                        let run = cpu::run(
                            Arc::clone(&job),
                            mode,
                            threads.as_deref().ok_or(no_pool.as_str()),
                            panic_at,
                            counter,
                            report,
                        );
                        let ran = measure_unless(&meter, run, move || stop.clicked()).await;
                        // A thread died: this pool is of no more use.
                        if threads.is_some_and(|t| t.broken()) {
                            pool_of_threads.set_value(None);
                        }
                        ran
                    };
                    let outcome = outcome.map(|out| {
                        if let Some((spec, px)) = out.picture {
                            picture.set(Some((spec, Arc::new(px))));
                        }
                        last_outputs.set_value(Some((
                            key.clone(),
                            typed.clone(),
                            Arc::clone(&job),
                            out.outputs,
                        )));
                        has_outputs.set(true);
                        out.result
                    });
                    (outcome, page)
                },
            )
            .await;
            progress.set(None);
            cancel.set_value(None);
            // A stopped run ends its processes wherever the click landed
            // (inside a mode-run or between two, with the pool kept warm):
            // dropping the pool terminates them, the next run starts fresh.
            if stop.clicked() {
                pool_of_processes.set_value(None);
            }
            stop.report(failure);
        }
    });
    let running = run.pending();
    let on_stop = move |_| {
        stop.click();
        if let Some(c) = cancel.get_value() {
            c.cancel();
        }
    };

    let on_workload = move |ev: leptos::ev::Event| {
        let key = event_target_value(&ev);
        if let Some(w) = Workload::default_for(&key) {
            fields.set(form::to_fields(&w));
            workload.set(key);
            comparison.set(None);
            last_outputs.set_value(None);
            has_outputs.set(false);
            sweep.set(None);
            picture.set(None);
        }
    };

    view! {
        <section class="panel" id="cpu" aria-labelledby="cpu-title">
            <h2 id="cpu-title">
                "CPU-bound"
                // The widget has no picker: say which workload it runs.
                {compact.then(|| {
                    let title = move || form::WORKLOADS.iter().find(|w| w.0 == workload.get()).map(|w| w.1).unwrap_or_default();
                    view! { ": " <span id="cpu-workload-title">{title}</span> }
                })}
            </h2>
            <p class="explain" class:hidden=compact>
                "The same tasks, one after another on one worker thread, then shared by a pool of threads "
                "(threads with no lock in the way, as free-threaded CPython has them), then by the same threads "
                "taking turns under one global interpreter lock, as CPython threads must."
            </p>
            <div class="controls">
                <label class="field" class:hidden=compact>
                    <span>"workload"</span>
                    <select id="workload" on:change=on_workload prop:value=move || workload.get()>
                        {form::WORKLOADS.iter().map(|&(k, title)| view! { <option value=k>{title}</option> }).collect_view()}
                    </select>
                </label>
                {move || form::fields(&workload.get()).iter().map(|&spec| view! { <Field spec fields error /> }).collect_view()}
            </div>
            <fieldset class="modes">
                <legend>"modes"</legend>
                <label><input type="checkbox" id="mode-sequential" prop:checked=sequential on:change=move |ev| sequential.set(event_target_checked(&ev)) />" sequential"</label>
                <label>
                    <input type="checkbox" id="mode-threads" prop:checked=threads on:change=move |ev| threads.set(event_target_checked(&ev))
                        prop:disabled=move || pool.get().threads().is_none() />
                    " threads ×"
                    <select id="workers" on:change=move |ev| workers.set(event_target_value(&ev).parse().unwrap_or(1))
                        prop:disabled=move || pool.get().threads().is_none()>
                        {(1..=caps.cores).map(|k| view! { <option value={k.to_string()} selected={k == workers.get_untracked()}>{k}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    <input type="checkbox" id="mode-gil" prop:checked=gil on:change=move |ev| gil.set(event_target_checked(&ev))
                        prop:disabled=move || pool.get().threads().is_none() />
                    " threads + GIL (CPython's "<code>"threading"</code>")"
                </label>
                <Field spec=form::SWITCH_INTERVAL fields=gil_fields error=gil_error />
                <label>
                    <input type="checkbox" id="mode-processes" prop:checked=processes on:change=move |ev| processes.set(event_target_checked(&ev)) />
                    " processes ×"
                    <select id="process-count" on:change=move |ev| process_count.set(event_target_value(&ev).parse().unwrap_or(1))>
                        {(1..=pools::MAX_PROCESSES.max(caps.cores)).map(|k| view! { <option value={k.to_string()} selected={k == process_count.get_untracked()}>{k}</option> }).collect_view()}
                    </select>
                    " (" <code>"multiprocessing.Pool"</code> ")"
                </label>
                <label>
                    <input type="checkbox" id="process-cold" prop:checked=cold on:change=move |ev| cold.set(event_target_checked(&ev)) />
                    " start the processes afresh for every run (cold)"
                </label>
                <label>
                    <input type="checkbox" id="mode-main" prop:checked=main_thread on:change=move |ev| main_thread.set(event_target_checked(&ev)) />
                    " main thread (freezes this page, like blocking code inside an event loop)"
                </label>
            </fieldset>
            <details class="faults" id="cpu-faults" class:hidden=compact>
                <summary>"fault injection"</summary>
                <p class="explain">
                    "Break a run on purpose and watch what survives. Processes have a supervisor: a process that dies is replaced "
                    "(red on the timeline) and its chunk sent once more; a chunk that kills the replacement too is reported as failed. "
                    "A panic on the thread pool kills its thread (a panic aborts in this build): the page names the task, "
                    "stops the run and gives the next run a fresh pool. The main-thread mode is refused a panic: it would end the page."
                </p>
                <div class="controls">
                    <label class="field">
                        <span>"fault"</span>
                        <select id="fault-kind" on:change=move |ev| fault_kind.set(event_target_value(&ev)) prop:value=move || fault_kind.get()>
                            {lab::faults::KINDS.iter().map(|&(k, title)| view! { <option value=k>{title}</option> }).collect_view()}
                        </select>
                    </label>
                    <Show when=move || fault_kind.get() == "panic">
                        <Field spec=lab::faults::TASK fields=fault_fields error=fault_error />
                    </Show>
                    <Show when=move || fault_kind.get() == "die">
                        <Field spec=lab::faults::PROCESS fields=fault_fields error=fault_error />
                    </Show>
                </div>
            </details>
            <RepeatFields settings=repeats prefix="cpu-" />
            <super::share::LinkNote id="cpu-link-note" notes=link_notes />
            <div class="run">
                <button id="cpu-run" on:click=move |_| { run.dispatch(false); }
                    disabled=move || running.get() || blocked() || modes().is_empty() || matches!(pool.get(), PoolState::Starting)>
                    {move || if running.get() { "Running…" } else { "Run" }}
                </button>
                {(!compact).then(|| view! {
                <button id="cpu-sweep" class="secondary" on:click=move |_| { run.dispatch(true); }
                    title="Run sequentially, then on 1, 2, … workers (threads and processes), and fit Amdahl's law"
                    disabled=move || running.get() || parsed.with(Result::is_err) || repeats.get().is_err() || matches!(pool.get(), PoolState::Starting)>
                    {format!("Sweep 1…{} workers", caps.cores)}
                </button>
                <button id="cpu-export-inputs" class="secondary" disabled=move || running.get() || !has_outputs.get()
                    title="The last run's tasks, each with its input and output, and the checksum: for checking the answers elsewhere"
                    on:click=move |_| {
                        last_outputs.with_value(|v| {
                            if let Some((key, typed, job, outputs)) = v {
                                let text = lab::export::to_inputs_json(key, typed, job, outputs);
                                if let Err(e) = super::export::download(&format!("scaling-playground-{key}-tasks.json"), "application/json", &text) {
                                    failure.set(Some(format!("could not save the tasks: {e}")));
                                }
                            }
                        });
                    }>
                    "inputs & outputs (JSON)"
                </button>
                <super::share::CopyLink id="cpu-copy-link" />
                <super::embed::EmbedButton config=query />
                })}
                {compact.then(|| view! { <super::embed::FullPageLink config=query /> })}
                <button id="cpu-stop" class="secondary" on:click=on_stop disabled=move || !running.get()
                    title="End the run: thread tasks finish the task in hand, processes are ended and replaced">
                    "Stop"
                </button>
                <EstimateLine id="cpu-estimate" estimate />
                <ProgressLine id="cpu-progress" step=progress />
                {move || failure.get().map(|f| view! { <p class="error" role="alert" id="cpu-error">{f}</p> })}
                <StopNote id="cpu-stopped" stop />
            </div>
            <Results comparison=comparison.into() name="cpu" compact />
            {(!compact).then(|| view! { <SweepChart sweep=sweep.into() cores=caps.cores /> })}
            <Picture picture />
        </section>
    }
}

/// The modes' kinds, as `lab::budget` estimates them. Without a pool
/// every mode but processes runs on the page's thread, so the budget sees
/// each as the main-thread mode (its freeze limit applies).
fn mode_names(modes: &[CpuMode], have_pool: bool) -> Vec<ModeKind> {
    modes
        .iter()
        .map(|m| match m {
            CpuMode::Processes(_) => ModeKind::Processes,
            _ if !have_pool => ModeKind::MainThread,
            _ => m.kind(),
        })
        .collect()
}

/// The Mandelbrot image the last run computed, drawn on a canvas.
#[component]
fn Picture(picture: RwSignal<Option<(Spec, Arc<Vec<u8>>)>>) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let (Some((spec, px)), Some(el)) = (picture.get(), canvas.get()) else {
            return;
        };
        el.set_width(spec.width);
        el.set_height(spec.height);
        let Ok(Some(ctx)) = el.get_context("2d") else {
            return;
        };
        let ctx: web_sys::CanvasRenderingContext2d = ctx.unchecked_into();
        // ImageData refuses views of shared memory (all wasm memory is shared
        // in a threaded build), so copy the pixels into a JS-owned array first.
        let arr = js_sys::Uint8ClampedArray::new_with_length(px.len() as u32);
        arr.copy_from(&px);
        if let Ok(img) =
            web_sys::ImageData::new_with_js_u8_clamped_array_and_sh(&arr, spec.width, spec.height)
        {
            let _ = ctx.put_image_data(&img, 0.0, 0.0);
        }
    });
    view! {
        <canvas id="picture" node_ref=canvas class:hidden=move || picture.with(Option::is_none)
            aria-label="The Mandelbrot set as computed by the last run"></canvas>
    }
}
