//! The hybrid pipeline's kernel: the CPU step depends on the fetched token,
//! gives the same value in place and through a process message, and whole
//! runs too big for the tab are refused.

use kernels::Task;
use kernels::hybrid::Hybrid;
use kernels::io::token;

#[test]
fn the_step_is_the_same_in_place_and_in_a_process() {
    let h = Hybrid {
        items: 5,
        delay_ms: 0,
        count: 10_000,
    };
    for id in 0..h.items {
        let t = token(id);
        assert_eq!(
            Task::Sum(h.task(t)).run(),
            Ok(kernels::Output::Value(h.compute(t))),
            "item {id}"
        );
    }
    // The work depends on what was fetched: another token, another sum.
    assert_ne!(h.compute(token(0)), h.compute(token(1)));
    assert_ne!(h.expected(), Hybrid { count: 10_001, ..h }.expected());
}

#[test]
fn parameters_and_budget() {
    assert!(Hybrid::default().validate().is_ok());
    for (h, field) in [
        (
            Hybrid {
                items: 0,
                ..Hybrid::default()
            },
            "items",
        ),
        (
            Hybrid {
                items: 1001,
                ..Hybrid::default()
            },
            "items",
        ),
        (
            Hybrid {
                delay_ms: 10_001,
                ..Hybrid::default()
            },
            "delay_ms",
        ),
        (
            Hybrid {
                count: 0,
                ..Hybrid::default()
            },
            "count",
        ),
        (
            Hybrid {
                items: 1000,
                delay_ms: 0,
                count: 50_000_000,
            },
            "count",
        ),
    ] {
        assert_eq!(
            h.validate().expect_err("out of range").field,
            field,
            "{h:?}"
        );
    }
}
