//! Where each I/O mode's time went along its last answer: one stacked bar
//! per mode, its parts ([`lab::results::breakdown`]) adding up to the run's time.

use lab::results::breakdown::Breakdown;
use lab::results::format_ms;
use lab::{Comparison, ModeKind};
use leptos::prelude::*;

/// One bar per shown mode whose last run has a timeline with requests,
/// each part as wide as its share of that run, named and timed in words
/// beside it (the bar is a picture of the words, not their only form).
#[component]
pub fn Breakdowns(comparison: Signal<Option<Comparison>>) -> impl IntoView {
    move || {
        comparison.with(|c| {
            let c = c.as_ref()?;
            let rows: Vec<_> = c
                .shown()
                .filter_map(|r| {
                    let b = Breakdown::of(r.timeline.as_ref()?)?;
                    Some(row(r.mode, &r.label, &b, c.resolution_ms))
                })
                .collect();
            (!rows.is_empty()).then(|| {
                view! {
                    <section
                        class="breakdowns"
                        aria-label="Where each mode's time went, along its last answer"
                    >
                        <h3>"Along the last answer: where each run's time went"</h3>
                        {rows}
                        <p class="help">
                            "Each bar is one mode's last run, followed along the request whose answer came last: "
                            "every part is the difference of two instants measured in that run (the page's clock for "
                            "sending and reading, the browser's Resource Timing for going out and the first byte back), "
                            "so the parts add up to the run's time. The words list the parts in the bar's order, left to right."
                        </p>
                    </section>
                }
            })
        })
    }
}

/// One mode's bar and its parts in words.
fn row(mode: ModeKind, label: &str, b: &Breakdown, resolution: f64) -> impl IntoView + use<> {
    let ms = |v: f64| format_ms(v, resolution);
    let total = b.total();
    let parts: Vec<_> = b.parts.iter().filter(|p| p.ms > 0.0).collect();
    let said = parts
        .iter()
        .map(|p| format!("{} {}", ms(p.ms), p.what))
        .collect::<Vec<_>>()
        .join(" + ");
    let bar = parts
        .iter()
        .map(|p| {
            let width = format!("width: {:.3}%", 100.0 * p.ms / total.max(f64::MIN_POSITIVE));
            view! {
                <span
                    class=format!("part {}", p.key)
                    style=width
                    data-ms=p.ms.to_string()
                    title=format!("{}: {}", p.what, ms(p.ms))
                ></span>
            }
        })
        .collect_view();
    view! {
        <figure class="breakdown" data-mode=mode.key() data-total-ms=total.to_string()>
            <figcaption>{format!("{label}: {} along request {}", ms(total), b.request)}</figcaption>
            <div class="stack" aria-hidden="true">
                {bar}
            </div>
            <p>{format!("= {said}")}</p>
        </figure>
    }
}
