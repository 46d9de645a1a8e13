//! The CPU panel's run bar: the shared one, with Sweep, the
//! inputs-and-outputs export, and the link and embed buttons.

use super::state::Cpu;
use crate::kit::run_bar::RunBar;
use leptos::prelude::*;

/// The buttons and lines under the controls; `run` is the panel's action
/// (its input: Sweep rather than Run), `query` the link to this setup.
#[component]
pub fn CpuRunBar(
    cpu: Cpu,
    run: Action<bool, ()>,
    query: Memo<Option<Vec<(String, String)>>>,
    compact: bool,
) -> impl IntoView {
    let running = run.pending();
    // Not while the pool starts: a click then waits for it (see `run`).
    let blocked = move || cpu.blocked() || cpu.choice().modes().is_empty();
    view! {
        <RunBar
            panel="cpu"
            session=cpu.session
            running=running.into()
            blocked
            run=move |()| {
                run.dispatch(false);
            }
            on_stop=move |()| cpu.cancel()
            stop_title="End the run: thread tasks finish the task in hand, processes are ended and replaced"
            estimate=cpu.estimate
        >
            {(!compact)
                .then(|| {
                    view! {
                        <button
                            id="cpu-sweep"
                            class="secondary"
                            on:click=move |_| {
                                run.dispatch(true);
                            }
                            title="Run sequentially, then on 1, 2, … workers (threads and processes), and fit Amdahl's law"
                            disabled=move || {
                                running.get() || cpu.parsed.with(Result::is_err)
                                    || cpu.repeats.get().is_err()
                            }
                        >
                            {format!("Sweep 1…{} workers", cpu.caps.cores)}
                        </button>
                        <ExportInputs cpu running />
                        <crate::links::share::CopyLink id="cpu-copy-link" />
                        <crate::links::embed::EmbedButton id="cpu-embed" config=query />
                    }
                })}
            {compact.then(|| view! { <crate::links::embed::FullPageLink config=query /> })}
        </RunBar>
    }
}

/// Saves the last run's tasks, each with its input and output, and the
/// checksum: for checking the answers elsewhere.
#[component]
fn ExportInputs(cpu: Cpu, running: Memo<bool>) -> impl IntoView {
    let save = move |_| {
        cpu.last_outputs.with_value(|v| {
            if let Some((key, typed, job, outputs)) = v {
                let text = lab::export::to_inputs_json(key, typed, job, outputs);
                let name = format!("scaling-playground-{key}-tasks.json");
                if let Err(e) = crate::report::export::download(&name, "application/json", &text) {
                    cpu.session
                        .failure
                        .set(Some(format!("could not save the tasks: {e}")));
                }
            }
        });
    };
    view! {
        <button
            id="cpu-export-inputs"
            class="secondary"
            disabled=move || running.get() || !cpu.has_outputs.get()
            title="The last run's tasks, each with its input and output, and the checksum: for checking the answers elsewhere"
            on:click=save
        >
            "inputs & outputs (JSON)"
        </button>
    }
}
