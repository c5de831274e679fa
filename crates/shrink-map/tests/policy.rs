//! The shrink policy end to end: hysteresis, floors, clear-and-refill, and
//! every removal path applying the policy.

use map_testkit::scaled;
use shrink_map::{Entry, Load, ShrinkMap, ShrinkPolicy, Stats};

/// Fixed seeds keep the table layouts, and so the tests, deterministic.
fn empty() -> ShrinkMap<u64, u64> {
    ShrinkMap::with_hasher(ahash::RandomState::with_seeds(1, 2, 3, 4))
}

fn with_policy(policy: ShrinkPolicy) -> ShrinkMap<u64, u64> {
    let mut map = empty();
    map.set_policy(policy);
    map
}

fn filled(n: u64) -> ShrinkMap<u64, u64> {
    let mut map = empty();
    map.extend((0..n).map(|k| (k, k)));
    map
}

fn reallocations(stats: Stats) -> u64 {
    stats.grows + stats.shrinks
}

#[test]
fn draining_gives_memory_back_without_a_call() {
    let n = scaled(100_000, 2_000) as u64;
    let mut map = filled(n);
    let full = map.heap_bytes();
    for k in 0..n - n / 100 {
        map.remove(&k);
    }
    // One percent left: the table is at most four times what those entries
    // need (half full at most, rounded up to a power of two).
    assert!(map.capacity() <= 4 * (n as usize / 100).max(4));
    assert!(map.heap_bytes() < full / 16);
    for k in n - n / 100..n {
        map.remove(&k);
    }
    assert_eq!(map.heap_bytes(), 0);
}

#[test]
fn a_shrink_leaves_the_table_above_the_low_water_mark() {
    let n = scaled(50_000, 1_000) as u64;
    let mut map = filled(n);
    let mut shrinks = map.stats().shrinks;
    for k in 0..n {
        map.remove(&k);
        let stats = map.stats();
        if stats.shrinks != shrinks {
            shrinks = stats.shrinks;
            // Right after a shrink the map is above a quarter of the new
            // capacity (or empty), so the next removal cannot shrink again
            // unless it empties the map.
            let capacity = map.capacity();
            assert!(
                map.is_empty() || map.len() * 4 > capacity,
                "len {} capacity {capacity}",
                map.len()
            );
        }
    }
}

#[test]
fn oscillating_at_the_low_water_mark_does_not_thrash() {
    let n = scaled(40_000, 1_000) as u64;
    let mut map = filled(n);
    // Drain until the first shrink, then oscillate around that size.
    let mut k = 0;
    while map.stats().shrinks == 0 {
        map.remove(&k);
        k += 1;
    }
    let before = map.stats();
    let steps = scaled(100_000, 2_000) as u64;
    for i in 0..steps {
        // Remove one, insert one, then remove two and insert two: the map
        // hovers within two entries of where it shrank.
        map.remove(&(k + i % 4));
        map.insert(n + i, 0);
        map.remove(&(n + i));
        map.insert(k + i % 4, 0);
    }
    assert_eq!(reallocations(map.stats()), reallocations(before));
}

#[test]
fn alternating_grow_and_shrink_edges_is_amortized() {
    // Sweep the map between a fill and a drain that each cross one
    // threshold; every reallocation must be paid for by Ω(capacity)
    // operations, which shrink_moves measures.
    let n = scaled(30_000, 600) as u64;
    let mut map = empty();
    let mut ops = 0u64;
    for cycle in 0..20u64 {
        let high = n + cycle * 37;
        for k in 0..high {
            map.insert(k, k);
            ops += 1;
        }
        for k in (high / 5)..high {
            map.remove(&k);
            ops += 1;
        }
        for k in 0..high / 5 {
            map.remove(&k);
            ops += 1;
        }
    }
    let stats = map.stats();
    assert!(
        stats.shrink_moves <= ops,
        "{} entries moved by shrinks in {ops} operations",
        stats.shrink_moves
    );
}

#[test]
fn delete_all_then_insert_all_stops_reallocating() {
    let n = scaled(50_000, 1_000) as u64;
    let mut map = filled(n);
    let mut per_cycle = Vec::new();
    for cycle in 0..8u64 {
        let before = map.stats();
        let base = cycle * n;
        for k in base..base + n {
            map.remove(&k);
        }
        for k in base + n..base + 2 * n {
            map.insert(k, k);
        }
        per_cycle.push(reallocations(map.stats()) - reallocations(before));
    }
    // The first cycle gives the table back and grows it again; from then on
    // the map knows the size comes back. (The second cycle may still grow
    // once: deleting leaves tombstones, and hashbrown can grow instead of
    // rehashing in place while the refill passes half the capacity.)
    assert!(per_cycle[0] > 0, "{per_cycle:?}");
    assert!(per_cycle[1..].iter().sum::<u64>() <= 1, "{per_cycle:?}");
    assert_eq!(map.stats().refills_learned, 1);
    assert_eq!(map.len(), n as usize);
}

