//! Bad input, typed into the form or put in a link: a corpus of bad values
//! through every parameter of every panel. Each is refused with a message
//! the page shows next to a field (or as a link note), and falls back to
//! what was there; nothing panics; what a link leaves can always run. And
//! the estimates that refuse a click too big for the tab.

use kernels::Workload;
use kernels::hybrid::Hybrid;
use kernels::io::IoParams;
use lab::ModeKind;
use lab::budget::{self, IoPlan, MAX_BYTES};
use lab::form::{self, Fields, Repeats};
use lab::link::{CpuConfig, HybridConfig, IoConfig};

/// Values that are wrong for every parameter a panel has: numbers, lists,
/// names, flags and URLs alike.
fn clearly_bad() -> Vec<String> {
    let mut v: Vec<String> = [
        "-1",
        "-0.5",
        "1.5",
        "1e9",
        "0x10",
        "NaN",
        "nan",
        "Infinity",
        "-Infinity",
        "99999999999999999999999",
        "18446744073709551616",
        "abc",
        "١٢٣",
        "🙂",
        "\0",
        "\u{202e}1",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "';DROP TABLE runs;--",
        "{{7*7}}",
        "%3Cb%3E",
    ]
    .map(String::from)
    .to_vec();
    v.push("9".repeat(5000));
    v.push("<b>".repeat(30_000));
    v
}

/// Values that may be right for some parameter and wrong for others.
fn edge() -> Vec<String> {
    [
        "",
        " ",
        "0",
        "00",
        "+5",
        " 7 ",
        "1,,2",
        ",",
        "1",
        "4096",
        "5000",
        "10000",
        "4294967296",
        "sequential",
        "fib",
        "1,2,3",
    ]
    .map(String::from)
    .to_vec()
}

/// A message fit to show a person: says something, briefly, in plain text.
fn readable(m: &str, context: &str) {
    assert!(!m.trim().is_empty(), "{context}: empty message");
    assert!(
        m.chars().count() <= 400,
        "{context}: a {}-character message",
        m.chars().count()
    );
    assert!(
        !m.chars().any(|c| c.is_control()),
        "{context}: control characters in {m:?}"
    );
}

fn one(key: &str, value: &str) -> Vec<(String, String)> {
    vec![(key.to_owned(), value.to_owned())]
}

const CORES: usize = 2;
const MAX_PROCESSES: usize = 8;

/// The CPU link's keys, each with the workload its field belongs to.
fn cpu_keys() -> Vec<(String, Option<&'static str>)> {
    let mut keys: Vec<(String, Option<&str>)> = [
        "workload",
        "modes",
        "workers",
        "processes",
        "cold",
        "switch_ms",
        "warmup",
        "repeats",
    ]
    .map(|k| (format!("cpu-{k}"), None))
    .to_vec();
    for (w, _) in form::WORKLOADS {
        for spec in form::fields(w) {
            keys.push((format!("cpu-{}", spec.key), Some(w)));
        }
    }
    keys
}

/// Whether the page can run `c` as it stands.
fn cpu_runnable(c: &CpuConfig) -> bool {
    form::parse_workload(&c.workload, &c.fields).is_ok()
        && form::parse_switch_interval(&c.switch_ms).is_ok()
        && form::parse_repeats(&form::repeats_to_fields(c.repeats)).is_ok()
        && !c.modes.is_empty()
        && (1..=CORES).contains(&c.workers)
        && (1..=MAX_PROCESSES).contains(&c.processes)
}

fn io_runnable(c: &IoConfig) -> bool {
    form::parse_io(&c.fields).is_ok()
        && form::parse_endpoint(c.endpoint, &c.url).is_ok()
        && form::parse_endpoint(lab::form::EndpointChoice::Server, &c.url).is_ok()
        && !c.modes.is_empty()
        && (1..=lab::link::IO_MAX_THREADS).contains(&c.threads)
}

fn hybrid_runnable(c: &HybridConfig) -> bool {
    form::parse_hybrid(&c.fields).is_ok() && !c.modes.is_empty()
}

