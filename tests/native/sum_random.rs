//! sum_random: statistical sanity, distinct tasks, determinism.

use kernels::sum_random::{Task, sum_random, tasks};

#[test]
fn sums_lie_near_the_mean() {
    // Sum of n uniform draws from 1..=100: mean 50.5 n, sd sqrt(n (100²-1)/12).
    // The streams are fixed by the seed, so this cannot flake; a wrong range
    // (0..100, 1..100) moves the mean by 0.5 n = 1000 sd for n = 10^6.
    for t in tasks(42, 8, 1_000_000) {
        let s = sum_random(t) as f64;
        let n = f64::from(t.count);
        let sd = (n * (100.0 * 100.0 - 1.0) / 12.0).sqrt();
        assert!((s - 50.5 * n).abs() < 6.0 * sd, "sum {s} far from mean");
    }
}

#[test]
fn draws_stay_in_one_to_hundred() {
    // One draw per task: every single value is a sum of one.
    for t in tasks(7, 2000, 1) {
        let v = sum_random(t);
        assert!((1..=100).contains(&v), "draw {v}");
    }
    let mut seen: Vec<u64> = tasks(7, 5000, 1).into_iter().map(sum_random).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 100, "all of 1..=100 occur in 5000 draws");
}

#[test]
fn tasks_differ_and_repeat() {
    let ts = tasks(1, 8, 1000);
    let sums: Vec<u64> = ts.iter().copied().map(sum_random).collect();
    assert_eq!(
        sums,
        ts.iter().copied().map(sum_random).collect::<Vec<_>>(),
        "deterministic"
    );
    let mut d = sums.clone();
    d.sort_unstable();
    d.dedup();
    assert!(d.len() > 4, "tasks draw different streams: {sums:?}");
    assert_ne!(tasks(1, 1, 10), tasks(2, 1, 10), "seed matters");
    assert_eq!(sum_random(Task { seed: 3, count: 0 }), 0);
}

#[test]
fn parity_across_worker_counts() {
    let w = kernels::Workload::SumRandom {
        seed: 9,
        tasks: 8,
        count: 20_000,
    };
    for k in 1..=4 {
        crate::helpers::check_parity(&w, k);
    }
}

#[test]
fn the_stream_is_pinned() {
    // A share link names a seed, not numbers: a dependency update that
    // changed the stream would silently change every linked run's inputs.
    // Xoshiro256++ is integer arithmetic, the same on every platform (the
    // browser tests compare the page's checksums with these native ones).
    assert_eq!(
        sum_random(Task {
            seed: 1,
            count: 1000
        }),
        PINNED_SUM
    );
}

/// `sum_random` of 1000 draws from seed 1, as first computed.
const PINNED_SUM: u64 = 50503;
