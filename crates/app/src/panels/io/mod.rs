//! The I/O lab: N slow requests, one after another, on blocking threads
//! (with and without a GIL), on processes, or all at once.
//!
//! `state` holds the panel's signals and reads them into `lab`'s
//! [`IoChoice`](lab::panel::IoChoice), `run` is what Run does, and
//! `controls` are the views of its choices.

mod controls;
mod run;
mod state;

use crate::browser::caps::Caps;
use crate::browser::meter::Meter;
use crate::kit::arrange::arrange;
use crate::kit::estimate::first_error;
use crate::kit::field::Field;
use crate::kit::repeats::RepeatFields;
use crate::kit::run_bar::RunBar;
use crate::report::results::Results;
use crate::session::pools;
use controls::{EndpointControls, FailingNetwork, IoModes};
use lab::form;
use lab::link::IoConfig;
use leptos::prelude::*;
use state::Io;

/// Request count, latency and async limit; the modes; the endpoint; Run;
/// progress; results with the checksum every run must reach.
#[component]
pub fn IoPanel(
    caps: Caps,
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
    let (cfg, link_notes) = IoConfig::from_query(&pairs, caps.cores, pools::MAX_PROCESSES);
    let io = Io::new(caps, endpoint, &cfg);
    let query = Memo::new(move |_| io.query());
    crate::links::share::keep_in_address_bar("io-", query);
    let run = Action::new_local(move |_: &()| run::run(io, meter.clone()));
    let running = run.pending().into();
    let error = first_error(move || io.parsed.get().err(), io.estimate);
    let fields = io.fields;
    let s = io.session;
    let basic = &form::IO_FIELDS[..form::IO_FIELDS.len() - form::IO_FAULT_FIELDS];
    let controls = view! {
        <p class="explain">
            "Requests that each wait for a slow answer: awaited one by one; spread over threads that each block "
            "in one request (with and without a GIL, which a waiting thread releases); spread over processes; "
            "then all in flight on the browser's event loop (Python: " <code>"asyncio.gather"</code>
            ", with " <code>"asyncio.Semaphore"</code> " as the limit)."
        </p>
        <div class="controls">
            {basic.iter().map(|&spec| view! { <Field spec fields error /> }).collect_view()}
        </div>
        <FailingNetwork fields error />
        <IoModes io />
        <EndpointControls io />
        <RepeatFields settings=io.repeats prefix="io-" />
        <crate::links::share::LinkNote id="io-link-note" notes=link_notes />
    }
    .into_any();
    let run_bar = view! {
        <RunBar
            panel="io"
            session=s
            running
            blocked=move || io.blocked()
            run=move |()| {
                run.dispatch(());
            }
            on_stop=|()| {}
            stop_title="End the run: fetches in flight are aborted, queued requests skipped, processes ended"
            estimate=io.estimate
        >
            <crate::links::share::CopyLink id="io-copy-link" />
        </RunBar>
    }
    .into_any();
    let results = view! { <Results comparison=io.comparison.into() name="io" /> }.into_any();
    view! {
        <section class="panel" id="io" aria-labelledby="io-title">
            <h2 id="io-title">"I/O-bound"</h2>
            {arrange(
                tour,
                controls,
                run_bar,
                results,
                move || error.with(Option::is_some) || io.repeats.get().is_err(),
            )}
        </section>
    }
}
