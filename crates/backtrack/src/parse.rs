//! From a pattern's text to the tree the matcher walks, refusing what
//! CPython would refuse and what this engine does not support.

use crate::Error;
use crate::class::{Class, Item};

/// A parsed pattern.
#[derive(Clone, Debug)]
pub enum Node {
    /// Matches the empty string.
    Empty,
    /// One literal character.
    Char(char),
    /// `.`: any character but `\n`.
    Any,
    /// A class of characters.
    Class(Class),
    /// A zero-width assertion.
    Assert(Assert),
    /// A capturing group and its number (from 1).
    Group(Box<Node>, usize),
    /// `(?=…)` or, when `negate`, `(?!…)`.
    Look { body: Box<Node>, negate: bool },
    /// `\n`: the text group n last matched.
    BackRef(usize),
    /// `body` at least `min` and at most `max` times ([`UNBOUNDED`]: no
    /// limit), as many as possible first when `greedy`.
    Repeat {
        body: Box<Node>,
        min: u32,
        max: u32,
        greedy: bool,
    },
    /// One after the other.
    Concat(Vec<Node>),
    /// The first alternative that leads to a match.
    Alt(Vec<Node>),
}

/// No upper bound on a repeat.
pub const UNBOUNDED: u32 = u32::MAX;

/// Zero-width assertions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assert {
    /// `^` and `\A`: the start of the text.
    Start,
    /// `$`: the end, or just before a final `\n`.
    End,
    /// `\Z`: the very end.
    TextEnd,
    /// `\b` (`true`) or `\B`.
    WordBoundary(bool),
}

impl Node {
    /// Whether this node always matches exactly one character.
    pub fn is_one_char(&self) -> bool {
        matches!(self, Self::Char(_) | Self::Any | Self::Class(_))
    }
}

/// Parses `pattern` into its tree and its number of capturing groups.
pub fn parse(pattern: &str) -> Result<(Node, usize), Error> {
    let mut p = Parser {
        chars: pattern.chars().collect(),
        at: 0,
        groups: 0,
        open: Vec::new(),
    };
    let root = p.alternation()?;
    if p.at < p.chars.len() {
        // Only an unmatched ')' stops the top level early.
        return Err(p.error("unbalanced parenthesis"));
    }
    Ok((root, p.groups))
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    groups: usize,
    /// Groups opened and not yet closed: a backreference to one is refused.
    open: Vec<usize>,
}

impl Parser {
    fn error(&self, what: &str) -> Error {
        Error(format!("{what} at position {}", self.at))
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let yes = self.peek() == Some(c);
        self.at += usize::from(yes);
        yes
    }

    fn next(&mut self) -> Result<char, Error> {
        let c = self
            .peek()
            .ok_or_else(|| self.error("unexpected end of pattern"))?;
        self.at += 1;
        Ok(c)
    }

