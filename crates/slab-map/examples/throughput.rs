//! REFERENCE.md's throughput workload for slab-map beside hashbrown, in one
//! process, interleaved, best of five: insert into an empty map, get hit,
//! get miss, remove, churn (remove the oldest, insert a new key) and full
//! iteration, over 1,000,000 xorshift keys.
//!
//! `cargo run --release -p slab-map --example throughput [N]`

use std::hint::black_box;
use std::time::Instant;

use map_api::{MapIter, MapStrategy};
use map_baselines::HashbrownMap;
use map_baselines::XorShift64;
use slab_map::SlabMap;

const OPS: [&str; 6] = [
    "insert", "get hit", "get miss", "remove", "churn", "iterate",
];

fn round<M: MapStrategy<u64, u64> + MapIter<u64, u64> + Default>(
    keys: &[u64],
    fresh: &[u64],
) -> [f64; 6] {
    let n = keys.len() as f64;
    let per = |t: Instant| t.elapsed().as_nanos() as f64 / n;
    let mut map = M::default();
    let t = Instant::now();
    for &k in keys {
        map.insert(k, k);
    }
    let insert = per(t);
    let t = Instant::now();
    let hits: u64 = keys
        .iter()
        .map(|k| *map.get(k).unwrap_or(&0))
        .fold(0, |a, v| a ^ v);
    let get_hit = per(t);
    let t = Instant::now();
    let misses = keys
        .iter()
        .filter(|k| map.get(&k.wrapping_add(1)).is_none())
        .count();
    let get_miss = per(t);
    let t = Instant::now();
    let mut sum = 0u64;
    map.for_each_entry(|_, v| sum = sum.wrapping_add(*v));
    let iterate = per(t);
    black_box((hits, misses, sum));
    let t = Instant::now();
    for k in keys {
        black_box(map.remove(k));
    }
    let remove = per(t);
    let mut map = M::default();
    for &k in keys {
        map.insert(k, k);
    }
    let t = Instant::now();
    for (old, &new) in keys.iter().zip(fresh) {
        black_box(map.remove(old));
        map.insert(new, new);
    }
    let churn = per(t);
    [insert, get_hit, get_miss, remove, churn, iterate]
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = XorShift64::new(XorShift64::REFERENCE_SEED);
    let all: Vec<u64> = (0..2 * n).map(|_| rng.next()).collect();
    let (keys, fresh) = all.split_at(n);
    let (mut slab, mut brown) = ([f64::INFINITY; 6], [f64::INFINITY; 6]);
    for _ in 0..5 {
        for (best, now) in brown
            .iter_mut()
            .zip(round::<HashbrownMap<u64, u64>>(keys, fresh))
        {
            *best = best.min(now);
        }
        for (best, now) in slab.iter_mut().zip(round::<SlabMap<u64, u64>>(keys, fresh)) {
            *best = best.min(now);
        }
    }
    println!("u64 -> u64, N = {n}, ns/op, best of 5 interleaved rounds");
    println!(
        "{:<9} {:>10} {:>10} {:>7}",
        "op", "hashbrown", "slab-map", "ratio"
    );
    for (i, op) in OPS.iter().enumerate() {
        println!(
            "{op:<9} {:>10.1} {:>10.1} {:>7.2}",
            brown[i],
            slab[i],
            slab[i] / brown[i]
        );
    }
}
