//! The responsiveness meter: an animation that only moves while the page's
//! thread is free, and the count of long tasks the browser reported.

use crate::browser::meter::Meter;
use leptos::prelude::*;

/// How often the dot moves, in steps per second.
const STEPS_PER_SECOND: f64 = 12.0;

/// Position of the meter's dot at page time `t` (ms): a 2-second sweep, 0 → 1
/// → 0, in [`STEPS_PER_SECOND`] steps a second.
///
/// Why steps and not every frame: each move is a new frame for the browser
/// to lay out, paint and composite. Moved on every frame (60 a second), the
/// dot cost about a third of a core on this 2-core VM during a run,
/// measured per thread over a run of fib on 2 threads (2.8 s): the page's
/// thread 0.63 s, the compositors 0.37 s; it slowed the run from 342 to
/// 466 ms, and with it every thread figure the page shows (without the
/// dot: 0.29 and 0.11 s, 342 ms). Moved 12 times a second by a transform:
/// 0.37 and 0.19 s over a 2.4 s run, 396 ms (single runs; neighbours move
/// such figures by a third). It still moves only when the page's thread
/// runs a frame, so a frozen page still stops it.
pub fn sweep(t: f64) -> f64 {
    let step = (t / 1000.0 * STEPS_PER_SECOND).floor() / STEPS_PER_SECOND;
    let x = step % 2.0;
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
            <span>"the dot moves while this page can respond"</span>
            // Moved by a transform, which needs no layout (see `sweep`).
            <div class="track">
                <div class="rail">
                    <div
                        class="mover"
                        style:transform=move || format!("translateX({:.2}%)", phase.get() * 100.0)
                    >
                        <div class="dot"></div>
                    </div>
                </div>
            </div>
            <span id="meter-long-tasks">"long tasks so far: " {long_tasks}</span>
        </div>
    }
}
