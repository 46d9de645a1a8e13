//! A run's results: the bar chart and the table of times and checksums.

use lab::Comparison;
use lab::ModeResult;
use lab::chart::{self, BAR_HEIGHT, LABEL_WIDTH, WIDTH};
use lab::responsiveness::Responsiveness;
use lab::results::format_speedup;
use leptos::prelude::*;

/// Adds one mode's result to the run shown, then lets the page draw it
/// before the next mode is timed.
pub async fn show(comparison: RwSignal<Option<Comparison>>, r: ModeResult) {
    comparison.update(|c| c.get_or_insert_with(Comparison::default).results.push(r));
    crate::meter::settle().await;
}

/// Shows a mode's outcome: its result with how responsive the page stayed
/// meanwhile, or its error in `failure`. Returns whether the run goes on to
/// the next mode (not after an error).
pub async fn record(
    comparison: RwSignal<Option<Comparison>>,
    failure: RwSignal<Option<String>>,
    name: &str,
    outcome: Result<ModeResult, String>,
    page: Responsiveness,
) -> bool {
    match outcome {
        Ok(mut r) => {
            r.page = Some(page);
            show(comparison, r).await;
            true
        }
        Err(e) => {
            failure.set(Some(format!("{name}: {e}")));
            false
        }
    }
}

/// Bar chart (one bar per mode, labelled with time and speedup over
/// sequential), a table with every checksum, and a verdict that says loudly
/// when any mode disagrees.
#[component]
pub fn Results(comparison: Signal<Option<Comparison>>) -> impl IntoView {
    move || {
        comparison.get().filter(|c| !c.results.is_empty()).map(|c| {
            let layout = chart::layout(&c);
            let bars = layout
                .bars
                .into_iter()
                .map(|b| {
                    let mid = b.y + BAR_HEIGHT / 2.0;
                    view! {
                        <g class="bar" class:bad={!b.agrees}>
                            <text x={(LABEL_WIDTH - 8.0).to_string()} y={mid.to_string()} text-anchor="end" dominant-baseline="middle">{b.label}</text>
                            <rect x={LABEL_WIDTH.to_string()} y={b.y.to_string()} width={b.width.to_string()} height={BAR_HEIGHT.to_string()} rx="3" />
                            <text class="value" x={(LABEL_WIDTH + b.width + 6.0).to_string()} y={mid.to_string()} dominant-baseline="middle">{b.value}</text>
                        </g>
                    }
                })
                .collect_view();
            let rows = c
                .results
                .iter()
                .map(|r| {
                    let ok = c.agrees(r);
                    let speed = c.speedup(r).map(format_speedup).unwrap_or_default();
                    view! {
                        <tr data-mode=r.mode class:bad={!ok}>
                            <td class="mode">{r.label.clone()}</td>
                            <td class="time">{c.time_label(r)}</td>
                            <td class="speedup">{speed}</td>
                            <td class="checksum"><code>{r.checksum.to_string()}</code></td>
                            <td class="agrees">{if ok { "✓" } else { "✗" }}</td>
                            <td class="page">{r.page.map(|p| p.summary()).unwrap_or_default()}</td>
                            <td class="start">{r.start.map(|s| s.label(c.resolution_ms)).unwrap_or_default()}</td>
                            <td class="detail">{r.detail.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            let verdict = match (c.all_agree(), c.expected) {
                (true, Some(e)) => format!("✓ Every mode returned the expected checksum {e}."),
                (true, None) => format!("✓ All {} modes computed the same checksum.", c.results.len()),
                (false, _) => "✗ Checksums disagree: at least one mode computed a different answer.".to_owned(),
            };
            view! {
                <figure class="chart">
                    <svg viewBox={format!("0 0 {WIDTH} {}", layout.height)} role="img" aria-label="Run time per mode">
                        {bars}
                    </svg>
                    <figcaption>"Time per mode (shorter is faster); × is the speedup over the first mode."</figcaption>
                </figure>
                <p class="verdict" class:bad={!c.all_agree()} role="status">{verdict}</p>
                <table class="results">
                    <thead><tr><th>"mode"</th><th>"time"</th><th>"speedup"</th><th>"checksum"</th><th></th><th>"page"</th><th>"pool start"</th><th>"how"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    }
}
