//! The measurements behind gen-map's shrink policy and its targets, beside
//! hashbrown + ahash in the same process (`docs/gen-map.md`).
//!
//! ```text
//! cargo run --release -p gen-map --example gen-map-sweep -- policy     [--n N] [--rounds R]
//! cargo run --release -p gen-map --example gen-map-sweep -- throughput [--n N] [--rounds R]
//! cargo run --release -p gen-map --example gen-map-sweep -- latency    [--n N] [--rounds R]
//! cargo run --release -p gen-map --example gen-map-sweep -- emptying   [--n N]
//! ```
//!
//! Every workload is map-bench's and every timing comes from map-bench's
//! paired, interleaved rounds (`map_bench::rounds`): each map runs once a
//! round, the order rotating, and each figure is the median, with the
//! range, of the per-round ratios to hashbrown + ahash from the same round.
//!
//! - `policy`: for each `ShrinkPolicy` swept, fill N (default 1M) xorshift
//!   `u64` keys and remove them all in a shuffled order
//!   (`map_bench::workloads::drain_levels`): bytes held at 10%, 1% and 0.1%
//!   left, entries migrated per removal, and ns per removal as a ratio to
//!   hashbrown draining the same keys.
//! - `throughput`: REFERENCE.md's workload (insert, get hit, get miss,
//!   remove, churn, iterate) through `map_bench::workloads::throughput`.
//! - `latency`: `map_bench::workloads::latency`'s samples, growing a
//!   `u64 -> [u64; 4]` map to N (default 2M) keys and draining it in a
//!   shuffled order: p99 and the worst op for each map.
//! - `emptying`: `heap_bytes()` (which `tests/emptying.rs` checks against
//!   dhat) after each way of emptying a map of N (default 300,000) `u64`s.

use std::cell::Cell;

use map_api::MapStrategy;
use map_baselines::HashbrownMap;
use map_bench::records::Op;
use map_bench::rounds::{Spread, interleaved};
use map_bench::workloads::drain_levels;
use map_bench::workloads::latency::{DrainOrder, FastestPerOp, samples};
use map_bench::workloads::{throughput, xorshift_keys};

use gen_map::{GenMap, Load, ShrinkPolicy};

/// The policies swept: `(shrink_below, shrink_to)`.
const POLICIES: [(u32, u32, u32, u32); 6] = [
    (1, 4, 1, 2),
    (1, 8, 1, 2),
    (1, 8, 3, 4),
    (1, 8, 1, 4),
    (1, 16, 1, 2),
    (1, 16, 1, 8),
];

const LEVELS: [f64; 3] = [0.1, 0.01, 0.001];

struct Args {
    mode: String,
    n: Option<usize>,
    rounds: usize,
}

fn args() -> Args {
    let mut it = std::env::args().skip(1);
    let mode = it.next().unwrap_or_else(|| "policy".into());
    let (mut n, mut rounds) = (None, 7);
    while let Some(flag) = it.next() {
        let value: usize = it
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{flag} needs a number"));
        match flag.as_str() {
            "--n" => n = Some(value),
            "--rounds" => rounds = value,
            other => panic!("unknown flag {other}"),
        }
    }
    Args { mode, n, rounds }
}

fn show(spread: Option<Spread>) -> String {
    spread.map_or("-".into(), |s| {
        format!("{:.2}x ({:.2}-{:.2})", s.median, s.min, s.max)
    })
}

fn main() {
    let args = args();
    match args.mode.as_str() {
        "policy" => policy(args.n.unwrap_or(1_000_000), args.rounds),
        "throughput" => throughput_ratios(args.n.unwrap_or(1_000_000), args.rounds),
        "latency" => latency(args.n.unwrap_or(2_000_000), args.rounds),
        "emptying" => emptying(args.n.unwrap_or(300_000) as u64),
        other => panic!("unknown mode {other}: policy, throughput, latency or emptying"),
    }
}

fn policy_of(&(a, b, c, d): &(u32, u32, u32, u32)) -> ShrinkPolicy {
    ShrinkPolicy {
        shrink_below: Load::new(a, b),
        shrink_to: Load::new(c, d),
        ..ShrinkPolicy::DEFAULT
    }
}

