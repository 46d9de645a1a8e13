//! The tour's steps, in the order a visitor meets them: CPU work and the
//! GIL, the articles' two benchmarks, waiting work and its limits, the
//! blocked event loop, a supervisor, and the hybrid of all three.
//!
//! Sizes: a step runs in about 1–3 s on a laptop. Compiled Rust does the
//! articles' CPU tasks far faster than CPython, so where the article's
//! sizes would finish in milliseconds (where starting a pool and the
//! timer's step weigh as much as the work) the step's are larger, in the
//! same proportions, and the article's are one click away.

use super::{Panel, Step};
use crate::form::{FIB_SIZES, SUM_SIZES};

const MATRIX: &str = "“Decoding the Multitasking Matrix: Async vs Threads vs Processes”";
const SCALE: &str = "“How To Scale Your Python Services”";
const HACKER: &str = "“The Hacker's Guide to Scaling in Python”";
const TRADITIONAL: &str = "“Traditional way to scaling Python”";

/// fib over the article's list, 6 larger.
const FIB: (&str, &str) = ("ns", "34, 36, 38");
/// One warm-up and three counted runs per mode.
const CPU_REPEATS: [(&str, &str); 2] = [("warmup", "1"), ("repeats", "3")];

/// Every step, in order.
pub static STEPS: [Step; 11] = [
    Step {
        id: "processes",
        title: "CPU work on a pool",
        claim: "Fibonacci of [28, 30, 32] mapped over a multiprocessing.Pool: \
            “Multiprocessing fully utilizes multiple CPUs for parallelism.” The article prints \
            no time.",
        source: MATRIX,
        watch: "Run the three tasks one after another, then on threads and on processes, \
            one per core. Look at how far the pools get, and at the longest task: no pool \
            can finish before it does.",
        sizes: Some(FIB_SIZES),
        panel: Panel::Cpu,
        settings: &[
            ("workload", "fib"),
            FIB,
            ("modes", "sequential,threads,processes"),
            CPU_REPEATS[0],
            CPU_REPEATS[1],
        ],
        article: Some(&[
            ("workload", "fib"),
            ("ns", "28, 30, 32"),
            ("modes", "sequential,threads,processes"),
        ]),
    },
    Step {
        id: "gil-cpu",
        title: "The GIL on CPU work",
        claim: "CPython lets one thread at a time run Python code, so “pure computational \
            work won't see speedup” from threads.",
        source: MATRIX,
        watch: "The same tasks on threads that must take turns under one lock, as CPython's \
            threads do, and on threads that need not (free-threaded CPython, or Rust). \
            Compare both with one thread alone.",
        sizes: Some(FIB_SIZES),
        panel: Panel::Cpu,
        settings: &[
            ("workload", "fib"),
            FIB,
            ("modes", "sequential,threads,gil"),
            ("switch_ms", "5"),
            CPU_REPEATS[0],
            CPU_REPEATS[1],
        ],
        article: Some(&[
            ("workload", "fib"),
            ("ns", "28, 30, 32"),
            ("modes", "sequential,threads,gil"),
        ]),
    },
    Step {
        id: "gil-io",
        title: "The GIL on waiting work",
        claim: "“I/O-bound work (HTTP calls, DB queries, filesystem/network waits) releases \
            the GIL during blocking operations, so threads or asyncio can improve throughput on one machine.”",
        source: HACKER,
        watch: "40 requests that each wait 50 ms, one after another, then on 4 threads with \
            and without the lock: a thread lets go of it while it waits.",
        sizes: None,
        panel: Panel::Io,
        settings: &[
            ("requests", "40"),
            ("delay_ms", "50"),
            ("modes", "sequential,threads,gil"),
            ("threads", "4"),
            ("endpoint", "inpage"),
        ],
        article: None,
    },
    Step {
        id: "regex",
        title: "A regex over 1000 strings",
        claim: "The pattern (?:(\\w)(?!.*\\1)){10} searched in 1000 random strings of 1000 \
            letters and digits: 12.88 s one after another, 8.42 s on Pool(4), ×1.53.",
        source: SCALE,
        watch: "The article's own inputs, sequentially and on 4 processes. Compare the \
            speedup with the article's, and with the cores this device has.",
        sizes: None,
        panel: Panel::Cpu,
        settings: &[
            ("workload", "regex"),
            ("count", "1000"),
            ("len", "1000"),
            ("seed", "42"),
            ("modes", "sequential,processes"),
            ("processes", "4"),
            CPU_REPEATS[0],
            CPU_REPEATS[1],
        ],
        article: None,
    },
    Step {
        id: "sum",
        title: "8 workers summing random numbers",
        claim: "8 processes each sum 1,000,000 random integers from 1 to 100, started by hand \
            and then with Pool(processes=8).map. The article prints the sums, not the time.",
        source: HACKER,
        watch: "8 tasks one after another, then on 8 processes: more processes than cores \
            take turns on the cores there are.",
        sizes: Some(SUM_SIZES),
        panel: Panel::Cpu,
        settings: &[
            ("workload", "sum_random"),
            ("tasks", "8"),
            ("count", "10000000"),
            ("seed", "42"),
            ("modes", "sequential,processes"),
            ("processes", "8"),
            CPU_REPEATS[0],
            CPU_REPEATS[1],
        ],
        article: Some(&[
            ("workload", "sum_random"),
            ("tasks", "8"),
            ("count", "1000000"),
            ("seed", "42"),
            ("modes", "sequential,processes"),
            ("processes", "8"),
        ]),
    },
    Step {
        id: "fetch",
        title: "200 requests three ways",
        claim: "200 URL fetches: 37.98 s one after another, 13.59 s on ThreadPool(4), \
            3.43 s with asyncio.",
        source: SCALE,
        watch: "200 requests that each wait 10 ms: one after another, on 4 blocking threads, \
            and all at once on the event loop.",
        sizes: Some(
            "The article's requests took about 190 ms each; here each waits 10 ms at an \
             endpoint inside this page, so the run takes seconds, not a minute. The article's \
             latency is one click away.",
        ),
        panel: Panel::Io,
        settings: &[
            ("requests", "200"),
            ("delay_ms", "10"),
            ("modes", "sequential,threads,async"),
            ("threads", "4"),
            ("endpoint", "inpage"),
        ],
        article: Some(&[
            ("requests", "200"),
            ("delay_ms", "190"),
            ("modes", "sequential,threads,async"),
            ("threads", "4"),
            ("endpoint", "inpage"),
        ]),
    },
    Step {
        id: "connections",
        title: "Six at a time per host",
        claim: "asyncio 3.43 s against 37.98 s one after another: “asyncio is efficient for \
            I/O-bound tasks due to minimized overhead”.",
        source: SCALE,
        watch: "120 requests that each wait 20 ms, one after another and then all at once on \
            the event loop, now over real sockets to a delay server speaking HTTP/1.1. A \
            browser opens at most 6 connections to one host: watch how many the network line \
            shows at once, and the time the last request was held by the browser. The delay \
            server runs on your machine (./dev serve starts it beside the page); in the lab, \
            “under 40 host names” lifts the limit.",
        sizes: None,
        panel: Panel::Io,
        settings: &[
            ("requests", "120"),
            ("delay_ms", "20"),
            ("modes", "sequential,async"),
            ("endpoint", "server"),
        ],
        article: None,
    },
    Step {
        id: "limits",
        title: "Backpressure and timeouts",
        claim: "“Backpressure: Add timeouts, semaphores, and bounded queues (asyncio.Semaphore, \
            anyio) to protect upstream services.”",
        source: HACKER,
        watch: "200 requests on the event loop, at most 20 at a time; one in 20 answers comes \
            2 s late, and each attempt is given up after 300 ms and tried once more.",
        sizes: None,
        panel: Panel::Io,
        settings: &[
            ("requests", "200"),
            ("delay_ms", "10"),
            ("limit", "20"),
            ("fail", "slow"),
            ("fail_rate", "5"),
            ("slow_ms", "2000"),
            ("retries", "1"),
            ("timeout_ms", "300"),
            ("modes", "async"),
            ("endpoint", "inpage"),
        ],
        article: None,
    },
    Step {
        id: "blocking",
        title: "Blocking the event loop",
        claim: "asyncio “only works well if everything in your project uses AsyncIO”: a call \
            that blocks inside the event loop holds up everything else the loop runs.",
        source: TRADITIONAL,
        watch: "The same tasks on a worker thread, then on this page's own thread, which also \
            draws the page: watch the dot above stop, and the longest frame gap measured.",
        sizes: None,
        panel: Panel::Cpu,
        settings: &[
            ("workload", "fib"),
            FIB,
            ("modes", "sequential,main"),
            ("warmup", "0"),
            ("repeats", "1"),
        ],
        article: None,
    },
    Step {
        id: "supervisor",
        title: "A supervisor relaunches crashed workers",
        claim: "A master process watches its workers: “if one of the processes crashes, it is \
            automatically relaunched” (cotyledon).",
        source: HACKER,
        watch: "The tasks on processes, one of which dies on its first request of every run: \
            the page starts a replacement, hands it the request, and checks the answer.",
        sizes: None,
        panel: Panel::Cpu,
        settings: &[
            ("workload", "fib"),
            FIB,
            ("modes", "sequential,processes"),
            ("fault", "die"),
            ("fault_process", "1"),
            CPU_REPEATS[0],
            CPU_REPEATS[1],
        ],
        article: None,
    },
    Step {
        id: "hybrid",
        title: "Async fetches feeding a pool",
        claim: "Asyncio for the waiting and a process pool for the computing: “thoughtfully \
            combining asynchronous programming, multi-threading, and multi-processing often \
            yields the best results.”",
        source: MATRIX,
        watch: "24 items, each fetched (50 ms) and then summed: one by one, all fetched then \
            all summed, and fetched with each handed to a pool the moment it lands.",
        sizes: None,
        panel: Panel::Hybrid,
        settings: &[
            ("items", "24"),
            ("delay_ms", "50"),
            ("count", "10000000"),
            ("modes", "sequential,async,threads,processes"),
        ],
        article: None,
    },
];
