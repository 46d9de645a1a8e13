//! Timelines on one time base, in-flight counts, and Amdahl's law fitted to
//! speedups whose serial fraction is known.

use lab::ModeKind;
use lab::results::stats::{Amdahl, fit_amdahl};
use lab::timeline::{Activity, TimeBase, Timeline, numbered};

#[test]
fn readings_from_contexts_with_different_origins_meet_on_one_base() {
    // The page started at epoch 1_000_000.0; a worker 250.5 ms later. The
    // same instant reads 1300.0 on the page's now() and 1049.5 on the worker's.
    let (page_origin, worker_origin) = (1_000_000.0, 1_000_250.5);
    let base = TimeBase {
        start: TimeBase::epoch(page_origin, 1_200.0),
    };
    let on_page = base.since(TimeBase::epoch(page_origin, 1_300.0));
    let on_worker = base.since(TimeBase::epoch(worker_origin, 1_049.5));
    assert_eq!(on_page, 100.0);
    assert_eq!(on_worker, 100.0);
    // Real origins are ~1.7e12 ms, where a double's step is 2⁻¹² ms
    // (0.24 µs): finer than the 5 µs timer, so the sum loses nothing shown.
    let real = 1.7e12;
    let b = TimeBase {
        start: TimeBase::epoch(real, 10.0),
    };
    assert!((b.since(TimeBase::epoch(real, 10.005)) - 0.005).abs() <= 2.0 * 2f64.powi(-12));
}

/// A timeline of `lanes` from epoch 0 to 100 with these (lane, activity, start, end) spans.
fn check(spans: &[(usize, Activity, f64, f64)], lanes: usize) -> Timeline {
    let base = TimeBase { start: 0.0 };
    let mut t = Timeline::new(numbered("worker", lanes), base, 100.0);
    for (i, &(lane, a, s, e)) in spans.iter().enumerate() {
        t.push(base, lane, a, (s, e), Some(i));
    }
    t.finish()
}

#[test]
fn in_flight_counts_overlaps_and_back_to_back_is_one() {
    use Activity::Wait;
    // Two threads, two back-to-back requests each: never more than 2.
    let t = check(
        &[
            (0, Wait, 0.0, 10.0),
            (0, Wait, 10.0, 20.0),
            (1, Wait, 5.0, 15.0),
            (1, Wait, 15.0, 25.0),
        ],
        2,
    );
    assert_eq!(t.peak(Wait), 2);
    assert_eq!(
        t.in_flight(Wait),
        vec![
            (0.0, 1),
            (5.0, 2),
            (10.0, 2),
            (15.0, 2),
            (20.0, 1),
            (25.0, 0)
        ]
    );
    // Everything at once on one lane (async): all in flight.
    let burst: Vec<_> = (0..200).map(|_| (0, Wait, 1.0, 100.0)).collect();
    assert_eq!(check(&burst, 1).peak(Wait), 200);
    assert_eq!(check(&[], 1).in_flight(Wait), vec![(0.0, 0)]);
}

#[test]
fn busy_time_counts_overlaps_once_and_labels_say_so() {
    use Activity::{Gil, Task};
    let t = check(
        &[
            (0, Task, 0.0, 50.0),
            (0, Task, 40.0, 60.0),
            (1, Task, 0.0, 100.0),
            (1, Gil, 0.0, 25.0),
        ],
        3,
    );
    assert_eq!(t.busy_ms(0, Task), 60.0);
    assert_eq!(t.lane_label(0), "worker 1 · running a task 60 %");
    assert_eq!(t.lane_label(1), "worker 2 · holding the GIL 25 %");
    assert_eq!(t.lane_label(2), "worker 3 · idle");
    assert_eq!(t.outside_ms(), 0.0);
    assert_eq!(check(&[(0, Task, -2.0, 101.0)], 1).outside_ms(), 2.0);
}

#[test]
fn bad_spans_are_dropped_and_too_many_are_merged_but_not_waits() {
    use Activity::{Task, Wait};
    let t = check(
        &[
            (0, Task, f64::NAN, 1.0),
            (0, Task, 5.0, 4.0),
            (7, Task, 1.0, 2.0),
        ],
        1,
    );
    assert!(t.spans.is_empty());
    // 10,000 back-to-back tasks of 0.005 ms on 2 lanes, and 300 waits.
    let mut many: Vec<_> = (0..10_000)
        .map(|i| (i % 2, Task, i as f64 * 0.01, i as f64 * 0.01 + 0.005))
        .collect();
    many.extend((0..300).map(|i| (0, Wait, f64::from(i) * 0.1, 50.0)));
    let t = check(&many, 2);
    assert!(t.merged);
    let tasks: Vec<_> = t.spans.iter().filter(|s| s.activity == Task).collect();
    assert_eq!(tasks.len(), 2, "one span per lane: {tasks:?}");
    assert_eq!(t.peak(Wait), 300, "waits kept whole");
    assert!(!check(&many[..100], 2).merged);
}

