//! A pool of processes on the page's side: `multiprocessing.Pool`.
//!
//! Each process is a worker with its own instance of this module and its own
//! memory (see `workers.rs`). `map` cuts the tasks into chunks the way
//! `Pool.map` does, serializes each chunk, and hands the next chunk to
//! whichever process answers first, so a slow chunk does not hold up the rest.

use crate::caps;
use crate::workers::{self, ask};
use futures::StreamExt;
use futures::channel::mpsc::{UnboundedReceiver, UnboundedSender, unbounded};
use futures::future::{join_all, try_join_all};
use kernels::message::Reply;
use lab::timeline::{Activity, TimeBase, Timeline};
use std::cell::Cell;

/// Started processes, ready for requests.
pub struct Processes {
    workers: Vec<web_sys::Worker>,
    /// How long starting them took, in ms.
    pub start_ms: f64,
}

impl Processes {
    /// Starts `n` processes at once and waits until every one has loaded
    /// its module.
    pub async fn start(n: usize) -> Result<Self, String> {
        let t0 = caps::now();
        let started = join_all((0..n).map(|_| workers::spawn_process())).await;
        let start_ms = caps::now() - t0;
        let mut workers = Vec::with_capacity(n);
        let mut failure = None;
        for s in started {
            match s {
                Ok(w) => workers.push(w),
                Err(e) => failure = Some(e),
            }
        }
        let pool = Self { workers, start_ms };
        match failure {
            // Dropping `pool` stops the processes that did start.
            Some(e) => Err(format!("a process did not start: {e}")),
            None => Ok(pool),
        }
    }

    /// How many processes there are.
    pub fn size(&self) -> usize {
        self.workers.len()
    }

    /// Sends every request to one of the first `used` processes, at most
    /// one in flight per process, and returns the answers in request order,
    /// each with who served it when. `on_reply` sees each reply as it arrives.
    /// (A sweep keeps one pool of the most processes it needs and uses
    /// fewer of them, rather than restarting a pool per worker count.)
    ///
    /// A failed request fails the whole map at once; the pool should then be
    /// dropped, since a process that trapped cannot be trusted again.
    pub async fn map(
        &self,
        requests: &[Vec<u8>],
        used: usize,
        on_reply: impl Fn(&Reply),
    ) -> Result<Vec<Answered>, String> {
        let next = Cell::new(0);
        let replies: Vec<Cell<Option<Answered>>> =
            requests.iter().map(|_| Cell::new(None)).collect();
        let feeders = self
            .workers
            .iter()
            .take(used.max(1))
            .enumerate()
            .map(|(worker, w)| {
                let (next, replies, on_reply) = (&next, &replies, &on_reply);
                async move {
                    loop {
                        let i = next.get();
                        if i >= requests.len() {
                            return Ok::<(), String>(());
                        }
                        next.set(i + 1);
                        let sent = caps::epoch_now();
                        let answer = ask(w, &requests[i]).await?;
                        let received = caps::epoch_now();
                        if let Reply::Failed(why) = answer.reply {
                            return Err(why);
                        }
                        on_reply(&answer.reply);
                        replies[i].set(Some(Answered {
                            reply: answer.reply,
                            timing: Timing {
                                worker,
                                sent,
                                received,
                                times: answer.times,
                            },
                        }));
                    }
                }
            });
        try_join_all(feeders).await?;
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
        for w in &self.workers {
            w.terminate();
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
        for i in 0..self.workers.len() {
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
    pub async fn ask(&self, request: &[u8]) -> Result<Answered, String> {
        let i = self
            .free_rx
            .lock()
            .await
            .next()
            .await
            .ok_or("the process pool is gone")?;
        let sent = caps::epoch_now();
        let answer = ask(&self.pool.workers[i], request).await;
        let received = caps::epoch_now();
        let _ = self.free_tx.unbounded_send(i);
        let answer = answer?;
        match answer.reply {
            Reply::Failed(why) => Err(why),
            reply => Ok(Answered {
                reply,
                timing: Timing {
                    worker: i,
                    sent,
                    received,
                    times: answer.times,
                },
            }),
        }
    }
}
