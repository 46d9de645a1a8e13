//! The one retry policy every client here follows, the page's `fetch` and
//! a worker's blocking request alike: a failed attempt is tried again after
//! a backoff ([`backoff_ms`]: 100 ms, doubled each time; no jitter, so runs
//! compare), up to the run's retries, unless the run was stopped.
//!
//! Two drivers over the same policy: [`blocking`] for a worker that sleeps
//! (in slices, so a Stop during a backoff ends it within one slice) and
//! [`awaiting`] for the page's event loop, which awaits its timer. Neither
//! knows how to sleep or to make a request: the caller gives both.

use crate::io::{Outcome, backoff_ms};

/// The longest a blocking backoff sleeps before it looks at Stop again, ms.
pub const SLICE_MS: u32 = 20;

/// Up to `1 + retries` attempts of `one(attempt)`, sleeping with `nap(ms)`
/// between them in slices of at most [`SLICE_MS`]; `stopped()` ends the
/// loop before the next attempt (and during a backoff). The last outcome,
/// and the attempts made.
pub fn blocking(
    retries: u32,
    stopped: impl Fn() -> bool,
    mut nap: impl FnMut(u32),
    mut one: impl FnMut(u32) -> Outcome,
) -> (Outcome, u32) {
    let mut last = one(0);
    let mut made = 1;
    'retries: for retry in 1..=retries {
        if !last.failed() {
            break;
        }
        let mut left = backoff_ms(retry);
        loop {
            if stopped() {
                break 'retries;
            }
            if left == 0 {
                break;
            }
            let slice = left.min(SLICE_MS);
            nap(slice);
            left -= slice;
        }
        last = one(retry);
        made += 1;
    }
    (last, made)
}

/// The same policy awaited: `sleep(ms)` is the event loop's timer, and
/// `stopped()` is checked before each backoff and after it.
pub async fn awaiting<S, R>(
    retries: u32,
    stopped: impl Fn() -> bool,
    sleep: impl Fn(u32) -> S,
    mut one: impl FnMut(u32) -> R,
) -> (Outcome, u32)
where
    S: Future<Output = ()>,
    R: Future<Output = Outcome>,
{
    let mut last = one(0).await;
    let mut made = 1;
    for retry in 1..=retries {
        if !last.failed() || stopped() {
            break;
        }
        sleep(backoff_ms(retry)).await;
        if stopped() {
            break;
        }
        last = one(retry).await;
        made += 1;
    }
    (last, made)
}
