//! The search: a backtracking walk of the tree, each node given the rest
//! of the match as a continuation ([`Next`]), so trying an alternative is
//! returning `false` and letting the caller try its next one.

use crate::class::is_word;
use crate::parse::{Assert, Node, UNBOUNDED};
use crate::{Error, MAX_DEPTH, Span};

/// What follows the node being matched.
enum Next<'n, 'k> {
    /// Nothing: the match ends here.
    Done,
    /// The rest of a sequence, then `then`.
    Seq(&'n [Node], &'k Next<'n, 'k>),
    /// The end of group `index`, which began at `start`.
    Group {
        index: usize,
        start: usize,
        then: &'k Next<'n, 'k>,
    },
    /// One more iteration of a loop over `node` (a [`Node::Repeat`]) has
    /// matched, the `count`th, which began at `start`.
    Repeat {
        node: &'n Node,
        count: u32,
        start: usize,
        then: &'k Next<'n, 'k>,
    },
    /// The end of a lookahead's body.
    Look,
}

/// One search's state.
struct State<'t> {
    text: &'t str,
    /// Each group's last match (index 0 unused).
    caps: Vec<Option<Span>>,
    /// Saved copies of `caps` around lookaheads.
    saved: Vec<Option<Span>>,
    /// Where the match ended.
    end: usize,
    depth: usize,
    /// Set when `depth` passed [`MAX_DEPTH`]: the search is given up.
    too_deep: bool,
    /// The last end of line found for a `.*`: (from, end), no `\n` in
    /// `from..end`. See [`State::line_end`].
    line: Option<(usize, usize)>,
}

pub fn search(root: &Node, groups: usize, text: &str) -> Result<Option<Span>, Error> {
    let mut st = State {
        text,
        caps: vec![None; groups + 1],
        saved: Vec::new(),
        end: 0,
        depth: 0,
        too_deep: false,
        line: None,
    };
    let mut start = 0;
    loop {
        st.caps.fill(None);
        let found = st.node(root, start, &Next::Done);
        // Checked first: a branch cut short can let a later one match
        // where CPython would have matched otherwise.
        if st.too_deep {
            return Err(Error(format!(
                "the search nests deeper than {MAX_DEPTH} levels of backtracking: given up"
            )));
        }
        if found {
            return Ok(Some((start, st.end)));
        }
        match char_at(text, start) {
            Some((_, n)) => start += n,
            None => return Ok(None),
        }
    }
}

/// The character at byte `pos` and its length in bytes.
#[inline]
fn char_at(text: &str, pos: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(pos)?;
    if b.is_ascii() {
        Some((char::from(b), 1))
    } else {
        text[pos..].chars().next().map(|c| (c, c.len_utf8()))
    }
}

