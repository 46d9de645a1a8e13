//! Where things are drawn, in SVG units: the bar chart ([`chart`]), the
//! timelines ([`lanes`]) and the scaling sweep ([`sweep`]). The app draws
//! what these say; native tests check the numbers.

pub mod chart;
pub mod lanes;
pub mod sweep;
