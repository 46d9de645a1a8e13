//! The CPU panel's controls: the workload and its fields, the modes, and
//! the fault-injection box.

use super::state::Cpu;
use crate::kit::field::Field;
use lab::faults::FaultKind;
use lab::{ModeKind, form};
use leptos::prelude::*;

/// The workload picker (hidden in the widget) and the workload's fields.
#[component]
pub fn WorkloadControls(cpu: Cpu, compact: bool) -> impl IntoView {
    let error = crate::kit::estimate::first_error(move || cpu.parsed.get().err(), cpu.estimate);
    let fields = cpu.fields;
    view! {
        <div class="controls">
            <label class="field" class:hidden=compact>
                <span>"workload"</span>
                <select
                    id="workload"
                    on:change=move |ev| cpu.pick(event_target_value(&ev))
                    prop:value=move || cpu.workload.get()
                >
                    {form::WORKLOADS
                        .iter()
                        .map(|&(k, title)| view! { <option value=k>{title}</option> })
                        .collect_view()}
                </select>
            </label>
            {move || {
                form::fields(&cpu.workload.get())
                    .iter()
                    .map(|&spec| view! { <Field spec fields error /> })
                    .collect_view()
            }}
        </div>
        {(!compact).then(|| view! { <ArticleSizes cpu /> })}
    }
}

/// Where the page's sizes are not the article's: why, and a button that
/// puts the article's in the fields.
#[component]
fn ArticleSizes(cpu: Cpu) -> impl IntoView {
    move || {
        let key = cpu.workload.get();
        let why = form::why_not_the_articles(&key)?;
        let article = kernels::Workload::article_for(&key).map(|w| form::to_fields(&w))?;
        let theirs = article.clone();
        let current = Signal::derive(move || cpu.fields.with(|f| *f == article));
        Some(view! {
            <p class="sizes">
                {why} " "
                <button
                    id="cpu-article-sizes"
                    class="secondary"
                    on:click=move |_| cpu.fields.set(theirs.clone())
                    disabled=current
                >
                    "Use the article's sizes"
                </button>
            </p>
        })
    }
}

/// A count from 1 to `max`, started at `value`'s value. `label` is its
/// name for screen readers: it sits inside its mode's label, which names
/// the tick box.
#[component]
fn Count(
    id: &'static str,
    label: &'static str,
    value: RwSignal<usize>,
    max: usize,
    #[prop(optional)] disabled: Option<Signal<bool>>,
) -> impl IntoView {
    view! {
        <select
            id=id
            aria-label=label
            on:change=move |ev| value.set(event_target_value(&ev).parse().unwrap_or(1))
            prop:disabled=move || disabled.is_some_and(|d| d.get())
        >
            {(1..=max)
                .map(|k| {
                    view! {
                        <option value={k.to_string()} selected={k == value.get_untracked()}>
                            {k}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// The modes: sequential, threads ×n, threads + GIL with its interval,
/// processes ×n (warm or cold), the main thread.
#[component]
pub fn CpuModes(cpu: Cpu) -> impl IntoView {
    let no_pool = Signal::derive(move || cpu.pool.get().threads().is_none());
    let tick = move |kind, disabled| cpu.ticks.tick(kind, "", disabled);
    let never = Signal::stored(false);
    let gil_error = Signal::derive(move || cpu.switch_ms.get().err());
    let cold = cpu.cold;
    view! {
        <fieldset class="modes">
            <legend>"modes"</legend>
            <label>{tick(ModeKind::Sequential, never)}" sequential"</label>
            <label>
                {tick(ModeKind::Threads, no_pool)}" threads ×"
                <Count
                    id="workers"
                    label="number of threads"
                    value=cpu.workers
                    max=cpu.caps.cores
                    disabled=no_pool
                />
            </label>
            <label>
                {tick(ModeKind::Gil, no_pool)} " threads + GIL (CPython's "<code>"threading"</code>
                ")"
            </label>
            <Field spec=form::SWITCH_INTERVAL fields=cpu.gil_fields error=gil_error />
            <label>
                {tick(ModeKind::Processes, never)}" processes ×"
                <Count
                    id="process-count"
                    label="number of processes"
                    value=cpu.processes
                    max=cpu.max_processes()
                /> " (" <code>"multiprocessing.Pool"</code> ")"
            </label>
            <label>
                <input
                    type="checkbox"
                    id="process-cold"
                    prop:checked=cold
                    on:change=move |ev| cold.set(event_target_checked(&ev))
                />
                " start the processes afresh for every run (cold)"
            </label>
            <label>
                {tick(ModeKind::MainThread, never)}
                " main thread (freezes this page, like blocking code inside an event loop)"
            </label>
        </fieldset>
    }
}

/// Break a run on purpose: a task that panics, or a process that dies.
#[component]
pub fn CpuFaults(cpu: Cpu, compact: bool) -> impl IntoView {
    let (kind, fields) = (cpu.fault_kind, cpu.fault_fields);
    let error = Signal::derive(move || cpu.fault.get().err());
    view! {
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
                    <select
                        id="fault-kind"
                        on:change=move |ev| {
                            if let Some(k) = FaultKind::from_key(&event_target_value(&ev)) {
                                kind.set(k);
                            }
                        }
                        prop:value=move || kind.get().key()
                    >
                        {FaultKind::ALL
                            .iter()
                            .map(|k| view! { <option value=k.key()>{k.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <Show when=move || kind.get() == FaultKind::Panic>
                    <Field spec=lab::faults::TASK fields error />
                </Show>
                <Show when=move || kind.get() == FaultKind::Die>
                    <Field spec=lab::faults::PROCESS fields error />
                </Show>
            </div>
        </details>
    }
}
