//! What a run shows: the results (chart, table, verdict, lessons), the
//! scaling sweep's chart, the timelines, the I/O breakdown, and the
//! exports.

pub mod breakdown;
pub mod export;
pub mod results;
pub mod sweep;
pub mod timeline;
