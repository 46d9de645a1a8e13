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
/// Default latency of each request, in milliseconds: 200 sequential
/// requests then take about 2 s, and every mode's lesson shows in seconds
/// (the seeds' took about 190 ms each: 37.98 s for 200).
pub const DEFAULT_DELAY_MS: u32 = 10;
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

/// Most retries of one request.
pub const MAX_RETRIES: u32 = 5;
/// Longest per-request timeout one may set, in milliseconds.
pub const MAX_TIMEOUT_MS: u32 = 600_000;
/// Longest extra wait of a slow answer, in milliseconds (as the delay
/// server's `stall_ms`).
pub const MAX_SLOW_MS: u32 = 120_000;
/// The wait before the first retry; each later one waits twice the one before.
pub const BACKOFF_MS: u32 = 100;

/// A fault the endpoint injects into a share of its answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaultKind {
    /// Every answer is right.
    #[default]
    None,
    /// An HTTP 503 instead of the answer.
    Error,
    /// The answer comes [`Faults::slow_ms`] late (a client's timeout may
    /// end the request first).
    Slow,
    /// The connection breaks in the middle of the answer: a network error.
    Drop,
}

impl FaultKind {
    /// Every kind, with its key (the endpoints' `fail=` parameter) and what
    /// the page calls it.
    pub const ALL: [(Self, &'static str, &'static str); 4] = [
        (Self::None, "none", "none: every answer is right"),
        (
            Self::Error,
            "error",
            "error: HTTP 503 instead of the answer",
        ),
        (Self::Slow, "slow", "slow: the answer comes late"),
        (Self::Drop, "drop", "drop: the connection breaks mid-answer"),
    ];

    /// The endpoints' name for this kind.
    #[must_use]
    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|k| k.0 == self)
            .map_or("none", |k| k.1)
    }

    /// The kind named `key`, if any.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().find(|k| k.1 == key).map(|k| k.0)
    }
}

/// Faults the endpoint injects: which kind, into what share of the answers.
///
/// Which requests are hit is not random: [`hit`] decides from the request's
/// id and attempt alone, in the endpoint and here alike. So every mode meets
/// the same faults (they are compared on equal terms), the page knows in
/// advance which requests a run can answer ([`IoParams::predicted`]), and a
/// retry is a fresh draw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Faults {
    /// What goes wrong.
    pub kind: FaultKind,
    /// In what share of the attempts, in percent (0..=100).
    pub rate: u32,
    /// How late a slow answer comes, beyond the latency, in milliseconds.
    pub slow_ms: u32,
}

/// Whether attempt `attempt` (0 = the first) of request `id` is hit by a
/// fault injected at `rate` percent. `www/sw.js` and the delay server
/// compute the same.
#[must_use]
pub fn hit(id: u32, attempt: u32, rate: u32) -> bool {
    token(id ^ token(attempt ^ 0x9e37_79b9)) % 100 < rate
}

/// The wait before retry `retry` (1 = the first): 100 ms, doubled each time
/// (no jitter, so runs compare; the endpoint here is not a crowd to spread).
#[must_use]
pub fn backoff_ms(retry: u32) -> u32 {
    BACKOFF_MS.saturating_mul(1 << retry.saturating_sub(1).min(16))
}

/// How one request ended, after its retries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// Answered, with this token (or status, for [`Endpoint::Any`]).
    Answered(u32),
    /// Failed: an HTTP error, a broken connection, a wrong answer; why.
    Failed(String),
    /// No answer before the request's timeout; the message says so.
    TimedOut(String),
}

impl Outcome {
    /// Whether another attempt may do better (everything but an answer).
    #[must_use]
    pub fn failed(&self) -> bool {
        !matches!(self, Self::Answered(_))
    }

    /// The answer, or why there is none.
    ///
    /// # Errors
    /// A failure or a timeout, with its message.
    pub fn into_result(self) -> Result<u32, String> {
        match self {
            Self::Answered(t) => Ok(t),
            Self::Failed(e) | Self::TimedOut(e) => Err(e),
        }
    }
}

/// What stands in the checksum for a request that got no answer: outside
/// the range of every token, so no answer can pass for it.
pub const NO_ANSWER: u64 = 1 << 32;

/// The checksum of a run's outcomes in request order: each answer's token,
/// [`NO_ANSWER`] for each request that failed or timed out. With every
/// request answered it is [`expected`].
#[must_use]
pub fn checksum<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Checksum {
    Checksum::of(outcomes.into_iter().map(|o| match o {
        Outcome::Answered(t) => u64::from(*t),
        _ => NO_ANSWER,
    }))
}

/// A run's requests counted by how they ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Answered (after retries, if any).
    pub answered: u32,
    /// Failed on their last attempt.
    pub failed: u32,
    /// Timed out on their last attempt.
    pub timed_out: u32,
    /// Attempts beyond each request's first.
    pub retries: u32,
    /// The first failure's message, in request order.
    pub first_failure: Option<String>,
}

