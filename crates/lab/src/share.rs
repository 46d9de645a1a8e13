//! Each panel's configuration as URL query pairs, and back: a copied link
//! reproduces the same experiment. Whatever a link gets wrong (an unknown
//! key, a value out of range) falls back to the default with a note saying
//! so; a link never breaks the page.
//!
//! Keys carry their panel's prefix (`cpu-`, `io-`, `hybrid-`); the page's
//! own keys (`view`, `coi`, `widget`) have none (see [`crate::embed`]).

use crate::Fields;
use crate::form::{self, EndpointChoice, FieldSpec, Repeats};
use crate::mode::{CPU_MODES, HYBRID_MODES, IO_MODES, ModeKind};
use kernels::ParamError;
use kernels::Workload;
use kernels::hybrid::Hybrid;
use kernels::io::IoParams;

/// Modes as a link writes them: their keys, comma-separated.
fn keys(modes: &[ModeKind]) -> String {
    modes.iter().map(|m| m.key()).collect::<Vec<_>>().join(",")
}

/// The panels' key prefixes.
pub const PREFIXES: [&str; 3] = ["cpu-", "io-", "hybrid-"];

/// A query read for one panel: the last value of a key wins (as a form's
/// would), and every value that cannot be used leaves a note.
struct Link<'a> {
    query: &'a [(String, String)],
    prefix: &'static str,
    known: Vec<String>,
    notes: Vec<String>,
}

impl<'a> Link<'a> {
    fn new(query: &'a [(String, String)], prefix: &'static str) -> Self {
        Self {
            query,
            prefix,
            known: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The value of `prefix` + `key`, marking the key as one this panel knows.
    fn get(&mut self, key: &str) -> Option<&'a str> {
        let full = format!("{}{key}", self.prefix);
        let v = self
            .query
            .iter()
            .rev()
            .find(|(k, _)| *k == full)
            .map(|(_, v)| v.as_str());
        self.known.push(full);
        v
    }

    /// The form's `specs` over `base`, if they parse together; else a note.
    fn fields<T>(
        &mut self,
        specs: &[FieldSpec],
        base: &Fields,
        parse: impl Fn(&Fields) -> Result<T, ParamError>,
        what: &str,
    ) -> Option<Fields> {
        let mut fields = base.clone();
        let mut any = false;
        for spec in specs {
            if let Some(v) = self.get(spec.key) {
                fields.insert(spec.key, v.to_owned());
                any = true;
            }
        }
        match parse(&fields) {
            _ if !any => None,
            Ok(_) => Some(fields),
            Err(e) => {
                self.notes.push(format!("{e}: using the default {what}"));
                None
            }
        }
    }

    /// The ticked modes among `all`, in `all`'s order.
    fn modes(&mut self, all: &[ModeKind]) -> Option<Vec<ModeKind>> {
        let v = self.get("modes")?;
        let mut named = Vec::new();
        for m in v.split(',').filter(|m| !m.is_empty()) {
            match ModeKind::from_key(m).filter(|k| all.contains(k)) {
                Some(k) => named.push(k),
                None => self.notes.push(format!(
                    "unknown mode “{}” ignored",
                    crate::embed::shorten(m)
                )),
            }
        }
        if named.is_empty() {
            self.notes
                .push("no known mode in the link: using the default modes".into());
            return None;
        }
        Some(all.iter().copied().filter(|m| named.contains(m)).collect())
    }

    /// A count in `1..=max`.
    fn count(&mut self, key: &str, max: usize) -> Option<usize> {
        let v = self.get(key)?;
        match v.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Some(n),
            _ => {
                self.notes.push(format!(
                    "{}{key} “{}” is not in 1..={max}: using the default",
                    self.prefix,
                    crate::embed::shorten(v)
                ));
                None
            }
        }
    }

    /// A flag, `0` or `1`.
    fn flag(&mut self, key: &str) -> Option<bool> {
        match self.get(key)? {
            "1" => Some(true),
            "0" => Some(false),
            v => {
                self.notes.push(format!(
                    "{}{key} “{}” is neither 0 nor 1: using the default",
                    self.prefix,
                    crate::embed::shorten(v)
                ));
                None
            }
        }
    }

    /// Warm-up and counted runs over `base`.
    fn repeats(&mut self, base: Repeats) -> Option<Repeats> {
        let (w, r) = (self.get("warmup"), self.get("repeats"));
        if w.is_none() && r.is_none() {
            return None;
        }
        let mut f = form::repeats_to_fields(base);
        for (k, v) in [("warmup", w), ("repeats", r)] {
            if let Some(v) = v {
                f.insert(k, v.to_owned());
            }
        }
        form::parse_repeats(&f)
            .map_err(|e| self.notes.push(format!("{e}: using the default runs")))
            .ok()
    }

