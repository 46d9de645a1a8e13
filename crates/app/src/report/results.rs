//! A run's results: the bar chart, the table of times and checksums, the
//! verdict, and (on the full page) the exports, lessons and timelines.

use crate::report::breakdown::Breakdowns;
use crate::report::export::ExportBar;
use crate::report::timeline::Timelines;
use lab::layout::chart::{self, BAR_HEIGHT, LABEL_WIDTH, WIDTH};
use lab::lessons::{self, Seed};
use lab::results::FailedMode;
use lab::{Comparison, ModeResult};
use leptos::prelude::*;

/// Bar chart (one bar per mode at its median, a whisker from the fastest
/// to the slowest sample, a dot per sample, the baseline's median as a
/// reference line), a table with every figure and checksum, and a verdict
/// that says loudly when any mode disagrees.
#[component]
pub fn Results(
    comparison: Signal<Option<Comparison>>,
    /// The panel's name, for exported files (`cpu`, `io`, `hybrid`).
    name: &'static str,
    /// The embed widget's view: the chart, the verdict and the key figures
    /// (median, range, speedup, checksum); no exports, lessons or timelines.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    // Off by default: the pool's start is a one-off that a long-lived
    // program pays once; a script pays it every time it runs.
    let count_start = RwSignal::new(false);
    let has_start = Memo::new(move |_| {
        comparison.with(|c| {
            c.as_ref()
                .is_some_and(|c| c.shown().any(|r| r.start.is_some()))
        })
    });
    // What is drawn and exported: the run as measured, or with pool starts counted.
    let drawn = Memo::new(move |_| {
        comparison
            .get()
            .filter(|c| c.shown().next().is_some() || !c.failed.is_empty())
            .map(|c| {
                if count_start.get() && has_start.get() {
                    c.counting_start()
                } else {
                    c
                }
            })
    });
    move || {
        let toggle = (has_start.get() && !compact).then(|| {
            view! {
                <label class="count-start">
                    <input
                        type="checkbox"
                        class="count-start"
                        prop:checked=count_start
                        on:change=move |ev| count_start.set(event_target_checked(&ev))
                    />
                    " count each pool's start in every run's time (as a script that starts its pool each time pays it)"
                </label>
            }
        });
        let results = drawn.get().map(|c| {
            let verdict = c.verdict();
            view! {
                {bar_chart(&c)}
                // One live region: a screen reader hears the verdict and
                // every mode's figures when a run ends.
                <div role="status" class="outcome">
                    <p class="verdict" class:bad={!verdict.ok}>
                        {verdict.text}
                    </p>
                    <p class="figures">{c.figures()}</p>
                </div>
                {(!compact).then(|| view! { <ExportBar comparison=drawn.into() name /> })}
                {table(&c, compact)}
                {(!compact)
                    .then(|| {
                        view! {
                            {lessons_list(&c)}
                            <Breakdowns comparison />
                            <Timelines comparison />
                        }
                    })}
            }
        });
        view! {
            {toggle}
            {results}
        }
    }
}

