//! Tests of Scaling Playground, in two binaries and a benchmark:
//!
//! - `native` (`cargo test --test native`): the kernels the browser runs,
//!   checked natively against known values, independent implementations,
//!   CPython's `re`, and each other (parity between modes).
//! - `e2e`: the page in headless Chromium, and its core again in Firefox and
//!   WebKit, driven as a user drives it, with its checksums compared to the
//!   same kernels run natively.
//! - `playground` (`./dev bench`): the deployed page timed against native
//!   code, CPython and the ideal.
//!
//! This library target is empty; it exists so the package has a home for the docs.
