//! What a JavaScript error says, in words a row or a note can show.

use wasm_bindgen::{JsCast, JsValue};

/// The message of `e`, else its string form.
///
/// Why not `dyn_ref::<js_sys::Error>()` alone: an `instanceof` check fails
/// for an error made in another realm (another frame, or the sandbox a
/// WebDriver script runs in, as in Firefox), which then showed up as
/// `JsValue(Error)`. Reading `message` works across realms and for
/// DOMExceptions; a thrown string is itself.
pub fn text(e: &JsValue) -> String {
    if let Some(e) = e.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    let message = js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .filter(|m| !m.is_empty());
    message
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}
