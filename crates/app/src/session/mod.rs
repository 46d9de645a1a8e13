//! One run scaffold for every panel: a click on Run [`Session::begin`]s,
//! runs each ticked mode `reps` times interleaved ([`Session::run_modes`]),
//! each mode-run raced against Stop ([`Session::race`]), and
//! [`Session::finish`]es: the progress line cleared, what Stop left going
//! ended, and what Stop did said.
//!
//! What a panel's mode-run *is* (a pool, fetches, processes) stays the
//! panel's; the order of a run, and what a click on Stop means, is here
//! once.

pub mod pools;
pub mod stop;

use lab::form::Repeats;
use lab::responsiveness::Responsiveness;
use lab::results::Step;
use lab::{Comparison, ModeKind, ModeResult};
use leptos::prelude::*;
use stop::Stop;

use kernels::exec::STOPPED;

/// A mode-run's outcome and how responsive the page stayed meanwhile.
pub type Ran<T> = (Result<T, String>, Responsiveness);

/// One panel's runs: its progress line, its error line and its Stop.
#[derive(Clone, Copy)]
pub struct Session {
    /// The progress line.
    pub progress: RwSignal<Option<Step>>,
    /// Why the last run failed, or which of its modes did.
    pub failure: RwSignal<Option<String>>,
    /// The panel's Stop button.
    pub stop: Stop,
}

impl Session {
    /// Nothing running, nothing said.
    pub fn new() -> Self {
        Self {
            progress: RwSignal::new(None),
            failure: RwSignal::new(None),
            stop: Stop::new(),
        }
    }

    /// A click on Run: the last run's failure and Stop are forgotten.
    pub fn begin(self) {
        self.failure.set(None);
        self.stop.arm();
    }

    /// The run cannot start: say why (nothing else changes).
    pub fn refuse(self, why: impl ToString) {
        self.progress.set(None);
        self.failure.set(Some(why.to_string()));
    }

    /// What a mode-run calls as its tasks finish: `report(done)` shows
    /// `name: done / total unit` on the progress line.
    pub fn reporter(
        self,
        name: &str,
        total: usize,
        unit: &'static str,
    ) -> impl Fn(usize) + Clone + 'static {
        let (step, what) = (self.progress, name.to_owned());
        move |done| {
            step.set(Some(Step {
                what: what.clone(),
                done,
                total,
                unit,
            }));
        }
    }

    /// Says what the run is doing before its tasks start (`starting 4
    /// threads`).
    pub fn preparing(self, what: impl Into<String>, unit: &'static str) {
        self.progress.set(Some(Step::preparing(what, unit)));
    }

    /// Waits, saying `starting {what}…`, until `ready()` (a part the run
    /// needs that the page is still starting: its thread pool, its
    /// in-page endpoint), so that a click made meanwhile runs as soon as
    /// it can rather than being refused. False if Stop was clicked first.
    pub async fn wait_until(
        self,
        what: &str,
        unit: &'static str,
        ready: impl Fn() -> bool,
    ) -> bool {
        if ready() {
            return true;
        }
        self.preparing(format!("starting {what}"), unit);
        let polled = async {
            // What it waits for is a few hundred ms at most; a poll every
            // 10 ms costs nothing beside it and needs no subscription.
            while !ready() {
                gloo_timers::future::sleep(std::time::Duration::from_millis(10)).await;
            }
        };
        self.stop.race(polled, || {}).await.is_some()
    }

    /// Runs one mode-run until it ends or Stop is clicked; on a click,
    /// `undo` undoes what it left going (aborts its fetches, sets its
    /// cancel flag) and the mode-run ends as [`STOPPED`].
    pub async fn race<T>(self, run: impl Future<Output = Ran<T>>, undo: impl FnOnce()) -> Ran<T> {
        self.stop
            .race(run, undo)
            .await
            .unwrap_or_else(|| (Err(STOPPED.into()), Responsiveness::default()))
    }

    /// Runs every mode `reps.total()` times into `target` (see
    /// [`run_interleaved`]), then [`Session::finish`]es with `on_stopped`.
    pub async fn run_modes<M: Copy>(
        self,
        reps: Repeats,
        modes: &[M],
        names: impl Fn(M) -> (ModeKind, String),
        target: RwSignal<Option<Comparison>>,
        run: impl AsyncFnMut(M, &str) -> Ran<ModeResult>,
        on_stopped: impl FnOnce(),
    ) {
        // Let the click's own rendering finish before the first mode is timed.
        crate::browser::meter::settle().await;
        run_interleaved(reps, modes, names, target, self.failure, self.stop, run).await;
        self.finish(on_stopped);
    }

    /// After the run: the progress line goes; if Stop ended the run,
    /// `on_stopped` ends what a Stop must not leave running wherever the
    /// click landed (inside a mode-run or between two: a kept pool of
    /// processes is dropped, which ends them, and the next run starts
    /// fresh), and the page says how soon after the click the run ended.
    pub fn finish(self, on_stopped: impl FnOnce()) {
        self.progress.set(None);
        if self.stop.clicked() {
            on_stopped();
        }
        self.stop.report(self.failure);
    }
}

