//! Hysteresis: no sequence of operations splits and merges the same pair
//! over and over, and the entries moved stay within the amortized bound of
//! docs/split-map.md.

use map_testkit::{XorShift64, scaled};
use split_map::SplitMap;

fn map(max_buckets: usize) -> SplitMap<u64, u64> {
    let mut map = SplitMap::with_hasher(ahash::RandomState::with_seeds(1, 2, 3, 4));
    map.set_max_table_buckets(max_buckets);
    map
}

/// Inserts keys from 0 until `done`, returning the next key.
fn fill_until(map: &mut SplitMap<u64, u64>, done: impl Fn(&SplitMap<u64, u64>) -> bool) -> u64 {
    let mut key = 0;
    while !done(map) {
        map.insert(key, key);
        key += 1;
    }
    key
}

/// Removes keys from 0 until `done`, returning the next key.
fn drain_until(map: &mut SplitMap<u64, u64>, done: impl Fn(&SplitMap<u64, u64>) -> bool) -> u64 {
    let mut key = 0;
    while !done(map) {
        assert!(map.remove(&key).is_some());
        key += 1;
    }
    key
}

/// Structural steps so far.
fn steps(map: &SplitMap<u64, u64>) -> u64 {
    let s = map.stats();
    s.splits + s.merges + s.grows + s.shrinks + s.rebuilds
}

#[test]
fn inserting_and_removing_at_a_split_point_splits_once() {
    let mut map = map(256);
    let key = fill_until(&mut map, |m| m.stats().splits > 0);
    // The insert that split is `key - 1`: undo and redo it, over and over.
    let before = steps(&map);
    for _ in 0..scaled(10_000, 200) {
        map.remove(&(key - 1));
        map.insert(key - 1, 0);
    }
    assert_eq!(steps(&map), before, "{:?}", map.stats());
}

#[test]
fn removing_and_inserting_at_a_merge_point_merges_once() {
    let mut map = map(256);
    fill_until(&mut map, |m| m.stats().tables >= 2);
    let next = drain_until(&mut map, |m| m.stats().merges > 0);
    // The removal that merged is `next - 1`: undo and redo it.
    let before = steps(&map);
    for _ in 0..scaled(10_000, 200) {
        map.insert(next - 1, 0);
        map.remove(&(next - 1));
    }
    assert_eq!(steps(&map), before, "{:?}", map.stats());
}

#[test]
fn churn_at_every_size_moves_a_bounded_number_of_entries_per_operation() {
    // Random inserts and removes over a key space that keeps the map near
    // one size for a while, at sizes that straddle split and merge points.
    // docs/split-map.md bounds the entries moved by 10 per insert plus 2 per
    // removal in the worst case (every split as lopsided as the split rule
    // allows); a pair that split and merged over and over would move about
    // a table's capacity, 224 entries here, per operation.
    let mut map = map(256);
    let mut rng = XorShift64::new(7);
    let mut ops = 0u64;
    for width in [100u64, 180, 200, 220, 400, 1_000, 3_000, 300, 150] {
        for _ in 0..scaled(20_000, 500) {
            let key = rng.below(width);
            if rng.below(2) == 0 {
                map.insert(key, key);
            } else {
                map.remove(&key);
            }
            ops += 1;
        }
    }
    let moved = map.stats().moved;
    assert!(
        moved <= 12 * ops,
        "{moved} entries moved in {ops} operations"
    );
}

#[test]
fn growing_and_draining_moves_about_as_much_as_hashbrown_resizes() {
    // In steady growth every table splits once per doubling of the map, as a
    // hashbrown table rehashes every entry once per doubling: about two
    // moves per insert. Draining merges the smaller of each pair: under one
    // move per removal.
    let mut map = map(4096);
    let n = scaled(400_000, 4_000) as u64;
    for key in 0..n {
        map.insert(key, key);
    }
    let grown = map.stats().moved;
    assert!(grown <= 2 * n + 8192, "{grown} moved growing to {n}");
    for key in 0..n {
        map.remove(&key);
    }
    let drained = map.stats().moved - grown;
    assert!(drained <= n, "{drained} moved draining {n}");
    assert_eq!(map.heap_bytes(), 0);
}

#[test]
fn writes_of_either_kind_step_a_running_merge_and_no_insert_finishes_one() {
    // Claim 1 of docs/split-map.md: an insert during a merge moves one step
    // of it (at most `MERGE_STEP = 32` source buckets' entries), and the
    // merge ends within one write per step, however the writes mix.
    let mut map = map(1024);
    let mut key = fill_until(&mut map, |m| m.stats().tables >= 2);
    let doomed = drain_until(&mut map, |m| m.layout().merging.is_some());
    let (src, _) = map.layout().merging.expect("merging");
    let steps = map.layout().tables[src].buckets.div_ceil(32);
    let mut writes = 0;
    while map.layout().merging.is_some() {
        let before = map.stats();
        map.insert(key, key);
        key += 1;
        writes += 1;
        let after = map.stats();
        assert!(
            after.moved - before.moved <= 32,
            "an insert moved more than a step"
        );
        assert_eq!((after.splits, after.grows), (before.splits, before.grows));
        assert!(writes <= steps, "the merge outlasted {steps} writes");
    }
    assert_eq!(map.stats().tables, 1);
    assert_eq!(map.len() as u64, key - doomed);
}
