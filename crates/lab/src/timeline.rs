//! Where a run's time went: what each worker did, when, on one time base.
//!
//! Every worker in a browser has its own `performance.now()`, counting from
//! that worker's own start, so two workers' readings cannot be compared.
//! `performance.timeOrigin + performance.now()` can: it is the same instant
//! on every thread. Workers report spans on that shared clock ("epoch" ms
//! here), and a [`TimeBase`] turns them into ms since the run began.

/// What a worker was doing during a span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activity {
    /// Working on a task (under a GIL, possibly waiting for the lock inside it).
    Task,
    /// Holding the global interpreter lock: the only time a GIL thread runs.
    Gil,
    /// Waiting for an I/O answer.
    Wait,
    /// A message on its way to or from a process (serialize, copy, parse).
    Transfer,
    /// A request on the network, from when the browser sent it to its
    /// first byte back (Resource Timing): it may go out later than the
    /// program asked, when the browser holds it back.
    Wire,
    /// A process had died: from when the page learnt of it until its
    /// replacement was ready (the supervisor at work).
    Restart,
}

impl Activity {
    /// Every activity drawn as spans in lanes, in the legend's order
    /// ([`Activity::Wire`] is drawn only as an in-flight count).
    pub const ALL: [Self; 5] = [
        Self::Task,
        Self::Gil,
        Self::Wait,
        Self::Transfer,
        Self::Restart,
    ];

    /// The CSS class its spans are drawn with.
    #[must_use]
    pub fn class(self) -> &'static str {
        match self {
            Self::Task => "task",
            Self::Gil => "gil",
            Self::Wait => "wait",
            Self::Transfer => "transfer",
            Self::Wire => "wire",
            Self::Restart => "restart",
        }
    }

    /// What the legend calls it.
    #[must_use]
    pub fn legend(self) -> &'static str {
        match self {
            Self::Task => "running a task",
            Self::Gil => "holding the GIL",
            Self::Wait => "waiting for I/O",
            Self::Transfer => "message to/from a process",
            Self::Wire => "on the network",
            Self::Restart => "replacing a dead process",
        }
    }
}

/// One stretch of one activity on one lane, in ms since the run began.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    /// Index into [`Timeline::lanes`].
    pub lane: usize,
    /// What was going on.
    pub activity: Activity,
    /// Start, ms since the run began.
    pub start: f64,
    /// End, ms since the run began.
    pub end: f64,
    /// The task or request it was about, when it was about one.
    pub item: Option<usize>,
}

/// The instant a run began, on the shared clock: converts workers' readings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeBase {
    /// The run's start, in epoch ms (`timeOrigin + now()` where it was read).
    pub start: f64,
}

impl TimeBase {
    /// A reading of one context's clock on the shared clock: its
    /// `performance.timeOrigin` plus its `performance.now()`.
    #[must_use]
    pub fn epoch(time_origin: f64, now: f64) -> f64 {
        time_origin + now
    }

    /// An epoch reading as ms since the run began.
    #[must_use]
    pub fn since(self, epoch: f64) -> f64 {
        epoch - self.start
    }
}

/// The spans of one run of one mode, one lane per worker.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// Lane names, top to bottom: `worker 1`, `event loop`, `process 2`.
    pub lanes: Vec<String>,
    /// The spans, in the order they were added.
    pub spans: Vec<Span>,
    /// How long the run took, ms: the spans belong inside `0..=end`.
    pub end: f64,
    /// Whether neighbouring spans were merged to keep the drawing small
    /// (see [`Timeline::MAX_SPANS`]).
    pub merged: bool,
}

impl Timeline {
    /// Spans kept at most: beyond this, neighbouring spans of the same lane
    /// and activity closer than a pixel of a wide chart are merged. Waits
    /// are never merged (their overlaps are the in-flight count).
    pub const MAX_SPANS: usize = 5_000;

    /// An empty timeline of these lanes for a run from `base` to `end_epoch`.
    #[must_use]
    pub fn new(lanes: Vec<String>, base: TimeBase, end_epoch: f64) -> Self {
        Self {
            lanes,
            spans: Vec::new(),
            end: base.since(end_epoch),
            merged: false,
        }
    }

    /// Adds a span read on the shared clock; unreadable times (NaN, end
    /// before start) and unknown lanes are dropped, not drawn wrongly.
    pub fn push(
        &mut self,
        base: TimeBase,
        lane: usize,
        activity: Activity,
        (start, end): (f64, f64),
        item: Option<usize>,
    ) {
        let (start, end) = (base.since(start), base.since(end));
        if lane < self.lanes.len() && start.is_finite() && end.is_finite() && start <= end {
            self.spans.push(Span {
                lane,
                activity,
                start,
                end,
                item,
            });
        }
    }

    /// Finishes the timeline: merges spans if there are too many to draw.
    #[must_use]
    pub fn finish(mut self) -> Self {
        if self.spans.len() > Self::MAX_SPANS {
            self.merge(self.end / 2_000.0);
        }
        self
    }

