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

/// What a mode's run calls as its tasks finish: `report(done)` shows
/// `what: done / total unit` on `step`.
pub fn reporter(
    step: RwSignal<Option<Step>>,
    what: &str,
    total: usize,
    unit: &'static str,
) -> impl Fn(usize) + Clone + 'static {
    let what = what.to_owned();
    move |done| {
        step.set(Some(Step {
            what: what.clone(),
            done,
            total,
            unit,
        }));
    }
}
