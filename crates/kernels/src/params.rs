//! A parameter and its range: the error every workload's validation
//! returns, and the one range check they all use.
//!
//! A leaf: the workloads, the I/O endpoints and the hybrid pipeline all
//! validate through it, and it imports none of them.

use std::fmt;

/// A parameter outside its documented range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    /// The parameter's name, as the form and the URL call it.
    pub field: &'static str,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ParamError {}

/// Checks that `v` lies in `lo..=hi`; the error names `field` and the range.
///
/// # Errors
/// `v` is outside `lo..=hi`.
pub fn check<T: PartialOrd + fmt::Display>(
    field: &'static str,
    v: T,
    lo: T,
    hi: T,
) -> Result<(), ParamError> {
    if v < lo || v > hi {
        return Err(ParamError {
            field,
            message: format!("{v} is out of range; allowed {lo}..={hi}"),
        });
    }
    Ok(())
}
