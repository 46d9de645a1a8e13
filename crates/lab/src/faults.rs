//! The fault-injection control: which fault to inject, read from its fields
//! and checked against the run it applies to.
//!
//! Every panic in this build aborts the thread it happens on. A task that
//! panics in a process kills that process alone (a module instance of its
//! own), and the page's supervisor replaces it. A task that panics on a
//! thread of the CPU modes' pool kills that thread: the page hears of it,
//! reports the task, and replaces the pool. On the page's own thread (the
//! main-thread mode, and every mode of a page without a worker pool) the
//! same panic would abort the module the page itself runs on, so a run
//! with such a mode is refused a panic (see docs/limitations.md).

use crate::form::{FieldSpec, Fields, parse_num};
use kernels::{ParamError, Workload};

/// What to break.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Fault {
    /// Nothing: runs as usual.
    #[default]
    None,
    /// Task `i` (from 0) panics whenever it runs. In processes it kills its
    /// process, and the retry on a replacement dies the same way; on the
    /// pool it kills its thread. Either way the run reports it failed.
    TaskPanics(usize),
    /// Process `i` (from 0) dies on the first request it gets in every run;
    /// its replacement serves the request, so the run still succeeds.
    ProcessDies(usize),
}

/// The control's choice: what kind of fault, before its number is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FaultKind {
    /// No fault.
    #[default]
    None,
    /// A task panics.
    Panic,
    /// A process dies.
    Die,
}

impl FaultKind {
    /// Every choice, in the control's order.
    pub const ALL: [Self; 3] = [Self::None, Self::Panic, Self::Die];

    /// The key the control's `<option>` carries.
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Panic => "panic",
            Self::Die => "die",
        }
    }

    /// The field that numbers this fault (the task that panics, the
    /// process that dies), if it has one.
    #[must_use]
    pub const fn field(self) -> Option<FieldSpec> {
        match self {
            Self::None => None,
            Self::Panic => Some(TASK),
            Self::Die => Some(PROCESS),
        }
    }

    /// What the control says.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::None => "no fault",
            Self::Panic => "a task panics (every time it runs)",
            Self::Die => "a process dies (on its first request of each run)",
        }
    }

    /// The choice whose key is `key`, if any.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// The task field.
pub const TASK: FieldSpec = FieldSpec {
    key: "fault_task",
    label: "task that panics",
    help: "0 … tasks − 1",
    numeric: true,
};

/// The process field.
pub const PROCESS: FieldSpec = FieldSpec {
    key: "fault_process",
    label: "process that dies",
    help: "1 … processes",
    numeric: true,
};

/// How many tasks `w` has: one per fib value, string, draw task or row.
#[must_use]
pub fn task_count(w: &Workload) -> usize {
    match w {
        Workload::Fib { ns } => ns.len(),
        Workload::Regex { count, .. } => *count,
        Workload::SumRandom { tasks, .. } => *tasks,
        Workload::Mandelbrot(s) => s.height as usize,
    }
}

/// Reads the control for a run of `tasks` tasks on `processes` processes.
///
/// # Errors
/// A task or process number that is not in the run.
pub fn parse(
    kind: FaultKind,
    fields: &Fields,
    tasks: usize,
    processes: usize,
) -> Result<Fault, ParamError> {
    let text = |k| fields.get(k).map_or("", String::as_str);
    let out_of = |field, v: usize, lo: usize, hi: usize| ParamError {
        field,
        message: format!("{v} is not in this run; allowed {lo}..={hi}"),
    };
    match kind {
        FaultKind::None => Ok(Fault::None),
        FaultKind::Panic => {
            let i: usize = parse_num(TASK.key, text(TASK.key))?;
            if i >= tasks {
                return Err(out_of(TASK.key, i, 0, tasks.saturating_sub(1)));
            }
            Ok(Fault::TaskPanics(i))
        }
        FaultKind::Die => {
            let p: usize = parse_num(PROCESS.key, text(PROCESS.key))?;
            if p == 0 || p > processes {
                return Err(out_of(PROCESS.key, p, 1, processes));
            }
            Ok(Fault::ProcessDies(p - 1))
        }
    }
}

/// Refuses a panic for a run with a mode on the page's own thread
/// (`on_page`), where it would end the page; passes anything else.
///
/// # Errors
/// A [`Fault::TaskPanics`] while `on_page`, said at the task field.
pub fn refuse_on_page(fault: Fault, on_page: bool) -> Result<Fault, ParamError> {
    match fault {
        Fault::TaskPanics(_) if on_page => Err(ParamError {
            field: TASK.key,
            message: "a panic on the page's own thread would end the page: untick the \
                      main-thread mode (without a worker pool, only processes can take it)"
                .into(),
        }),
        f => Ok(f),
    }
}
