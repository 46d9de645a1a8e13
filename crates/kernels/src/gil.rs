//! A global interpreter lock with CPython's switching protocol.
//!
//! CPython lets one thread run bytecode at a time. A thread that wants the
//! lock waits up to the *switch interval* (`sys.getswitchinterval()`, 5 ms);
//! if in that time nobody handed the lock over, it sets a *drop request*. The
//! holder checks for that request at regular points of its work (the "eval
//! breaker"), releases the lock, and waits until another thread has taken it,
//! so that it cannot simply grab it back. A thread that blocks on I/O
//! releases the lock first and takes it again afterwards.
//!
//! This is that protocol on a `Mutex` + `Condvar` in shared memory, so rayon
//! threads in wasm (and natively) can be made to behave like CPython threads.
//! It must only be used on threads that may block: in the browser, rayon
//! workers, never the page's thread.

use crate::clock::Clock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// Somewhere a long task can offer to give up the CPU: the eval breaker.
///
/// Kernels call [`Checkpoint::check`] every few microseconds of work; with
/// [`NoCheck`] the calls compile away.
pub trait Checkpoint {
    /// Called at regular points of a task's work.
    fn check(&self);
}

/// The checkpoint of modes without a GIL: does nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoCheck;

impl Checkpoint for NoCheck {
    #[inline(always)]
    fn check(&self) {}
}

#[derive(Debug, Default)]
struct State {
    /// Whether some thread holds the lock.
    locked: bool,
    /// The last thread that took it.
    holder: Option<usize>,
    /// How many times the lock has been taken.
    takes: u64,
    /// When the holder took it, on the clock (timed locks only).
    since: f64,
    /// Finished holds, oldest first, at most [`Gil::MAX_HOLDS`].
    holds: Vec<Hold>,
}

/// One thread's stretch of holding the lock: the only time it ran.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hold {
    /// The thread (`me` of [`Gil::acquire`]).
    pub worker: usize,
    /// When it took the lock, on the lock's clock.
    pub start: f64,
    /// When it let go.
    pub end: f64,
}

/// The lock, its counters, and its switch interval.
#[derive(Debug)]
pub struct Gil {
    state: Mutex<State>,
    /// Signalled when the lock is released.
    released: Condvar,
    /// Signalled when the lock is taken (the forced switch waits on it).
    taken: Condvar,
    drop_request: AtomicBool,
    interval: Duration,
    handoffs: AtomicU64,
    drop_requests: AtomicU64,
    /// Reads the time for [`Hold`]s; none are kept without one.
    clock: Option<Clock>,
}

/// What a GIL saw during a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GilStats {
    /// Times the lock passed from one thread to a different one.
    pub handoffs: u64,
    /// Times a waiter ran out of patience and asked the holder to let go.
    pub drop_requests: u64,
}

