//! The conformance checks, each a generic function over a [`Family`].
//!
//! Every check panics with a message naming the family and the phase when
//! the map under test disagrees with `std::collections::HashMap`.

use core::hash::{Hash, Hasher};
use std::collections::HashMap;
use std::fmt::Debug;

use map_api::{Family, MapIter, MapStrategy};

use crate::XorShift64;
use crate::scaled;
use crate::tracked::{DropLog, TrackedKey, TrackedValue};

/// Compares a map with its model: same length, every model entry found with
/// the same value, and keys the model lacks absent.
fn assert_matches_model<F, M, V>(map: &M, model: &HashMap<u64, V>, absent: &[u64], phase: &str)
where
    F: Family,
    M: MapStrategy<u64, V>,
    V: PartialEq + Debug,
{
    let name = F::NAME;
    assert_eq!(map.len(), model.len(), "{name}, {phase}: len");
    assert_eq!(
        map.is_empty(),
        model.is_empty(),
        "{name}, {phase}: is_empty"
    );
    for (key, value) in model {
        assert_eq!(map.get(key), Some(value), "{name}, {phase}: get({key})");
        assert!(
            map.contains_key(key),
            "{name}, {phase}: contains_key({key})"
        );
    }
    for key in absent.iter().filter(|key| !model.contains_key(key)) {
        assert_eq!(
            map.get(key),
            None,
            "{name}, {phase}: get({key}) of an absent key"
        );
    }
}

/// Differential test against `std::collections::HashMap` through growth, a
/// drain to near empty, regrowth, churn in steady state, and a drain to
/// zero, comparing every return value and the whole contents after each
/// phase.
pub fn differential<F: Family>() {
    let n = scaled(20_000, 300) as u64;
    let name = F::NAME;
    let mut map = F::Map::<u64, u64>::default();
    let mut model = HashMap::new();
    let mut rng = XorShift64::new(0x5EED_0001);
    let probes: Vec<u64> = (0..200).map(|_| rng.next()).collect();

    // Growth, with some keys repeated so that inserts also overwrite.
    for _ in 0..n {
        let key = rng.below(n * 2);
        let value = rng.next();
        assert_eq!(
            map.insert(key, value),
            model.insert(key, value),
            "{name}, grow: insert({key})"
        );
    }
    assert_matches_model::<F, _, _>(&map, &model, &probes, "after growth");

    // Drain to 1%, in a fixed order, also removing keys that are absent.
    let mut keys: Vec<u64> = model.keys().copied().collect();
    keys.sort_unstable();
    let keep = keys.len() / 100;
    for (i, key) in keys[keep..].iter().enumerate() {
        assert_eq!(
            map.remove(key),
            model.remove(key),
            "{name}, drain: remove({key})"
        );
        if i % 7 == 0 {
            let missing = n * 2 + rng.below(n);
            assert_eq!(
                map.remove(&missing),
                None,
                "{name}, drain: remove of an absent key"
            );
        }
    }
    assert_matches_model::<F, _, _>(&map, &model, &keys, "after draining to 1%");

    // Regrowth over a shifted key range.
    for _ in 0..n {
        let key = n + rng.below(n * 2);
        let value = rng.next();
        assert_eq!(
            map.insert(key, value),
            model.insert(key, value),
            "{name}, regrow: insert({key})"
        );
    }
    assert_matches_model::<F, _, _>(&map, &model, &probes, "after regrowth");

    // Churn: a random mix of every operation in a key space that keeps the
    // map at a steady size.
    for _ in 0..n * 3 {
        let key = rng.below(n * 3);
        match rng.below(8) {
            0..=2 => {
                let value = rng.next();
                assert_eq!(
                    map.insert(key, value),
                    model.insert(key, value),
                    "{name}, churn: insert({key})"
                );
            }
            3..=5 => {
                assert_eq!(
                    map.remove(&key),
                    model.remove(&key),
                    "{name}, churn: remove({key})"
                );
            }
            6 => {
                assert_eq!(map.get(&key), model.get(&key), "{name}, churn: get({key})");
            }
            _ => {
                let bump = rng.next();
                let ours = map.get_mut(&key).map(|v| {
                    *v ^= bump;
                    *v
                });
                let theirs = model.get_mut(&key).map(|v| {
                    *v ^= bump;
                    *v
                });
                assert_eq!(ours, theirs, "{name}, churn: get_mut({key})");
            }
        }
    }
    assert_matches_model::<F, _, _>(&map, &model, &probes, "after churn");

    // Drain to zero, then check the empty map still works.
    let keys: Vec<u64> = model.keys().copied().collect();
    for key in &keys {
        assert_eq!(
            map.remove(key),
            model.remove(key),
            "{name}, drain to zero: remove({key})"
        );
    }
    assert_matches_model::<F, _, _>(&map, &model, &keys, "after draining to zero");
    for key in 0..n / 10 {
        assert_eq!(
            map.insert(key, key),
            model.insert(key, key),
            "{name}, refill: insert({key})"
        );
    }
    assert_matches_model::<F, _, _>(&map, &model, &keys, "after refilling");
}

