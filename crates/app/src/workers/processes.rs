//! A pool of processes on the page's side: `multiprocessing.Pool`.
//!
//! Each process is a worker with its own instance of this module and its own
//! memory (see `workers.rs`). `map` cuts the tasks into chunks the way
//! `Pool.map` does, serializes each chunk, and hands the next chunk to
//! whichever process answers first, so a slow chunk does not hold up the rest.
//!
//! The pool is also a supervisor, as cotyledon's `ServiceManager` is for
//! Python services: a process that dies while serving a request is
//! terminated and replaced by a fresh one, and its request is sent once more
//! to the replacement; a request that kills that one too is reported as
//! failed, and the map goes on with the rest. Every replacement is logged
//! ([`Processes::take_restarts`]) so the run can draw it on its timeline.

use crate::browser::caps;
use crate::workers::process::{self, ask};
use futures::StreamExt;
use futures::channel::mpsc::{UnboundedReceiver, UnboundedSender, unbounded};
use futures::future::{join_all, try_join_all};
use kernels::message::Reply;
use lab::timeline::{Activity, TimeBase, Timeline};
use std::cell::{Cell, RefCell};

/// Started processes, ready for requests.
pub struct Processes {
    /// Slot `i` is process `i`'s current worker (a replacement after a death).
    workers: RefCell<Vec<web_sys::Worker>>,
    /// How long starting them took, in ms.
    pub start_ms: f64,
    /// Replacements since the last [`Processes::take_restarts`].
    restarts: RefCell<Vec<Restart>>,
}

/// An injected death: process `.0` is sent `.1(i)` instead of its first
/// request `i` in a map (see [`Processes::map`]).
pub type Dies<'a> = (usize, &'a dyn Fn(usize) -> Vec<u8>);

/// A process that died and the one that replaced it.
#[derive(Clone, Debug)]
pub struct Restart {
    /// Its slot in the pool: its timeline lane.
    pub worker: usize,
    /// When the page learnt of the death (epoch ms).
    pub died: f64,
    /// When the replacement was ready (epoch ms).
    pub ready: f64,
    /// What the dying process said.
    pub why: String,
}

impl Restart {
    /// Draws the replacement as a span on its lane.
    pub fn draw(&self, t: &mut Timeline, base: TimeBase) {
        t.push(
            base,
            self.worker,
            Activity::Restart,
            (self.died, self.ready),
            None,
        );
    }
}

/// "; 2 processes died and were replaced (process 1: …)", or nothing.
pub fn describe_restarts(restarts: &[Restart]) -> String {
    match restarts {
        [] => String::new(),
        [first, ..] => format!(
            "; {} process{} died and {} replaced (process {}: {})",
            restarts.len(),
            if restarts.len() == 1 { "" } else { "es" },
            if restarts.len() == 1 { "was" } else { "were" },
            first.worker + 1,
            first.why
        ),
    }
}

impl Processes {
    /// Starts `n` processes at once and waits until every one has loaded
    /// its module. Runs to its end even if the caller stops waiting: a pool
    /// nobody wants any more is dropped, which ends its processes.
    pub async fn start(n: usize) -> Result<Self, String> {
        crate::workers::start_detached(Self::start_now(n)).await
    }

    async fn start_now(n: usize) -> Result<Self, String> {
        let t0 = caps::now();
        let started = join_all((0..n).map(|_| process::spawn_process())).await;
        let start_ms = caps::now() - t0;
        let mut workers = Vec::with_capacity(n);
        let mut failure = None;
        for s in started {
            match s {
                Ok(w) => workers.push(w),
                Err(e) => failure = Some(e),
            }
        }
        let pool = Self {
            workers: RefCell::new(workers),
            start_ms,
            restarts: RefCell::default(),
        };
        match failure {
            // Dropping `pool` stops the processes that did start.
            Some(e) => Err(format!("a process did not start: {e}")),
            None => Ok(pool),
        }
    }

    /// How many processes there are.
    pub fn size(&self) -> usize {
        self.workers.borrow().len()
    }

