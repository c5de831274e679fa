//! The allocations gen-map makes ahead of need and frees behind it: they
//! happen, they are counted in `heap_bytes()` to the byte the allocator
//! sees, and they never have to be cut short by growth or shrinkage.

use gen_map::GenMap;
use map_testkit::heap::tolerance;
use map_testkit::scaled;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

fn prepared_and_retiring_tables_are_accounted_and_finish() {
    let n = scaled(120_000, 600) as u64;
    // ahash allocates its seed source on first use; do that before the
    // baseline.
    drop(GenMap::<u64, [u64; 4]>::from_iter([(0, [0; 4])]));
    let _profiler = dhat::Profiler::builder().testing().build();
    let baseline = dhat::HeapStats::get().curr_bytes;
    let mut map: GenMap<u64, [u64; 4]> = GenMap::new();
    let (mut saw_prepared, mut saw_retiring) = (false, false);
    let mut check = |map: &GenMap<u64, [u64; 4]>, op: u64| {
        let stats = map.stats();
        saw_prepared |= stats.prepared_bytes > 0;
        saw_retiring |= stats.retiring_bytes > 0;
        let actual = dhat::HeapStats::get().curr_bytes - baseline;
        assert!(
            actual.abs_diff(map.heap_bytes()) <= tolerance(actual),
            "op {op}: heap_bytes() {} but the allocator holds {actual}: {stats:?}",
            map.heap_bytes()
        );
    };
    for k in 0..n {
        map.insert(k, [k; 4]);
        check(&map, k);
    }
    for k in 0..n {
        map.remove(&k);
        check(&map, n + k);
    }
    let stats = map.stats();
    assert!(saw_prepared && saw_retiring, "{stats:?}");
    // Growth and shrinkage each took a prepared table at least once.
    assert!(stats.prepared_hits >= 2, "{stats:?}");
    assert_eq!(stats.forced_frees, 0, "{stats:?}");
    assert_eq!(stats.forced_finishes, 0, "{stats:?}");
    assert_eq!(map.heap_bytes(), 0);
}

/// dhat counts every thread's allocations, so this binary runs without
/// libtest's harness, whose main thread allocates while a test runs (see
/// `map_testkit::heap`): the check runs alone on the main thread.
fn main() -> std::process::ExitCode {
    map_testkit::heap::run_trials(vec![map_testkit::heap::Trial::test(
        "prepared_and_retiring_tables_are_accounted_and_finish",
        || {
            prepared_and_retiring_tables_are_accounted_and_finish();
            Ok(())
        },
    )])
}
