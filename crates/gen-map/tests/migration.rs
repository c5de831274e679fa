//! Behaviour in the middle of a migration, and the bound that keeps every
//! operation's work small.

use std::collections::HashMap;

use gen_map::GenMap;
use map_testkit::tracked::{DropLog, TrackedValue};
use map_testkit::{XorShift64, scaled};

/// A map with a migration under way, and its contents as a model.
fn migrating(n: u64) -> (GenMap<u64, u64>, HashMap<u64, u64>) {
    let mut map: GenMap<u64, u64> = (0..n).map(|k| (k, k * 3)).collect();
    map.rotate();
    // A few writes move a little, not all.
    for k in n..n + 4 {
        map.insert(k, k * 3);
    }
    assert!(map.is_migrating(), "the test needs a migration under way");
    let model = (0..n + 4).map(|k| (k, k * 3)).collect();
    (map, model)
}

#[test]
fn growth_and_shrinking_never_force_a_migration_to_finish() {
    let n = scaled(200_000, 2_000) as u64;
    let mut map = GenMap::new();
    let mut rng = XorShift64::new(7);
    for k in 0..n {
        map.insert(k, k);
    }
    for k in 0..n - n / 100 {
        map.remove(&k);
    }
    // Steady churn at 1%, then regrowth with random keys, then empty.
    for step in 0..n {
        map.remove(&(n - n / 100 + step));
        map.insert(n + step, step);
    }
    for _ in 0..n {
        let key = rng.next();
        map.insert(key, key);
    }
    let keys: Vec<u64> = map.keys().copied().collect();
    for key in keys {
        map.remove(&key);
    }
    let stats = map.stats();
    assert!(
        stats.grow_rotations > 5 && stats.shrink_rotations > 5,
        "{stats:?}"
    );
    assert_eq!(
        stats.forced_finishes, 0,
        "a rotation had to finish a migration: {stats:?}"
    );
    assert_eq!(stats.forced_frees, 0, "a release was cut short: {stats:?}");
    assert_eq!(map.heap_bytes(), 0, "an empty map frees both generations");
}

#[test]
fn iteration_sees_every_entry_once_mid_migration() {
    let (map, model) = migrating(scaled(10_000, 300) as u64);
    let stats = map.stats();
    assert!(stats.current_len > 0 && stats.previous_len > 0, "{stats:?}");
    let mut seen: Vec<(u64, u64)> = map.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(seen.len(), map.len());
    seen.sort_unstable();
    let mut expected: Vec<(u64, u64)> = model.into_iter().collect();
    expected.sort_unstable();
    assert_eq!(seen, expected);
}

#[test]
fn lookups_and_overwrites_reach_the_previous_generation() {
    let (mut map, model) = migrating(scaled(10_000, 300) as u64);
    for (k, v) in &model {
        assert_eq!(map.get(k), Some(v));
    }
    // Overwriting a key that still sits in the previous generation moves it.
    let len = map.len();
    for k in 0..50 {
        assert_eq!(map.insert(k, 0), Some(k * 3));
    }
    assert_eq!(map.len(), len);
    for k in 0..50 {
        *map.get_mut(&k).expect("present") += 1;
        assert_eq!(map.get(&k), Some(&1));
    }
}

#[test]
fn retain_and_drain_mid_migration() {
    let (mut map, _) = migrating(scaled(10_000, 300) as u64);
    map.retain(|k, v| {
        *v += 1;
        k % 2 == 0
    });
    assert!(!map.is_migrating(), "retain completes the migration");
    assert!(map.iter().all(|(k, v)| k % 2 == 0 && *v == k * 3 + 1));
    let (mut map, model) = migrating(scaled(10_000, 300) as u64);
    let mut drained: Vec<(u64, u64)> = map.drain().collect();
    drained.sort_unstable();
    let mut expected: Vec<(u64, u64)> = model.into_iter().collect();
    expected.sort_unstable();
    assert_eq!(drained, expected);
    assert!(map.is_empty() && map.heap_bytes() == 0);
}

#[test]
fn values_are_dropped_once_when_dropped_mid_migration() {
    let log = DropLog::new();
    let n = scaled(5_000, 200) as u64;
    {
        let mut map: GenMap<u64, TrackedValue> =
            (0..n).map(|k| (k, TrackedValue::new(&log, k))).collect();
        map.rotate();
        for k in 0..2 {
            drop(map.remove(&k));
        }
        assert!(map.is_migrating());
        // A drain dropped after one entry, mid-migration.
        let mut drain = map.drain();
        drop(drain.next());
    }
    log.assert_all_dropped_once("mid-migration drain");
    let log = DropLog::new();
    {
        let mut map: GenMap<u64, TrackedValue> =
            (0..n).map(|k| (k, TrackedValue::new(&log, k))).collect();
        map.rotate();
        map.insert(n, TrackedValue::new(&log, n));
        assert!(map.is_migrating());
        // The map itself dropped mid-migration.
    }
    log.assert_all_dropped_once("mid-migration drop");
    let log = DropLog::new();
    {
        let mut map: GenMap<u64, TrackedValue> =
            (0..n).map(|k| (k, TrackedValue::new(&log, k))).collect();
        map.rotate();
        map.insert(n, TrackedValue::new(&log, n));
        // An owning iterator dropped half-way, mid-migration.
        let mut owned = map.into_iter();
        for _ in 0..n / 2 {
            drop(owned.next());
        }
    }
    log.assert_all_dropped_once("mid-migration into_iter");
}

#[test]
fn removing_every_key_finds_each_one_through_every_shrink() {
    // Removals alone drive the shrinks here, so this covers the removal
    // fast path (no migration, far from the watermarks), the watermark
    // crossings that leave it, and both probe orders during migrations.
    let n = scaled(300_000, 3_000);
    let mut rng = XorShift64::new(11);
    let keys: Vec<u64> = (0..n).map(|_| rng.next()).collect();
    let mut map: GenMap<u64, u64> = keys.iter().map(|&k| (k, !k)).collect();
    let mut migrating_removals = 0;
    for (i, key) in keys.iter().enumerate() {
        migrating_removals += usize::from(map.is_migrating());
        assert_eq!(map.remove(key), Some(!key), "key #{i}");
        assert_eq!(map.len(), keys.len() - i - 1);
        assert_eq!(map.remove(key), None, "key #{i} removed twice");
    }
    let stats = map.stats();
    assert!(stats.shrink_rotations >= 3, "{stats:?}");
    assert!(migrating_removals > 0);
    assert_eq!(map.heap_bytes(), 0);
}

#[test]
fn overwrite_keeps_the_stored_key_mid_migration() {
    use map_testkit::surface::TaggedKey;

    let n = scaled(10_000, 300) as u32;
    let mut map: GenMap<TaggedKey, u32> = (0..n).map(|k| (TaggedKey::new(k, 0), k)).collect();
    map.rotate();
    map.insert(TaggedKey::new(n, 0), n);
    assert!(map.is_migrating(), "the test needs a migration under way");
    // Most keys still sit in the previous generation: an overwrite moves
    // the entry to the current one, and must move the stored key with it.
    for k in 0..n {
        assert_eq!(map.insert(TaggedKey::new(k, 1), k + 1), Some(k));
    }
    for (key, value) in &map {
        assert_eq!(key.id, 0, "insert replaced the stored key {}", key.key);
        assert_eq!(*value, key.key + u32::from(key.key < n));
    }
}
