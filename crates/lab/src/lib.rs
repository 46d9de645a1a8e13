//! The logic of Scaling Playground's page, as plain structs and functions.
//!
//! The app crate renders these; native tests check them. Nothing here
//! touches a browser: parsing what the user typed, naming the modes,
//! comparing the results of a run, and laying out the chart.

pub mod answer;
pub mod budget;
pub mod caps;
pub mod export;
pub mod faults;
pub mod form;
pub mod layout;
pub mod lessons;
pub mod link;
pub mod matrix;
pub mod mode;
pub mod panel;
pub mod query;
pub mod responsiveness;
pub mod results;
pub mod timeline;
pub mod tour;

pub use form::{FieldSpec, Fields};
pub use mode::ModeKind;
pub use results::{Comparison, ModeResult};
