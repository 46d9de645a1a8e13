//! A click's estimated cost, shown beside Run (a refusal shows next to the
//! field that sizes the work instead; see `lab::budget`).

use kernels::ParamError;
use lab::budget::Estimate;
use leptos::prelude::*;

/// What the next click is estimated to take, or nothing while the form
/// does not parse.
pub type Estimated = Memo<Option<Result<Estimate, ParamError>>>;

/// "estimated: at most about 12 s, 40 MB".
#[component]
pub fn EstimateLine(id: String, estimate: Estimated) -> impl IntoView {
    view! {
        <small class="estimate" id=id>
            {move || estimate.get().and_then(Result::ok).map(|e| format!("estimated: {e}"))}
        </small>
    }
}

/// The form's own error if it has one, else the estimate's refusal.
pub fn first_error(
    parsed: impl Fn() -> Option<ParamError> + Send + Sync + 'static,
    estimate: Estimated,
) -> Signal<Option<ParamError>> {
    Signal::derive(move || parsed().or_else(|| estimate.get().and_then(Result::err)))
}

/// Whether the estimate refuses the click.
pub fn refused(estimate: Estimated) -> bool {
    estimate.with(|e| matches!(e, Some(Err(_))))
}
