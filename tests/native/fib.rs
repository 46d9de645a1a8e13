//! fib: known values and range checks.

use kernels::fib::fib;
use kernels::{Output, Workload};

#[test]
fn known_values() {
    for (n, want) in [
        (0, 0),
        (1, 1),
        (2, 1),
        (10, 55),
        (20, 6765),
        (28, 317_811),
        (30, 832_040),
        (32, 2_178_309),
    ] {
        assert_eq!(fib(n), want, "fib({n})");
    }
}

#[test]
fn default_list_is_the_seeds_and_gives_known_values() {
    let w = Workload::default_for("fib").unwrap();
    let (out, _) = crate::helpers::check_parity(&w, 3);
    assert_eq!(
        out,
        vec![
            Output::Value(317_811),
            Output::Value(832_040),
            Output::Value(2_178_309)
        ]
    );
}

#[test]
fn rejects_out_of_range() {
    for ns in [vec![41], vec![5, 1000], vec![], vec![1; 65]] {
        let e = Workload::Fib { ns: ns.clone() }
            .validate()
            .expect_err(&format!("{ns:?} must be rejected"));
        assert!(e.message.contains("allowed"), "message says the range: {e}");
    }
    assert!(Workload::Fib { ns: vec![0, 40] }.validate().is_ok());
}