    /// The replacements made since the last call, oldest first.
    pub fn take_restarts(&self) -> Vec<Restart> {
        self.restarts.take()
    }

    /// Sends `request` to process `slot` once; an error means the process
    /// died (or answered nonsense), never that a task failed.
    async fn ask_once(&self, slot: usize, request: &[u8]) -> Result<Answered, String> {
        let worker = self.workers.borrow()[slot].clone();
        let sent = caps::epoch_now();
        let answer = ask(&worker, request).await?;
        Ok(Answered {
            reply: answer.reply,
            timing: Timing {
                worker: slot,
                sent,
                received: caps::epoch_now(),
                times: answer.times,
            },
        })
    }

    /// Ends process `slot` (dead already, or not to be trusted) and starts
    /// a fresh one in its place, logging why.
    async fn replace(&self, slot: usize, why: String) -> Result<(), String> {
        let died = caps::epoch_now();
        // The replacement first: until it is in, the slot keeps the dead
        // worker, which the pool's drop then ends exactly once.
        let fresh = process::spawn_process().await.map_err(|e| {
            format!(
                "process {} died ({why}) and could not be replaced: {e}",
                slot + 1
            )
        })?;
        let dead = std::mem::replace(&mut self.workers.borrow_mut()[slot], fresh);
        process::end_process(&dead);
        self.restarts.borrow_mut().push(Restart {
            worker: slot,
            died,
            ready: caps::epoch_now(),
            why,
        });
        Ok(())
    }

    /// Sends `first` to process `slot`; if the process dies, replaces it
    /// and sends `again` to the replacement, once. `Ok(Err(why))`: both
    /// died (each replaced); `Err`: the pool could not be kept whole.
    async fn ask_supervised(
        &self,
        slot: usize,
        first: &[u8],
        again: &[u8],
    ) -> Result<Result<Answered, String>, String> {
        match self.ask_once(slot, first).await {
            Ok(a) => return Ok(Ok(a)),
            Err(why) => self.replace(slot, why).await?,
        }
        match self.ask_once(slot, again).await {
            Ok(a) => Ok(Ok(a)),
            Err(why) => {
                self.replace(slot, why.clone()).await?;
                Ok(Err(why))
            }
        }
    }

    /// Sends every request to one of the first `used` processes, at most
    /// one in flight per process, and returns the answers in request order,
    /// each with who served it when. `on_reply` sees each reply as it arrives.
    /// (A sweep keeps one pool of the most processes it needs and uses
    /// fewer of them, rather than restarting a pool per worker count.)
    ///
    /// Supervised: a process that dies is replaced and its request sent
    /// again, once. With `dies: Some((slot, dying))`, process `slot` is sent
    /// `dying(i)` instead of its first request `i` (the fault-injection
    /// control's "a process dies"); the retry sends request `i` itself.
    /// Requests that fail (twice, or with [`Reply::Failed`]) are reported
    /// together once every other request is answered.
    pub async fn map(
        &self,
        requests: &[Vec<u8>],
        used: usize,
        dies: Option<Dies<'_>>,
        on_reply: impl Fn(&Reply),
    ) -> Result<Vec<Answered>, String> {
        let next = Cell::new(0);
        let failed = RefCell::new(Vec::new());
        let replies: Vec<Cell<Option<Answered>>> =
            requests.iter().map(|_| Cell::new(None)).collect();
        let feeders = (0..used.clamp(1, self.size())).map(|slot| {
            let (next, replies, failed, on_reply) = (&next, &replies, &failed, &on_reply);
            async move {
                let mut first = true;
                loop {
                    let i = next.get();
                    if i >= requests.len() {
                        return Ok::<(), String>(());
                    }
                    next.set(i + 1);
                    let dying = dies.filter(|&(s, _)| first && s == slot).map(|(_, f)| f(i));
                    first = false;
                    let sent = dying.as_deref().unwrap_or(&requests[i]);
                    let answered = match self.ask_supervised(slot, sent, &requests[i]).await? {
                        Ok(a) => a,
                        Err(why) => {
                            failed.borrow_mut().push(format!(
                                "chunk {} of {} killed its process and then its replacement: {why}",
                                i + 1,
                                requests.len()
                            ));
                            continue;
                        }
                    };
                    if let Reply::Failed(why) = &answered.reply {
                        failed.borrow_mut().push(why.clone());
                        continue;
                    }
                    on_reply(&answered.reply);
                    replies[i].set(Some(answered));
                }
            }
        });
        try_join_all(feeders).await?;
        let failed = failed.into_inner();
        if let Some(first) = failed.first() {
            return Err(format!(
                "{} of {} chunks failed, the rest were answered: {first}{}",
                failed.len(),
                requests.len(),
                describe_restarts(&self.restarts.borrow())
            ));
        }
        replies
            .into_iter()
            .map(|r| {
                r.into_inner()
                    .ok_or_else(|| "a request got no reply".to_owned())
            })
            .collect()
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        for w in self.workers.borrow().iter() {
            process::end_process(w);
        }
    }
}

