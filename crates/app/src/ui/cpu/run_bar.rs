//! The CPU panel's run bar: Run, Sweep, the inputs-and-outputs export, the
//! link and embed buttons, Stop, and the lines a run leaves.

use super::super::PoolState;
use super::super::estimate::EstimateLine;
use super::super::progress::ProgressLine;
use super::super::stop::StopNote;
use super::state::Cpu;
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
    let starting = move || matches!(cpu.pool.get(), PoolState::Starting);
    let s = cpu.session;
    view! {
        <div class="run">
            <button id="cpu-run" on:click=move |_| { run.dispatch(false); }
                disabled=move || running.get() || cpu.blocked() || cpu.choice().modes().is_empty() || starting()>
                {move || if running.get() { "Running…" } else { "Run" }}
            </button>
            {(!compact).then(|| view! {
                <button id="cpu-sweep" class="secondary" on:click=move |_| { run.dispatch(true); }
                    title="Run sequentially, then on 1, 2, … workers (threads and processes), and fit Amdahl's law"
                    disabled=move || running.get() || cpu.parsed.with(Result::is_err) || cpu.repeats.get().is_err() || starting()>
                    {format!("Sweep 1…{} workers", cpu.caps.cores)}
                </button>
                <ExportInputs cpu running />
                <super::super::share::CopyLink id="cpu-copy-link" />
                <super::super::embed::EmbedButton config=query />
            })}
            {compact.then(|| view! { <super::super::embed::FullPageLink config=query /> })}
            <button id="cpu-stop" class="secondary" on:click=move |_| cpu.stop() disabled=move || !running.get()
                title="End the run: thread tasks finish the task in hand, processes are ended and replaced">
                "Stop"
            </button>
            <EstimateLine id="cpu-estimate" estimate=cpu.estimate />
            <ProgressLine id="cpu-progress" step=s.progress />
            {move || s.failure.get().map(|f| view! { <p class="error" role="alert" id="cpu-error">{f}</p> })}
            <StopNote id="cpu-stopped" stop=s.stop />
        </div>
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
                if let Err(e) = super::super::export::download(&name, "application/json", &text) {
                    cpu.session
                        .failure
                        .set(Some(format!("could not save the tasks: {e}")));
                }
            }
        });
    };
    view! {
        <button id="cpu-export-inputs" class="secondary" disabled=move || running.get() || !cpu.has_outputs.get()
            title="The last run's tasks, each with its input and output, and the checksum: for checking the answers elsewhere"
            on:click=save>
            "inputs & outputs (JSON)"
        </button>
    }
}
