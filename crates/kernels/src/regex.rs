//! Regex search over random strings (seeds/002: `(?:(\w)(?!.*\1)){10}` over
//! 1000 random strings of 1000 ASCII letters and digits, sequential vs Pool(4)).
//!
//! The pattern finds ten consecutive word characters none of which appears
//! again later on the line. It needs a backreference inside a negative
//! lookahead, so it runs on `backtrack` (our small backtracking engine with
//! CPython's `re` semantics; why ours: that crate's notes), with `search`
//! semantics: the leftmost match per string.

use backtrack::Regex;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The seeds' pattern, verbatim.
pub const PATTERN: &str = r"(?:(\w)(?!.*\1)){10}";
/// The alphabet of the generated strings: Python's `ascii_letters + digits`.
pub const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// The seeds' 1000 strings.
pub const DEFAULT_COUNT: usize = 1000;
/// The seeds' 1000 characters per string.
pub const DEFAULT_LEN: usize = 1000;
/// Most strings in one run.
pub const MAX_COUNT: usize = 100_000;
/// Longest string: the search is quadratic in the length.
pub const MAX_LEN: usize = 10_000;
/// Most characters in one run (20 MB of strings, a few per cent of the tab's memory).
pub const MAX_CHARS: u64 = 20_000_000;

/// A compiled pattern, shared read-only by every worker.
#[derive(Debug)]
pub struct Matcher(Regex);

/// A match: byte offsets of its start and end.
pub type Span = backtrack::Span;

impl Matcher {
    /// Compiles [`PATTERN`].
    #[must_use]
    pub fn new() -> Self {
        Self(Regex::new(PATTERN).expect("PATTERN is a valid pattern"))
    }

    /// The leftmost match in `text`, like Python's `re.search`.
    #[must_use]
    pub fn search(&self, text: &str) -> Option<Span> {
        // The pattern nests a few levels deep whatever the text (its only
        // loop over a group runs ten times): a search cannot be given up.
        self.0
            .search(text)
            .expect("the pattern's backtracking stays shallow")
    }
}

impl Default for Matcher {
    fn default() -> Self {
        Self::new()
    }
}

/// `count` random strings of `len` characters from [`ALPHABET`].
#[must_use]
pub fn strings(seed: u64, count: usize, len: usize) -> Vec<String> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..count)
        .map(|_| {
            (0..len)
                .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len() as u32) as usize]))
                .collect()
        })
        .collect()
}

/// The digest of one search result: 0 for no match, else both offsets mixed.
#[must_use]
pub fn digest(m: Option<Span>) -> u64 {
    m.map_or(0, |(s, e)| ((s as u64 + 1) << 32) | e as u64)
}
