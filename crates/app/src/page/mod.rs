//! The page's shell: the full page or, with `?view=embed`, the widget; the
//! capability line, the responsiveness meter and the matrix of modes, with
//! the panels (`crate::panels`) inside. Each component is small and takes
//! its logic from `lab`.
//!
//! **Invariant:** only this crate touches the DOM, and only on the page's
//! thread; the kernels run in rayon workers and report through atomics and
//! oneshot channels.

mod caps_line;
mod matrix;
mod meter;

use crate::browser::caps::Caps;
use lab::link::embed::View;
use leptos::prelude::*;

/// Whether the rayon pool is up, and how big it really is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PoolState {
    /// `initThreadPool` has not resolved yet.
    Starting,
    /// Ready with this many threads (`rayon::current_num_threads()`).
    Ready(usize),
    /// Not available; the reason, for the page.
    Unavailable(String),
}

impl PoolState {
    /// The pool's real thread count, when it is up.
    pub fn threads(&self) -> Option<usize> {
        if let Self::Ready(n) = self {
            Some(*n)
        } else {
            None
        }
    }

    /// The threads the controls plan with: the pool's, or while it starts
    /// the `cores` it is starting with (a click then waits for the real
    /// pool and runs with what it became).
    pub fn planned(&self, cores: usize) -> Option<usize> {
        match self {
            Self::Starting => Some(cores),
            _ => self.threads(),
        }
    }
}

/// The whole page (header, capabilities, the CPU, I/O and hybrid labs), or
/// with `?view=embed` the compact widget for an iframe.
#[component]
pub fn App() -> impl IntoView {
    let caps = Caps::detect();
    let (params, page_notes) =
        lab::link::embed::PageParams::from_query(&crate::links::share::query_pairs());
    let coi = params.coi;
    if caps.isolated {
        crate::browser::isolation::forget_reload();
    }
    // Started once per page: a wasm rayon pool cannot be resized or restarted.
    // Without isolation, the page reloads once to get it from the service
    // worker, or says why it cannot.
    let pool_start = LocalResource::new(move || async move {
        let started = if let Some(why) = caps.isolated_without_shared_memory() {
            Err(why.to_owned())
        } else if caps.isolated {
            crate::workers::pool::start(caps.cores).await
        } else {
            Err(crate::browser::isolation::reload_or_explain(coi).await)
        };
        // The thread modes' pool is up (or known not to come).
        crate::browser::caps::mark("pool-ready");
        started
    });
    // Setup apart from any run: every worker of the pool loads the module.
    let pool_ms = Signal::derive(move || match pool_start.get() {
        Some(Ok((_, ms))) => Some(ms),
        _ => None,
    });
    let pool = Signal::derive(move || match pool_start.get() {
        None => PoolState::Starting,
        Some(Ok((n, _))) => PoolState::Ready(n),
        Some(Err(e)) => PoolState::Unavailable(e),
    });
    let phase = RwSignal::new(0.0);
    // Only a new position is a change: most frames leave the dot where it is.
    let meter = crate::browser::meter::Meter::start(move |t| {
        let at = meter::sweep(t);
        if phase.get_untracked() != at {
            phase.set(at);
        }
    });
    let notes = (!page_notes.is_empty()).then(|| {
        view! {
            <p class="warning" role="status" id="page-link-note">
                {format!(
                    "Some of this link's page settings could not be used: {}.",
                    page_notes.join("; "),
                )}
            </p>
        }
    });
    let step = params.step.and_then(lab::tour::at);
    if params.view == View::Embed {
        crate::links::embed::report_height(params.widget);
        // A step's widget runs that step; without one, the link's CPU setup.
        let body = match step {
            Some(step) => {
                let endpoint = endpoint_for(step.panel != lab::tour::Panel::Cpu);
                view! {
                    <crate::tour::Claim step />
                    <crate::tour::StepPanel step caps pool endpoint meter compact=true />
                }
                .into_any()
            }
            None => {
                view! { <crate::panels::cpu::CpuPanel caps pool meter compact=true /> }.into_any()
            }
        };
        return view! {
            <div class="embed">
                <header>
                    <h1 class="compact">"Scaling Playground"</h1>
                </header>
                {notes}
                <caps_line::CapsLine caps pool pool_ms only_if_missing=true />
                <main>{body}</main>
            </div>
        }
        .into_any();
    }
    let endpoint = endpoint_for(true);
    let header = view! {
        <header>
            <h1>"Scaling Playground"</h1>
            <p class="lede">
                "Run the classic lessons of scaling a program in your own browser: "
                "the same tasks one after another, on threads, and on an async event loop, "
                "timed side by side, with a checksum proving every mode computed the same answer."
            </p>
            {notes}
            <caps_line::CapsLine caps pool pool_ms />
            <meter::ResponsivenessMeter meter=meter.clone() phase />
        </header>
    };
    let body = if params.view == View::Tour {
        let index = params.step.unwrap_or_default();
        view! { <crate::tour::Tour index caps pool endpoint meter /> }.into_any()
    } else {
        view! {
            <p class="to-tour">
                <a href="?view=tour">"Take the tour"</a>
                ": the articles' experiments one at a time, each with its claim beside your result."
            </p>
            <matrix::Matrix />
            <main>
                <crate::panels::cpu::CpuPanel caps pool meter=meter.clone() />
                <crate::panels::io::IoPanel caps endpoint meter=meter.clone() />
                <crate::panels::hybrid::HybridPanel caps pool endpoint meter />
            </main>
        }
        .into_any()
    };
    view! {
        {header}
        {body}
        <footer>
            <p>
                "Experiments from the articles in this project's seeds: fib over [28, 30, 32] with a pool, "
                "a regex over 1000 random strings, 8 workers summing random numbers, 200 fetches. "
                "Every figure here is measured in this browser, in this run."
            </p>
        </footer>
    }
    .into_any()
}

/// The in-page latency endpoint, started when `wanted` (a panel that
/// fetches is on the page); else a signal that never settles.
fn endpoint_for(wanted: bool) -> Signal<Option<Result<(), String>>> {
    if wanted {
        let started = LocalResource::new(crate::net::endpoint::start_endpoint);
        Signal::derive(move || started.get())
    } else {
        Signal::stored(None)
    }
}
