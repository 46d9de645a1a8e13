//! Small inputs every panel uses: a form field, the estimate and progress
//! lines, the repetition fields, and the run bar.

pub mod estimate;
pub mod field;
pub mod progress;
pub mod repeats;
pub mod run_bar;