    /// Merges spans of one lane and activity (waits, network spans and GIL
    /// holds excepted) whose gap is
    /// below `gap` ms into one span.
    fn merge(&mut self, gap: f64) {
        let (waits, mut rest): (Vec<Span>, Vec<Span>) = self
            .spans
            .iter()
            // Waits and network spans overlap by nature: their overlaps are
            // the in-flight count. One lane's GIL holds are separated by the
            // other lanes' holds: merged, every lane would seem to hold the
            // lock at once. (The GIL keeps at most `Gil::MAX_HOLDS`.)
            .partition(|s| matches!(s.activity, Activity::Wait | Activity::Wire | Activity::Gil));
        rest.sort_by(|a, b| {
            (a.lane, a.activity.class())
                .cmp(&(b.lane, b.activity.class()))
                .then(a.start.total_cmp(&b.start))
        });
        let mut merged: Vec<Span> = Vec::with_capacity(rest.len());
        for s in rest {
            match merged.last_mut() {
                Some(m)
                    if m.lane == s.lane && m.activity == s.activity && s.start - m.end < gap =>
                {
                    m.end = m.end.max(s.end);
                    m.item = None;
                }
                _ => merged.push(s),
            }
        }
        merged.extend(waits);
        self.merged = true;
        self.spans = merged;
    }

    /// How far the furthest span lies outside the run's bounds, in ms (0
    /// when all lie inside): clock disagreement between contexts.
    #[must_use]
    pub fn outside_ms(&self) -> f64 {
        self.spans
            .iter()
            .map(|s| (-s.start).max(s.end - self.end))
            .fold(0.0, f64::max)
    }

    /// The time lane `lane` spent in `activity`, overlaps counted once, ms.
    #[must_use]
    pub fn busy_ms(&self, lane: usize, activity: Activity) -> f64 {
        total(&self.union(activity, |l| l == lane))
    }

    /// The stretches when any lane in `lanes` was in `activity`, merged:
    /// sorted, disjoint (start, end) pairs in ms.
    #[must_use]
    pub fn union(&self, activity: Activity, lanes: impl Fn(usize) -> bool) -> Vec<(f64, f64)> {
        merged(
            self.spans
                .iter()
                .filter(|s| s.activity == activity && lanes(s.lane))
                .map(|s| (s.start, s.end))
                .collect(),
        )
    }

    /// What a lane was there for: waiting for I/O if it ever did (an I/O
    /// thread's brief GIL holds are not its story), else holding the GIL
    /// (inside tasks, the only running a GIL thread does), else tasks, else
    /// transfers.
    #[must_use]
    pub fn main_activity(&self, lane: usize) -> Option<Activity> {
        [
            Activity::Wait,
            Activity::Gil,
            Activity::Task,
            Activity::Transfer,
        ]
        .into_iter()
        .find(|&a| self.spans.iter().any(|s| s.lane == lane && s.activity == a))
    }

    /// A lane's label with how much of the run it spent in its main
    /// activity: `worker 1 · running a task 97 %`; idle is the rest.
    #[must_use]
    pub fn lane_label(&self, lane: usize) -> String {
        let name = self.lanes.get(lane).map_or("", String::as_str);
        match self.main_activity(lane) {
            Some(a) if self.end > 0.0 => format!(
                "{name} · {} {:.0} %",
                a.legend(),
                100.0 * self.busy_ms(lane, a) / self.end
            ),
            _ => format!("{name} · idle"),
        }
    }

    /// How many `activity` spans were open over time, as steps: at each
    /// `(t, n)`, from `t` on, `n` were open. Starts at `(0, 0)`.
    #[must_use]
    pub fn in_flight(&self, activity: Activity) -> Vec<(f64, usize)> {
        let mut edges: Vec<(f64, i8)> = Vec::new();
        // A span of no length (start and end on one timer tick) was never
        // open alongside anything: counting it would leave its start behind,
        // since ends sort before starts.
        for s in self
            .spans
            .iter()
            .filter(|s| s.activity == activity && s.end > s.start)
        {
            edges.push((s.start, 1));
            edges.push((s.end, -1));
        }
        // At the same instant, ends before starts: back-to-back requests on
        // one thread are never two in flight.
        edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut steps = vec![(0.0, 0usize)];
        let mut open = 0usize;
        for (t, d) in edges {
            open = if d > 0 {
                open + 1
            } else {
                open.saturating_sub(1)
            };
            match steps.last_mut() {
                Some(last) if last.0 == t => last.1 = open,
                _ => steps.push((t, open)),
            }
        }
        steps
    }

    /// The most `activity` spans open at once.
    #[must_use]
    pub fn peak(&self, activity: Activity) -> usize {
        self.in_flight(activity)
            .iter()
            .map(|&(_, n)| n)
            .max()
            .unwrap_or(0)
    }
}

/// Lane names `"{what} 1"` … `"{what} n"`.
#[must_use]
pub fn numbered(what: &str, n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("{what} {i}")).collect()
}

/// `(start, end)` stretches in any order, overlapping ones merged: sorted
/// and disjoint.
#[must_use]
pub fn merged(mut stretches: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    stretches.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(stretches.len());
    for (s, e) in stretches {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// The total length of disjoint stretches.
#[must_use]
pub fn total(stretches: &[(f64, f64)]) -> f64 {
    stretches.iter().map(|(s, e)| e - s).sum()
}

/// How long two sets of sorted, disjoint stretches overlap, ms.
#[must_use]
pub fn overlap_ms(a: &[(f64, f64)], b: &[(f64, f64)]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        let (s, e) = (a[i].0.max(b[j].0), a[i].1.min(b[j].1));
        if e > s {
            sum += e - s;
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    sum
}
