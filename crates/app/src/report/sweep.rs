//! The scaling sweep's chart: speedup against workers, the ideal line, and
//! Amdahl's law fitted to each series.

use lab::Comparison;
use lab::ModeKind;
use lab::layout::sweep::{BOTTOM, HEIGHT, LEFT, Plot, WIDTH};
use lab::lessons;
use lab::results::format_speedup;
use lab::results::sweep::{self, Series};
use leptos::prelude::*;

/// The sweep of the last click on "Sweep", drawn once it has points.
#[component]
pub fn SweepChart(sweep: Signal<Option<Comparison>>, cores: usize) -> impl IntoView {
    move || {
        sweep.with(|c| {
            let c = c.as_ref()?;
            let series: Vec<Series> = [ModeKind::Threads, ModeKind::Processes]
                .into_iter()
                .map(|m| Series::of(c, m))
                .filter(|s| !s.points.is_empty())
                .collect();
            if series.is_empty() {
                return None;
            }
            let plot = Plot::new(cores, &series);
            let baseline = c.baseline().map(|b| c.time_label(b)).unwrap_or_default();
            let drawn = series.iter().map(|s| drawn_series(&plot, s)).collect_view();
            let words = series
                .iter()
                .map(|s| view! { <li class=format!("fit-note {}", s.mode)>{s.describe()}</li> })
                .collect_view();
            Some(view! {
                <figure class="sweep" id="cpu-sweep-chart">
                    <svg
                        viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                        role="img"
                        aria-label="Speedup over sequential against the number of workers, with the ideal line and Amdahl's law fitted"
                    >
                        {axes(&plot, cores, c)}
                        {drawn}
                    </svg>
                    <figcaption>
                        {format!(
                            "Speedup over sequential ({baseline}, the median of its runs) on 1 to {cores} workers. ",
                        )}
                        "Dots are measured (a ratio of medians); the straight line is ideal (×n on n workers); "
                        "dashed curves are Amdahl's law, 1 / (s + (1 − s) / n), fitted by least squares to each mode's speedup "
                        "over its own 1-worker run (so the cost of messages or hand-offs is not counted as serial work), drawn from that run's point."
                        <ul>{words}</ul>
                    </figcaption>
                    {verdict(c)}
                    {table(&series, cores)}
                </figure>
            })
        })
    }
}

/// The axes with their ticks, the ideal line, and the bound the longest
/// task puts on every point.
fn axes(plot: &Plot, cores: usize, c: &Comparison) -> impl IntoView + use<> {
    let bottom = HEIGHT - BOTTOM;
    let worker_ticks = (1..=cores)
        .map(|n| {
            let x = plot.x(n as f64);
            view! {
                <line
                    class="tick"
                    x1=x.to_string()
                    x2=x.to_string()
                    y1=bottom.to_string()
                    y2=(bottom + 4.0).to_string()
                />
                <text x=x.to_string() y=(bottom + 16.0).to_string() text-anchor="middle">
                    {n}
                </text>
            }
        })
        .collect_view();
    let step = (plot.max_speedup / 5.0).ceil().max(1.0);
    let speed_ticks = (0..)
        .map(|i| f64::from(i) * step)
        .take_while(|&s| s <= plot.max_speedup)
        .map(|s| {
            let y = plot.y(s);
            view! {
                <line
                    class="grid"
                    x1=LEFT.to_string()
                    x2=(WIDTH - 24.0).to_string()
                    y1=y.to_string()
                    y2=y.to_string()
                />
                <text
                    x=(LEFT - 6.0).to_string()
                    y=y.to_string()
                    text-anchor="end"
                    dominant-baseline="middle"
                >
                    {format!("×{s}")}
                </text>
            }
        })
        .collect_view();
    // No run ends before its longest task: the sequential run's
    // time over that task bounds every point (fib [28, 30, 32]: ~×1.6).
    let bound = lessons::imbalance_bound(c)
        .filter(|&(_, b, _)| b < plot.max_speedup)
        .map(|(_, b, _)| {
            let y = plot.y(b);
            view! {
                <g class="bound" data-speedup=b.to_string()>
                    <line
                        x1=LEFT.to_string()
                        x2=(WIDTH - 24.0).to_string()
                        y1=y.to_string()
                        y2=y.to_string()
                    />
                    <text x=(WIDTH - 26.0).to_string() y=(y - 4.0).to_string() text-anchor="end">
                        {format!("longest task: no run beats {}", format_speedup(b))}
                    </text>
                </g>
            }
        });
    view! {
        {speed_ticks}
        <line
            class="axis"
            x1=LEFT.to_string()
            x2=(WIDTH - 24.0).to_string()
            y1=bottom.to_string()
            y2=bottom.to_string()
        />
        {worker_ticks}
        <text
            x=((LEFT + WIDTH) / 2.0).to_string()
            y=(HEIGHT - 4.0).to_string()
            text-anchor="middle"
        >
            "workers"
        </text>
        <line
            class="ideal"
            x1=plot.x(1.0).to_string()
            y1=plot.y(1.0).to_string()
            x2=plot.x(cores as f64).to_string()
            y2=plot.y(cores as f64).to_string()
        />
        {bound}
    }
}

/// One mode's measured points, joined, and the law fitted to them.
fn drawn_series(plot: &Plot, s: &Series) -> impl IntoView + use<> {
    let line = s
        .points
        .iter()
        .map(|&(n, v)| format!("{:.2},{:.2}", plot.x(n as f64), plot.y(v)))
        .collect::<Vec<_>>()
        .join(" ");
    // Below 0 the law has a pole at n = 1 + 1/|s|: no curve, the note says why.
    let fit = s.fit.filter(|f| f.serial >= 0.0).map(
        |f| view! { <polyline class=format!("fit {}", s.mode) points=plot.curve(f, s.one) /> },
    );
    let dots = s
        .points
        .iter()
        .map(|&(n, v)| {
            view! {
                <circle
                    class=format!("point {}", s.mode)
                    cx=plot.x(n as f64).to_string()
                    cy=plot.y(v).to_string()
                    r="4"
                    data-mode=s.mode.key()
                    data-workers=n
                    data-speedup=v.to_string()
                >
                    <title>{format!("{} ×{n}: {}", s.mode, format_speedup(v))}</title>
                </circle>
            }
        })
        .collect_view();
    view! {
        {fit}
        <polyline class=format!("measured {}", s.mode) points=line />
        {dots}
    }
}

/// Whether every point computed the same checksum ([`sweep::verdict`]).
fn verdict(c: &Comparison) -> impl IntoView + use<> {
    let (ok, text) = sweep::verdict(c);
    view! {
        <p class="verdict" class:bad={!ok} role="status">
            {text}
        </p>
    }
}

/// The points as a table: a row per worker count.
fn table(series: &[Series], cores: usize) -> impl IntoView + use<> {
    let cell = |mode: ModeKind, n: usize| {
        series
            .iter()
            .find(|s| s.mode == mode)
            .and_then(|s| s.points.iter().find(|p| p.0 == n))
            .map(|&(_, v)| format_speedup(v))
            .unwrap_or_default()
    };
    let rows = (1..=cores)
        .map(|n| {
            view! {
                <tr>
                    <td>{n}</td>
                    <td>{cell(ModeKind::Threads, n)}</td>
                    <td>{cell(ModeKind::Processes, n)}</td>
                    <td>{format!("×{n}")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="sweep-table">
            <thead>
                <tr>
                    <th>"workers"</th>
                    <th>"threads"</th>
                    <th>"processes"</th>
                    <th>"ideal"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
