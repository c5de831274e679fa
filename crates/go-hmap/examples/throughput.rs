//! REFERENCE.md's throughput workload on the port, `u64 -> u64` over
//! 1,000,000 xorshift keys, best of five rounds: insert into an empty map,
//! get every key, get every key plus one, remove every key.
//!
//! ```text
//! cargo run --release -p go-hmap --example throughput [N]
//! (cd scripts/go-reference && go run . -mode throughput -n 1000000)
//! ```
//!
//! The second command times the real Go map on the same keys; `map-report`
//! runs both in one session and sets them side by side.

use std::hint::black_box;
use std::time::Instant;

use go_hmap::GoMap;
use map_baselines::XorShift64;

const OPS: [&str; 4] = ["insert", "get hit", "get miss", "remove"];

fn round(keys: &[u64]) -> [f64; 4] {
    let per = |t: Instant| t.elapsed().as_nanos() as f64 / keys.len() as f64;
    let mut map = GoMap::new();
    let t = Instant::now();
    for &k in keys {
        map.insert(k, k);
    }
    let insert = per(t);
    let t = Instant::now();
    let hits = keys
        .iter()
        .fold(0, |acc, k| acc ^ map.get(k).copied().unwrap_or(0));
    let get_hit = per(t);
    let t = Instant::now();
    let misses = keys
        .iter()
        .filter(|&&k| map.get(&k.wrapping_add(1)).is_none())
        .count();
    let get_miss = per(t);
    black_box((hits, misses));
    let t = Instant::now();
    for k in keys {
        black_box(map.remove(k));
    }
    let remove = per(t);
    [insert, get_hit, get_miss, remove]
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = XorShift64::new(XorShift64::REFERENCE_SEED);
    let keys: Vec<u64> = (0..n).map(|_| rng.next()).collect();
    let mut best = [f64::INFINITY; 4];
    for _ in 0..5 {
        for (b, now) in best.iter_mut().zip(round(&keys)) {
            *b = b.min(now);
        }
    }
    println!("go-hmap, u64 -> u64, N = {n}, ns/op, best of 5");
    for (op, ns) in OPS.iter().zip(best) {
        println!("{op:<9} {ns:>8.1}");
    }
}
