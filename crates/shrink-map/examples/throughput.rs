//! ns/op of ShrinkMap beside hashbrown + ahash on REFERENCE.md's throughput
//! workload, plus churn, in the same process, best of several rounds.
//!
//! ```text
//! cargo run --release -p shrink-map --example throughput [-- N ROUNDS]
//! ```
//!
//! 1,000,000 xorshift64 keys (seed 0x9E3779B97F4A7C15), values equal to the
//! keys. Steps: insert every key into an empty map, get every key (hit),
//! get every key + 1 (miss), remove every key; churn: in a map refilled with
//! the same keys, remove the oldest and insert a fresh key, N times (one
//! churn op = one remove + one insert). The two maps alternate round by
//! round so that noise from other processes hits both sides.
//!
//! Besides the default policy, two others show where the time goes:
//! `never` (the policy check alone, no shrinks) and a lazier low-water
//! mark of 1/16 (fewer, smaller shrinks).

use std::hint::black_box;
use std::time::Instant;

use map_api::MapStrategy;
use map_baselines::HashbrownMap;
use map_baselines::XorShift64;
use shrink_map::{Load, ShrinkMap, ShrinkPolicy};

const OPS: [&str; 5] = ["insert", "get hit", "get miss", "remove", "churn"];

fn round<M: MapStrategy<u64, u64> + Default>(keys: &[u64], fresh: &[u64]) -> [f64; 5] {
    let per_op = |start: Instant| start.elapsed().as_nanos() as f64 / keys.len() as f64;
    let mut map = M::default();

    let start = Instant::now();
    for &key in keys {
        map.insert(key, key);
    }
    let insert = per_op(start);

    let start = Instant::now();
    let mut digest = 0u64;
    for key in keys {
        digest ^= map.get(key).copied().unwrap_or(0);
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
    for key in keys {
        black_box(map.remove(key));
    }
    let remove = per_op(start);
    drop(map);

    let mut map = M::default();
    for &key in keys {
        map.insert(key, key);
    }
    let start = Instant::now();
    for (old, &new) in keys.iter().zip(fresh) {
        black_box(map.remove(old));
        map.insert(new, new);
    }
    let churn = per_op(start);
    black_box(map.len());

    [insert, get_hit, get_miss, remove, churn]
}

/// A ShrinkMap whose `Default` uses another policy, so that `round` can
/// build it.
macro_rules! with_policy {
    ($name:ident, $policy:expr) => {
        struct $name(ShrinkMap<u64, u64>);
        impl Default for $name {
            fn default() -> Self {
                Self(ShrinkMap::with_policy($policy))
            }
        }
        impl MapStrategy<u64, u64> for $name {
            fn insert(&mut self, key: u64, value: u64) -> Option<u64> {
                self.0.insert(key, value)
            }
            fn get(&self, key: &u64) -> Option<&u64> {
                self.0.get(key)
            }
            fn get_mut(&mut self, key: &u64) -> Option<&mut u64> {
                self.0.get_mut(key)
            }
            fn remove(&mut self, key: &u64) -> Option<u64> {
                self.0.remove(key)
            }
            fn len(&self) -> usize {
                self.0.len()
            }
            fn clear(&mut self) {
                self.0.clear()
            }
            fn heap_bytes(&self) -> usize {
                self.0.heap_bytes()
            }
        }
    };
}

with_policy!(Never, ShrinkPolicy::never());
with_policy!(
    Lazy,
    ShrinkPolicy {
        shrink_below: Load::new(1, 16),
        shrink_to: Load::new(1, 2),
        min_capacity: 0,
    }
);

fn best(slot: &mut [f64; 5], round: [f64; 5]) {
    for (best, ns) in slot.iter_mut().zip(round) {
        *best = best.min(ns);
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(1_000_000, |a| a.parse().expect("N"));
    let rounds: usize = args.next().map_or(5, |a| a.parse().expect("ROUNDS"));
    let mut rng = XorShift64::new(XorShift64::REFERENCE_SEED);
    let all: Vec<u64> = (0..2 * n).map(|_| rng.next()).collect();
    let (keys, fresh) = all.split_at(n);

    let mut theirs = [f64::INFINITY; 5];
    let mut ours = [f64::INFINITY; 5];
    let mut never = [f64::INFINITY; 5];
    let mut lazy = [f64::INFINITY; 5];
    for _ in 0..rounds {
        best(&mut theirs, round::<HashbrownMap<u64, u64>>(keys, fresh));
        best(&mut ours, round::<ShrinkMap<u64, u64>>(keys, fresh));
        best(&mut never, round::<Never>(keys, fresh));
        best(&mut lazy, round::<Lazy>(keys, fresh));
    }
    println!(
        "{n} xorshift u64 keys, u64 values, best of {rounds} rounds, ns/op (ratio to hashbrown)"
    );
    println!(
        "{:<9} {:>9} {:>17} {:>17} {:>17}",
        "op", "hashbrown", "shrink-map", "policy never", "below 1/16"
    );
    for (i, op) in OPS.iter().enumerate() {
        let cell = |ns: f64| format!("{ns:.2} ({:.3})", ns / theirs[i]);
        println!(
            "{:<9} {:>9.2} {:>17} {:>17} {:>17}",
            op,
            theirs[i],
            cell(ours[i]),
            cell(never[i]),
            cell(lazy[i])
        );
    }
}
