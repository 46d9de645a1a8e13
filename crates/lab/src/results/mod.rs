//! The results of one click on Run: one entry per mode, compared.
//!
//! What a mode measured ([`mode_result`]), every mode side by side
//! ([`comparison`]), what the samples say ([`stats`]), where an I/O run's
//! time went ([`breakdown`]), the numbers' text ([`format`]) and the
//! progress line ([`step`]).

pub mod breakdown;
mod comparison;
mod format;
mod mode_result;
pub mod stats;
mod step;
pub mod sweep;

pub use comparison::{Comparison, FailedMode, Verdict};
pub use format::{format_ms, format_speedup};
pub use mode_result::{ModeResult, PoolStart};
pub use step::Step;
