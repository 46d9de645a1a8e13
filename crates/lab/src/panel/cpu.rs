//! The CPU panel's decisions.

use crate::mode::{CpuMode, ModeKind};

/// What the CPU panel's controls say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CpuChoice {
    /// The ticked modes.
    pub ticked: Vec<ModeKind>,
    /// Threads for the thread modes.
    pub workers: usize,
    /// Processes.
    pub processes: usize,
    /// The GIL's switch interval, ms, if the field holds a valid one.
    pub switch_ms: Option<u32>,
    /// The threads of the page's pool, if it started.
    pub pool: Option<usize>,
}

impl CpuChoice {
    fn has(&self, k: ModeKind) -> bool {
        self.ticked.contains(&k)
    }

    /// The modes a click on Run runs, in the page's order. The thread
    /// modes need the pool; a GIL mode with a bad interval is not run
    /// (and [`CpuChoice::gil_blocks`] holds Run until it is fixed).
    #[must_use]
    pub fn modes(&self) -> Vec<CpuMode> {
        let pool = self.pool.is_some();
        let mut m = Vec::new();
        if self.has(ModeKind::Sequential) {
            m.push(CpuMode::Sequential);
        }
        if self.has(ModeKind::Threads) && pool {
            m.push(CpuMode::Threads(self.workers));
        }
        if let (true, true, Some(ms)) = (self.has(ModeKind::Gil), pool, self.switch_ms) {
            m.push(CpuMode::Gil(self.workers, ms));
        }
        if self.has(ModeKind::Processes) {
            m.push(CpuMode::Processes(self.processes));
        }
        if self.has(ModeKind::MainThread) {
            m.push(CpuMode::MainThread);
        }
        m
    }

    /// A sweep's modes: sequential, then threads (with a pool) and
    /// processes at every count from 1 to `cores`.
    #[must_use]
    pub fn sweep_modes(&self, cores: usize) -> Vec<CpuMode> {
        let mut m = vec![CpuMode::Sequential];
        if self.pool.is_some() {
            m.extend((1..=cores).map(CpuMode::Threads));
        }
        m.extend((1..=cores).map(CpuMode::Processes));
        m
    }

    /// Whether a ticked GIL mode waits for its interval to be fixed: it is
    /// not silently dropped from the run.
    #[must_use]
    pub fn gil_blocks(&self) -> bool {
        self.has(ModeKind::Gil) && self.switch_ms.is_none()
    }

    /// Whether some mode would run on the page's own thread: the main
    /// thread mode, or sequential without a pool. A panic injected there
    /// would end the page, so it is refused.
    #[must_use]
    pub fn on_page(&self) -> bool {
        self.has(ModeKind::MainThread) || (self.has(ModeKind::Sequential) && self.pool.is_none())
    }

    /// The kinds `modes` are estimated as (see [`crate::budget::cpu`]).
    /// Without a pool every mode but processes runs on the page's thread,
    /// so the budget sees each as the main-thread mode (its freeze limit
    /// applies).
    #[must_use]
    pub fn budget_kinds(&self, modes: &[CpuMode]) -> Vec<ModeKind> {
        modes
            .iter()
            .map(|m| match m {
                CpuMode::Processes(_) => ModeKind::Processes,
                _ if self.pool.is_none() => ModeKind::MainThread,
                _ => m.kind(),
            })
            .collect()
    }
}
