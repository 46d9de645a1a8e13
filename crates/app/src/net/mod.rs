//! The network: the in-page endpoint's start (the service worker) and the
//! page's `fetch` client with its retries. The blocking request a worker
//! makes is `process_module::blocking`, shared with the process module.

pub mod endpoint;
pub mod fetch;
