//! The run bar every panel has: Run, the panel's own buttons, Stop, and
//! the lines a run leaves (estimate, progress, error, what Stop did).

use crate::kit::estimate::{EstimateLine, Estimated};
use crate::kit::progress::ProgressLine;
use crate::session::Session;
use crate::session::stop::StopNote;
use leptos::html;
use leptos::prelude::*;

/// `panel` prefixes every id (`{panel}-run`, `{panel}-stop`, …); `run` is
/// what Run does, `blocked` holds it (beside a run in progress), `on_stop`
/// what Stop does beyond the session's click, `stop_title` says what Stop
/// ends. `children` go between Run and Stop.
#[component]
pub fn RunBar(
    panel: &'static str,
    session: Session,
    running: Signal<bool>,
    #[prop(into)] blocked: Signal<bool>,
    #[prop(into)] run: Callback<()>,
    #[prop(into)] on_stop: Callback<()>,
    stop_title: &'static str,
    estimate: Estimated,
    children: Children,
) -> impl IntoView {
    let id = move |what: &str| format!("{panel}-{what}");
    let s = session;
    let (run_button, stop_button) = (
        NodeRef::<html::Button>::new(),
        NodeRef::<html::Button>::new(),
    );
    // The focus follows the run, and its results come into view (see
    // `browser::focus`).
    Effect::new(move |was: Option<bool>| {
        let now = running.get();
        if let (Some(was), Some(r), Some(st)) = (was, run_button.get(), stop_button.get())
            && was != now
        {
            crate::browser::focus::follow_run(
                now,
                r.into(),
                st.into(),
                format!("#{panel} .verdict"),
            );
        }
        now
    });
    view! {
        <div class="run">
            <button
                node_ref=run_button
                id=id("run")
                on:click=move |_| run.run(())
                disabled=move || running.get() || blocked.get()
            >
                {move || if running.get() { "Running…" } else { "Run" }}
            </button>
            {children()}
            <button
                node_ref=stop_button
                id=id("stop")
                class="secondary"
                disabled=move || !running.get()
                on:click=move |_| {
                    s.stop.click();
                    on_stop.run(());
                }
                title=stop_title
            >
                "Stop"
            </button>
            <EstimateLine id=id("estimate") estimate />
            <ProgressLine id=id("progress") step=s.progress />
            {move || {
                s.failure
                    .get()
                    .map(|f| {
                        view! {
                            <p class="error" role="alert" id=id("error")>
                                {f}
                            </p>
                        }
                    })
            }}
            <StopNote id=id("stopped") stop=s.stop />
        </div>
    }
}