/// A process's reply, and when it was served.
pub struct Answered {
    /// The reply.
    pub reply: Reply,
    /// Who served it when.
    pub timing: Timing,
}

/// Which process served a request, when the page sent it and got the
/// answer (epoch ms), and the process's own (start, end) per item.
pub struct Timing {
    /// The process's index in its pool: its timeline lane.
    pub worker: usize,
    /// When the page handed the request over.
    pub sent: f64,
    /// When the page had the answer back.
    pub received: f64,
    /// (start, end) per item answered, on the process's clock (epoch ms).
    pub times: Vec<(f64, f64)>,
}

impl Timing {
    /// Draws the items (`items`, in answer order) as `activity` on the
    /// process's lane, and the trips of the message before the first item
    /// and after the last one as transfers. The page does not trust the
    /// process's times: `Timeline::push` drops any that make no sense.
    pub fn draw(
        &self,
        t: &mut Timeline,
        base: TimeBase,
        activity: Activity,
        items: impl Iterator<Item = usize>,
    ) {
        if let (Some(first), Some(last)) = (self.times.first(), self.times.last()) {
            t.push(
                base,
                self.worker,
                Activity::Transfer,
                (self.sent, first.0),
                None,
            );
            t.push(
                base,
                self.worker,
                Activity::Transfer,
                (last.1, self.received),
                None,
            );
        }
        for (&span, i) in self.times.iter().zip(items) {
            t.push(base, self.worker, activity, span, Some(i));
        }
    }
}

/// Hands single requests to whichever process is free, as they come:
/// `loop.run_in_executor(process_pool, …)` for items that arrive one by one.
pub struct Dispatcher<'a> {
    pool: &'a Processes,
    free_tx: UnboundedSender<usize>,
    free_rx: futures::lock::Mutex<UnboundedReceiver<usize>>,
}

impl Processes {
    /// A dispatcher over this pool, every process free.
    pub fn dispatcher(&self) -> Dispatcher<'_> {
        let (free_tx, free_rx) = unbounded();
        for i in 0..self.size() {
            let _ = free_tx.unbounded_send(i);
        }
        Dispatcher {
            pool: self,
            free_tx,
            free_rx: futures::lock::Mutex::new(free_rx),
        }
    }
}

impl Dispatcher<'_> {
    /// Waits for a free process, sends it `request`, and returns its reply
    /// with who served it when; a [`Reply::Failed`] comes back as an error.
    /// Supervised as [`Processes::map`] is: a process that dies is replaced
    /// and the request sent again, once.
    pub async fn ask(&self, request: &[u8]) -> Result<Answered, String> {
        let i = self
            .free_rx
            .lock()
            .await
            .next()
            .await
            .ok_or("the process pool is gone")?;
        let answer = self.pool.ask_supervised(i, request, request).await;
        let _ = self.free_tx.unbounded_send(i);
        match answer?? {
            Answered {
                reply: Reply::Failed(why),
                ..
            } => Err(why),
            a => Ok(a),
        }
    }
}
