//! The CPU panel's link: `cpu-…` pairs to and from [`CpuConfig`].

use super::{Link, fields_in_order, keys, pairs, repeats_pairs, unless_all_cores};
use crate::Fields;
use crate::faults::{self, FaultKind};
use crate::form::{self, Repeats};
use crate::mode::{CPU_MODES, ModeKind};
use kernels::Workload;

/// The CPU panel's whole configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct CpuConfig {
    /// Workload key (`fib`, `regex`, …).
    pub workload: String,
    /// Its fields, as typed.
    pub fields: Fields,
    /// Which modes are ticked (of [`CPU_MODES`]).
    pub modes: Vec<ModeKind>,
    /// Threads for the thread modes.
    pub workers: usize,
    /// Processes.
    pub processes: usize,
    /// Start processes afresh every run.
    pub cold: bool,
    /// The GIL's switch interval, ms, as typed.
    pub switch_ms: String,
    /// Warm-up and counted runs.
    pub repeats: Repeats,
    /// The fault to inject, and its number (the task that panics, the
    /// process that dies) as typed: checked against the run at Run.
    pub fault: (FaultKind, String),
}

impl CpuConfig {
    /// The page's defaults on a machine with `cores` cores.
    #[must_use]
    pub fn defaults(cores: usize) -> Self {
        let w = Workload::default_for("fib").unwrap_or(Workload::Fib {
            ns: vec![28, 30, 32],
        });
        Self {
            workload: "fib".into(),
            fields: form::to_fields(&w),
            // Every mode but the one that freezes the page.
            modes: vec![
                ModeKind::Sequential,
                ModeKind::Threads,
                ModeKind::Gil,
                ModeKind::Processes,
            ],
            workers: cores.max(1),
            processes: cores.max(1),
            cold: false,
            switch_ms: "5".into(),
            repeats: Repeats::CPU,
            fault: (FaultKind::None, String::new()),
        }
    }

    /// The query pairs that reproduce this configuration (keys `cpu-…`),
    /// made on a machine with `cores` cores. A thread or process count equal
    /// to the cores (the default) is left out: the link then means "all
    /// cores" wherever it is opened, and never carries a count the reader's
    /// machine cannot have.
    #[must_use]
    pub fn to_query(&self, cores: usize) -> Vec<(String, String)> {
        let mut q = vec![("workload", self.workload.clone())];
        q.extend(fields_in_order(form::fields(&self.workload), &self.fields));
        q.push(("modes", keys(&self.modes)));
        q.extend(unless_all_cores("workers", self.workers, cores));
        q.extend(unless_all_cores("processes", self.processes, cores));
        q.extend([
            ("cold", u8::from(self.cold).to_string()),
            ("switch_ms", self.switch_ms.clone()),
        ]);
        q.extend(repeats_pairs(self.repeats));
        if let Some(field) = self.fault.0.field() {
            q.push(("fault", self.fault.0.key().to_owned()));
            q.push((field.key, self.fault.1.clone()));
        }
        pairs("cpu-", q)
    }

    /// Reads the `cpu-…` pairs of a query over the defaults, for a machine
    /// with `cores` cores offering up to `max_processes` processes. Returns
    /// the configuration and a note per pair it could not use.
    #[must_use]
    pub fn from_query(
        query: &[(String, String)],
        cores: usize,
        max_processes: usize,
    ) -> (Self, Vec<String>) {
        let mut c = Self::defaults(cores);
        let mut link = Link::new(query, "cpu-");
        c.read_workload(&mut link);
        if let Some(m) = link.modes(&CPU_MODES) {
            c.modes = m;
        }
        if let Some(n) = link.count("workers", cores.max(1)) {
            c.workers = n;
        }
        if let Some(n) = link.count("processes", max_processes.max(cores).max(1)) {
            c.processes = n;
        }
        if let Some(b) = link.flag("cold") {
            c.cold = b;
        }
        if let Some(v) = link.get("switch_ms") {
            match form::parse_switch_interval(v) {
                Ok(_) => c.switch_ms = v.to_owned(),
                Err(e) => link.notes.push(format!("{e}: using 5 ms")),
            }
        }
        if let Some(r) = link.repeats(c.repeats) {
            c.repeats = r;
        }
        c.read_fault(&mut link);
        (c, link.finish())
    }

    /// The fault and its number; a number is checked only as a whole
    /// number here, against the run when Run is clicked.
    fn read_fault(&mut self, link: &mut Link<'_>) {
        let task = link.get(faults::TASK.key);
        let process = link.get(faults::PROCESS.key);
        let Some(key) = link.get("fault") else {
            return;
        };
        let Some(kind) = FaultKind::from_key(key) else {
            link.notes.push(format!(
                "unknown fault “{}”: injecting none",
                crate::link::embed::shorten(key)
            ));
            return;
        };
        let Some(field) = kind.field() else {
            return;
        };
        let text = if field.key == faults::TASK.key {
            task
        } else {
            process
        };
        match text.map(|t| form::parse_num::<usize>(field.key, t)) {
            Some(Ok(_)) => self.fault = (kind, text.unwrap_or_default().to_owned()),
            Some(Err(e)) => link.notes.push(format!("{e}: injecting no fault")),
            None => link.notes.push(format!(
                "“cpu-{}” is missing: injecting no fault",
                field.key
            )),
        }
    }

    /// The workload and its fields: the workload first, since which
    /// fields it has depends on it; another workload's field is a note.
    fn read_workload(&mut self, link: &mut Link<'_>) {
        if let Some(key) = link.get("workload") {
            match Workload::default_for(key) {
                Some(w) => {
                    self.workload = key.to_owned();
                    self.fields = form::to_fields(&w);
                }
                None => link.notes.push(format!(
                    "unknown workload “{}”: using fib",
                    crate::link::embed::shorten(key)
                )),
            }
        }
        for (w, _) in form::WORKLOADS {
            for spec in form::fields(w) {
                let full = format!("cpu-{}", spec.key);
                let own = form::fields(&self.workload)
                    .iter()
                    .any(|s| s.key == spec.key);
                if !own && !link.known.contains(&full) {
                    if link.query.iter().any(|(k, _)| *k == full) {
                        link.notes.push(format!(
                            "“{full}” is not a field of {}: ignored",
                            self.workload
                        ));
                    }
                    link.known.push(full);
                }
            }
        }
        let workload = self.workload.clone();
        let parse = |f: &Fields| form::parse_workload(&workload, f);
        if let Some(f) = link.fields(form::fields(&workload), &self.fields, parse, &workload) {
            self.fields = f;
        }
    }
}
