//! Browser end-to-end tests: the page served by `trunk serve`, driven as a
//! user drives it (pick, type, click, wait, read) in headless Chromium, and
//! the core of it again in Firefox and WebKit (`engine`), with every checksum
//! it shows compared to the same kernels run natively here.
//!
//! Needs `trunk`, the browsers and their WebDriver servers; `./dev test`
//! installs them. Tests assert correctness, never speed.

mod a11y;
mod cpu;
mod engine;
mod harness;
mod hosting;
mod io;
mod page;
mod phone;
mod robust;
mod tour;

use engine::Engine;
use harness::Env;
use libtest_mimic::{Arguments, Failed, Trial};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

type Test = fn(page::Page) -> Pin<Box<dyn Future<Output = Result<(), Failed>> + Send>>;

/// Every browser test, by name.
const TESTS: &[(&str, Test)] = &[
    ("page_is_cross_origin_isolated_with_a_full_pool", |p| {
        Box::pin(cpu::isolated_with_full_pool(p))
    }),
    ("fib_runs_in_every_mode_and_matches_native", |p| {
        Box::pin(cpu::fib(p))
    }),
    ("regex_runs_in_every_mode_and_matches_native", |p| {
        Box::pin(cpu::regex(p))
    }),
    ("sum_random_runs_in_every_mode_and_matches_native", |p| {
        Box::pin(cpu::sum_random(p))
    }),
    (
        "mandelbrot_runs_in_every_mode_matches_native_and_draws",
        |p| Box::pin(cpu::mandelbrot(p)),
    ),
    ("a_click_before_the_pool_is_up_runs_once_it_is", |p| {
        Box::pin(cpu::a_click_before_the_pool_is_up_runs_once_it_is(p))
    }),
    ("threads_run_with_a_pool_of_one", |p| {
        Box::pin(cpu::pool_of_one(p))
    }),
    ("gil_reports_handoffs_and_validates_its_interval", |p| {
        Box::pin(cpu::gil_reports_handoffs_and_validates_its_interval(p))
    }),
    ("processes_start_apart_warm_or_cold", |p| {
        Box::pin(cpu::processes_start_apart_warm_or_cold(p))
    }),
    ("without_isolation_processes_still_run", |p| {
        Box::pin(cpu::without_isolation_processes_still_run(p))
    }),
    (
        "a_static_host_without_headers_is_isolated_after_one_reload",
        |p| Box::pin(hosting::a_static_host_without_headers_is_isolated_after_one_reload(p)),
    ),
    (
        "the_widget_on_another_site_is_isolated_by_its_headers",
        |p| Box::pin(hosting::the_widget_on_another_site_is_isolated_by_its_headers(p)),
    ),
    ("the_widget_in_a_page_without_isolation_degrades", |p| {
        Box::pin(hosting::the_widget_in_a_page_without_isolation_degrades(p))
    }),
    ("the_tour_runs_on_the_built_page", |p| {
        Box::pin(hosting::the_tour_runs_on_the_built_page(p))
    }),
    ("a_steps_widget_in_a_post_runs_from_its_first_screen", |p| {
        Box::pin(hosting::a_steps_widget_in_a_post_runs_from_its_first_screen(p))
    }),
    ("repetitions_give_every_mode_a_sample_per_run", |p| {
        Box::pin(cpu::repetitions_give_every_mode_a_sample_per_run(p))
    }),
    ("sweep_draws_one_point_per_worker_count", |p| {
        Box::pin(cpu::sweep_draws_one_point_per_worker_count(p))
    }),
    ("a_copied_link_reproduces_the_configuration", |p| {
        Box::pin(cpu::a_copied_link_reproduces_the_configuration(p))
    }),
    ("io_and_hybrid_links_reproduce_their_configuration", |p| {
        Box::pin(io::io_and_hybrid_links_reproduce_their_configuration(p))
    }),
    ("the_main_thread_mode_freezes_the_page", |p| {
        Box::pin(cpu::the_main_thread_mode_freezes_the_page(p))
    }),
    ("matrix_marks_exactly_the_modes_the_page_runs", |p| {
        Box::pin(cpu::matrix_marks_exactly_the_modes_the_page_runs(p))
    }),
    ("bad_input_is_shown_at_its_field_and_blocks_run", |p| {
        Box::pin(cpu::bad_input(p))
    }),
    (
        "bad_values_in_every_panel_are_refused_at_their_field",
        |p| Box::pin(robust::bad_values_in_every_panel_are_refused_at_their_field(p)),
    ),
    (
        "a_link_with_payloads_in_every_parameter_changes_nothing",
        |p| Box::pin(robust::a_link_with_payloads_in_every_parameter_changes_nothing(p)),
    ),
    (
        "injected_faults_are_supervised_and_answers_stay_right",
        |p| Box::pin(robust::injected_faults_are_supervised_and_answers_stay_right(p)),
    ),
    ("stop_ends_runs_of_every_mode_and_the_page_runs_on", |p| {
        Box::pin(robust::stop_ends_runs_of_every_mode_and_the_page_runs_on(p))
    }),
    (
        "a_long_session_keeps_workers_memory_and_times_steady",
        |p| Box::pin(robust::a_long_session_keeps_workers_memory_and_times_steady(p)),
    ),
    ("failing_endpoints_are_counted_retried_and_predicted", |p| {
        Box::pin(robust::failing_endpoints_are_counted_retried_and_predicted(
            p,
        ))
    }),
    ("a_stalled_server_ends_each_io_mode_with_a_timeout", |p| {
        Box::pin(robust::a_stalled_server_ends_each_io_mode_with_a_timeout(p))
    }),
    (
        "io_sequential_and_async_return_the_expected_checksum",
        |p| Box::pin(io::sequential_and_async(p)),
    ),
    (
        "io_blocking_threads_and_processes_hold_one_request_each",
        |p| Box::pin(io::blocking_threads_and_processes_hold_one_request_each(p)),
    ),
    ("io_a_real_server_shows_the_browsers_connection_cap", |p| {
        Box::pin(io::a_real_server_shows_the_browsers_connection_cap(p))
    }),
    ("io_blocking_workers_overlap_on_one_fixed_url", |p| {
        Box::pin(io::blocking_workers_overlap_on_one_fixed_url(p))
    }),
    ("io_no_mode_holds_the_page_thread", |p| {
        Box::pin(io::no_io_mode_holds_the_page_thread(p))
    }),
    (
        "a_pool_that_cannot_start_is_reported_and_the_other_modes_run",
        |p| Box::pin(robust::a_pool_that_cannot_start_is_reported_and_the_other_modes_run(p)),
    ),
    ("io_sharding_lifts_the_connection_cap", |p| {
        Box::pin(io::sharding_lifts_the_connection_cap(p))
    }),
    ("hybrid_pipeline_runs_every_arrangement", |p| {
        Box::pin(io::hybrid_pipeline_runs_every_arrangement(p))
    }),
    ("io_async_with_a_limit_returns_the_expected_checksum", |p| {
        Box::pin(io::async_with_limit(p))
    }),
    (
        "axe_finds_nothing_serious_on_the_page_a_run_or_the_widget",
        |p| Box::pin(a11y::axe_finds_nothing_serious_on_the_page_a_run_or_the_widget(p)),
    ),
    ("a_run_is_started_stopped_and_read_by_keyboard_alone", |p| {
        Box::pin(a11y::a_run_is_started_stopped_and_read_by_keyboard_alone(p))
    }),
    (
        "on_a_phone_nothing_scrolls_sideways_and_targets_are_44_px",
        |p| Box::pin(phone::on_a_phone_nothing_scrolls_sideways_and_targets_are_44_px(p)),
    ),
    ("a_visitor_walks_the_whole_tour", |p| {
        Box::pin(tour::a_visitor_walks_the_whole_tour(p))
    }),
    ("a_steps_link_opens_it_in_the_page_and_the_widget", |p| {
        Box::pin(tour::a_steps_link_opens_it_in_the_page_and_the_widget(p))
    }),
];

