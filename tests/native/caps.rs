//! The capability line in a visitor's words: what it says, and when the
//! widget shows it (only when something is missing).

use lab::caps::Threads;

#[test]
fn the_line_says_what_runs_and_the_widget_shows_it_when_something_is_missing() {
    for (threads, cores, says, missing) in [
        (Threads::Starting(2), 2, "Starting 2 threads", false),
        (
            Threads::Ready(2),
            2,
            "runs 2 threads here, one per core",
            false,
        ),
        (Threads::Ready(1), 1, "runs 1 thread here", false),
        (
            Threads::Ready(2),
            4,
            "for 4 cores: the thread modes cannot",
            true,
        ),
        (
            Threads::Off("no SharedArrayBuffer".into()),
            8,
            "Threads are off in this browser here (no SharedArrayBuffer); processes and async still run",
            true,
        ),
    ] {
        let line = threads.summary(cores);
        assert!(line.contains(says), "{threads:?}: {line}");
        assert_eq!(threads.missing(cores), missing, "{threads:?}");
    }
}
