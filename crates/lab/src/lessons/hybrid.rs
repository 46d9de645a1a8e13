//! The hybrid pipeline's lesson: fetching and computing overlapped, or not.

use crate::results::ModeResult;
use crate::timeline::{Activity, overlap_ms, total};

/// A fetch-then-compute pipeline: lane 0 is the event loop's waits, the
/// other lanes compute.
pub(super) fn hybrid_lesson(r: &ModeResult, ms: &dyn Fn(f64) -> String) -> Option<String> {
    let tl = r.timeline.as_ref()?;
    // In the last run: when some request was waiting, when some step was
    // computing (on any lane, counted once), and when both went on at once.
    let waiting = tl.union(Activity::Wait, |l| l == 0);
    let computing = tl.union(Activity::Task, |l| l > 0);
    let both = overlap_ms(&waiting, &computing);
    let how = if both > 0.05 * tl.end {
        format!(
            "for {} both went on at once: steps computed while requests still waited",
            ms(both)
        )
    } else {
        "they hardly overlapped: one waited for the other".to_owned()
    };
    Some(format!(
        "In its last run ({}), some request was waiting for {} and some step computing for {}; {how}.",
        ms(tl.end),
        ms(total(&waiting)),
        ms(total(&computing))
    ))
}
