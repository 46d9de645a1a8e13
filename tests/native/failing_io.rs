//! Failing I/O: both endpoints inject the same faults into the same
//! attempts, a client that retries ends with the outcomes the page
//! predicts, and the form and estimate know the new parameters.

use kernels::io::{
    Endpoint, FaultKind, Faults, IoParams, NO_ANSWER, Outcome, Tally, backoff_ms, checksum,
    expected, hit, token,
};
use lab::ModeKind;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::Ordering;

fn faulty(kind: FaultKind, rate: u32, retries: u32) -> IoParams {
    IoParams {
        requests: 60,
        delay_ms: 0,
        faults: Faults {
            kind,
            rate,
            slow_ms: 400,
        },
        retries,
        ..IoParams::default()
    }
}

/// The ids (of `0..n`) whose attempt `attempt` is hit at `rate`.
fn hits(n: u32, attempt: u32, rate: u32) -> Vec<u32> {
    (0..n).filter(|&id| hit(id, attempt, rate)).collect()
}

#[test]
fn hits_follow_the_rate_and_differ_per_attempt() {
    for rate in [0, 1, 10, 50, 99, 100] {
        let n = hits(10_000, 0, rate).len();
        let want = 100 * rate as usize;
        assert!(n.abs_diff(want) <= 200, "rate {rate}: {n} of 10000 hit");
    }
    assert_eq!(hits(1000, 0, 0).len(), 0);
    assert_eq!(hits(1000, 3, 100).len(), 1000);
    // A retry is a fresh draw, not the same fate again.
    let (a, b) = (hits(1000, 0, 30), hits(1000, 1, 30));
    let both = a.iter().filter(|id| b.contains(id)).count();
    assert!((50..130).contains(&both), "{both} hit twice, ~90 expected");
}

#[test]
fn backoff_doubles_from_100_ms() {
    let b: Vec<u32> = (1..=5).map(backoff_ms).collect();
    assert_eq!(b, [100, 200, 400, 800, 1600]);
    assert_eq!(backoff_ms(99), 100 << 16, "capped, no overflow");
}

#[test]
fn outcomes_make_the_checksum_and_the_tally() {
    let all: Vec<Outcome> = (0..5).map(|id| Outcome::Answered(token(id))).collect();
    assert_eq!(
        checksum(&all),
        expected(5),
        "all answered = the plain checksum"
    );
    let mut some = all.clone();
    some[2] = Outcome::TimedOut("request 2 timed out after 9 ms".into());
    let mut failed = all.clone();
    failed[2] = Outcome::Failed("request 2: HTTP 503".into());
    assert_ne!(checksum(&some), expected(5));
    assert_eq!(checksum(&some), checksum(&failed), "no answer is no answer");
    assert_eq!(
        checksum(&some),
        kernels::Checksum::of([0, 1, 2, 3, 4].map(|id| if id == 2 {
            NO_ANSWER
        } else {
            u64::from(token(id))
        }))
    );
    let t = Tally::of(failed.iter().zip([1, 2, 3, 1, 1]));
    assert_eq!((t.answered, t.failed, t.timed_out, t.retries), (4, 1, 0, 3));
    assert_eq!(t.first_failure.as_deref(), Some("request 2: HTTP 503"));
    assert_eq!(t.describe(), "4 answered · 1 failed · 3 retries");
}

#[test]
fn the_prediction_covers_what_is_certain_only() {
    let e = Endpoint::InPage;
    let none = IoParams::default();
    assert_eq!(none.predicted(&e), Some(expected(none.requests)));
    // Rate 0 or kind none: nothing injected, whatever the other settings.
    assert_eq!(faulty(FaultKind::Error, 0, 0).injecting(), None);
    let p = faulty(FaultKind::Error, 30, 0);
    let lost = hits(p.requests, 0, 30);
    assert!(!lost.is_empty());
    assert_eq!(
        p.predicted(&e),
        Some(kernels::Checksum::of((0..p.requests).map(|id| {
            if lost.contains(&id) {
                NO_ANSWER
            } else {
                u64::from(token(id))
            }
        })))
    );
    // Retries win back all but the requests hit every time.
    let r = faulty(FaultKind::Drop, 30, 2);
    assert_ne!(r.predicted(&e), p.predicted(&e));
    // A slow answer that may or may not beat the timeout: no prediction;
    // one a second past it: certain.
    let slow = faulty(FaultKind::Slow, 30, 0);
    assert_eq!(slow.predicted(&e), None);
    let mut late = IoParams {
        timeout: Some(100),
        ..slow
    };
    assert_eq!(late.predicted(&e), None, "300 ms past: not clear enough");
    late.faults.slow_ms = 1100;
    assert_eq!(late.predicted(&e), p.predicted(&e));
    // Someone else's URL injects nothing the page could predict.
    assert_eq!(
        p.predicted(&Endpoint::Any("https://x.example/".into())),
        None
    );
}