impl Tally {
    /// Counts `outcomes` (with each request's attempts) in request order.
    #[must_use]
    pub fn of<'a>(outcomes: impl IntoIterator<Item = (&'a Outcome, u32)>) -> Self {
        let mut t = Self::default();
        for (o, attempts) in outcomes {
            t.retries += attempts.saturating_sub(1);
            let why = match o {
                Outcome::Answered(_) => {
                    t.answered += 1;
                    continue;
                }
                Outcome::Failed(e) => {
                    t.failed += 1;
                    e
                }
                Outcome::TimedOut(e) => {
                    t.timed_out += 1;
                    e
                }
            };
            t.first_failure.get_or_insert_with(|| why.clone());
        }
        t
    }

    /// What the results table says, e.g. `190 answered · 8 failed · 2 timed
    /// out · 31 retries`.
    #[must_use]
    pub fn describe(&self) -> String {
        let mut s = format!("{} answered", self.answered);
        if self.failed > 0 {
            s += &format!(" · {} failed", self.failed);
        }
        if self.timed_out > 0 {
            s += &format!(" · {} timed out", self.timed_out);
        }
        if self.retries > 0 {
            s += &format!(
                " · {} retr{}",
                self.retries,
                if self.retries == 1 { "y" } else { "ies" }
            );
        }
        s
    }
}

/// An I/O workload: how many requests, how slow each is, how many may be
/// in flight at once in the async mode (`None`: all of them), what the
/// endpoint does wrong, and how the client copes (timeout, retries).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IoParams {
    /// Number of requests (= tasks).
    pub requests: u32,
    /// Latency the endpoint adds to each request, in milliseconds.
    pub delay_ms: u32,
    /// Most requests in flight at once in the async mode (`asyncio.Semaphore`).
    pub limit: Option<u32>,
    /// Faults the endpoint injects.
    pub faults: Faults,
    /// How many times a failed or timed-out request is tried again, after
    /// [`backoff_ms`].
    pub retries: u32,
    /// Each attempt's timeout in ms; `None`: twice the latency plus
    /// [`TIMEOUT_SLACK_MS`].
    pub timeout: Option<u32>,
}

impl Default for IoParams {
    fn default() -> Self {
        Self {
            requests: DEFAULT_REQUESTS,
            delay_ms: DEFAULT_DELAY_MS,
            limit: None,
            faults: Faults {
                kind: FaultKind::None,
                rate: 10,
                slow_ms: 1000,
            },
            retries: 0,
            timeout: None,
        }
    }
}

impl IoParams {
    /// How long one attempt may take before it is abandoned as timed out.
    #[must_use]
    pub fn timeout_ms(&self) -> u32 {
        self.timeout.unwrap_or_else(|| {
            self.delay_ms
                .saturating_mul(2)
                .saturating_add(TIMEOUT_SLACK_MS)
        })
    }

    /// The faults in effect: none when the kind is none or the rate 0.
    #[must_use]
    pub fn injecting(&self) -> Option<Faults> {
        (self.faults.kind != FaultKind::None && self.faults.rate > 0).then_some(self.faults)
    }

    /// The checksum a run must reach, when it can be known in advance: with
    /// no faults, every token; with errors or drops, every token of a
    /// request one of whose attempts is not hit, [`NO_ANSWER`] for the rest.
    /// Slow answers are known only when they outlast the timeout by a clear
    /// second (else whether they make it is a race: `None`). It is what the
    /// faults alone leave unanswered: a run that misses it lost requests to
    /// its own timeouts (one under the latency, or a request queued behind
    /// the browser's 6 connections per host while its timeout ran), and the
    /// page says so rather than hide it.
    #[must_use]
    pub fn predicted(&self, e: &Endpoint) -> Option<Checksum> {
        let Some(f) = self.injecting() else {
            return Some(e.expected(self.requests));
        };
        if matches!(e, Endpoint::Any(_)) {
            return None;
        }
        if f.kind == FaultKind::Slow
            && u64::from(self.delay_ms) + u64::from(f.slow_ms) < u64::from(self.timeout_ms()) + 1000
        {
            return None;
        }
        Some(Checksum::of((0..self.requests).map(|id| {
            if (0..=self.retries).any(|a| !hit(id, a, f.rate)) {
                u64::from(token(id))
            } else {
                NO_ANSWER
            }
        })))
    }

    /// Checks every parameter against its documented range.
    ///
    /// # Errors
    /// The first parameter out of range.
    pub fn validate(&self) -> Result<(), crate::params::ParamError> {
        crate::params::check("requests", self.requests, 1, MAX_REQUESTS)?;
        crate::params::check("delay_ms", self.delay_ms, 0, MAX_DELAY_MS)?;
        if let Some(l) = self.limit {
            crate::params::check("limit", l, 1, MAX_REQUESTS)?;
        }
        crate::params::check("fail_rate", self.faults.rate, 0, 100)?;
        crate::params::check("slow_ms", self.faults.slow_ms, 0, MAX_SLOW_MS)?;
        crate::params::check("retries", self.retries, 0, MAX_RETRIES)?;
        if let Some(t) = self.timeout {
            crate::params::check("timeout_ms", t, 1, MAX_TIMEOUT_MS)?;
        }
        Ok(())
    }
}

