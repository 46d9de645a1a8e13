//! The CPU panel's state: its controls' signals, read into the plain
//! [`CpuChoice`] that decides, and what its runs leave behind.

use crate::browser::caps::Caps;
use crate::kit::estimate::{Estimated, refused};
use crate::kit::repeats::RepeatSettings;
use crate::links::share::ModeTicks;
use crate::page::PoolState;
use crate::session::Session;
use crate::session::pools::{self, Kept};
use crate::workers::processes::Processes;
use crate::workers::supervised::CpuThreads;
use kernels::mandelbrot::Spec;
use kernels::{Job, Output, ParamError, Progress, Workload};
use lab::faults::{Fault, FaultKind};
use lab::link::CpuConfig;
use lab::panel::CpuChoice;
use lab::{Comparison, Fields, form};
use leptos::prelude::*;
use std::sync::Arc;

/// The last run's workload key, its fields, its job and one mode's outputs:
/// what the inputs-and-outputs export writes.
pub type LastOutputs = (String, Fields, Arc<Job>, Vec<Output>);

/// Every signal of the CPU panel (all `Copy`: components take it whole).
#[derive(Clone, Copy)]
pub struct Cpu {
    /// The browser's capabilities.
    pub caps: Caps,
    /// The page's thread pool.
    pub pool: Signal<PoolState>,
    /// The workload's key (`fib`, …).
    pub workload: RwSignal<String>,
    /// Its fields, as typed.
    pub fields: RwSignal<Fields>,
    /// The workload the fields make, or the field that is wrong.
    pub parsed: Memo<Result<Workload, ParamError>>,
    /// The mode tick boxes.
    pub ticks: ModeTicks<5>,
    /// Threads for the thread modes.
    pub workers: RwSignal<usize>,
    /// Processes.
    pub processes: RwSignal<usize>,
    /// Start the processes afresh for every run.
    pub cold: RwSignal<bool>,
    /// The GIL's switch interval field.
    pub gil_fields: RwSignal<Fields>,
    /// The interval it holds.
    pub switch_ms: Memo<Result<u32, ParamError>>,
    /// Warm-up and counted runs.
    pub repeats: RepeatSettings,
    /// The fault control's kind.
    pub fault_kind: RwSignal<FaultKind>,
    /// Its fields.
    pub fault_fields: RwSignal<Fields>,
    /// The fault they make, refused where it would end the page.
    pub fault: Memo<Result<Fault, ParamError>>,
    /// What a click would cost.
    pub estimate: Estimated,
    /// Progress, failure and Stop.
    pub session: Session,
    /// The running mode-run's counter (its cancel flag).
    pub cancel: StoredValue<Option<Arc<Progress>>, LocalStorage>,
    /// The last Run's results.
    pub comparison: RwSignal<Option<Comparison>>,
    /// The last Sweep's results.
    pub sweep: RwSignal<Option<Comparison>>,
    /// The Mandelbrot picture the last run computed.
    pub picture: RwSignal<Option<(Spec, Arc<Vec<u8>>)>>,
    /// For the inputs-and-outputs export.
    pub last_outputs: StoredValue<Option<LastOutputs>, LocalStorage>,
    /// Whether there is something to export.
    pub has_outputs: RwSignal<bool>,
    /// The started processes, kept between runs (a warm pool).
    pub kept_processes: Kept<Processes>,
    /// The CPU modes' threads, replaced when one dies (see `supervised`).
    pub kept_threads: Kept<CpuThreads>,
}

