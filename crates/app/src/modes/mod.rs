//! The executors: each runs one mode of its panel's work and returns a
//! `ModeResult` (time, checksum, timeline). CPU modes on the pool, threads
//! or processes; I/O modes on the event loop, blocking threads or
//! processes, with the fetch client and the service worker's start;
//! the hybrid pipeline.

pub mod cpu;
pub mod hybrid;
pub mod io;
pub mod poll;
