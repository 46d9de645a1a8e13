//! Native tests of the kernels: known values, independent oracles, parity.

mod backtrack;
mod bad_input;
mod breakdown;
mod cancel;
mod caps;
mod dead_thread;
mod delay_server;
mod embed;
mod export;
mod failing_io;
mod faults;
mod fib;
mod gil;
mod helpers;
mod http1;
mod hybrid;
mod io;
mod lab;
mod lanes;
mod layout;
mod lessons;
mod mandelbrot;
mod panel;
mod parity;
mod processes;
#[path = "../python.rs"]
mod python;
mod regex;
mod retry;
mod share;
mod static_host;
mod sum_random;
mod timeline;
mod tour;
