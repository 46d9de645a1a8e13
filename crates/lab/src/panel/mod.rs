//! What each panel decides, as plain values: which of the ticked modes a
//! click runs, what is refused and why, and the rules that tie one control
//! to another. The app's panels read their controls into these structs and
//! render what they say; the native tests check the decisions directly.

pub mod cpu;
pub mod hybrid;
pub mod io;

/// Where a part the page starts on load stands: its thread pool, its
/// in-page endpoint. While one starts, a click on Run waits for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Startup {
    /// Not up yet.
    Starting,
    /// Up.
    Up,
    /// It will not come (the page says why).
    Failed,
}

pub use cpu::CpuChoice;
pub use hybrid::HybridChoice;
pub use io::IoChoice;
