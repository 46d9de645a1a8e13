//! The checksum every mode reports: an order-sensitive fold of per-task digests.
//!
//! Order-sensitive on purpose: every mode must deliver output `i` for task `i`,
//! so a mode that mixed results up would be caught, not forgiven.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A 64-bit checksum over the digests of a workload's task outputs, in task order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Checksum(pub u64);

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// SplitMix64's finaliser: spreads every input bit over the whole word, so that
/// nearby digests (fib(28) vs fib(29)) give unrelated contributions.
#[must_use]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Checksum {
    /// Folds digests, in order, into a checksum.
    pub fn of(digests: impl IntoIterator<Item = u64>) -> Self {
        Self(
            digests
                .into_iter()
                .fold(FNV_OFFSET, |h, d| (h ^ mix64(d)).wrapping_mul(FNV_PRIME)),
        )
    }
}

impl fmt::Display for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}
