//! Throughput: REFERENCE.md's ns/op workload, plus churn.

use std::hint::black_box;
use std::time::Instant;

use map_api::{MapIter, MapStrategy};

use super::xorshift_keys;
use crate::records::{Op, ThroughputRecord, TimingSource};
use crate::values::BenchValue;

/// Times each operation over `n` xorshift keys, keeping the best of
/// `rounds` rounds:
///
/// - insert every key into an empty map;
/// - get every key (hits), then every key plus one (misses);
/// - iterate: visit every entry once (ns per entry);
/// - remove every key;
/// - churn: in a map refilled with the same keys, remove the oldest key and
///   insert a new one, `n` times. One churn op is a remove plus an insert.
///
/// The first four steps are REFERENCE.md's workload, in its order.
pub fn run<M, V>(strategy: &str, n: usize, rounds: usize) -> Vec<ThroughputRecord>
where
    M: MapStrategy<u64, V> + MapIter<u64, V> + Default,
    V: BenchValue,
{
    let keys = xorshift_keys(n * 2);
    let (first, fresh) = keys.split_at(n);
    let mut best = [f64::INFINITY; Op::TIMED.len()];
    for _ in 0..rounds.max(1) {
        for (slot, ns) in best.iter_mut().zip(one_round::<M, V>(first, fresh)) {
            *slot = slot.min(ns);
        }
    }
    Op::TIMED
        .iter()
        .zip(best)
        .map(|(&op, ns_per_op)| ThroughputRecord {
            strategy: strategy.to_string(),
            value: V::NAME.to_string(),
            n: n as u64,
            op,
            ns_per_op,
            source: TimingSource::Harness,
        })
        .collect()
}

/// ns/op of each step of one round over `keys` (churn then inserts
/// `fresh`, as many), in [`Op::TIMED`] order: the unit that
/// [`rounds::interleaved`](crate::rounds::interleaved) pairs between maps.
pub fn one_round<M, V>(keys: &[u64], fresh: &[u64]) -> [f64; Op::TIMED.len()]
where
    M: MapStrategy<u64, V> + MapIter<u64, V> + Default,
    V: BenchValue,
{
    let per_op = |start: Instant| start.elapsed().as_nanos() as f64 / keys.len() as f64;
    let mut map = M::default();

    let start = Instant::now();
    for &key in keys {
        map.insert(key, V::from_key(key));
    }
    let insert = per_op(start);

    let start = Instant::now();
    let mut digest = 0u64;
    for key in keys {
        digest ^= map.get(key).map_or(0, BenchValue::digest);
    }
    let get_hit = per_op(start);
    black_box(digest);

    let start = Instant::now();
    let mut misses = 0usize;
    for key in keys {
        misses += usize::from(map.get(&key.wrapping_add(1)).is_none());
    }
    let get_miss = per_op(start);
    black_box(misses);

    let start = Instant::now();
    let mut visited = 0u64;
    map.for_each_entry(|_, value| visited ^= value.digest());
    let iterate = per_op(start);
    black_box(visited);

    let start = Instant::now();
    for key in keys {
        black_box(map.remove(key));
    }
    let remove = per_op(start);
    drop(map);

    let mut map = M::default();
    for &key in keys {
        map.insert(key, V::from_key(key));
    }
    let start = Instant::now();
    for (old, &new) in keys.iter().zip(fresh) {
        black_box(map.remove(old));
        map.insert(new, V::from_key(new));
    }
    let churn = per_op(start);
    black_box(map.len());

    [insert, get_hit, get_miss, iterate, remove, churn]
}

#[cfg(test)]
mod tests {
    use map_baselines::HashbrownMap;

    use super::*;

    #[test]
    fn reports_every_timed_op() {
        let records = run::<HashbrownMap<u64, u64>, u64>("hashbrown", 1_000, 1);
        let ops: Vec<Op> = records.iter().map(|r| r.op).collect();
        assert_eq!(ops, Op::TIMED);
        assert!(
            records
                .iter()
                .all(|r| r.ns_per_op.is_finite() && r.ns_per_op >= 0.0)
        );
    }
}