/// `get_mut` changes the stored value in place, and misses return `None`.
pub fn get_mut_updates_in_place<F: Family>() {
    let n = scaled(5_000, 200) as u64;
    let name = F::NAME;
    let mut map = F::Map::<u64, u64>::default();
    for key in 0..n {
        map.insert(key, key);
    }
    for key in (0..n).step_by(3) {
        *map.get_mut(&key)
            .unwrap_or_else(|| panic!("{name}: get_mut({key}) missed")) += 1_000_000;
    }
    for key in 0..n {
        let expected = if key % 3 == 0 { key + 1_000_000 } else { key };
        assert_eq!(
            map.get(&key),
            Some(&expected),
            "{name}: get({key}) after get_mut"
        );
    }
    assert!(
        map.get_mut(&(n + 1)).is_none(),
        "{name}: get_mut of an absent key"
    );
    assert_eq!(map.len(), n as usize, "{name}: get_mut must not change len");
}

/// `clear` empties the map, and the map works normally afterwards, through
/// several cycles.
pub fn clear_then_reuse<F: Family>() {
    let n = scaled(10_000, 200) as u64;
    let name = F::NAME;
    let mut map = F::Map::<u64, u64>::default();
    map.clear();
    assert!(map.is_empty(), "{name}: clear of a new map");
    for cycle in 0..3u64 {
        let base = cycle * n / 2;
        for key in base..base + n {
            assert_eq!(
                map.insert(key, key ^ cycle),
                None,
                "{name}, cycle {cycle}: insert({key})"
            );
        }
        assert_eq!(
            map.len(),
            n as usize,
            "{name}, cycle {cycle}: len before clear"
        );
        map.clear();
        assert_eq!(map.len(), 0, "{name}, cycle {cycle}: len after clear");
        for key in base..base + n {
            assert_eq!(
                map.get(&key),
                None,
                "{name}, cycle {cycle}: get({key}) after clear"
            );
        }
    }
    // After clear, inserting fewer entries than before must still work.
    for key in 0..n / 4 {
        map.insert(key, key);
    }
    for key in 0..n / 4 {
        assert_eq!(
            map.remove(&key),
            Some(key),
            "{name}: remove({key}) after reuse"
        );
    }
    assert!(map.is_empty(), "{name}: empty after removing everything");
}