fn policy(n: usize, rounds: usize) {
    // Deterministic figures first: bytes at each level and entries moved.
    println!("drain of {n} xorshift u64 -> u64 in a shuffled order");
    println!("policy      | migrated/removal | bytes full | at 10% | at 1% | at 0.1% | empty");
    for p in &POLICIES {
        let migrated = Cell::new(0);
        let map = Counting {
            map: GenMap::with_policy(policy_of(p)),
            filled: None,
            migrated: &migrated,
        };
        let record = drain_levels::run(map, n, &LEVELS);
        let per_removal = migrated.get() as f64 / n as f64;
        let bytes: Vec<String> = record.levels.iter().map(|(_, b)| b.to_string()).collect();
        println!(
            "{}/{} -> {}/{} | {per_removal:.3} | {} | {} | {}",
            p.0,
            p.1,
            p.2,
            p.3,
            record.full_bytes,
            bytes.join(" | "),
            record.empty_bytes
        );
    }
    // Timings: ns per removal, paired with hashbrown in each round.
    let mut runs: Vec<Box<dyn FnMut() -> Vec<f64>>> = Vec::new();
    runs.push(Box::new(move || {
        vec![drain_levels::run(HashbrownMap::<u64, u64>::default(), n, &LEVELS).ns_per_remove]
    }));
    for p in POLICIES {
        runs.push(Box::new(move || {
            let map: GenMap<u64, u64> = GenMap::with_policy(policy_of(&p));
            vec![drain_levels::run(map, n, &LEVELS).ns_per_remove]
        }));
    }
    let mut refs: Vec<&mut dyn FnMut() -> Vec<f64>> =
        runs.iter_mut().map(|r| &mut **r as _).collect();
    let results = interleaved(rounds, &mut refs);
    let hb = Spread::of(&results[0].iter().map(|r| r[0]).collect::<Vec<_>>());
    println!(
        "removal ns/op, {rounds} rounds; hashbrown median {:.1} ns",
        hb.map_or(0.0, |s| s.median)
    );
    for (p, result) in POLICIES.iter().zip(&results[1..]) {
        println!(
            "{}/{} -> {}/{} | removal {} hashbrown",
            p.0,
            p.1,
            p.2,
            p.3,
            show(Spread::of_ratios(result, &results[0], 0))
        );
    }
}

/// A swept map that, when map-bench's drain drops it, records how many
/// entries its migrations moved.
struct Counting<'a> {
    map: GenMap<u64, u64>,
    /// `stats().migrated` at the first removal: what the fill moved.
    filled: Option<u64>,
    migrated: &'a Cell<u64>,
}

impl Drop for Counting<'_> {
    fn drop(&mut self) {
        let filled = self.filled.unwrap_or(0);
        self.migrated.set(self.map.stats().migrated - filled);
    }
}

impl MapStrategy<u64, u64> for Counting<'_> {
    fn insert(&mut self, key: u64, value: u64) -> Option<u64> {
        self.map.insert(key, value)
    }
    fn get(&self, key: &u64) -> Option<&u64> {
        self.map.get(key)
    }
    fn get_mut(&mut self, key: &u64) -> Option<&mut u64> {
        self.map.get_mut(key)
    }
    fn remove(&mut self, key: &u64) -> Option<u64> {
        if self.filled.is_none() {
            self.filled = Some(self.map.stats().migrated);
        }
        self.map.remove(key)
    }
    fn len(&self) -> usize {
        self.map.len()
    }
    fn clear(&mut self) {
        self.map.clear()
    }
    fn heap_bytes(&self) -> usize {
        self.map.heap_bytes()
    }
}

fn throughput_ratios(n: usize, rounds: usize) {
    let keys = xorshift_keys(n * 2);
    let (first, fresh) = keys.split_at(n);
    let mut hb = || {
        throughput::one_round::<HashbrownMap<u64, u64>, u64>(first, fresh, 1)
            .0
            .timed()
            .to_vec()
    };
    let mut gen_ = || {
        throughput::one_round::<GenMap<u64, u64>, u64>(first, fresh, 1)
            .0
            .timed()
            .to_vec()
    };
    let results = interleaved(rounds, &mut [&mut hb, &mut gen_]);
    println!("throughput, {n} xorshift u64 -> u64, {rounds} rounds, ratio to hashbrown:");
    for (i, op) in Op::TIMED.iter().enumerate() {
        let base = Spread::of(&results[0].iter().map(|r| r[i]).collect::<Vec<_>>());
        println!(
            "{op:?}: {} (hashbrown median {:.1} ns)",
            show(Spread::of_ratios(&results[1], &results[0], i)),
            base.map_or(0.0, |s| s.median)
        );
    }
}