/// The start of the character that ends at byte `pos` (`pos` > 0).
#[inline]
fn back_one(text: &str, mut pos: usize) -> usize {
    pos -= 1;
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// Whether the one-character node `n` matches `c`.
#[inline]
fn one_char(n: &Node, c: char) -> bool {
    match n {
        Node::Char(x) => c == *x,
        Node::Any => c != '\n',
        Node::Class(k) => k.contains(c),
        _ => false,
    }
}

impl State<'_> {
    /// Matches `n` at `pos`, then `next`.
    fn node(&mut self, n: &Node, pos: usize, next: &Next<'_, '_>) -> bool {
        if self.depth >= MAX_DEPTH {
            self.too_deep = true;
            return false;
        }
        self.depth += 1;
        let matched = self.node_inner(n, pos, next);
        self.depth -= 1;
        matched
    }

    fn node_inner(&mut self, n: &Node, pos: usize, next: &Next<'_, '_>) -> bool {
        match n {
            Node::Empty => self.next(next, pos),
            Node::Char(_) | Node::Any | Node::Class(_) => match char_at(self.text, pos) {
                Some((c, len)) if one_char(n, c) => self.next(next, pos + len),
                _ => false,
            },
            Node::Assert(a) => self.holds(*a, pos) && self.next(next, pos),
            Node::Group(body, index) => self.node(
                body,
                pos,
                &Next::Group {
                    index: *index,
                    start: pos,
                    then: next,
                },
            ),
            Node::Look { body, negate } => self.look(body, *negate, pos, next),
            Node::BackRef(g) => match self.caps[*g] {
                Some((a, b)) => {
                    let (text, len) = (self.text, b - a);
                    text.as_bytes()[pos..].starts_with(&text.as_bytes()[a..b])
                        && self.next(next, pos + len)
                }
                // CPython: a reference to a group that did not match fails.
                None => false,
            },
            Node::Repeat {
                body,
                min,
                max,
                greedy,
            } if body.is_one_char() => self.one_char_loop(body, *min, *max, *greedy, pos, next),
            Node::Repeat { .. } => self.next(
                &Next::Repeat {
                    node: n,
                    count: 0,
                    start: pos,
                    then: next,
                },
                pos,
            ),
            Node::Concat(items) => self.next(&Next::Seq(items, next), pos),
            Node::Alt(alts) => alts.iter().any(|a| self.node(a, pos, next)),
        }
    }

    /// Continues with `next` at `pos`.
    fn next(&mut self, next: &Next<'_, '_>, pos: usize) -> bool {
        match next {
            Next::Done => {
                self.end = pos;
                true
            }
            Next::Look => true,
            Next::Seq(items, then) => match items.split_first() {
                None => self.next(then, pos),
                Some((first, [])) => self.node(first, pos, then),
                Some((first, rest)) => self.node(first, pos, &Next::Seq(rest, then)),
            },
            Next::Group { index, start, then } => {
                let old = self.caps[*index];
                self.caps[*index] = Some((*start, pos));
                if self.next(then, pos) {
                    return true;
                }
                self.caps[*index] = old;
                false
            }
            Next::Repeat {
                node,
                count,
                start,
                then,
            } => {
                let Node::Repeat {
                    body,
                    min,
                    max,
                    greedy,
                } = node
                else {
                    return false;
                };
                let again = |st: &mut Self| {
                    *count < *max
                        && st.node(
                            body,
                            pos,
                            &Next::Repeat {
                                node,
                                count: count + 1,
                                start: pos,
                                then,
                            },
                        )
                };
                if *count < *min {
                    return again(self);
                }
                // An iteration that matched nothing ends the loop (else it
                // would go round for ever), as in CPython.
                if *count > *min && pos == *start {
                    return self.next(then, pos);
                }
                // Greedy: one more iteration first; lazy: the rest first.
                let order = if *greedy {
                    [true, false]
                } else {
                    [false, true]
                };
                order.into_iter().any(|more| {
                    if more {
                        again(self)
                    } else {
                        self.next(then, pos)
                    }
                })
            }
        }
    }

    /// Whether assertion `a` holds at `pos`.
    fn holds(&self, a: Assert, pos: usize) -> bool {
        let text = self.text;
        match a {
            Assert::Start => pos == 0,
            Assert::TextEnd => pos == text.len(),
            Assert::End => {
                pos == text.len() || (pos + 1 == text.len() && text.as_bytes()[pos] == b'\n')
            }
            Assert::WordBoundary(yes) => {
                let before = text[..pos].chars().next_back().is_some_and(is_word);
                let after = text[pos..].chars().next().is_some_and(is_word);
                (before != after) == yes
            }
        }
    }

    /// A lookahead: its body is tried once, then forgotten but for the
    /// groups a positive one set (kept only if the rest matches).
    fn look(&mut self, body: &Node, negate: bool, pos: usize, next: &Next<'_, '_>) -> bool {
        let mark = self.saved.len();
        self.saved.extend_from_slice(&self.caps);
        let matched = self.node(body, pos, &Next::Look);
        let restore = |st: &mut Self| {
            let n = st.caps.len();
            st.caps.copy_from_slice(&st.saved[mark..mark + n]);
            st.saved.truncate(mark);
        };
        if matched == negate {
            restore(self);
            return false;
        }
        if negate {
            restore(self);
            return self.next(next, pos);
        }
        if self.next(next, pos) {
            self.saved.truncate(mark);
            return true;
        }
        restore(self);
        false
    }

    /// A loop over one character: counted in a tight loop, then
    /// backtracked by position (greedy: from the longest), trying the rest
    /// only where the text it starts with, when known, occurs.
    fn one_char_loop(
        &mut self,
        body: &Node,
        min: u32,
        max: u32,
        greedy: bool,
        pos: usize,
        next: &Next<'_, '_>,
    ) -> bool {
        let text = self.text;
        let mut at = pos;
        for _ in 0..min {
            match char_at(text, at) {
                Some((c, len)) if one_char(body, c) => at += len,
                _ => return false,
            }
        }
        let least = at;
        if !greedy {
            let mut count = min;
            loop {
                if self.next(next, at) {
                    return true;
                }
                match char_at(text, at) {
                    Some((c, len)) if count < max && one_char(body, c) => {
                        at += len;
                        count += 1;
                    }
                    _ => return false,
                }
            }
        }
        let mut count = min;
        if max == UNBOUNDED && matches!(body, Node::Any) {
            at = self.line_end(at);
            count = max;
        }
        while count < max {
            match char_at(text, at) {
                Some((c, len)) if one_char(body, c) => {
                    at += len;
                    count += 1;
                }
                _ => break,
            }
        }
        match self.lead(next) {
            Lead::Never => false,
            Lead::Text((a, b)) => {
                let lead = &text.as_bytes()[a..b];
                // Only positions where the rest's first text occurs can
                // lead anywhere: find them from the right, a byte compare
                // each, instead of a whole attempt each.
                let bytes = text.as_bytes();
                let mut p = at;
                loop {
                    if bytes[p..].starts_with(lead) && self.next(next, p) {
                        return true;
                    }
                    if p == least {
                        return false;
                    }
                    p -= 1;
                    while p > least && bytes[p] != lead[0] {
                        p -= 1;
                    }
                }
            }
            Lead::Unknown => {
                let mut p = at;
                loop {
                    if self.next(next, p) {
                        return true;
                    }
                    if p == least {
                        return false;
                    }
                    p = back_one(text, p);
                }
            }
        }
    }

    /// Where the line that `at` is on ends (its `\n`, or the text's end):
    /// what `.*` runs to.
    ///
    /// Found by the standard library's byte search (a `\n` byte is never
    /// inside another character in UTF-8), and remembered: a search tries
    /// `.*` from position after position of one line (the seeds' pattern
    /// does at every start), and each would scan to the same end again,
    /// the whole rest of the line each time. A position between the last
    /// one asked and the end found has that same end. Measured on 300 of
    /// the seeds' strings (string generation included): natively 58 -> 39
    /// ms, in wasm (Node 20) 86-94 -> 51-55 ms.
    fn line_end(&mut self, at: usize) -> usize {
        if let Some((from, end)) = self.line
            && (from..=end).contains(&at)
        {
            return end;
        }
        let end = self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |n| at + n);
        self.line = Some((at, end));
        end
    }

    /// The text the rest of the match must start with, where it is plain
    /// from the next node: a literal, or a backreference to a group that
    /// has matched (one that has not can never match).
    fn lead(&self, next: &Next<'_, '_>) -> Lead {
        let Next::Seq([first, ..], _) = next else {
            return Lead::Unknown;
        };
        match first {
            Node::BackRef(g) => match self.caps[*g] {
                None => Lead::Never,
                Some((a, b)) if a < b => Lead::Text((a, b)),
                Some(_) => Lead::Unknown,
            },
            _ => Lead::Unknown,
        }
    }
}

/// What the rest of a match starts with.
enum Lead {
    /// Nothing known.
    Unknown,
    /// The text at this span (a whole number of characters).
    Text(Span),
    /// It cannot match at all.
    Never,
}