/// A fresh id per mode-run, for its URLs: no answer can come from a cache.
pub fn run_id() -> u64 {
    (js_sys::Date::now() * 1000.0 + crate::browser::caps::now()) as u64
}

/// What Stop aborts of a mode-run's fetches: an `AbortController`, when
/// the browser has one.
pub struct Abort(Option<web_sys::AbortController>);

impl Abort {
    /// A new controller.
    pub fn new() -> Self {
        Self(web_sys::AbortController::new().ok())
    }

    /// The signal the fetches are given.
    pub fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(web_sys::AbortController::signal)
    }

    /// Aborts every fetch given the signal.
    pub fn abort(&self) {
        if let Some(a) = &self.0 {
            a.abort();
        }
    }
}

/// Runs every mode `reps.total()` times, interleaved (A B C, A B C, …) so
/// that drift in the machine's speed touches every mode alike, and records
/// each outcome (a warm-up is checked, not counted). `names(mode)` is the
/// mode's kind and label; `run(mode, name)` runs one repetition, `name`
/// being the label with which repetition it is, for the progress line.
///
/// A mode that fails is recorded as failed (its row says why, and the
/// verdict cannot pass) and is not run again; the other modes go on, as a
/// visitor who ticked them expects. Only a click on `stop` ends the run
/// early: it cuts short the pause after each result is shown, and no
/// mode-run starts after it.
async fn run_interleaved<M: Copy>(
    reps: Repeats,
    modes: &[M],
    names: impl Fn(M) -> (ModeKind, String),
    comparison: RwSignal<Option<Comparison>>,
    failure: RwSignal<Option<String>>,
    stop: Stop,
    mut run: impl AsyncFnMut(M, &str) -> Ran<ModeResult>,
) {
    for rep in 0..reps.total() {
        for &mode in modes {
            // Stopped between two mode-runs: start nothing more.
            if stop.clicked() {
                return;
            }
            let (key, label) = names(mode);
            let failed =
                comparison.with_untracked(|c| c.as_ref().is_some_and(|c| c.has_failed(&label)));
            if failed {
                continue;
            }
            let name = reps.name(&label, rep);
            let (outcome, page) = run(mode, &name).await;
            match outcome {
                Ok(r) => record(comparison, r, page, reps.counts(rep), stop).await,
                // A run cut short by Stop is not a failure of its mode.
                Err(e) if stop.clicked() => {
                    failure.set(Some(format!("{name}: {e}")));
                    return;
                }
                Err(e) => {
                    failure.update(|f| {
                        let this = format!("{name}: {e}");
                        *f = Some(match f.take() {
                            Some(before) => format!("{before} · {this}"),
                            None => this,
                        });
                    });
                    comparison.update(|c| {
                        c.get_or_insert_with(Comparison::default)
                            .fail(key, label, e);
                    });
                }
            }
        }
    }
}

/// Adds one repetition of a mode, with how responsive the page stayed
/// meanwhile, to the run shown (a warm-up is checked, not timed: see
/// [`Comparison::add`]), then lets the page draw it before the next mode
/// is timed, unless Stop is clicked meanwhile: a click then ends the run
/// at once instead of after the pause.
async fn record(
    comparison: RwSignal<Option<Comparison>>,
    mut r: ModeResult,
    page: Responsiveness,
    counted: bool,
    stop: Stop,
) {
    r.page = Some(page);
    comparison.update(|c| c.get_or_insert_with(Comparison::default).add(r, counted));
    stop.race(crate::browser::meter::settle(), || {}).await;
}
