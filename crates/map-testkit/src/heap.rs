//! Heap accounting: [`MapStrategy::heap_bytes`] against what the allocator
//! actually holds, as dhat measures it.
//!
//! These checks only work in a binary whose global allocator is
//! `dhat::Alloc`, with nothing else allocating concurrently: use
//! [`heap_accounting_test!`](crate::heap_accounting_test), which sets that
//! up in a test binary of its own.

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
/// Panics if a figure is off by more than [`tolerance`], or if dhat is not
/// the global allocator.
pub fn check_heap_accounting<F: Family>() {
    check_value_type::<F, [u8; 128]>("[u8; 128]", [7; 128]);
    check_value_type::<F, u64>("u64", 7);
    check_value_type::<F, [u8; 256]>("[u8; 256]", [7; 256]);
    check_value_type::<F, ()>("()", ());
}

fn check_value_type<F: Family, V: Copy>(value_name: &str, value: V) {
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
