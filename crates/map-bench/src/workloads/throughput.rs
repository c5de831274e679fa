//! Throughput: the reference ns/op workload (docs/reference.md), plus
//! iteration and churn.
//!
//! Each step is a function of its own, so that criterion's benches time
//! exactly what [`one_round`] times.

use std::hint::black_box;
use std::time::Instant;

use map_api::{MapIter, MapStrategy};

use crate::records::OpTimes;
use crate::values::BenchValue;

/// Inserts every key, with its value, into `map`.
pub fn insert_all<M: MapStrategy<u64, V>, V: BenchValue>(map: &mut M, keys: &[u64]) {
    for &key in keys {
        map.insert(key, V::from_key(key));
    }
}

/// Looks every key up (hits); returns a digest of the values found.
pub fn get_hits<M: MapStrategy<u64, V>, V: BenchValue>(map: &M, keys: &[u64]) -> u64 {
    keys.iter().fold(0, |digest, key| {
        digest ^ map.get(key).map_or(0, BenchValue::digest)
    })
}

/// Looks every key plus one up (misses, for xorshift keys); returns how
/// many missed.
pub fn get_misses<M: MapStrategy<u64, V>, V: BenchValue>(map: &M, keys: &[u64]) -> usize {
    keys.iter()
        .filter(|key| map.get(&key.wrapping_add(1)).is_none())
        .count()
}

/// Visits every entry; returns a digest of the values.
pub fn iterate<M: MapIter<u64, V>, V: BenchValue>(map: &M) -> u64 {
    let mut digest = 0u64;
    map.for_each_entry(|_, value| digest ^= value.digest());
    digest
}

/// Removes every key.
pub fn remove_all<M: MapStrategy<u64, V>, V: BenchValue>(map: &mut M, keys: &[u64]) {
    for key in keys {
        black_box(map.remove(key));
    }
}

/// In a map holding `old`, removes each old key and inserts the fresh key
/// of the same index: a sliding window, the map full throughout.
pub fn churn<M: MapStrategy<u64, V>, V: BenchValue>(map: &mut M, old: &[u64], fresh: &[u64]) {
    for (old, &new) in old.iter().zip(fresh) {
        black_box(map.remove(old));
        map.insert(new, V::from_key(new));
    }
}

/// How many times a round repeats the workload at `n` keys, so that it
/// times at least `ops` operations of each step: small maps finish in
/// microseconds, where a timer's resolution and one interrupt matter.
pub fn reps_for(n: usize, ops: usize) -> usize {
    ops.div_ceil(n.max(1)).max(1)
}

/// One round of the workload over `keys`, repeated `reps` times, with
/// `fresh` (as many keys) for churn:
///
/// - insert every key into an empty map;
/// - get every key (hits), then every key plus one (misses);
/// - iterate: visit every entry once (ns per entry);
/// - remove every key;
/// - churn: in a map refilled with the same keys, remove the oldest key and
///   insert a new one, `n` times. One churn op is a remove plus an insert.
///
/// The first four steps are docs/reference.md's workload, in its order.
/// Returns ns per operation of each step, and `heap_bytes()` when full
/// (from the first repetition). [`rounds::interleaved`](crate::rounds::interleaved)
/// pairs these between maps.
pub fn one_round<M, V>(keys: &[u64], fresh: &[u64], reps: usize) -> (OpTimes, u64)
where
    M: MapStrategy<u64, V> + MapIter<u64, V> + Default,
    V: BenchValue,
{
    let reps = reps.max(1);
    let mut nanos = [0u128; 6];
    let mut full_bytes = 0;
    let mut time = |slot: usize, start: Instant| nanos[slot] += start.elapsed().as_nanos();
    for rep in 0..reps {
        let mut map = M::default();
        let start = Instant::now();
        insert_all(&mut map, keys);
        time(0, start);
        if rep == 0 {
            full_bytes = map.heap_bytes() as u64;
        }

        let start = Instant::now();
        black_box(get_hits(&map, keys));
        time(1, start);

        let start = Instant::now();
        black_box(get_misses(&map, keys));
        time(2, start);

        let start = Instant::now();
        black_box(iterate(&map));
        time(3, start);

        let start = Instant::now();
        remove_all(&mut map, keys);
        time(4, start);
        drop(map);

        let mut map = M::default();
        insert_all(&mut map, keys);
        let start = Instant::now();
        churn(&mut map, keys, fresh);
        time(5, start);
        black_box(map.len());
    }
    let ops = (keys.len().max(1) * reps) as f64;
    let per_op = |slot: usize| nanos[slot] as f64 / ops;
    (
        OpTimes {
            insert: per_op(0),
            get_hit: per_op(1),
            get_miss: per_op(2),
            iterate: per_op(3),
            remove: per_op(4),
            churn: per_op(5),
        },
        full_bytes,
    )
}

#[cfg(test)]
mod tests {
    use map_baselines::HashbrownMap;

    use super::*;
    use crate::records::Op;
    use crate::workloads::xorshift_keys;

    #[test]
    fn times_every_step() {
        let keys = xorshift_keys(2_000);
        let (first, fresh) = keys.split_at(1_000);
        let (times, full) = one_round::<HashbrownMap<u64, u64>, u64>(first, fresh, 3);
        assert!(
            Op::TIMED
                .iter()
                .all(|&op| times.get(op).is_finite() && times.get(op) >= 0.0)
        );
        assert!(full > 1_000 * 16);
    }

    #[test]
    fn steps_do_what_they_say() {
        let keys = xorshift_keys(200);
        let (old, fresh) = keys.split_at(100);
        let mut map = HashbrownMap::<u64, u64>::default();
        insert_all(&mut map, old);
        assert_eq!(map.len(), 100);
        assert_eq!(get_misses(&map, old), 100);
        assert_eq!(
            get_hits(&map, old),
            old.iter().fold(0, |digest, key| digest ^ key)
        );
        assert_eq!(iterate(&map), get_hits(&map, old));
        churn(&mut map, old, fresh);
        assert!(fresh.iter().all(|key| map.get(key) == Some(key)));
        remove_all(&mut map, fresh);
        assert!(map.is_empty());
    }

    #[test]
    fn small_maps_repeat_to_a_million_operations() {
        assert_eq!(reps_for(1_000, 1_000_000), 1_000);
        assert_eq!(reps_for(65_536, 1_000_000), 16);
        assert_eq!(reps_for(8_000_000, 1_000_000), 1);
        assert_eq!(reps_for(0, 10), 10);
    }
}
