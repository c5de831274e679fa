//! One step of map-bench's throughput workload on its own, for callgrind
//! and cachegrind, whose instruction and miss counts are steadier than
//! timings on a shared machine.
//!
//! ```text
//! cargo build --release -p split-map --example split-map-hot
//! valgrind --tool=callgrind --toggle-collect='*split_map_hot*step_hit*' \
//!     target/release/examples/split-map-hot split hit 1000000
//! ```
//!
//! Arguments: MAP (`hashbrown` or `split`), OP (`insert`, `hit`, `miss`,
//! `remove`, `iterate` or `churn`) and N (default 1,000,000). Every run
//! fills the map with N xorshift keys through
//! `map_bench::workloads::throughput`, then runs OP once inside a function
//! named `step_<op>`, so that callgrind's `--toggle-collect` counts only
//! that step (`insert` counts the fill). Without the toggle, the cost of OP
//! is the run's count less an `insert` run's. `SPLIT_BUCKETS` sets
//! split-map's largest table; `SPLIT_STATS` prints its stats at the end.

use std::hint::black_box;

use map_api::{MapIter, MapStrategy};
use map_baselines::HashbrownMap;
use map_bench::workloads::throughput;
use map_bench::workloads::xorshift_keys;
use split_map::SplitMap;

#[inline(never)]
fn step_insert<M: MapStrategy<u64, u64>>(map: &mut M, keys: &[u64]) {
    throughput::insert_all(map, keys);
}

#[inline(never)]
fn step_hit<M: MapStrategy<u64, u64>>(map: &M, keys: &[u64]) -> u64 {
    throughput::get_hits(map, keys)
}

#[inline(never)]
fn step_miss<M: MapStrategy<u64, u64>>(map: &M, keys: &[u64]) -> usize {
    throughput::get_misses(map, keys)
}

#[inline(never)]
fn step_iterate<M: MapIter<u64, u64>>(map: &M) -> u64 {
    throughput::iterate(map)
}

#[inline(never)]
fn step_remove<M: MapStrategy<u64, u64>>(map: &mut M, keys: &[u64]) {
    throughput::remove_all(map, keys);
}

#[inline(never)]
fn step_churn<M: MapStrategy<u64, u64>>(map: &mut M, old: &[u64], fresh: &[u64]) {
    throughput::churn(map, old, fresh);
}

fn run<M: MapStrategy<u64, u64> + MapIter<u64, u64>>(
    mut map: M,
    op: &str,
    n: usize,
    describe: impl Fn(&M) -> String,
) {
    let keys = xorshift_keys(2 * n);
    let (keys, fresh) = keys.split_at(n);
    step_insert(&mut map, keys);
    match op {
        "insert" => {}
        "hit" => {
            black_box(step_hit(&map, keys));
        }
        "miss" => {
            black_box(step_miss(&map, keys));
        }
        "iterate" => {
            black_box(step_iterate(&map));
        }
        "remove" => step_remove(&mut map, keys),
        "churn" => step_churn(&mut map, keys, fresh),
        other => panic!("unknown op {other}: insert, hit, miss, iterate, remove or churn"),
    }
    println!("{op}: {} entries left", map.len());
    if std::env::var_os("SPLIT_STATS").is_some() {
        println!("{}", describe(&map));
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let map = args.next().unwrap_or_else(|| "split".into());
    let op = args.next().unwrap_or_else(|| "hit".into());
    let n = args.next().map_or(1_000_000, |n| n.parse().expect("N"));
    match map.as_str() {
        "hashbrown" => run(HashbrownMap::<u64, u64>::default(), &op, n, |m| {
            format!("{} bytes", m.heap_bytes())
        }),
        "split" => {
            let mut split = SplitMap::<u64, u64>::new();
            if let Ok(buckets) = std::env::var("SPLIT_BUCKETS") {
                split.set_max_table_buckets(buckets.parse().expect("SPLIT_BUCKETS"));
            }
            run(split, &op, n, |m| format!("{:?}", m.stats()));
        }
        other => panic!("unknown map {other}: hashbrown or split"),
    }
}
