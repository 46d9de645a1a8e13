//! regex: the kernel's engine against an independent reading of the
//! pattern, and against CPython's `re`.
//!
//! `(?:(\w)(?!.*\1)){10}` matches ten consecutive word characters, each of
//! which does not occur again later on its line (`.` stops at `\n`). Search
//! semantics: the leftmost such run. `reference` implements exactly that
//! sentence with no regex engine.

use crate::helpers::{Said, cpython_search};
use kernels::regex::{ALPHABET, Matcher, PATTERN, Span, strings};

/// Word characters for the strings used here (ASCII, Latin letters, `_`).
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The leftmost run of ten "last on its line" word characters, in byte offsets.
fn reference(s: &str) -> Option<Span> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    // last[j]: chars[j] is a word char that does not occur again before the next '\n'.
    let mut last = vec![false; chars.len()];
    let mut seen = std::collections::HashSet::new();
    for (j, &(_, c)) in chars.iter().enumerate().rev() {
        if c == '\n' {
            seen.clear();
            continue;
        }
        last[j] = is_word(c) && !seen.contains(&c);
        seen.insert(c);
    }
    (0..chars.len().saturating_sub(9))
        .find(|&i| last[i..i + 10].iter().all(|&q| q))
        .map(|i| {
            let end = chars.get(i + 10).map_or(s.len(), |&(b, _)| b);
            (chars[i].0, end)
        })
}

/// Checks engine and reference agree on `s`, and on `want` when given.
fn check(m: &Matcher, s: &str, want: Option<Option<Span>>) {
    let got = m.search(s);
    assert_eq!(got, reference(s), "engine vs reference on {s:?}");
    if let Some(w) = want {
        assert_eq!(got, w, "expected on {s:?}");
    }
}

/// Strings picked by hand, each with the match it must give.
const HAND_PICKED: &[(&str, Option<Span>)] = &[
    ("", None),
    ("abcdefghi", None),                       // nine only
    ("abcdefghij", Some((0, 10))),             // exactly ten
    ("aabcdefghij", Some((1, 11))),            // first 'a' occurs again
    ("abcdefghija", Some((1, 11))),            // 'a' repeats at the end
    ("xxxxxxxxxxxxxxxxxxxxxxx", None),         // no match at all
    ("zzzzzzzzzz0123456789", Some((9, 19))),   // match at the end: last z + 9 digits
    ("abcde-fghij", None),                     // '-' is not a word char
    ("abcde_fghij", Some((0, 10))),            // '_' is
    ("abcdefghij abcdefghij", Some((11, 21))), // space breaks nothing but repeats do
    ("abcdefghij\nabcdefghij", Some((0, 10))), // '.' stops at newline
    ("éabcdefghi", Some((0, 11))),             // non-ASCII letters are word chars; byte offsets
    ("ABCDEFGHIJabcdefghij", Some((0, 10))),   // case-sensitive
];

#[test]
fn hand_picked() {
    let m = Matcher::new();
    for (s, want) in HAND_PICKED {
        check(&m, s, Some(*want));
    }
}

/// CPython's `re`, the engine the seeds ran, gives the very same answers
/// on the hand-picked strings and on generated ones of several lengths.
#[test]
fn answers_agree_with_cpython_re() {
    let mut texts: Vec<String> = HAND_PICKED.iter().map(|(s, _)| (*s).to_owned()).collect();
    for (seed, len) in [(11, 1000), (12, 100), (13, 30), (14, 62), (15, 12)] {
        texts.extend(strings(seed, 40, len));
    }
    let cases: Vec<(&str, &str)> = texts.iter().map(|t| (PATTERN, t.as_str())).collect();
    let Some(theirs) = cpython_search(&cases) else {
        return;
    };
    let m = Matcher::new();
    let mut found = 0;
    for ((_, s), want) in cases.iter().zip(theirs) {
        found += usize::from(matches!(want, Said::Span(Some(_))));
        assert_eq!(
            Said::Span(m.search(s)),
            want,
            "kernel vs CPython's re on {s:?}"
        );
    }
    assert!(found > HAND_PICKED.len(), "generated strings match too");
}

#[test]
fn generated_strings_agree_with_reference() {
    let m = Matcher::new();
    let mut found = 0;
    for (seed, len) in [(1, 1000), (2, 100), (3, 30), (4, 62)] {
        for s in strings(seed, 60, len) {
            found += usize::from(m.search(&s).is_some());
            check(&m, &s, None);
        }
    }
    assert!(found > 0, "some generated strings match");
}

#[test]
fn generated_strings_use_the_alphabet() {
    let s = strings(42, 3, 1000);
    assert_eq!(s.len(), 3);
    assert!(
        s.iter()
            .all(|x| x.len() == 1000 && x.bytes().all(|b| ALPHABET.contains(&b)))
    );
    assert_eq!(s, strings(42, 3, 1000), "deterministic");
    assert_ne!(s, strings(43, 3, 1000));
}

#[test]
fn parity_on_default_sized_strings() {
    let w = kernels::Workload::Regex {
        seed: 5,
        count: 40,
        len: 1000,
    };
    crate::helpers::check_parity(&w, 2);
}

#[test]
fn the_strings_are_pinned() {
    // A share link names a seed, not strings: a dependency update that
    // changed the generator's stream would silently change them.
    assert_eq!(strings(1, 1, 12), vec!["YUgUlK9Gfi5v".to_owned()]);
}
