//! A step's claim: the article's words and figure, what to look for in
//! the run; and why its sizes differ from the article's when they do.

use lab::tour::Step;
use leptos::prelude::*;

/// The step's heading, the claim quoted with its source, and what to watch
/// (the step's number is in the list of steps above it).
#[component]
pub fn Claim(step: &'static Step) -> impl IntoView {
    view! {
        <h2 id="step-title">{step.title}</h2>
        <blockquote class="claim">
            <p>{step.claim}</p>
            <footer>"— " <cite>{step.source}</cite></footer>
        </blockquote>
        <p class="watch">{step.watch}</p>
    }
}

/// Why the step's sizes are not the article's, when they are not, and
/// the article's one click away (under the run: the claim and Run come
/// first).
#[component]
pub fn Sizes(step: &'static Step) -> impl IntoView {
    step.sizes.map(|why| {
        view! {
            <p class="sizes">
                {why} " " <a id="step-article-sizes" href=format!("?{}", step.lab_link(true))>
                    "Run the article's sizes in the lab"
                </a>
            </p>
        }
    })
}
