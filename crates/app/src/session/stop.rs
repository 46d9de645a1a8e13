//! Stop, as the CPU, I/O and hybrid panels share it: when it was clicked, a future
//! a run races against, and what the page says once the run has ended.
//! (What a click stops is each panel's own: a cancel flag, an
//! `AbortController`, a pool to drop.)

use leptos::prelude::*;

/// One panel's Stop: its click's time (page-local), and the line it leaves.
#[derive(Clone, Copy)]
pub struct Stop {
    clicked: StoredValue<Option<f64>, LocalStorage>,
    said: RwSignal<Option<String>>,
}

impl Stop {
    /// Not clicked, nothing said.
    pub fn new() -> Self {
        Self {
            clicked: StoredValue::new_local(None),
            said: RwSignal::new(None),
        }
    }

    /// A new run begins: forget the last click and its line.
    pub fn arm(self) {
        self.said.set(None);
        self.clicked.set_value(None);
    }

    /// The click: noted with its time.
    pub fn click(self) {
        self.clicked.set_value(Some(crate::browser::caps::now()));
    }

    /// Whether Stop was clicked during this run.
    pub fn clicked(self) -> bool {
        self.clicked.get_value().is_some()
    }

    /// Resolves once Stop is clicked (checked every 10 ms, so a run raced
    /// against this ends within about 10 ms of the click).
    pub async fn requested(self) {
        while !self.clicked() {
            gloo_timers::future::TimeoutFuture::new(10).await;
        }
    }

    /// Runs `run` until it ends or Stop is clicked, whichever comes first;
    /// on a click, `on_stop` undoes what the run left going (aborts its
    /// fetches, sets its cancel flag) and the result is `None`.
    pub async fn race<T>(self, run: impl Future<Output = T>, on_stop: impl FnOnce()) -> Option<T> {
        match futures::future::select(Box::pin(run), Box::pin(self.requested())).await {
            futures::future::Either::Left((done, _)) => Some(done),
            futures::future::Either::Right(_) => {
                on_stop();
                None
            }
        }
    }

    /// After the run: if Stop ended it, the "stopped" failure gives way to
    /// how long after the click the run ended.
    pub fn report(self, failure: RwSignal<Option<String>>) {
        if let Some(t) = self.clicked.get_value() {
            failure.set(None);
            self.said.set(Some(format!(
                "Stopped {:.0} ms after the click; the rows hold the runs that finished.",
                crate::browser::caps::now() - t
            )));
        }
    }
}

/// The line a stopped run leaves (`id`: `{panel}-stopped`).
#[component]
pub fn StopNote(id: String, stop: Stop) -> impl IntoView {
    move || {
        let id = id.clone();
        stop.said.get().map(|m| {
            view! {
                <p class="note" role="status" id=id>
                    {m}
                </p>
            }
        })
    }
}
