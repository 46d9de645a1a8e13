//! Parity: every workload gives the same outputs sequentially and on 1..=4
//! workers, and every default is valid.

use kernels::Workload;

#[test]
fn every_default_is_valid_and_keyed() {
    for key in ["fib", "regex", "sum_random", "mandelbrot"] {
        let w = Workload::default_for(key).expect(key);
        assert_eq!(w.key(), key);
        w.validate().expect(key);
    }
    assert!(Workload::default_for("nope").is_none());
}

#[test]
fn small_versions_of_every_workload() {
    for w in &crate::helpers::small_workloads() {
        for k in 1..=4 {
            crate::helpers::check_parity(w, k);
        }
    }
}

#[test]
fn whole_runs_must_fit_the_tab() {
    use kernels::mandelbrot::Spec;
    // Every field in range, the product not: rejected with the total named.
    let too_big = [
        (
            Workload::Regex {
                seed: 1,
                count: 100_000,
                len: 10_000,
            },
            "count",
        ),
        (
            Workload::SumRandom {
                seed: 1,
                tasks: 256,
                count: 50_000_000,
            },
            "count",
        ),
        (
            Workload::Mandelbrot(Spec {
                width: 4096,
                height: 4096,
                max_iter: 10,
            }),
            "height",
        ),
    ];
    for (w, field) in too_big {
        let e = w.validate().expect_err("over budget");
        assert_eq!(e.field, field, "{w:?}");
        assert!(e.message.contains("at most"), "{e}");
    }
    // The largest runs allowed are still allowed.
    assert!(
        Workload::Regex {
            seed: 1,
            count: 20_000,
            len: 1000
        }
        .validate()
        .is_ok()
    );
    assert!(
        Workload::SumRandom {
            seed: 1,
            tasks: 10,
            count: 50_000_000
        }
        .validate()
        .is_ok()
    );
    assert!(
        Workload::Mandelbrot(Spec {
            width: 4096,
            height: 2048,
            max_iter: 10
        })
        .validate()
        .is_ok()
    );
}
