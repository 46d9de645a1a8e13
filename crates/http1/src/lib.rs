//! The one piece of HTTP/1.1 both of this repository's servers need: the
//! next request's head, read off a kept-alive connection, its body (which
//! neither server uses) skipped. Std only, as the servers are.

use std::io::{BufRead, Read};

/// How much a request's head may take before the connection is dropped.
pub const MAX_HEAD: usize = 16 * 1024;

/// One request's head.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Head {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    /// Whether the client asked to close the connection after the answer
    /// (`Connection: close`, or HTTP/1.0).
    pub close: bool,
    /// The headers, names in lower case, in order.
    pub headers: Vec<(String, String)>,
}

impl Head {
    /// The first value of header `name` (lower case).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads the next request's head from `r` and skips its body. `None` when
/// the client has closed the connection, or sent a head longer than
/// [`MAX_HEAD`] (the connection is then to be dropped).
///
/// # Errors
/// What reading the connection fails with (a timeout, a reset).
pub fn read_head(r: &mut impl BufRead) -> std::io::Result<Option<Head>> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let mut head = Head {
        method: parts.next().unwrap_or("").to_owned(),
        target: parts.next().unwrap_or("").to_owned(),
        close: line.trim_end().ends_with("HTTP/1.0"),
        headers: Vec::new(),
    };
    let mut size = line.len();
    loop {
        let mut h = String::new();
        if r.read_line(&mut h)? == 0 {
            return Ok(None);
        }
        size += h.len();
        if size > MAX_HEAD {
            return Ok(None);
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            head.headers
                .push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    if let Some(v) = head.header("connection") {
        head.close = v.eq_ignore_ascii_case("close");
    }
    let body: u64 = head
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    std::io::copy(&mut r.by_ref().take(body), &mut std::io::sink())?;
    Ok(Some(head))
}