#[test]
fn amdahl_fit_recovers_a_known_serial_fraction() {
    for s in [0.0, 0.05, 0.2, 0.5, 1.0] {
        let law = Amdahl {
            serial: s,
            points: 0,
        };
        let points: Vec<_> = (1..=8).map(|n| (n, law.speedup(n))).collect();
        let fit = fit_amdahl(&points).expect("points with n ≥ 2");
        assert!((fit.serial - s).abs() < 1e-12, "{s}: {fit:?}");
        assert_eq!(fit.points, 7, "n = 1 carries no information");
    }
    // Noisy measurements of s = 0.1 still land near it.
    let law = Amdahl {
        serial: 0.1,
        points: 0,
    };
    let noisy: Vec<_> = (2..=8)
        .map(|n| {
            let wobble = if n % 2 == 0 { 1.03 } else { 0.97 };
            (n, law.speedup(n) * wobble)
        })
        .collect();
    let fit = fit_amdahl(&noisy).unwrap();
    assert!((fit.serial - 0.1).abs() < 0.02, "{fit:?}");
    // Perfect scaling, the ceiling, and the points that say nothing.
    assert_eq!(fit_amdahl(&[(2, 2.0), (4, 4.0)]).unwrap().serial, 0.0);
    assert_eq!(
        Amdahl {
            serial: 0.25,
            points: 1
        }
        .ceiling(),
        Some(4.0)
    );
    assert_eq!(fit_amdahl(&[(1, 1.0), (2, f64::NAN), (3, 0.0)]), None);
    // Two workers, 1.5×: 1/1.5 − 1/2 = s/2, so s = 1/3.
    assert!((fit_amdahl(&[(2, 1.5)]).unwrap().serial - 1.0 / 3.0).abs() < 1e-12);
}

#[test]
fn a_sweep_is_one_point_per_worker_count_with_its_fit() {
    use lab::layout::sweep::Plot;
    use lab::results::sweep::Series;
    use lab::{Comparison, ModeResult};
    // Sequential 100 ms; threads follow s = 0.2 exactly, processes are flat.
    let law = Amdahl {
        serial: 0.2,
        points: 0,
    };
    let mut c = Comparison::default();
    let mut add = |mode: ModeKind, workers: Option<usize>, ms: f64| {
        let r = ModeResult {
            workers,
            ..ModeResult::new(
                mode,
                format!("{mode} ×{workers:?}"),
                ms,
                kernels::Checksum(7),
                String::new(),
            )
        };
        c.add(r, true);
    };
    add(ModeKind::Sequential, None, 100.0);
    for n in 1..=4 {
        add(ModeKind::Threads, Some(n), 100.0 / law.speedup(n));
        add(ModeKind::Processes, Some(n), 100.0);
        // Twice as slow on one worker as sequential, then s = 0.5 against itself.
        add(ModeKind::Gil, Some(n), 200.0 * (0.5 + 0.5 / n as f64));
    }
    let pool = Series::of(&c, ModeKind::Gil);
    assert_eq!(pool.one, 0.5);
    assert!((pool.fit.unwrap().serial - 0.5).abs() < 1e-9, "{pool:?}");
    let threads = Series::of(&c, ModeKind::Threads);
    assert_eq!(
        threads.points.iter().map(|p| p.0).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    let fit = threads.fit.expect("fitted");
    assert!((fit.serial - 0.2).abs() < 1e-9, "{fit:?}");
    assert!(
        threads.describe().contains("serial fraction 20.0 %"),
        "{}",
        threads.describe()
    );
    assert!(
        threads.describe().contains("×5.0"),
        "ceiling 1/s: {}",
        threads.describe()
    );
    let flat = Series::of(&c, ModeKind::Processes);
    assert!(
        flat.describe().contains("no part of the work got faster"),
        "{}",
        flat.describe()
    );
    // Scales: 1 worker at the left, 4 at the right; ×0 at the bottom.
    let plot = Plot::new(4, &[threads, flat]);
    assert!(plot.x(1.0) < plot.x(4.0) && plot.y(0.0) > plot.y(4.0));
    assert!(plot.max_speedup >= 4.0, "the ideal line fits");
}

#[test]
fn spans_of_no_length_are_never_in_flight_and_gil_holds_are_never_merged() {
    use Activity::{Gil, Task};
    // A hold that began and ended on one timer tick counted nothing.
    let t = check(
        &[
            (0, Gil, 0.0, 10.0),
            (1, Gil, 10.0, 10.0),
            (0, Gil, 20.0, 30.0),
        ],
        2,
    );
    assert_eq!(t.peak(Gil), 1, "{:?}", t.in_flight(Gil));
    // Two lanes taking turns 6,000 times: merging would make each lane one
    // solid bar, both "holding" at once.
    let turns: Vec<_> = (0..6_000_u32)
        .map(|i| {
            (
                i as usize % 2,
                Gil,
                f64::from(i) / 64.0,
                f64::from(i + 1) / 64.0,
            )
        })
        .chain([(0, Task, 0.0, 60.0)])
        .collect();
    let t = check(&turns, 2);
    assert_eq!(t.spans.iter().filter(|s| s.activity == Gil).count(), 6_000);
    assert_eq!(t.peak(Gil), 1);
}

#[test]
fn unions_and_overlaps_of_stretches() {
    use Activity::Task;
    use lab::timeline::{overlap_ms, total};
    let t = check(
        &[
            (0, Task, 0.0, 10.0),
            (1, Task, 5.0, 20.0),
            (1, Task, 30.0, 40.0),
        ],
        2,
    );
    let all = t.union(Task, |_| true);
    assert_eq!(all, vec![(0.0, 20.0), (30.0, 40.0)]);
    assert_eq!(total(&all), 30.0);
    assert_eq!(overlap_ms(&all, &[(15.0, 35.0)]), 10.0);
    assert_eq!(overlap_ms(&all, &[(20.0, 30.0)]), 0.0);
    assert_eq!(overlap_ms(&[], &all), 0.0);
}