/// The checksum of a correct run of `requests` requests.
#[must_use]
pub fn expected(requests: u32) -> Checksum {
    Checksum::of((0..requests).map(|id| u64::from(token(id))))
}

/// The connections a browser keeps open to one host name over HTTP/1.1
/// (Chromium, Firefox and Safari alike).
pub const CONNECTIONS_PER_HOST: u32 = 6;

/// How many host names [`Endpoint::Sharded`] spreads its requests over:
/// enough for 200 requests (the seeds' count) at 6 connections per name
/// with room to spare; every extra name costs a connection, so no more.
pub const SHARDS: u32 = 40;

/// `base` with its host replaced by the shard of request `id`:
/// `http://127.0.0.1:8081/io/delay` → `http://s7.localhost:8081/io/delay`.
/// Every `*.localhost` name is the loopback address in the browsers (they
/// answer it themselves, with no DNS), so each shard reaches the same
/// server under another name. A `base` without a scheme is returned as is.
#[must_use]
pub fn shard(base: &str, id: u32) -> String {
    match UrlParts::of(base) {
        Some(u) => format!(
            "{}://s{}.localhost{}{}",
            u.scheme,
            id % SHARDS,
            u.port,
            u.tail
        ),
        None => base.to_owned(),
    }
}

/// An absolute URL's pieces, as far as sharding needs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// `http`.
    pub scheme: &'a str,
    /// The host name or address (`127.0.0.1`, `[::1]`).
    pub host: &'a str,
    /// `:8081`, or empty.
    pub port: &'a str,
    /// The path and query, from the first `/` or `?` on.
    pub tail: &'a str,
}

impl<'a> UrlParts<'a> {
    /// Splits `url`; `None` without a `scheme://`.
    #[must_use]
    pub fn of(url: &'a str) -> Option<Self> {
        let (scheme, rest) = url.split_once("://")?;
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        // The port follows the last ':' unless it is inside an IPv6 literal.
        let (host, port) = match authority.rfind(':') {
            Some(i) if !authority[i..].contains(']') => authority.split_at(i),
            _ => (authority, ""),
        };
        Some(Self {
            scheme,
            host,
            port,
            tail,
        })
    }
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
    /// The same delay server, each request sent to one of [`SHARDS`] host
    /// names (`s0.localhost` … `s39.localhost`, all the loopback address
    /// the URL names) by its id: HTTP/1.1 domain sharding. The browser
    /// counts its 6 connections per host *name*, so 40 names allow 240 at
    /// once — the trick sites used before HTTP/2 to load more in parallel.
    Sharded(String),
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
            Self::Sharded(base) => Self::Server(shard(base, id)).url(delay_ms, id, run),
            Self::Any(url) => url.clone(),
        }
    }

    /// The URL of attempt `attempt` of request `id`: [`Endpoint::url`] plus,
    /// for our endpoints, the faults to inject (a unique URL per attempt,
    /// so no cache answers a retry).
    #[must_use]
    pub fn attempt_url(&self, p: &IoParams, id: u32, run: u64, attempt: u32) -> String {
        let url = self.url(p.delay_ms, id, run);
        match (self, p.injecting()) {
            (Self::Any(_), _) | (_, None) => url,
            (_, Some(f)) => format!(
                "{url}&fail={}&rate={}&slow_ms={}&attempt={attempt}",
                f.kind.key(),
                f.rate,
                f.slow_ms
            ),
        }
    }

    /// How many of its requests the browser lets out at once, if it caps
    /// them: HTTP/1.1's 6 connections per host name (per name for
    /// [`Endpoint::Sharded`]); no cap for the in-page endpoint, which opens
    /// no socket.
    #[must_use]
    pub fn connections(&self) -> Option<u32> {
        match self {
            Self::InPage => None,
            Self::Server(_) | Self::Any(_) => Some(CONNECTIONS_PER_HOST),
            Self::Sharded(_) => Some(CONNECTIONS_PER_HOST * SHARDS),
        }
    }

    /// The `x-endpoint` header a correct answer carries, if the endpoint is ours.
    #[must_use]
    pub fn mark(&self) -> Option<&'static str> {
        match self {
            Self::InPage => Some("service-worker"),
            Self::Server(_) | Self::Sharded(_) => Some("delay-server"),
            Self::Any(_) => None,
        }
    }

    /// The checksum of a correct run of `requests` requests.
    #[must_use]
    pub fn expected(&self, requests: u32) -> Checksum {
        match self {
            Self::InPage | Self::Server(_) | Self::Sharded(_) => expected(requests),
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
            Self::Sharded(u) => format!(
                "delay server {u} under {SHARDS} host names, s0.localhost … s{}.localhost \
                 (HTTP/1.1 domain sharding: {CONNECTIONS_PER_HOST} connections per host name, {} in all)",
                SHARDS - 1,
                CONNECTIONS_PER_HOST * SHARDS
            ),
            Self::Any(u) => {
                format!("{u} (any URL: only the HTTP status is checked; its latency is its own)")
            }
        }
    }
}
