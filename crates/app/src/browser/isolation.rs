//! Cross-origin isolation on hosts that send no headers.
//!
//! `www/sw.js` re-serves the page with the headers its host did not send
//! (COOP/COEP, and `Document-Isolation-Policy` inside an iframe). A page
//! gets them only from its second load on, since the first load happened
//! before the service worker controlled it. So a page that is not isolated
//! waits for the worker, reloads once, and remembers in `sessionStorage`
//! that it did: if the reload did not help (a frame in a page that is not
//! isolated, in a browser without Document-Isolation-Policy), it says why
//! instead of reloading again.

use gloo_timers::future::TimeoutFuture;
use lab::link::embed::Coi;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const RELOADED: &str = "scaling-playground:isolation-reload";

/// Whether this page runs inside a frame.
pub fn framed() -> bool {
    web_sys::window()
        .and_then(|w| {
            let parent = w.parent().ok().flatten()?;
            Some(!js_sys::Object::is(&parent, &w))
        })
        .unwrap_or(false)
}

/// Call once at start when the page is isolated: a later failure may try a
/// reload again.
pub fn forget_reload() {
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.remove_item(RELOADED);
    }
}

/// For a page that is not isolated: reloads it once the service worker
/// controls it (and never resolves then), or says in one line why there
/// are no threads.
pub async fn reload_or_explain(coi: Coi) -> String {
    let framed = framed();
    if coi == Coi::Off {
        return "this link turns isolation off (coi=off), so this page has no SharedArrayBuffer and no wasm threads".into();
    }
    let Some(window) = web_sys::window() else {
        return "no window".into();
    };
    let Some(storage) = window.session_storage().ok().flatten() else {
        // Without a place to remember the reload, a reload could repeat forever.
        return "this page is not cross-origin isolated, and the browser gives it no storage here (a frame of another site?), so no service worker can supply the headers".into();
    };
    if storage.get_item(RELOADED).ok().flatten().is_none() {
        match crate::net::endpoint::start_endpoint().await {
            Ok(()) => {
                newest_worker_in_control().await;
                if storage.set_item(RELOADED, "1").is_ok() && window.location().reload().is_ok() {
                    // The page is going away; nothing more to show.
                    std::future::pending::<()>().await;
                }
                return "this page is not cross-origin isolated and could not reload to become so"
                    .into();
            }
            Err(e) => {
                return format!(
                    "this page is not cross-origin isolated, and no service worker can supply the headers ({e})"
                );
            }
        }
    }
    match (framed, coi) {
        (true, Coi::NoDip) => "this frame's page is not cross-origin isolated, and this link turns Document-Isolation-Policy off (coi=nodip)".into(),
        (true, _) => "this frame's page is not cross-origin isolated, and this browser does not apply Document-Isolation-Policy (Chromium 137+ does)".into(),
        (false, _) => "this page is not cross-origin isolated, even with the service worker's headers".into(),
    }
}

/// Waits (5 s at most) until the newest `sw.js` controls the page: a
/// visitor may still have an older one (without the isolation headers), and
/// the one reload must be served by the new one.
async fn newest_worker_in_control() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let sw = window.navigator().service_worker();
    let Ok(ready) = sw.ready() else {
        return;
    };
    let Ok(registration) = JsFuture::from(ready).await else {
        return;
    };
    let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
    if let Ok(update) = registration.update() {
        let _ = JsFuture::from(update).await;
    }
    for _ in 0..100 {
        let pending = registration.installing().is_some() || registration.waiting().is_some();
        let newest = match (sw.controller(), registration.active()) {
            (Some(c), Some(a)) => js_sys::Object::is(&c, &a),
            _ => false,
        };
        if newest && !pending {
            return;
        }
        TimeoutFuture::new(50).await;
    }
}
