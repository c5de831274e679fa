//! Issue 18: what a drained map still holds, on every path that removes
//! entries, and after the map has been filled and drained before.
//!
//! "Right-sized" is what a hashbrown table reserved for exactly the
//! surviving entries allocates: the smallest power-of-two table whose
//! capacity covers them. Each test fills and drains the map once before the
//! phase it checks, because a map that learned its refill size from the
//! first cycle and kept it as a floor (the bug) passes every check on its
//! first drain.

use map_api::layout::{buckets_for_capacity, raw_table_bytes};
use map_testkit::scaled;
use shrink_map::{Entry, ShrinkMap, ShrinkPolicy};

/// What an empty map may still hold on any path: 64 KiB.
const EMPTY_LIMIT: usize = 64 * 1024;

/// Fixed seeds keep the table layouts, and so the tests, deterministic.
fn empty() -> ShrinkMap<u64, u64> {
    ShrinkMap::with_hasher(ahash::RandomState::with_seeds(1, 2, 3, 4))
}

/// The bytes of a hashbrown table reserved for exactly `len` entries.
fn right_sized(len: usize) -> usize {
    raw_table_bytes::<(u64, u64)>(buckets_for_capacity(len))
}

/// A map that was filled with `n` keys and emptied once, then refilled
/// with the same keys: the drain-and-refill cycle the issue describes.
fn refilled(n: u64) -> ShrinkMap<u64, u64> {
    let mut map = empty();
    map.extend((0..n).map(|k| (k, k)));
    for k in 0..n {
        map.remove(&k);
    }
    for k in 0..n {
        map.insert(k, k);
    }
    assert_eq!(map.len(), n as usize);
    map
}

/// Issue 18's burst workload, scaled: fill with fresh keys, drain to 1% by
/// removing the oldest, over and over. After the first drain the map used
/// to hold a small table, and after every later one the whole table.
#[test]
fn every_burst_drain_gives_the_table_back() {
    let n = scaled(100_000, 2_000) as u64;
    let survivors = (n / 100) as usize;
    let mut map = empty();
    let (mut oldest, mut next) = (0u64, 0u64);
    let mut after_drains = Vec::new();
    for _ in 0..4 {
        while map.len() < n as usize {
            map.insert(next, next);
            next += 1;
        }
        while map.len() > survivors {
            map.remove(&oldest);
            oldest += 1;
        }
        after_drains.push(map.heap_bytes());
    }
    assert!(
        after_drains.iter().all(|&bytes| bytes == after_drains[0]),
        "every drain should end on the same table: {after_drains:?}"
    );
    assert!(
        after_drains[0] <= 4 * right_sized(survivors),
        "{} bytes for {survivors} entries; right-sized is {}",
        after_drains[0],
        right_sized(survivors)
    );
}

/// Issue 18's burst workload at its own size, through map-bench's shared
/// workload (`map_bench::workloads::burst`): fill 1,000,000 fresh keys,
/// drain to 1%, three times. With `u64` values rather than `[u8; 128]`
/// the tables have the same bucket counts (hashbrown sizes tables by
/// entries), so the ratio to right-sized is the issue's. The default's
/// general bound is 4x (docs/shrink-map.md); at this size every drain
/// ends on the table one step above right-sized, 2x, which is the
/// issue's target. Skipped under Miri: the 2x is a property of this size,
/// and the scaled test above covers the same paths.
#[test]
#[cfg_attr(miri, ignore = "the 2x figure is specific to 1,000,000 keys")]
fn the_issue_burst_workload_stays_within_twice_right_sized() {
    use map_bench::heap::HeapProbe;
    use map_bench::workloads::burst;

    let n = 1_000_000;
    let survivors = n / 100;
    let record =
        burst::run::<ShrinkMap<u64, u64>, u64>("shrink-map", n, 3, &mut HeapProbe::reported_only());
    // The sample taken at the end of each drain is the one at the floor
    // after a point with more entries.
    let after_drains: Vec<u64> = record
        .points
        .windows(2)
        .filter(|w| w[1].len == survivors as u64 && w[0].len > survivors as u64)
        .map(|w| w[1].bytes)
        .collect();
    assert_eq!(after_drains.len(), 3, "{:?}", record.points.len());
    let limit = 2 * right_sized(survivors) as u64;
    assert!(
        after_drains.iter().all(|&bytes| bytes <= limit),
        "after each drain {after_drains:?}; 2x right-sized is {limit}"
    );
}

