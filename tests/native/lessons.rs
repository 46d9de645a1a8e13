//! Lessons are built from the measured numbers: change the numbers and the
//! sentences change with them. The articles' figures are theirs, as printed.

use kernels::Checksum;
use lab::ModeKind;
use lab::lessons::{lessons, seed};
use lab::results::PoolStart;
use lab::timeline::{Activity, TimeBase, Timeline, numbered};
use lab::{Comparison, ModeResult};

/// A result of `ms` whose timeline has these (lane, activity, start, end) spans.
fn check(
    mode: &'static str,
    workers: Option<usize>,
    ms: f64,
    lanes: usize,
    spans: &[(usize, Activity, f64, f64)],
) -> ModeResult {
    let base = TimeBase { start: 0.0 };
    let mut t = Timeline::new(numbered("worker", lanes), base, ms);
    for (i, &(lane, a, s, e)) in spans.iter().enumerate() {
        let item = (a != Activity::Gil).then_some(i);
        t.push(base, lane, a, (s, e), item);
    }
    ModeResult {
        workers,
        timeline: Some(t.finish()),
        ..ModeResult::new(
            crate::helpers::kind(mode),
            format!("{mode} ×{workers:?}"),
            ms,
            Checksum(1),
            String::new(),
        )
    }
}

fn said(c: &Comparison, mode: &str) -> String {
    lessons(c)
        .into_iter()
        .find(|l| l.mode == crate::helpers::kind(mode))
        .map(|l| l.text)
        .unwrap_or_else(|| panic!("no lesson for {mode}"))
}

/// A comparison whose baseline ran tasks of 10, 30 and 60 ms in 100 ms:
/// the longest bounds any speedup at ×1.67.
fn after_tasks_of_10_30_60() -> Comparison {
    use Activity::Task;
    let mut c = Comparison {
        resolution_ms: 0.005,
        ..Comparison::default()
    };
    c.add(
        check(
            "sequential",
            None,
            100.0,
            1,
            &[
                (0, Task, 0.0, 10.0),
                (0, Task, 10.0, 40.0),
                (0, Task, 40.0, 100.0),
            ],
        ),
        true,
    );
    c
}

#[test]
fn cpu_lessons_come_from_the_timelines_and_times() {
    use Activity::{Gil, Task};
    let mut c = after_tasks_of_10_30_60();
    c.add(
        check("threads", Some(4), 62.5, 4, &[(0, Task, 0.0, 60.0)]),
        true,
    );
    // Two threads taking turns under the lock, ×1.0.
    c.add(
        check(
            "gil",
            Some(2),
            100.0,
            2,
            &[
                (0, Gil, 0.0, 5.0),
                (1, Gil, 5.0, 10.0),
                (0, Gil, 10.0, 100.0),
            ],
        ),
        true,
    );
    let mut procs = check(
        "processes",
        Some(2),
        80.0,
        2,
        &[(0, Task, 0.0, 60.0), (1, Activity::Transfer, 0.0, 4.0)],
    );
    procs.start = Some(PoolStart {
        ms: 120.0,
        cold: true,
    });
    c.add(procs, true);

    let seq = said(&c, "sequential");
    assert!(
        seq.contains("3 tasks") && seq.contains("60.0 ms") && seq.contains("×1.67"),
        "{seq}"
    );
    let threads = said(&c, "threads");
    assert!(
        threads.contains("×1.60")
            && threads.contains("40 %")
            && threads.contains("caps every mode at ×1.67"),
        "{threads}"
    );
    let gil = said(&c, "gil");
    assert!(
        gil.contains("×1.00")
            && gil.contains("3 holds")
            && gil.contains("never more than 1 holder"),
        "{gil}"
    );
    assert!(!gil.contains("unusual"), "{gil}");
    let p = said(&c, "processes");
    // 100 / (80 + 120) = ×0.50 once the pool's start is paid.
    assert!(
        p.contains("×1.25")
            && p.contains("4.00 ms")
            && p.contains("120 ms")
            && p.contains("×0.50 with it"),
        "{p}"
    );

    assert!(!p.contains("beats"), "{p}");

    // A pool that beats the baseline's bound says why, from its own tasks:
    // ×2.00 against ×1.67, its longest task 40 ms against the baseline's 60.
    let mut fast = after_tasks_of_10_30_60();
    fast.add(
        check(
            "processes",
            Some(2),
            50.0,
            2,
            &[
                (0, Task, 0.0, 7.0),
                (0, Task, 7.0, 27.0),
                (1, Task, 0.0, 40.0),
            ],
        ),
        true,
    );
    let beat = said(&fast, "processes");
    assert!(
        beat.contains("×2.00")
            && beat.contains("beats the ×1.67")
            && beat.contains("40.0 ms against 60.0 ms"),
        "{beat}"
    );
    assert!(
        said(&fast, "sequential").contains("at the speed these tasks ran"),
        "{}",
        said(&fast, "sequential")
    );

    // The same GIL gaining ×1.5 is called out, not explained away.
    let mut odd = Comparison::default();
    odd.add(
        check("sequential", None, 150.0, 1, &[(0, Task, 0.0, 150.0)]),
        true,
    );
    odd.add(
        check("gil", Some(2), 100.0, 2, &[(0, Gil, 0.0, 100.0)]),
        true,
    );
    assert!(
        said(&odd, "gil").contains("unusual"),
        "{}",
        said(&odd, "gil")
    );
}

