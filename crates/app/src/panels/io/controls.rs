//! The I/O panel's controls: the modes, the endpoint, and the failing
//! network.

use super::state::Io;
use crate::kit::field::{Field, FieldError};
use lab::form::EndpointChoice;
use lab::link::{IO_DEFAULT_THREADS, IO_MAX_THREADS};
use lab::panel::io::SWITCH_INTERVAL_MS;
use lab::{ModeKind, form};
use leptos::prelude::*;

/// The modes: sequential, blocking threads ×n (with and without a GIL),
/// processes ×n, async.
#[component]
pub fn IoModes(io: Io) -> impl IntoView {
    let (threads, processes) = (io.threads, io.processes);
    let max_processes = crate::session::pools::MAX_PROCESSES.max(io.caps.cores);
    let (t0, p0) = (threads.get_untracked(), processes.get_untracked());
    // Greyed out (but still ticked) where threads cannot share the page's memory.
    let no_threads = Signal::stored(!io.caps.threads());
    let tick = move |kind, disabled| io.ticks.tick(kind, "io-", disabled);
    let never = Signal::stored(false);
    view! {
        <fieldset class="modes">
            <legend>"modes"</legend>
            <label>{tick(ModeKind::Sequential, never)}" sequential"</label>
            <label>
                {tick(ModeKind::Threads, no_threads)}" threads ×"
                <select
                    id="io-threads"
                    aria-label="number of threads"
                    on:change=move |ev| {
                        threads.set(event_target_value(&ev).parse().unwrap_or(IO_DEFAULT_THREADS))
                    }
                    prop:disabled=!io.caps.threads()
                >
                    {(1..=IO_MAX_THREADS)
                        .map(|k| {
                            view! {
                                <option value={k.to_string()} selected={k == t0}>
                                    {k}
                                </option>
                            }
                        })
                        .collect_view()}
                </select> " ("<code>"ThreadPoolExecutor"</code>")"
            </label>
            <label>
                {tick(ModeKind::Gil, no_threads)}
                {format!(
                    " the same threads + GIL (released while waiting; switch interval {SWITCH_INTERVAL_MS} ms)",
                )}
            </label>
            <label>
                {tick(ModeKind::Processes, never)}" processes ×"
                <select
                    id="io-processes"
                    aria-label="number of processes"
                    on:change=move |ev| processes.set(event_target_value(&ev).parse().unwrap_or(1))
                >
                    {(1..=max_processes)
                        .map(|k| {
                            view! {
                                <option value={k.to_string()} selected={k == p0}>
                                    {k}
                                </option>
                            }
                        })
                        .collect_view()}
                </select> " ("<code>"multiprocessing.Pool"</code>")"
            </label>
            <label>{tick(ModeKind::Async, never)}" async"</label>
        </fieldset>
    }
}

/// The endpoint: the in-page one, the delay server, sharded, or a URL.
#[component]
pub fn EndpointControls(io: Io) -> impl IntoView {
    let choice = io.endpoint_choice;
    let url_error = Signal::derive(move || io.chosen.get().err());
    view! {
        <div class="controls">
            <label class="field">
                <span>"endpoint"</span>
                <select
                    id="io-endpoint-choice"
                    on:change=move |ev| {
                        if let Some(c) = EndpointChoice::from_key(&event_target_value(&ev)) {
                            choice.set(c);
                        }
                    }
                    prop:value=move || choice.get().key()
                >
                    {EndpointChoice::ALL
                        .iter()
                        .map(|c| view! { <option value=c.key()>{c.label()}</option> })
                        .collect_view()}
                </select>
            </label>
            <Show when=move || choice.get() != EndpointChoice::InPage>
                <Field spec=form::ENDPOINT_URL fields=io.url_fields error=url_error />
            </Show>
        </div>
        <p class="endpoint" id="io-endpoint">
            {move || io.endpoint_text()}
        </p>
    }
}

/// The failing network: what the endpoint injects into what share of the
/// attempts, how late a slow answer comes, and the client's retries and
/// timeout. Closed unless a fault is chosen (as from a link).
#[component]
pub fn FailingNetwork(
    fields: RwSignal<lab::Fields>,
    error: Signal<Option<kernels::ParamError>>,
) -> impl IntoView {
    let kind = move || fields.with(|f| f.get(form::FAIL.key).cloned().unwrap_or_default());
    let open = kind() != "none";
    let rest = &form::IO_FIELDS[form::IO_FIELDS.len() - form::IO_FAULT_FIELDS + 1..];
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
                    <select
                        id="field-fail"
                        name="fail"
                        prop:value=kind
                        on:change=move |ev| {
                            fields
                                .update(|f| {
                                    f.insert(form::FAIL.key, event_target_value(&ev));
                                })
                        }
                    >
                        {kernels::io::FaultKind::ALL
                            .iter()
                            .map(|&(_, k, title)| view! { <option value=k>{title}</option> })
                            .collect_view()}
                    </select>
                    <FieldError key=form::FAIL.key error />
                </label>
                {rest.iter().map(|&spec| view! { <Field spec fields error /> }).collect_view()}
            </div>
        </details>
    }
}
