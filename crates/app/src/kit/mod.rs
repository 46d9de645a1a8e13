//! Small inputs every panel uses: a form field, the estimate and progress
//! lines, the repetition fields, the run bar, and the order of a panel's
//! parts.

pub mod arrange;
pub mod estimate;
pub mod field;
pub mod progress;
pub mod repeats;
pub mod run_bar;
