//! lab: what the page does with typed text and with measured results.

use kernels::{Checksum, Workload};
use lab::form::{self, Fields, parse_io, parse_workload};
use lab::results::{format_ms, format_speedup};
use lab::{Comparison, ModeResult};

fn fields(pairs: &[(&'static str, &str)]) -> Fields {
    pairs.iter().map(|&(k, v)| (k, v.to_owned())).collect()
}

/// Parses `pairs` as workload `key` and checks the outcome: `Ok(w)` or an error on `field`.
fn check(key: &str, pairs: &[(&'static str, &str)], want: Result<Workload, &str>) {
    let got = parse_workload(key, &fields(pairs));
    match (got, want) {
        (Ok(g), Ok(w)) => assert_eq!(g, w, "{key} {pairs:?}"),
        (Err(e), Err(field)) => {
            assert_eq!(e.field, field, "{key} {pairs:?}: {e}");
            assert!(!e.message.is_empty());
        }
        (g, w) => panic!("{key} {pairs:?}: got {g:?}, want {w:?}"),
    }
}

#[test]
fn workload_fields_parse_or_name_the_bad_field() {
    check(
        "fib",
        &[("ns", " 28, 30 ,32 ")],
        Ok(Workload::Fib {
            ns: vec![28, 30, 32],
        }),
    );
    check(
        "fib",
        &[("ns", "28,,30,")],
        Ok(Workload::Fib { ns: vec![28, 30] }),
    );
    check("fib", &[("ns", "")], Err("ns"));
    check("fib", &[("ns", "28, x")], Err("ns"));
    check("fib", &[("ns", "-1")], Err("ns"));
    check("fib", &[("ns", "41")], Err("ns"));
    check("fib", &[("ns", "1e3")], Err("ns"));
    check("fib", &[("ns", "99999999999999999999")], Err("ns"));
    let regex = [("count", "10"), ("len", "100"), ("seed", "7")];
    check(
        "regex",
        &regex,
        Ok(Workload::Regex {
            seed: 7,
            count: 10,
            len: 100,
        }),
    );
    check(
        "regex",
        &[("count", "0"), ("len", "100"), ("seed", "7")],
        Err("count"),
    );
    check(
        "regex",
        &[("count", "10"), ("len", "NaN"), ("seed", "7")],
        Err("len"),
    );
    check("regex", &[("count", "10"), ("len", "10")], Err("seed"));
    check(
        "sum_random",
        &[("tasks", "8"), ("count", "Infinity"), ("seed", "1")],
        Err("count"),
    );
    check(
        "sum_random",
        &[("tasks", "257"), ("count", "1"), ("seed", "1")],
        Err("tasks"),
    );
    check(
        "mandelbrot",
        &[("width", "10"), ("height", "4097"), ("max_iter", "5")],
        Err("height"),
    );
    check(
        "mandelbrot",
        &[("width", "<b>"), ("height", "4"), ("max_iter", "5")],
        Err("width"),
    );
    check("nope", &[], Err("workload"));
}

#[test]
fn defaults_round_trip_through_the_form() {
    for (key, _) in form::WORKLOADS {
        let w = Workload::default_for(key).unwrap();
        let f = form::to_fields(&w);
        assert_eq!(
            f.keys().copied().collect::<std::collections::BTreeSet<_>>(),
            form::fields(key).iter().map(|s| s.key).collect(),
            "{key}: form fields"
        );
        assert_eq!(parse_workload(key, &f).unwrap(), w, "{key}");
    }
    let io = kernels::io::IoParams::default();
    assert_eq!(parse_io(&form::io_to_fields(&io)).unwrap(), io);
}

#[test]
fn io_fields() {
    let p = parse_io(&fields(&[
        ("requests", "20"),
        ("delay_ms", "0"),
        ("limit", " "),
    ]))
    .unwrap();
    assert_eq!((p.requests, p.delay_ms, p.limit), (20, 0, None));
    let p = parse_io(&fields(&[
        ("requests", "20"),
        ("delay_ms", "5"),
        ("limit", "4"),
    ]))
    .unwrap();
    assert_eq!(p.limit, Some(4));
    for (bad, field) in [
        (
            fields(&[("requests", "0"), ("delay_ms", "5"), ("limit", "")]),
            "requests",
        ),
        (
            fields(&[("requests", "2"), ("delay_ms", "-5"), ("limit", "")]),
            "delay_ms",
        ),
        (
            fields(&[("requests", "2"), ("delay_ms", "5"), ("limit", "0")]),
            "limit",
        ),
    ] {
        assert_eq!(parse_io(&bad).unwrap_err().field, field);
    }
}

fn result(mode: &'static str, ms: f64, sum: u64) -> ModeResult {
    ModeResult {
        mode,
        label: mode.to_owned(),
        ms,
        checksum: Checksum(sum),
        detail: String::new(),
        page: None,
        start: None,
    }
}

#[test]
fn comparison_marks_disagreement_and_computes_speedup() {
    let mut c = Comparison {
        results: vec![result("sequential", 200.0, 1), result("threads", 100.0, 1)],
        expected: None,
        resolution_ms: 0.005,
    };
    assert!(c.all_agree());
    assert_eq!(c.speedup(&c.results[1]), Some(2.0));
    let bars = lab::chart::layout(&c).bars;
    assert_eq!(bars.len(), 2);
    assert!(bars[0].width > bars[1].width, "slower mode, longer bar");
    assert!(bars[1].value.contains("×2.00"), "{}", bars[1].value);

    c.results.push(result("broken", 50.0, 2));
    assert!(!c.all_agree());
    let bars = lab::chart::layout(&c).bars;
    assert!(
        !bars[2].agrees && bars[2].value.contains("differs"),
        "{:?}",
        bars[2]
    );

    c.expected = Some(Checksum(2));
    assert!(
        !c.agrees(&c.results[0]),
        "the expected checksum wins over the first result"
    );
}

#[test]
fn figures_are_never_finer_than_the_timer() {
    assert_eq!(format_ms(1234.5, 0.1), "1.23 s");
    assert_eq!(format_ms(123.456, 0.005), "123 ms");
    assert_eq!(format_ms(12.345, 0.005), "12.3 ms");
    assert_eq!(format_ms(1.2345, 0.005), "1.23 ms");
    assert_eq!(
        format_ms(1.2345, 0.1),
        "1.2 ms",
        "100 µs timer: one decimal"
    );
    assert_eq!(format_ms(0.05, 0.1), "< 0.1 ms");
    assert_eq!(format_ms(f64::NAN, 0.1), "—");
    assert_eq!(format_speedup(1.934), "×1.93");
    assert_eq!(format_speedup(31.25), "×31.2");
}

#[test]
fn progress_reads_as_a_person_would_say_it() {
    use lab::results::Step;
    let s = |done, total| {
        Step {
            what: "threads ×2".into(),
            done,
            total,
            unit: "tasks",
        }
        .to_string()
    };
    assert_eq!(s(3, 8), "threads ×2: 3 / 8 tasks");
    assert_eq!(s(0, 0), "threads ×2…", "no count while preparing");
}

#[test]
fn switch_interval_is_whole_milliseconds_in_range() {
    assert_eq!(form::parse_switch_interval(" 5 "), Ok(5));
    for bad in ["0", "1001", "0.5", "", "five"] {
        assert_eq!(
            form::parse_switch_interval(bad).unwrap_err().field,
            "switch_ms",
            "{bad:?}"
        );
    }
}

#[test]
fn responsiveness_of_a_window() {
    use lab::responsiveness::Responsiveness;
    // 60 Hz frames from 0 to 1000 ms, then nothing until 1400, then frames again.
    let mut frames: Vec<f64> = (0..60).map(|i| f64::from(i) * 16.7).collect();
    frames.extend((0..30).map(|i| 1400.0 + f64::from(i) * 16.7));
    let tasks = [(1000.0, 390.0), (3000.0, 60.0)];

    let smooth = Responsiveness::of(&frames, &tasks, 100.0, 900.0);
    assert_eq!(smooth.long_tasks, 0);
    assert!(smooth.longest_frame_gap_ms < 20.0, "{smooth:?}");
    assert!(!smooth.froze() && smooth.summary().starts_with("smooth"));

    let frozen = Responsiveness::of(&frames, &tasks, 950.0, 1450.0);
    assert_eq!(
        frozen.long_tasks, 1,
        "only the task that started in the window"
    );
    assert!((frozen.longest_task_ms - 390.0).abs() < 1e-9);
    assert!(frozen.longest_frame_gap_ms > 380.0, "{frozen:?}");
    assert!(
        frozen.froze() && frozen.summary().starts_with("froze: 1 long task,"),
        "{}",
        frozen.summary()
    );

    // The same freeze reported twice (as a long task inside a long animation
    // frame) counts once, with the span of both.
    let twice = Responsiveness::of(&frames, &[(1000.0, 390.0), (990.0, 420.0)], 950.0, 1450.0);
    assert_eq!(twice.long_tasks, 1, "{twice:?}");
    assert!((twice.longest_task_ms - 420.0).abs() < 1e-9);

    // A freeze that began before the window is not charged to it.
    let earlier = Responsiveness::of(&frames, &[(900.0, 200.0)], 950.0, 1450.0);
    assert_eq!(earlier.long_tasks, 0, "{earlier:?}");

    // A freeze covering the whole window, with no frame inside it, still shows.
    let inside = Responsiveness::of(&frames, &[], 1100.0, 1300.0);
    assert!((inside.longest_frame_gap_ms - 200.0).abs() < 1e-9 && inside.froze());

    // Whose freeze: the heartbeat. A slow frame while the page's thread kept
    // beating every 10 ms is not the page's doing; a gap in the beats is.
    let beats: Vec<f64> = (0..300)
        .map(|i| f64::from(i) * 10.0)
        .filter(|&t| !(1000.0..1390.0).contains(&t))
        .collect();
    let ours = frozen.with_heartbeat(&beats, 950.0, 1450.0);
    // Beats at 990 and then 1390: blocked for 400 ms.
    assert!(
        (ours.longest_stall_ms - 400.0).abs() < 1e-9 && ours.blocked(),
        "{ours:?}"
    );
    assert!(
        ours.summary()
            .ends_with("page thread blocked up to 400 ms; this run's longest step on it 0.0 ms"),
        "{}",
        ours.summary()
    );
    let stall =
        Responsiveness::of(&frames, &tasks, 2900.0, 3100.0).with_heartbeat(&beats, 2900.0, 2990.0);
    assert!(stall.froze() && !stall.blocked(), "{stall:?}");
}

/// A future that takes `costs[i]` ms of the fake clock `now` in its i-th
/// poll, waiting (waking itself) between polls, and returns how many it took.
struct Costly<'a> {
    costs: &'a [f64],
    polls: usize,
    now: &'a std::cell::Cell<f64>,
}

impl std::future::Future for Costly<'_> {
    type Output = usize;
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<usize> {
        let cost = self.costs[self.polls];
        self.now.set(self.now.get() + cost);
        self.polls += 1;
        if self.polls == self.costs.len() {
            std::task::Poll::Ready(self.polls)
        } else {
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    }
}

/// Polls `fut` to completion on this thread (it must wake itself).
fn block_on<F: std::future::Future>(fut: F) -> F::Output {
    struct Noop;
    impl std::task::Wake for Noop {
        fn wake(self: std::sync::Arc<Self>) {}
    }
    let waker = std::task::Waker::from(std::sync::Arc::new(Noop));
    let mut cx = std::task::Context::from_waker(&waker);
    let mut fut = std::pin::pin!(fut);
    loop {
        if let std::task::Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[test]
fn a_runs_steps_are_its_polls() {
    use lab::responsiveness::{Responsiveness, steps};
    // asyncio's lesson: a run that computes on the event loop's thread is one
    // long step; a run that waits on workers is many short ones.
    for (costs, longest, blocked, shown) in [
        (&[400.0][..], 400.0, true, "400 ms"),
        (&[0.2, 0.1, 0.3, 0.1][..], 0.3, false, "0.3 ms"),
        (&[0.1, 60.0, 0.1][..], 60.0, true, "60 ms"),
    ] {
        let now = std::cell::Cell::new(1000.0);
        let fut = Costly {
            costs,
            polls: 0,
            now: &now,
        };
        let (polls, seen) = block_on(steps(fut, || now.get()));
        assert_eq!((polls, seen.count), (costs.len(), costs.len()), "{costs:?}");
        assert!(
            (seen.longest_ms - longest).abs() < 1e-9,
            "{costs:?}: {seen:?}"
        );
        assert!(
            (seen.total_ms - costs.iter().sum::<f64>()).abs() < 1e-9,
            "{costs:?}: {seen:?}"
        );
        let r = Responsiveness::default().with_steps(seen);
        assert_eq!(r.run_blocked(), blocked, "{costs:?}");
        let shown = format!("this run's longest step on it {shown}");
        assert!(r.summary().ends_with(&shown), "{}", r.summary());
    }
}
