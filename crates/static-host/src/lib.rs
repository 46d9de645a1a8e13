//! A static host for the built page, std only: what `./dev serve` serves
//! and what the browser tests and the benchmark load the deployed build
//! from.
//!
//! It does what the hosts docs/hosting.md names do with `dist/`: sends the
//! headers of `_headers`' `/*` rule (Netlify, Cloudflare Pages) or none (a
//! host that cannot, as GitHub Pages), and sends a file compressed when
//! the browser accepts it, from the `.br` and `.gz` copies `./dev build`
//! writes beside each text and wasm file (the hosts compress on the fly;
//! brotli at quality 11 is too slow for that here, so it is done once, at
//! build time). A site may live under a sub-path, as on GitHub Pages.

use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// What is served, and how.
#[derive(Clone, Debug)]
pub struct Site {
    /// The folder served (a `dist/`).
    pub root: PathBuf,
    /// The path the site lives under, without slashes (`""` for the root,
    /// `"scaling"` for `/scaling/…`): anything outside it is not found.
    pub prefix: String,
    /// Headers sent with every answer (see [`headers_rule`]).
    pub headers: Vec<(String, String)>,
    /// Whether to send the pre-compressed copies to browsers that accept
    /// them (a host that compresses), or always the file as it is.
    pub compress: bool,
}

/// The headers of the `/*` rule of a `_headers` file (Netlify's and
/// Cloudflare Pages' format: a path line, then its headers indented, one
/// `Name: value` each). Comments and other paths' rules are skipped.
#[must_use]
pub fn headers_rule(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut in_rule = false;
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            in_rule = line.trim() == "/*";
        } else if let (true, Some((k, v))) = (in_rule, line.trim().split_once(':')) {
            out.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    out
}

/// The content encodings a copy may be sent in, best first: the file's
/// suffix and the `Content-Encoding` it is sent with.
pub const ENCODINGS: [(&str, &str); 2] = [("br", "br"), ("gz", "gzip")];

/// How one request is answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The file to send (the original or a compressed copy); `None` for a
    /// short text body.
    pub file: Option<PathBuf>,
    /// The headers, `Content-Length` aside.
    pub headers: Vec<(String, String)>,
}

/// The media type hosts send for a file name.
#[must_use]
pub fn media_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// Whether `accept` (an `Accept-Encoding` value) takes `coding`: named, or
/// `*`, and not with `q=0`.
#[must_use]
pub fn accepts(accept: &str, coding: &str) -> bool {
    accept.split(',').any(|part| {
        let mut it = part.split(';');
        let name = it.next().unwrap_or("").trim();
        let zero = it.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                == Some(0.0)
        });
        (name.eq_ignore_ascii_case(coding) || name == "*") && !zero
    })
}

impl Site {
    /// The answer to `method target`, for a browser that sent
    /// `accept_encoding`. Only GET and HEAD; only paths under the prefix;
    /// `..` never leaves the root; a folder means its `index.html`.
    #[must_use]
    pub fn answer(&self, method: &str, target: &str, accept_encoding: &str) -> Answer {
        let text = |status: u16| Answer {
            status,
            file: None,
            headers: vec![("Content-Type".into(), "text/plain".into())],
        };
        if method != "GET" && method != "HEAD" {
            return text(405);
        }
        let path = target.split(['?', '#']).next().unwrap_or("/");
        let path = path.trim_start_matches('/');
        let Some(rest) = (if self.prefix.is_empty() {
            Some(path)
        } else {
            path.strip_prefix(self.prefix.as_str())
                .filter(|r| r.is_empty() || r.starts_with('/'))
                .map(|r| r.trim_start_matches('/'))
        }) else {
            return text(404);
        };
        if rest.split('/').any(|p| p == ".." || p.starts_with('.')) {
            return text(404);
        }
        let mut file = self.root.join(rest);
        if rest.is_empty() || rest.ends_with('/') || file.is_dir() {
            file = file.join("index.html");
        }
        if !file.is_file() {
            return text(404);
        }
        let mut headers = vec![("Content-Type".to_owned(), media_type(&file).to_owned())];
        headers.extend(self.headers.iter().cloned());
        let mut send = file.clone();
        if self.compress {
            headers.push(("Vary".into(), "Accept-Encoding".into()));
            if let Some((copy, coding)) = ENCODINGS.iter().find_map(|&(suffix, coding)| {
                let mut name = file.clone().into_os_string();
                name.push(format!(".{suffix}"));
                let copy = PathBuf::from(name);
                (accepts(accept_encoding, coding) && copy.is_file()).then_some((copy, coding))
            }) {
                headers.push(("Content-Encoding".into(), coding.into()));
                send = copy;
            }
        }
        Answer {
            status: 200,
            file: Some(send),
            headers,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    }
}

/// How long a kept-alive connection may sit idle.
const IDLE: Duration = Duration::from_secs(30);

/// Accepts connections until the listener fails, a thread per connection;
/// `on_request` hears each request's target first (the tests count page
/// loads with it).
pub fn serve(
    listener: &TcpListener,
    site: &Arc<Site>,
    on_request: &Arc<dyn Fn(&str) + Send + Sync>,
) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let (site, on_request) = (Arc::clone(site), Arc::clone(on_request));
        std::thread::spawn(move || {
            // A broken connection ends its thread; nothing else to do.
            let _ = connection(stream, &site, &*on_request);
        });
    }
}

/// Serves requests on one kept-alive connection until the client closes it.
fn connection(stream: TcpStream, site: &Site, on_request: &dyn Fn(&str)) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    while let Some(head) = http1::read_head(&mut reader)? {
        let (method, target, close) = (&head.method, &head.target, head.close);
        let accept = head.header("accept-encoding").unwrap_or("");
        on_request(target);
        let a = site.answer(method, target, accept);
        let body = match &a.file {
            Some(f) => std::fs::read(f)?,
            None => reason(a.status).as_bytes().to_vec(),
        };
        let mut response = format!("HTTP/1.1 {} {}\r\n", a.status, reason(a.status));
        for (k, v) in &a.headers {
            response.push_str(&format!("{k}: {v}\r\n"));
        }
        response.push_str(&format!(
            "Content-Length: {}\r\nCache-Control: no-cache\r\n{}\r\n",
            body.len(),
            if close { "Connection: close\r\n" } else { "" }
        ));
        out.write_all(response.as_bytes())?;
        if method.as_str() != "HEAD" {
            out.write_all(&body)?;
        }
        out.flush()?;
        if close {
            break;
        }
    }
    Ok(())
}
