//! A panel's configuration as URL query pairs, and back: a copied link
//! reproduces the same experiment. Whatever a link gets wrong (an unknown
//! key, a value out of range) falls back to the default with a note saying
//! so; a link never breaks the page.

use crate::Fields;
use crate::form::{self, Repeats};
use kernels::Workload;

/// The CPU panel's whole configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct CpuConfig {
    /// Workload key (`fib`, `regex`, …).
    pub workload: String,
    /// Its fields, as typed.
    pub fields: Fields,
    /// Which modes are ticked: `sequential`, `threads`, `gil`, `processes`, `main`.
    pub modes: Vec<&'static str>,
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
}

/// The CPU modes a link may name, in the page's order.
pub const CPU_MODES: [&str; 5] = ["sequential", "threads", "gil", "processes", "main"];

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
            modes: vec!["sequential", "threads", "gil", "processes"],
            workers: cores.max(1),
            processes: cores.max(1),
            cold: false,
            switch_ms: "5".into(),
            repeats: Repeats::CPU,
        }
    }

    /// The query pairs that reproduce this configuration (keys `cpu-…`).
    #[must_use]
    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut q = vec![("cpu-workload".to_owned(), self.workload.clone())];
        for spec in form::fields(&self.workload) {
            if let Some(v) = self.fields.get(spec.key) {
                q.push((format!("cpu-{}", spec.key), v.clone()));
            }
        }
        q.extend([
            ("cpu-modes".to_owned(), self.modes.join(",")),
            ("cpu-workers".to_owned(), self.workers.to_string()),
            ("cpu-processes".to_owned(), self.processes.to_string()),
            ("cpu-cold".to_owned(), u8::from(self.cold).to_string()),
            ("cpu-switch_ms".to_owned(), self.switch_ms.clone()),
            ("cpu-warmup".to_owned(), self.repeats.warmup.to_string()),
            ("cpu-repeats".to_owned(), self.repeats.counted.to_string()),
        ]);
        q
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
        let mut notes = Vec::new();
        let get = |k: &str| {
            query
                .iter()
                .rev()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        // The workload first: its fields depend on it.
        if let Some(key) = get("cpu-workload") {
            match Workload::default_for(key) {
                Some(w) => {
                    c.workload = key.to_owned();
                    c.fields = form::to_fields(&w);
                }
                None => notes.push(format!("unknown workload “{key}”: using fib")),
            }
        }
        let mut fields = c.fields.clone();
        for spec in form::fields(&c.workload) {
            if let Some(v) = get(&format!("cpu-{}", spec.key)) {
                fields.insert(spec.key, v.to_owned());
            }
        }
        match form::parse_workload(&c.workload, &fields) {
            Ok(_) => c.fields = fields,
            Err(e) => notes.push(format!("{e}: using the default {}", c.workload)),
        }
        if let Some(v) = get("cpu-modes") {
            let mut modes = Vec::new();
            for m in v.split(',').filter(|m| !m.is_empty()) {
                match CPU_MODES.iter().find(|&&k| k == m) {
                    Some(&k) if !modes.contains(&k) => modes.push(k),
                    Some(_) => {}
                    None => notes.push(format!("unknown mode “{m}” ignored")),
                }
            }
            if modes.is_empty() {
                notes.push("no known mode in the link: using the default modes".into());
            } else {
                c.modes = CPU_MODES
                    .iter()
                    .copied()
                    .filter(|m| modes.contains(m))
                    .collect();
            }
        }
        let count = |key: &str, max: usize, notes: &mut Vec<String>| -> Option<usize> {
            let v = get(key)?;
            match v.parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => Some(n),
                _ => {
                    notes.push(format!(
                        "{key} “{v}” is not in 1..={max}: using the default"
                    ));
                    None
                }
            }
        };
        if let Some(n) = count("cpu-workers", cores.max(1), &mut notes) {
            c.workers = n;
        }
        if let Some(n) = count("cpu-processes", max_processes.max(cores).max(1), &mut notes) {
            c.processes = n;
        }
        match get("cpu-cold") {
            None => {}
            Some("1") => c.cold = true,
            Some("0") => c.cold = false,
            Some(v) => notes.push(format!("cpu-cold “{v}” is neither 0 nor 1: using 0")),
        }
        if let Some(v) = get("cpu-switch_ms") {
            match form::parse_switch_interval(v) {
                Ok(_) => c.switch_ms = v.to_owned(),
                Err(e) => notes.push(format!("{e}: using 5 ms")),
            }
        }
        if get("cpu-warmup").is_some() || get("cpu-repeats").is_some() {
            let mut f = form::repeats_to_fields(c.repeats);
            for k in ["warmup", "repeats"] {
                if let Some(v) = get(&format!("cpu-{k}")) {
                    f.insert(k, v.to_owned());
                }
            }
            match form::parse_repeats(&f) {
                Ok(r) => c.repeats = r,
                Err(e) => notes.push(format!("{e}: using the default runs")),
            }
        }
        // Keys this version does not know: said, not silently dropped.
        let known: Vec<String> = [
            "workload",
            "modes",
            "workers",
            "processes",
            "cold",
            "switch_ms",
            "warmup",
            "repeats",
        ]
        .iter()
        .map(|k| format!("cpu-{k}"))
        .chain(
            form::WORKLOADS
                .iter()
                .flat_map(|(w, _)| form::fields(w))
                .map(|s| format!("cpu-{}", s.key)),
        )
        .collect();
        for (k, _) in query {
            if !known.contains(k) && !crate::embed::PAGE_KEYS.contains(&k.as_str()) {
                notes.push(format!("unknown parameter “{k}” ignored"));
            }
        }
        (c, notes)
    }
}