#[test]
fn clear_then_refill_stops_reallocating() {
    let n = scaled(20_000, 500) as u64;
    let mut map = filled(n);
    let mut per_cycle = Vec::new();
    for _ in 0..6 {
        let before = map.stats();
        map.clear();
        map.extend((0..n).map(|k| (k, k)));
        per_cycle.push(reallocations(map.stats()) - reallocations(before));
    }
    assert!(per_cycle[1..].iter().sum::<u64>() <= 1, "{per_cycle:?}");
}

#[test]
fn a_learned_floor_goes_once_the_map_stays_small() {
    let n = scaled(20_000, 500) as u64;
    let mut map = filled(n);
    for k in 0..n {
        map.remove(&k);
    }
    map.extend((0..n).map(|k| (k, k)));
    assert!(map.floor_capacity() > 0, "refill learned");
    let learned = map.floor_capacity() as u64;
    // Drain to 1% and churn there: the floor holds for a while, then goes.
    for k in 0..n - n / 100 {
        map.remove(&k);
    }
    let held = map.heap_bytes();
    let mut next = n;
    for k in n - n / 100.. {
        map.remove(&k);
        map.insert(next, 0);
        next += 1;
        if next > n + 2 * learned {
            break;
        }
    }
    assert_eq!(map.stats().learned_released, 1);
    assert_eq!(map.floor_capacity(), 0);
    assert!(map.heap_bytes() < held / 8);
}

#[test]
fn reserved_capacity_is_a_floor_until_released() {
    let mut map =
        ShrinkMap::with_capacity_and_hasher(5_000, ahash::RandomState::with_seeds(1, 2, 3, 4));
    let reserved = map.heap_bytes();
    map.extend((0..5_000).map(|k| (k, k)));
    for k in 0..5_000 {
        map.remove(&k);
    }
    assert_eq!(map.heap_bytes(), reserved);
    map.clear();
    assert_eq!(map.heap_bytes(), reserved);
    map.release_reserved();
    assert_eq!(map.heap_bytes(), 0);

    map.reserve(1_000);
    assert_eq!(map.floor_capacity(), 1_000);
    map.shrink_to(10);
    assert_eq!(map.floor_capacity(), 0);
    assert!(map.capacity() >= 10 && map.capacity() < 1_000);
}

#[test]
fn min_capacity_bounds_automatic_shrinking_only() {
    let policy = ShrinkPolicy {
        min_capacity: 1_000,
        ..ShrinkPolicy::DEFAULT
    };
    let mut map: ShrinkMap<u64, u64> = with_policy(policy);
    map.extend((0..10_000).map(|k| (k, k)));
    for k in 0..10_000 {
        map.remove(&k);
    }
    assert!(map.capacity() >= 1_000);
    map.shrink_to_fit();
    assert_eq!(map.heap_bytes(), 0);
}

#[test]
fn never_keeps_everything_and_clear_keeps_the_table() {
    let mut map: ShrinkMap<u64, u64> = with_policy(ShrinkPolicy::never());
    map.extend((0..10_000).map(|k| (k, k)));
    let full = map.heap_bytes();
    for k in 0..10_000 {
        map.remove(&k);
    }
    assert_eq!(map.heap_bytes(), full);
    map.extend((0..10).map(|k| (k, k)));
    map.clear();
    assert_eq!(map.heap_bytes(), full);
    let _ = map.drain();
    assert_eq!(map.heap_bytes(), full);
    assert_eq!(map.stats().shrinks, 0);
}

#[test]
fn every_removal_path_applies_the_policy() {
    let n = 10_000u64;
    // Entry::remove.
    let mut map = filled(n);
    for k in 0..n {
        match map.entry(k) {
            Entry::Occupied(entry) => assert_eq!(entry.remove(), k),
            Entry::Vacant(_) => panic!("{k} missing"),
        }
    }
    assert_eq!(map.heap_bytes(), 0);
    // retain.
    let mut map = filled(n);
    map.retain(|&k, _| k < 10);
    assert!(map.capacity() < 100);
    // remove_entry.
    let mut map = filled(n);
    for k in 0..n {
        assert_eq!(map.remove_entry(&k), Some((k, k)));
    }
    assert_eq!(map.heap_bytes(), 0);
    // drain, run to the end.
    let mut map = filled(n);
    assert_eq!(map.drain().count(), n as usize);
    assert_eq!(map.heap_bytes(), 0);
    // drain, dropped early: the rest is dropped and the table released.
    let mut map = filled(n);
    assert_eq!(map.drain().take(3).count(), 3);
    assert!(map.is_empty());
    assert_eq!(map.heap_bytes(), 0);
    map.insert(1, 1);
    assert_eq!(map[&1], 1);
}

