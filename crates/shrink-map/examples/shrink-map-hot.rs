//! One step of the throughput workload on its own, for callgrind and
//! cachegrind, whose instruction counts are steadier than timings on a
//! shared machine.
//!
//! ```text
//! cargo build --release -p shrink-map --example shrink-map-hot
//! valgrind --tool=callgrind target/release/examples/shrink-map-hot shrink churn 1000000
//! ```
//!
//! Arguments: MAP (`hashbrown`, `shrink`, `shrink@lazy`, `shrink@tight` or
//! `shrink@never`), OP (`insert`,
//! `hit`, `miss`, `remove`, `iterate` or `churn`) and N (default
//! 1,000,000). Every run inserts N xorshift keys first, so the cost of OP
//! is the run's count minus that of an `insert` run. The steps are
//! map-bench's (`map_bench::workloads::throughput`), the ones the report
//! times.
//!
//! `shrink-map-hot paired ROUNDS [N]` instead times the whole throughput
//! round (`throughput::one_round`) for hashbrown, shrink-map and
//! shrink-map under `never`, all in this one process, over ROUNDS
//! interleaved rounds in rotating order (`map_bench::rounds`), and prints
//! each op's median (min–max) of the per-round ratios to hashbrown.

use std::hint::black_box;
use std::time::Instant;

use map_api::{MapIter, MapStrategy};
use map_baselines::HashbrownMap;
use map_bench::records::{Op, OpTimes};
use map_bench::rounds::{Spread, interleaved};
use map_bench::workloads::throughput::{
    churn, get_hits, get_misses, insert_all, iterate, one_round, remove_all,
};
use map_bench::workloads::xorshift_keys;
use shrink_map::{ShrinkMap, ShrinkPolicy};

fn run<M: MapStrategy<u64, u64> + MapIter<u64, u64>>(mut map: M, op: &str, n: usize) {
    let keys = xorshift_keys(2 * n);
    let (keys, fresh) = keys.split_at(n);
    let start = Instant::now();
    insert_all(&mut map, keys);
    let elapsed = start.elapsed();
    if op != "insert" {
        let start = Instant::now();
        match op {
            "hit" => drop(black_box(get_hits(&map, keys))),
            "miss" => drop(black_box(get_misses(&map, keys))),
            "remove" => remove_all(&mut map, keys),
            "iterate" => drop(black_box(iterate(&map))),
            "churn" => churn(&mut map, keys, fresh),
            other => panic!("op {other}"),
        }
        let elapsed = start.elapsed();
        println!("{op} {:.1} ns/op", elapsed.as_nanos() as f64 / n as f64);
    } else {
        println!("insert {:.1} ns/op", elapsed.as_nanos() as f64 / n as f64);
    }
    black_box(map.len());
}

/// One in-process round of the throughput workload: ns/op of each op.
fn round<M>(keys: &[u64], fresh: &[u64]) -> Vec<f64>
where
    M: MapStrategy<u64, u64> + MapIter<u64, u64> + Default,
{
    let (times, _) = one_round::<M, u64>(keys, fresh, 1);
    Op::TIMED
        .iter()
        .map(|&op| OpTimes::get(&times, op))
        .collect()
}

fn paired(rounds: usize, n: usize) {
    let keys = xorshift_keys(2 * n);
    let (keys, fresh) = keys.split_at(n);
    let mut hashbrown = || round::<HashbrownMap<u64, u64>>(keys, fresh);
    let mut shrink = || round::<ShrinkMap<u64, u64>>(keys, fresh);
    let mut never = || round::<NeverMap>(keys, fresh);
    let times = interleaved(rounds, &mut [&mut hashbrown, &mut shrink, &mut never]);
    println!(
        "{rounds} paired rounds in one process, {n} keys; ratio to hashbrown, median (min-max)"
    );
    for (slot, op) in Op::TIMED.iter().enumerate() {
        let show = |map: usize| {
            Spread::of_ratios(&times[map], &times[0], slot).map_or_else(
                || "-".to_string(),
                |s| format!("{:.2} ({:.2}-{:.2})", s.median, s.min, s.max),
            )
        };
        let ns = Spread::of(&times[0].iter().map(|t| t[slot]).collect::<Vec<_>>())
            .map_or(f64::NAN, |s| s.median);
        println!(
            "{op:?}: hashbrown {ns:.1} ns | shrink-map {} | shrink-map@never {}",
            show(1),
            show(2)
        );
    }
}

/// ShrinkMap under `ShrinkPolicy::never()`, constructible by `Default`:
/// the registry's own policy variant.
type NeverMap = map_registry::Variant<map_registry::ShrinkNever, u64, u64>;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("paired") {
        let rounds = args.get(2).map_or(7, |a| a.parse().expect("ROUNDS"));
        let n = args.get(3).map_or(1_000_000, |a| a.parse().expect("N"));
        paired(rounds, n);
        return;
    }
    let op = args.get(2).map_or("churn", String::as_str);
    let n: usize = args.get(3).map_or(1_000_000, |a| a.parse().expect("N"));
    match args.get(1).map_or("shrink", String::as_str) {
        "hashbrown" => run(HashbrownMap::<u64, u64>::default(), op, n),
        "shrink" => run(ShrinkMap::<u64, u64>::new(), op, n),
        "shrink@never" => run(
            ShrinkMap::<u64, u64>::with_policy(ShrinkPolicy::never()),
            op,
            n,
        ),
        "shrink@lazy" => run(
            ShrinkMap::<u64, u64>::with_policy(ShrinkPolicy::LAZY),
            op,
            n,
        ),
        "shrink@tight" => run(
            ShrinkMap::<u64, u64>::with_policy(ShrinkPolicy::TIGHT),
            op,
            n,
        ),
        other => panic!("map {other}"),
    }
}