#[test]
fn urls_carry_the_faults_to_our_endpoints_only() {
    let p = faulty(FaultKind::Drop, 25, 1);
    assert_eq!(
        Endpoint::InPage.attempt_url(&p, 7, 3, 1),
        "io/delay?ms=0&id=7&run=3&fail=drop&rate=25&slow_ms=400&attempt=1"
    );
    let any = Endpoint::Any("https://x.example/ip".into());
    assert_eq!(any.attempt_url(&p, 7, 3, 1), "https://x.example/ip");
    let clean = IoParams::default();
    assert_eq!(
        Endpoint::InPage.attempt_url(&clean, 7, 3, 0),
        kernels::io::path(clean.delay_ms, 7, 3)
    );
}

/// The service worker's `faultHit` is `kernels::io::hit`.
#[test]
fn service_worker_hits_the_same_attempts() {
    let cases: Vec<(u32, u32, u32)> = (0..300)
        .map(|i| (i * 7919 % 5000, i % 6, [3, 10, 50, 97][i as usize % 4]))
        .chain([(u32::MAX, 5, 50), (0, u32::MAX, 50)])
        .collect();
    let js: Vec<String> = cases
        .iter()
        .map(|(id, a, r)| format!("[{id},{a},{r}]"))
        .collect();
    let out = crate::helpers::with_service_worker(&format!(
        "console.log([{}].map(([i,a,r]) => faultHit(i,a,r) ? 1 : 0).join(''));",
        js.join(",")
    ));
    let want: String = cases
        .iter()
        .map(|&(id, a, r)| if hit(id, a, r) { '1' } else { '0' })
        .collect();
    assert_eq!(out.trim(), want);
}

/// The service worker's answers under each fault kind, read as a page's
/// `fetch` would: a 503, a body that breaks off, an answer late by
/// `slow_ms`, and nothing wrong for the requests not hit.
#[test]
fn service_worker_injects_each_fault() {
    let out = crate::helpers::with_service_worker(
        "(async () => {
           const rows = [];
           for (const fail of ['error', 'drop', 'slow']) {
             for (let id = 0; id < 40; id++) {
               const t = Date.now();
               const r = await delayResponse(new URL(`http://h/app/io/delay?ms=0&id=${id}&fail=${fail}&rate=40&slow_ms=120&attempt=2`));
               let got;
               try { got = JSON.parse(await r.text()).token ?? 'err'; } catch (e) { got = 'broken'; }
               rows.push(`${fail} ${id} ${r.status} ${got} ${Date.now() - t >= 110 ? 'late' : 'soon'}`);
             }
           }
           const bad = await delayResponse(new URL('http://h/app/io/delay?ms=0&id=1&fail=oops'));
           rows.push(`bad ${bad.status}`);
           const rate = await delayResponse(new URL('http://h/app/io/delay?ms=0&id=1&fail=error&rate=101'));
           rows.push(`rate ${rate.status}`);
           // Digits only, as the delay server reads them.
           for (const q of ['ms=1e1&id=1', 'ms=&id=1', 'ms=0&id=0x1', 'ms=0&id=1&rate=5.0&fail=error', 'id=1']) {
             const r = await delayResponse(new URL(`http://h/app/io/delay?${q}`));
             rows.push(`${q} ${r.status}`);
           }
           console.log(rows.join('\\n'));
         })()",
    );
    let mut lines = out.lines();
    for fail in ["error", "drop", "slow"] {
        for id in 0..40u32 {
            let is_hit = hit(id, 2, 40);
            // A slow answer is late by construction; whether any other is
            // "soon" depends on how busy the machine is, so only its
            // content is compared.
            let want = match (fail, is_hit) {
                ("error", true) => format!("error {id} 503 err"),
                ("drop", true) => format!("drop {id} 200 broken"),
                ("slow", true) => format!("slow {id} 200 {} late", token(id)),
                _ => format!("{fail} {id} 200 {}", token(id)),
            };
            let line = lines.next().unwrap_or_default();
            let got = if fail == "slow" && is_hit {
                line
            } else {
                line.trim_end_matches(" soon").trim_end_matches(" late")
            };
            assert_eq!(got, want);
        }
    }
    assert_eq!(lines.next(), Some("bad 400"));
    assert_eq!(lines.next(), Some("rate 400"));
    for q in [
        "ms=1e1&id=1",
        "ms=&id=1",
        "ms=0&id=0x1",
        "ms=0&id=1&rate=5.0&fail=error",
        "id=1",
    ] {
        assert_eq!(lines.next(), Some(format!("{q} 400").as_str()));
        let target = format!("/io/delay?{q}");
        assert_eq!(delay_server::answer("GET", &target).status, 400, "{q}");
    }
}

