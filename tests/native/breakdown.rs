//! An I/O run's time along its last answer: measured instants, so the parts
//! add up to the run's time whatever they are, and what the browser did not
//! tell stays one named part.

use lab::results::breakdown::{AFTER, BEFORE_SENT, Breakdown, ENDPOINT, HELD, READING, WAITING};
use lab::timeline::{Activity, TimeBase, Timeline};

/// A one-lane timeline of `end` ms with these (activity, start, end, request) spans.
fn timeline(end: f64, spans: &[(Activity, f64, f64, usize)]) -> Timeline {
    let base = TimeBase { start: 0.0 };
    let mut t = Timeline::new(vec!["event loop".into()], base, end);
    for &(a, s, e, id) in spans {
        t.push(base, 0, a, (s, e), Some(id));
    }
    t.finish()
}

/// (spans, end) → the request followed and each part, in order.
fn check(end: f64, spans: &[(Activity, f64, f64, usize)], request: usize, want: &[(&str, f64)]) {
    let b = Breakdown::of(&timeline(end, spans)).expect("a breakdown");
    let got: Vec<(&str, f64)> = b.parts.iter().map(|p| (p.what, p.ms)).collect();
    assert_eq!(b.request, request);
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((w, wm), (g, gm)) in want.iter().zip(&got) {
        assert_eq!(w, g);
        assert!((wm - gm).abs() < 1e-9, "{g}: {gm}, want {wm}");
    }
    assert!(
        (b.total() - end).abs() < 1e-9,
        "parts sum to {}, run took {end}",
        b.total()
    );
}

#[test]
fn the_last_answer_is_followed_through_every_measured_instant() {
    use Activity::{Wait, Wire};
    // Request 1 is sent at 30, goes out at 50 (held 20 by the browser), its
    // first byte is back at 160, its answer read at 170; the run ends at 172.
    check(
        172.0,
        &[
            (Wait, 0.0, 110.0, 0),
            (Wire, 1.0, 105.0, 0),
            (Wait, 30.0, 170.0, 1),
            (Wire, 50.0, 160.0, 1),
        ],
        1,
        &[
            (BEFORE_SENT, 30.0),
            (HELD, 20.0),
            (ENDPOINT, 110.0),
            (READING, 10.0),
            (AFTER, 2.0),
        ],
    );
    // Without the browser's word (no Timing-Allow-Origin), one named wait.
    check(
        120.0,
        &[(Wait, 5.0, 100.0, 0), (Wait, 8.0, 118.0, 1)],
        1,
        &[(BEFORE_SENT, 8.0), (WAITING, 110.0), (AFTER, 2.0)],
    );
    // A retry goes out again: its last time on the network counts; and a
    // network span read slightly outside the wait (two clocks' rounding) is
    // clamped into it, so the parts still add up.
    check(
        400.0,
        &[
            (Wait, 0.0, 399.0, 3),
            (Wire, -0.01, 100.0, 3),
            (Wire, 300.0, 399.5, 3),
        ],
        3,
        &[
            (BEFORE_SENT, 0.0),
            (HELD, 300.0),
            (ENDPOINT, 99.0),
            (READING, 0.0),
            (AFTER, 1.0),
        ],
    );
    assert_eq!(Breakdown::of(&timeline(10.0, &[])), None);
}
