//! A link reproduces the CPU panel's configuration; a bad link falls back
//! to defaults, a note per thing it could not use.

use lab::form::Repeats;
use lab::share::CpuConfig;

fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
    q.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn a_configuration_survives_the_round_trip() {
    let mut c = CpuConfig::defaults(4);
    c.workload = "regex".into();
    c.fields = lab::form::to_fields(&kernels::Workload::Regex {
        seed: 7,
        count: 50,
        len: 300,
    });
    c.modes = vec!["sequential", "processes", "main"];
    c.workers = 3;
    c.processes = 6;
    c.cold = true;
    c.switch_ms = "2".into();
    c.repeats = Repeats {
        warmup: 0,
        counted: 3,
    };
    let (back, notes) = CpuConfig::from_query(&c.to_query(), 4, 8);
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(back, c);
    assert_eq!(
        CpuConfig::from_query(&[], 4, 8),
        (CpuConfig::defaults(4), vec![])
    );
}

#[test]
fn a_bad_link_falls_back_and_says_what_it_ignored() {
    let (c, notes) = CpuConfig::from_query(
        &pairs(&[
            ("cpu-workload", "fib"),
            ("cpu-ns", "28, 99"),
            ("cpu-modes", "threads,warp"),
            ("cpu-workers", "64"),
            ("cpu-repeats", "0"),
            ("utm_source", "blog"),
        ]),
        2,
        8,
    );
    let d = CpuConfig::defaults(2);
    assert_eq!(c.fields, d.fields, "fib(99) is out of range: default list");
    assert_eq!(c.modes, ["threads"], "the known mode is kept");
    assert_eq!((c.workers, c.repeats), (d.workers, d.repeats));
    let all = notes.join(" | ");
    for want in [
        "ns",
        "“warp”",
        "cpu-workers “64”",
        "repeats",
        "“utm_source”",
    ] {
        assert!(all.contains(want), "no note about {want}: {all}");
    }
    assert_eq!(notes.len(), 5, "{all}");
    let (c, notes) = CpuConfig::from_query(&pairs(&[("cpu-workload", "quantum")]), 2, 8);
    assert_eq!((c.workload.as_str(), notes.len()), ("fib", 1));
}
