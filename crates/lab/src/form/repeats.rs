//! Warm-up and counted runs: the repetition fields every panel shares.

use super::{FieldSpec, Fields, f, num};
use kernels::ParamError;
use kernels::params::check;

/// How many times each mode runs for one click on Run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Repeats {
    /// Runs first and not counted: they let the browser compile the hot code
    /// with its optimizing tier, and pools and caches warm up.
    pub warmup: u32,
    /// Runs counted in the figures.
    pub counted: u32,
}

impl Repeats {
    /// The CPU panel's default: one warm-up and five counted runs of each
    /// mode keep a default run within seconds.
    pub const CPU: Self = Self {
        warmup: 1,
        counted: 5,
    };
    /// The I/O and hybrid panels' default: one counted run, since one
    /// default pass of every mode takes tens of seconds of waiting already
    /// (200 sequential requests of 100 ms are 20 s). Raise it for a spread.
    pub const ONCE: Self = Self {
        warmup: 0,
        counted: 1,
    };

    /// Every repetition, warm-up first.
    #[must_use]
    pub fn total(self) -> u32 {
        self.warmup + self.counted
    }

    /// Whether repetition `i` (from 0) is counted.
    #[must_use]
    pub fn counts(self, i: u32) -> bool {
        i >= self.warmup
    }

    /// A mode's `label` for repetition `i` (from 0), for the progress line:
    /// `threads ×2 (warm-up 1 of 1)`, `threads ×2 (run 2 of 5)`; the label
    /// alone when each mode runs once.
    #[must_use]
    pub fn name(self, label: &str, i: u32) -> String {
        if self.total() <= 1 {
            label.to_owned()
        } else if self.counts(i) {
            format!("{label} (run {} of {})", i - self.warmup + 1, self.counted)
        } else {
            format!("{label} (warm-up {} of {})", i + 1, self.warmup)
        }
    }
}

/// The repetition fields, shared by every panel (each with its own prefix).
pub const REPEAT_FIELDS: [FieldSpec; 2] = [
    f(
        "warmup",
        "warm-up runs",
        "first, left out of the figures: the browser compiles the code and pools wake; 0..=20 per mode",
    ),
    f(
        "repeats",
        "counted runs",
        "the figures are their median and range; 1..=50 per mode, modes taking turns",
    ),
];

/// The text form of `r`.
#[must_use]
pub fn repeats_to_fields(r: Repeats) -> Fields {
    Fields::from([
        ("warmup", r.warmup.to_string()),
        ("repeats", r.counted.to_string()),
    ])
}

/// Parses the repetition fields.
///
/// # Errors
/// The first field that is not a whole number in its range.
pub fn parse_repeats(fields: &Fields) -> Result<Repeats, ParamError> {
    let warmup: u32 = num(fields, "warmup")?;
    check("warmup", warmup, 0, 20)?;
    let counted: u32 = num(fields, "repeats")?;
    check("repeats", counted, 1, 50)?;
    Ok(Repeats { warmup, counted })
}
