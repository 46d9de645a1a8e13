//! Keep and pass on a run: download its results (JSON, CSV), its timelines
//! (Chrome trace events, for Perfetto or DevTools), or copy it as Markdown.

use lab::Comparison;
use lab::export::{self, Environment};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Where this page measured: read when exporting, from the browser.
fn environment(c: &Comparison) -> Environment {
    let window = web_sys::window();
    let navigator = window.as_ref().map(web_sys::Window::navigator);
    Environment {
        browser: navigator
            .as_ref()
            .and_then(|n| n.user_agent().ok())
            .unwrap_or_default(),
        cores: navigator.map_or(1.0, |n| n.hardware_concurrency()) as usize,
        isolated: js_sys::Reflect::get(&js_sys::global(), &"crossOriginIsolated".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        resolution_ms: c.resolution_ms,
        page: window
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default(),
    }
}

/// Offers `text` as a file named `name`: a Blob behind a temporary link.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let err = |e: JsValue| process_module::js_error::text(&e);
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(err)?
        .dyn_into()
        .map_err(|_| "not an anchor")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The browser has started the download by now; free the Blob later.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Writes `text` to the clipboard, then shows `copied` on `status`, or
/// what `refused` makes of the browser's refusal.
pub fn copy_text(
    text: &str,
    status: RwSignal<Option<String>>,
    copied: String,
    refused: impl FnOnce(JsValue) -> String + 'static,
) {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        return;
    };
    let promise = clipboard.write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        status.set(Some(
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => copied,
                Err(e) => refused(e),
            },
        ));
    });
}

/// The export buttons for the run shown, and a line saying how it went.
#[component]
pub fn ExportBar(comparison: Signal<Option<Comparison>>, name: &'static str) -> impl IntoView {
    let status = RwSignal::new(None::<String>);
    let with = move |f: fn(&Comparison, &Environment) -> (String, &'static str, String)| {
        comparison.with_untracked(|c| {
            let Some(c) = c else { return };
            let (ext, mime, text) = f(c, &environment(c));
            let file = format!("scaling-playground-{name}.{ext}");
            status.set(Some(match download(&file, mime, &text) {
                Ok(()) => format!("saved {file}"),
                Err(e) => format!("could not save {file}: {e}"),
            }));
        });
    };
    let copy = move |_| {
        let Some(md) = comparison
            .with_untracked(|c| c.as_ref().map(|c| export::to_markdown(c, &environment(c))))
        else {
            return;
        };
        copy_text(
            &md,
            status,
            "copied the table as Markdown".to_owned(),
            |e| {
                format!(
                    "the browser refused the clipboard ({}); the JSON and CSV downloads still work",
                    process_module::js_error::text(&e)
                )
            },
        );
    };
    view! {
        <div class="export" role="group" aria-label="Export this run">
            <button
                class="secondary export-json"
                on:click=move |_| with(|c, e| (
                    "json".into(),
                    "application/json",
                    export::to_json(c, e),
                ))
            >
                "JSON"
            </button>
            <button
                class="secondary export-csv"
                on:click=move |_| with(|c, e| ("csv".into(), "text/csv", export::to_csv(c, e)))
            >
                "CSV"
            </button>
            <button
                class="secondary export-trace"
                title="Chrome trace events: open in ui.perfetto.dev or DevTools' Performance panel"
                on:click=move |_| with(|c, _| (
                    "trace.json".into(),
                    "application/json",
                    export::to_trace(c),
                ))
            >
                "timeline trace"
            </button>
            <button class="secondary export-markdown" on:click=copy>
                "copy as Markdown"
            </button>
            <span class="export-status" role="status">
                {move || status.get()}
            </span>
        </div>
    }
}
