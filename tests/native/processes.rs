//! The process protocol: tasks serialized to a process that shares nothing
//! give the same outputs as the job run in place; chunking follows
//! `Pool.map`; bad messages are refused, not run.

use kernels::Task;
use kernels::message::{Answer, Reply, Request, chunks, decode, encode, serve_cpu};
use std::cell::Cell;

/// Sends every chunk of `w`'s job through the wire format, serves it as a process
/// would, and checks the reassembled outputs equal the sequential ones.
fn check_through_messages(w: &kernels::Workload, processes: usize) {
    let job = w.prepare().expect("valid");
    let (expected, _) = crate::helpers::check_parity(w, 1);
    let mut got = vec![None; job.len()];
    for range in chunks(job.len(), processes) {
        let req = Request::Cpu(range.map(|i| (i, job.task(i))).collect());
        let wire = encode(&req);
        let Request::Cpu(tasks) = decode(&wire).expect("parses") else {
            panic!("not a CPU request")
        };
        // A clock that ticks once per reading: every task's span must be
        // its own, in order, start before end.
        let tick = Cell::new(0.0);
        let clock = || {
            tick.set(tick.get() + 1.0);
            tick.get()
        };
        let reply = encode(&serve_cpu(&tasks, clock));
        let Answer {
            reply: Reply::Cpu(outs),
            times,
        } = decode(&reply).expect("parses")
        else {
            panic!("{w:?}: process failed: {reply:?}")
        };
        let expected_times: Vec<(f64, f64)> = (0..outs.len())
            .map(|k| (2.0 * k as f64 + 1.0, 2.0 * k as f64 + 2.0))
            .collect();
        assert_eq!(times, expected_times, "{w:?}: one span per task, in order");
        for (i, o) in outs {
            assert!(
                got[i].replace(o).is_none(),
                "{w:?}: task {i} answered twice"
            );
        }
    }
    let got: Vec<_> = got
        .into_iter()
        .map(|o| o.expect("every task answered"))
        .collect();
    assert_eq!(got, expected, "{w:?} on {processes} processes");
}

#[test]
fn every_workload_through_processes_matches_sequential() {
    for w in &crate::helpers::small_workloads() {
        for p in [1, 2, 3, 8] {
            check_through_messages(w, p);
        }
    }
}

#[test]
fn chunks_follow_pool_map() {
    // CPython: chunksize, extra = divmod(n, 4 * processes); chunksize += bool(extra).
    for (n, p, size, count) in [
        (10, 4, 1, 10),
        (1000, 4, 63, 16),
        (200, 4, 13, 16),
        (64, 2, 8, 8),
        (1, 8, 1, 1),
        (0, 4, 1, 0),
    ] {
        let c = chunks(n, p);
        assert_eq!(c.len(), count, "n={n} p={p}");
        assert!(c.iter().all(|r| r.len() <= size), "n={n} p={p}: {c:?}");
        let flat: Vec<usize> = c.into_iter().flatten().collect();
        assert_eq!(
            flat,
            (0..n).collect::<Vec<_>>(),
            "n={n} p={p}: in order, no gaps"
        );
    }
}

#[test]
fn bad_tasks_are_refused() {
    use kernels::mandelbrot::Spec;
    let spec = Spec {
        width: 10,
        height: 10,
        max_iter: 10,
    };
    for t in [
        Task::Fib(41),
        Task::Regex(String::new()),
        Task::Regex("a".repeat(10_001)),
        Task::Row(spec, 10),
        Task::Row(Spec { width: 0, ..spec }, 0),
    ] {
        let Reply::Failed(why) = serve_cpu(&[(3, t.clone())], || 0.0).reply else {
            panic!("{t:?} was run")
        };
        assert!(why.starts_with("task 3: "), "{why}");
    }
    assert!(
        matches!(serve_cpu(&[(0, Task::Fib(10))], || 0.0).reply, Reply::Cpu(v) if v == [(0, kernels::Output::Value(55))])
    );
}

#[test]
fn replies_are_put_in_order_and_checked() {
    use kernels::message::in_order;
    assert_eq!(
        in_order(3, [(2, 'c'), (0, 'a'), (1, 'b')], "task"),
        Ok(vec!['a', 'b', 'c'])
    );
    for (tagged, says) in [
        (
            vec![(0, 'a'), (0, 'b'), (1, 'c')],
            "task 0 twice or out of range",
        ),
        (
            vec![(0, 'a'), (1, 'b'), (3, 'c')],
            "task 3 twice or out of range",
        ),
        (vec![(0, 'a'), (2, 'c')], "some task got no answer"),
    ] {
        let e = in_order(3, tagged, "task").expect_err(says);
        assert!(e.contains(says), "{e}");
    }
}

#[test]
fn rows_cross_as_bulk_bytes_and_export_as_numbers() {
    use kernels::Output;
    let row = Output::Row(vec![0, 1, 255, 256, 70_000, u32::MAX]);
    let wire = encode(&row);
    // Four bytes a number and a few of framing: no varint per number.
    assert!(wire.len() <= 6 * 4 + 4, "{} bytes", wire.len());
    assert_eq!(decode::<Output>(&wire), Ok(row.clone()));
    // A cut-off row is refused, not read short.
    let cut = &wire[..wire.len() - 1];
    assert!(decode::<Output>(cut).is_err());
    // So is a row of five bytes (variant 2, length 5): not whole numbers.
    assert!(decode::<Output>(&[2, 5, 1, 2, 3, 4, 5]).is_err());
    assert_eq!(
        decode::<Output>(&[2, 4, 1, 0, 0, 0]),
        Ok(Output::Row(vec![1]))
    );
    // People read the JSON export: a list of numbers there.
    assert_eq!(
        serde_json::to_string(&row).expect("json"),
        r#"{"Row":[0,1,255,256,70000,4294967295]}"#
    );
}

/// A process runs on a small stack (`process_module::STACK_BYTES`, 128 KiB
/// against the linker's 1 MiB): what a process does with a request (read
/// it, run its tasks, write the reply) at the deepest inputs the page
/// accepts fits in a quarter of it. Natively, in a thread of that size: an
/// overflow there fails this test (it aborts the test binary).
#[test]
fn a_process_stack_holds_every_workload_at_its_deepest() {
    use kernels::Workload;
    let workloads = [
        // Recursion as deep as the form allows.
        Workload::Fib {
            ns: vec![kernels::fib::MAX_N],
        },
        // The longest string: the pattern's loops run over all of it.
        Workload::Regex {
            seed: 7,
            count: 2,
            len: 10_000,
        },
        Workload::SumRandom {
            seed: 7,
            tasks: 2,
            count: 10_000,
        },
        Workload::Mandelbrot(kernels::mandelbrot::Spec {
            width: 64,
            height: 2,
            max_iter: 1000,
        }),
    ];
    for w in workloads {
        // The whole round trip, the sequential run it is checked against
        // included, on that stack.
        std::thread::Builder::new()
            .stack_size(process_module::STACK_BYTES / 4)
            .spawn(move || check_through_messages(&w, 1))
            .expect("a thread")
            .join()
            .expect("served on a quarter of a process's stack");
    }
}