    /// The notes, with one for each key of this panel's prefix it does not
    /// know (keys of no panel and not the page's are the CPU panel's to
    /// report), and one for each of its keys given twice with different
    /// values (the last is used, as a form would).
    fn finish(mut self) -> Vec<String> {
        // Each key's first position, its last value, and whether its values
        // differ: one pass, so a link of many thousand pairs stays cheap.
        let mut seen: std::collections::HashMap<&str, (usize, &str, bool)> =
            std::collections::HashMap::new();
        for (i, (k, v)) in self.query.iter().enumerate() {
            seen.entry(k.as_str())
                .and_modify(|(_, last, differs)| {
                    *differs |= *last != v.as_str();
                    *last = v.as_str();
                })
                .or_insert((i, v.as_str(), false));
        }
        for (i, (k, _)) in self.query.iter().enumerate() {
            let ours = k.starts_with(self.prefix)
                || (self.prefix == "cpu-"
                    && !PREFIXES.iter().any(|p| k.starts_with(p))
                    && !crate::embed::PAGE_KEYS.contains(&k.as_str()));
            if !ours {
                continue;
            }
            if !self.known.contains(k) {
                self.notes.push(format!(
                    "unknown parameter “{}” ignored",
                    crate::embed::shorten(k)
                ));
                continue;
            }
            if let Some(&(first, last, true)) = seen.get(k.as_str())
                && first == i
            {
                self.notes.push(format!(
                    "“{}” is given more than once with different values: using the last, “{}”",
                    crate::embed::shorten(k),
                    crate::embed::shorten(last)
                ));
            }
        }
        self.notes
    }
}

/// `(prefix + key, value)` pairs.
fn pairs(
    prefix: &str,
    kv: impl IntoIterator<Item = (&'static str, String)>,
) -> Vec<(String, String)> {
    kv.into_iter()
        .map(|(k, v)| (format!("{prefix}{k}"), v))
        .collect()
}

fn fields_in_order(specs: &[FieldSpec], fields: &Fields) -> Vec<(&'static str, String)> {
    specs
        .iter()
        .filter_map(|s| Some((s.key, fields.get(s.key)?.clone())))
        .collect()
}

/// `(key, n)`, unless `n` is the machine's core count (the default).
fn unless_all_cores(key: &'static str, n: usize, cores: usize) -> Option<(&'static str, String)> {
    (n != cores.max(1)).then(|| (key, n.to_string()))
}

fn repeats_pairs(r: Repeats) -> [(&'static str, String); 2] {
    [
        ("warmup", r.warmup.to_string()),
        ("repeats", r.counted.to_string()),
    ]
}

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
        // The workload first: its fields depend on it.
        if let Some(key) = link.get("workload") {
            match Workload::default_for(key) {
                Some(w) => {
                    c.workload = key.to_owned();
                    c.fields = form::to_fields(&w);
                }
                None => link.notes.push(format!(
                    "unknown workload “{}”: using fib",
                    crate::embed::shorten(key)
                )),
            }
        }
        // Another workload's field is known but conflicts with this one.
        for (w, _) in form::WORKLOADS {
            for spec in form::fields(w) {
                let full = format!("cpu-{}", spec.key);
                let own = form::fields(&c.workload).iter().any(|s| s.key == spec.key);
                if !own && !link.known.contains(&full) {
                    if query.iter().any(|(k, _)| *k == full) {
                        link.notes.push(format!(
                            "“{full}” is not a field of {}: ignored",
                            c.workload
                        ));
                    }
                    link.known.push(full);
                }
            }
        }
        let workload = c.workload.clone();
        let parse = |f: &Fields| form::parse_workload(&workload, f);
        if let Some(f) = link.fields(form::fields(&c.workload), &c.fields, parse, &c.workload) {
            c.fields = f;
        }
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
        (c, link.finish())
    }
}

/// The I/O panel's whole configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct IoConfig {
    /// Requests, latency and async limit, as typed.
    pub fields: Fields,
    /// Which modes are ticked (of [`IO_MODES`]).
    pub modes: Vec<ModeKind>,
    /// Blocking threads.
    pub threads: usize,
    /// Processes.
    pub processes: usize,
    /// Who answers.
    pub endpoint: EndpointChoice,
    /// The URL for `server` and `any`, as typed.
    pub url: String,
    /// Warm-up and counted runs.
    pub repeats: Repeats,
}

/// `ThreadPoolExecutor(max_workers=4)` in the seeds.
pub const IO_DEFAULT_THREADS: usize = 4;

/// Most blocking I/O threads: each is a worker with its own stack.
pub const IO_MAX_THREADS: usize = 32;

impl IoConfig {
    /// The page's defaults on a machine with `cores` cores.
    #[must_use]
    pub fn defaults(cores: usize) -> Self {
        Self {
            fields: form::io_to_fields(&IoParams::default()),
            modes: IO_MODES.to_vec(),
            threads: IO_DEFAULT_THREADS,
            processes: cores.max(1),
            endpoint: EndpointChoice::InPage,
            url: form::DEFAULT_SERVER_URL.into(),
            repeats: Repeats::ONCE,
        }
    }