/// Every key and every value is dropped exactly once: on overwrite (the
/// old value, and the duplicate key passed in), on remove, on clear, and
/// when the map itself is dropped. Keys own heap (a `String`).
pub fn drops_exactly_once<F: Family>() {
    let n = scaled(3_000, 100);
    let name = F::NAME;
    let log = DropLog::new();
    {
        let mut map = F::Map::<TrackedKey, TrackedValue>::default();
        let key = |i: usize| TrackedKey::new(&log, format!("key-{i}"));
        for i in 0..n {
            assert!(
                map.insert(key(i), TrackedValue::new(&log, i as u64))
                    .is_none(),
                "{name}: fresh insert"
            );
        }
        // Overwrite a third: the old value comes back, the new key is dropped.
        for i in (0..n).step_by(3) {
            let old = map
                .insert(key(i), TrackedValue::new(&log, (i + n) as u64))
                .unwrap_or_else(|| panic!("{name}: overwrite of key-{i} returned nothing"));
            assert_eq!(
                old.payload(),
                i as u64,
                "{name}: overwrite returned the wrong value"
            );
            let old_id = old.id();
            drop(old);
            assert_eq!(log.drops_of(old_id), 1, "{name}: old value dropped once");
        }
        // Remove a quarter.
        for i in (0..n).step_by(4) {
            let probe = key(i);
            let value = map
                .remove(&probe)
                .unwrap_or_else(|| panic!("{name}: remove(key-{i}) missed"));
            let id = value.id();
            drop(value);
            assert_eq!(log.drops_of(id), 1, "{name}: removed value dropped once");
        }
        // get_mut reaches the live values.
        for i in (1..n).step_by(4) {
            let probe = key(i);
            map.get_mut(&probe)
                .unwrap_or_else(|| panic!("{name}: get_mut(key-{i}) missed"))
                .set_payload(u64::MAX);
        }
        let live_before_clear = map.len();
        assert_eq!(
            live_before_clear,
            n - n.div_ceil(4),
            "{name}: len after removals"
        );
        // Clear half the lifetime through, then refill and drop the map.
        map.clear();
        assert_eq!(map.len(), 0, "{name}: len after clear");
        for i in 0..n / 2 {
            map.insert(key(i), TrackedValue::new(&log, i as u64));
        }
    }
    log.assert_all_dropped_once(name);
}

/// Zero-sized values: a map used as a set.
pub fn zero_sized_values<F: Family>() {
    let n = scaled(10_000, 200) as u64;
    let name = F::NAME;
    let mut map = F::Map::<u64, ()>::default();
    for key in 0..n {
        assert_eq!(map.insert(key * 7, ()), None, "{name}: insert({key})");
    }
    assert_eq!(
        map.insert(0, ()),
        Some(()),
        "{name}: overwrite of a unit value"
    );
    for key in 0..n {
        assert!(map.contains_key(&(key * 7)), "{name}: contains_key({key})");
        assert!(
            !map.contains_key(&(key * 7 + 1)),
            "{name}: absent key found"
        );
    }
    for key in 0..n {
        assert_eq!(map.remove(&(key * 7)), Some(()), "{name}: remove({key})");
    }
    assert!(map.is_empty(), "{name}: empty after removing all");
}

/// Zero-sized keys: the map holds at most one entry.
pub fn zero_sized_keys<F: Family>() {
    let name = F::NAME;
    let mut map = F::Map::<(), u64>::default();
    assert_eq!(map.get(&()), None, "{name}: get on an empty map");
    assert_eq!(map.insert((), 1), None, "{name}: first insert");
    assert_eq!(
        map.insert((), 2),
        Some(1),
        "{name}: second insert overwrites"
    );
    assert_eq!(map.len(), 1, "{name}: one entry at most");
    *map.get_mut(&()).expect("present") += 1;
    assert_eq!(map.remove(&()), Some(3), "{name}: remove");
    assert!(map.is_empty(), "{name}: empty after remove");
}

/// Large (4 KiB) values keep their contents through growth and removal.
pub fn large_values<F: Family>() {
    // Under Miri, 16 entries: two growths or more in every strategy, and a
    // table far past gen-map's 512-byte threshold there; most of the time
    // goes into filling and comparing 4 KiB per value.
    let n = scaled(2_000, 16) as u64;
    let name = F::NAME;
    let fill = |key: u64| {
        let mut value = [0u8; 4096];
        for (i, byte) in value.iter_mut().enumerate() {
            *byte = (key as usize).wrapping_mul(31).wrapping_add(i) as u8;
        }
        value
    };
    let mut map = F::Map::<u64, [u8; 4096]>::default();
    for key in 0..n {
        assert!(
            map.insert(key, fill(key)).is_none(),
            "{name}: insert({key})"
        );
    }
    for key in (0..n).step_by(2) {
        assert_eq!(
            map.remove(&key).map(|v| v == fill(key)),
            Some(true),
            "{name}: remove({key})"
        );
    }
    for key in 0..n {
        let found = map.get(&key).map(|v| *v == fill(key));
        let expected = (key % 2 == 1).then_some(true);
        assert_eq!(found, expected, "{name}: get({key})");
    }
}

