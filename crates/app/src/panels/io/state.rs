//! The I/O panel's state: its controls' signals, read into the plain
//! [`IoChoice`] that decides, and the pools its runs keep.

use crate::browser::caps::Caps;
use crate::kit::estimate::{Estimated, refused};
use crate::kit::repeats::RepeatSettings;
use crate::links::share::ModeTicks;
use crate::session::Session;
use crate::session::pools::Kept;
use crate::workers::processes::Processes;
use crate::workers::threads::IoThreads;
use kernels::ParamError;
use kernels::io::{Endpoint, IoParams};
use lab::form::EndpointChoice;
use lab::link::IoConfig;
use lab::panel::{IoChoice, Startup, io as rules};
use lab::{Comparison, Fields, ModeKind, form};
use leptos::prelude::*;

/// Every signal of the I/O panel (all `Copy`: components take it whole).
#[derive(Clone, Copy)]
pub struct Io {
    /// The browser's capabilities.
    pub caps: Caps,
    /// Whether the in-page endpoint (the service worker) is up, or why not.
    pub in_page: Signal<Option<Result<(), String>>>,
    /// Requests, latency, limit and the failing network's fields, as typed.
    pub fields: RwSignal<Fields>,
    /// The mode tick boxes.
    pub ticks: ModeTicks<5>,
    /// Blocking threads.
    pub threads: RwSignal<usize>,
    /// Processes.
    pub processes: RwSignal<usize>,
    /// Who answers, as picked.
    pub endpoint_choice: RwSignal<EndpointChoice>,
    /// The URL field, for the endpoints that take one.
    pub url_fields: RwSignal<Fields>,
    /// The endpoint chosen, or what is wrong with its URL.
    pub chosen: Memo<Result<Endpoint, ParamError>>,
    /// The form's parameters, checked against the endpoint.
    pub parsed: Memo<Result<IoParams, ParamError>>,
    /// Warm-up and counted runs.
    pub repeats: RepeatSettings,
    /// What a click would cost.
    pub estimate: Estimated,
    /// Progress, failure and Stop.
    pub session: Session,
    /// The last run's results.
    pub comparison: RwSignal<Option<Comparison>>,
    /// Both pools are kept between runs and reused while their size fits.
    pub kept_threads: Kept<IoThreads>,
    /// The kept processes.
    pub kept_processes: Kept<Processes>,
}

impl Io {
    /// The panel as the link `cfg` sets it up.
    pub fn new(caps: Caps, in_page: Signal<Option<Result<(), String>>>, cfg: &IoConfig) -> Self {
        let fields = RwSignal::new(cfg.fields.clone());
        let endpoint_choice = RwSignal::new(cfg.endpoint);
        let url_fields = RwSignal::new(Fields::from([(form::ENDPOINT_URL.key, cfg.url.clone())]));
        let chosen = Memo::new(move |_| {
            url_fields.with(|f| {
                form::parse_endpoint(
                    endpoint_choice.get(),
                    f.get(form::ENDPOINT_URL.key).map_or("", String::as_str),
                )
            })
        });
        let parsed = Memo::new(move |_| {
            let p = form::parse_io(&fields.get())?;
            rules::with_endpoint(p, chosen.get().ok().as_ref())
        });
        let ticks = ModeTicks::new(lab::mode::IO_MODES, &cfg.modes);
        let threads = RwSignal::new(cfg.threads);
        let processes = RwSignal::new(cfg.processes);
        let repeats = RepeatSettings::new(cfg.repeats);
        let choice = move || choice(ticks, threads, processes, caps);
        // What a click on Run would cost; a refusal shows next to "requests".
        let estimate = Memo::new(move |_| {
            let (Ok(p), Ok(e), Ok(r)) = (parsed.get(), chosen.get(), repeats.get()) else {
                return None;
            };
            let kinds: Vec<ModeKind> = choice().modes().iter().map(|m| m.kind()).collect();
            let plan = lab::budget::IoPlan {
                threads: threads.get(),
                processes: processes.get(),
                connections: e.connections(),
            };
            Some(lab::budget::io(&p, &kinds, plan, r))
        });
        Self {
            caps,
            in_page,
            fields,
            ticks,
            threads,
            processes,
            endpoint_choice,
            url_fields,
            chosen,
            parsed,
            repeats,
            estimate,
            session: Session::new(),
            comparison: RwSignal::new(None),
            kept_threads: StoredValue::new_local(None),
            kept_processes: StoredValue::new_local(None),
        }
    }

    /// What the controls say now (tracked).
    pub fn choice(self) -> IoChoice {
        choice(self.ticks, self.threads, self.processes, self.caps)
    }

    /// Whether Run must wait: a bad field, no mode, an endpoint not ready,
    /// a refused estimate.
    pub fn blocked(self) -> bool {
        let in_page = match self.in_page.get() {
            None => Startup::Starting,
            Some(Ok(())) => Startup::Up,
            Some(Err(_)) => Startup::Failed,
        };
        self.parsed.with(Result::is_err)
            || self.repeats.get().is_err()
            || self.choice().modes().is_empty()
            || !rules::endpoint_ready(self.chosen.get().ok().as_ref(), in_page)
            || refused(self.estimate)
    }

    /// The configuration as it stands, when every part of it is valid, as
    /// the link's pairs (kept in the address bar).
    pub fn query(self) -> Option<Vec<(String, String)>> {
        let (Ok(_), Ok(_), Ok(r)) = (self.parsed.get(), self.chosen.get(), self.repeats.get())
        else {
            return None;
        };
        let c = IoConfig {
            fields: self.fields.get(),
            modes: self.ticks.ticked(),
            threads: self.threads.get(),
            processes: self.processes.get(),
            endpoint: self.endpoint_choice.get(),
            url: self
                .url_fields
                .with(|f| f.get(form::ENDPOINT_URL.key).cloned().unwrap_or_default()),
            repeats: r,
        };
        Some(c.to_query(self.caps.cores))
    }

    /// The line under the endpoint choice.
    pub fn endpoint_text(self) -> String {
        match (self.chosen.get(), self.in_page.get()) {
            (Err(_), _) => "endpoint: fix its URL".to_owned(),
            (Ok(Endpoint::InPage), None) => {
                "endpoint: starting the in-page service worker…".to_owned()
            }
            (Ok(Endpoint::InPage), Some(Err(e))) => format!("endpoint unavailable: {e}"),
            (Ok(e), _) => format!("endpoint: {}", e.describe()),
        }
    }
}

/// What the controls say now (tracked).
fn choice(
    ticks: ModeTicks<5>,
    threads: RwSignal<usize>,
    processes: RwSignal<usize>,
    caps: Caps,
) -> IoChoice {
    IoChoice {
        ticked: ticks.ticked(),
        threads: threads.get(),
        processes: processes.get(),
        can_share_memory: caps.threads(),
    }
}
