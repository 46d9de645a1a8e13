//! lab: what the page does with typed text and with measured results.

use crate::helpers::kind;
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

/// The I/O form's defaults with `pairs` typed over them.
fn io_form(pairs: &[(&'static str, &str)]) -> Fields {
    let mut f = form::io_to_fields(&kernels::io::IoParams::default());
    f.extend(fields(pairs));
    f
}

#[test]
fn io_fields() {
    let p = parse_io(&io_form(&[
        ("requests", "20"),
        ("delay_ms", "0"),
        ("limit", " "),
    ]))
    .unwrap();
    assert_eq!((p.requests, p.delay_ms, p.limit), (20, 0, None));
    let p = parse_io(&io_form(&[
        ("requests", "20"),
        ("delay_ms", "5"),
        ("limit", "4"),
    ]))
    .unwrap();
    assert_eq!(p.limit, Some(4));
    for (bad, field) in [
        (
            io_form(&[("requests", "0"), ("delay_ms", "5"), ("limit", "")]),
            "requests",
        ),
        (
            io_form(&[("requests", "2"), ("delay_ms", "-5"), ("limit", "")]),
            "delay_ms",
        ),
        (
            io_form(&[("requests", "2"), ("delay_ms", "5"), ("limit", "0")]),
            "limit",
        ),
    ] {
        assert_eq!(parse_io(&bad).unwrap_err().field, field);
    }
}

fn result(mode: &str, ms: f64, sum: u64) -> ModeResult {
    ModeResult::new(
        kind(mode),
        mode.to_owned(),
        ms,
        Checksum(sum),
        String::new(),
    )
}

/// A comparison of `runs` added in order, each counted.
fn compared(runs: &[(&'static str, f64, u64)]) -> Comparison {
    let mut c = Comparison {
        resolution_ms: 0.005,
        ..Comparison::default()
    };
    for &(mode, ms, sum) in runs {
        c.add(result(mode, ms, sum), true);
    }
    c
}

#[test]
fn a_verdict_never_passes_a_run_in_which_a_ticked_mode_failed() {
    // (runs, failed modes, expected checksum, ✓?, words the verdict says)
    type Case = (
        &'static [(&'static str, f64, u64)],
        &'static [&'static str],
        Option<u64>,
        bool,
        &'static str,
    );
    let cases: &[Case] = &[
        (
            &[("sequential", 9.0, 1), ("async", 1.0, 1)],
            &[],
            Some(1),
            true,
            "✓ Every mode",
        ),
        (
            &[("sequential", 9.0, 1), ("async", 1.0, 1)],
            &[],
            None,
            true,
            "✓ All 2 modes",
        ),
        (
            &[("sequential", 9.0, 1), ("async", 1.0, 2)],
            &[],
            None,
            false,
            "disagree",
        ),
        // WebKit's case: threads could not start; the rest agreed.
        (
            &[("sequential", 9.0, 1), ("async", 1.0, 1)],
            &["threads"],
            Some(1),
            false,
            "✗ threads did not run (see its row): the 2 that ran agree on their checksum, the expected one.",
        ),
        (
            &[("sequential", 9.0, 1)],
            &["threads", "processes"],
            None,
            false,
            "✗ threads, processes did not run (see their rows)",
        ),
        (&[], &["threads"], None, false, "no mode ran to its end"),
        (
            &[("sequential", 9.0, 1), ("async", 1.0, 2)],
            &["gil"],
            None,
            false,
            "disagree",
        ),
    ];
    for &(runs, failed, expected, ok, says) in cases {
        let mut c = compared(runs);
        c.expected = expected.map(Checksum);
        for &f in failed {
            c.fail(kind(f), f.to_owned(), "the object can not be cloned".into());
            // Once per mode, however many repetitions fail it.
            c.fail(kind(f), f.to_owned(), "again".into());
        }
        assert_eq!(c.failed.len(), failed.len());
        let v = c.verdict();
        assert_eq!(v.ok, ok, "{runs:?} {failed:?}: {}", v.text);
        assert!(v.text.contains(says), "{runs:?} {failed:?}: {}", v.text);
        assert_eq!(v.text.starts_with('✓'), ok, "{}", v.text);
    }
}

#[test]
fn the_figures_line_says_every_modes_median_speedup_and_failure() {
    let mut c = compared(&[("sequential", 90.0, 1), ("async", 30.0, 1)]);
    c.fail(kind("threads"), "threads".into(), "no pool".into());
    assert_eq!(
        c.figures(),
        "sequential 90.0 ms · async 30.0 ms (×3.00) · threads failed"
    );
}

#[test]
fn comparison_marks_disagreement_and_computes_speedup() {
    let mut c = compared(&[("sequential", 200.0, 1), ("threads", 100.0, 1)]);
    assert!(c.all_agree());
    assert_eq!(c.speedup(&c.results[1]), Some(2.0));
    let layout = lab::layout::chart::layout(&c);
    let bars = layout.bars;
    assert_eq!(bars.len(), 2);
    assert!(bars[0].width > bars[1].width, "slower mode, longer bar");
    assert!(bars[1].value.contains("×2.00"), "{}", bars[1].value);
    assert_eq!(
        layout.reference,
        Some(bars[0].width),
        "sequential is the reference"
    );

    c.add(result("processes", 50.0, 2), true);
    assert!(!c.all_agree());
    let bars = lab::layout::chart::layout(&c).bars;
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
fn repetitions_are_interleaved_samples_of_one_row_each() {
    // Two modes, one warm-up and three counted repetitions, interleaved as
    // the page runs them: A B, A B, A B, A B.
    let mut c = Comparison {
        resolution_ms: 0.1,
        ..Comparison::default()
    };
    let runs = [
        (400.0, 300.0),
        (210.0, 100.0),
        (200.0, 120.0),
        (190.0, 80.0),
    ];
    for (i, &(a, b)) in runs.iter().enumerate() {
        let counted = i >= 1;
        let mut t = result("threads", b, 7);
        t.workers = Some(2);
        c.add(result("sequential", a, 7), counted);
        if i == 0 {
            assert_eq!(c.shown().count(), 0, "warm-ups are not shown");
        }
        c.add(t, counted);
    }
    assert_eq!(c.results.len(), 2, "one row per mode");
    let (seq, thr) = (&c.results[0], &c.results[1]);
    assert_eq!(
        seq.samples,
        [210.0, 200.0, 190.0],
        "the warm-up is not a sample"
    );
    assert_eq!((seq.warmups, thr.warmups), (1, 1));
    assert_eq!((seq.ms, thr.ms), (200.0, 100.0), "the time is the median");
    let s = c.speedup_range(thr).unwrap();
    assert_eq!(s.ratio, 2.0, "a ratio of medians");
    assert!((s.low - 190.0 / 120.0).abs() < 1e-12 && (s.high - 210.0 / 80.0).abs() < 1e-12);
    assert_eq!(c.efficiency(thr), Some(1.0));
    assert_eq!(c.efficiency(seq), None, "not a parallel mode");
    assert_eq!(c.range_label(thr), "80.0 ms – 120 ms");
    assert_eq!(c.spread_label(thr), "± 20.0 ms (20 %)");
    assert_eq!(c.speedup_label(thr), "×2.00 (1.58–2.62)");
    assert_eq!(c.speedup_label(seq), "×1.00 (baseline)");
    let bars = lab::layout::chart::layout(&c).bars;
    assert_eq!(bars[1].samples.len(), 3, "a dot per counted sample");
    assert!(bars[1].whisker.0 < bars[1].width && bars[1].width < bars[1].whisker.1);

    // One repetition that answers differently marks the mode, whatever the others said.
    c.add(result("threads", 90.0, 8), true);
    assert!(!c.agrees(&c.results[1]) && !c.all_agree());
    c.add(result("threads", 90.0, 7), true);
    assert!(!c.agrees(&c.results[1]), "a bad answer is not outvoted");
}

#[test]
fn statistics_of_samples() {
    use lab::results::stats::{Summary, median};
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
    assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    let s = Summary::of(&[10.0, 12.0, 11.0, 50.0, 9.0]).unwrap();
    // One outlier moves neither the median nor the MAD much.
    assert_eq!((s.n, s.median, s.min, s.max), (5, 11.0, 9.0, 50.0));
    assert_eq!(s.mad, 1.0, "deviations 1, 1, 0, 39, 2");
    assert!((s.spread_pct() - 100.0 / 11.0).abs() < 1e-12);
    assert_eq!(Summary::of(&[]), None);
    assert_eq!(Summary::of(&[1.0, f64::NAN]), None, "not a time");
    assert_eq!(Summary::of(&[-1.0]), None, "not a time");
    assert_eq!(lab::results::stats::efficiency(3.0, 4), Some(0.75));
    assert_eq!(lab::results::stats::efficiency(3.0, 0), None);
}

#[test]
fn repeats_parse_or_name_the_bad_field() {
    use lab::form::{Repeats, parse_repeats, repeats_to_fields};
    for r in [Repeats::CPU, Repeats::ONCE] {
        assert_eq!(parse_repeats(&repeats_to_fields(r)), Ok(r));
    }
    assert_eq!(Repeats::CPU.total(), 6);
    assert!(!Repeats::CPU.counts(0) && Repeats::CPU.counts(1));
    assert_eq!(Repeats::CPU.name("gil", 0), "gil (warm-up 1 of 1)");
    assert_eq!(Repeats::CPU.name("gil", 5), "gil (run 5 of 5)");
    assert_eq!(
        Repeats::ONCE.name("gil", 0),
        "gil",
        "nothing to add for one run"
    );
    for (warmup, repeats, field) in [
        ("21", "3", "warmup"),
        ("x", "3", "warmup"),
        ("0", "0", "repeats"),
        ("0", "51", "repeats"),
        ("0", "", "repeats"),
    ] {
        let f = fields(&[("warmup", warmup), ("repeats", repeats)]);
        assert_eq!(
            parse_repeats(&f).unwrap_err().field,
            field,
            "{warmup} {repeats}"
        );
    }
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
