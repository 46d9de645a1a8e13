//! The hybrid panel's state: its controls' signals, read into the plain
//! [`HybridChoice`] that decides, and the processes its runs keep.

use crate::browser::caps::Caps;
use crate::kit::estimate::{Estimated, refused};
use crate::kit::repeats::RepeatSettings;
use crate::links::share::ModeTicks;
use crate::page::PoolState;
use crate::session::Session;
use crate::session::pools::Kept;
use crate::workers::processes::Processes;
use kernels::ParamError;
use kernels::hybrid::Hybrid;
use lab::link::HybridConfig;
use lab::panel::HybridChoice;
use lab::{Comparison, Fields, ModeKind, form};
use leptos::prelude::*;

/// Every signal of the hybrid panel (all `Copy`: components take it whole).
#[derive(Clone, Copy)]
pub struct HybridPanelState {
    /// The browser's capabilities.
    pub caps: Caps,
    /// The page's thread pool.
    pub pool: Signal<PoolState>,
    /// Whether the in-page endpoint (the service worker) is up, or why not.
    pub in_page: Signal<Option<Result<(), String>>>,
    /// Items, latency and work per item, as typed.
    pub fields: RwSignal<Fields>,
    /// What they make, or the field that is wrong.
    pub parsed: Memo<Result<Hybrid, ParamError>>,
    /// The arrangement tick boxes.
    pub ticks: ModeTicks<4>,
    /// Warm-up and counted runs.
    pub repeats: RepeatSettings,
    /// What a click would cost.
    pub estimate: Estimated,
    /// Progress, failure and Stop.
    pub session: Session,
    /// The last run's results.
    pub comparison: RwSignal<Option<Comparison>>,
    /// The processes, kept between runs.
    pub kept: Kept<Processes>,
}

impl HybridPanelState {
    /// The panel as the link `cfg` sets it up.
    pub fn new(
        caps: Caps,
        pool: Signal<PoolState>,
        in_page: Signal<Option<Result<(), String>>>,
        cfg: &HybridConfig,
    ) -> Self {
        let fields = RwSignal::new(cfg.fields.clone());
        let parsed = Memo::new(move |_| form::parse_hybrid(&fields.get()));
        let ticks = ModeTicks::new(lab::mode::HYBRID_MODES, &cfg.modes);
        let repeats = RepeatSettings::new(cfg.repeats);
        let choice = move || choice(ticks, pool, caps);
        // What a click on Run would cost; a refusal shows next to "items".
        let estimate = Memo::new(move |_| {
            let (Ok(h), Ok(r)) = (parsed.get(), repeats.get()) else {
                return None;
            };
            let kinds: Vec<ModeKind> = choice().modes().iter().map(|m| m.kind()).collect();
            Some(lab::budget::hybrid(&h, &kinds, r))
        });
        Self {
            caps,
            pool,
            in_page,
            fields,
            parsed,
            ticks,
            repeats,
            estimate,
            session: Session::new(),
            comparison: RwSignal::new(None),
            kept: StoredValue::new_local(None),
        }
    }

    /// What the controls say now (tracked).
    pub fn choice(self) -> HybridChoice {
        choice(self.ticks, self.pool, self.caps)
    }

    /// Whether Run must wait for a fix: a bad field, no arrangement, a
    /// refused estimate, an in-page endpoint that failed to start. (While
    /// the pool or the endpoint starts, a click waits for them: see `run`.)
    pub fn blocked(self) -> bool {
        self.parsed.with(Result::is_err)
            || self.repeats.get().is_err()
            || self.choice().modes().is_empty()
            || refused(self.estimate)
            || matches!(self.in_page.get(), Some(Err(_)))
    }

    /// The configuration as it stands, when valid, as the link's pairs.
    pub fn query(self) -> Option<Vec<(String, String)>> {
        let (Ok(_), Ok(r)) = (self.parsed.get(), self.repeats.get()) else {
            return None;
        };
        let c = HybridConfig {
            fields: self.fields.get(),
            modes: self.ticks.ticked(),
            repeats: r,
        };
        Some(c.to_query())
    }
}

/// What the controls say now (tracked).
fn choice(ticks: ModeTicks<4>, pool: Signal<PoolState>, caps: Caps) -> HybridChoice {
    HybridChoice {
        ticked: ticks.ticked(),
        pool: pool.get().planned(caps.cores).is_some(),
        cores: caps.cores,
    }
}
