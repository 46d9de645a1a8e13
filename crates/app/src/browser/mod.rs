//! What the browser offers and how the page reads it: capabilities
//! (isolation, cores, timer resolution), the reload that gets isolation
//! from the service worker, the frame and long-task meter, the pacer of
//! the async mode's sends, and the focus that follows a run. (JavaScript errors as text: `process_module::js_error`.)

pub mod caps;
pub mod focus;
pub mod isolation;
pub mod meter;
pub mod pace;
