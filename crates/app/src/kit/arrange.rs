//! The order of a panel's parts: the lab's, or the tour's.

use leptos::prelude::*;

/// A panel's parts in the lab's order (its settings, Run, the results) or,
/// in the tour (`tour`), Run first, under the step's claim and on a
/// phone's first screen, with the step's settings one click away below
/// the results.
pub fn arrange(tour: bool, settings: AnyView, run: AnyView, results: AnyView) -> AnyView {
    if tour {
        view! {
            {run}
            {results}
            <details class="settings">
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
