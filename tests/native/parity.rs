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
    let ws = [
        Workload::Fib {
            ns: vec![20, 5, 25, 0, 1],
        },
        Workload::Regex {
            seed: 1,
            count: 30,
            len: 200,
        },
        Workload::SumRandom {
            seed: 1,
            tasks: 5,
            count: 1000,
        },
        Workload::Mandelbrot(kernels::mandelbrot::Spec {
            width: 30,
            height: 17,
            max_iter: 50,
        }),
    ];
    for w in &ws {
        for k in 1..=4 {
            crate::helpers::check_parity(w, k);
        }
    }
}