fn start() -> (String, Arc<delay_server::Stats>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("bound").to_string();
    let stats = Arc::<delay_server::Stats>::default();
    let s = Arc::clone(&stats);
    std::thread::spawn(move || delay_server::serve(&listener, &s));
    (addr, stats)
}

/// One attempt as a blocking client sees it, over its own connection.
fn attempt(addr: &str, target: &str, timeout_ms: u64) -> Outcome {
    let id: u32 = target
        .split(['?', '&'])
        .find_map(|kv| kv.strip_prefix("id="))
        .and_then(|v| v.parse().ok())
        .expect("an id");
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(std::time::Duration::from_millis(timeout_ms)))
        .expect("timeout");
    write!(s, "GET {target} HTTP/1.1\r\nConnection: close\r\n\r\n").expect("send");
    let mut raw = Vec::new();
    if let Err(e) = s.read_to_end(&mut raw) {
        return if matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ) {
            Outcome::TimedOut(format!("request {id} timed out"))
        } else {
            Outcome::Failed(format!("request {id}: {e}"))
        };
    }
    let text = String::from_utf8(raw).expect("utf-8");
    let (head, body) = text.split_once("\r\n\r\n").expect("a head");
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .expect("status")
        .parse()
        .expect("number");
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().to_owned())
        })
        .expect("a length")
        .parse()
        .expect("number");
    if body.len() < length {
        return Outcome::Failed(format!("request {id}: the connection broke"));
    }
    match lab::answer::check(
        id,
        status,
        Some("delay-server"),
        &Endpoint::Server(String::new()),
        body,
    ) {
        Ok(t) => Outcome::Answered(t),
        Err(e) => Outcome::Failed(e),
    }
}

/// A client that retries, against the real delay server, under each fault
/// kind: its outcomes make the checksum the page predicts, and the server
/// saw exactly the faults `hit` says.
#[test]
fn a_retrying_client_against_the_delay_server_ends_as_predicted() {
    let (addr, stats) = start();
    let mut injected = 0;
    for kind in [FaultKind::Error, FaultKind::Drop, FaultKind::Slow] {
        let mut p = IoParams {
            requests: 40,
            timeout: Some(250),
            ..faulty(kind, 35, 2)
        };
        // Late by over a second past the timeout: certainly timed out.
        p.faults.slow_ms = 1300;
        let e = Endpoint::Server(format!("http://{addr}/io/delay"));
        let mut outcomes = Vec::new();
        let mut attempts = Vec::new();
        for id in 0..p.requests {
            let mut made = 0;
            let mut last = None;
            for a in 0..=p.retries {
                made += 1;
                injected += u32::from(hit(id, a, 35));
                let url = e.attempt_url(&p, id, 1, a);
                let target = &url[url.find("/io/").expect("path")..];
                let o = attempt(&addr, target, u64::from(p.timeout_ms()));
                let done = !o.failed();
                last = Some(o);
                if done {
                    break;
                }
            }
            outcomes.push(last.expect("one attempt"));
            attempts.push(made);
        }
        assert_eq!(
            Some(checksum(&outcomes)),
            p.predicted(&e),
            "{kind:?}: {:?}",
            Tally::of(outcomes.iter().zip(attempts.iter().copied()))
        );
        let t = Tally::of(outcomes.iter().zip(attempts.iter().copied()));
        let lost = (0..p.requests)
            .filter(|&id| (0..=p.retries).all(|a| hit(id, a, 35)))
            .count() as u32;
        assert_eq!(t.answered, p.requests - lost, "{kind:?}");
        match kind {
            FaultKind::Slow => assert_eq!(t.timed_out, lost),
            _ => assert_eq!(t.failed, lost),
        }
    }
    // Slow answers finish their sleep after the client has gone.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while stats.in_flight.load(Ordering::Acquire) > 0 && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(stats.faults.load(Ordering::Relaxed), injected as usize);
}

