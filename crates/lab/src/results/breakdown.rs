//! Where an I/O run's time went, along its critical path: the request whose
//! answer came last, followed from the run's start to its end.
//!
//! Every part is a difference of two instants measured in that run (the
//! page's own clock for when it sent a request and read its answer, the
//! browser's Resource Timing for when the request went out on the network
//! and its first byte came back), so the parts add up to the run's time
//! exactly: nothing is inferred, and what the browser did not tell is left
//! in one named part rather than guessed at.

use crate::timeline::{Activity, Timeline};

/// One part of the critical path: what it was, and how long it took.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// A short name for it (for styles and exports): `before`, `held`,
    /// `endpoint`, `reading`, `waiting`, `after`.
    pub key: &'static str,
    /// What the time went on.
    pub what: &'static str,
    /// How long, in ms.
    pub ms: f64,
}

/// The run's time, split along the path of its last answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Breakdown {
    /// The request whose answer came last.
    pub request: usize,
    /// The parts, in order; they sum to the timeline's `end`.
    pub parts: Vec<Part>,
}

/// Before the page sent the last request: it was sending the others (or,
/// with a limit, waiting for a place).
pub const BEFORE_SENT: &str = "before the page sent it";
/// From the page's `fetch` to the request going out: the browser held it
/// (6 connections per host over HTTP/1.1, or the service worker's queue).
pub const HELD: &str = "held by the browser before it went out";
/// From going out to the first byte back: the endpoint's latency and work.
pub const ENDPOINT: &str = "at the endpoint (out to first byte back)";
/// From the first byte to the page having read the answer.
pub const READING: &str = "the answer's body and the page reading it";
/// The whole wait, where the browser did not say when the request went out.
pub const WAITING: &str = "waiting for the answer (the browser did not say when it went out)";
/// After the last answer: gathering the results.
pub const AFTER: &str = "after the last answer";

impl Breakdown {
    /// The breakdown of `t`, from its waits (one per request, with its id)
    /// and, where the browser told, its network spans. `None` without a
    /// request.
    #[must_use]
    pub fn of(t: &Timeline) -> Option<Self> {
        let last = t
            .spans
            .iter()
            .filter(|s| s.activity == Activity::Wait && s.item.is_some())
            .max_by(|a, b| a.end.total_cmp(&b.end))?;
        let request = last.item?;
        // The request's last time on the network (a retry goes out again).
        let wire = t
            .spans
            .iter()
            .filter(|s| s.activity == Activity::Wire && s.item == Some(request))
            .max_by(|a, b| a.start.total_cmp(&b.start));
        // Instants along the path, each clamped into order so that every
        // part is ≥ 0 and the parts sum to the end exactly.
        let end = t.end.max(last.end);
        let sent = last.start.clamp(0.0, end);
        let answered = last.end.clamp(sent, end);
        let mut parts = vec![Part {
            key: "before",
            what: BEFORE_SENT,
            ms: sent,
        }];
        match wire {
            Some(w) => {
                let out = w.start.clamp(sent, answered);
                let first_byte = w.end.clamp(out, answered);
                parts.push(Part {
                    key: "held",
                    what: HELD,
                    ms: out - sent,
                });
                parts.push(Part {
                    key: "endpoint",
                    what: ENDPOINT,
                    ms: first_byte - out,
                });
                parts.push(Part {
                    key: "reading",
                    what: READING,
                    ms: answered - first_byte,
                });
            }
            None => parts.push(Part {
                key: "waiting",
                what: WAITING,
                ms: answered - sent,
            }),
        }
        parts.push(Part {
            key: "after",
            what: AFTER,
            ms: end - answered,
        });
        Some(Self { request, parts })
    }

    /// The parts' sum: the run's time.
    #[must_use]
    pub fn total(&self) -> f64 {
        self.parts.iter().map(|p| p.ms).sum()
    }
}
