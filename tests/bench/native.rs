//! The native side: the same `kernels` crate, built with release settings,
//! run the way the page runs it.
//!
//! The page runs a mode inside its wasm rayon pool (`cores` threads): a
//! sequential run on one pool thread, a threads run as `k` claimants on the
//! pool. Here the same calls run inside a native rayon pool of the same
//! size, with the same timed `Progress` (so the per-task clock reads the
//! page pays are paid here too), and the same interleaving: every mode
//! once per round, warm-up rounds first.

use kernels::{Progress, Workload};
use lab::form::Repeats;
use std::sync::OnceLock;
use std::time::Instant;

/// One kernel's native timings.
pub struct Native {
    /// Counted samples of the sequential run, ms.
    pub sequential: Vec<f64>,
    /// Counted samples of `k` workers, ms, for k = 1..=cores.
    pub threads: Vec<(usize, Vec<f64>)>,
    /// The checksum every run computed (16 hex digits, as the page shows it).
    pub checksum: String,
}

/// Milliseconds since the first call: the native [`kernels::Clock`].
fn clock() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

/// Times `w` sequentially and on 1..=`cores` workers, `repeats` rounds.
pub fn measure(w: &Workload, cores: usize, repeats: Repeats) -> Result<Native, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cores)
        .build()
        .map_err(|e| format!("no native rayon pool: {e}"))?;
    pool.install(|| {
        let job = w.prepare().map_err(|e| e.to_string())?;
        let task = |i| job.run_task(i);
        // None: sequential; Some(k): k workers.
        let modes: Vec<Option<usize>> =
            std::iter::once(None).chain((1..=cores).map(Some)).collect();
        let mut samples: Vec<Vec<f64>> = vec![Vec::new(); modes.len()];
        let mut checksum = None;
        for round in 0..repeats.total() {
            for (m, s) in modes.iter().zip(&mut samples) {
                let progress = Progress::timed(clock);
                let t0 = clock();
                let ran = match m {
                    None => kernels::run_sequential(job.len(), task, &progress),
                    Some(k) => kernels::run_workers(job.len(), *k, task, &progress),
                };
                let ms = clock() - t0;
                let sum = kernels::workload::checksum(&ran.outputs).to_string();
                if checksum.get_or_insert_with(|| sum.clone()) != &sum {
                    return Err(format!(
                        "native {m:?} computed {sum}, another mode {checksum:?}"
                    ));
                }
                if repeats.counts(round) {
                    s.push(ms);
                }
            }
        }
        let mut samples = samples.into_iter();
        Ok(Native {
            sequential: samples.next().unwrap_or_default(),
            threads: (1..=cores).zip(samples).collect(),
            checksum: checksum.unwrap_or_default(),
        })
    })
}
