//! The I/O workload (seeds/002: 200 URL fetches; seeds/003: concurrent `get_ip`).
//!
//! The browser performs the requests; this module only defines what they ask
//! and what a correct answer is. The latency endpoint answers request `id`
//! with `token(id)`, so the checksum over the answers proves every request
//! completed and landed in its own slot, whatever the order of completion.
//! `www/sw.js` computes the same function in JavaScript.

use crate::Checksum;

/// The seeds' 200 URLs.
pub const DEFAULT_REQUESTS: u32 = 200;
/// Default latency of each request, in milliseconds.
pub const DEFAULT_DELAY_MS: u32 = 100;
/// Most requests in one run.
pub const MAX_REQUESTS: u32 = 5000;
/// Longest latency, in milliseconds.
pub const MAX_DELAY_MS: u32 = 10_000;

/// The endpoint's answer to request `id`: MurmurHash3's 32-bit finaliser.
#[must_use]
pub fn token(id: u32) -> u32 {
    let mut h = id ^ 0x5bd1_e995;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// The URL of request `id` of run `run`, relative to the page (so the site
/// also works under a sub-path); unique per run so no cache can answer it.
#[must_use]
pub fn path(delay_ms: u32, id: u32, run: u64) -> String {
    format!("io/delay?ms={delay_ms}&id={id}&run={run}")
}

/// An I/O workload: how many requests, how slow each is, and how many may be
/// in flight at once in the async mode (`None`: all of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IoParams {
    /// Number of requests (= tasks).
    pub requests: u32,
    /// Latency the endpoint adds to each request, in milliseconds.
    pub delay_ms: u32,
    /// Most requests in flight at once in the async mode (`asyncio.Semaphore`).
    pub limit: Option<u32>,
}

impl Default for IoParams {
    fn default() -> Self {
        Self {
            requests: DEFAULT_REQUESTS,
            delay_ms: DEFAULT_DELAY_MS,
            limit: None,
        }
    }
}

impl IoParams {
    /// Checks every parameter against its documented range.
    ///
    /// # Errors
    /// The first parameter out of range.
    pub fn validate(&self) -> Result<(), crate::ParamError> {
        crate::workload::check("requests", self.requests, 1, MAX_REQUESTS)?;
        crate::workload::check("delay_ms", self.delay_ms, 0, MAX_DELAY_MS)?;
        if let Some(l) = self.limit {
            crate::workload::check("limit", l, 1, MAX_REQUESTS)?;
        }
        Ok(())
    }
}

/// The checksum of a correct run of `requests` requests.
#[must_use]
pub fn expected(requests: u32) -> Checksum {
    Checksum::of((0..requests).map(|id| u64::from(token(id))))
}
