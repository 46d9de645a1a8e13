//! Where each mode's time went: one lane per worker, a span per task or
//! wait, and for I/O the requests in flight over time.

use lab::layout::lanes::{AXIS, FLIGHT, Geometry, LABEL, LANE, Strip, WIDTH};
use lab::results::format_ms;
use lab::timeline::{Activity, Timeline};
use lab::{Comparison, ModeKind};
use leptos::prelude::*;

/// One timeline per shown mode, for its last counted run, each on its own
/// scale (its axis says how long), with a legend of the activities drawn.
#[component]
pub fn Timelines(comparison: Signal<Option<Comparison>>) -> impl IntoView {
    move || {
        comparison.with(|c| {
            let c = c.as_ref()?;
            let resolution = c.resolution_ms;
            let drawn: Vec<_> = c
                .shown()
                .filter_map(|r| {
                    r.timeline
                        .as_ref()
                        .map(|t| mode_timeline(r.mode, &r.label, t, resolution))
                })
                .collect();
            if drawn.is_empty() {
                return None;
            }
            let present: Vec<Activity> = Activity::ALL
                .into_iter()
                .filter(|&a| {
                    c.shown()
                        .filter_map(|r| r.timeline.as_ref())
                        .any(|t| t.spans.iter().any(|s| s.activity == a))
                })
                .collect();
            let legend = present
                .into_iter()
                .map(|a| {
                    view! {
                        <li>
                            <span class={format!("swatch {}", a.class())}></span>
                            {a.legend()}
                        </li>
                    }
                })
                .collect_view();
            Some(view! {
                <section class="timelines" aria-label="Timelines of the last run of each mode">
                    <h3>"Where the time went (last run of each mode)"</h3>
                    <ul class="legend">
                        {legend}<li>
                            <span class="swatch idle"></span>
                            "idle"
                        </li>
                    </ul>
                    {drawn}
                    <p class="help">
                        "Every span is read on one clock shared by the page and its workers "
                        "(performance.timeOrigin + now()), from the run's start. Each mode has its own scale: read its axis. "
                        "A request is in flight from when the program sends it until its answer is read; the browser may hold "
                        "some back (6 connections per host over HTTP/1.1). Where the browser tells (Resource Timing), a second, "
                        "dashed line counts the requests actually on the network, from going out to the first byte back. "
                        "A lane's figure is the share of the run it spent on its main activity; the rest was idle or, "
                        "under a GIL, waiting for the lock."
                    </p>
                </section>
            })
        })
    }
}

/// A time axis at `top`, from 0 to the run's end.
fn axis(g: Geometry, top: f64, resolution: f64) -> impl IntoView + use<> {
    view! {
        <g class="axis">
            <line
                x1=LABEL.to_string()
                x2=(LABEL + g.plot).to_string()
                y1=top.to_string()
                y2=top.to_string()
            />
            <text x=LABEL.to_string() y=(top + 13.0).to_string()>
                "0"
            </text>
            <text x=(LABEL + g.plot).to_string() y=(top + 13.0).to_string() text-anchor="end">
                {format_ms(g.end, resolution)}
            </text>
        </g>
    }
}

/// The lanes (and, where requests waited, the in-flight strip) of one mode.
fn mode_timeline(
    mode: ModeKind,
    label: &str,
    t: &Timeline,
    resolution: f64,
) -> impl IntoView + use<> {
    let g = Geometry::new(t.end);
    let lanes_h = Geometry::y(t.lanes.len());
    let waits = t.spans.iter().any(|s| s.activity == Activity::Wait);
    let flight_top = lanes_h + AXIS;
    let height = flight_top + if waits { FLIGHT + AXIS } else { 0.0 };
    let lanes = (0..t.lanes.len())
        .map(|i| {
            view! {
                <g class="lane" data-lane=i>
                    <rect
                        class="idle"
                        x=LABEL.to_string()
                        y=Geometry::y(i).to_string()
                        width=g.plot.to_string()
                        height=LANE.to_string()
                    />
                    <text
                        x=(LABEL - 6.0).to_string()
                        y=(Geometry::y(i) + LANE / 2.0).to_string()
                        text-anchor="end"
                        dominant-baseline="middle"
                    >
                        {t.lane_label(i)}
                    </text>
                </g>
            }
        })
        .collect_view();
    let flight = waits.then(|| {
        view! {
            {in_flight(t, g, flight_top)}
            {axis(g, flight_top + FLIGHT, resolution)}
        }
    });
    let note = (t.merged).then(|| {
        view! {
            <p class="help">
                "Too many spans to draw one by one: spans closer than a pixel are merged."
            </p>
        }
    });
    view! {
        <figure class="timeline" data-mode=mode.key()>
            <figcaption>{label.to_owned()}</figcaption>
            <svg
                viewBox=format!("0 0 {WIDTH} {height}")
                role="img"
                data-end=t.end.to_string()
                aria-label=format!(
                    "{label}: one lane per worker over {}",
                    format_ms(t.end, resolution),
                )
            >
                {lanes}
                {spans(t, g, resolution)}
                {axis(g, lanes_h, resolution)}
                {flight}
            </svg>
            {note}
        </figure>
    }
}

