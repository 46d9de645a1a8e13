//! A small backtracking regex engine with the semantics of CPython's `re`
//! (for `str` patterns, no flags) for the syntax it supports, which covers
//! the seeds' pattern `(?:(\w)(?!.*\1)){10}`: literals, `.`, classes
//! (`[…]`, `\w \d \s` and their negations), groups (capturing, `(?:…)`),
//! lookahead (`(?=…)`, `(?!…)`), backreferences `\1`…`\99`, alternation,
//! greedy and lazy quantifiers (`* + ? {n} {n,} {n,m}`), and the anchors
//! `^ $ \A \Z \b \B`. Anything else is refused with a message, never
//! guessed at.
//!
//! Why our own engine: the seeds' pattern needs a backreference inside a
//! lookahead, which the `regex` crate refuses by design; fancy-regex runs
//! it about ten times slower than CPython, and `regress` (ECMAScript
//! semantics: a different `\w` and `.`) about 1.5 times slower (see the
//! docs/performance.md). CPython's `sre` is itself a small
//! backtracking engine; this one searches the same way, with two more
//! shortcuts that any pattern gets where they apply:
//!
//! - a loop over one character (`.*`, `\w+`, `[a-z]{2,5}`) counts its
//!   characters in a tight loop and backtracks by position, as sre does;
//! - when what follows such a loop starts with a known text (a literal or
//!   a backreference to a group already matched), backtracking jumps
//!   straight to the positions where that text occurs, instead of trying
//!   each position in turn (sre does this for literals only). For the
//!   seeds' pattern this is what makes the lookahead `.*\1` cheap: from
//!   the end of the line back to the last copy of the captured character.
//!
//! Offsets are byte offsets into the UTF-8 text.
//!
//! Known differences from CPython, none of which ASCII text can meet:
//! `\w` is `char::is_alphanumeric` or `_` (CPython's `str.isalnum` leaves
//! out a few combining marks that Unicode calls alphabetic), `\d` is
//! `char::is_numeric` (CPython: decimal digits only), `\s` is
//! `char::is_whitespace` (CPython adds `\x1c`–`\x1f`).

mod class;
mod exec;
mod parse;

use std::fmt;

/// A compiled pattern. Searching borrows it immutably: one `Regex` serves
/// every thread at once.
#[derive(Clone, Debug)]
pub struct Regex {
    root: parse::Node,
    groups: usize,
}

/// Why a pattern was refused, or a search given up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// A match: byte offsets of its start and end.
pub type Span = (usize, usize);

impl Regex {
    /// Compiles `pattern`.
    ///
    /// # Errors
    /// Syntax this engine does not support, or that CPython would refuse
    /// too (an unbalanced parenthesis, a reference to a missing group).
    pub fn new(pattern: &str) -> Result<Self, Error> {
        let (root, groups) = parse::parse(pattern)?;
        Ok(Self { root, groups })
    }

    /// The leftmost match in `text`, like CPython's `re.search`.
    ///
    /// # Errors
    /// A search whose backtracking nests deeper than [`MAX_DEPTH`] (a loop
    /// over a group, iterated over a long text) is given up rather than
    /// overflow the stack of a browser worker.
    pub fn search(&self, text: &str) -> Result<Option<Span>, Error> {
        exec::search(&self.root, self.groups, text)
    }
}

/// How deep backtracking may nest before a search is given up: each
/// element of a sequence, group and iteration of a loop over a group is
/// one level (a loop over one character is one level however long). Each
/// level is two small frames: well inside a browser worker's stack.
pub const MAX_DEPTH: usize = 1000;
