//! The I/O panel's link: `io-…` pairs to and from [`IoConfig`].

use super::{Link, fields_in_order, keys, pairs, repeats_pairs, unless_all_cores};
use crate::Fields;
use crate::form::{self, EndpointChoice, Repeats};
use crate::mode::{IO_MODES, ModeKind};
use kernels::ParamError;
use kernels::io::IoParams;

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
        c.read_endpoint(&mut link);
        if let Some(r) = link.repeats(c.repeats) {
            c.repeats = r;
        }
        (c, link.finish())
    }

    /// The endpoint and its URL, checked together.
    fn read_endpoint(&mut self, link: &mut Link<'_>) {
        let choice = link.get("endpoint");
        let url = link.get("url");
        if choice.is_some() || url.is_some() {
            let known = choice.map_or(Some(self.endpoint), EndpointChoice::from_key);
            let url = url.unwrap_or(&self.url);
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
                Ok(choice) => (self.endpoint, self.url) = (choice, url.trim().to_owned()),
                Err(e) => link.notes.push(format!(
                    "{}: using the in-page endpoint",
                    crate::link::embed::shorten(&e.to_string())
                )),
            }
        }
    }
}
