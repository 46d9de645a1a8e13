//! A link reproduces the CPU panel's configuration; a bad link falls back
//! to defaults, a note per thing it could not use.

use lab::ModeKind;
use lab::form::Repeats;
use lab::link::CpuConfig;

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
    c.modes = vec![
        ModeKind::Sequential,
        ModeKind::Processes,
        ModeKind::MainThread,
    ];
    c.workers = 3;
    c.processes = 6;
    c.cold = true;
    c.switch_ms = "2".into();
    c.repeats = Repeats {
        warmup: 0,
        counted: 3,
    };
    c.fault = (lab::faults::FaultKind::Die, "2".into());
    let (back, notes) = CpuConfig::from_query(&c.to_query(4), 4, 8);
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
    assert_eq!(c.modes, [ModeKind::Threads], "the known mode is kept");
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

#[test]
fn the_io_and_hybrid_panels_survive_the_round_trip() {
    use lab::link::{HybridConfig, IoConfig};
    let mut io = IoConfig::defaults(2);
    io.fields = lab::form::io_to_fields(&kernels::io::IoParams {
        requests: 30,
        delay_ms: 20,
        limit: Some(6),
        ..kernels::io::IoParams::default()
    });
    io.modes = vec![ModeKind::Sequential, ModeKind::Async];
    io.threads = 7;
    io.processes = 3;
    io.endpoint = lab::form::EndpointChoice::Server;
    io.url = "http://127.0.0.1:9000/io/delay".into();
    io.repeats = Repeats {
        warmup: 1,
        counted: 2,
    };
    let mut hybrid = HybridConfig::defaults();
    hybrid.fields = lab::form::hybrid_to_fields(&kernels::hybrid::Hybrid {
        items: 12,
        delay_ms: 30,
        count: 5000,
    });
    hybrid.modes = vec![ModeKind::Async, ModeKind::Processes];
    // All three panels in one address, as the page keeps it.
    let mut all = CpuConfig::defaults(2).to_query(2);
    all.extend(io.to_query(2));
    all.extend(hybrid.to_query());
    all.push(("view".into(), "full".into()));
    let (cpu, n1) = CpuConfig::from_query(&all, 2, 8);
    let (io_back, n2) = IoConfig::from_query(&all, 2, 8);
    let (hybrid_back, n3) = HybridConfig::from_query(&all);
    assert!(
        n1.is_empty() && n2.is_empty() && n3.is_empty(),
        "{n1:?} {n2:?} {n3:?}"
    );
    assert_eq!(
        (cpu, io_back, hybrid_back),
        (CpuConfig::defaults(2), io, hybrid)
    );
    // The in-page endpoint needs no URL in the link.
    let inpage = IoConfig::defaults(2).to_query(2);
    assert!(inpage.iter().all(|(k, _)| k != "io-url"), "{inpage:?}");
    // Every endpoint comes back from its link as it was, "any URL" with
    // its own query (which a delay server's URL may not carry).
    for (endpoint, url) in [
        (
            lab::form::EndpointChoice::Server,
            "http://127.0.0.1:9000/io/delay",
        ),
        (
            lab::form::EndpointChoice::Sharded,
            "http://localhost:9000/io/delay",
        ),
        (
            lab::form::EndpointChoice::Any,
            "http://127.0.0.1:9000/io/delay?ms=50&id=7",
        ),
    ] {
        let mut io = IoConfig::defaults(2);
        (io.endpoint, io.url) = (endpoint, url.into());
        let (back, notes) = IoConfig::from_query(&io.to_query(2), 2, 8);
        assert!(notes.is_empty(), "{endpoint:?}: {notes:?}");
        assert_eq!(back, io, "{endpoint:?}");
    }
}

#[test]
fn a_bad_io_or_hybrid_link_falls_back_and_each_panel_says_only_its_own() {
    use lab::link::{HybridConfig, IoConfig};
    let q = pairs(&[
        ("io-requests", "-3"),
        ("io-modes", "async,fork"),
        ("io-threads", "99"),
        ("io-endpoint", "any"),
        ("io-url", "javascript:alert(1)"),
        ("io-colour", "red"),
        ("hybrid-items", "1e9"),
        ("hybrid-modes", ""),
        ("hybrid-repeats", "NaN"),
        ("utm_source", "blog"),
    ]);
    let (io, notes) = IoConfig::from_query(&q, 2, 8);
    let d = IoConfig::defaults(2);
    assert_eq!(io.modes, [ModeKind::Async]);
    assert_eq!(
        (&io.fields, io.threads, io.endpoint, &io.url),
        (
            &d.fields,
            d.threads,
            lab::form::EndpointChoice::InPage,
            &d.url
        )
    );
    let all = notes.join(" | ");
    for want in [
        "requests",
        "“fork”",
        "io-threads “99”",
        "http",
        "“io-colour”",
    ] {
        assert!(all.contains(want), "no note about {want}: {all}");
    }
    assert_eq!(notes.len(), 5, "{all}");
    let (h, notes) = HybridConfig::from_query(&q);
    assert_eq!(h, HybridConfig::defaults());
    assert_eq!(notes.len(), 3, "{notes:?}");
    // utm_source is reported once, by the CPU panel.
    let (_, cpu_notes) = CpuConfig::from_query(&q, 2, 8);
    assert_eq!(cpu_notes.len(), 1, "{cpu_notes:?}");
}

#[test]
fn a_mode_key_reads_back_as_its_kind_and_no_other_string_does() {
    for k in ModeKind::ALL {
        assert_eq!(ModeKind::from_key(k.key()), Some(k), "{k}");
        assert_eq!(k.to_string(), k.key());
    }
    for bad in ["", "Threads", "thread", "main thread", "gil ", "pool"] {
        assert_eq!(ModeKind::from_key(bad), None, "{bad:?}");
    }
    // Every panel's list is made of distinct kinds.
    for list in [
        &lab::mode::CPU_MODES[..],
        &lab::mode::IO_MODES,
        &lab::mode::HYBRID_MODES,
    ] {
        let mut seen = list.to_vec();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), list.len(), "{list:?}");
    }
}

#[test]
fn a_fault_in_a_link_is_injected_or_noted() {
    use lab::faults::FaultKind;
    let read = |q: &[(&str, &str)]| CpuConfig::from_query(&pairs(q), 2, 8);
    let (c, notes) = read(&[("cpu-fault", "panic"), ("cpu-fault_task", "1")]);
    assert_eq!((c.fault, notes), ((FaultKind::Panic, "1".into()), vec![]));
    for (q, said) in [
        (&[("cpu-fault", "melt")][..], "unknown fault"),
        (&[("cpu-fault", "die")][..], "is missing"),
        (
            &[("cpu-fault", "die"), ("cpu-fault_process", "x")][..],
            "fault_process",
        ),
    ] {
        let (c, notes) = read(q);
        assert_eq!(c.fault.0, FaultKind::None, "{q:?}");
        assert!(
            notes.len() == 1 && notes[0].contains(said),
            "{q:?}: {notes:?}"
        );
    }
}
