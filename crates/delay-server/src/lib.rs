//! A real HTTP/1.1 server with one route, `GET /io/delay?ms=M&id=I`, that
//! answers after M milliseconds with `{"id": I, "token": token(I), "ms": M}`,
//! the same answer as the page's in-browser endpoint (`www/sw.js`).
//!
//! The in-browser endpoint uses no socket; this one does, so a browser's
//! limit of 6 connections per host over HTTP/1.1 applies to it, and async
//! runs show it. Connections are kept alive (as browsers expect) and each is
//! served by its own thread, so the server itself never limits concurrency:
//! whatever cap a run shows is the client's.
//!
//! Faults on request, as `www/sw.js` injects them: `fail=error|slow|drop`,
//! `rate=` (percent), `slow_ms=` and `attempt=`; whether a request is hit is
//! [`kernels::io::hit`] of its id and attempt. An error is an HTTP 503; a
//! slow answer waits `slow_ms` more; a drop sends the head and half the
//! body, then closes the connection (a browser reports a network error and,
//! since the head came, does not silently resend the request).
//!
//! Every answer allows any origin (CORS, and CORP for pages that require
//! it) and exposes `x-endpoint: delay-server`, which the page checks.
//! Std only: a test server should not need a framework.

use kernels::io::FaultKind;
use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Where `./dev serve` listens, and the page's default for this endpoint.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8081";
/// Longest delay a request may ask for, as the in-browser endpoint.
pub const MAX_DELAY_MS: u64 = 10_000;
/// Longest extra stall (`stall_ms`), to make a client time out.
pub const MAX_STALL_MS: u64 = 120_000;
/// An idle kept-alive connection is closed after this.
const IDLE: Duration = Duration::from_secs(30);

/// What the server saw, for tests and for the log.
#[derive(Debug, Default)]
pub struct Stats {
    /// Delay requests being waited on now.
    pub in_flight: AtomicUsize,
    /// The most that were ever waited on at once.
    pub max_in_flight: AtomicUsize,
    /// TCP connections accepted.
    pub connections: AtomicUsize,
    /// Delay requests answered with a token.
    pub answered: AtomicUsize,
    /// Delay requests given an injected fault (error, slow or drop).
    pub faults: AtomicUsize,
}

/// An HTTP answer: status, reason, body (JSON or empty).
#[derive(Debug, PartialEq, Eq)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The body.
    pub body: String,
    /// How long to wait before sending it.
    pub delay: Duration,
    /// An injected fault, if the request was hit by one.
    pub fault: Option<FaultKind>,
}

fn json_error(status: u16, message: &str) -> Answer {
    Answer {
        status,
        body: format!(r#"{{"error":"{message}"}}"#),
        delay: Duration::ZERO,
        fault: None,
    }
}

/// The answer to `method target` (e.g. `GET /io/delay?ms=5&id=1`), without
/// waiting.
#[must_use]
pub fn answer(method: &str, target: &str) -> Answer {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if method == "OPTIONS" {
        return Answer {
            status: 204,
            body: String::new(),
            delay: Duration::ZERO,
            fault: None,
        };
    }
    if path != "/io/delay" {
        return json_error(404, "the only route is /io/delay?ms=M&id=I");
    }
    if method != "GET" && method != "HEAD" {
        return json_error(405, "only GET");
    }
    // Decoded as a browser encodes them (`%2C`, `+`): a client that
    // escapes more than it must still gets its answer.
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let param = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let Some(ms) = param("ms")
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|&m| m <= MAX_DELAY_MS)
    else {
        return json_error(400, "ms must be an integer in 0..=10000");
    };
    let Some(id) = param("id").and_then(|v| v.parse::<u32>().ok()) else {
        return json_error(400, "id must be an integer in 0..=4294967295");
    };
    // A slow endpoint on purpose, for the clients' timeouts: `stall_ms`
    // more before answering, beyond the latency's cap.
    let Some(stall) = param("stall_ms")
        .map_or(Some(0), |v| v.parse::<u64>().ok())
        .filter(|&s| s <= MAX_STALL_MS)
    else {
        return json_error(400, "stall_ms must be an integer in 0..=120000");
    };
    let number = |key: &str, max: u32| {
        param(key)
            .map_or(Some(0), |v| v.parse::<u32>().ok())
            .filter(|&v| v <= max)
    };
    let Some(kind) = param("fail").map_or(Some(FaultKind::None), FaultKind::from_key) else {
        return json_error(400, "fail must be none, error, slow or drop");
    };
    let (Some(rate), Some(slow_ms), Some(attempt)) = (
        number("rate", 100),
        number("slow_ms", kernels::io::MAX_SLOW_MS),
        number("attempt", u32::MAX),
    ) else {
        return json_error(
            400,
            "rate must be in 0..=100, slow_ms in 0..=120000, attempt a whole number",
        );
    };
    let fault = (kind != FaultKind::None && kernels::io::hit(id, attempt, rate)).then_some(kind);
    let delay = Duration::from_millis(ms + stall);
    if fault == Some(FaultKind::Error) {
        return Answer {
            status: 503,
            body: r#"{"error":"an injected fault"}"#.to_owned(),
            delay,
            fault,
        };
    }
    Answer {
        status: 200,
        body: format!(
            r#"{{"id":{id},"token":{},"ms":{ms}}}"#,
            kernels::io::token(id)
        ),
        delay: if fault == Some(FaultKind::Slow) {
            delay + Duration::from_millis(u64::from(slow_ms))
        } else {
            delay
        },
        fault,
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        503 => "Service Unavailable",
        204 => "No Content",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    }
}