#[test]
fn drain_keeps_a_reserved_table() {
    let mut map =
        ShrinkMap::with_capacity_and_hasher(1_000, ahash::RandomState::with_seeds(1, 2, 3, 4));
    let reserved = map.heap_bytes();
    map.extend((0..10_000).map(|k| (k, k)));
    let mut drained: Vec<u64> = map.drain().map(|(k, _)| k).collect();
    drained.sort_unstable();
    assert_eq!(drained, (0..10_000).collect::<Vec<_>>());
    assert_eq!(map.heap_bytes(), reserved);
    assert!(map.capacity() >= 1_000);
}

#[test]
fn set_policy_applies_at_once() {
    let mut map: ShrinkMap<u64, u64> = with_policy(ShrinkPolicy::never());
    map.extend((0..10_000).map(|k| (k, k)));
    map.retain(|&k, _| k < 100);
    let held = map.heap_bytes();
    map.set_policy(ShrinkPolicy {
        shrink_below: Load::new(1, 8),
        shrink_to: Load::new(1, 4),
        min_capacity: 0,
    });
    assert!(map.heap_bytes() < held / 8);
    assert!(map.capacity() >= 400);
}

#[test]
#[should_panic(expected = "shrink_below must be at most half of shrink_to")]
fn a_thrashing_policy_is_rejected() {
    let mut map = empty();
    map.set_policy(ShrinkPolicy {
        shrink_below: Load::new(1, 2),
        shrink_to: Load::new(3, 4),
        min_capacity: 0,
    });
}

#[test]
#[should_panic(expected = "capacity overflow")]
fn with_capacity_overflow_panics() {
    let _ = ShrinkMap::<u64, u64>::with_capacity(usize::MAX);
}

#[test]
#[should_panic(expected = "capacity overflow")]
fn reserve_overflow_panics() {
    let mut map = filled(10);
    map.reserve(usize::MAX);
}

#[test]
fn try_reserve_reports_overflow_and_keeps_the_map() {
    let mut map = filled(10);
    assert!(map.try_reserve(usize::MAX).is_err());
    assert_eq!(map.len(), 10);
    assert_eq!(map.floor_capacity(), 0);
}

#[test]
fn stats_count_grows_and_shrinks_separately() {
    let mut map = empty();
    assert_eq!(map.stats(), Stats::default());
    map.extend((0..1_000).map(|k| (k, k)));
    let grown = map.stats();
    assert!(grown.grows >= 1);
    assert_eq!(grown.shrinks, 0);
    for k in 0..1_000 {
        map.remove(&k);
    }
    let drained = map.stats();
    assert_eq!(drained.grows, grown.grows);
    assert!(drained.shrinks >= 2);
    assert!(drained.shrink_moves > 0);
}

#[test]
fn readme_example_holds() {
    let mut cache: ShrinkMap<u64, [u8; 128]> = ShrinkMap::new();
    for k in 0..100_000 {
        cache.insert(k, [0; 128]);
    }
    for k in 0..99_000 {
        cache.remove(&k);
    }
    assert!(cache.capacity() < 4_000);
}

/// Panics when dropped with `armed` set.
struct Grenade(bool);

impl Drop for Grenade {
    fn drop(&mut self) {
        if self.0 && !std::thread::panicking() {
            panic!("grenade");
        }
    }
}

#[test]
fn a_panicking_drop_in_clear_leaves_a_working_map() {
    let mut map: ShrinkMap<u64, Grenade> = ShrinkMap::new();
    for k in 0..1_000 {
        map.insert(k, Grenade(k == 500));
    }
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| map.clear()));
    assert!(outcome.is_err());
    assert!(map.is_empty());
    for k in 0..1_000 {
        map.insert(k, Grenade(false));
    }
    for k in 0..1_000 {
        assert!(map.remove(&k).is_some());
    }
    // Clear and refill to the same size: the map learned to keep the table.
    assert_eq!(map.stats().refills_learned, 1);
    map.release_reserved();
    assert_eq!(map.heap_bytes(), 0);
}
