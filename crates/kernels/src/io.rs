//! The I/O workload (seeds/002: 200 URL fetches; seeds/003: concurrent `get_ip`).
//!
//! The browser performs the requests; this module only defines what they ask
//! and what a correct answer is. The latency endpoint answers request `id`
//! with `token(id)`, so the checksum over the answers proves every request
//! completed and landed in its own slot, whatever the order of completion.
//! `www/sw.js` computes the same function in JavaScript.

use crate::Checksum;
use serde::{Deserialize, Serialize};

/// The seeds' 200 URLs.
pub const DEFAULT_REQUESTS: u32 = 200;
/// Default latency of each request, in milliseconds.
pub const DEFAULT_DELAY_MS: u32 = 100;
/// What a request may take beyond twice its latency before it is abandoned
/// as timed out: ample for a slow network, and a stalled endpoint ends the
/// run with a message instead of holding it for ever.
pub const TIMEOUT_SLACK_MS: u32 = 15_000;
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
    /// How long one request may take before it is abandoned as timed out.
    #[must_use]
    pub fn timeout_ms(&self) -> u32 {
        self.delay_ms
            .saturating_mul(2)
            .saturating_add(TIMEOUT_SLACK_MS)
    }

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

/// Who answers the requests, and so what a correct answer is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Endpoint {
    /// The page's own service worker at [`path`]: no socket, no cap on
    /// connections.
    InPage,
    /// A delay server speaking the same protocol at this absolute URL (the
    /// `delay-server` crate, started by `./dev serve`): real sockets, so
    /// HTTP/1.1's limit of 6 connections per host applies.
    Server(String),
    /// Any URL (a public API): its body is not ours, so only the HTTP status
    /// is checked and every answer counts as its status code.
    Any(String),
}

impl Endpoint {
    /// The URL of request `id` of run `run` (relative for [`Endpoint::InPage`]).
    #[must_use]
    pub fn url(&self, delay_ms: u32, id: u32, run: u64) -> String {
        match self {
            Self::InPage => path(delay_ms, id, run),
            Self::Server(base) => {
                let sep = if base.contains('?') { '&' } else { '?' };
                format!("{base}{sep}ms={delay_ms}&id={id}&run={run}")
            }
            Self::Any(url) => url.clone(),
        }
    }

    /// The `x-endpoint` header a correct answer carries, if the endpoint is ours.
    #[must_use]
    pub fn mark(&self) -> Option<&'static str> {
        match self {
            Self::InPage => Some("service-worker"),
            Self::Server(_) => Some("delay-server"),
            Self::Any(_) => None,
        }
    }

    /// The checksum of a correct run of `requests` requests.
    #[must_use]
    pub fn expected(&self, requests: u32) -> Checksum {
        match self {
            Self::InPage | Self::Server(_) => expected(requests),
            Self::Any(_) => Checksum::of((0..requests).map(|_| 200)),
        }
    }

    /// What the page says the endpoint is.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::InPage => {
                "in-page service worker (answers in the browser; no sockets, no 6-per-host cap)"
                    .to_owned()
            }
            Self::Server(u) => format!(
                "delay server {u} (real sockets: at most 6 connections per host over HTTP/1.1)"
            ),
            Self::Any(u) => {
                format!("{u} (any URL: only the HTTP status is checked; its latency is its own)")
            }
        }
    }
}