impl Cpu {
    /// The panel as the link `cfg` sets it up.
    pub fn new(caps: Caps, pool: Signal<PoolState>, cfg: &CpuConfig) -> Self {
        let workload = RwSignal::new(cfg.workload.clone());
        let fields = RwSignal::new(cfg.fields.clone());
        let parsed = Memo::new(move |_| form::parse_workload(&workload.get(), &fields.get()));
        let gil_fields = RwSignal::new(Fields::from([(
            form::SWITCH_INTERVAL.key,
            cfg.switch_ms.clone(),
        )]));
        let switch_ms = Memo::new(move |_| {
            gil_fields.with(|f| {
                form::parse_switch_interval(
                    f.get(form::SWITCH_INTERVAL.key).map_or("", String::as_str),
                )
            })
        });
        let fault_kind = RwSignal::new(cfg.fault.0);
        let mut numbers = Fields::from([
            (lab::faults::TASK.key, "0".to_owned()),
            (lab::faults::PROCESS.key, "1".to_owned()),
        ]);
        if let Some(field) = cfg.fault.0.field() {
            numbers.insert(field.key, cfg.fault.1.clone());
        }
        let fault_fields = RwSignal::new(numbers);
        let ticks = ModeTicks::new(lab::mode::CPU_MODES, &cfg.modes);
        let workers = RwSignal::new(cfg.workers);
        let processes = RwSignal::new(cfg.processes);
        let repeats = RepeatSettings::new(cfg.repeats);
        let choice = move || choice(ticks, workers, processes, switch_ms, pool, caps.cores);
        // The fault-injection control (see `lab::faults`): a panic goes into
        // every mode but those on the page's own thread, where it is refused.
        let fault = Memo::new(move |_| {
            let tasks = parsed.with(|w| w.as_ref().map_or(0, lab::faults::task_count));
            fault_fields
                .with(|f| lab::faults::parse(fault_kind.get(), f, tasks, processes.get()))
                .and_then(|f| lab::faults::refuse_on_page(f, choice().on_page()))
        });
        // What a click on Run would cost; a refusal shows next to the sizing field.
        let estimate = Memo::new(move |_| {
            let (Ok(w), Ok(r)) = (parsed.get(), repeats.get()) else {
                return None;
            };
            let c = choice();
            Some(lab::budget::cpu(&w, &c.budget_kinds(&c.modes()), r))
        });
        Self {
            caps,
            pool,
            workload,
            fields,
            parsed,
            ticks,
            workers,
            processes,
            cold: RwSignal::new(cfg.cold),
            gil_fields,
            switch_ms,
            repeats,
            fault_kind,
            fault_fields,
            fault,
            estimate,
            session: Session::new(),
            cancel: StoredValue::new_local(None),
            comparison: RwSignal::new(None),
            sweep: RwSignal::new(None),
            picture: RwSignal::new(None),
            last_outputs: StoredValue::new_local(None),
            has_outputs: RwSignal::new(false),
            kept_processes: StoredValue::new_local(None),
            kept_threads: StoredValue::new_local(None),
        }
    }

    /// What the controls say now (tracked).
    pub fn choice(self) -> CpuChoice {
        choice(
            self.ticks,
            self.workers,
            self.processes,
            self.switch_ms,
            self.pool,
            self.caps.cores,
        )
    }

    /// Whether Run must wait for a fix: a bad field, a refused estimate, a
    /// ticked GIL mode with a bad interval, a fault that cannot be injected.
    pub fn blocked(self) -> bool {
        self.parsed.with(Result::is_err)
            || self.choice().gil_blocks()
            || self.repeats.get().is_err()
            || refused(self.estimate)
            || ((self.ticks.of(lab::ModeKind::Processes).get()
                || self.fault_kind.get() == FaultKind::Panic)
                && self.fault.with(Result::is_err))
    }

    /// The configuration as it stands, when every part of it is valid:
    /// kept in the address bar, so the page's address is always a link to it.
    pub fn config(self) -> Option<CpuConfig> {
        self.parsed.with(Result::is_ok).then_some(())?;
        self.switch_ms.with(Result::is_ok).then_some(())?;
        Some(CpuConfig {
            workload: self.workload.get(),
            fields: self.fields.get(),
            modes: self.ticks.ticked(),
            workers: self.workers.get(),
            processes: self.processes.get(),
            cold: self.cold.get(),
            switch_ms: self.gil_fields.with(|f| {
                f.get(form::SWITCH_INTERVAL.key)
                    .cloned()
                    .unwrap_or_default()
            }),
            repeats: self.repeats.get().ok()?,
            fault: (self.fault_kind.get(), self.fault_number()),
        })
    }

    /// The number the fault control holds for its kind (empty for none).
    fn fault_number(self) -> String {
        let Some(field) = self.fault_kind.get().field() else {
            return String::new();
        };
        self.fault_fields
            .with(|f| f.get(field.key).cloned().unwrap_or_default())
    }

    /// A new workload picked: its default fields, and nothing left of the
    /// last one's results.
    pub fn pick(self, key: String) {
        if let Some(w) = Workload::default_for(&key) {
            self.fields.set(form::to_fields(&w));
            self.workload.set(key);
            self.comparison.set(None);
            self.last_outputs.set_value(None);
            self.has_outputs.set(false);
            self.sweep.set(None);
            self.picture.set(None);
        }
    }

    /// What Stop does beyond the session's click: the running mode-run's
    /// cancel flag.
    pub fn cancel(self) {
        if let Some(c) = self.cancel.get_value() {
            c.cancel();
        }
    }

    /// The most processes offered: [`pools::MAX_PROCESSES`], or the cores.
    pub fn max_processes(self) -> usize {
        pools::MAX_PROCESSES.max(self.caps.cores)
    }
}

/// What the controls say now (tracked).
fn choice(
    ticks: ModeTicks<5>,
    workers: RwSignal<usize>,
    processes: RwSignal<usize>,
    switch_ms: Memo<Result<u32, ParamError>>,
    pool: Signal<PoolState>,
    cores: usize,
) -> CpuChoice {
    CpuChoice {
        ticked: ticks.ticked(),
        workers: workers.get(),
        processes: processes.get(),
        switch_ms: switch_ms.get().ok(),
        pool: pool.get().planned(cores),
    }
}
