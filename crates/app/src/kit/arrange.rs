//! The order of a panel's parts: the lab's, or the tour's.

use leptos::prelude::*;

/// A panel's parts in the lab's order (its settings, Run, the results) or,
/// in the tour (`tour`), Run first, under the step's claim and on a
/// phone's first screen, with the step's settings one click away below
/// the results. When `wrong()` (a setting keeps Run from starting: a bad
/// field, or a run the page refuses, each said beside its field), the
/// folded settings open themselves: a disabled Run with its reason out of
/// sight tells a visitor nothing (seen in a step's widget without
/// isolation, whose sequential mode would have frozen the page). They
/// are never folded for the visitor: not while they type the fix.
pub fn arrange(
    tour: bool,
    settings: AnyView,
    run: AnyView,
    results: AnyView,
    wrong: impl Fn() -> bool + Send + Sync + 'static,
) -> AnyView {
    if tour {
        let details = NodeRef::<leptos::html::Details>::new();
        Effect::new(move |_| {
            if wrong()
                && let Some(d) = details.get()
            {
                let _ = d.set_attribute("open", "");
            }
        });
        view! {
            {run}
            {results}
            <details class="settings" node_ref=details>
                <summary>"The settings of this step"</summary>
                {settings}
            </details>
        }
        .into_any()
    } else {
        view! {
            {settings}
            {run}
            {results}
        }
        .into_any()
    }
}
