//! Where a timeline is drawn (`lab::layout::lanes`), and the sweep's verdict.

use kernels::Checksum;
use lab::layout::lanes::{FLIGHT, Geometry, LABEL, LANE, LANE_GAP, Strip, WIDTH};
use lab::{Comparison, ModeKind, ModeResult};

#[test]
fn a_time_maps_into_the_plot_and_a_lane_below_the_last() {
    let g = Geometry::new(200.0);
    assert_eq!(g.x(0.0), LABEL);
    assert_eq!(g.x(200.0), LABEL + g.plot);
    assert_eq!(g.x(100.0), LABEL + g.plot / 2.0);
    // Spans read before the start or after the end stay in the plot.
    assert_eq!(g.x(-5.0), LABEL);
    assert_eq!(g.x(1e9), LABEL + g.plot);
    assert!(LABEL + g.plot < WIDTH);
    assert_eq!(Geometry::new(0.0).x(5.0), LABEL, "an empty run");
    assert_eq!(Geometry::y(0), 0.0);
    assert_eq!(Geometry::y(3), 3.0 * (LANE + LANE_GAP));
}

#[test]
fn the_in_flight_line_steps_up_and_down_to_the_runs_end() {
    let g = Geometry::new(100.0);
    let strip = Strip { top: 50.0, most: 4 };
    assert_eq!(strip.y(0), 50.0 + FLIGHT);
    assert_eq!(strip.y(4), 50.0);
    // Two requests out at 0 and 50 ms, both back at 100 ms.
    let line = strip.line(g, &[(0.0, 1), (50.0, 2), (100.0, 0)]);
    let points: Vec<(f64, f64)> = line
        .split(' ')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (x, y) = p.split_once(',').expect("x,y");
            (x.parse().expect("x"), y.parse().expect("y"))
        })
        .collect();
    assert_eq!(points.len(), 7, "{line}");
    // Vertical at each step, from the count before to the count after.
    assert_eq!(points[0], (g.x(0.0), strip.y(0)));
    assert_eq!(points[1], (g.x(0.0), strip.y(1)));
    assert_eq!(points[3], (g.x(50.0), strip.y(2)));
    assert_eq!(points[6], (g.x(100.0), strip.y(0)));
    assert_eq!(
        Strip { top: 0.0, most: 0 }.y(0),
        FLIGHT,
        "never a division by 0"
    );
}

#[test]
fn the_sweeps_verdict_passes_only_when_every_point_agrees() {
    let mut c = Comparison::default();
    let r = |ms, sum| {
        ModeResult::new(
            ModeKind::Threads,
            format!("threads ×{ms}"),
            ms,
            Checksum(sum),
            String::new(),
        )
    };
    c.add(r(10.0, 7), true);
    c.add(r(20.0, 7), true);
    let (ok, text) = lab::results::sweep::verdict(&c);
    assert!(ok && text.contains("All 2 points"), "{text}");
    c.add(r(30.0, 8), true);
    let (ok, text) = lab::results::sweep::verdict(&c);
    assert!(!ok && text.starts_with('✗'), "{text}");
}
