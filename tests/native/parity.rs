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
