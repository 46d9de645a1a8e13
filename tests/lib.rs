//! Tests of Scaling Playground, in two binaries:
//!
//! - `native` (`cargo test --test native`): the kernels the browser runs,
//!   checked natively against known values, independent implementations, and
//!   each other (parity between modes).
//! - `e2e`: the page in headless Chromium, driven as a user drives it, with its
//!   checksums compared to the same kernels run natively.
//!
//! This library target is empty; it exists so the package has a home for the docs.
