//! Exports hold every sample and checksum the page shows, parse as what
//! they claim to be, and the trace has one event per span.

use kernels::Checksum;
use lab::ModeKind;
use lab::export::{Environment, to_csv, to_json, to_markdown, to_trace};
use lab::results::PoolStart;
use lab::timeline::{Activity, TimeBase, Timeline, numbered};
use lab::{Comparison, ModeResult};

fn env() -> Environment {
    Environment {
        browser: "Test, \"quoted\" 1.0".into(),
        cores: 2,
        isolated: true,
        resolution_ms: 0.005,
        page: "http://127.0.0.1:8080/".into(),
    }
}

/// A comparison of sequential (2 runs) and processes ×2 (3 runs, one
/// disagreeing), with a timeline on the processes.
fn check() -> Comparison {
    let mut c = Comparison {
        resolution_ms: 0.005,
        experiment: Some(lab::mode::Experiment::Regex),
        ..Comparison::default()
    };
    for ms in [100.0, 110.0] {
        c.add(
            ModeResult::new(
                ModeKind::Sequential,
                "sequential".into(),
                ms,
                Checksum(7),
                "one | two".into(),
            ),
            true,
        );
    }
    let base = TimeBase { start: 1000.0 };
    let mut t = Timeline::new(numbered("process", 2), base, 1060.0);
    t.push(base, 0, Activity::Task, (1000.0, 1030.0), Some(0));
    t.push(base, 1, Activity::Task, (1001.0, 1050.5), Some(1));
    t.push(base, 1, Activity::Transfer, (1050.5, 1060.0), None);
    for (ms, sum) in [(60.0, 7), (50.0, 7), (70.0, 8)] {
        let r = ModeResult {
            workers: Some(2),
            start: Some(PoolStart {
                ms: 200.0,
                cold: true,
            }),
            timeline: Some(t.clone()),
            ..ModeResult::new(
                ModeKind::Processes,
                "processes ×2".into(),
                ms,
                Checksum(sum),
                String::new(),
            )
        };
        c.add(r, true);
    }
    c
}

#[test]
fn json_has_every_sample_checksum_and_the_environment() {
    let c = check();
    let v: serde_json::Value = serde_json::from_str(&to_json(&c, &env())).expect("valid JSON");
    assert_eq!(v["environment"]["cores"], 2);
    assert_eq!(v["environment"]["timer_resolution_ms"], 0.005);
    assert_eq!(v["experiment"], "regex");
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["samples_ms"], serde_json::json!([100.0, 110.0]));
    assert_eq!(results[0]["checksum"], Checksum(7).to_string());
    assert_eq!(
        results[1]["samples_ms"],
        serde_json::json!([60.0, 50.0, 70.0])
    );
    assert_eq!(results[1]["median_ms"], 60.0);
    assert_eq!(results[1]["agrees"], false, "one run answered differently");
    assert_eq!(results[1]["pool_start_ms"], 200.0);
    assert_eq!(v["all_agree"], false);
    assert!((results[1]["speedup"].as_f64().unwrap() - 105.0 / 60.0).abs() < 1e-12);
}

#[test]
fn csv_has_a_row_per_sample_and_quotes_what_needs_it() {
    let csv = to_csv(&check(), &env());
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + 2 + 3, "header and five samples");
    assert!(lines[0].starts_with("mode,label,run,ms,checksum"));
    assert!(
        lines[3].starts_with("processes,processes ×2,1,60,"),
        "{}",
        lines[3]
    );
    assert!(
        lines[1].contains(",\"Test, \"\"quoted\"\" 1.0\",2,true,0.005"),
        "{}",
        lines[1]
    );
}

#[test]
fn markdown_is_a_table_of_what_the_page_shows() {
    let c = check();
    let md = to_markdown(&c, &env());
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(rows.len(), 2 + 2);
    assert!(
        rows[3].contains(&c.time_label(&c.results[1])) && rows[3].ends_with("✗ |"),
        "{}",
        rows[3]
    );
    assert!(md.contains("2 cores, cross-origin isolated"));
}

#[test]
fn trace_has_one_complete_event_per_span_in_microseconds() {
    let v: serde_json::Value = serde_json::from_str(&to_trace(&check())).expect("valid JSON");
    let events = v["traceEvents"].as_array().unwrap();
    let spans: Vec<_> = events.iter().filter(|e| e["ph"] == "X").collect();
    assert_eq!(spans.len(), 3, "the sequential run had no timeline");
    assert_eq!(spans[1]["ts"], 1000.0);
    assert_eq!(spans[1]["dur"], 49_500.0);
    assert_eq!(spans[1]["tid"], 1);
    assert_eq!(spans[1]["name"], "task 1");
    let names: Vec<_> = events
        .iter()
        .filter(|e| e["ph"] == "M")
        .map(|e| e["args"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["processes ×2", "process 1", "process 2"]);
}

#[test]
fn inputs_and_outputs_export_is_every_task_self_contained() {
    let w = kernels::Workload::Fib { ns: vec![5, 10] };
    let job = w.prepare().unwrap();
    let outputs: Vec<_> = (0..job.len()).map(|i| job.run_task(i)).collect();
    let fields = lab::form::to_fields(&w);
    let v: serde_json::Value =
        serde_json::from_str(&lab::export::to_inputs_json("fib", &fields, &job, &outputs)).unwrap();
    assert_eq!(v["workload"], "fib");
    assert_eq!(v["parameters"]["ns"], fields["ns"]);
    assert_eq!(
        v["checksum"],
        kernels::workload::checksum(&outputs).to_string()
    );
    assert_eq!(
        v["tasks"],
        serde_json::json!([
            {"index": 0, "input": {"Fib": 5}, "output": {"Value": 5}},
            {"index": 1, "input": {"Fib": 10}, "output": {"Value": 55}},
        ])
    );
}
