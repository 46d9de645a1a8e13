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
fn the_article_list_and_the_default_give_known_values() {
    let check = |w: Workload, want: [u64; 3]| {
        let (out, _) = crate::helpers::check_parity(&w, 3);
        assert_eq!(out, want.map(Output::Value).to_vec(), "{w:?}");
    };
    // The seeds' [28, 30, 32], and the page's default: 6 larger each.
    check(
        Workload::article_for("fib").unwrap(),
        [317_811, 832_040, 2_178_309],
    );
    check(
        Workload::default_for("fib").unwrap(),
        [5_702_887, 14_930_352, 39_088_169],
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
