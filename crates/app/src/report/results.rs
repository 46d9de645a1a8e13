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

/// The table's columns, in order: the class of their cells (styles, the
/// compact widget's choice of columns, tests) and their heading, which is
/// also each cell's `data-label` (a phone shows a row as a card of
/// labelled figures).
const COLUMNS: [(&str, &str); 12] = [
    ("mode", "mode"),
    ("time", "median"),
    ("range", "min – max"),
    ("spread", "spread (MAD)"),
    ("n", "runs"),
    ("speedup", "speedup (range)"),
    ("efficiency", "efficiency"),
    ("checksum", "checksum"),
    ("agrees", "agrees"),
    ("page", "page"),
    ("start", "pool start"),
    ("detail", "how"),
];

/// The last column, shown when a mode has a figure from the seed article.
const SEED: (&str, &str) = ("seed", "the article (CPython)");

/// The table: a row per mode that ran, then one per mode that failed (it
/// keeps its row, with the reason where the figures would be: it never
/// just disappears). Compact: the same rows, with only the key columns
/// shown (style.css).
fn table(c: &Comparison, compact: bool) -> impl IntoView + use<> {
    let seeds = c.shown().any(|r| seed_of(c, r).is_some());
    let rows = c.shown().map(|r| row(c, r, seeds)).collect_view();
    let failed = c.failed.iter().map(|f| failed_row(f, seeds)).collect_view();
    let headings = COLUMNS
        .map(|(class, label)| view! { <th class=class>{label}</th> })
        .collect_view();
    let seed = seeds.then(|| {
        view! {
            <th
                class=SEED.0
                title="The seed article's own figure, measured in CPython on the author's machine"
            >
                {SEED.1}
            </th>
        }
    });
    // The scroll box is a named region that takes focus, so a keyboard
    // user can scroll it sideways where the table is wider than the screen.
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="results table">
            <table class="results" class:compact=compact>
                <thead>
                    <tr>{headings}{seed}</tr>
                </thead>
                <tbody>{rows}{failed}</tbody>
            </table>
        </div>
    }
}

/// A row's cells, one per column of [`COLUMNS`], in its order.
fn cells(contents: [AnyView; 12]) -> impl IntoView + use<> {
    COLUMNS
        .into_iter()
        .zip(contents)
        .map(|((class, label), content)| {
            view! {
                <td class=class data-label=label>
                    {content}
                </td>
            }
        })
        .collect_view()
}

/// One mode's row: every figure, its checksum and whether it agrees.
fn row(c: &Comparison, r: &ModeResult, seeds: bool) -> impl IntoView + use<> {
    let seed = seeds.then(|| {
        let s = seed_of(c, r);
        let title = s
            .map(|s| format!("{}, {}", s.setup, s.source))
            .unwrap_or_default();
        view! {
            <td class=SEED.0 title=title data-label=SEED.1>
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
    let figures = [
        r.label.clone().into_any(),
        c.time_label(r).into_any(),
        c.range_label(r).into_any(),
        c.spread_label(r).into_any(),
        format!("{}{warm}", r.samples.len()).into_any(),
        c.speedup_label(r).into_any(),
        efficiency.into_any(),
        view! { <code>{r.checksum.to_string()}</code> }.into_any(),
        if ok { "✓" } else { "✗" }.into_any(),
        r.page.map(|p| p.summary()).unwrap_or_default().into_any(),
        r.start
            .map(|s| s.label(c.resolution_ms))
            .unwrap_or_default()
            .into_any(),
        view! {
            {tally}
            {r.detail.clone()}
        }
        .into_any(),
    ];
    view! {
        <tr data-mode=r.mode.key() class:bad={!ok}>
            {cells(figures)}
            {seed}
        </tr>
    }
}

/// A ticked mode that failed, with why.
fn failed_row(f: &FailedMode, seeds: bool) -> impl IntoView + use<> {
    let empty = || ().into_any();
    let figures = [
        f.label.clone().into_any(),
        "failed".into_any(),
        empty(),
        empty(),
        "0".into_any(),
        empty(),
        empty(),
        "—".into_any(),
        "✗".into_any(),
        empty(),
        empty(),
        format!("did not run: {}", f.reason).into_any(),
    ];
    view! {
        <tr data-mode=f.mode.key() data-failed="true" class="bad failed">
            {cells(figures)}
            {seeds.then(|| view! { <td class=SEED.0 data-label=SEED.1></td> })}
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