    fn alternation(&mut self) -> Result<Node, Error> {
        let mut alts = vec![self.concat()?];
        while self.eat('|') {
            alts.push(self.concat()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn concat(&mut self) -> Result<Node, Error> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    /// `atom` with the quantifier that follows it, if any.
    fn quantified(&mut self, atom: Node) -> Result<Node, Error> {
        let (min, max) = match self.peek() {
            Some('{') => match self.braces()? {
                Some(bounds) => bounds,
                None => return Ok(atom),
            },
            Some(c @ ('*' | '+' | '?')) => {
                self.at += 1;
                match c {
                    '*' => (0, UNBOUNDED),
                    '+' => (1, UNBOUNDED),
                    _ => (0, 1),
                }
            }
            _ => return Ok(atom),
        };
        if matches!(atom, Node::Assert(_) | Node::Empty) {
            return Err(self.error("nothing to repeat"));
        }
        let greedy = !self.eat('?');
        if greedy && self.peek() == Some('+') {
            return Err(self.error("possessive quantifiers are not supported"));
        }
        if matches!(self.peek(), Some('*' | '+' | '?'))
            || (self.peek() == Some('{') && self.braces_ahead())
        {
            return Err(self.error("multiple repeat"));
        }
        Ok(Node::Repeat {
            body: Box::new(atom),
            min,
            max,
            greedy,
        })
    }

    /// Whether a `{m,n}` quantifier starts here.
    fn braces_ahead(&mut self) -> bool {
        let at = self.at;
        let yes = matches!(self.braces(), Ok(Some(_)));
        self.at = at;
        yes
    }

    /// `{m}`, `{m,}`, `{,n}` or `{m,n}` at the cursor (consumed), or `None`
    /// (nothing consumed) where the brace is a literal, as CPython reads it.
    fn braces(&mut self) -> Result<Option<(u32, u32)>, Error> {
        let start = self.at;
        self.at += 1;
        let min = self.number();
        let max = if self.eat(',') {
            self.number()
        } else {
            Some(min.unwrap_or(u32::MAX))
        };
        if !self.eat('}') || (min.is_none() && self.chars[start + 1] != ',') {
            self.at = start;
            return Ok(None);
        }
        let (min, max) = (min.unwrap_or(0), max.unwrap_or(UNBOUNDED));
        if min > max {
            return Err(self.error("min repeat greater than max repeat"));
        }
        Ok(Some((min, max)))
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        let digits: String = self.chars[start..self.at].iter().collect();
        digits.parse().ok()
    }

    fn atom(&mut self) -> Result<Node, Error> {
        let c = self.next()?;
        Ok(match c {
            '.' => Node::Any,
            '^' => Node::Assert(Assert::Start),
            '$' => Node::Assert(Assert::End),
            '[' => Node::Class(self.class()?),
            '(' => self.group()?,
            '\\' => self.escape()?,
            '*' | '+' | '?' => return Err(self.error("nothing to repeat")),
            c => Node::Char(c),
        })
    }

    fn group(&mut self) -> Result<Node, Error> {
        let node = if self.eat('?') {
            match self.next()? {
                ':' => self.alternation()?,
                '=' | '!' => {
                    let negate = self.chars[self.at - 1] == '!';
                    Node::Look {
                        body: Box::new(self.alternation()?),
                        negate,
                    }
                }
                _ => {
                    return Err(self.error(
                        "this group syntax is not supported (only (…), (?:…), (?=…), (?!…))",
                    ));
                }
            }
        } else {
            self.groups += 1;
            let n = self.groups;
            self.open.push(n);
            let body = self.alternation()?;
            self.open.pop();
            Node::Group(Box::new(body), n)
        };
        if !self.eat(')') {
            return Err(self.error("missing ), unterminated subpattern"));
        }
        Ok(node)
    }

    fn escape(&mut self) -> Result<Node, Error> {
        let c = self.next()?;
        Ok(match c {
            'b' => Node::Assert(Assert::WordBoundary(true)),
            'B' => Node::Assert(Assert::WordBoundary(false)),
            'A' => Node::Assert(Assert::Start),
            'Z' => Node::Assert(Assert::TextEnd),
            '1'..='9' => {
                // Three octal digits are a character; else a group number.
                let octal: String = self.chars[self.at - 1..].iter().take(3).collect();
                if octal.len() == 3 && octal.chars().all(|d| ('0'..='7').contains(&d)) {
                    self.at += 2;
                    return Ok(Node::Char(self.octal_char(&octal)?));
                }
                let mut n = c as usize - '0' as usize;
                if self.peek().is_some_and(|d| d.is_ascii_digit()) {
                    n = n * 10 + (self.next()? as usize - '0' as usize);
                }
                if n > self.groups {
                    return Err(self.error(&format!("invalid group reference {n}")));
                }
                if self.open.contains(&n) {
                    return Err(self.error("cannot refer to an open group"));
                }
                Node::BackRef(n)
            }
            _ => match self.class_escape(c)? {
                Item::Char(c) => Node::Char(c),
                item => Node::Class(Class::new(vec![item], false)),
            },
        })
    }

    /// An escape allowed both inside and outside a class, after its `\`.
    fn class_escape(&mut self, c: char) -> Result<Item, Error> {
        Ok(match c {
            'w' | 'W' => Item::Word(c == 'w'),
            'd' | 'D' => Item::Digit(c == 'd'),
            's' | 'S' => Item::Space(c == 's'),
            'n' => Item::Char('\n'),
            't' => Item::Char('\t'),
            'r' => Item::Char('\r'),
            'f' => Item::Char('\x0c'),
            'v' => Item::Char('\x0b'),
            'a' => Item::Char('\x07'),
            '0' => {
                let mut digits = String::from("0");
                while digits.len() < 3 && self.peek().is_some_and(|d| ('0'..='7').contains(&d)) {
                    digits.push(self.next()?);
                }
                return Ok(Item::Char(self.octal_char(&digits)?));
            }
            'x' => Item::Char(self.hex(2)?),
            'u' => Item::Char(self.hex(4)?),
            'U' => Item::Char(self.hex(8)?),
            c if c.is_ascii_alphanumeric() => return Err(self.error(&format!("bad escape \\{c}"))),
            c => Item::Char(c),
        })
    }

    fn octal_char(&self, digits: &str) -> Result<char, Error> {
        u32::from_str_radix(digits, 8)
            .ok()
            .filter(|&v| v <= 0o377)
            .and_then(char::from_u32)
            .ok_or_else(|| {
                self.error(&format!(
                    "octal escape value \\{digits} outside of range 0-0o377"
                ))
            })
    }

    fn hex(&mut self, n: usize) -> Result<char, Error> {
        let digits: String = self
            .chars
            .get(self.at..self.at + n)
            .unwrap_or_default()
            .iter()
            .collect();
        let c = (digits.len() == n && digits.chars().all(|d| d.is_ascii_hexdigit()))
            .then(|| {
                u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32)
            })
            .flatten()
            .ok_or_else(|| self.error("incomplete or invalid hexadecimal escape"))?;
        self.at += n;
        Ok(c)
    }

    fn class(&mut self) -> Result<Class, Error> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let c = self
                .next()
                .map_err(|_| self.error("unterminated character set"))?;
            if c == ']' && !first {
                break;
            }
            first = false;
            let item = if c == '\\' {
                let e = self.next()?;
                match e {
                    'b' => Item::Char('\x08'),
                    _ => self.class_escape(e)?,
                }
            } else {
                Item::Char(c)
            };
            // A range: `a-z`, unless the `-` ends the class.
            if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|&n| n != ']') {
                self.at += 1;
                let hi = match self.next()? {
                    '\\' => {
                        let e = self.next()?;
                        self.class_escape(e)?
                    }
                    c => Item::Char(c),
                };
                match (item, hi) {
                    (Item::Char(a), Item::Char(b)) if a <= b => items.push(Item::Range(a, b)),
                    _ => return Err(self.error("bad character range")),
                }
            } else {
                items.push(item);
            }
        }
        Ok(Class::new(items, negated))
    }
}
