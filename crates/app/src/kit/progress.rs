//! The progress line under a Run button.

use lab::results::Step;
use leptos::prelude::*;

/// A progress bar and its text while a run is under way; nothing otherwise.
#[component]
pub fn ProgressLine(id: String, step: RwSignal<Option<Step>>) -> impl IntoView {
    move || {
        let id = id.clone();
        step.get().map(|s| {
            let (done, total) = (s.done.to_string(), s.total.max(1).to_string());
            view! {
                <span class="progress" role="status" id=id>
                    <progress max=total value=done></progress>
                    " "
                    {s.to_string()}
                </span>
            }
        })
    }
}
