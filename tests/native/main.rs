//! Native tests of the kernels: known values, independent oracles, parity.

mod fib;
mod gil;
mod helpers;
mod io;
mod lab;
mod mandelbrot;
mod parity;
mod processes;
mod regex;
mod sum_random;
