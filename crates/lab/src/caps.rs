//! What the browser gives the page, said in a visitor's words: the first
//! line of the page and, when something is missing, of the widget. The
//! figures behind it (isolation, cores, the pool, the timer) are one click
//! away on the page.

/// The page's thread pool, as far as a visitor needs to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Threads {
    /// Starting with this many threads.
    Starting(usize),
    /// Up, with this many threads.
    Ready(usize),
    /// Not available, for this reason.
    Off(String),
}

impl Threads {
    /// Whether a mode the page offers cannot run as it should here: the
    /// widget then shows the line, which it otherwise leaves out.
    #[must_use]
    pub fn missing(&self, cores: usize) -> bool {
        match self {
            Self::Starting(_) => false,
            Self::Ready(n) => *n < cores,
            Self::Off(_) => true,
        }
    }

    /// The line a visitor reads first.
    #[must_use]
    pub fn summary(&self, cores: usize) -> String {
        let threads = |n: usize| format!("{n} thread{}", if n == 1 { "" } else { "s" });
        match self {
            Self::Starting(n) => format!("Starting {} in your browser…", threads(*n)),
            Self::Ready(n) if *n >= cores => format!(
                "Your browser runs {} here, one per core: every mode can run.",
                threads(*n)
            ),
            Self::Ready(n) => format!(
                "Your browser runs {} here for {cores} cores: the thread modes cannot use them all.",
                threads(*n)
            ),
            Self::Off(why) => format!(
                "Threads are off in this browser here ({why}); processes and async still run."
            ),
        }
    }
}
