//! The workloads of Scaling Playground, as pure Rust.
//!
//! Every workload is a list of tasks mapped to outputs and reduced to one
//! checksum, so that every execution mode (sequential, threads, …) runs the
//! very same tasks and can be checked against every other mode and against a
//! native run of the same code.
//!
//! This crate knows nothing about browsers: the app runs it inside rayon
//! workers in wasm, and `tests/` runs it natively.

pub mod checksum;
pub mod clock;
pub mod exec;
pub mod fib;
pub mod gil;
pub mod hybrid;
pub mod io;
pub mod mandelbrot;
pub mod message;
pub mod params;
pub mod regex;
pub mod retry;
pub mod sum_random;
pub mod wire;
pub mod workload;

pub use checksum::Checksum;
pub use clock::Clock;
pub use exec::{
    Progress, Ran, TaskSpan, run_sequential, run_workers, run_workers_gil, spawn_workers,
    spawn_workers_gil,
};
pub use gil::{Checkpoint, Gil, Hold, NoCheck};
pub use params::ParamError;
pub use workload::{Job, Output, Task, Workload};
