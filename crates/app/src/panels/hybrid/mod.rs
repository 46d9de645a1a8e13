//! The hybrid lab: fetch N items, compute on each, arranged four ways.
//!
//! `state` holds the panel's signals and reads them into `lab`'s
//! [`HybridChoice`](lab::panel::HybridChoice); `run` is what Run does.

mod run;
mod state;

use crate::browser::caps::Caps;
use crate::browser::meter::Meter;
use crate::kit::arrange::arrange;
use crate::kit::estimate::first_error;
use crate::kit::field::Field;
use crate::kit::repeats::RepeatFields;
use crate::kit::run_bar::RunBar;
use crate::page::PoolState;
use crate::report::results::Results;
use lab::link::HybridConfig;
use lab::{ModeKind, form};
use leptos::prelude::*;
use state::HybridPanelState;

/// Items, latency and work per item; the four arrangements; Run; results.
#[component]
pub fn HybridPanel(
    caps: Caps,
    pool: Signal<PoolState>,
    endpoint: Signal<Option<Result<(), String>>>,
    meter: Meter,
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
    // The link's configuration over the defaults, with a note for whatever
    // in it could not be used.
    let (cfg, link_notes) = HybridConfig::from_query(&pairs);
    let hy = HybridPanelState::new(caps, pool, endpoint, &cfg);
    let query = Memo::new(move |_| hy.query());
    crate::links::share::keep_in_address_bar("hybrid-", query);
    let run = Action::new_local(move |_: &()| run::run(hy, meter.clone()));
    let running = run.pending().into();
    let error = first_error(move || hy.parsed.get().err(), hy.estimate);
    let fields = hy.fields;
    let s = hy.session;
    let controls = view! {
        <p class="explain">
            "Each item is fetched (I/O) and then worked on (CPU), and the work depends on what came back. "
            "One by one; every fetch at once and then every computation; or every fetch at once with each item "
            "handed to a pool of threads or processes the moment it lands (Python: "
            <code>"loop.run_in_executor"</code>"), so computing overlaps waiting."
        </p>
        <div class="controls">
            {form::HYBRID_FIELDS
                .iter()
                .map(|&spec| view! { <Field spec fields error prefix="hybrid-" /> })
                .collect_view()}
        </div>
        <HybridModes hy />
        <p class="endpoint">"endpoint: the in-page service worker"</p>
        <RepeatFields settings=hy.repeats prefix="hybrid-" />
        <crate::links::share::LinkNote id="hybrid-link-note" notes=link_notes />
    }
    .into_any();
    let run_bar = view! {
        <RunBar
            panel="hybrid"
            session=s
            running
            blocked=move || hy.blocked()
            run=move |()| {
                run.dispatch(());
            }
            on_stop=|()| {}
            stop_title="End the run: fetches in flight are aborted, processes ended"
            estimate=hy.estimate
        >
            <crate::links::share::CopyLink id="hybrid-copy-link" />
        </RunBar>
    }
    .into_any();
    let results = view! { <Results comparison=hy.comparison.into() name="hybrid" /> }.into_any();
    view! {
        <section class="panel" id="hybrid" aria-labelledby="hybrid-title">
            <h2 id="hybrid-title">"Fetch, then compute"</h2>
            {arrange(
                tour,
                controls,
                run_bar,
                results,
                move || error.with(Option::is_some) || hy.repeats.get().is_err(),
            )}
        </section>
    }
}

/// The four arrangements.
#[component]
fn HybridModes(hy: HybridPanelState) -> impl IntoView {
    let no_pool = Signal::derive(move || hy.pool.get().threads().is_none());
    let tick = move |kind, disabled| hy.ticks.tick(kind, "hybrid-", disabled);
    let never = Signal::stored(false);
    view! {
        <fieldset class="modes">
            <legend>"modes"</legend>
            <label>{tick(ModeKind::Sequential, never)}" sequential"</label>
            <label>{tick(ModeKind::Async, never)}" async fetch, then compute"</label>
            <label>{tick(ModeKind::Threads, no_pool)}" async fetch → thread pool"</label>
            <label>
                {tick(ModeKind::Processes, never)}
                {format!(" async fetch → {} processes", hy.caps.cores)}
            </label>
        </fieldset>
    }
}
