//! ns/op of ShrinkMap beside hashbrown + ahash on REFERENCE's throughput
//! workload, plus iteration and churn, as paired ratios.
//!
//! ```text
//! cargo run --release -p shrink-map --example throughput [-- N ROUNDS]
//! ```
//!
//! The workload is map-bench's (`map_bench::workloads::throughput`):
//! 1,000,000 xorshift64 keys, values equal to the keys; insert every key
//! into an empty map, get every key (hit), get every key + 1 (miss),
//! iterate, remove every key, then churn (remove the oldest, insert a fresh
//! key). The maps take turns round by round, the order rotating
//! (`map_bench::rounds::interleaved`), and each figure is the median of the
//! per-round ratios to hashbrown's figure from the same round, with the
//! range.

use map_baselines::HashbrownMap;
use map_bench::records::Op;
use map_bench::rounds::{Spread, interleaved};
use map_bench::workloads::{throughput, xorshift_keys};
use shrink_map::ShrinkMap;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(1_000_000, |a| a.parse().expect("N"));
    let rounds: usize = args.next().map_or(7, |a| a.parse().expect("ROUNDS"));
    let keys = xorshift_keys(2 * n);
    let (first, fresh) = keys.split_at(n);

    let mut hashbrown =
        || throughput::one_round::<HashbrownMap<u64, u64>, u64>(first, fresh).to_vec();
    let mut shrink = || throughput::one_round::<ShrinkMap<u64, u64>, u64>(first, fresh).to_vec();
    let times = interleaved(rounds, &mut [&mut hashbrown, &mut shrink]);

    println!("{n} xorshift u64 keys, u64 values, {rounds} interleaved rounds");
    println!("| op | hashbrown ns/op, median | shrink-map / hashbrown, median (min-max) |");
    println!("|---|---|---|");
    for (i, op) in Op::TIMED.iter().enumerate() {
        let base = Spread::of(&times[0].iter().map(|r| r[i]).collect::<Vec<_>>()).expect("rounds");
        let ratio = Spread::of_ratios(&times[1], &times[0], i).expect("rounds");
        println!(
            "| {} | {:.1} | {:.3} ({:.3}-{:.3}) |",
            op.label(),
            base.median,
            ratio.median,
            ratio.min,
            ratio.max
        );
    }
}
