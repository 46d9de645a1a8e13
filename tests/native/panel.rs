//! Each panel's decisions (`lab::panel`): which of the ticked modes a click
//! runs, and the rules tying one control to another.

use kernels::io::{Endpoint, IoParams};
use lab::ModeKind::{self, Async, Gil, MainThread, Processes, Sequential, Threads};
use lab::mode::{CpuMode, HybridMode, IoMode};
use lab::panel::{CpuChoice, HybridChoice, IoChoice, Startup, io};

fn cpu(ticked: &[ModeKind], switch_ms: Option<u32>, pool: Option<usize>) -> CpuChoice {
    CpuChoice {
        ticked: ticked.to_vec(),
        workers: 3,
        processes: 2,
        switch_ms,
        pool,
    }
}

#[test]
fn cpu_runs_what_is_ticked_and_can_run_in_the_page_order() {
    let all = [MainThread, Processes, Gil, Threads, Sequential];
    // (ticked, interval, pool) → modes, and whether Run waits for the GIL field.
    type Case<'a> = (
        &'a [ModeKind],
        Option<u32>,
        Option<usize>,
        Vec<CpuMode>,
        bool,
    );
    let cases: [Case; 5] = [
        (
            &all,
            Some(5),
            Some(2),
            vec![
                CpuMode::Sequential,
                CpuMode::Threads(3),
                CpuMode::Gil(3, 5),
                CpuMode::Processes(2),
                CpuMode::MainThread,
            ],
            false,
        ),
        // No pool: the thread modes cannot run; the rest do.
        (
            &all,
            Some(5),
            None,
            vec![
                CpuMode::Sequential,
                CpuMode::Processes(2),
                CpuMode::MainThread,
            ],
            false,
        ),
        // A bad interval drops the GIL mode, and holds Run until fixed.
        (
            &[Gil, Threads],
            None,
            Some(2),
            vec![CpuMode::Threads(3)],
            true,
        ),
        (&[Threads], None, Some(2), vec![CpuMode::Threads(3)], false),
        (&[], Some(5), Some(2), vec![], false),
    ];
    for (ticked, ms, pool, want, waits) in cases {
        let c = cpu(ticked, ms, pool);
        assert_eq!(c.modes(), want, "{c:?}");
        assert_eq!(c.gil_blocks(), waits, "{c:?}");
    }
}

#[test]
fn cpu_knows_what_would_run_on_the_pages_thread() {
    // A panic injected there would end the page: the fault is refused.
    assert!(cpu(&[MainThread], None, Some(2)).on_page());
    assert!(cpu(&[Sequential], None, None).on_page(), "no pool");
    assert!(!cpu(&[Sequential, Threads], None, Some(2)).on_page());
    assert!(
        !cpu(&[Processes], None, None).on_page(),
        "processes are apart"
    );
    // The budget sees every mode but processes as the page's own without a pool.
    let c = cpu(&[Sequential, Processes], None, None);
    assert_eq!(c.budget_kinds(&c.modes()), [MainThread, Processes]);
    let c = cpu(&[Sequential, Gil], Some(5), Some(2));
    assert_eq!(c.budget_kinds(&c.modes()), [Sequential, Gil]);
}

#[test]
fn a_sweep_runs_every_count_up_to_the_cores() {
    let with = cpu(&[], None, Some(2)).sweep_modes(2);
    assert_eq!(
        with,
        [
            CpuMode::Sequential,
            CpuMode::Threads(1),
            CpuMode::Threads(2),
            CpuMode::Processes(1),
            CpuMode::Processes(2)
        ]
    );
    let without = cpu(&[], None, None).sweep_modes(3);
    assert_eq!(
        without.len(),
        4,
        "sequential and processes ×1…3: {without:?}"
    );
}

#[test]
fn io_thread_modes_need_shared_memory_and_keep_their_tick() {
    let mut c = IoChoice {
        ticked: vec![Async, Gil, Threads, Sequential, Processes],
        threads: 4,
        processes: 2,
        can_share_memory: true,
    };
    assert_eq!(
        c.modes(),
        [
            IoMode::Sequential,
            IoMode::Threads(4),
            IoMode::Gil(4, io::SWITCH_INTERVAL_MS),
            IoMode::Processes(2),
            IoMode::Async
        ]
    );
    c.can_share_memory = false;
    assert_eq!(
        c.modes(),
        [IoMode::Sequential, IoMode::Processes(2), IoMode::Async]
    );
}

#[test]
fn io_faults_only_where_the_endpoint_injects_them_and_the_in_page_one_must_be_up() {
    let faulty = IoParams {
        faults: kernels::io::Faults {
            kind: kernels::io::FaultKind::Error,
            rate: 10,
            ..Default::default()
        },
        ..IoParams::default()
    };
    let any = Endpoint::Any("http://example.test/x".into());
    let e = io::with_endpoint(faulty, Some(&any)).expect_err("a URL of one's own");
    assert_eq!(e.field, "fail");
    assert!(io::with_endpoint(faulty, Some(&Endpoint::InPage)).is_ok());
    assert!(
        io::with_endpoint(IoParams::default(), Some(&any)).is_ok(),
        "no faults asked"
    );
    let in_page = Some(&Endpoint::InPage);
    assert!(!io::endpoint_ready(in_page, Startup::Failed));
    assert!(io::endpoint_ready(in_page, Startup::Up));
    assert!(
        io::endpoint_ready(in_page, Startup::Starting),
        "a click waits for it"
    );
    assert!(
        io::endpoint_ready(Some(&any), Startup::Failed),
        "tried when used"
    );
    assert!(!io::endpoint_ready(None, Startup::Up), "a bad URL");
}

#[test]
fn hybrid_runs_threads_only_with_the_pool_and_processes_one_per_core() {
    let mut c = HybridChoice {
        ticked: vec![Processes, Threads, Async, Sequential],
        pool: true,
        cores: 3,
    };
    assert_eq!(
        c.modes(),
        [
            HybridMode::Sequential,
            HybridMode::AsyncThenCompute,
            HybridMode::AsyncThreads,
            HybridMode::AsyncProcesses(3)
        ]
    );
    c.pool = false;
    assert!(!c.modes().contains(&HybridMode::AsyncThreads));
}
