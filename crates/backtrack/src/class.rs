//! Character classes: `[…]`, `\w \d \s` and their negations, with a bitmap
//! for ASCII so the common case is one lookup.

/// A set of characters.
#[derive(Clone, Debug)]
pub struct Class {
    /// Membership of each ASCII character, negation already applied.
    ascii: u128,
    items: Vec<Item>,
    negated: bool,
}

/// One member of a class, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    /// One character.
    Char(char),
    /// An inclusive range.
    Range(char, char),
    /// `\w` (`true`) or `\W`.
    Word(bool),
    /// `\d` or `\D`.
    Digit(bool),
    /// `\s` or `\S`.
    Space(bool),
}

impl Item {
    fn contains(self, c: char) -> bool {
        match self {
            Self::Char(x) => c == x,
            Self::Range(a, b) => a <= c && c <= b,
            Self::Word(yes) => is_word(c) == yes,
            Self::Digit(yes) => c.is_numeric() == yes,
            Self::Space(yes) => c.is_whitespace() == yes,
        }
    }
}

/// `\w`: what CPython counts as a word character, as near as the standard
/// library can say it (see the crate's notes).
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Class {
    /// The class of `items`, or of everything else when `negated`.
    pub fn new(items: Vec<Item>, negated: bool) -> Self {
        let mut ascii = 0u128;
        for b in 0..128u8 {
            let c = char::from(b);
            if items.iter().any(|i| i.contains(c)) != negated {
                ascii |= 1 << b;
            }
        }
        Self {
            ascii,
            items,
            negated,
        }
    }

    /// Whether `c` is in the class.
    #[inline]
    pub fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            self.ascii >> (c as u32) & 1 == 1
        } else {
            self.items.iter().any(|i| i.contains(c)) != self.negated
        }
    }
}
