//! Where the keyboard focus goes around a run, and bringing its results
//! into view.
//!
//! Run disables itself as a run starts and Stop as it ends, and a browser
//! drops the focus of a disabled button to the page itself: a keyboard or
//! screen-reader user was left nowhere, twice. So the focus follows the
//! run (Run → Stop → Run), and the results, which land below the fold, are
//! scrolled into view. Only when the focus was the run bar's, or nowhere
//! (Safari does not focus a clicked button): a user busy elsewhere on the
//! page keeps their place.

use wasm_bindgen::JsCast;

/// Moves the focus as a run starts (`started`) or ends: to `stop`, or back
/// to `run` with `results` (a selector: the verdict, between the chart and
/// the table) brought to the middle of the window if it is not all in
/// view. On the next frame: the buttons' `disabled` and the
/// results are drawn in the same turn as the run's start or end, in no set
/// order with this, and a disabled button takes no focus.
pub fn follow_run(
    started: bool,
    run: web_sys::HtmlElement,
    stop: web_sys::HtmlElement,
    results: String,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let frame = window.clone();
    let later = wasm_bindgen::closure::Closure::once_into_js(move || {
        let Some(document) = window.document() else {
            return;
        };
        let active = document.active_element();
        let ours = active.as_ref().is_none_or(|a| {
            document.body().is_some_and(|b| b.is_same_node(Some(a)))
                || run.is_same_node(Some(a))
                || stop.is_same_node(Some(a))
        });
        if !ours {
            return;
        }
        if started {
            let _ = stop.focus();
            return;
        }
        let _ = run.focus();
        let Ok(Some(e)) = document.query_selector(&results) else {
            return;
        };
        let height = window
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        let r = e.get_bounding_client_rect();
        if r.top() < 0.0 || r.bottom() > height {
            let options = web_sys::ScrollIntoViewOptions::new();
            // The middle of the window, not its top: the chart above the
            // verdict stays in sight, and a line above that changes height
            // as the run ends (progress, Stop's line) cannot push the
            // verdict out of view again (the keyboard test found it just
            // above the top, in WebKit and then in Chromium).
            options.set_block(web_sys::ScrollLogicalPosition::Center);
            e.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
    let _ = frame.request_animation_frame(later.unchecked_ref());
}
