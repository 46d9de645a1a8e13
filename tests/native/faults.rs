//! The fault-injection control: what it accepts, and what an injected fault
//! does to a process's request (the browser tests watch the supervisor).

use kernels::Task;
use kernels::Workload;
use kernels::message::{Fault, Reply, Request, decode, encode, serve_cpu_panicking};
use lab::faults::{self, Fault as Choice};
use lab::form::Fields;

fn check(kind: &str, task: &str, process: &str, want: Result<Choice, &str>) {
    let fields = Fields::from([
        (faults::TASK.key, task.to_owned()),
        (faults::PROCESS.key, process.to_owned()),
    ]);
    // A run of 6 tasks on 2 processes.
    let Some(k) = faults::FaultKind::from_key(kind) else {
        assert_eq!(want, Err("fault"), "{kind}: not a choice of the control");
        return;
    };
    match (faults::parse(k, &fields, 6, 2), want) {
        (Ok(got), Ok(want)) => assert_eq!(got, want, "{kind} {task} {process}"),
        (Err(e), Err(field)) => assert_eq!(e.field, field, "{kind} {task} {process}: {e}"),
        (got, want) => panic!("{kind} {task:?} {process:?}: {got:?}, want {want:?}"),
    }
}

#[test]
fn the_control_accepts_only_tasks_and_processes_of_the_run() {
    check("none", "x", "x", Ok(Choice::None));
    check("panic", "0", "x", Ok(Choice::TaskPanics(0)));
    check("panic", "5", "1", Ok(Choice::TaskPanics(5)));
    check("panic", "6", "1", Err("fault_task"));
    check("panic", "-1", "1", Err("fault_task"));
    check("panic", "", "1", Err("fault_task"));
    check("die", "0", "1", Ok(Choice::ProcessDies(0)));
    check("die", "0", "2", Ok(Choice::ProcessDies(1)));
    check("die", "0", "0", Err("fault_process"));
    check("die", "0", "3", Err("fault_process"));
    check("die", "0", "NaN", Err("fault_process"));
    check("<script>", "0", "1", Err("fault"));
    // A panic is refused only where it would end the page.
    assert!(
        faults::refuse_on_page(Choice::TaskPanics(1), true).is_err_and(|e| e.field == "fault_task")
    );
    assert_eq!(
        faults::refuse_on_page(Choice::TaskPanics(1), false),
        Ok(Choice::TaskPanics(1))
    );
    assert_eq!(
        faults::refuse_on_page(Choice::ProcessDies(0), true),
        Ok(Choice::ProcessDies(0))
    );
    assert_eq!(faults::refuse_on_page(Choice::None, true), Ok(Choice::None));
    assert_eq!(
        faults::task_count(&Workload::default_for("mandelbrot").expect("known")),
        600
    );
}

#[test]
fn an_injected_panic_strikes_only_the_chunk_with_its_task() {
    let chunk = vec![(3, Task::Fib(10)), (4, Task::Fib(11))];
    // Not in this chunk: served as usual.
    let a = serve_cpu_panicking(&chunk, Some(7), || 0.0);
    assert!(
        matches!(a.reply, Reply::Cpu(ref v) if v.len() == 2),
        "{a:?}"
    );
    // In it: a real panic (natively it unwinds; the page's build aborts,
    // which kills the process).
    let caught = std::panic::catch_unwind(|| serve_cpu_panicking(&chunk, Some(4), || 0.0));
    let why = caught.expect_err("task 4 panics");
    let text = why.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(text.contains("task 4 panicked"), "{text}");
    // The faulty request crosses the wire like any other.
    for fault in [Fault::Panic(4), Fault::Die] {
        let req = Request::Faulty(chunk.clone(), fault);
        assert_eq!(decode::<Request>(&encode(&req)).expect("parses"), req);
    }
}