/// The bar chart, with its caption.
fn bar_chart(c: &Comparison) -> impl IntoView + use<> {
    let layout = chart::layout(c);
    let left = |x: f64| (LABEL_WIDTH + x).to_string();
    let reference = layout.reference.map(|x| {
        view! { <line class="reference" x1=left(x) x2=left(x) y1="0" y2={layout.height.to_string()} /> }
    });
    let bars = layout
        .bars
        .into_iter()
        .map(|b| {
            let mid = b.y + BAR_HEIGHT / 2.0;
            let dots = b
                .samples
                .iter()
                .map(|&x| view! { <circle class="sample" cx=left(x) cy={mid.to_string()} r="2.5" /> })
                .collect_view();
            view! {
                <g class="bar" class:bad={!b.agrees}>
                    <text
                        x={(LABEL_WIDTH - 8.0).to_string()}
                        y={mid.to_string()}
                        text-anchor="end"
                        dominant-baseline="middle"
                    >
                        {b.label}
                    </text>
                    <rect
                        x=left(0.0)
                        y={b.y.to_string()}
                        width={b.width.to_string()}
                        height={BAR_HEIGHT.to_string()}
                        rx="3"
                    />
                    <line
                        class="whisker"
                        x1=left(b.whisker.0)
                        x2=left(b.whisker.1)
                        y1={mid.to_string()}
                        y2={mid.to_string()}
                    />
                    {dots}
                    <text
                        class="value"
                        x=left(b.width.max(b.whisker.1) + 6.0)
                        y={mid.to_string()}
                        dominant-baseline="middle"
                    >
                        {b.value}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg
                viewBox={format!("0 0 {WIDTH} {}", layout.height)}
                role="img"
                aria-label="Median time per mode, with every sample"
            >
                {reference}
                {bars}
            </svg>
            <figcaption>
                "Median time per mode (shorter is faster): the whisker spans the fastest to the slowest run, a dot is one run, "
                "the line is the first mode's median. × is the speedup over the first mode, a ratio of medians."
                {c.start_counted.then_some(" Pool starts are counted in every run's time.")}
            </figcaption>
        </figure>
    }
}

/// The seed article's figure for `r`'s mode, if it printed one.
fn seed_of(c: &Comparison, r: &ModeResult) -> Option<Seed> {
    c.experiment.and_then(|e| lessons::seed(e, r.mode))
}

/// The table: a row per mode that ran, then one per mode that failed (it
/// keeps its row, with the reason where the figures would be: it never
/// just disappears). Compact: the same rows, with only the key columns
/// shown (style.css).
fn table(c: &Comparison, compact: bool) -> impl IntoView + use<> {
    let seeds = c.shown().any(|r| seed_of(c, r).is_some());
    let rows = c.shown().map(|r| row(c, r, seeds)).collect_view();
    let failed = c.failed.iter().map(|f| failed_row(f, seeds)).collect_view();
    // The scroll box is a named region that takes focus, so a keyboard
    // user can scroll it sideways where the table is wider than the screen.
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="results table">
            <table class="results" class:compact=compact>
                <thead>
                    <tr>
                        <th>"mode"</th>
                        <th>"median"</th>
                        <th>"min – max"</th>
                        <th>"spread (MAD)"</th>
                        <th>"runs"</th>
                        <th>"speedup (range)"</th>
                        <th>"efficiency"</th>
                        <th>"checksum"</th>
                        <th>"agrees"</th>
                        <th>"page"</th>
                        <th>"pool start"</th>
                        <th>"how"</th>
                        {seeds
                            .then(|| {
                                view! {
                                    <th title="The seed article's own figure, measured in CPython on the author's machine">
                                        "the article (CPython)"
                                    </th>
                                }
                            })}
                    </tr>
                </thead>
                <tbody>{rows}{failed}</tbody>
            </table>
        </div>
    }
}

/// One mode's row: every figure, its checksum and whether it agrees.
fn row(c: &Comparison, r: &ModeResult, seeds: bool) -> impl IntoView + use<> {
    let seed = seeds.then(|| {
        let s = seed_of(c, r);
        let title = s
            .map(|s| format!("{}, {}", s.setup, s.source))
            .unwrap_or_default();
        view! {
            <td class="seed" title=title data-label="the article (CPython)">
                {s.map(Seed::label).unwrap_or_default()}
            </td>
        }
    });
    let ok = c.agrees(r);
    let efficiency = c
        .efficiency(r)
        .map(|e| format!("{:.0} %", e * 100.0))
        .unwrap_or_default();
    let warm = if r.warmups > 0 {
        format!(" (+{} warm-up)", r.warmups)
    } else {
        String::new()
    };
    let tally = r.tally.as_ref().map(|t| {
        view! {
            <span class="tally" class:bad={t.failed + t.timed_out > 0}>
                {t.describe()}
                {t.first_failure.clone().map(|f| format!(" (first: {f})"))}
                ". "
            </span>
        }
    });
    view! {
        <tr data-mode=r.mode.key() class:bad={!ok}>
            <td class="mode" data-label="mode">
                {r.label.clone()}
            </td>
            <td class="time" data-label="median">
                {c.time_label(r)}
            </td>
            <td class="range" data-label="min – max">
                {c.range_label(r)}
            </td>
            <td class="spread" data-label="spread (MAD)">
                {c.spread_label(r)}
            </td>
            <td class="n" data-label="runs">
                {r.samples.len()}
                {warm}
            </td>
            <td class="speedup" data-label="speedup (range)">
                {c.speedup_label(r)}
            </td>
            <td class="efficiency" data-label="efficiency">
                {efficiency}
            </td>
            <td class="checksum" data-label="checksum">
                <code>{r.checksum.to_string()}</code>
            </td>
            <td class="agrees" data-label="agrees">
                {if ok { "✓" } else { "✗" }}
            </td>
            <td class="page" data-label="page">
                {r.page.map(|p| p.summary()).unwrap_or_default()}
            </td>
            <td class="start" data-label="pool start">
                {r.start.map(|s| s.label(c.resolution_ms)).unwrap_or_default()}
            </td>
            <td class="detail" data-label="how">
                {tally}
                {r.detail.clone()}
            </td>
            {seed}
        </tr>
    }
}

/// A ticked mode that failed, with why.
fn failed_row(f: &FailedMode, seeds: bool) -> impl IntoView + use<> {
    view! {
        <tr data-mode=f.mode.key() data-failed="true" class="bad failed">
            <td class="mode" data-label="mode">
                {f.label.clone()}
            </td>
            <td class="time" data-label="median">
                "failed"
            </td>
            <td class="range" data-label="min – max"></td>
            <td class="spread" data-label="spread (MAD)"></td>
            <td class="n" data-label="runs">
                "0"
            </td>
            <td class="speedup" data-label="speedup (range)"></td>
            <td class="efficiency" data-label="efficiency"></td>
            <td class="checksum" data-label="checksum">
                "—"
            </td>
            <td class="agrees" data-label="agrees">
                "✗"
            </td>
            <td class="page" data-label="page"></td>
            <td class="start" data-label="pool start"></td>
            <td class="detail" data-label="how">
                {format!("did not run: {}", f.reason)}
            </td>
            {seeds.then(|| view! { <td class="seed" data-label="the article (CPython)"></td> })}
        </tr>
    }
}

/// What the numbers say, a sentence or two per mode.
fn lessons_list(c: &Comparison) -> impl IntoView + use<> {
    let items = lessons::lessons(c)
        .into_iter()
        .map(|l| {
            view! {
                <li data-mode=l.mode.key()>
                    <strong>{l.label}": "</strong>
                    {l.text}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="lessons" aria-label="What these numbers say">
            <h3>"What these numbers say"</h3>
            <ul>{items}</ul>
        </section>
    }
}