#[test]
fn a_server_url_may_not_set_what_the_page_adds() {
    use lab::form::parse_endpoint;
    for key in ["fail", "rate", "attempt", "slow_ms", "ms", "id", "run"] {
        let url = format!("http://127.0.0.1:8081/io/delay?x=1&{key}=3");
        let e = parse_endpoint(lab::form::EndpointChoice::Server, &url).expect_err(key);
        assert!(e.message.contains(&format!("{key}=")), "{e}");
    }
    // Any URL is used as it is, whatever it asks.
    let api = "https://api.example/items?id=3&ms=1";
    assert_eq!(
        parse_endpoint(lab::form::EndpointChoice::Any, api),
        Ok(Endpoint::Any(api.into()))
    );
    // Its own parameters are kept: the tests stall the server this way.
    let stalled = "http://127.0.0.1:8081/io/delay?stall_ms=900";
    assert_eq!(
        parse_endpoint(lab::form::EndpointChoice::Server, stalled),
        Ok(Endpoint::Server(stalled.into()))
    );
    // Sharding renames a loopback host only, and checks what `server` does.
    for url in [
        "http://127.0.0.1:8081/io/delay",
        "http://localhost/io/delay?k=1",
    ] {
        assert_eq!(
            parse_endpoint(lab::form::EndpointChoice::Sharded, url),
            Ok(Endpoint::Sharded(url.into()))
        );
    }
    for (url, says) in [
        ("http://example.org:8081/io/delay", "not example.org"),
        ("http://10.0.0.2/io/delay", "not 10.0.0.2"),
        ("http://127.0.0.1:8081/io/delay?id=1", "id="),
        ("ftp://127.0.0.1/io/delay", "http://"),
    ] {
        let e = parse_endpoint(lab::form::EndpointChoice::Sharded, url).expect_err(url);
        assert!(e.message.contains(says), "{url}: {e}");
    }
}

#[test]
fn the_form_reads_and_checks_the_failing_network() {
    use lab::form::{io_to_fields, parse_io};
    let p = IoParams {
        timeout: Some(900),
        ..faulty(FaultKind::Slow, 20, 3)
    };
    assert_eq!(parse_io(&io_to_fields(&p)), Ok(p));
    let d = IoParams::default();
    assert_eq!(parse_io(&io_to_fields(&d)), Ok(d));
    for (key, value, says) in [
        ("fail", "explode", "unknown fault"),
        ("fail_rate", "101", "out of range"),
        ("slow_ms", "120001", "out of range"),
        ("retries", "6", "out of range"),
        ("timeout_ms", "0", "out of range"),
        ("timeout_ms", "600001", "out of range"),
        ("retries", "-1", "not a whole number"),
    ] {
        let mut f = io_to_fields(&p);
        f.insert(key, value.into());
        let e = parse_io(&f).expect_err(value);
        assert_eq!(e.field, key);
        assert!(e.message.contains(says), "{key}={value}: {e}");
    }
}

#[test]
fn the_estimate_counts_faults_retries_and_timeouts() {
    use lab::budget::{IoPlan, io_pass};
    let plan = IoPlan {
        threads: 4,
        processes: 2,
        connections: None,
    };
    let base = IoParams {
        delay_ms: 100,
        ..IoParams::default()
    };
    let clean = io_pass(&base, ModeKind::Sequential, plan);
    let errors = io_pass(
        &IoParams {
            retries: 3,
            ..{
                let mut p = base;
                p.faults.kind = FaultKind::Error;
                p.faults.rate = 50;
                p
            }
        },
        ModeKind::Sequential,
        plan,
    );
    // Half the requests retried, each after its backoff: well over the clean pass.
    assert!(errors > clean * 1.5, "{errors} vs {clean}");
    let slow = |slow_ms, timeout| {
        let mut p = base;
        p.faults = Faults {
            kind: FaultKind::Slow,
            rate: 100,
            slow_ms,
        };
        p.timeout = timeout;
        io_pass(&p, ModeKind::Async, plan)
    };
    // Every answer late by 5 s, all in flight at once: one wave of ~5 s,
    // unless the timeout cuts it at 1 s.
    assert!(
        (5.0..6.0).contains(&slow(5000, None)),
        "{}",
        slow(5000, None)
    );
    assert!(
        (1.0..1.5).contains(&slow(5000, Some(1000))),
        "{}",
        slow(5000, Some(1000))
    );
}