fn lock(m: &Mutex<State>) -> MutexGuard<'_, State> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Gil {
    /// CPython's default switch interval.
    pub const DEFAULT_INTERVAL: Duration = Duration::from_millis(5);

    /// Holds kept at most: a timeline cannot show more, and a long run
    /// with a short interval could otherwise grow without bound.
    pub const MAX_HOLDS: usize = 50_000;

    /// A free lock with this switch interval.
    #[must_use]
    pub fn new(interval: Duration) -> Self {
        Self {
            state: Mutex::new(State::default()),
            released: Condvar::new(),
            taken: Condvar::new(),
            drop_request: AtomicBool::new(false),
            interval,
            handoffs: AtomicU64::new(0),
            drop_requests: AtomicU64::new(0),
            clock: None,
        }
    }

    /// A free lock that also records who held it when, on `clock`.
    #[must_use]
    pub fn timed(interval: Duration, clock: Clock) -> Self {
        Self {
            clock: Some(clock),
            ..Self::new(interval)
        }
    }

    /// The holds recorded so far, or `None` if the lock is busy right now.
    ///
    /// Never waits: the page's thread may call it (after a run, when no
    /// thread uses the lock) and must not block.
    #[must_use]
    pub fn holds(&self) -> Option<Vec<Hold>> {
        match self.state.try_lock() {
            Ok(s) => Some(s.holds.clone()),
            Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner().holds.clone()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }

    /// Ends the current holder's hold (the state is locked by the caller).
    fn let_go(&self, s: &mut State) {
        s.locked = false;
        if let (Some(clock), Some(worker)) = (self.clock, s.holder)
            && s.holds.len() < Self::MAX_HOLDS
        {
            let start = s.since;
            s.holds.push(Hold {
                worker,
                start,
                end: clock(),
            });
        }
    }

    /// The counters so far.
    #[must_use]
    pub fn stats(&self) -> GilStats {
        GilStats {
            handoffs: self.handoffs.load(Ordering::Relaxed),
            drop_requests: self.drop_requests.load(Ordering::Relaxed),
        }
    }

    /// Takes the lock for thread `me`, waiting as CPython's `take_gil` does.
    pub fn acquire(&self, me: usize) {
        let mut s = lock(&self.state);
        while s.locked {
            let takes = s.takes;
            let (guard, waited) = self
                .released
                .wait_timeout(s, self.interval)
                .unwrap_or_else(PoisonError::into_inner);
            s = guard;
            // A whole interval passed and nobody switched: ask the holder to drop it.
            if waited.timed_out()
                && s.locked
                && s.takes == takes
                && !self.drop_request.swap(true, Ordering::AcqRel)
            {
                self.drop_requests.fetch_add(1, Ordering::Relaxed);
            }
        }
        s.locked = true;
        s.takes += 1;
        if s.holder.is_some_and(|h| h != me) {
            self.handoffs.fetch_add(1, Ordering::Relaxed);
        }
        s.holder = Some(me);
        if let Some(clock) = self.clock {
            s.since = clock();
        }
        self.drop_request.store(false, Ordering::Release);
        drop(s);
        self.taken.notify_all();
    }

    /// Releases the lock (the holder calls this before blocking on I/O, or when done).
    pub fn release(&self) {
        let mut s = lock(&self.state);
        self.let_go(&mut s);
        drop(s);
        self.released.notify_one();
    }

    /// Lets go of the lock if thread `me` holds it: what a thread that is
    /// about to die does (in wasm a panic aborts the thread, which would
    /// otherwise hold the lock for ever and leave every waiter waiting).
    /// Does nothing if another thread holds the lock.
    ///
    /// Never blocks on the state: a waiter holds it for moments at a time,
    /// so this tries again for up to a second; but the dying thread may
    /// hold it itself (a panic inside this lock's own code), and then it
    /// gives up rather than wait for ever.
    pub fn abandon(&self, me: usize) {
        let mut tries = 0;
        let mut s = loop {
            match self.state.try_lock() {
                Ok(s) => break s,
                Err(std::sync::TryLockError::Poisoned(p)) => break p.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) if tries < 1000 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(1));
                }
                Err(std::sync::TryLockError::WouldBlock) => return,
            }
        };
        if s.locked && s.holder == Some(me) {
            self.let_go(&mut s);
            drop(s);
            self.released.notify_all();
        }
    }

    /// The eval breaker: if a waiter asked for the lock, give it up, wait
    /// until someone else has it (a forced switch), then queue for it again.
    pub fn yield_if_asked(&self, me: usize) {
        if !self.drop_request.load(Ordering::Acquire) {
            return;
        }
        let mut s = lock(&self.state);
        let takes = s.takes;
        self.let_go(&mut s);
        self.released.notify_one();
        // Wait for the switch, but never forever: if the waiter vanished,
        // carry on after an interval.
        while s.takes == takes {
            let (guard, waited) = self
                .taken
                .wait_timeout(s, self.interval)
                .unwrap_or_else(PoisonError::into_inner);
            s = guard;
            if waited.timed_out() {
                break;
            }
        }
        drop(s);
        self.acquire(me);
    }

    /// A checkpoint for thread `me` that honours drop requests.
    #[must_use]
    pub fn checkpoint(&self, me: usize) -> GilCheck<'_> {
        GilCheck { gil: self, me }
    }
}

/// The [`Checkpoint`] of a thread running under a [`Gil`].
#[derive(Clone, Copy, Debug)]
pub struct GilCheck<'a> {
    gil: &'a Gil,
    me: usize,
}

impl GilCheck<'_> {
    /// The thread this checkpoint belongs to (`me` of [`Gil::acquire`]).
    #[must_use]
    pub fn worker(&self) -> usize {
        self.me
    }
}

impl Checkpoint for GilCheck<'_> {
    fn check(&self) {
        self.gil.yield_if_asked(self.me);
    }
}
