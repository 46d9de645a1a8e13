//! Sending many requests without freezing the page: the async mode asks
//! for a turn before each `fetch`, and a turn is granted only while the
//! current step on the page's thread is young.
//!
//! Why: every `fetch` call costs the page's thread some work of its own
//! (building the request, its abort signals, handing it to the browser),
//! and a future that starts all its requests in one poll does all of that
//! in one step. 200 requests so sent held the page for 189 ms in one step
//! (measured before this module, Chromium, in-page endpoint), 5000 would
//! hold it for seconds: asyncio's "slow callback", on the page. Here a
//! step ends after [`STEP_MS`]; the requests left wait for the next task,
//! which the browser runs after it has drawn and handled input.

use std::cell::{Cell, RefCell};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// How long one step may spend sending before it yields: well under a
/// frame (16.7 ms at 60 Hz), so the page keeps drawing while it sends.
pub const STEP_MS: f64 = 4.0;

/// Resolves in a task of its own, once the browser has had its turn to draw
/// and handle input: a message the page posts to itself. (A zero timeout
/// would do the same but is clamped to 4 ms once nested five deep.)
pub async fn next_task() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return gloo_timers::future::TimeoutFuture::new(0).await;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        channel.port2().set_onmessage(Some(&resolve));
        let _ = channel.port1().post_message(&JsValue::NULL);
    });
    let _ = JsFuture::from(promise).await;
}

/// Grants turns to send, a step of at most [`STEP_MS`] at a time, and
/// counts the steps.
pub struct Pacer {
    /// When the current step began (page clock, ms).
    step_start: Cell<f64>,
    /// Which step this is (0 = the first); bumped by the first waiter to
    /// wake, so that one yield starts one step however many waited for it.
    step: Cell<u32>,
    /// The yield the requests past the current step wait for, shared.
    next: RefCell<Option<futures::future::Shared<futures::future::LocalBoxFuture<'static, ()>>>>,
}

impl Pacer {
    /// A pacer whose first step starts now.
    pub fn new() -> Self {
        Self {
            step_start: Cell::new(crate::browser::caps::now()),
            step: Cell::new(0),
            next: RefCell::new(None),
        }
    }

    /// Waits, if the current step is old, for a step in which to send.
    pub async fn turn(&self) {
        use futures::FutureExt;
        loop {
            if crate::browser::caps::now() - self.step_start.get() < STEP_MS {
                return;
            }
            let step = self.step.get();
            let wait = self
                .next
                .borrow_mut()
                .get_or_insert_with(|| next_task().boxed_local().shared())
                .clone();
            wait.await;
            if self.step.get() == step {
                self.step.set(step + 1);
                self.next.replace(None);
                self.step_start.set(crate::browser::caps::now());
            }
        }
    }

    /// How many steps the sending took.
    pub fn steps(&self) -> u32 {
        self.step.get() + 1
    }
}