/// Checks one link: it leaves a runnable configuration, its notes are
/// readable, and a clearly bad value leaves a note and the defaults.
fn check<C: PartialEq + std::fmt::Debug>(
    read: impl Fn(&[(String, String)]) -> (C, Vec<String>),
    runnable: impl Fn(&C) -> bool,
    base: &[(String, String)],
    key: &str,
    value: &str,
    clearly: bool,
) {
    let (defaults, none) = read(base);
    assert!(none.is_empty(), "{base:?}: {none:?}");
    let mut q = base.to_vec();
    q.extend(one(key, value));
    let context = format!("{key}={:?}", value.chars().take(40).collect::<String>());
    let (c, notes) = read(&q);
    assert!(runnable(&c), "{context}: the link left {c:?}");
    for n in &notes {
        readable(n, &context);
    }
    if clearly {
        assert!(!notes.is_empty(), "{context}: no note");
        assert_eq!(c, defaults, "{context}: not the defaults");
    }
}

#[test]
fn every_link_parameter_refuses_every_bad_value() {
    let mut checked = 0;
    for (values, clearly) in [(clearly_bad(), true), (edge(), false)] {
        for v in &values {
            for (key, workload) in cpu_keys() {
                let base = workload.map_or_else(Vec::new, |w| one("cpu-workload", w));
                check(
                    |q| CpuConfig::from_query(q, CORES, MAX_PROCESSES),
                    cpu_runnable,
                    &base,
                    &key,
                    v,
                    clearly,
                );
                checked += 1;
            }
            for k in [
                "requests",
                "delay_ms",
                "limit",
                "fail",
                "fail_rate",
                "slow_ms",
                "retries",
                "timeout_ms",
                "modes",
                "threads",
                "processes",
                "endpoint",
                "url",
                "warmup",
                "repeats",
            ] {
                check(
                    |q| IoConfig::from_query(q, CORES, MAX_PROCESSES),
                    io_runnable,
                    &[],
                    &format!("io-{k}"),
                    v,
                    clearly,
                );
                checked += 1;
            }
            for k in lab::link::embed::PAGE_KEYS {
                check(
                    lab::link::embed::PageParams::from_query,
                    |_| true,
                    &[],
                    k,
                    v,
                    // "-1" names a widget as well as any other id would.
                    clearly && !(k == "widget" && lab::link::embed::valid_widget_id(v)),
                );
                checked += 1;
            }
            for k in ["items", "delay_ms", "count", "modes", "warmup", "repeats"] {
                check(
                    HybridConfig::from_query,
                    hybrid_runnable,
                    &[],
                    &format!("hybrid-{k}"),
                    v,
                    clearly,
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked} links checked");
}

/// Parses `fields` with `value` at `key` and checks the outcome: a valid
/// value, or an error for one of the form's own fields (the page shows it
/// there) that a person can read. A clearly bad value must be an error.
fn check_form<T>(
    parse: impl Fn(&Fields) -> Result<T, kernels::ParamError>,
    fields: &Fields,
    shown: &[&str],
    key: &'static str,
    value: &str,
    clearly: bool,
) -> Option<T> {
    let mut f = fields.clone();
    f.insert(key, value.to_owned());
    let context = format!("{key}={:?}", value.chars().take(40).collect::<String>());
    match parse(&f) {
        Ok(t) => {
            assert!(!clearly, "{context}: accepted");
            Some(t)
        }
        Err(e) => {
            assert!(shown.contains(&e.field), "{context}: error for {}", e.field);
            readable(&e.message, &context);
            None
        }
    }
}

#[test]
fn every_form_field_refuses_every_bad_value() {
    let reps = Repeats::CPU;
    for (values, clearly) in [(clearly_bad(), true), (edge(), false)] {
        for v in &values {
            for (w, _) in form::WORKLOADS {
                let specs = form::fields(w);
                let shown: Vec<&str> = specs.iter().map(|s| s.key).collect();
                let base = form::to_fields(&Workload::default_for(w).expect("known"));
                for spec in specs {
                    let parse = |f: &Fields| form::parse_workload(w, f);
                    if let Some(w) = check_form(parse, &base, &shown, spec.key, v, clearly) {
                        // A valid workload is estimated; a refusal names a shown field.
                        if let Err(e) = budget::cpu(&w, &lab::mode::CPU_MODES, reps) {
                            assert!(shown.contains(&e.field), "{e}");
                        }
                    }
                }
            }
            let io = form::io_to_fields(&IoParams::default());
            for spec in form::IO_FIELDS {
                check_form(
                    form::parse_io,
                    &io,
                    &form::IO_FIELDS.map(|s| s.key),
                    spec.key,
                    v,
                    clearly && spec.key != "limit",
                );
            }
            let hybrid = form::hybrid_to_fields(&Hybrid::default());
            for spec in form::HYBRID_FIELDS {
                check_form(
                    form::parse_hybrid,
                    &hybrid,
                    &["items", "delay_ms", "count"],
                    spec.key,
                    v,
                    clearly,
                );
            }
            let r = form::repeats_to_fields(reps);
            for spec in form::REPEAT_FIELDS {
                check_form(
                    form::parse_repeats,
                    &r,
                    &["warmup", "repeats"],
                    spec.key,
                    v,
                    clearly,
                );
            }
            let sw = |f: &Fields| {
                form::parse_switch_interval(f.get("switch_ms").map_or("", String::as_str))
            };
            check_form(sw, &Fields::new(), &["switch_ms"], "switch_ms", v, clearly);
            let url = |f: &Fields| {
                form::parse_endpoint(
                    lab::form::EndpointChoice::Server,
                    f.get("endpoint_url").map_or("", String::as_str),
                )
            };
            check_form(
                url,
                &Fields::new(),
                &["endpoint_url"],
                "endpoint_url",
                v,
                clearly,
            );
        }
    }
}

#[test]
fn duplicated_and_conflicting_link_parameters_are_reported() {
    let q = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    // The last value wins, as a form's would, and the note says so.
    let (c, notes) = CpuConfig::from_query(
        &q(&[("cpu-repeats", "3"), ("cpu-repeats", "7")]),
        CORES,
        MAX_PROCESSES,
    );
    assert_eq!(c.repeats.counted, 7);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("more than once") && notes[0].contains("“7”"),
        "{notes:?}"
    );
    // The same value twice is no conflict.
    let (_, notes) = IoConfig::from_query(
        &q(&[("io-requests", "20"), ("io-requests", "20")]),
        CORES,
        MAX_PROCESSES,
    );
    assert!(notes.is_empty(), "{notes:?}");
    // A field of another workload conflicts with the one picked.
    let (c, notes) = CpuConfig::from_query(
        &q(&[("cpu-workload", "fib"), ("cpu-width", "10")]),
        CORES,
        MAX_PROCESSES,
    );
    assert_eq!(c, CpuConfig::defaults(CORES));
    assert_eq!(notes, ["“cpu-width” is not a field of fib: ignored"]);
    // Tens of thousands of pairs are read in one pass (the page reads its
    // link on load: a quadratic read of this one would hang it).
    let many: Vec<(String, String)> = (0..40_000)
        .map(|i| ("cpu-ns".to_owned(), (i % 41).to_string()))
        .collect();
    let (c, notes) = CpuConfig::from_query(&many, CORES, MAX_PROCESSES);
    assert_eq!(c.fields["ns"], (39_999 % 41).to_string());
    assert_eq!(notes.len(), 1, "{notes:?}");
    // A URL is checked even when the in-page endpoint does not use it.
    let (c, notes) = IoConfig::from_query(&q(&[("io-url", "ftp://x")]), CORES, MAX_PROCESSES);
    assert_eq!(c, IoConfig::defaults(CORES));
    assert_eq!(notes.len(), 1, "{notes:?}");
}

/// The number after `after` in `message` (a suggestion such as "n ≤ 33").
fn suggested(message: &str, after: &str) -> u32 {
    let at = message
        .find(after)
        .unwrap_or_else(|| panic!("no {after:?} in {message}"));
    message[at + after.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or_else(|_| panic!("no number after {after:?} in {message}"))
}

#[test]
fn the_defaults_fit_and_oversize_clicks_are_refused_with_a_size_that_fits() {
    let all = lab::mode::CPU_MODES;
    let reps = Repeats::CPU;
    let default_modes = CpuConfig::defaults(CORES).modes;
    for (w, _) in form::WORKLOADS {
        let d = Workload::default_for(w).expect("known");
        let e = budget::cpu(&d, &default_modes, reps).unwrap_or_else(|e| panic!("{w}: {e}"));
        assert!(e.seconds > 0.0 && e.bytes > 0, "{w}: {e:?}");
    }
    // The seeds' fib list runs in every mode, the page's thread included.
    let fib = Workload::default_for("fib").expect("known");
    budget::cpu(&fib, &all, reps).expect("fib's defaults fit every mode");
    let io = IoParams::default();
    let plan = IoPlan {
        threads: 4,
        processes: CORES,
        connections: Some(6),
    };
    budget::io(&io, &lab::mode::IO_MODES, plan, Repeats::ONCE).expect("I/O defaults fit");
    budget::hybrid(&Hybrid::default(), &lab::mode::HYBRID_MODES, Repeats::ONCE)
        .expect("hybrid defaults fit");

    // Each case: a click too big, its field, the words before the
    // suggested number, and that click with the suggestion applied.
    type Apply = fn(u32) -> Workload;
    let cases: [(Workload, &str, &str, Apply); 4] = [
        (Workload::Fib { ns: vec![40; 64] }, "ns", "n ≤ ", |c| {
            Workload::Fib { ns: vec![c; 64] }
        }),
        (
            Workload::Regex {
                seed: 1,
                count: 20_000,
                len: 1000,
            },
            "count",
            "strings ≤ ",
            |c| Workload::Regex {
                seed: 1,
                count: c as usize,
                len: 1000,
            },
        ),
        (
            Workload::SumRandom {
                seed: 1,
                tasks: 256,
                count: 1_900_000,
            },
            "count",
            "task ≤ ",
            |c| Workload::SumRandom {
                seed: 1,
                tasks: 256,
                count: c,
            },
        ),
        (
            Workload::Mandelbrot(kernels::mandelbrot::Spec {
                width: 4096,
                height: 2048,
                max_iter: 100_000,
            }),
            "max_iter",
            "iterations ≤ ",
            |c| {
                Workload::Mandelbrot(kernels::mandelbrot::Spec {
                    width: 4096,
                    height: 2048,
                    max_iter: c,
                })
            },
        ),
    ];
    let modes = [
        ModeKind::Sequential,
        ModeKind::Threads,
        ModeKind::Gil,
        ModeKind::Processes,
    ];
    let many = Repeats {
        warmup: 5,
        counted: 30,
    };
    for (w, field, words, apply) in cases {
        w.validate().expect("each field in its range");
        let e = budget::cpu(&w, &modes, many).expect_err("too big");
        assert_eq!(e.field, field, "{e}");
        assert!(e.message.contains("per click"), "{e}");
        let fits = suggested(&e.message, words);
        budget::cpu(&apply(fits), &modes, many)
            .unwrap_or_else(|e| panic!("{fits} is said to fit: {e}"));
        budget::cpu(&apply(fits + 1), &modes, many)
            .expect_err("the suggestion is the largest that fits");
    }

    // The main thread mode freezes the page: a shorter limit.
    let long = Workload::Fib { ns: vec![40; 10] };
    budget::cpu(&long, &[ModeKind::Sequential], reps).expect("fine off the page's thread");
    let e = budget::cpu(&long, &[ModeKind::MainThread], reps).expect_err("freezes the page");
    assert!(e.message.contains("freeze"), "{e}");

    // I/O: 5000 requests of 10 s, one at a time, are 14 hours.
    let slow = IoParams {
        requests: 5000,
        delay_ms: 10_000,
        limit: None,
        ..IoParams::default()
    };
    let e = budget::io(&slow, &[ModeKind::Sequential], plan, Repeats::ONCE).expect_err("hours");
    assert_eq!(e.field, "requests");
    let r = suggested(&e.message, "requests ≤ ");
    let at = |requests| IoParams { requests, ..slow };
    assert!(budget::io(&at(r), &[ModeKind::Sequential], plan, Repeats::ONCE).is_ok());
    assert!(budget::io(&at(r + 1), &[ModeKind::Sequential], plan, Repeats::ONCE).is_err());
    // …while all of them in flight at once (async, in-page) take seconds.
    let inpage = IoPlan {
        connections: None,
        ..plan
    };
    assert!(budget::io(&slow, &[ModeKind::Async], inpage, Repeats::ONCE).is_ok());
    // Over the network, six at a time: refused.
    assert!(budget::io(&slow, &[ModeKind::Async], plan, Repeats::ONCE).is_err());
    // Blocking threads share those six connections too: 32 threads to one
    // host go no faster than 6 (the estimate may not count on 32).
    let wide = IoPlan {
        threads: 32,
        ..plan
    };
    let p = IoParams {
        requests: 5000,
        delay_ms: 1500,
        limit: None,
        ..IoParams::default()
    };
    assert_eq!(
        budget::io_pass(&p, ModeKind::Threads, wide),
        budget::io_pass(&p, ModeKind::Threads, IoPlan { threads: 6, ..plan })
    );
    assert!(budget::io(&p, &[ModeKind::Threads], wide, Repeats::ONCE).is_err());

    // Hybrid: the fetches one after another.
    let h = Hybrid {
        items: 1000,
        delay_ms: 10_000,
        count: 1,
    };
    let e = budget::hybrid(&h, &[ModeKind::Sequential], Repeats::ONCE).expect_err("hours");
    assert_eq!(e.field, "items");
    let i = suggested(&e.message, "items ≤ ");
    assert!(
        budget::hybrid(
            &Hybrid { items: i, ..h },
            &[ModeKind::Sequential],
            Repeats::ONCE
        )
        .is_ok()
    );

    // Even one request may not fit fifty runs: fewer runs is the advice.
    let one_slow = IoParams {
        requests: 1,
        delay_ms: 10_000,
        limit: None,
        ..IoParams::default()
    };
    let many = Repeats {
        warmup: 20,
        counted: 50,
    };
    let e = budget::io(&one_slow, &lab::mode::IO_MODES, plan, many).expect_err("70 × 5 × 10 s");
    assert!(e.message.ends_with("try fewer runs or fewer modes"), "{e}");
}

#[test]
fn the_largest_runs_the_ranges_allow_fit_the_tab_s_memory() {
    let biggest = [
        Workload::Regex {
            seed: 0,
            count: 2000,
            len: 10_000,
        },
        Workload::Regex {
            seed: 0,
            count: 100_000,
            len: 200,
        },
        Workload::Mandelbrot(kernels::mandelbrot::Spec {
            width: 4096,
            height: 2048,
            max_iter: 1,
        }),
        Workload::SumRandom {
            seed: 0,
            tasks: 256,
            count: 1_953_125,
        },
        Workload::Fib { ns: vec![0; 64] },
    ];
    for w in biggest {
        w.validate().unwrap_or_else(|e| panic!("{w:?}: {e}"));
        let bytes = budget::cpu_bytes(&w, true);
        assert!(bytes <= MAX_BYTES, "{w:?}: {bytes} bytes");
    }
    // One more row of pixels is refused by the range, with a size that fits.
    let e = Workload::Mandelbrot(kernels::mandelbrot::Spec {
        width: 4096,
        height: 2049,
        max_iter: 1,
    })
    .validate()
    .expect_err("over the pixel budget");
    assert!(e.message.ends_with("try height ≤ 2048"), "{e}");
}
