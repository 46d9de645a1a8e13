//! Form fields: which ones each workload has, and turning text into parameters.
//!
//! Every field is parsed and range-checked before anything runs; errors name
//! the field so the page can show them next to it.
//!
//! A file per panel ([`cpu`], [`io`], [`hybrid`]), plus what they share:
//! the repetition fields ([`repeats`]), the endpoint picker ([`endpoint`]),
//! and here the field's description and the number parser.

mod cpu;
mod endpoint;
mod hybrid;
mod io;
mod repeats;

pub use cpu::*;
pub use endpoint::*;
pub use hybrid::*;
pub use io::*;
pub use repeats::*;

use kernels::ParamError;
use std::collections::BTreeMap;
use std::str::FromStr;

/// One input on the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// Name of the parameter (as in [`ParamError::field`]).
    pub key: &'static str,
    /// Label shown to the user.
    pub label: &'static str,
    /// Help text: range and meaning.
    pub help: &'static str,
    /// Whether the value is a number (for the on-screen keyboard).
    pub numeric: bool,
}

pub(crate) const fn f(key: &'static str, label: &'static str, help: &'static str) -> FieldSpec {
    FieldSpec {
        key,
        label,
        help,
        numeric: true,
    }
}

/// Field values as typed, by key.
pub type Fields = BTreeMap<&'static str, String>;

pub(crate) fn err(field: &'static str, message: impl Into<String>) -> ParamError {
    ParamError {
        field,
        message: message.into(),
    }
}

/// What a message quotes of a bad value: its first 20 characters, in
/// quotes, control characters escaped.
pub(crate) fn quoted(text: &str) -> String {
    let shown: String = text.chars().take(20).collect();
    format!("{shown:?}")
}

/// Parses one whole number, with a message a person can act on.
///
/// # Errors
/// Empty, not a whole number, or too large for the parameter's type.
pub fn parse_num<T: FromStr>(field: &'static str, text: &str) -> Result<T, ParamError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(err(field, "is empty; enter a whole number"));
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err(
            field,
            format!("{} is not a whole number ≥ 0", quoted(t)),
        ));
    }
    t.parse()
        .map_err(|_| err(field, format!("{} digits is too large", t.len())))
}

pub(crate) fn get<'a>(fields: &'a Fields, key: &'static str) -> &'a str {
    fields.get(key).map_or("", String::as_str)
}

pub(crate) fn num<T: FromStr>(fields: &Fields, key: &'static str) -> Result<T, ParamError> {
    parse_num(key, get(fields, key))
}