/// What also runs in Firefox and WebKit (as `firefox::…`, `webkit::…`):
/// load and isolation, every CPU mode against native checksums, every I/O
/// mode, the widget (and a step's, in a post), a share link, a pool that cannot
/// start, the tour and a phone-sized page. The long
/// suites (soak, Stop, faults, the static hosts) run in Chromium only, to
/// keep `./dev test` well inside its time.
const EVERY_ENGINE: &[&str] = &[
    "page_is_cross_origin_isolated_with_a_full_pool",
    "fib_runs_in_every_mode_and_matches_native",
    "regex_runs_in_every_mode_and_matches_native",
    "sum_random_runs_in_every_mode_and_matches_native",
    "mandelbrot_runs_in_every_mode_matches_native_and_draws",
    "io_sequential_and_async_return_the_expected_checksum",
    "io_blocking_threads_and_processes_hold_one_request_each",
    "the_widget_on_another_site_is_isolated_by_its_headers",
    "a_copied_link_reproduces_the_configuration",
    "a_pool_that_cannot_start_is_reported_and_the_other_modes_run",
    "axe_finds_nothing_serious_on_the_page_a_run_or_the_widget",
    "a_run_is_started_stopped_and_read_by_keyboard_alone",
    "a_visitor_walks_the_whole_tour",
    "a_steps_link_opens_it_in_the_page_and_the_widget",
    "a_steps_widget_in_a_post_runs_from_its_first_screen",
    "on_a_phone_nothing_scrolls_sideways_and_targets_are_44_px",
];

