//! The tour: the seed articles' experiments one at a time (`lab::tour`).
//! A step is its own address (`?step=…`): the claim with the article's
//! figure, the panel set up to test it (results, lessons and timelines as
//! in the lab), and links to the steps around it, the lab and the
//! article's own sizes. Moving to another step loads its address, so
//! every step starts from a fresh page, as its share link does.

mod claim;
mod nav;

pub use claim::Claim;

use crate::browser::caps::Caps;
use crate::browser::meter::Meter;
use crate::page::PoolState;
use lab::tour::{Panel, STEPS, Step};
use leptos::prelude::*;

/// The tour at step `index`: the list of steps, the step, the way on.
#[component]
pub fn Tour(
    index: usize,
    caps: Caps,
    pool: Signal<PoolState>,
    endpoint: Signal<Option<Result<(), String>>>,
    meter: Meter,
) -> impl IntoView {
    let step = &STEPS[index.min(STEPS.len() - 1)];
    view! {
        <nav::StepList index />
        <main>
            <article class="tour-step" aria-labelledby="step-title">
                <Claim step />
                <StepPanel step caps pool endpoint meter compact=false />
                <claim::Sizes step />
                <nav::Onward step index />
            </article>
        </main>
    }
}

/// The panel that runs `step`, set up with its settings; `compact` in the
/// widget (the CPU panel's compact form).
#[component]
pub fn StepPanel(
    step: &'static Step,
    caps: Caps,
    pool: Signal<PoolState>,
    endpoint: Signal<Option<Result<(), String>>>,
    meter: Meter,
    compact: bool,
) -> impl IntoView {
    // The step's settings, or the ones its address holds: a step changed
    // in the tour keeps its panel's whole configuration in the address (as
    // the lab does), so a copied link opens the step as it was left.
    let prefix = step.panel.prefix();
    let own: Vec<(String, String)> = crate::links::share::query_pairs()
        .into_iter()
        .filter(|(k, _)| k.starts_with(prefix))
        .collect();
    let settings = if own.is_empty() { step.query() } else { own };
    // Run comes first, under the claim, in the tour and in a step's widget
    // (whose frame is 640 px tall until it grows): the settings are one
    // click away, below the results.
    let tour = true;
    match step.panel {
        Panel::Cpu => {
            view! { <crate::panels::cpu::CpuPanel caps pool meter compact settings tour /> }
                .into_any()
        }
        Panel::Io => {
            view! { <crate::panels::io::IoPanel caps endpoint meter settings tour /> }.into_any()
        }
        Panel::Hybrid => {
            view! { <crate::panels::hybrid::HybridPanel caps pool endpoint meter settings tour /> }
                .into_any()
        }
    }
}
