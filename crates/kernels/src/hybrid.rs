//! The hybrid pipeline (seeds/003's best practice): fetch N items, then do
//! CPU work on each, where the work depends on what was fetched.
//!
//! Item `id` is fetched from the latency endpoint, whose answer is
//! `io::token(id)`; its CPU step sums `count` random integers from a stream
//! seeded by that token. The checksum over the sums, in item order, is the
//! same however fetching and computing are arranged, and can be computed
//! natively from the ids alone.

use crate::Checksum;
use crate::checksum::mix64;
use crate::io::{self, IoParams};
use crate::params::ParamError;
use crate::sum_random::{self, Task};

/// Default number of items.
pub const DEFAULT_ITEMS: u32 = 24;
/// Default latency of each fetch, in ms.
pub const DEFAULT_DELAY_MS: u32 = 50;
/// Default random integers summed per item (about 15 ms in wasm: as long
/// as a third of a fetch, so that overlapping them shows).
pub const DEFAULT_COUNT: u32 = 10_000_000;
/// Most items in one run.
pub const MAX_ITEMS: u32 = 1000;

/// A hybrid run's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hybrid {
    /// How many items to fetch and process.
    pub items: u32,
    /// Latency of each fetch, in ms.
    pub delay_ms: u32,
    /// Random integers summed per item.
    pub count: u32,
}

impl Default for Hybrid {
    fn default() -> Self {
        Self {
            items: DEFAULT_ITEMS,
            delay_ms: DEFAULT_DELAY_MS,
            count: DEFAULT_COUNT,
        }
    }
}

impl Hybrid {
    /// Checks every parameter, and that the whole run's work fits the tab.
    ///
    /// # Errors
    /// The first parameter out of range.
    pub fn validate(&self) -> Result<(), ParamError> {
        crate::params::check("items", self.items, 1, MAX_ITEMS)?;
        crate::params::check("delay_ms", self.delay_ms, 0, io::MAX_DELAY_MS)?;
        crate::params::check("count", self.count, 1, sum_random::MAX_COUNT)?;
        let draws = u64::from(self.items) * u64::from(self.count);
        if draws > sum_random::MAX_DRAWS {
            return Err(ParamError {
                field: "count",
                message: format!(
                    "{draws} draws in all (items × integers) is more than this page runs at once; at most {}: try count ≤ {}",
                    sum_random::MAX_DRAWS,
                    sum_random::MAX_DRAWS / u64::from(self.items)
                ),
            });
        }
        Ok(())
    }

    /// The fetching half, as I/O parameters (no async limit).
    #[must_use]
    pub fn io(&self) -> IoParams {
        IoParams {
            requests: self.items,
            delay_ms: self.delay_ms,
            limit: None,
            ..IoParams::default()
        }
    }

    /// The CPU step for an item whose fetch returned `token`.
    #[must_use]
    pub fn task(&self, token: u32) -> Task {
        Task {
            seed: mix64(u64::from(token)),
            count: self.count,
        }
    }

    /// The CPU step itself.
    #[must_use]
    pub fn compute(&self, token: u32) -> u64 {
        sum_random::sum_random(self.task(token))
    }

    /// The checksum of a correct run, computed here without fetching (the
    /// endpoint's answer to `id` is known): for tests, not for the page.
    #[must_use]
    pub fn expected(&self) -> Checksum {
        Checksum::of((0..self.items).map(|id| self.compute(io::token(id))))
    }
}
