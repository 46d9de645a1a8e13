//! The ways through the tour: the list of every step, and under a step
//! the next one, the previous one and the lab with the step's settings.

use lab::tour::{STEPS, Step};
use leptos::prelude::*;

/// Every step as a link, the current one marked; and the lab.
#[component]
pub fn StepList(index: usize) -> impl IntoView {
    let items = STEPS
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let current = (i == index).then_some("step");
            view! {
                <li>
                    <a href=format!("?{}", s.tour_link()) aria-current=current>
                        {s.title}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="tour-steps" aria-label="Tour">
            // Folded: on a phone the ten steps would push the step's Run
            // off the first screen.
            <details>
                <summary>{format!("Step {} of {}: every step", index + 1, STEPS.len())}</summary>
                <ol>{items}</ol>
            </details>
            <p>
                <a id="open-lab" href="?view=lab">
                    "Open the full lab"
                </a>
                <span class="more">" — every workload, mode and setting."</span>
            </p>
        </nav>
    }
}

/// Under the step: the next step, the previous one, this step's settings
/// in the lab, and the snippet that embeds this step in a post.
#[component]
pub fn Onward(step: &'static Step, index: usize) -> impl IntoView {
    let link = |i: usize, rel: &'static str, text: String| {
        STEPS.get(i).map(|s| {
            view! {
                <a rel=rel href=format!("?{}", s.tour_link())>
                    {text}
                </a>
            }
        })
    };
    let next = STEPS
        .get(index + 1)
        .and_then(|s| link(index + 1, "next", format!("Next: {} →", s.title)));
    let prev = index
        .checked_sub(1)
        .and_then(|i| link(i, "prev", format!("← {}", STEPS[i].title)));
    // The widget of this step: `?view=embed&step=…`.
    let embed = Memo::new(move |_| Some(vec![("step".to_owned(), step.id.to_owned())]));
    view! {
        <nav class="onward" aria-label="Tour steps">
            {prev}
            {next}
            <a id="step-in-lab" href=format!("?{}", step.lab_link(false))>
                "Open this step in the lab"
            </a>
        </nav>
        <crate::links::embed::EmbedButton id="step-embed" label="Embed this step" config=embed />
    }
}
