//! A process's whole job: one serialized request in, one serialized reply
//! out (the protocol is `kernels::message`).

use crate::blocking;
use crate::clock::epoch_now;
use kernels::message::{self, Answer, Fault, Reply, Request};

/// The reply to `request` (postcard bytes, as the page sent them), encoded.
/// Always answers: a request it cannot read is answered with
/// [`Reply::Failed`]. The injected faults trap instead (the build aborts on
/// a panic): the instance is then done for, and `workers.js` closes the
/// worker, as a crashed Python worker's pipe closes.
pub fn serve_bytes(request: &[u8]) -> Vec<u8> {
    let reply = match message::decode::<Request>(request) {
        Ok(Request::Cpu(tasks)) => message::serve_cpu(&tasks, epoch_now),
        Ok(Request::Faulty(tasks, Fault::Panic(i))) => {
            message::serve_cpu_panicking(&tasks, Some(i), epoch_now)
        }
        Ok(Request::Faulty(_, Fault::Die)) => std::process::abort(),
        Ok(Request::Get {
            endpoint,
            gets,
            timeout_ms,
        }) => {
            // Every request is tried (and retried) and its outcome sent
            // back: a failing endpoint is what is measured, not a failure.
            let mut outcomes = Vec::with_capacity(gets.len());
            let mut times = Vec::with_capacity(gets.len());
            for (id, urls) in gets {
                let start = epoch_now();
                let (o, attempts) = blocking::retrying(
                    urls.len(),
                    || false,
                    |a| blocking::blocking_get(&urls[a], id, &endpoint, timeout_ms),
                );
                outcomes.push((id, o, attempts));
                times.push((start, epoch_now()));
            }
            Answer {
                reply: Reply::Get(outcomes),
                times,
            }
        }
        Err(e) => Answer {
            reply: Reply::Failed(format!("unreadable request: {e}")),
            times: Vec::new(),
        },
    };
    message::encode(&reply)
}