/// What runs in WebKitGTK as shipped (no `SharedArrayBuffer`), and only
/// there: that the page names the gap and runs the rest.
const WEBKITGTK: &[(&str, Test)] = &[(
    "isolated_without_shared_memory_names_why_and_runs_the_rest",
    |p| Box::pin(robust::isolated_without_shared_memory_names_why_and_runs_the_rest(p)),
)];

/// The tests `engine` runs.
fn tests_of(engine: Engine) -> impl Iterator<Item = &'static (&'static str, Test)> {
    let shared = TESTS.iter().filter(move |(name, _)| match engine {
        Engine::Chromium => true,
        Engine::Firefox | Engine::WebKit => EVERY_ENGINE.contains(name),
        Engine::WebKitGtk => false,
    });
    let own = if engine == Engine::WebKitGtk {
        WEBKITGTK
    } else {
        &[]
    };
    shared.chain(own)
}

type Envs = Arc<[OnceLock<Result<Env, String>>; Engine::ALL.len()]>;

/// The session of `engine`, started on first use. Firefox and WebKit load
/// the page from Chromium's `trunk serve` (started first if need be).
fn env_of(envs: &Envs, engine: Engine) -> Result<&Env, Failed> {
    let chromium = || envs[0].get_or_init(Env::start).as_ref();
    let env = match engine {
        Engine::Chromium => chromium(),
        other => envs[other as usize]
            .get_or_init(|| {
                let base = chromium()?.base.clone();
                Env::browser_in(other, base)
            })
            .as_ref(),
    };
    env.map_err(|e| Failed::from(e.as_str()))
}

fn main() -> std::process::ExitCode {
    let mut args = Arguments::from_args();
    // One browser, one page at a time: parallel runs would also distort the
    // very timings the page shows (the figures are not asserted, but still).
    args.test_threads = Some(1);
    // Started by the first test that runs, so `--list` or a filter that
    // selects nothing starts no server.
    let envs: Envs = Arc::new(std::array::from_fn(|_| OnceLock::new()));
    let trials = Engine::ALL
        .into_iter()
        .flat_map(|engine| tests_of(engine).map(move |&(name, test)| (engine, name, test)))
        .map(|(engine, name, test)| {
            let envs = Arc::clone(&envs);
            let name = match engine {
                Engine::Chromium => name.to_owned(),
                other => format!("{}::{name}", other.name()),
            };
            Trial::test(name, move || {
                let env = env_of(&envs, engine)?;
                env.block_on(async { test(env.page().await?).await })
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    if let Some(envs) = Arc::into_inner(envs) {
        // The others first: they load their page from Chromium's trunk.
        for env in envs.into_iter().rev().filter_map(|e| e.into_inner()?.ok()) {
            env.stop();
        }
    }
    conclusion.exit_code()
}