/// Eight spans of `a`, 100 ms each, one after another on lane 0.
fn one_at_a_time(a: Activity) -> Vec<(usize, Activity, f64, f64)> {
    (0..8)
        .map(|i| (0, a, f64::from(i) * 100.0, f64::from(i + 1) * 100.0))
        .collect()
}

/// An I/O comparison whose baseline is 8 sequential requests of 100 ms.
fn io_after_sequential() -> Comparison {
    let mut c = Comparison {
        resolution_ms: 0.005,
        experiment: Some(lab::mode::Experiment::Io),
        ..Comparison::default()
    };
    c.add(
        check("sequential", None, 800.0, 1, &one_at_a_time(Activity::Wait)),
        true,
    );
    c
}

/// Four blocking threads whose requests went out one at a time (as
/// Chromium's HTTP cache once made them, for one URL): the lesson says what
/// the network line saw, and that the mean overlap fell short of the pool.
#[test]
fn io_lessons_say_what_was_on_the_network_and_who_took_turns() {
    use Activity::{Wait, Wire};
    let mut c = io_after_sequential();
    // Each thread waits for its turn: four waits open at once, one request
    // on the network at a time.
    let mut threads: Vec<_> = (0..8u32)
        .map(|i| {
            let start = if i < 4 { 0.0 } else { f64::from(i - 3) * 100.0 };
            (i as usize % 4, Wait, start, f64::from(i + 1) * 100.0)
        })
        .collect();
    threads.extend(one_at_a_time(Wire));
    c.add(check("threads", Some(4), 800.0, 4, &threads), true);
    let t = said(&c, "threads");
    assert!(
        t.contains("4 awaited at once, at most 1 of them on the network")
            && t.contains("1.0 being answered at a time")
            && t.contains("well under 4: the requests took turns"),
        "{t}"
    );
}

#[test]
fn io_lessons_count_rounds_of_the_median_wait() {
    use Activity::Wait;
    let mut c = io_after_sequential();
    let threads: Vec<_> = (0..8)
        .map(|i| {
            (
                i % 4,
                Wait,
                f64::from(i as u32 / 4) * 100.0,
                f64::from(i as u32 / 4 + 1) * 100.0,
            )
        })
        .collect();
    c.add(check("threads", Some(4), 205.0, 4, &threads), true);
    let burst: Vec<_> = (0..8).map(|_| (0, Wait, 0.0, 100.0)).collect();
    c.add(check("async", None, 101.0, 1, &burst), true);

    let s = said(&c, "sequential");
    assert!(
        s.contains("8 requests") && s.contains("100 ms") && s.contains("37.98 s"),
        "{s}"
    );
    let t = said(&c, "threads");
    assert!(
        t.contains("2 rounds")
            && t.contains("200 ms")
            && t.contains("4 awaited at once (the browser did not say")
            && t.contains("3.9 being answered at a time")
            && !t.contains("took turns"),
        "{t}"
    );
    assert!(
        t.contains("×2.79") && t.contains("the same shape"),
        "the article's ThreadPool(4): {t}"
    );
    assert!(s.contains("waiting for answers took 800 ms"), "{s}");
    let a = said(&c, "async");
    assert!(
        a.contains("1.0 × 100 ms (the median answer time one at a time)"),
        "{a}"
    );
    assert!(
        a.contains("8 requests from one thread")
            && a.contains("8 awaited at once")
            && a.contains("×11.1"),
        "{a}"
    );
    // Where the time went, along the last answer (no network spans: the
    // browser's word is missing, and the wait is one part).
    assert!(
        a.contains("Its last run took 101 ms, along its last answer")
            && a.contains(
                "100 ms waiting for the answer (the browser did not say when it went out)"
            )
            && a.contains("1.00 ms after the last answer"),
        "{a}"
    );
}

