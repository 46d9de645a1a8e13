//! The one notion of time the kernels use, handed in by their caller.
//!
//! A leaf: `exec` (task spans) and `gil` (its holds) both read time
//! through it, and neither has to import the other for it.

/// A clock in milliseconds whose readings compare across threads.
///
/// In the browser each worker's `performance.now()` counts from that
/// worker's own start, so the page passes `timeOrigin + now()`, the same
/// instant on every thread; natively, time since a fixed `Instant`.
pub type Clock = fn() -> f64;
