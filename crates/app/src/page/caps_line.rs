//! The capability line: what this browser gives the playground to work with.

use crate::browser::caps::Caps;
use crate::page::PoolState;
use lab::results::format_ms;
use leptos::prelude::*;

fn micros(ms: f64) -> String {
    format!("{} µs", (ms * 1000.0).round())
}

/// Isolation, cores, the pool's real size and the timer's resolution: the
/// facts that decide what the figures below can mean. A pool smaller than
/// the core count is flagged, never silent.
#[component]
pub fn CapsLine(
    caps: Caps,
    pool: Signal<PoolState>,
    /// How long the pool took to start (every worker loads the module), ms.
    pool_ms: Signal<Option<f64>>,
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
    view! {
        <section class="caps" aria-label="Capabilities">
            <span id="cap-isolated">
                "cross-origin isolated: " {if caps.isolated { "yes" } else { "no" }}
            </span>
            <span id="cap-cores">"hardwareConcurrency: " {caps.cores}</span>
            <span id="cap-pool">"rayon pool: " {pool_text}</span>
            <span id="cap-timer">"timer resolution: " {micros(caps.resolution_ms)}</span>
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
