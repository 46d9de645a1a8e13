//! The responsiveness recorder: when the page drew frames, and which of its
//! tasks ran long, so each mode can report whether it froze the page.
//!
//! Page thread only (`Rc`, no locks): it is fed by `requestAnimationFrame`
//! and a `PerformanceObserver`, both of which only exist there.

use lab::responsiveness::Responsiveness;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Keep this much history (ms): longer than any run the form allows to be useful.
const HISTORY_MS: f64 = 30.0 * 60.0 * 1000.0;

#[derive(Default)]
struct Log {
    frames: VecDeque<f64>,
    long_tasks: Vec<(f64, f64)>,
    /// When the heartbeat timer ran.
    ticks: VecDeque<f64>,
}

/// A handle on the recorder; cheap to clone.
#[derive(Clone, Default)]
pub struct Meter(Rc<RefCell<Log>>);

impl Meter {
    /// Starts recording. `on_frame(t)` runs on every animation frame (it
    /// drives the visible animation).
    pub fn start(on_frame: impl Fn(f64) + 'static) -> Self {
        let meter = Self::default();
        meter.observe_long_tasks();
        meter.beat();
        // A self-rescheduling requestAnimationFrame loop.
        let log = Rc::clone(&meter.0);
        let slot: FrameSlot = Rc::new(RefCell::new(None));
        let again = Rc::clone(&slot);
        *slot.borrow_mut() = Some(Closure::new(move |t: f64| {
            {
                let mut l = log.borrow_mut();
                l.frames.push_back(t);
                while l.frames.front().is_some_and(|&f| t - f > HISTORY_MS) {
                    l.frames.pop_front();
                }
            }
            on_frame(t);
            request_frame(&again);
        }));
        request_frame(&slot);
        meter
    }

    /// Records the long tasks and long animation frames the browser reports
    /// (Chromium does; Firefox and Safari do not, and then only the frame
    /// gaps tell).
    fn observe_long_tasks(&self) {
        let log = Rc::clone(&self.0);
        let cb = Closure::<dyn FnMut(web_sys::PerformanceObserverEntryList)>::new(
            move |list: web_sys::PerformanceObserverEntryList| {
                let mut l = log.borrow_mut();
                for e in list.get_entries() {
                    let e: web_sys::PerformanceEntry = e.unchecked_into();
                    l.long_tasks.push((e.start_time(), e.duration()));
                }
            },
        );
        if let Ok(obs) = web_sys::PerformanceObserver::new(cb.as_ref().unchecked_ref()) {
            // Both: see lab::responsiveness for why one is not enough.
            let types = js_sys::Array::of2(&"longtask".into(), &"long-animation-frame".into());
            obs.observe(&web_sys::PerformanceObserverInit::new(&types));
            // The observer lives as long as the page.
            cb.forget();
        }
    }

    /// Starts the heartbeat: a timer every `HEARTBEAT_MS` that notes when it
    /// ran. Gaps between its runs are the page's thread being busy (see
    /// `lab::responsiveness`); it costs a few microseconds per beat.
    fn beat(&self) {
        let log = Rc::clone(&self.0);
        let cb = Closure::<dyn FnMut()>::new(move || {
            let t = crate::browser::caps::now();
            let mut l = log.borrow_mut();
            l.ticks.push_back(t);
            while l.ticks.front().is_some_and(|&f| t - f > HISTORY_MS) {
                l.ticks.pop_front();
            }
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(
                cb.as_ref().unchecked_ref(),
                lab::responsiveness::HEARTBEAT_MS as i32,
            );
            // The heartbeat lives as long as the page.
            cb.forget();
        }
    }

    /// The page's responsiveness during `[t0, t1]` (page clock, ms).
    pub fn window(&self, t0: f64, t1: f64) -> Responsiveness {
        let mut l = self.0.borrow_mut();
        let Log {
            frames,
            long_tasks,
            ticks,
        } = &mut *l;
        Responsiveness::of(frames.make_contiguous(), long_tasks, t0, t1).with_heartbeat(
            ticks.make_contiguous(),
            t0,
            t1,
        )
    }

    /// Freezes seen since the page loaded (merged entries, as in [`Meter::window`]).
    pub fn long_tasks(&self) -> usize {
        let l = self.0.borrow();
        Responsiveness::of(&[], &l.long_tasks, f64::NEG_INFINITY, f64::INFINITY).long_tasks
    }
}

/// The frame callback, shared with itself so it can schedule the next frame.
type FrameSlot = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

fn request_frame(slot: &FrameSlot) {
    if let (Some(w), Some(cb)) = (web_sys::window(), slot.borrow().as_ref()) {
        let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
    }
}

/// Runs `fut` and returns its output with the page's responsiveness while it
/// ran, including how long each of its own steps held the page's thread.
/// Waits a moment afterwards: frames after a freeze mark where it ended,
/// and Chromium reports a long task only some time after it ended (often
/// more than 100 ms later), so while the frames show a freeze with no long
/// task yet, keep waiting for its entry, up to a second.
pub async fn measure<T>(
    meter: &Meter,
    fut: impl std::future::Future<Output = T>,
) -> (T, Responsiveness) {
    measure_unless(meter, fut, || false).await
}

/// [`measure`], but when `stopped()` holds once `fut` is done the run's
/// figures are to be discarded: no waiting for late long-task entries, so
/// Stop ends the run at once.
pub async fn measure_unless<T>(
    meter: &Meter,
    fut: impl std::future::Future<Output = T>,
    stopped: impl Fn() -> bool,
) -> (T, Responsiveness) {
    let t0 = crate::browser::caps::now();
    let (out, steps) = lab::responsiveness::steps(fut, crate::browser::caps::now).await;
    let t1 = crate::browser::caps::now();
    let mut seen = meter.window(t0, t1);
    if stopped() {
        return (out, seen.with_steps(steps));
    }
    for _ in 0..10 {
        gloo_timers::future::TimeoutFuture::new(100).await;
        seen = meter.window(t0, t1);
        if seen.long_tasks > 0 || seen.longest_frame_gap_ms <= lab::responsiveness::LONG_TASK_MS {
            break;
        }
    }
    (out, seen.with_steps(steps))
}

/// Lets the page finish what showing a result set off (effects, drawing the
/// picture, layout) before the next mode is timed, so that work is not
/// charged to the next mode's responsiveness.
pub async fn settle() {
    gloo_timers::future::TimeoutFuture::new(60).await;
}
