//! A step's claim: the article's words and figure, what to look for in
//! the run, and why its sizes differ from the article's when they do.

use lab::tour::{STEPS, Step};
use leptos::prelude::*;

/// The step's heading, the claim quoted with its source, what to watch,
/// and the article's sizes one click away.
#[component]
pub fn Claim(step: &'static Step, index: usize) -> impl IntoView {
    let article = step.sizes.map(|why| {
        view! {
            <p class="sizes">
                {why} " " <a id="step-article-sizes" href=format!("?{}", step.lab_link(true))>
                    "Run the article's sizes in the lab"
                </a>
            </p>
        }
    });
    view! {
        <p class="step-count">{format!("Step {} of {}", index + 1, STEPS.len())}</p>
        <h2 id="step-title">{step.title}</h2>
        <blockquote class="claim">
            <p>{step.claim}</p>
            <footer>"— " <cite>{step.source}</cite></footer>
        </blockquote>
        <p class="watch">{step.watch}</p>
        {article}
    }
}
