//! Single-operation latency: the shrink pause beside hashbrown's resize
//! pause.
//!
//! ```text
//! cargo run --release -p shrink-map --example latency [-- N]
//! ```
//!
//! Grows a `u64 -> [u64; 4]` map to N (default 2,000,000) entries timing
//! every insert, then removes every entry timing every remove, for
//! hashbrown + ahash and for ShrinkMap, and prints percentiles and the
//! worst single operation. hashbrown never shrinks on its own, so its
//! explicit `shrink_to_fit` after the drain is timed too (one call). Keys
//! are xorshift64 values, inserted and removed in the same order.

use std::hint::black_box;
use std::time::Instant;

use map_api::MapStrategy;
use map_baselines::HashbrownMap;
use map_baselines::XorShift64;
use shrink_map::ShrinkMap;

type Value = [u64; 4];

struct Phase {
    ns: Vec<u64>,
}

impl Phase {
    fn percentile(&self, p: f64) -> u64 {
        let mut sorted = self.ns.clone();
        sorted.sort_unstable();
        let index = ((sorted.len() - 1) as f64 * p).round() as usize;
        sorted[index]
    }

    fn worst(&self) -> (u64, usize) {
        let (index, &ns) = self
            .ns
            .iter()
            .enumerate()
            .max_by_key(|&(_, &ns)| ns)
            .expect("ops were timed");
        (ns, index)
    }

    fn total_ms(&self) -> f64 {
        self.ns.iter().sum::<u64>() as f64 / 1e6
    }
}

fn time_ops<M: MapStrategy<u64, Value>>(map: &mut M, keys: &[u64]) -> (Phase, Phase) {
    let mut inserts = Vec::with_capacity(keys.len());
    for &key in keys {
        let start = Instant::now();
        map.insert(key, [key; 4]);
        inserts.push(start.elapsed().as_nanos() as u64);
    }
    let mut removes = Vec::with_capacity(keys.len());
    for key in keys {
        let start = Instant::now();
        black_box(map.remove(key));
        removes.push(start.elapsed().as_nanos() as u64);
    }
    (Phase { ns: inserts }, Phase { ns: removes })
}

fn report(map: &str, op: &str, phase: &Phase, len_at: impl Fn(usize) -> usize) {
    let (worst, index) = phase.worst();
    println!(
        "{map:<11} {op:<7} {:>8} {:>8} {:>8} {:>11.3} {:>10.1}   at len {}",
        phase.percentile(0.5),
        phase.percentile(0.99),
        phase.percentile(0.999),
        worst as f64 / 1e6,
        phase.total_ms(),
        len_at(index),
    );
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(2_000_000, |a| a.parse().expect("N"));
    let mut rng = XorShift64::new(XorShift64::REFERENCE_SEED);
    let keys: Vec<u64> = (0..n).map(|_| rng.next()).collect();

    println!(
        "{n} entries, u64 -> [u64; 4]: grow timing every insert, then drain timing every remove"
    );
    println!(
        "{:<11} {:<7} {:>8} {:>8} {:>8} {:>11} {:>10}   worst op",
        "map", "op", "p50 ns", "p99 ns", "p99.9 ns", "max ms", "total ms"
    );

    let mut hashbrown: HashbrownMap<u64, Value> = HashbrownMap::default();
    let (inserts, removes) = time_ops(&mut hashbrown, &keys);
    let start = Instant::now();
    hashbrown.shrink_to_fit();
    let explicit = start.elapsed();
    report("hashbrown", "insert", &inserts, |i| i + 1);
    report("hashbrown", "remove", &removes, |i| n - i - 1);
    println!(
        "hashbrown   shrink_to_fit() after the drain, one call: {:.3} ms",
        explicit.as_secs_f64() * 1e3
    );
    drop(hashbrown);

    let mut ours: ShrinkMap<u64, Value> = ShrinkMap::new();
    let (inserts, removes) = time_ops(&mut ours, &keys);
    report("shrink-map", "insert", &inserts, |i| i + 1);
    report("shrink-map", "remove", &removes, |i| n - i - 1);
    let stats = ours.stats();
    println!(
        "shrink-map  {} grows, {} shrinks, {} entries moved by shrinks, {} bytes left",
        stats.grows,
        stats.shrinks,
        stats.shrink_moves,
        ours.heap_bytes()
    );
}
