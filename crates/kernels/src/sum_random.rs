//! Summing random integers (seeds/001: 8 workers, each summing 1,000,000
//! `random.randint(1, 100)`).
//!
//! Each task draws from its own Xoshiro256++ stream, seeded from the run's seed
//! and the task's index, so the tasks differ (nothing to fold away) and every
//! mode and platform draws exactly the same numbers.

use crate::gil::{Checkpoint, NoCheck};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The seeds' 8 workers.
pub const DEFAULT_TASKS: usize = 8;
/// The seeds' 1,000,000 draws per worker.
pub const ARTICLE_COUNT: u32 = 1_000_000;
/// The page's draws per task: the seeds' take about 2 ms compiled, too
/// little to time past a pool's start; ten times as many.
pub const DEFAULT_COUNT: u32 = 10_000_000;
/// Most tasks in one run.
pub const MAX_TASKS: usize = 256;
/// Most draws per task.
pub const MAX_COUNT: u32 = 50_000_000;
/// Most draws in one run: seconds of work per mode, not hours.
pub const MAX_DRAWS: u64 = 500_000_000;

/// One task's input: its stream seed and how many numbers to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Task {
    /// Seed of this task's random stream.
    pub seed: u64,
    /// How many integers to draw and add.
    pub count: u32,
}

/// The tasks of a run: task `i` is seeded by `mix64(seed ^ i)`.
#[must_use]
pub fn tasks(seed: u64, tasks: usize, count: u32) -> Vec<Task> {
    (0..tasks as u64)
        .map(|i| Task {
            seed: crate::checksum::mix64(seed ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
            count,
        })
        .collect()
}

/// Sums `task.count` random integers drawn uniformly from 1..=100.
#[must_use]
pub fn sum_random(task: Task) -> u64 {
    sum_random_with(task, &NoCheck)
}

/// [`sum_random`], calling `c.check()` every 4096 draws.
pub fn sum_random_with<C: Checkpoint>(task: Task, c: &C) -> u64 {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(task.seed);
    let mut sum = 0;
    let mut left = task.count;
    while left > 0 {
        let chunk = left.min(4096);
        sum += (0..chunk)
            .map(|_| u64::from(rng.random_range(1..=100u32)))
            .sum::<u64>();
        left -= chunk;
        c.check();
    }
    sum
}
