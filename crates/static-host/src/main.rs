//! `static-host DIR [ADDR] [--prefix PATH] [--no-compress] [--no-headers]`:
//! serves the built page in DIR (a `dist/`) on ADDR (default
//! `127.0.0.1:8080`) as a static host would, until stopped. `./dev serve`
//! starts it.

use std::net::TcpListener;
use std::sync::Arc;

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let (mut prefix, mut compress, mut headers) = (String::new(), true, true);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--prefix" => prefix = args.next().unwrap_or_default().trim_matches('/').to_owned(),
            "--no-compress" => compress = false,
            "--no-headers" => headers = false,
            _ => positional.push(a),
        }
    }
    let Some(root) = positional.first() else {
        eprintln!("usage: static-host DIR [ADDR] [--prefix PATH] [--no-compress] [--no-headers]");
        return std::process::ExitCode::from(2);
    };
    let addr = positional.get(1).map_or("127.0.0.1:8080", String::as_str);
    let rules = std::fs::read_to_string(std::path::Path::new(root).join("_headers"))
        .map(|t| static_host::headers_rule(&t))
        .unwrap_or_default();
    let site = static_host::Site {
        root: root.into(),
        prefix,
        headers: if headers { rules } else { Vec::new() },
        compress,
    };
    let listener = match TcpListener::bind(addr) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("static-host: cannot listen on {addr}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    eprintln!(
        "static-host: {} on http://{addr}/{} ({} headers of _headers, {})",
        site.root.display(),
        site.prefix,
        site.headers.len(),
        if site.compress {
            "brotli or gzip when accepted"
        } else {
            "uncompressed"
        }
    );
    static_host::serve(
        &listener,
        &Arc::new(site),
        &(Arc::new(|_: &str| {}) as Arc<dyn Fn(&str) + Send + Sync>),
    );
    std::process::ExitCode::SUCCESS
}
