//! The capability line: what this browser gives the playground to work with.

use crate::browser::caps::Caps;
use crate::page::PoolState;
use lab::caps::Threads;
use lab::results::format_ms;
use leptos::prelude::*;

fn micros(ms: f64) -> String {
    format!("{} µs", (ms * 1000.0).round())
}

/// What this browser gives the page, in a visitor's words (`lab::caps`),
/// and one click away the facts behind it that decide what the figures
/// below can mean: isolation, cores, the pool's real size, the timer's
/// step. A pool smaller than the core count is flagged, never silent.
#[component]
pub fn CapsLine(
    caps: Caps,
    pool: Signal<PoolState>,
    /// How long the pool took to start (every worker loads the module), ms.
    pool_ms: Signal<Option<f64>>,
    /// The widget's: shown only when something is missing.
    #[prop(optional)]
    only_if_missing: bool,
) -> impl IntoView {
    let pool_text = move || match pool.get() {
        PoolState::Starting => "starting…".to_owned(),
        PoolState::Ready(n) => format!(
            "{n} thread{}{}",
            if n == 1 { "" } else { "s" },
            pool_ms
                .get()
                .map(|ms| format!(" (started in {})", format_ms(ms, caps.resolution_ms)))
                .unwrap_or_default()
        ),
        PoolState::Unavailable(_) => "none".to_owned(),
    };
    let warning = move || match pool.get() {
        PoolState::Ready(n) if n < caps.cores => Some(format!(
            "The pool has {n} threads for {} cores: thread modes cannot use them all.",
            caps.cores
        )),
        PoolState::Unavailable(why) => Some(format!("Thread modes are unavailable: {why}.")),
        _ => None,
    };
    let threads = Memo::new(move |_| match pool.get() {
        PoolState::Starting => Threads::Starting(caps.cores),
        PoolState::Ready(n) => Threads::Ready(n),
        PoolState::Unavailable(why) => Threads::Off(why),
    });
    // In the widget, only when something is missing: a post's reader
    // needs the line only then.
    let hidden = move || only_if_missing && !threads.with(|t| t.missing(caps.cores));
    view! {
        <section class="caps" aria-label="What your browser gives this page" class:hidden=hidden>
            <p class="caps-summary" id="cap-summary">
                {move || threads.with(|t| t.summary(caps.cores))}
            </p>
            <details class="caps-details">
                <summary>"How this page measures"</summary>
                <ul>
                    <li id="cap-isolated">
                        "cross-origin isolated: " {if caps.isolated { "yes" } else { "no" }}
                    </li>
                    <li class="help">
                        "Isolation is what lets threads share memory; the page asks for it with its headers."
                    </li>
                    <li id="cap-cores">"hardwareConcurrency: " {caps.cores}</li>
                    <li id="cap-pool">"rayon pool: " {pool_text}</li>
                    <li id="cap-timer">"timer resolution: " {micros(caps.resolution_ms)}</li>
                    <li class="help">
                        "The finest step of this browser's clock: no figure on the page is finer."
                    </li>
                </ul>
            </details>
            {move || {
                warning()
                    .map(|w| {
                        view! {
                            <p class="warning" role="alert">
                                {w}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
