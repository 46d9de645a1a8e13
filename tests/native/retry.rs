//! The one retry policy (`kernels::retry`), through both of its drivers:
//! attempts made, the backoff slept, and Stop honoured mid-backoff.

use kernels::io::{Outcome, backoff_ms};
use kernels::retry::{self, SLICE_MS};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// Polls `f` to its end; every future here is ready at once.
fn block_on<T>(f: impl Future<Output = T>) -> T {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

/// Attempt `a` fails while `a < fails`.
fn answer(fails: u32) -> impl Fn(u32) -> Outcome {
    move |a| {
        if a < fails {
            Outcome::Failed(format!("attempt {a}"))
        } else {
            Outcome::Answered(7)
        }
    }
}

#[test]
fn both_drivers_retry_failures_up_to_the_retries_after_each_backoff() {
    // (retries, failing attempts) → (answered, attempts made)
    let cases = [
        (0, 0, true, 1),
        (3, 0, true, 1),
        (3, 1, true, 2),
        (3, 3, true, 4),
        (3, 4, false, 4),
        (0, 1, false, 1),
    ];
    for (retries, fails, answered, made) in cases {
        let slept = Cell::new(0);
        let (o, n) = retry::blocking(
            retries,
            || false,
            |ms| slept.set(slept.get() + ms),
            answer(fails),
        );
        assert_eq!(
            (o.failed(), n),
            (!answered, made),
            "blocking, {retries} retries, {fails} failing"
        );
        let want: u32 = (1..made).map(backoff_ms).sum();
        assert_eq!(slept.get(), want, "slept the backoffs between attempts");

        let waited = RefCell::new(Vec::new());
        let one = answer(fails);
        let (o, n) = block_on(retry::awaiting(
            retries,
            || false,
            |ms| {
                waited.borrow_mut().push(ms);
                std::future::ready(())
            },
            |a| std::future::ready(one(a)),
        ));
        assert_eq!((o.failed(), n), (!answered, made), "awaiting");
        assert_eq!(
            waited.into_inner(),
            (1..made).map(backoff_ms).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_stop_ends_the_backoff_within_a_slice_and_no_attempt_follows() {
    let naps = Cell::new(0u32);
    let stop_after = 2;
    let (o, n) = retry::blocking(
        5,
        || naps.get() >= stop_after,
        |ms| {
            assert!(ms <= SLICE_MS, "slept {ms} ms at once");
            naps.set(naps.get() + 1);
        },
        answer(10),
    );
    assert!(o.failed());
    assert_eq!(n, 1, "stopped during the first backoff");
    assert_eq!(naps.get(), stop_after);

    let stopped = Cell::new(false);
    let (_, n) = block_on(retry::awaiting(
        5,
        || stopped.get(),
        |_| {
            stopped.set(true);
            std::future::ready(())
        },
        |a| std::future::ready(answer(10)(a)),
    ));
    assert_eq!(n, 1, "a stop during the backoff: no second attempt");
}