#[test]
fn seed_figures_are_the_articles_own() {
    let io = seed(lab::mode::Experiment::Io, ModeKind::Async).expect("printed");
    assert_eq!(io.seconds, 3.4348);
    assert!((io.speedup.unwrap() - 37.9845 / 3.4348).abs() < 1e-12);
    assert_eq!(
        seed(lab::mode::Experiment::Regex, ModeKind::Processes).map(|s| s.label()),
        Some("8.42 s · ×1.53".into())
    );
    assert_eq!(
        seed(lab::mode::Experiment::Io, ModeKind::Gil),
        None,
        "the article ran no such mode"
    );
    assert_eq!(
        seed(lab::mode::Experiment::Fib, ModeKind::Processes),
        None,
        "the fib article printed no times"
    );
}

#[test]
fn counting_pool_start_adds_it_to_every_run_of_modes_with_a_pool() {
    let mut c = Comparison::default();
    c.add(check("sequential", None, 100.0, 1, &[]), true);
    for ms in [50.0, 60.0, 40.0] {
        let mut p = check("processes", Some(2), ms, 2, &[]);
        p.start = Some(PoolStart {
            ms: 100.0,
            cold: ms == 50.0,
        });
        c.add(p, true);
    }
    let counted = c.counting_start();
    let r = &counted.results[1];
    assert_eq!(r.samples, [150.0, 160.0, 140.0]);
    assert_eq!(r.ms, 150.0);
    assert_eq!(counted.results[0].ms, 100.0, "no pool, nothing added");
    assert!((counted.speedup(r).unwrap() - 100.0 / 150.0).abs() < 1e-12);
    assert_eq!(
        c.results[1].ms, 50.0,
        "the measured samples stay as they were"
    );
    assert!(said(&counted, "processes").contains("includes the pool's start, 100 ms"));
    assert!(
        said(&c, "processes").contains("×0.67 with it"),
        "{}",
        said(&c, "processes")
    );
}

#[test]
fn hybrid_lessons_measure_the_overlap_of_waiting_and_computing() {
    use Activity::{Task, Wait};
    let mut c = Comparison {
        experiment: Some(lab::mode::Experiment::Hybrid),
        ..Comparison::default()
    };
    // Fetch 50, compute 50, twice: nothing overlapped.
    let one_by_one = [
        (0, Wait, 0.0, 50.0),
        (1, Task, 50.0, 100.0),
        (0, Wait, 100.0, 150.0),
        (1, Task, 150.0, 200.0),
    ];
    c.add(check("sequential", None, 200.0, 2, &one_by_one), true);
    // Both fetches land together, then two steps side by side: shorter than
    // waiting plus computing, yet no step ran while a request waited.
    let side_by_side = [
        (0, Wait, 0.0, 50.0),
        (0, Wait, 0.0, 50.0),
        (1, Task, 50.0, 100.0),
        (2, Task, 50.0, 100.0),
    ];
    c.add(check("async", None, 100.0, 3, &side_by_side), true);
    // Each step as its item lands, while the other still waits: 10 ms of both.
    let landed = [
        (0, Wait, 0.0, 50.0),
        (0, Wait, 0.0, 60.0),
        (1, Task, 50.0, 100.0),
        (2, Task, 60.0, 110.0),
    ];
    c.add(check("threads", Some(2), 110.0, 3, &landed), true);
    let s = said(&c, "sequential");
    assert!(
        s.contains("waiting for 100 ms") && s.contains("hardly overlapped"),
        "{s}"
    );
    let a = said(&c, "async");
    assert!(
        a.contains("computing for 50.0 ms") && a.contains("hardly overlapped"),
        "{a}"
    );
    let t = said(&c, "threads");
    assert!(t.contains("for 10.0 ms both went on at once"), "{t}");
}

#[test]
fn a_limited_async_run_is_explained_by_its_limit_not_the_browser() {
    use Activity::Wait;
    let mut c = Comparison {
        experiment: Some(lab::mode::Experiment::Io),
        ..Comparison::default()
    };
    // 16 requests of 100 ms, at most 5 at once: 4 rounds.
    let limited: Vec<_> = (0..16)
        .map(|i| {
            let round = f64::from(i / 5);
            (0, Wait, round * 100.0, round * 100.0 + 100.0)
        })
        .collect();
    let mut r = check("async", None, 400.0, 1, &limited);
    r.label = "async (≤5 in flight)".into();
    c.add(r, true);
    let a = said(&c, "async");
    assert!(
        a.contains("No more than 5 were let out at once, so at least 4 rounds"),
        "{a}"
    );
    assert!(
        !a.contains("held them back") && !a.contains("article"),
        "{a}"
    );
}
