//! How many times each mode runs per click: the warm-up and counted-runs
//! fields every panel has, and what they parse to.

use crate::kit::field::Field;
use kernels::ParamError;
use lab::Fields;
use lab::form::{self, Repeats};
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
