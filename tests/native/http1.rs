//! Reading request heads off a kept-alive connection (`http1`), as both
//! servers do.

use http1::{Head, MAX_HEAD, read_head};
use std::io::BufReader;

/// Reads every head in `bytes`, in order, until the connection ends.
fn heads(bytes: &str) -> Vec<Head> {
    let mut r = BufReader::new(bytes.as_bytes());
    let mut out = Vec::new();
    while let Some(h) = read_head(&mut r).expect("readable") {
        out.push(h);
    }
    out
}

#[test]
fn reads_each_request_of_a_kept_alive_connection() {
    let got = heads(
        "GET /io/delay?ms=5 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n\r\n\
         POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /y HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    let summary: Vec<(&str, &str, bool)> = got
        .iter()
        .map(|h| (h.method.as_str(), h.target.as_str(), h.close))
        .collect();
    assert_eq!(
        summary,
        [
            ("GET", "/io/delay?ms=5", false),
            ("POST", "/x", false),
            ("GET", "/y", true)
        ],
        "a body is skipped, not read as the next request"
    );
    assert_eq!(got[0].header("accept-encoding"), Some("br"));
    assert_eq!(got[0].header("host"), Some("x"));
}

#[test]
fn http_1_0_closes_unless_kept_alive() {
    assert!(heads("GET / HTTP/1.0\r\n\r\n")[0].close);
    assert!(!heads("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")[0].close);
}

#[test]
fn a_cut_or_oversized_head_ends_the_connection() {
    assert!(
        heads("GET / HTTP/1.1\r\nHost: x\r\n").is_empty(),
        "no blank line"
    );
    let long = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
    assert!(heads(&long).is_empty());
}
