//! The network: the in-page endpoint's start (the service worker), the
//! page's `fetch` client with its retries, and the blocking request a
//! worker makes (relayed through the page where it is isolated).

pub mod blocking;
pub mod endpoint;
pub mod fetch;
