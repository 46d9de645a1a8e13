//! How many times each mode runs per click: the warm-up and counted-runs
//! fields every panel has, and what they parse to.

use super::field::Field;
use super::results::record;
use kernels::ParamError;
use lab::form::{self, Repeats};
use lab::responsiveness::Responsiveness;
use lab::{Comparison, Fields, ModeKind, ModeResult};
use leptos::prelude::*;

/// A panel's repetition settings.
#[derive(Clone, Copy)]
pub struct RepeatSettings {
    fields: RwSignal<Fields>,
    parsed: Memo<Result<Repeats, ParamError>>,
}

impl RepeatSettings {
    /// Fields filled with `default`.
    pub fn new(default: Repeats) -> Self {
        let fields = RwSignal::new(form::repeats_to_fields(default));
        let parsed = Memo::new(move |_| fields.with(form::parse_repeats));
        Self { fields, parsed }
    }

    /// What the fields say now; an error names the field to fix.
    pub fn get(self) -> Result<Repeats, ParamError> {
        self.parsed.get()
    }

    /// What the fields say, without subscribing.
    pub fn get_untracked(self) -> Result<Repeats, ParamError> {
        self.parsed.get_untracked()
    }
}

/// The two fields, with ids `{prefix}field-warmup` and `{prefix}field-repeats`.
#[component]
pub fn RepeatFields(settings: RepeatSettings, prefix: &'static str) -> impl IntoView {
    let error = Signal::derive(move || settings.get().err());
    view! {
        <div class="controls repeats">
            {form::REPEAT_FIELDS
                .iter()
                .map(|&spec| view! { <Field spec fields=settings.fields error prefix /> })
                .collect_view()}
        </div>
    }
}

/// Runs every mode `reps.total()` times, interleaved (A B C, A B C, …) so
/// that drift in the machine's speed touches every mode alike, and records
/// each outcome (a warm-up is checked, not counted). `names(mode)` is the
/// mode's key and label; `run(mode, name)` runs one repetition, `name`
/// being the label with which repetition it is, for the progress line.
///
/// A mode that fails is recorded as failed (its row says why, and the
/// verdict cannot pass) and is not run again; the other modes go on, as a
/// visitor who ticked them expects. Only a click on `stop` ends the run
/// early: it cuts short the pause after each result is shown, and no
/// mode-run starts after it.
pub async fn run_interleaved<M: Copy>(
    reps: Repeats,
    modes: &[M],
    names: impl Fn(M) -> (ModeKind, String),
    comparison: RwSignal<Option<Comparison>>,
    failure: RwSignal<Option<String>>,
    stop: super::stop::Stop,
    mut run: impl AsyncFnMut(M, &str) -> (Result<ModeResult, String>, Responsiveness),
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
