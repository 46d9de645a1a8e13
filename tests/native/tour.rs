//! The tour's steps: each runs what it says (its settings are read by its
//! panel without a note), quotes the articles' own figures, and is reached
//! by its link, in the tour and in the widget.

use lab::link::embed::{PageParams, View};
use lab::link::{CpuConfig, HybridConfig, IoConfig};
use lab::tour::{self, Panel, STEPS};

/// The notes `panel` leaves on `query` (its own pairs only).
fn notes(panel: Panel, query: &[(String, String)]) -> Vec<String> {
    match panel {
        Panel::Cpu => CpuConfig::from_query(query, 2, 8).1,
        Panel::Io => IoConfig::from_query(query, 2, 8).1,
        Panel::Hybrid => HybridConfig::from_query(query).1,
    }
}

/// The query the panel writes back for what it read from `query`.
fn written(panel: Panel, query: &[(String, String)]) -> Vec<(String, String)> {
    match panel {
        Panel::Cpu => CpuConfig::from_query(query, 2, 8).0.to_query(2),
        Panel::Io => IoConfig::from_query(query, 2, 8).0.to_query(2),
        Panel::Hybrid => HybridConfig::from_query(query).0.to_query(),
    }
}

#[test]
fn every_step_is_read_by_its_panel_as_written() {
    let mut ids = Vec::new();
    for step in &STEPS {
        assert!(
            !step.id.is_empty() && step.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{}",
            step.id
        );
        assert!(!ids.contains(&step.id), "two steps are {}", step.id);
        ids.push(step.id);
        for query in [step.query(), step.article_query()] {
            assert_eq!(
                notes(step.panel, &query),
                Vec::<String>::new(),
                "{}",
                step.id
            );
            // Every setting is one the panel keeps (a setting the panel
            // read but did not apply would be lost from its own link).
            let back = written(step.panel, &query);
            for pair in &query {
                let kept = back.iter().any(|b| b == pair)
                    // A count equal to the cores is written as "all cores".
                    || (pair.0.ends_with("processes") && pair.1 == "2");
                assert!(kept, "{}: {pair:?} not in {back:?}", step.id);
            }
        }
        assert_eq!(tour::find(step.id).map(|(_, s)| s.id), Some(step.id));
    }
}

#[test]
fn steps_quote_the_articles_printed_figures() {
    use lab::ModeKind::{Async, Processes, Sequential, Threads};
    use lab::lessons::seed;
    use lab::mode::Experiment::{Io, Regex};
    for (step, experiment, modes) in [
        ("regex", Regex, &[Sequential, Processes][..]),
        ("fetch", Io, &[Sequential, Threads, Async][..]),
    ] {
        let claim = tour::find(step).map(|(_, s)| s.claim).unwrap_or_default();
        for &mode in modes {
            let figure = seed(experiment, mode).map(|s| format!("{:.2} s", s.seconds));
            let figure = figure.unwrap_or_default();
            assert!(claim.contains(&figure), "{step}: {figure} not in {claim}");
        }
    }
}

fn check(query: &[(&str, &str)], view: View, step: Option<&str>, notes: usize) {
    let pairs: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let (p, said) = PageParams::from_query(&pairs);
    let shown = p.step.and_then(tour::at).map(|s| s.id);
    assert_eq!((p.view, shown), (view, step), "{query:?}");
    assert_eq!(said.len(), notes, "{query:?}: {said:?}");
}

#[test]
fn the_tour_is_the_first_view_and_links_reach_each_step() {
    check(&[], View::Tour, None, 0);
    check(&[("step", "regex")], View::Tour, Some("regex"), 0);
    check(&[("step", "nope")], View::Tour, None, 1);
    check(&[("view", "lab")], View::Full, None, 0);
    check(&[("view", "full")], View::Full, None, 0);
    // A share link made in the lab opens the lab, as before the tour.
    check(&[("cpu-workload", "regex")], View::Full, None, 0);
    check(&[("io-requests", "9"), ("coi", "off")], View::Full, None, 0);
    check(
        &[("view", "embed"), ("step", "fetch")],
        View::Embed,
        Some("fetch"),
        0,
    );
    check(&[("view", "warp")], View::Tour, None, 1);
    // Every step's own links.
    for step in &STEPS {
        let tour_link = lab::query::parse(&step.tour_link());
        let (p, _) = PageParams::from_query(&tour_link);
        assert_eq!(p.step.and_then(tour::at).map(|s| s.id), Some(step.id));
        let lab_link = lab::query::parse(&step.lab_link(false));
        assert_eq!(PageParams::from_query(&lab_link).0.view, View::Full);
    }
}

#[test]
fn a_steps_snippet_embeds_that_step() {
    let config = [("step".to_owned(), "regex".to_owned())];
    let id = lab::link::embed::widget_id(&config);
    assert!(id.starts_with("scaling-playground-regex-"), "{id}");
    let snippet = lab::link::embed::snippet("https://example.org/play/", &id, &config);
    let src = snippet
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .replace("&amp;", "&");
    let query = lab::query::parse(src.split('?').nth(1).unwrap_or_default());
    let (p, notes) = PageParams::from_query(&query);
    assert_eq!(
        (p.view, p.step.and_then(tour::at).map(|s| s.id), notes),
        (View::Embed, Some("regex"), vec![]),
        "{src}"
    );
}
