//! The `backtrack` engine against CPython's `re`, pattern by pattern: the
//! same leftmost match (byte offsets) on every text, and the same patterns
//! refused. Skipped, saying so, where `python3` is missing.

use crate::helpers::{Said, cpython_search};
use backtrack::Regex;

/// Patterns that exercise each piece of syntax the engine supports.
const PATTERNS: &[&str] = &[
    r"(?:(\w)(?!.*\1)){10}",
    r"abc",
    r"a.c",
    r"a.*c",
    r"a.*?c",
    r"a+b+",
    r"a*?b",
    r"x?y",
    r"a{2}",
    r"a{2,}",
    r"a{,2}b",
    r"a{1,3}?a",
    r"[a-c]+",
    r"[^a-c]+",
    r"[\w-]+",
    r"[]a]+",
    r"\d+\s*\w",
    r"\W+",
    r"\D\S",
    r"(a|ab)(c|bcd)(d*)",
    r"(a+)+b",
    r"(\w+)\s\1",
    r"(a)|b\1",
    r"(?=(\w))\w\1",
    r"(?!a)\w+",
    r"\w+(?=!)",
    r"^\w+",
    r"\w+$",
    r"\Aab|cd\Z",
    r"\bfoo\b",
    r"\Bo\B",
    r"(x*)*y",
    r"(a|)+b",
    r"(?:a|b)*c",
    r".*(.)\1",
    r"(.)(?!.*\1)",
    r"a{3}|b{2,3}?",
    r"\x41\u00e9\n?",
    r"[\x00-\x40]+",
    r"é+",
    r"{a}",
    r"a{,}",
];

/// Texts each pattern is searched in.
const TEXTS: &[&str] = &[
    "",
    "abc",
    "aabbcc",
    "xxabcbcdddyy",
    "foo bar foo!",
    "hello hello world",
    "a1b2 c3d4 ee",
    "aaaab",
    "aaaaaaaaaaaaaaaaaaaac",
    "line one\nline two\n",
    "Aé\nAéé",
    "zzzzzzzzzz0123456789",
    "abcdefghij\nabcdefghij",
    "éabcdefghi",
    "{a} a{,}",
    "yx*y xxxy",
];

/// Patterns CPython refuses too.
const REFUSED: &[&str] = &[
    r"(", r"a)", r"*a", r"a**", r"[a", r"\1(a)", r"(a\1)", r"a{3,2}", r"\q",
];

fn ours(pattern: &str, text: &str) -> Said {
    match Regex::new(pattern) {
        Ok(re) => Said::Span(re.search(text).expect("these searches stay shallow")),
        Err(_) => Said::Refused("error".into()),
    }
}

/// Checks every (pattern, text) against CPython.
fn check(cases: &[(&str, &str)]) {
    let Some(theirs) = cpython_search(cases) else {
        return;
    };
    for ((pattern, text), want) in cases.iter().zip(theirs) {
        assert_eq!(ours(pattern, text), want, "{pattern:?} on {text:?}");
    }
}

#[test]
fn every_pattern_matches_as_cpython_does() {
    let cases: Vec<(&str, &str)> = PATTERNS
        .iter()
        .flat_map(|p| TEXTS.iter().map(move |t| (*p, *t)))
        .collect();
    check(&cases);
}

#[test]
fn refused_patterns_are_refused_by_both() {
    let cases: Vec<(&str, &str)> = REFUSED.iter().map(|p| (*p, "")).collect();
    for (p, _) in &cases {
        assert!(Regex::new(p).is_err(), "{p:?} is refused");
    }
    check(&cases);
}

#[test]
fn unsupported_syntax_is_refused_with_a_reason() {
    for p in [r"(?P<x>a)", r"(?<=a)b", r"(?i)a", r"a*+", r"(?>a)"] {
        let e = Regex::new(p).expect_err(p).to_string();
        assert!(
            e.contains("not supported") || e.contains("multiple repeat"),
            "{p:?}: {e}"
        );
    }
}

#[test]
fn a_search_too_deep_is_given_up_not_crashed() {
    // Each iteration of a loop over a group nests one level deeper.
    let re = Regex::new(r"(?:ab)*c").expect("valid");
    let long = "ab".repeat(backtrack::MAX_DEPTH);
    let e = re.search(&long).expect_err("too deep");
    assert!(e.to_string().contains("given up"), "{e}");
    assert_eq!(re.search("ababc"), Ok(Some((0, 5))));
    // A branch cut short never passes for a search done: the next
    // alternative matching is no answer either.
    let re = Regex::new(r"(?:ab)*c|ab").expect("valid");
    assert!(re.search(&long).is_err());
}
