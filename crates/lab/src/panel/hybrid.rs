//! The hybrid panel's decisions.

use crate::mode::{HybridMode, ModeKind};

/// What the hybrid panel's controls say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HybridChoice {
    /// The ticked arrangements.
    pub ticked: Vec<ModeKind>,
    /// Whether the page's thread pool started (the threads arrangement
    /// needs it).
    pub pool: bool,
    /// The machine's cores: the processes arrangement starts one per core.
    pub cores: usize,
}

impl HybridChoice {
    /// The arrangements a click on Run runs, in the page's order.
    #[must_use]
    pub fn modes(&self) -> Vec<HybridMode> {
        let has = |k| self.ticked.contains(&k);
        let mut m = Vec::new();
        if has(ModeKind::Sequential) {
            m.push(HybridMode::Sequential);
        }
        if has(ModeKind::Async) {
            m.push(HybridMode::AsyncThenCompute);
        }
        if has(ModeKind::Threads) && self.pool {
            m.push(HybridMode::AsyncThreads);
        }
        if has(ModeKind::Processes) {
            m.push(HybridMode::AsyncProcesses(self.cores));
        }
        m
    }
}
