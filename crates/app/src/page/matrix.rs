//! The mode × work grid: which lessons the page can run, and their Python twins.

use lab::matrix::{Cell, MATRIX};
use leptos::prelude::*;

/// A table of every mode against CPU-bound, I/O-bound and hybrid work, from `lab::matrix`.
#[component]
pub fn Matrix() -> impl IntoView {
    let cell = |c: Cell| view! { <span class:runs={c == Cell::Runs}>{c.label()}</span> };
    view! {
        <details class="matrix" id="matrix">
            <summary>"The matrix: modes × work, and what each mirrors in Python"</summary>
            <table>
                <thead>
                    <tr>
                        <th>"mode"</th>
                        <th>"CPU-bound"</th>
                        <th>"I/O-bound"</th>
                        <th>"fetch + compute"</th>
                        <th>"in Python"</th>
                    </tr>
                </thead>
                <tbody>
                    {MATRIX
                        .iter()
                        .map(|r| {
                            view! {
                                <tr data-mode=r.kind.key()>
                                    <td data-label="mode">{r.kind.name()}</td>
                                    <td class="cpu" data-label="CPU-bound">
                                        {cell(r.cpu)}
                                    </td>
                                    <td class="io" data-label="I/O-bound">
                                        {cell(r.io)}
                                    </td>
                                    <td class="hybrid" data-label="fetch + compute">
                                        {cell(r.hybrid)}
                                    </td>
                                    <td class="python" data-label="in Python">
                                        {r.python}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </details>
    }
}
