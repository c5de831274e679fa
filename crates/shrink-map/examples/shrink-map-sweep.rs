//! The shrink-threshold sweep of docs/shrink-map.md: what each policy
//! costs per removal and what it holds after draining to 10%, 1% and 0.1%.
//!
//! ```text
//! cargo run --release -p shrink-map --example shrink-map-sweep [-- N ROUNDS]
//! ```
//!
//! Each round runs map-bench's drain-levels workload
//! (`map_bench::workloads::drain_levels`: fill `N` xorshift `u64 -> u64`,
//! remove every key in a shuffled order) once for hashbrown + ahash and once
//! for each policy, the order rotating from round to round
//! (`map_bench::rounds::interleaved`). Removal cost is given as the median
//! of the per-round ratios to hashbrown's figure from the same round, with
//! the range; bytes are `heap_bytes()` (deterministic: the same every
//! round), and also as a multiple of a hashbrown table reserved for exactly
//! the survivors.

use map_api::layout::{buckets_for_capacity, raw_table_bytes};
use map_baselines::HashbrownMap;
use map_bench::rounds::{Spread, interleaved};
use map_bench::workloads::drain_levels::{self, DrainLevels};
use shrink_map::{Load, ShrinkMap, ShrinkPolicy};

const KEEP: [f64; 3] = [0.1, 0.01, 0.001];

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(1_000_000, |a| a.parse().expect("N"));
    let rounds: usize = args.next().map_or(7, |a| a.parse().expect("ROUNDS"));

    let policies: Vec<(&str, ShrinkPolicy)> = vec![
        ("1/4 -> 1/2 (TIGHT)", ShrinkPolicy::TIGHT),
        ("1/8 -> 1/4", policy(8, 4)),
        ("1/8 -> 1/2 (BALANCED, default)", ShrinkPolicy::BALANCED),
        ("1/16 -> 1/8", policy(16, 8)),
        ("1/16 -> 1/2 (LAZY)", ShrinkPolicy::LAZY),
        ("never", ShrinkPolicy::never()),
    ];

    // One closure per map; each returns [ns/remove] and keeps its last
    // record for the byte columns (identical every round).
    let mut records: Vec<Option<DrainLevels>> = vec![None; policies.len() + 1];
    let (baseline_slot, policy_slots) = records.split_first_mut().expect("slots");
    let mut baseline = || {
        let record = drain_levels::run(HashbrownMap::<u64, u64>::default(), n, &KEEP);
        let ns = record.ns_per_remove;
        *baseline_slot = Some(record);
        vec![ns]
    };
    let mut runs: Vec<Box<dyn FnMut() -> Vec<f64> + '_>> = Vec::new();
    for ((_, policy), slot) in policies.iter().zip(policy_slots.iter_mut()) {
        let policy = *policy;
        runs.push(Box::new(move || {
            let record = drain_levels::run(ShrinkMap::<u64, u64>::with_policy(policy), n, &KEEP);
            let ns = record.ns_per_remove;
            *slot = Some(record);
            vec![ns]
        }));
    }
    let mut all: Vec<&mut dyn FnMut() -> Vec<f64>> = vec![&mut baseline];
    for run in &mut runs {
        all.push(run.as_mut());
    }
    let times = interleaved(rounds, &mut all);
    drop(all);
    drop(runs);

    println!("n = {n}, {rounds} interleaved rounds, u64 -> u64, shuffled drain");
    let base = records[0].as_ref().expect("baseline ran");
    let base_ns = Spread::of(&times[0].iter().map(|r| r[0]).collect::<Vec<_>>()).expect("rounds");
    println!(
        "hashbrown: remove {:.1} ns/op median ({:.1}-{:.1}), holds {} B at every level",
        base_ns.median, base_ns.min, base_ns.max, base.full_bytes
    );
    println!();
    println!(
        "| policy | remove vs hashbrown, median (min-max) | after 10% | after 1% | after 0.1% | empty |"
    );
    println!("|---|---|---|---|---|---|");
    for (i, (name, _)) in policies.iter().enumerate() {
        let record = records[i + 1].as_ref().expect("policy ran");
        let ratio = Spread::of_ratios(&times[i + 1], &times[0], 0).expect("rounds");
        let levels: Vec<String> = record
            .levels
            .iter()
            .map(|&(kept, bytes)| {
                let survivors = (n as f64 * kept).round() as usize;
                let right = raw_table_bytes::<(u64, u64)>(buckets_for_capacity(survivors));
                format!("{bytes} B ({:.1}x)", bytes as f64 / right as f64)
            })
            .collect();
        println!(
            "| {name} | {:.2}x ({:.2}-{:.2}) | {} | {} B |",
            ratio.median,
            ratio.min,
            ratio.max,
            levels.join(" | "),
            record.empty_bytes
        );
    }
}

/// `shrink_below = 1/below`, `shrink_to = 1/to`.
fn policy(below: u32, to: u32) -> ShrinkPolicy {
    ShrinkPolicy {
        shrink_below: Load::new(1, below),
        shrink_to: Load::new(1, to),
        ..ShrinkPolicy::DEFAULT
    }
}