/// Every span, each with a tooltip: tasks first, then what happens inside
/// them (GIL holds), on top. Network spans are drawn only as a count in
/// the in-flight strip.
fn spans(t: &Timeline, g: Geometry, resolution: f64) -> impl IntoView + use<> {
    let mut order: Vec<_> = t
        .spans
        .iter()
        .filter(|s| s.activity != Activity::Wire)
        .collect();
    order.sort_by_key(|s| s.activity != Activity::Task);
    order
        .into_iter()
        .map(|s| {
            let (x0, x1) = (g.x(s.start), g.x(s.end));
            // Under a GIL a task's span is drawn thin: the lock holds inside it are the running.
            let (top, h) = if s.activity == Activity::Task {
                (Geometry::y(s.lane) + 2.0, LANE - 4.0)
            } else {
                (Geometry::y(s.lane), LANE)
            };
            let what = match s.item {
                Some(i) if s.activity == Activity::Wait => format!("request {i}"),
                Some(i) => format!("task {i}"),
                None => s.activity.legend().to_owned(),
            };
            let title = format!(
                "{what}: {} – {} ({})",
                format_ms(s.start.max(0.0), resolution),
                format_ms(s.end, resolution),
                format_ms(s.end - s.start, resolution)
            );
            view! {
                <rect
                    class={format!("span {}", s.activity.class())}
                    x=x0.to_string()
                    y=top.to_string()
                    width=(x1 - x0).max(0.5).to_string()
                    height=h.to_string()
                    data-lane=s.lane
                    data-start=s.start.to_string()
                    data-end=s.end.to_string()
                >
                    <title>{title}</title>
                </rect>
            }
        })
        .collect_view()
}

/// The requests in flight over time, and where the browser tells (Resource
/// Timing) those on the network, as step lines in a strip at `top`.
fn in_flight(t: &Timeline, g: Geometry, top: f64) -> impl IntoView + use<> {
    let sent = t.in_flight(Activity::Wait);
    let wire = t
        .spans
        .iter()
        .any(|s| s.activity == Activity::Wire)
        .then(|| t.in_flight(Activity::Wire));
    let peak_of = |steps: &[(f64, usize)]| steps.iter().map(|&(_, n)| n).max().unwrap_or(0);
    let peak = peak_of(&sent);
    let most = peak.max(wire.as_deref().map_or(0, peak_of)).max(1);
    let strip = Strip { top, most };
    let line = move |steps: &[(f64, usize)]| strip.line(g, steps);
    let label = match &wire {
        Some(w) => format!("in flight: {peak}; on network ≤ {}", peak_of(w)),
        None => format!("requests in flight (peak {peak})"),
    };
    let wire_peak = wire.as_deref().map(peak_of);
    let wire_line = wire.map(|w| view! { <polyline class="wire" points=line(&w) /> });
    view! {
        <g class="in-flight" data-peak=peak data-wire-peak=wire_peak>
            <text
                x=(LABEL - 6.0).to_string()
                y=(top + FLIGHT / 2.0).to_string()
                text-anchor="end"
                dominant-baseline="middle"
            >
                {label}
            </text>
            <line
                class="base"
                x1=LABEL.to_string()
                x2=(LABEL + g.plot).to_string()
                y1=strip.y(0).to_string()
                y2=strip.y(0).to_string()
            />
            <polyline points=line(&sent) />
            {wire_line}
        </g>
    }
}
