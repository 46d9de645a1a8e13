//! The CPU lab: pick a workload, run it sequentially, on threads (with
//! and without a GIL), on processes and on the page's own thread.
//!
//! `state` holds the panel's signals and reads them into `lab`'s
//! [`CpuChoice`](lab::panel::CpuChoice), `run` is what Run and Sweep do,
//! and the rest are the views.

mod controls;
mod picture;
mod run;
mod run_bar;
mod state;

use crate::browser::caps::Caps;
use crate::browser::meter::Meter;
use crate::kit::arrange::arrange;
use crate::page::PoolState;
use crate::report::results::Results;
use crate::report::sweep::SweepChart;
use crate::session::pools;
use controls::{CpuFaults, CpuModes, WorkloadControls};
use lab::form;
use lab::link::CpuConfig;
use leptos::prelude::*;
use picture::Picture;
use run_bar::CpuRunBar;
use state::Cpu;

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
    /// Link pairs to start from instead of the page's address (a tour
    /// step's). Changes are kept in the address bar all the same, beside
    /// the step, so "Copy link" copies the step as it now stands.
    #[prop(optional)]
    settings: Option<Vec<(String, String)>>,
    /// In the tour: Run first, the settings below the results.
    #[prop(optional)]
    tour: bool,
) -> impl IntoView {
    let pairs = settings.unwrap_or_else(crate::links::share::query_pairs);
    // The link's configuration over the defaults (main thread off, warm
    // processes), with a note for whatever in it could not be used.
    let (cfg, link_notes) = CpuConfig::from_query(&pairs, caps.cores, pools::MAX_PROCESSES);
    let cpu = Cpu::new(caps, pool, &cfg);
    let query = Memo::new(move |_| cpu.config().map(|c| c.to_query(caps.cores)));
    crate::links::share::keep_in_address_bar("cpu-", query);
    // One action for Run and Sweep (`true`): same inputs, repetitions and checks.
    let run = Action::new_local(move |&sweeping: &bool| run::run(cpu, sweeping, meter.clone()));
    let title = move || {
        let key = cpu.workload.get();
        form::WORKLOADS
            .iter()
            .find(|w| w.0 == key)
            .map(|w| w.1)
            .unwrap_or_default()
    };
    let controls = view! {
        <p class="explain" class:hidden=compact>
            "The same tasks, one after another on one worker thread, then shared by a pool of threads "
            "(threads with no lock in the way, as free-threaded CPython has them), then by the same threads "
            "taking turns under one global interpreter lock, as CPython threads must."
        </p>
        <WorkloadControls cpu compact />
        <CpuModes cpu />
        <CpuFaults cpu compact />
        <crate::kit::repeats::RepeatFields settings=cpu.repeats prefix="cpu-" />
        <crate::links::share::LinkNote id="cpu-link-note" notes=link_notes />
    }
    .into_any();
    let run_bar = view! { <CpuRunBar cpu run query compact /> }.into_any();
    let results = view! {
        <Results comparison=cpu.comparison.into() name="cpu" compact />
        {(!compact).then(|| view! { <SweepChart sweep=cpu.sweep.into() cores=caps.cores /> })}
        <Picture picture=cpu.picture />
    }
    .into_any();
    view! {
        <section class="panel" id="cpu" aria-labelledby="cpu-title">
            <h2 id="cpu-title">
                // The widget has no picker: say which workload it runs.
                "CPU-bound"
                {compact
                    .then(|| {
                        view! {
                            ": "
                            <span id="cpu-workload-title">{title}</span>
                        }
                    })}
            </h2>
            {arrange(tour, controls, run_bar, results, move || cpu.blocked())}
        </section>
    }
}
