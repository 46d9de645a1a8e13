//! The one progress poller: a run whose workers count finished tasks in
//! shared memory is awaited with its count read every [`POLL_MS`], for
//! the progress line (the workers cannot touch the page's signals).

use futures::future::{Either, select};
use gloo_timers::future::TimeoutFuture;

/// How often a running mode's progress is read, ms.
pub const POLL_MS: u32 = 100;

/// Awaits `done`, calling `report()` every [`POLL_MS`] until it ends.
pub async fn with_progress<T>(done: impl Future<Output = T>, report: impl Fn()) -> T {
    let mut done = Box::pin(done);
    loop {
        match select(done, TimeoutFuture::new(POLL_MS)).await {
            Either::Left((v, _)) => return v,
            Either::Right((_, rest)) => {
                report();
                done = rest;
            }
        }
    }
}
