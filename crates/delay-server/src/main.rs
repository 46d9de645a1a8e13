//! `delay-server [ADDR]`: serves `GET /io/delay?ms=M&id=I` on ADDR
//! (default `127.0.0.1:8081`) until stopped. `./dev serve` starts it.

use std::net::TcpListener;
use std::sync::Arc;

fn main() -> std::process::ExitCode {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| delay_server::DEFAULT_ADDR.to_owned());
    let listener = match TcpListener::bind(&addr) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("delay-server: cannot listen on {addr}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    eprintln!("delay-server: http://{addr}/io/delay?ms=100&id=0");
    delay_server::serve(&listener, &Arc::default());
    std::process::ExitCode::SUCCESS
}