fn latency(n: usize, rounds: usize) {
    let summary = |fastest: &mut FastestPerOp, (mut grow, mut drain): (Vec<u64>, Vec<u64>)| {
        fastest.add(&grow, &drain);
        let worst = grow.iter().chain(&drain).copied().max().unwrap_or(0) as f64;
        let mut all: Vec<u64> = grow.drain(..).chain(drain.drain(..)).collect();
        all.sort_unstable();
        let p99 = all[(all.len() * 99).div_ceil(100).max(1) - 1] as f64;
        vec![p99, worst]
    };
    let (mut hb_fastest, mut gen_fastest) = (FastestPerOp::default(), FastestPerOp::default());
    let mut hb = || {
        summary(
            &mut hb_fastest,
            samples::<HashbrownMap<u64, [u64; 4]>, [u64; 4]>(n, DrainOrder::Random),
        )
    };
    let mut gen_ = || {
        summary(
            &mut gen_fastest,
            samples::<GenMap<u64, [u64; 4]>, [u64; 4]>(n, DrainOrder::Random),
        )
    };
    let results = interleaved(rounds, &mut [&mut hb, &mut gen_]);
    println!("latency, grow to {n} u64 -> [u64; 4], drain in a shuffled order, {rounds} rounds");
    for (name, result) in [("hashbrown", &results[0]), ("gen-map", &results[1])] {
        for (i, what) in ["p99 ns", "worst ns"].iter().enumerate() {
            let s = Spread::of(&result.iter().map(|r| r[i]).collect::<Vec<_>>()).expect("rounds");
            println!(
                "{name} {what}: median {:.0} ({:.0}-{:.0})",
                s.median, s.min, s.max
            );
        }
    }
    println!(
        "gen-map worst / hashbrown worst: {}",
        show(Spread::of_ratios(&results[1], &results[0], 1))
    );
    // The slowest operation that was slow in every round: each operation's
    // fastest time over the rounds, then the slowest of those. Both maps'
    // pauses fall on the same operations in every round (FastestPerOp).
    let at = |fastest: &FastestPerOp| match fastest.slowest() {
        Some((at, ns)) if at < fastest.grow_len() => format!("{ns} ns (insert #{at})"),
        Some((at, ns)) => format!("{ns} ns (remove #{})", at - fastest.grow_len()),
        None => "none".to_string(),
    };
    println!(
        "repeatable worst (each op's fastest of {rounds} rounds, then the slowest op): \
         hashbrown {}, gen-map {}, ratio 1/{:.0}",
        at(&hb_fastest),
        at(&gen_fastest),
        hb_fastest.repeatable_worst() as f64 / gen_fastest.repeatable_worst().max(1) as f64
    );
}

fn emptying(n: u64) {
    let filled = || -> GenMap<u64, u64> { (0..n).map(|k| (k, k)).collect() };
    let report = |path: &str, map: &GenMap<u64, u64>| {
        let stats = map.stats();
        println!(
            "{path}: {} bytes, settle_writes {}",
            map.heap_bytes(),
            stats.settle_writes
        );
    };
    println!("{n} u64 -> u64, bytes once empty");
    let mut map = filled();
    for k in 0..n {
        map.remove(&k);
    }
    report("remove every key", &map);
    map.maintain(usize::MAX);
    report("  then maintain(usize::MAX)", &map);
    let mut map = filled();
    for k in 0..n {
        if let gen_map::Entry::Occupied(entry) = map.entry(k) {
            entry.remove();
        }
    }
    report("entry remove every key", &map);
    let mut map = filled();
    map.retain(|_, _| false);
    report("retain nothing", &map);
    let mut map = filled();
    map.drain().for_each(drop);
    report("drain", &map);
    let mut map = filled();
    map.clear();
    report("clear", &map);
    let mut map = filled();
    map.extract_if(|_, _| true).for_each(drop);
    report("extract_if everything", &map);
}
