//! What crosses between the page and a *process*: a worker with its own copy
//! of the module and its own memory, sharing nothing.
//!
//! `multiprocessing.Pool.map` pickles each chunk of arguments, sends it down
//! a pipe, and pickles the results back. Here a chunk is a [`Request`], a
//! reply a [`Reply`], both serialized with serde ([`encode`]: postcard
//! bytes on the wire), so the process pays for copying its inputs and
//! outputs just as Python's does.
//! A task carries everything it needs: a regex task carries its string, not
//! an index into memory the process cannot see.

use crate::workload::{Output, Task};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A message to a process.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Run these tasks, each tagged with its index in the job.
    Cpu(Vec<(usize, Task)>),
    /// GET each request with blocking requests, one after another; each is
    /// tagged with its request id, and answered by `endpoint`.
    Get {
        /// Who answers, hence how an answer is checked.
        endpoint: crate::io::Endpoint,
        /// (request id, absolute URL of each attempt): the first, then one
        /// per retry, made after [`crate::io::backoff_ms`].
        gets: Vec<(u32, Vec<String>)>,
        /// Each attempt's timeout, in ms ([`crate::io::IoParams::timeout_ms`]).
        timeout_ms: u32,
    },
    /// A [`Request::Cpu`] with a fault to inject while serving it: what the
    /// page's fault-injection control sends, to show the supervisor at work.
    Faulty(Vec<(usize, Task)>, Fault),
}

/// A fault injected into a process on purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fault {
    /// Task `i` panics when it runs (every time: a retry fails too). The
    /// build aborts on a panic, so the process dies with it.
    Panic(usize),
    /// The process dies before it serves the request, as if killed: a
    /// retry on its replacement succeeds.
    Die,
}

/// A process's answer to one [`Request`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reply {
    /// The outputs of a [`Request::Cpu`], tagged as the tasks were.
    Cpu(Vec<(usize, Output)>),
    /// How each request of a [`Request::Get`] ended and in how many
    /// attempts, tagged as the requests were.
    Get(Vec<(u32, crate::io::Outcome, u32)>),
    /// The request could not be served: why.
    Failed(String),
}

/// What a process sends back: its reply and, for each item it answered in
/// order, when it started and ended that item on its own clock (for the
/// page's timeline; the page converts and checks them, as it checks all else).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The reply proper.
    pub reply: Reply,
    /// (start, end) per answered item, in ms on the process's clock.
    pub times: Vec<(f64, f64)>,
}

/// Serves a CPU request inside a process, timing each task on `clock`; with
/// `Some(i)`, task `i` panics instead of running (an injected fault).
///
/// # Panics
/// Only as asked: when task `panic_at` is among `tasks`.
#[must_use]
pub fn serve_cpu_panicking(
    tasks: &[(usize, Task)],
    panic_at: Option<usize>,
    clock: impl Fn() -> f64,
) -> Answer {
    if let Some(i) = panic_at.filter(|i| tasks.iter().any(|(t, _)| t == i)) {
        panic!("task {i} panicked (an injected fault)");
    }
    serve_cpu(tasks, clock)
}

/// Serves a CPU request inside a process, timing each task on `clock`.
#[must_use]
pub fn serve_cpu(tasks: &[(usize, Task)], clock: impl Fn() -> f64) -> Answer {
    let mut out = Vec::with_capacity(tasks.len());
    let mut times = Vec::with_capacity(tasks.len());
    for (i, t) in tasks {
        let start = clock();
        match t.run() {
            Ok(o) => out.push((*i, o)),
            Err(e) => {
                return Answer {
                    reply: Reply::Failed(format!("task {i}: {e}")),
                    times: Vec::new(),
                };
            }
        }
        times.push((start, clock()));
    }
    Answer {
        reply: Reply::Cpu(out),
        times,
    }
}

/// A message for the wire between the page and a process: postcard, a
/// compact binary serde format, as `pickle` is binary. (JSON was the first
/// format: parsing a 2 MB reply of Mandelbrot rows took 40-90 ms in wasm,
/// postcard 5 ms, and the bytes are half as many.)
#[must_use]
pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    // Sized first, then written into one allocation: growing the buffer as
    // it fills copied a megabyte reply several times over. Messages hold
    // only numbers, strings, lists and enums: cannot fail.
    let size = postcard::experimental::serialized_size(message).unwrap_or(0);
    postcard::serialize_with_flavor(message, Presized(Vec::with_capacity(size))).unwrap_or_default()
}

/// postcard's output into a `Vec` made large enough beforehand.
struct Presized(Vec<u8>);

impl postcard::ser_flavors::Flavor for Presized {
    type Output = Vec<u8>;

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.0.push(data);
        Ok(())
    }

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        self.0.extend_from_slice(data);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<Vec<u8>> {
        Ok(self.0)
    }
}

/// Reads a message from the wire; a process and the page each check what
/// they read, so a malformed message is an error, never a panic.
///
/// # Errors
/// Bytes that are not a well-formed `T`.
pub fn decode<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, String> {
    postcard::from_bytes(bytes).map_err(|e| e.to_string())
}

/// How `Pool.map` cuts `n` tasks for `processes` processes: chunks of
/// `ceil(n / (4 × processes))` tasks (CPython's default `chunksize`), in order.
#[must_use]
pub fn chunks(n: usize, processes: usize) -> Vec<Range<usize>> {
    let per = n.div_ceil(4 * processes.max(1)).max(1);
    (0..n).step_by(per).map(|s| s..(s + per).min(n)).collect()
}

/// Puts answers tagged with their index in order: each index below `n`
/// exactly once, or an error naming the `what` (task, request) at fault:
/// a reply from a process is checked, not trusted.
///
/// # Errors
/// An index answered twice or out of range, or one never answered.
pub fn in_order<T>(
    n: usize,
    tagged: impl IntoIterator<Item = (usize, T)>,
    what: &str,
) -> Result<Vec<T>, String> {
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(n).collect();
    for (i, v) in tagged {
        match slots.get_mut(i) {
            Some(slot @ None) => *slot = Some(v),
            _ => {
                return Err(format!(
                    "a process answered {what} {i} twice or out of range"
                ));
            }
        }
    }
    slots
        .into_iter()
        .collect::<Option<_>>()
        .ok_or_else(|| format!("some {what} got no answer from the processes"))
}
