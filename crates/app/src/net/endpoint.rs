//! The in-page latency endpoint: the service worker that answers
//! `io/delay`, registered and waited for once per page.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Registers `sw.js` and waits until it controls this page.
pub async fn start_endpoint() -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    // Outside a secure context (a LAN address over http) or where service
    // workers are off, `navigator.serviceWorker` does not exist, and calling
    // into it would throw past this future.
    let has_sw =
        js_sys::Reflect::has(&window.navigator(), &"serviceWorker".into()).unwrap_or(false);
    if !window.is_secure_context() || !has_sw {
        return Err("this browser offers no service worker here (it needs https or 127.0.0.1/localhost, and is off in some private windows)".into());
    }
    let sw = window.navigator().service_worker();
    let ours = |c: &web_sys::ServiceWorker| c.script_url().ends_with("/sw.js");
    // Registering again only checks for an updated script. A page that our
    // worker already controls can use the endpoint now, so that check runs in
    // the background: seen in Chromium, it can stall for many seconds after a
    // navigation, and nothing here needs to wait for it.
    let registering = JsFuture::from(sw.register("sw.js"));
    if sw.controller().is_some_and(|c| ours(&c)) {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = registering.await;
        });
        return Ok(());
    }
    // First visit: wait for the worker to install, activate and claim this
    // page (clients.claim() lands a moment after `ready`), but not forever.
    let first_visit = async {
        registering.await.map_err(|e| {
            format!(
                "the service worker did not register: {}",
                process_module::js_error::text(&e)
            )
        })?;
        let registration: web_sys::ServiceWorkerRegistration =
            JsFuture::from(sw.ready().map_err(|e| process_module::js_error::text(&e))?)
                .await
                .map_err(|e| process_module::js_error::text(&e))?
                .unchecked_into();
        // A page loaded past an active worker (a hard reload) is not taken
        // over by itself: ask the worker to claim it.
        if sw.controller().is_none()
            && let Some(active) = registration.active()
        {
            let _ = active.post_message(&"claim".into());
        }
        while !sw.controller().is_some_and(|c| ours(&c)) {
            gloo_timers::future::TimeoutFuture::new(50).await;
        }
        Ok::<(), String>(())
    };
    let timeout = gloo_timers::future::TimeoutFuture::new(15_000);
    match futures::future::select(Box::pin(first_visit), timeout).await {
        futures::future::Either::Left((r, _)) => r,
        futures::future::Either::Right(_) => Err(
            "the in-page service worker did not take control within 15 s: reload the page".into(),
        ),
    }
}