    /// The query pairs that reproduce this configuration (keys `io-…`),
    /// made on a machine with `cores` cores (a process count equal to them
    /// is left out, as in [`CpuConfig::to_query`]).
    #[must_use]
    pub fn to_query(&self, cores: usize) -> Vec<(String, String)> {
        let mut q = fields_in_order(&form::IO_FIELDS, &self.fields);
        q.extend([
            ("modes", keys(&self.modes)),
            ("threads", self.threads.to_string()),
        ]);
        q.extend(unless_all_cores("processes", self.processes, cores));
        q.push(("endpoint", self.endpoint.key().to_owned()));
        if self.endpoint != EndpointChoice::InPage {
            q.push(("url", self.url.clone()));
        }
        q.extend(repeats_pairs(self.repeats));
        pairs("io-", q)
    }

    /// Reads the `io-…` pairs of a query over the defaults; the
    /// configuration and a note per pair it could not use. A URL from a
    /// link is only filled in: nothing is fetched before Run is clicked.
    #[must_use]
    pub fn from_query(
        query: &[(String, String)],
        cores: usize,
        max_processes: usize,
    ) -> (Self, Vec<String>) {
        let mut c = Self::defaults(cores);
        let mut link = Link::new(query, "io-");
        if let Some(f) = link.fields(&form::IO_FIELDS, &c.fields, form::parse_io, "requests") {
            c.fields = f;
        }
        if let Some(m) = link.modes(&IO_MODES) {
            c.modes = m;
        }
        if let Some(n) = link.count("threads", IO_MAX_THREADS) {
            c.threads = n;
        }
        if let Some(n) = link.count("processes", max_processes.max(cores).max(1)) {
            c.processes = n;
        }
        let choice = link.get("endpoint");
        let url = link.get("url");
        if choice.is_some() || url.is_some() {
            let known = choice.map_or(Some(c.endpoint), EndpointChoice::from_key);
            let url = url.unwrap_or(&c.url);
            // A URL is checked even for the in-page endpoint, which does not
            // use it: the field would show it, and a later pick would. It is
            // checked as the chosen endpoint reads it: "any URL" keeps its
            // own query (`?ms=50&id=7` is a real API's business), which a
            // delay server's URL may not set.
            let checked = known
                .ok_or_else(|| ParamError {
                    field: "endpoint",
                    message: format!("unknown endpoint {:?}", choice.unwrap_or_default()),
                })
                .and_then(|choice| {
                    let as_endpoint = if choice == EndpointChoice::InPage {
                        EndpointChoice::Any
                    } else {
                        choice
                    };
                    form::parse_endpoint(as_endpoint, url)?;
                    form::parse_endpoint(choice, url).map(|_| choice)
                });
            match checked {
                Ok(choice) => (c.endpoint, c.url) = (choice, url.trim().to_owned()),
                Err(e) => link.notes.push(format!(
                    "{}: using the in-page endpoint",
                    crate::embed::shorten(&e.to_string())
                )),
            }
        }
        if let Some(r) = link.repeats(c.repeats) {
            c.repeats = r;
        }
        (c, link.finish())
    }
}

/// The hybrid panel's whole configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct HybridConfig {
    /// Items, latency and work per item, as typed.
    pub fields: Fields,
    /// Which arrangements are ticked (of [`HYBRID_MODES`]).
    pub modes: Vec<ModeKind>,
    /// Warm-up and counted runs.
    pub repeats: Repeats,
}

impl HybridConfig {
    /// The page's defaults.
    #[must_use]
    pub fn defaults() -> Self {
        Self {
            fields: form::hybrid_to_fields(&Hybrid::default()),
            modes: HYBRID_MODES.to_vec(),
            repeats: Repeats::ONCE,
        }
    }

    /// The query pairs that reproduce this configuration (keys `hybrid-…`).
    #[must_use]
    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut q = fields_in_order(&form::HYBRID_FIELDS, &self.fields);
        q.push(("modes", keys(&self.modes)));
        q.extend(repeats_pairs(self.repeats));
        pairs("hybrid-", q)
    }

    /// Reads the `hybrid-…` pairs of a query over the defaults; the
    /// configuration and a note per pair it could not use.
    #[must_use]
    pub fn from_query(query: &[(String, String)]) -> (Self, Vec<String>) {
        let mut c = Self::defaults();
        let mut link = Link::new(query, "hybrid-");
        if let Some(f) = link.fields(&form::HYBRID_FIELDS, &c.fields, form::parse_hybrid, "items") {
            c.fields = f;
        }
        if let Some(m) = link.modes(&HYBRID_MODES) {
            c.modes = m;
        }
        if let Some(r) = link.repeats(c.repeats) {
            c.repeats = r;
        }
        (c, link.finish())
    }
}
