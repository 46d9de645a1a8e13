//! What the browser offers and how the page reads it: capabilities
//! (isolation, cores, timer resolution), the reload that gets isolation
//! from the service worker, the frame and long-task meter, the pacer of
//! the async mode's sends, and JavaScript errors as text.

pub mod caps;
pub mod isolation;
pub mod js_error;
pub mod meter;
pub mod pace;