/// Accepts connections until the listener fails, one thread per connection.
pub fn serve(listener: &TcpListener, stats: &Arc<Stats>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        stats.connections.fetch_add(1, Ordering::Relaxed);
        let stats = Arc::clone(stats);
        std::thread::spawn(move || {
            // A broken connection ends its thread; nothing else to do.
            let _ = connection(stream, &stats);
        });
    }
}

/// Serves requests on one kept-alive connection until the client closes it.
fn connection(stream: TcpStream, stats: &Stats) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    // Requests here carry no body; `read_head` skips one if sent.
    while let Some(http1::Head {
        method,
        target,
        close,
        ..
    }) = http1::read_head(&mut reader)?
    {
        let a = answer(&method, &target);
        if a.status == 200 || a.fault.is_some() {
            let now = stats.in_flight.fetch_add(1, Ordering::AcqRel) + 1;
            stats.max_in_flight.fetch_max(now, Ordering::AcqRel);
            std::thread::sleep(a.delay);
            stats.in_flight.fetch_sub(1, Ordering::AcqRel);
            if a.fault.is_some() {
                stats.faults.fetch_add(1, Ordering::Relaxed);
            } else {
                stats.answered.fetch_add(1, Ordering::Relaxed);
            }
        }
        let body = if method == "HEAD" {
            ""
        } else {
            a.body.as_str()
        };
        let response = format!(
            "HTTP/1.1 {} {}\r\n\
             Content-Type: application/json\r\n\
             Content-Length: {}\r\n\
             Cache-Control: no-store\r\n\
             Access-Control-Allow-Origin: *\r\n\
             Access-Control-Allow-Methods: GET, OPTIONS\r\n\
             Access-Control-Allow-Headers: *\r\n\
             Access-Control-Allow-Private-Network: true\r\n\
             Access-Control-Expose-Headers: x-endpoint\r\n\
             Cross-Origin-Resource-Policy: cross-origin\r\n\
             Timing-Allow-Origin: *\r\n\
             X-Endpoint: delay-server\r\n\
             Connection: {}\r\n\r\n{body}",
            a.status,
            reason(a.status),
            a.body.len(),
            if close { "close" } else { "keep-alive" },
        );
        if a.fault == Some(FaultKind::Drop) {
            // The head and half the body, then the connection goes.
            let cut = response.len() - a.body.len() / 2;
            out.write_all(&response.as_bytes()[..cut])?;
            out.flush()?;
            return Ok(());
        }
        out.write_all(response.as_bytes())?;
        out.flush()?;
        if close {
            break;
        }
    }
    Ok(())
}