/// A value that demands 64-byte alignment.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(align(64))]
pub struct CacheLine(pub u64);

/// Values aligned to 64 bytes are stored at 64-byte-aligned addresses.
pub fn over_aligned_values<F: Family>() {
    let n = scaled(3_000, 100) as u64;
    let name = F::NAME;
    let mut map = F::Map::<u64, CacheLine>::default();
    for key in 0..n {
        map.insert(key, CacheLine(key));
    }
    for key in 0..n {
        let value = map
            .get(&key)
            .unwrap_or_else(|| panic!("{name}: get({key}) missed"));
        assert_eq!(*value, CacheLine(key), "{name}: value of {key}");
        assert_eq!(
            (value as *const CacheLine as usize) % 64,
            0,
            "{name}: misaligned value"
        );
    }
    for key in 0..n {
        assert_eq!(
            map.remove(&key),
            Some(CacheLine(key)),
            "{name}: remove({key})"
        );
    }
}

/// A key whose hash is the same for every key: every entry collides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colliding(pub u32);

impl Hash for Colliding {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u32(0xC011_1DE5);
    }
}

/// A map whose keys all hash alike is slow but correct.
pub fn colliding_hashes<F: Family>() {
    let n = scaled(600, 40) as u32;
    let name = F::NAME;
    let mut map = F::Map::<Colliding, u32>::default();
    for key in 0..n {
        assert_eq!(
            map.insert(Colliding(key), key),
            None,
            "{name}: insert({key})"
        );
    }
    assert_eq!(map.insert(Colliding(0), 7), Some(0), "{name}: overwrite");
    for key in (0..n).step_by(2) {
        assert!(
            map.remove(&Colliding(key)).is_some(),
            "{name}: remove({key})"
        );
    }
    for key in 0..n {
        assert_eq!(
            map.get(&Colliding(key)).is_some(),
            key % 2 == 1,
            "{name}: get({key})"
        );
    }
    assert_eq!(map.len(), (n / 2) as usize, "{name}: len");
}

/// Keys that own heap (`String`) are found by value, not by address.
pub fn owned_string_keys<F: Family>() {
    let n = scaled(5_000, 100);
    let name = F::NAME;
    let mut map = F::Map::<String, usize>::default();
    for i in 0..n {
        map.insert(format!("k{i}"), i);
    }
    for i in 0..n {
        assert_eq!(map.get(&format!("k{i}")), Some(&i), "{name}: get(k{i})");
    }
    assert_eq!(map.get(&String::from("absent")), None, "{name}: absent key");
    for i in 0..n {
        assert_eq!(
            map.remove(&format!("k{i}")),
            Some(i),
            "{name}: remove(k{i})"
        );
    }
    assert!(map.is_empty(), "{name}: empty at the end");
}

/// Iteration visits every entry exactly once, with its current value,
/// after growth and after removals.
pub fn iteration_visits_every_entry_once<F: Family>()
where
    F::Map<u64, u64>: MapIter<u64, u64>,
{
    let n = scaled(20_000, 300) as u64;
    let name = F::NAME;
    let mut map = F::Map::<u64, u64>::default();
    let collect = |map: &F::Map<u64, u64>| {
        let mut seen = Vec::with_capacity(map.len());
        map.for_each_entry(|k, v| seen.push((*k, *v)));
        seen.sort_unstable();
        seen
    };
    assert!(
        collect(&map).is_empty(),
        "{name}: a new map iterates nothing"
    );
    for key in 0..n {
        map.insert(key, key * 2);
    }
    let expected: Vec<(u64, u64)> = (0..n).map(|k| (k, k * 2)).collect();
    assert_eq!(collect(&map), expected, "{name}: iteration after growth");
    for key in (0..n).filter(|k| k % 10 != 0) {
        map.remove(&key);
    }
    let expected: Vec<(u64, u64)> = (0..n).step_by(10).map(|k| (k, k * 2)).collect();
    assert_eq!(
        collect(&map),
        expected,
        "{name}: iteration after draining to 10%"
    );
}
