//! The static host `./dev serve` and the browser tests serve the built page
//! from: the `_headers` rule, the pre-compressed copies by
//! `Accept-Encoding`, the sub-path, and what it refuses.

use static_host::{Site, accepts, headers_rule};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;

/// A `dist/` with a page, a module and the module's brotli copy (no gzip).
fn dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("static-host-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("snippets")).expect("a temp folder");
    for (name, body) in [
        ("index.html", "<!doctype html>page"),
        ("app_bg.wasm", "\0asm module"),
        ("app_bg.wasm.br", "brotli bytes"),
        ("snippets/workers.js", "js"),
        ("snippets/workers.js.gz", "gzip bytes"),
        (".hidden", "secret"),
    ] {
        std::fs::write(dir.join(name), body).expect("a file");
    }
    dir
}

fn site(prefix: &str, compress: bool) -> Site {
    Site {
        root: dist(),
        prefix: prefix.to_owned(),
        headers: vec![("Cross-Origin-Opener-Policy".into(), "same-origin".into())],
        compress,
    }
}

/// One request's expected answer: status, the file's name (relative to the
/// dist) and the `Content-Encoding`, if any.
fn check(
    site: &Site,
    (method, target, accept): (&str, &str, &str),
    want: (u16, Option<&str>, Option<&str>),
) {
    let a = site.answer(method, target, accept);
    let file = a.file.as_ref().map(|f| {
        f.strip_prefix(&site.root)
            .expect("inside the root")
            .to_string_lossy()
            .into_owned()
    });
    let coding = a
        .headers
        .iter()
        .find(|(k, _)| k == "Content-Encoding")
        .map(|(_, v)| v.as_str());
    assert_eq!(
        (a.status, file.as_deref(), coding),
        want,
        "{method} {target} (Accept-Encoding: {accept})"
    );
}

#[test]
fn answers_as_a_host_would() {
    let s = site("playground", true);
    let cases = [
        (
            ("GET", "/playground/", "gzip, br"),
            (200, Some("index.html"), None),
        ),
        (("GET", "/playground", ""), (200, Some("index.html"), None)),
        (
            ("GET", "/playground/?cpu-workload=fib", ""),
            (200, Some("index.html"), None),
        ),
        (
            ("GET", "/playground/app_bg.wasm", "gzip, deflate, br"),
            (200, Some("app_bg.wasm.br"), Some("br")),
        ),
        (
            ("GET", "/playground/app_bg.wasm", "gzip"),
            (200, Some("app_bg.wasm"), None),
        ),
        (
            ("GET", "/playground/app_bg.wasm", "br;q=0, gzip"),
            (200, Some("app_bg.wasm"), None),
        ),
        (
            ("GET", "/playground/snippets/workers.js", "gzip, br"),
            (200, Some("snippets/workers.js.gz"), Some("gzip")),
        ),
        (
            ("HEAD", "/playground/app_bg.wasm", "*"),
            (200, Some("app_bg.wasm.br"), Some("br")),
        ),
        (("GET", "/app_bg.wasm", "br"), (404, None, None)),
        (("GET", "/playgroundx/app_bg.wasm", "br"), (404, None, None)),
        (("GET", "/playground/../Cargo.toml", ""), (404, None, None)),
        (("GET", "/playground/.hidden", ""), (404, None, None)),
        (("GET", "/playground/missing.js", ""), (404, None, None)),
        (("POST", "/playground/", ""), (405, None, None)),
    ];
    for (request, want) in cases {
        check(&s, request, want);
    }
    // A host that does not compress sends the file as it is.
    check(
        &site("", false),
        ("GET", "/app_bg.wasm", "br"),
        (200, Some("app_bg.wasm"), None),
    );
}

#[test]
fn sends_the_headers_rule_and_the_media_type() {
    let a = site("", true).answer("GET", "/app_bg.wasm", "br");
    for want in [
        ("Content-Type", "application/wasm"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Vary", "Accept-Encoding"),
    ] {
        assert!(
            a.headers
                .iter()
                .any(|(k, v)| (k.as_str(), v.as_str()) == want),
            "{want:?} in {:?}",
            a.headers
        );
    }
}

#[test]
fn reads_the_headers_files_star_rule() {
    let text = "# comment\n/*\n  Cross-Origin-Opener-Policy: same-origin\n\tCross-Origin-Embedder-Policy: require-corp\n\n/sw.js\n  Cache-Control: no-cache\n";
    assert_eq!(
        headers_rule(text),
        [
            (
                "Cross-Origin-Opener-Policy".to_owned(),
                "same-origin".to_owned()
            ),
            (
                "Cross-Origin-Embedder-Policy".to_owned(),
                "require-corp".to_owned()
            ),
        ]
    );
    assert!(headers_rule("/sw.js\n  A: b\n").is_empty());
}

#[test]
fn reads_accept_encoding() {
    for (accept, coding, want) in [
        ("gzip, deflate, br, zstd", "br", true),
        ("gzip", "br", false),
        ("*", "gzip", true),
        ("br;q=0", "br", false),
        ("BR;q=0.5", "br", true),
        ("", "gzip", false),
    ] {
        assert_eq!(accepts(accept, coding), want, "{accept} takes {coding}");
    }
}

/// Over a real socket: a kept-alive connection answers two requests, the
/// second compressed, with the copy's length.
#[test]
fn serves_over_a_kept_alive_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("bound");
    let site = Arc::new(site("", true));
    let quiet: Arc<dyn Fn(&str) + Send + Sync> = Arc::new(|_: &str| {});
    std::thread::spawn(move || static_host::serve(&listener, &site, &quiet));
    let stream = TcpStream::connect(addr).expect("connects");
    let mut r = BufReader::new(stream.try_clone().expect("clone"));
    let mut w = stream;
    for (target, body) in [
        ("/", "<!doctype html>page"),
        ("/app_bg.wasm", "brotli bytes"),
    ] {
        write!(
            w,
            "GET {target} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n\r\n"
        )
        .expect("sent");
        let mut len = 0;
        loop {
            let mut h = String::new();
            r.read_line(&mut h).expect("a line");
            if h.trim().is_empty() {
                break;
            }
            if let Some(v) = h.strip_prefix("Content-Length:") {
                len = v.trim().parse().expect("a length");
            }
        }
        let mut got = vec![0; len];
        r.read_exact(&mut got).expect("the body");
        assert_eq!(String::from_utf8_lossy(&got), body, "{target}");
    }
}
