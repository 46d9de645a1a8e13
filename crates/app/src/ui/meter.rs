//! The responsiveness meter: an animation that only moves while the page's
//! thread is free, and the count of long tasks the browser reported.

use crate::meter::Meter;
use leptos::prelude::*;

/// Position of the meter's dot at page time `t` (ms): a 2-second sweep, 0 → 1 → 0.
pub fn sweep(t: f64) -> f64 {
    let x = (t / 1000.0) % 2.0;
    if x < 1.0 { x } else { 2.0 - x }
}

/// A dot that moves on every animation frame (`phase`, driven by the
/// recorder) and the number of long tasks so far. When a mode blocks the
/// page's thread, the dot stops and the count goes up.
#[component]
pub fn ResponsivenessMeter(meter: Meter, phase: RwSignal<f64>) -> impl IntoView {
    let long_tasks = RwSignal::new(0_usize);
    // Long tasks are reported after the fact; refresh the count a few times a
    // second for as long as the page lives (the meter is never unmounted).
    gloo_timers::callback::Interval::new(250, move || long_tasks.set(meter.long_tasks())).forget();
    view! {
        <div class="meter" aria-label="Page responsiveness">
            <span>"page responsiveness"</span>
            <div class="track"><div class="dot" style:left=move || format!("calc({:.3} * (100% - 0.8rem))", phase.get())></div></div>
            <span id="meter-long-tasks">"long tasks so far: " {long_tasks}</span>
        </div>
    }
}