/// Issue 18's second case: 300,000 keys filled, emptied, refilled and
/// emptied key by key used to keep 8.9 MB.
#[test]
fn refilling_then_removing_every_key_gives_everything_back() {
    let n = scaled(300_000, 2_000) as u64;
    let mut map = refilled(n);
    for k in 0..n {
        map.remove(&k);
    }
    assert!(map.is_empty());
    assert!(
        map.heap_bytes() <= EMPTY_LIMIT,
        "{} bytes",
        map.heap_bytes()
    );
    assert_eq!(map.heap_bytes(), 0);
}

/// The ways to remove entries from a map.
#[derive(Debug, Clone, Copy)]
enum Emptying {
    Remove,
    EntryRemove,
    Retain,
    ExtractIf,
    Drain,
    Clear,
}

const EMPTYING: [Emptying; 6] = [
    Emptying::Remove,
    Emptying::EntryRemove,
    Emptying::Retain,
    Emptying::ExtractIf,
    Emptying::Drain,
    Emptying::Clear,
];

/// Removes every key `>= keep` through `path`; `Drain` and `Clear` remove
/// everything and then insert the keys below `keep` again.
fn remove_all_but(map: &mut ShrinkMap<u64, u64>, n: u64, keep: u64, path: Emptying) {
    match path {
        Emptying::Remove => {
            for k in keep..n {
                assert_eq!(map.remove(&k), Some(k));
            }
        }
        Emptying::EntryRemove => {
            for k in keep..n {
                match map.entry(k) {
                    Entry::Occupied(entry) => assert_eq!(entry.remove(), k),
                    Entry::Vacant(_) => panic!("{k} is present"),
                }
            }
        }
        Emptying::Retain => map.retain(|&k, _| k < keep),
        Emptying::ExtractIf => {
            assert_eq!(
                map.extract_if(|&k, _| k >= keep).count(),
                (n - keep) as usize
            );
        }
        Emptying::Drain => {
            assert_eq!(map.drain().count(), n as usize);
            map.extend((0..keep).map(|k| (k, k)));
        }
        Emptying::Clear => {
            map.clear();
            map.extend((0..keep).map(|k| (k, k)));
        }
    }
    assert_eq!(map.len(), keep as usize);
}

#[test]
fn every_path_that_empties_a_refilled_map_gives_the_table_back() {
    let n = scaled(50_000, 1_000) as u64;
    let mut failures = Vec::new();
    for path in EMPTYING {
        let mut map = refilled(n);
        remove_all_but(&mut map, n, 0, path);
        assert!(map.is_empty());
        if map.heap_bytes() > EMPTY_LIMIT {
            failures.push(format!("{path:?}: {} bytes left", map.heap_bytes()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn every_path_that_keeps_one_percent_stays_near_right_sized() {
    let n = scaled(50_000, 1_000) as u64;
    let keep = n / 100;
    let mut failures = Vec::new();
    for path in EMPTYING {
        let mut map = refilled(n);
        remove_all_but(&mut map, n, keep, path);
        for k in 0..keep {
            assert_eq!(map.get(&k), Some(&k), "{path:?}");
        }
        if map.heap_bytes() > 4 * right_sized(keep as usize) {
            failures.push(format!(
                "{path:?}: {} bytes for {keep} entries; right-sized is {}",
                map.heap_bytes(),
                right_sized(keep as usize)
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Each preset's documented bound, at every step of drains from several
/// sizes: `shrink_below = 1/2^k` keeps at most `2^(k-1)` times a
/// right-sized table (tables of 16 buckets or more, where both sides
/// round the same way).
#[test]
fn every_preset_keeps_its_memory_bound_at_every_step() {
    let presets = [
        (ShrinkPolicy::TIGHT, 2),
        (ShrinkPolicy::BALANCED, 4),
        (ShrinkPolicy::LAZY, 8),
    ];
    let sizes = [1_000, 7_169, scaled(37_000, 3_000), scaled(100_000, 5_000)];
    for (policy, bound) in presets {
        for n in sizes {
            let n = n as u64;
            let mut map = empty();
            map.set_policy(policy);
            map.extend((0..n).map(|k| (k, k)));
            for k in 0..n {
                map.remove(&k);
                let len = map.len();
                if len >= 15 {
                    assert!(
                        map.heap_bytes() <= bound * right_sized(len),
                        "{policy:?} from {n}: {} bytes at {len} entries; right-sized is {}",
                        map.heap_bytes(),
                        right_sized(len)
                    );
                }
            }
            assert_eq!(map.heap_bytes(), 0);
        }
    }
}
