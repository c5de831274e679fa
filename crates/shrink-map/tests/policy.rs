//! The shrink policy end to end: hysteresis, floors, drain-and-refill
//! cycles, and every removal path applying the policy.

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

/// Whether `len` entries are above the policy's low-water mark of a table
/// of `capacity`: `len > shrink_below * capacity`.
fn above_low_water(policy: ShrinkPolicy, len: usize, capacity: usize) -> bool {
    let below = policy.shrink_below;
    (len as u128) * u128::from(below.den()) > (capacity as u128) * u128::from(below.num())
}

#[test]
fn draining_gives_memory_back_without_a_call() {
    let n = scaled(100_000, 2_000) as u64;
    let mut map = filled(n);
    let full = map.heap_bytes();
    for k in 0..n - n / 100 {
        map.remove(&k);
    }
    // One percent left: the map is above its low-water mark (else it would
    // have shrunk), so its capacity is under `len / shrink_below`.
    assert!(above_low_water(map.policy(), map.len(), map.capacity()));
    assert!(map.heap_bytes() <= full / 8);
    for k in n - n / 100..n {
        map.remove(&k);
    }
    assert_eq!(map.heap_bytes(), 0);
}

#[test]
fn a_shrink_leaves_the_table_above_the_low_water_mark() {
    let n = scaled(50_000, 1_000) as u64;
    for policy in [
        ShrinkPolicy::TIGHT,
        ShrinkPolicy::BALANCED,
        ShrinkPolicy::LAZY,
        ShrinkPolicy {
            shrink_below: Load::new(1, 8),
            shrink_to: Load::new(1, 4),
            min_capacity: 0,
        },
    ] {
        let mut map = with_policy(policy);
        map.extend((0..n).map(|k| (k, k)));
        let mut shrinks = map.stats().shrinks;
        for k in 0..n {
            map.remove(&k);
            let stats = map.stats();
            if stats.shrinks != shrinks {
                shrinks = stats.shrinks;
                // Right after a shrink the map is above the low-water mark
                // of the new table (or empty), so the next removal cannot
                // shrink again unless it empties the map.
                assert!(
                    map.is_empty() || above_low_water(policy, map.len(), map.capacity()),
                    "{policy:?}: len {} capacity {}",
                    map.len(),
                    map.capacity()
                );
            }
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

/// Deleting every key and inserting them again, over and over, gives the
/// table back on every drain and grows it again on every refill: the same
/// work every cycle, O(1) amortized per operation, and nothing kept.
#[test]
fn delete_all_then_insert_all_costs_the_same_every_cycle() {
    let n = scaled(50_000, 1_000) as u64;
    let mut map = filled(n);
    let mut per_cycle = Vec::new();
    for cycle in 0..6u64 {
        let before = map.stats();
        let base = cycle * n;
        for k in base..base + n {
            map.remove(&k);
        }
        assert_eq!(
            map.heap_bytes(),
            0,
            "cycle {cycle}: an emptied map holds nothing"
        );
        for k in base + n..base + 2 * n {
            map.insert(k, k);
        }
        let after = map.stats();
        per_cycle.push((
            after.grows - before.grows,
            after.shrinks - before.shrinks,
            after.shrink_moves - before.shrink_moves,
        ));
    }
    assert!(per_cycle.windows(2).all(|w| w[0] == w[1]), "{per_cycle:?}");
    let (grows, shrinks, moves) = per_cycle[0];
    // One grow per doubling and one shrink per table given back; the
    // shrinks move under a third of the entries removed (default policy).
    let doublings = u64::from(n.ilog2()) + 2;
    assert!(grows <= doublings && shrinks <= doublings, "{per_cycle:?}");
    assert!(moves * 3 <= n, "{per_cycle:?}");
}

#[test]
fn clear_then_refill_costs_the_same_every_cycle() {
    let n = scaled(20_000, 500) as u64;
    let mut map = filled(n);
    let mut per_cycle = Vec::new();
    for _ in 0..6 {
        let before = map.stats();
        map.clear();
        assert_eq!(map.heap_bytes(), 0);
        map.extend((0..n).map(|k| (k, k)));
        per_cycle.push(reallocations(map.stats()) - reallocations(before));
    }
    // `extend` reserves from the size hint: one grow, and the clear's
    // release.
    assert!(per_cycle.iter().all(|&r| r == 2), "{per_cycle:?}");
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
    // extract_if, run to the end: the policy applies when it is dropped.
    let mut map = filled(n);
    assert_eq!(map.extract_if(|_, _| true).count(), n as usize);
    assert_eq!(map.heap_bytes(), 0);
    // extract_if, dropped early: what it took is gone, the rest stays, and
    // the policy applies to what is left.
    let mut map = filled(n);
    let full = map.heap_bytes();
    let mut taken = map.extract_if(|&k, _| k >= 10);
    assert!(taken.next().is_some_and(|(k, _)| k >= 10));
    drop(taken);
    assert_eq!(map.len(), n as usize - 1);
    assert_eq!(map.heap_bytes(), full);
    let taken: Vec<(u64, u64)> = map.extract_if(|&k, _| k >= 10).collect();
    assert_eq!(taken.len(), n as usize - 11);
    assert_eq!(map.len(), 10);
    assert!(map.capacity() < 100);
}

#[test]
fn a_panicking_predicate_leaves_a_valid_map() {
    let n = scaled(10_000, 500) as u64;
    let mut map = filled(n);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut seen = 0;
        map.extract_if(|_, _| {
            seen += 1;
            assert!(seen < 100, "predicate gives up");
            true
        })
        .count()
    }));
    assert!(outcome.is_err());
    // 99 entries were extracted before the panic; the rest are all there.
    assert_eq!(map.len(), n as usize - 99);
    let mut keys: Vec<u64> = map.keys().copied().collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), map.len());
    for k in keys {
        assert_eq!(map.remove(&k), Some(k));
    }
    assert_eq!(map.heap_bytes(), 0);
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
    assert_eq!(map.heap_bytes(), 0);
}
