//! What a click on Run does in the hybrid panel: one session over the
//! chosen arrangements.

use super::state::HybridPanelState;
use crate::browser::meter::{Meter, measure};
use crate::modes::hybrid;
use crate::page::PoolState;
use crate::session::pools;
use crate::session::{Abort, Ran, run_id};
use kernels::hybrid::Hybrid;
use lab::mode::HybridMode;
use lab::{Comparison, ModeResult};
use leptos::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Runs the chosen arrangements once per repetition.
pub async fn run(hy: HybridPanelState, meter: Meter) {
    let s = hy.session;
    s.begin();
    // A click while the page's pool or its in-page endpoint starts runs
    // once both are up (or the pool is known not to come).
    let pool_known = || !matches!(hy.pool.get_untracked(), PoolState::Starting);
    let endpoint_known = || hy.in_page.get_untracked().is_some();
    if !s
        .wait_until("the page's thread pool", "items", pool_known)
        .await
        || !s
            .wait_until("the in-page endpoint", "items", endpoint_known)
            .await
    {
        return s.finish(|| {});
    }
    if let Some(Err(e)) = hy.in_page.get_untracked() {
        return s.refuse(format!("the in-page endpoint is unavailable: {e}"));
    }
    let h = hy.parsed.get_untracked();
    let reps = hy.repeats.get_untracked();
    let modes = hy.choice().modes();
    let have_pool = hy.pool.get_untracked().threads().is_some();
    let (h, reps) = match (h, reps) {
        (Ok(h), Ok(r)) => (h, r),
        (Err(e), _) | (_, Err(e)) => return s.refuse(e),
    };
    if let Some(Err(e)) = hy.estimate.get_untracked() {
        return s.refuse(e);
    }
    // No checksum is known in advance on the page: every mode must agree
    // with the first (the tests compare it with a native run).
    hy.comparison.set(Some(Comparison {
        resolution_ms: hy.caps.resolution_ms,
        experiment: Some(lab::mode::Experiment::Hybrid),
        ..Comparison::default()
    }));
    let names = |mode: HybridMode| {
        let t = hy.pool.get_untracked().threads().unwrap_or(0);
        (mode.kind(), mode.label(t))
    };
    let one = async |mode, name: &str| one_mode(hy, &meter, h, have_pool, mode, name).await;
    // Its processes are ended wherever the click landed, as in the other panels.
    s.run_modes(reps, &modes, names, hy.comparison, one, || {
        hy.kept.set_value(None);
    })
    .await;
}

/// One arrangement's run. What Stop undoes: fetches in flight (aborted),
/// the compute-everything job (cancelled after its item in hand) and
/// processes (ended when the session finishes). An item already on the
/// thread pool finishes unseen: one item's work is short.
async fn one_mode(
    hy: HybridPanelState,
    meter: &Meter,
    h: Hybrid,
    have_pool: bool,
    mode: HybridMode,
    name: &str,
) -> Ran<ModeResult> {
    let on_progress = hy.session.reporter(name, h.items as usize, "items");
    on_progress(0);
    let run_id = run_id();
    let abort = Abort::new();
    let cancel = Arc::new(AtomicBool::new(false));
    let halt = || hybrid::Halt {
        abort: abort.signal(),
        cancel: Arc::clone(&cancel),
    };
    let running = async {
        if let HybridMode::AsyncProcesses(k) = mode {
            pools::run_on_kept(hy.kept, k, false, true, meter, async |procs, start| {
                let procs = Some((procs, start));
                hybrid::run(h, mode, run_id, have_pool, procs, halt(), on_progress).await
            })
            .await
        } else {
            let run = hybrid::run(h, mode, run_id, have_pool, None, halt(), on_progress);
            measure(meter, run).await
        }
    };
    let undo = || {
        abort.abort();
        cancel.store(true, Ordering::Relaxed);
    };
    hy.session.race(running, undo).await
}
