//! Naive recursive fibonacci (seeds/003: a process pool over `[28, 30, 32]`).
//!
//! Deliberately exponential: it is the textbook CPU-bound task, and the
//! uneven sizes of 28, 30 and 32 show load imbalance in a pool.

use crate::gil::{Checkpoint, NoCheck};
use std::hint::black_box;

/// Largest `n` accepted: fib(40) makes ~330 million calls, about a second.
pub const MAX_N: u32 = 40;
/// Most tasks in one list.
pub const MAX_TASKS: usize = 64;
/// The seeds' list.
pub const ARTICLE: [u32; 3] = [28, 30, 32];
/// The page's list: the seeds' with every n 6 larger. Compiled, fib(32)
/// takes a few ms, so the seeds' three finish in about 20 ms, where a
/// pool's wake-up and the timer's step weigh as much as the work; 6 more
/// makes every task about 18 times longer (φ⁶) in the same proportions.
pub const DEFAULT: [u32; 3] = [34, 36, 38];

/// fib(n) by naive recursion; fib(0) = 0, fib(1) = 1.
#[must_use]
pub fn fib(n: u32) -> u64 {
    fib_with(n, &NoCheck)
}

/// Every call with this `n` (about 22,000 calls of work) is a checkpoint.
const CHECK_AT: u32 = 20;

/// [`fib`], calling `c.check()` every few tens of microseconds of work.
pub fn fib_with<C: Checkpoint>(n: u32, c: &C) -> u64 {
    // black_box keeps the optimiser from treating `n` as known at compile time.
    naive(black_box(n), c)
}

fn naive<C: Checkpoint>(n: u32, c: &C) -> u64 {
    if n == CHECK_AT {
        c.check();
    }
    if n < 2 {
        u64::from(n)
    } else {
        naive(n - 1, c) + naive(n - 2, c)
    }
}
