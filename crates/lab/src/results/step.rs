//! Where a run is, for the progress line.

/// Where a run is: which mode, how many of its tasks are done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The mode running, or what is being prepared.
    pub what: String,
    /// Tasks finished so far.
    pub done: usize,
    /// Tasks in all (0 while preparing).
    pub total: usize,
    /// What a task is called: `tasks`, `requests`.
    pub unit: &'static str,
}

impl Step {
    /// Something being prepared before any task runs (no count yet):
    /// `starting 2 processes…`.
    #[must_use]
    pub fn preparing(what: impl Into<String>, unit: &'static str) -> Self {
        Self {
            what: what.into(),
            done: 0,
            total: 0,
            unit,
        }
    }
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.total == 0 {
            write!(f, "{}…", self.what)
        } else {
            write!(
                f,
                "{}: {} / {} {}",
                self.what, self.done, self.total, self.unit
            )
        }
    }
}
