//! The delay server: the same answers as the in-browser endpoint, over real
//! kept-alive HTTP/1.1 connections, with no limit of its own on concurrency.

use delay_server::{Stats, answer};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::Ordering;

fn start() -> (String, Arc<Stats>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("bound").to_string();
    let stats = Arc::<Stats>::default();
    let s = Arc::clone(&stats);
    std::thread::spawn(move || delay_server::serve(&listener, &s));
    (addr, stats)
}

/// Reads one response: status, headers (lower-case names), body.
fn read_response(r: &mut BufReader<TcpStream>) -> (u16, Vec<(String, String)>, String) {
    let mut line = String::new();
    r.read_line(&mut line).expect("status line");
    let status = line
        .split_whitespace()
        .nth(1)
        .expect("status")
        .parse()
        .expect("number");
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h).expect("header");
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':').expect("name: value");
        headers.push((k.to_ascii_lowercase(), v.trim().to_owned()));
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .map_or(0, |(_, v)| v.parse().expect("length"));
    let mut body = vec![0; len];
    r.read_exact(&mut body).expect("body");
    (status, headers, String::from_utf8(body).expect("utf-8"))
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

#[test]
fn answers_like_the_in_browser_endpoint_on_one_kept_alive_connection() {
    let (addr, stats) = start();
    let s = TcpStream::connect(&addr).expect("connect");
    let mut r = BufReader::new(s.try_clone().expect("clone"));
    let mut w = s;
    for id in [0u32, 7, 4_000_000_000] {
        write!(
            w,
            "GET /io/delay?ms=5&id={id}&run=1 HTTP/1.1\r\nHost: {addr}\r\n\r\n"
        )
        .expect("send");
        let (status, h, body) = read_response(&mut r);
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            body,
            format!(r#"{{"id":{id},"token":{},"ms":5}}"#, kernels::io::token(id))
        );
        assert_eq!(header(&h, "x-endpoint"), Some("delay-server"));
        assert_eq!(header(&h, "access-control-allow-origin"), Some("*"));
        // The page reads when each request went out from Resource Timing,
        // which hides a cross-origin request's details without this.
        assert_eq!(header(&h, "timing-allow-origin"), Some("*"));
        assert_eq!(
            header(&h, "access-control-expose-headers"),
            Some("x-endpoint")
        );
        assert_eq!(
            header(&h, "cross-origin-resource-policy"),
            Some("cross-origin")
        );
        assert_eq!(header(&h, "connection"), Some("keep-alive"));
    }
    assert_eq!(
        stats.connections.load(Ordering::Relaxed),
        1,
        "one connection, kept alive"
    );
    assert_eq!(stats.answered.load(Ordering::Relaxed), 3);
}

#[test]
fn bad_requests_get_a_reason_not_a_token() {
    // (target, status, what the body says)
    for (target, status, says) in [
        ("/io/delay?ms=10001&id=1", 400, "ms must be"),
        ("/io/delay?ms=-1&id=1", 400, "ms must be"),
        ("/io/delay?id=1", 400, "ms must be"),
        ("/io/delay?ms=1&id=x", 400, "id must be"),
        ("/io/delay?ms=1&id=4294967296", 400, "id must be"),
        (
            "/io/delay?ms=1&id=1&stall_ms=120001",
            400,
            "stall_ms must be",
        ),
        ("/io/delay?ms=1&id=1&stall_ms=x", 400, "stall_ms must be"),
        ("/elsewhere", 404, "only route"),
    ] {
        let a = answer("GET", target);
        assert_eq!(a.status, status, "{target}");
        assert!(a.body.contains(says), "{target}: {}", a.body);
    }
    assert_eq!(answer("POST", "/io/delay?ms=1&id=1").status, 405);
    assert_eq!(answer("OPTIONS", "/io/delay").status, 204);
    assert_eq!(
        answer("GET", "/io/delay?ms=250&id=3").delay.as_millis(),
        250
    );
    // A stalled endpoint on purpose, for the clients' timeouts.
    let stalled = answer("GET", "/io/delay?stall_ms=30000&ms=250&id=3");
    assert_eq!((stalled.status, stalled.delay.as_millis()), (200, 30_250));
}

#[test]
fn parameters_are_read_as_a_browser_encodes_them() {
    // `%32%35%30` is 250 escaped more than it must be, as some clients do;
    // the same answer as the plain query, token and all.
    let plain = answer("GET", "/io/delay?ms=250&id=3&run=7");
    let escaped = answer("GET", "/io/delay?m%73=%32%35%30&id=%33&run=7");
    assert_eq!(escaped.status, 200, "{}", escaped.body);
    assert_eq!((escaped.delay, &escaped.body), (plain.delay, &plain.body));
    // A malformed escape is not the number it resembles.
    assert_eq!(answer("GET", "/io/delay?ms=2%G0&id=3").status, 400);
}

#[test]
fn the_server_itself_does_not_cap_concurrency() {
    let (addr, stats) = start();
    // Eight clients at once, each waiting a second: all eight are in flight
    // together (the server never holds one back), whatever the machine's speed.
    let clients: Vec<_> = (0..8)
        .map(|id| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let s = TcpStream::connect(&addr).expect("connect");
                let mut r = BufReader::new(s.try_clone().expect("clone"));
                let mut w = s;
                write!(
                    w,
                    "GET /io/delay?ms=1000&id={id} HTTP/1.1\r\nConnection: close\r\n\r\n"
                )
                .expect("send");
                read_response(&mut r).0
            })
        })
        .collect();
    for c in clients {
        assert_eq!(c.join().expect("client"), 200);
    }
    assert_eq!(stats.max_in_flight.load(Ordering::Relaxed), 8);
}
