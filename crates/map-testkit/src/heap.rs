//! Heap accounting: [`MapStrategy::heap_bytes`] against what the allocator
//! actually holds, as dhat measures it.
//!
//! These checks only work in a binary whose global allocator is
//! `dhat::Alloc`, with nothing else allocating concurrently: use
//! [`heap_accounting_test!`](crate::heap_accounting_test), which sets that
//! up in a test binary of its own that runs without libtest's harness.
//!
//! # Why not under libtest
//!
//! dhat counts every thread's allocations, and libtest's main thread
//! allocates right after it starts a test's thread: its table of running
//! tests (148 bytes), its queue of time-outs (608 bytes, four entries) and,
//! when it first blocks on the results channel, the channel's waker list
//! (96 bytes) and its thread's channel context (48 bytes). All four live
//! until the test ends. When the machine is busy, the test thread can take
//! its baseline before the main thread has made them, and then finds 900
//! bytes left after dropping the map (144 with one test thread). dhat's own
//! backtraces of the blocks live at the end showed exactly these four, in
//! `test::run_tests`; see `docs/reliability.md`. So the heap checks run on
//! the main thread of a binary with `harness = false`, through
//! [`run_trials`], and refuse to run on any other thread.

use std::process::ExitCode;

use libtest_mimic::Arguments;
pub use libtest_mimic::Trial;
use map_api::{Family, MapStrategy};

use crate::scaled;

/// How far `heap_bytes()` may stray from the allocator's figure: 1% or
/// 4 KiB, whichever is larger.
pub fn tolerance(actual: usize) -> usize {
    (actual / 100).max(4096)
}

/// Bytes currently allocated, as dhat sees them.
fn allocated_now() -> usize {
    dhat::HeapStats::get().curr_bytes
}

/// Runs the seed experiment at a test size for several value types, and at
/// every phase compares the map's `heap_bytes()` with the allocator.
///
/// # Panics
///
/// Panics if a figure is off by more than [`tolerance`], if dhat is not
/// the global allocator, or if called on a thread other than `main` (see
/// the [module documentation](self)).
pub fn check_heap_accounting<F: Family>() {
    for check in value_checks::<F>() {
        (check.run)();
    }
}

/// One value type's heap check for a family.
struct ValueCheck {
    value: &'static str,
    run: fn(),
}

fn value_checks<F: Family>() -> [ValueCheck; 4] {
    [
        ValueCheck {
            value: "[u8; 128]",
            run: || check_value_type::<F, [u8; 128]>("[u8; 128]", [7; 128]),
        },
        ValueCheck {
            value: "u64",
            run: || check_value_type::<F, u64>("u64", 7),
        },
        ValueCheck {
            value: "[u8; 256]",
            run: || check_value_type::<F, [u8; 256]>("[u8; 256]", [7; 256]),
        },
        ValueCheck {
            value: "()",
            run: || check_value_type::<F, ()>("()", ()),
        },
    ]
}

/// The heap checks of family `F` as test trials, one per value type,
/// named `heap_bytes_match_the_allocator::<family>::<value type>`, for
/// [`run_trials`]. Ignored under Miri, where dhat's backtrace per
/// allocation is far too slow.
pub fn trials<F: Family>() -> Vec<Trial> {
    let family: String = F::NAME.chars().filter(|c| !c.is_whitespace()).collect();
    value_checks::<F>()
        .into_iter()
        .map(|check| {
            let run = check.run;
            Trial::test(
                format!("heap_bytes_match_the_allocator::{family}::{}", check.value),
                move || {
                    run();
                    Ok(())
                },
            )
            .with_ignored_flag(cfg!(miri))
        })
        .collect()
}

/// Runs `trials` as a test binary's `main`: one after another on the main
/// thread, with libtest's command line (filters, `--list`, `--ignored`,
/// `--exact`, ...) and output, so `cargo test` treats the binary like any
/// other. The binary needs `harness = false` in its `[[test]]` section.
pub fn run_trials(trials: Vec<Trial>) -> ExitCode {
    // Parsing the command line under Miri costs more than the checks it
    // would skip: every trial is ignored there anyway.
    let mut args = if cfg!(miri) {
        Arguments::default()
    } else {
        Arguments::from_args()
    };
    // The whole point: no thread but this one allocates while dhat counts.
    args.test_threads = Some(1);
    libtest_mimic::run(&args, trials).exit_code()
}

/// The message of the test that [`heap_accounting_test!`](crate::heap_accounting_test)
/// generates for a binary still run by libtest.
pub const NEEDS_HARNESS_FALSE: &str = "heap_accounting_test! must run without libtest's harness, whose \
    threads allocate while dhat counts: add `[[test]] name = \"<this file's name>\" harness = false` \
    to the crate's Cargo.toml";

/// Panics unless this is the main thread (see the [module documentation](self)).
fn assert_alone(what: &str) {
    let thread = std::thread::current();
    assert!(
        thread.name() == Some("main"),
        "{what}: heap accounting runs on the main thread of a binary without libtest's harness, \
         not on thread {:?}: {NEEDS_HARNESS_FALSE}",
        thread.name().unwrap_or("<unnamed>"),
    );
}

fn check_value_type<F: Family, V: Copy>(value_name: &str, value: V) {
    assert_alone(F::NAME);
    let n = scaled(50_000, 500) as u64;
    // Hashers may allocate process-wide state on first use (ahash keeps its
    // random seed in a lazily allocated box); let that happen before the
    // baseline is taken.
    {
        let mut warm = F::Map::<u64, V>::default();
        warm.insert(0, value);
    }

    let _profiler = dhat::Profiler::builder().testing().build();
    let baseline = allocated_now();
    let mut map = F::Map::<u64, V>::default();
    let check = |map: &F::Map<u64, V>, phase: &str| {
        let actual = allocated_now().saturating_sub(baseline);
        let reported = map.heap_bytes();
        assert!(
            actual.abs_diff(reported) <= tolerance(actual),
            "{} with {value_name} values, {phase}: heap_bytes() reports {reported} bytes, \
             the allocator holds {actual}",
            F::NAME,
        );
    };

    check(&map, "new");
    for key in 0..n {
        map.insert(key, value);
        if key % (n / 8) == 0 {
            check(&map, &format!("growing, at {} entries", key + 1));
        }
    }
    check(&map, "after insert");
    for key in 0..n - n / 100 {
        map.remove(&key);
        if key % (n / 8) == 0 {
            check(&map, &format!("draining, at {} entries", map.len()));
        }
    }
    check(&map, "after draining to 1%");
    for key in n - n / 100..n {
        map.remove(&key);
    }
    check(&map, "after deleting all");
    for key in 0..n / 10 {
        map.insert(key, value);
    }
    check(&map, "after refilling a tenth");
    map.clear();
    check(&map, "after clear");
    drop(map);
    let leaked = allocated_now().saturating_sub(baseline);
    assert_eq!(
        leaked,
        0,
        "{} with {value_name} values: {leaked} bytes left after drop",
        F::NAME
    );
}
