//! Shared helpers: one `check` per kind of expectation.

use kernels::{Checksum, Job, Output, Progress, Workload};

/// Runs `w` sequentially and on `workers` pool workers, checks both give the
/// same outputs in task order, and returns the sequential outputs and checksum.
pub fn check_parity(w: &Workload, workers: usize) -> (Vec<Output>, Checksum) {
    let job = w
        .prepare()
        .unwrap_or_else(|e| panic!("{w:?} rejected: {e}"));
    let seq = run(&job, None);
    let par = run(&job, Some(workers));
    assert_eq!(seq.len(), job.len(), "{w:?}: one output per task");
    assert_eq!(seq, par, "{w:?}: sequential and {workers} workers differ");
    let sum = kernels::workload::checksum(&seq);
    assert_eq!(sum, kernels::workload::checksum(&par));
    (seq, sum)
}

/// Runs a job sequentially (`None`) or on `Some(workers)`; checks progress counted every task.
pub fn run(job: &Job, workers: Option<usize>) -> Vec<Output> {
    let progress = Progress::default();
    let ran = match workers {
        None => kernels::run_sequential(job.len(), |i| job.run_task(i), &progress),
        Some(k) => kernels::run_workers(job.len(), k, |i| job.run_task(i), &progress),
    };
    assert_eq!(progress.done(), job.len(), "progress counts every task");
    assert_eq!(ran.threads.len(), job.len());
    ran.outputs
}
