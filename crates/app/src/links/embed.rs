//! The widget for blog posts: the "Embed" button on the full page, the link
//! back to the full page from the widget, and the widget's resize messages.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The page's address without its query: origin and path.
fn page_address() -> String {
    web_sys::window()
        .map(|w| {
            let l = w.location();
            format!(
                "{}{}",
                l.origin().unwrap_or_default(),
                l.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// The full page with the panel's configuration `config` (and the page's
/// isolation setting, so a link that turned isolation off keeps it off).
pub fn full_page_url(config: &[(String, String)]) -> String {
    let mut pairs: Vec<(String, String)> = crate::links::share::query_pairs()
        .into_iter()
        .filter(|(k, _)| k == "coi")
        .collect();
    pairs.extend(config.iter().cloned());
    format!("{}?{}", page_address(), lab::query::to_string(&pairs))
}

/// "Embed": shows the snippet for a blog post (an iframe of the widget with
/// this panel's settings, and the optional resize script), ready to copy.
#[component]
pub fn EmbedButton(
    /// The button's id; the snippet's box and text area add `-box`, `-snippet`.
    id: &'static str,
    /// What the button says.
    #[prop(default = "Embed")]
    label: &'static str,
    /// The panel's configuration as query pairs (or a tour step's), when
    /// it is valid.
    config: Memo<Option<Vec<(String, String)>>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let status = RwSignal::new(None::<String>);
    let text = Memo::new(move |_| {
        config.get().map(|c| {
            lab::link::embed::snippet(&page_address(), &lab::link::embed::widget_id(&c), &c)
        })
    });
    let copy = move |_| {
        if let Some(t) = text.get_untracked() {
            crate::report::export::copy_text(
                &t,
                status,
                "snippet copied: paste it into your post's HTML".to_owned(),
                |_| "the browser refused the clipboard: select the text and copy it".to_owned(),
            );
        }
    };
    view! {
        <button
            id=id
            class="secondary"
            on:click=move |_| open.update(|o| *o = !*o)
            disabled=move || text.with(Option::is_none)
            title="A snippet to put this experiment, as set now, into a blog post"
        >
            {label}
        </button>
        {move || {
            open.get()
                .then(|| {
                    view! {
                        <div class="embed-box" id=format!("{id}-box")>
                            <p class="help">
                                "Paste this into your post's HTML. The iframe alone works; the script after it fits the frame's height to its content. "
                                "Threads need cross-origin isolation. Served with this site's _headers file, the widget isolates itself in "
                                "Chromium 137+ (Document-Isolation-Policy); elsewhere it runs every other mode and says why threads are off, "
                                "unless your page sends COOP and COEP (see docs/embedding.md)."
                            </p>
                            <textarea
                                id=format!("{id}-snippet")
                                readonly
                                rows="12"
                                aria-label="Embed snippet"
                            >
                                {move || text.get().unwrap_or_default()}
                            </textarea>
                            <button class="secondary" on:click=copy>
                                "Copy snippet"
                            </button>
                            <span class="export-status" role="status">
                                {move || status.get()}
                            </span>
                        </div>
                    }
                })
        }}
    }
}

/// The widget's link to the full page with the same settings (in a new
/// tab: inside a frame the full page would not be isolated either).
#[component]
pub fn FullPageLink(config: Memo<Option<Vec<(String, String)>>>) -> impl IntoView {
    let href = move || full_page_url(&config.get().unwrap_or_default());
    view! {
        <a id="cpu-full-page" class="full-page" href=href target="_blank" rel="noopener">
            "Open the full page ↗"
        </a>
    }
}

/// Tells the page around this frame how tall the widget is, whenever that
/// changes: `{type, widget, height}` to the parent (the snippet's script
/// checks the origin, the frame and the shape). Nothing is sent without a
/// widget id or outside a frame.
pub fn report_height(widget: Option<String>) {
    let Some(widget) = widget else { return };
    if !crate::browser::isolation::framed() {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let (Ok(Some(parent)), Some(root)) = (
        window.parent(),
        window.document().and_then(|d| d.document_element()),
    ) else {
        return;
    };
    let last = std::cell::Cell::new(0.0_f64);
    let measured = root.clone();
    let send = Closure::<dyn Fn()>::new(move || {
        let height = measured.get_bounding_client_rect().height().ceil();
        if height == last.get() {
            return;
        }
        last.set(height);
        let msg = js_sys::Object::new();
        let set = |k: &str, v: wasm_bindgen::JsValue| {
            let _ = js_sys::Reflect::set(&msg, &k.into(), &v);
        };
        set("type", lab::link::embed::RESIZE_MESSAGE.into());
        set("widget", widget.as_str().into());
        set("height", height.into());
        // The height is not a secret, and the widget cannot know its host.
        let _ = parent.post_message(&msg, "*");
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(send.as_ref().unchecked_ref()) {
        observer.observe(&root);
        // Both live as long as the page.
        std::mem::forget(observer);
    }
    send.forget();
}
