//! One labelled text input whose parse error is shown right next to it.

use kernels::ParamError;
use lab::{FieldSpec, Fields};
use leptos::prelude::*;

/// A form field bound to `fields[spec.key]`; shows `error` when it names this field.
///
/// Its element id is `{prefix}field-{key}`: panels that share a field name
/// give a prefix, so ids stay unique and each label points at its own input.
#[component]
pub fn Field(
    spec: FieldSpec,
    fields: RwSignal<Fields>,
    error: Signal<Option<ParamError>>,
    #[prop(optional)] prefix: &'static str,
) -> impl IntoView {
    let id = format!("{prefix}field-{}", spec.key);
    let label_for = id.clone();
    view! {
        <label class="field" for=label_for>
            <span>{spec.label}</span>
            <input
                id=id
                type="text"
                inputmode=if spec.numeric { "numeric" } else { "url" }
                name=spec.key
                prop:value=move || fields.with(|f| f.get(spec.key).cloned().unwrap_or_default())
                on:input=move |ev| {
                    fields
                        .update(|f| {
                            f.insert(spec.key, event_target_value(&ev));
                        })
                }
                aria-invalid=move || {
                    if error_for(error, spec.key).is_some() { "true" } else { "false" }
                }
            />
            <small class="help">{spec.help}</small>
            <FieldError key=spec.key error />
        </label>
    }
}

/// The message of `error`, if it names the field `key`.
fn error_for(error: Signal<Option<ParamError>>, key: &'static str) -> Option<String> {
    error.get().filter(|e| e.field == key).map(|e| e.message)
}

/// The parse error of the field `key`, when `error` names it: announced
/// (`role=alert`) as it appears, beside the field.
#[component]
pub fn FieldError(key: &'static str, error: Signal<Option<ParamError>>) -> impl IntoView {
    move || {
        error_for(error, key).map(|m| {
            view! {
                <small class="error" role="alert">
                    {m}
                </small>
            }
        })
    }
}
